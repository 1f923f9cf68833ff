"""Language per comment with py3langid, restricted to languages plausible in the surveys.

A survey of a US community is answered mostly in English and Spanish, and by smaller groups in
a few others; restricting the classifier to `PLAUSIBLE_LANGUAGES` removes the classic errors
on short text (English tagged as Latin or Tagalog-like noise tagged as Malay). Texts too short
to judge (fewer than `MIN_WORDS` words) or judged with confidence below `MIN_CONFIDENCE` get
"und" (undetermined, ISO 639-2). The classifier is deterministic: the same text always gets
the same answer.

Before the classifier, a script check: a text written mostly in one script that only a few
languages use (Arabic, Devanagari, Hangul, kana, Han, Cyrillic, Greek, Hebrew, Thai...) gets
that script's language, even when short, so such a comment is never read as English or Spanish
by a statistical model that was restricted away from its language. Latin-script texts go to
py3langid.

lingua-language-detector was measured as a replacement (with the first twelve languages below;
sample comments cut to their last 3, 4 or 6 words; 10,000 comments on two cores): py3langid
restricted to the plausible languages,
with the confidence floor below, decided as many short texts with as few errors (3 words:
99.9 % right on the 83 % it decided; lingua's high-accuracy mode 99.9 % on 84 %, its
low-accuracy mode 89.9 % on 94 %) and ran 1.8 times faster than lingua's high-accuracy mode
(5.6 s against 9.8 s for 10,000); lingua's low-accuracy mode was faster (3.4 s) but wrong ten
times as often. So py3langid stays.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd

from analyzer.pipelines.clean.normalize import fingerprint, per_distinct, word_counts
from analyzer.pipelines.workers import map_in_chunks

PLAUSIBLE_LANGUAGES = ("en", "es", "zh", "vi", "ko", "tl", "ar", "fr", "ru", "pt", "ht", "so",
                       "de", "it", "nl", "pl", "tr", "id", "da", "sv", "no", "ro", "hr", "sr",
                       "uk", "fa", "ur", "hi", "sw", "am")
"""English, Spanish, the languages most often spoken at home in US communities after them
(Chinese, Vietnamese, Korean, Tagalog, Arabic, French, Russian, Portuguese, Haitian Creole,
Somali), and the common languages of Europe, Turkey, Indonesia and East Africa.

The second half was added when a public parallel set (xSID 0.7, benchmarks/xsid.py) showed
German, Italian and Turkish requests read as "und" 78-80 % of the time with the first twelve
only; a comment of an unlisted language then kept main-language vectors and its speakers formed
a theme of their own. With this list German is found 91 %, Italian 83 %, Turkish 90 %, Dutch
91 %, Indonesian 92 %; English is never read as another language (0 of 1,879 sample comments,
0 of 1,800 cut to their last 3, 4 or 6 words), though more short English texts are "und"
(20 % of those cuts, 9 % before), which keeps them with the main language."""
UNDETERMINED = "und"
MIN_WORDS = 3
"""Texts with fewer words than this are "und" (two Chinese characters count as one word)."""
MIN_CONFIDENCE = 0.70
"""Probability, among the plausible languages, below which a text is "und"."""
MAX_CHARACTERS = 600
"""Only the start of a long text is read: enough to tell the language, and faster."""
PARALLEL_FROM = 4000
"""Distinct texts from which the work is shared between two processes."""


SCRIPT_LANGUAGES = (
    ((0x0600, 0x06FF), "ar"), ((0x0750, 0x077F), "ar"), ((0x08A0, 0x08FF), "ar"),
    ((0xFB50, 0xFDFF), "ar"), ((0xFE70, 0xFEFF), "ar"),
    ((0x0900, 0x097F), "hi"), ((0x0980, 0x09FF), "bn"), ((0x0A00, 0x0A7F), "pa"),
    ((0x0A80, 0x0AFF), "gu"), ((0x0B80, 0x0BFF), "ta"), ((0x0C00, 0x0C7F), "te"),
    ((0x0E00, 0x0E7F), "th"), ((0x0E80, 0x0EFF), "lo"), ((0x1780, 0x17FF), "km"),
    ((0x1000, 0x109F), "my"), ((0x10A0, 0x10FF), "ka"), ((0x0530, 0x058F), "hy"),
    ((0x0590, 0x05FF), "he"), ((0x1200, 0x137F), "am"), ((0x0370, 0x03FF), "el"),
    ((0x0400, 0x052F), "ru"),
    ((0x1100, 0x11FF), "ko"), ((0x3130, 0x318F), "ko"), ((0xAC00, 0xD7AF), "ko"),
    ((0x3040, 0x30FF), "ja"),
    ((0x3400, 0x4DBF), "zh"), ((0x4E00, 0x9FFF), "zh"), ((0xF900, 0xFAFF), "zh"),
)
"""Unicode blocks of scripts that name their language (or its most common one in US
communities: Cyrillic is read as Russian, Arabic script as Arabic, Devanagari as Hindi)."""
MIN_SCRIPT_SHARE = 0.6
"""Share of a text's letters in one such script above which the script decides."""
_NAMING_SCRIPT = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}"
                                           for (low, high), _ in SCRIPT_LANGUAGES) + "]")
