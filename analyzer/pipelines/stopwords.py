"""Words that never make a theme keyword or label: English, survey filler, and the stop words
of each language a corpus is written in.

`STOP_WORDS` is English (scikit-learn's list), a hand-written Spanish list and survey filler:
the set for a corpus whose languages are not known. `stop_words_for(languages)` is the set for
a corpus with known languages: English and survey filler always, plus the list of each
language present. A union of every language's list would be wrong for English text: French
"car" (because) and "son" (his) and Italian "come" (how) are English content words, so a
language's list only joins when the corpus holds comments in it.

The lists come from spaCy (`spacy/lang/<code>/stop_words.py`, no model needed), read on
first use only; Somali, which spaCy lacks, is written here. Each list is read as a plain
file, so asking for French does not import spaCy's French tokenizer exceptions (about 3 s).
A few words spaCy lists as stop words say what a survey answer is about ("tarde", "apoio",
"安全", and "stop" in English text); `KEPT_CONTENT_WORDS` keeps them, and thanks ("merci",
"obrigado") stay countable as "thanks" does in English. Measured on the sample's English
comments, adding one language's list removes 0.01-0.15 % of their keyword words (French 0.88 %
before "stop" and "different" were kept; "son" and "car" still go when French is present).

Vietnamese entries of several syllables ("ai_nấy") become two-word phrases ("ai nấy"), which
`analyzer.pipelines.terms.keyword_terms` drops as pairs. Chinese text has no spaces;
`HAN_FUNCTION_CHARACTERS` are the grammatical characters whose character pairs carry nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = ["HAN_FUNCTION_CHARACTERS", "KEPT_CONTENT_WORDS", "SOMALI", "SPANISH", "STOP_WORDS",
           "SURVEY_FILLER", "language_stop_words", "listed_stop_words", "stop_words_for"]

SPANISH = frozenset("""
a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante
e el ella ellas ellos en entre era eran es esa esas ese eso esos esta estaba estado estan
estar este esto estos fue fueron ha hay la las le les lo los mas me mi mis mucho muy nada ni
no nos nosotros o os otra otro para pero poco por porque que quien se sea ser si sido sin
sobre son su sus también tambien te tiene tienen todo todos tu un una uno unos y ya yo
más está están estás qué sí él aquí solo sólo ojalá ojala hacer hace favor
""".split())
"""Common Spanish function words: the Spanish part of `STOP_WORDS` (languages unknown), and
added to spaCy's Spanish list (which lacks "favor", "ojalá", "ojala" and "estás") wherever
Spanish is known, for keywords and name redaction alike (`listed_stop_words`)."""

SOMALI = frozenset("""
iyo ama ee oo waa ka ku u la ay uu ah ma aan ayaa ayuu ayay waxa waxaa waxay wuxuu waxaan
si ugu aad kale ahaa ahayd yahay tahay ahay haddii hadii laakiin sida kuma kala isku iska
ilaa markii marka lagu loo laga waan mid kan kani taas tan kuwa kuwan ayaan baa baan buu
bay maxaa sidee halkan halkaas hadda weli sidoo kaloo
""".split())
"""Somali function words (spaCy has no Somali list)."""

SURVEY_FILLER = frozenset("""
think feel really just like would could should also get got make lot lots thing things
want need needs please maybe much many way ve ll don doesn isn aren didn won wasn im
email phone name address url
dont doesnt didnt cant wont isnt arent wasnt werent im ive id thats theyre theres youre
lets ok okay yes
""".split())

STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | SPANISH | SURVEY_FILLER
"""English, Spanish and survey filler: the set when a corpus's languages are not known."""

KEPT_CONTENT_WORDS: dict[str, frozenset[str]] = {
    "es": frozenset({"tarde", "temprano"}),
    "pt": frozenset({"apoio", "conselho", "sistema", "grupo", "tempo", "local", "caminho",
                     "falta", "área", "tarde", "cedo", "obrigado", "obrigada"}),
    "fr": frozenset({"merci", "retour", "ouvert", "ouverte", "ouverts", "stop", "different"}),
    "ht": frozenset({"mèsi"}),
    "zh": frozenset({"安全", "方便"}),
    "vi": frozenset({"ăn", "nước"}),
}
"""Words spaCy lists as stop words that name what a comment is about, in the language or in
English ("stop": on the sample's English comments, French's list would remove "bus stop"
133 times); never removed."""

HAN_FUNCTION_CHARACTERS = frozenset("的了是在和很也都就我你他她它们这那"
                                    "吗吧呢啊把被给对与及或而之其")
"""Chinese characters that are grammar, not subject: a character pair holding one says nothing."""

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
_BASE = frozenset(ENGLISH_STOP_WORDS) | SURVEY_FILLER


def stop_words_for(languages: Iterable[str]) -> frozenset[str]:
    """English and survey filler, plus the stop words of each language in `languages` (ISO
    639-1 codes such as "fr"; "und", "en" and codes without a list add nothing).

    >>> french = stop_words_for(["en", "fr", "und"])
    >>> "car" in stop_words_for(["en"]), "car" in french, "the" in french
    (False, True, True)
    """
    if isinstance(languages, str):
        raise TypeError(f"languages should be a collection of codes, got the string "
                        f"{languages!r}; pass [{languages!r}]")
    codes = frozenset(str(code).strip().casefold() for code in languages)
    return _stop_words_of(frozenset(c for c in codes if _LANGUAGE_CODE.fullmatch(c)))


@lru_cache(maxsize=64)
def _stop_words_of(codes: frozenset[str]) -> frozenset[str]:
    words = set(_BASE)
    for code in sorted(codes):
        words |= language_stop_words(code)
    return frozenset(words)


@lru_cache(maxsize=128)
def language_stop_words(code: str) -> frozenset[str]:
    """One language's stop words, lower-case, `KEPT_CONTENT_WORDS` left out; empty when no
    list is known for `code`.

    >>> "avec" in language_stop_words("fr"), len(language_stop_words("xx-unknown"))
    (True, 0)
    """
    words = frozenset(ENGLISH_STOP_WORDS) if code == "en" else listed_stop_words(code)
    words = {w.casefold().replace("_", " ") for w in words if w.strip()}
    return frozenset(words - KEPT_CONTENT_WORDS.get(code, frozenset()))


@lru_cache(maxsize=128)
def listed_stop_words(code: str) -> frozenset[str]:
    """One language's stop words as listed: spaCy's (with `SPANISH` added for "es"; `SOMALI`
    for "so"), content words such as "tarde" included. The one source of each language's
    list: keywords take it through `language_stop_words`, and name redaction
    (`analyzer.pipelines.pii`) reads the English and Spanish lists as words that are not names.

    >>> "favor" in listed_stop_words("es"), "tarde" in listed_stop_words("es")
    (True, True)
    """
    if code == "so":
        return SOMALI
    words = _spacy_list(code) if _LANGUAGE_CODE.fullmatch(code) else frozenset()
    return words | SPANISH if code == "es" else words


def _spacy_list(code: str) -> frozenset[str]:
    """spaCy's stop list for `code`, read from its file without importing the language."""
    package = importlib.util.find_spec("spacy")
    if package is None or not package.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(package.submodule_search_locations))) / "lang" / code / "stop_words.py"
    if not path.is_file():
        return frozenset()
    spec = importlib.util.spec_from_file_location(f"_spacy_stop_words_{code}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError:  # a list that imports its package: load it the ordinary way
        module = importlib.import_module(f"spacy.lang.{code}.stop_words")
    return frozenset(str(w) for w in getattr(module, "STOP_WORDS", ()))
