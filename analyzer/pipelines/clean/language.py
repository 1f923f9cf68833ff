"""Language per comment with py3langid, restricted to languages plausible in the surveys.

A survey of a US community is answered mostly in English and Spanish, and by smaller groups in
a few others; restricting the classifier to `PLAUSIBLE_LANGUAGES` removes the classic errors
on short text (English tagged as Latin or Tagalog-like noise tagged as Malay). Texts too short
to judge (fewer than `MIN_WORDS` words) or judged with confidence below `MIN_CONFIDENCE` get
"und" (undetermined, ISO 639-2). The classifier is deterministic: the same text always gets
the same answer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd

from analyzer.pipelines.clean.normalize import fingerprint, per_distinct, word_counts
from analyzer.pipelines.workers import map_in_chunks

PLAUSIBLE_LANGUAGES = ("en", "es", "zh", "vi", "ko", "tl", "ar", "fr", "ru", "pt", "ht", "so")
"""English, Spanish, and the languages most often spoken at home in US communities after them
(Chinese, Vietnamese, Korean, Tagalog, Arabic, French, Russian, Portuguese, Haitian Creole,
Somali)."""
UNDETERMINED = "und"
MIN_WORDS = 3
"""Texts with fewer words than this are "und" (two Chinese characters count as one word)."""
MIN_CONFIDENCE = 0.70
"""Probability, among the plausible languages, below which a text is "und"."""
MAX_CHARACTERS = 600
"""Only the start of a long text is read: enough to tell the language, and faster."""
PARALLEL_FROM = 4000
"""Distinct texts from which the work is shared between two processes."""


@lru_cache(maxsize=4)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(identifier.nb_classes)
    identifier.set_languages([code for code in languages if code in known])
    return identifier


def detect_language(text: str, languages: Sequence[str] = PLAUSIBLE_LANGUAGES) -> str:
    """ISO 639-1 code of one (normalised) text, or "und"."""
    return detect_languages([text], languages)[0]


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

    positions, distinct = pd.factorize(values[long_enough])
    by_distinct = map_in_chunks(classify, list(distinct), chunk_size=2000,
                                parallel_from=PARALLEL_FROM)
    codes = [by_distinct[position] for position in positions]
    result = [UNDETERMINED] * len(values)
    for position, code in zip(long_enough.nonzero()[0], codes):
        result[position] = code
    return result
