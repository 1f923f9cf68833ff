"""Text repair: the form of a comment that every later stage reads.

`normalize_text` keeps a comment as the person wrote it, minus what the export added: mojibake
is repaired with ftfy ("donâ€™t" -> "don't"), HTML tags are stripped and entities unescaped
("<p>Buses&amp;routes</p>" -> "Buses&routes"), invisible characters (zero-width spaces,
byte-order marks, soft hyphens, direction marks, control codes) are removed and every run of
whitespace becomes one space. Case and punctuation are kept, for quotes and embeddings.

`fingerprint` is the matching key used by the other cleaning steps: case-folded, accents and
apostrophes dropped, punctuation turned into spaces ("No sé." -> "no se", "Don't!" -> "dont").

Exports repeat the same answers many times, so `per_distinct` runs a function once per
distinct text and spreads the results back.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from analyzer.pipelines.workers import NEVER_FORKED, map_in_chunks

_BLOCK_TAGS = ("address|article|aside|blockquote|body|br|dd|div|dl|dt|figcaption|figure|footer|"
               "h[1-6]|head|header|hr|html|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|"
               "th|thead|title|tr|ul")
_INLINE_TAGS = ("a|abbr|b|big|center|cite|code|del|em|font|i|img|ins|kbd|mark|o:p|q|s|small|"
                "span|strike|strong|sub|sup|u|wbr")
_ATTRIBUTES = r"(?:\s[^<>]*)?/?>"
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS}){_ATTRIBUTES}", re.IGNORECASE)
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_TAGS}){_ATTRIBUTES}", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
# Zero-width and direction marks, BOM, soft hyphen, and control codes other than whitespace.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
                        "\ufeff\x00-\x08\x0e-\x1b\x7f]")
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u0060\u00b4]")
_NON_WORD = re.compile(r"[\W_]+")


def normalize_text(text: str) -> str:
    """The comment with export damage repaired; "" when nothing readable is left.

    >>> normalize_text("  <p>Buses&amp;routes</p>\\u200b ")
    'Buses&routes'
    """
    if not isinstance(text, str):
        return ""
    if "<" in text:
        text = strip_tags(text)
    if "&" in text:
        text = _unescape(text)
        if "<" in text:
            text = strip_tags(text)
    if not text.isascii():
        text = _fix_encoding(text)
    text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def strip_tags(text: str) -> str:
    """Remove common HTML tags, scripts, styles and comments; block tags leave a space.

    Only known tag names are removed, so "a <b and c>" style prose and "x < y" survive.
    """
    text = _SCRIPT_OR_STYLE.sub(" ", text)
    text = _HTML_COMMENT.sub(" ", text)
    text = _BLOCK_TAG.sub(" ", text)
    return _INLINE_TAG.sub("", text)


def _unescape(text: str) -> str:
    """HTML entities to characters; twice at most, for exports that escaped them twice."""
    text = html.unescape(text)
    if _ENTITY.search(text):
        text = html.unescape(text)
    return text


@lru_cache(maxsize=1)
def _ftfy_config():
    import ftfy

    # Entities were handled already; a literal "&amp;" left after that is the person's text.
    return ftfy.TextFixerConfig(unescape_html=False, explain=False)


def _fix_encoding(text: str) -> str:
    import ftfy

    return ftfy.fix_text(text, _ftfy_config())


def fingerprint(text: str) -> str:
    """Matching key: case-folded, accents and apostrophes dropped, punctuation as spaces.

    >>> fingerprint("  No sé... ¡Don't KNOW!")
    'no se dont know'
    """
    if not isinstance(text, str):
        return ""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    text = _APOSTROPHES.sub("", text.casefold())
    return " ".join(_NON_WORD.sub(" ", text).split())


def per_distinct(func: Callable[[str], Any], texts: Sequence[str] | pd.Series) -> np.ndarray:
    """`func` applied to each text, computed once per distinct value (missing values as "")."""
    values = np.asarray(texts, dtype=object)
    if values.size == 0:
        return np.empty(0, dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        results[i] = func(value)
    results[-1] = func("")  # code -1: a missing value
    return results[codes]


def normalize_many(texts: Sequence[str] | pd.Series) -> list[str]:
    """`normalize_text` over many texts, once per distinct text: in this process, or as
    tasks on a cluster when a run set one (`analyzer.pipelines.workers.running_on`)."""
    values = np.asarray(texts, dtype=object)
    if values.size == 0:
        return []
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    normalized = np.empty(len(uniques) + 1, dtype=object)
    normalized[:-1] = map_in_chunks(_normalize_all, list(uniques), chunk_size=NORMALIZED_PER_TASK,
                                    parallel_from=NEVER_FORKED)
    normalized[-1] = normalize_text("")  # code -1: a missing value
    return normalized[codes].tolist()


NORMALIZED_PER_TASK = 5_000


def _normalize_all(texts: list[str]) -> list[str]:
    return [normalize_text(text) for text in texts]


def word_counts(fingerprints: Sequence[str]) -> np.ndarray:
    """Words per fingerprint; a run of Chinese or Japanese characters counts one word per two
    characters, since those scripts do not separate words with spaces."""
    return per_distinct(_word_count, fingerprints).astype(np.int64)


_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _word_count(key: str) -> int:
    n = len(key.split())
    if not key.isascii():
        n_cjk = len(_CJK.findall(key))
        if n_cjk:
            n += (n_cjk + 1) // 2 - len(re.findall(f"{_CJK.pattern}+", key))
    return n