"""Any character of those blocks. Most comments have none, and one search tells so: 0.06 s
for 93,088 synthetic and Polis comments, against 1.02 s for the loop over their letters."""


def script_language(text: str) -> str | None:
    """The language a text's script names, or None for Latin-script (or mixed) text.

    Japanese writes with Han characters and kana; any kana among Han reads as Japanese.

    >>> script_language("बस हमेशा देर से आती है"), script_language("The bus is late")
    ('hi', None)
    """
    if _NAMING_SCRIPT.search(text, 0, MAX_CHARACTERS) is None:
        return None
    letters = 0
    counts: dict[str, int] = {}
    for char in text[:MAX_CHARACTERS]:
        if not char.isalpha():
            continue
        letters += 1
        point = ord(char)
        if point < 0x0370:
            continue
        for (low, high), code in SCRIPT_LANGUAGES:
            if low <= point <= high:
                counts[code] = counts.get(code, 0) + 1
                break
    if counts.get("ja") and counts.get("zh"):
        counts["ja"] += counts.pop("zh")
    if not counts:
        return None
    code, count = max(counts.items(), key=lambda item: item[1])
    if count >= 2 and count >= MIN_SCRIPT_SHARE * letters:
        return code
    return None


@lru_cache(maxsize=4)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(identifier.nb_classes)
    identifier.set_languages([code for code in languages if code in known])
    return identifier


def detect_languages(texts: Sequence[str] | pd.Series,
                     languages: Sequence[str] = PLAUSIBLE_LANGUAGES) -> list[str]:
    """ISO 639-1 code per text, or "und" when the text is too short or unclear.

    >>> detect_languages(["The bus is always late in the morning", "ok"])
    ['en', 'und']
    """
    values = pd.Series(texts, dtype=object).fillna("").to_numpy(dtype=object)
    return languages_of(values, per_distinct(fingerprint, values), languages)


def languages_of(values: np.ndarray, keys: np.ndarray,
                 languages: Sequence[str] = PLAUSIBLE_LANGUAGES) -> list[str]:
    """`detect_languages` for texts whose fingerprints are already known."""
    if len(values) == 0:
        return []
    identifier = _identifier(tuple(languages))
    long_enough = word_counts(keys) >= MIN_WORDS

    def classify(texts: list[str]) -> list[str]:
        found = [identifier.classify(text[:MAX_CHARACTERS]) for text in texts]
        return [code if confidence >= MIN_CONFIDENCE else UNDETERMINED
                for code, confidence in found]

    positions, distinct = pd.factorize(values)
    scripts = [script_language(str(text)) for text in distinct]
    eligible = pd.Series(long_enough).groupby(positions).any().to_numpy()
    to_classify = [n for n, script in enumerate(scripts) if script is None and eligible[n]]
    classified = map_in_chunks(classify, [distinct[n] for n in to_classify], chunk_size=2000,
                               parallel_from=PARALLEL_FROM)
    by_distinct = [script or UNDETERMINED for script in scripts]
    for n, code in zip(to_classify, classified):
        by_distinct[n] = code
    return [by_distinct[position] if long_enough[row] or scripts[position] else UNDETERMINED
            for row, position in enumerate(positions)]
