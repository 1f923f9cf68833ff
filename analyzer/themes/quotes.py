"""Which comments a theme quotes: the best-ranked ones, never copies of each other, in several
voices.

A reader takes a theme's quotes as its several voices. Three copies of one form letter, or
three comments built from the same sentences, say one thing three times and hide what else
the theme holds. So, walking the theme's comments best first:

- a form-letter campaign (same non-empty `campaign_id`) is quoted at most once;
- a comment is skipped when it repeats a quote already chosen (`are_near_duplicates`: a
  whole sentence in common, or `similarity` at or above `NEAR_DUPLICATE_SIMILARITY` unless
  the two differ only by a negation: a statement and its opposite are both quoted);
- the quotes are spread across languages and then across the groups of the analysis's first
  group attribute: the best comment of the majority language and the largest group first,
  then the best of each other language, then of each other group, that holds at least
  `MIN_COMMENTS_FOR_A_QUOTE` comments in the theme (largest first), then the best remaining;
- comments of at least `MIN_REPRESENTATIVE_WORDS` words come before shorter ones.

A theme whose comments all repeat each other gets fewer quotes rather than copies. The
choice depends only on the ranking and the comments' columns, so it is deterministic.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError
from analyzer.themes.languages import LANGUAGE_ATTRIBUTE, UNDETERMINED

MIN_REPRESENTATIVE_WORDS = 5
"""Quotes prefer comments of at least this many words, as the fitted themes do."""
MIN_COMMENTS_FOR_A_QUOTE = 2
"""Comments a theme must hold in a language (or group) for one of them to be quoted as its
voice: a language or group with a single comment in the theme is not quoted on its own (the
writer would stand out)."""
NEAR_DUPLICATE_SIMILARITY = 0.6
"""Two comments are near-duplicates, and only the better-ranked one is quoted, when their
word sets overlap this much (`similarity`). Measured on the pairs of distinct texts within a
theme (`python -m benchmarks.quotes --pairs`, TF-IDF themes), checked by hand: on Polis
bowling-green (45,674 pairs) all 18 pairs at 0.7 or more and 8 of the 9 at 0.6-0.7 are one
statement submitted twice with small edits, while 5 of the 21 at 0.5-0.6 say something
different or the opposite (one statement and its negation; two goals for the city put in
the same words).
On the sample (80,304 pairs) the pairs at 0.6 or more repeat the same sentences. With these
rules (`python -m benchmarks.quotes`, TF-IDF) the sample's themes quoting near-duplicates
fell from 17 of 18 to 0, and its quotes span 2.7 roles on average instead of 2.1; on Polis
bowling-green 2.9 opinion groups instead of 1.8 (no theme quoted near-duplicates before)."""

NEGATIONS = frozenset({"not", "no", "never", "nor", "cannot", "none", "nothing", "nobody",
                       "without", "nunca", "ni", "nada", "sin", "jamás", "nicht", "kein",
                       "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "ohne",
                       "pas", "jamais", "sans", "aucun", "aucune"})
"""Words that turn a statement into its opposite (English, with "n't" read as "not", Spanish,
German, French). Two texts whose words differ by nothing but these ("the town should ban
phones" / "the town should not ban phones": 7 of 8 words in common) are both worth quoting,
so they are never near-duplicates. The rule is that narrow on purpose: a rule on whether each
text holds a negation at all let 105 of the sample's 929 near-duplicate pairs through (a
"dont" typed without its apostrophe, an added sentence with a "not"); this one lets none of
them through, nor any on Polis bowling-green."""

MIN_SHARED_SENTENCE_WORDS = 5
"""Two comments that share a whole sentence of at least this many words are near-duplicates
whatever else they say: quoted together they read as copies. On Polis bowling-green 6 of the
45,674 pairs within a theme share one, each a statement repeated inside a longer one (3 of
them under the word-set threshold); the sample builds many comments from the same sentences,
so there it keeps a theme's quotes from opening with the same words."""

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
_CONTRACTED = re.compile(r"\b(?:do|does|did|ca|wo|is|are|was|were|should|could|would|have|has|"
                         r"had|ai|must|need)n['’]?t\b")
"""English "n't", with or without its apostrophe as people type it ("dont", "can't"): read
as "not", so that it is one of the `NEGATIONS`."""


def pick_quotes(ranked: pd.DataFrame, n: int, *, group: str | None = None,
                keep: Sequence[str] = (),
                near_duplicate: float = NEAR_DUPLICATE_SIMILARITY) -> pd.DataFrame:
    """Up to `n` rows of `ranked` (a theme's comments, best first) to quote, in quoting order.

    `ranked` needs comment_id and text; text_redacted (compared when present, as that is what
    a reader sees), campaign_id, language and the column `group` are used when present.
    `keep`: comment ids already quoted that stay, first and in their order (those in
    `ranked`); the others are chosen around them, by the same rules.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ConfigError(f"the number of quotes n={n!r} should be a whole number >= 0.")
    if not 0 < near_duplicate <= 1:
        raise ConfigError(f"near_duplicate={near_duplicate!r} should be above 0 and at most 1.")
    if group is not None and group not in ranked:
        raise ConfigError(f"the group column '{group}' is not among the theme's comment "
                          f"columns ({', '.join(map(str, ranked.columns))}).")
    wordy = ranked["text"].astype(str).map(word_count) >= MIN_REPRESENTATIVE_WORDS
    ordered = pd.concat([ranked[wordy], ranked]).drop_duplicates("comment_id")
    languages = _Voice(ordered, "language", missing=UNDETERMINED)
    groups = _Voice(ordered, group, missing="")
    position = {cid: i for i, cid in enumerate(ordered["comment_id"].astype(str))}
    kept = [position[cid] for cid in dict.fromkeys(map(str, keep)) if cid in position]
    picker = _Picker(ordered, n, near_duplicate, {"language": languages, "group": groups},
                     kept[:n])
    if not picker.chosen:
        (picker.take(language=languages.largest, group=groups.largest)
         or picker.take(language=languages.largest) or picker.take())
    for name, voice in picker.voices.items():
        for value in voice.minor:
            if value not in picker.covered(name):
                picker.take(**{name: value})
    while picker.take(language=languages.largest):
        pass
    while picker.take():
        pass
    return ordered.iloc[picker.chosen]


def quote_group(group_columns: Sequence[str]) -> str | None:
    """The group attribute quotes are spread across: the analysis's first, other than the
    language of the comment (the languages are spread across anyway)."""
    return next((c for c in group_columns if c != LANGUAGE_ATTRIBUTE), None)


def similarity(a: str, b: str) -> float:
    """How much two texts say in the same words: the Jaccard similarity of their sets of
    lower-cased words (1.0 for the same words in any order, 0.0 for none in common).

    >>> similarity("The bus is late", "the BUS is late!")
    1.0
    >>> similarity("The bus is late", "The bus is early")
    0.6
    """
    return _jaccard(_words(a), _words(b))


def are_near_duplicates(a: str, b: str,
                        threshold: float = NEAR_DUPLICATE_SIMILARITY) -> bool:
    """Whether two texts say the same thing in nearly the same words: they share a sentence of
    `MIN_SHARED_SENTENCE_WORDS` words or more, or their `similarity` is at or above
    `threshold` and they differ by more than negations (`NEGATIONS`).

    >>> are_near_duplicates("We need a new library", "we need a NEW library!")
    True
    >>> are_near_duplicates("We need a new library", "We don't need a new library")
    False
    >>> are_near_duplicates("Hi. The gym roof leaks when it rains.", "The gym roof leaks when "
    ...                     "it rains! The music room is far too small for the whole band.")
    True
    """
    return _near(_Text(a), _Text(b), threshold)


def word_count(text: str) -> int:
    """Words in a text; a text written without spaces (Chinese, Japanese, Thai) counts one
    word per two characters."""
    words = text.split()
    return len(words) if len(words) > 1 else len(text.strip()) // 2


def _words(text: str) -> frozenset[str]:
    folded = _CONTRACTED.sub(" not ", text.casefold())
    found = _WORD.findall(folded)
    if len(found) <= 1 and len(text.strip()) > 3:  # one word, or a script without spaces:
        # compare pairs of characters, or two different one-word texts would share nothing
        letters = "".join(text.split())
        return frozenset(letters[i:i + 2] for i in range(len(letters) - 1))
    return frozenset(found)


class _Text:
    """A text as the near-duplicate rule reads it: its set of words and its long sentences."""

    __slots__ = ("words", "sentences")

    def __init__(self, text: str):
        self.words = _words(text)
        sentences = (_WORD.findall(s) for s in _SENTENCE_END.split(text.casefold()))
        self.sentences = frozenset(" ".join(words) for words in sentences
                                   if len(words) >= MIN_SHARED_SENTENCE_WORDS)


def _near(x: _Text, y: _Text, threshold: float) -> bool:
    if x.sentences & y.sentences:
        return True
    if _jaccard(x.words, y.words) < threshold:
        return False
    differ = x.words ^ y.words
    return not differ or not differ <= NEGATIONS


class _Voice:
    """One attribute quotes are spread across (language, or a group column): each comment's
    value, the most common value and the others with enough comments, largest first."""

    def __init__(self, ordered: pd.DataFrame, column: str | None, missing: str):
        present = column is not None and column in ordered
        self.values = (ordered[column].fillna(missing).astype(str).tolist() if present
                       else [missing] * len(ordered))
        counts = pd.Series([v for v in self.values if v != missing], dtype=object).value_counts()
        by_size = sorted(counts.index, key=lambda value: (-counts[value], value))
        self.largest: str | None = by_size[0] if by_size else None
        self.minor = [v for v in by_size[1:] if counts[v] >= MIN_COMMENTS_FOR_A_QUOTE]


class _Picker:
    """The quotes chosen so far (positions in `ordered`) and the rules a next one must pass."""

    def __init__(self, ordered: pd.DataFrame, n: int, near_duplicate: float,
                 voices: dict[str, _Voice], chosen: list[int]):
        self.n = n
        self.near_duplicate = near_duplicate
        self.voices = voices
        self.chosen = chosen
        column = "text_redacted" if "text_redacted" in ordered else "text"
        self.texts = ordered[column].astype(str).tolist()
        self._read: dict[int, _Text] = {}
        self.campaigns = (ordered["campaign_id"].fillna("").astype(str).tolist()
                          if "campaign_id" in ordered else [""] * len(ordered))

    def covered(self, name: str) -> set[str]:
        values = self.voices[name].values
        return {values[i] for i in self.chosen}

    def take(self, **wanted: str | None) -> bool:
        """Choose the best-ranked comment with the `wanted` values that passes the rules;
        False when there is none (a wanted None matches nothing) or `n` are chosen."""
        if len(self.chosen) >= self.n or None in wanted.values():
            return False
        for position in range(len(self.texts)):
            if all(self.voices[name].values[position] == value
                   for name, value in wanted.items()) and self._allowed(position):
                self.chosen.append(position)
                return True
        return False

    def _allowed(self, position: int) -> bool:
        if position in self.chosen:
            return False
        campaign = self.campaigns[position]
        if campaign and any(self.campaigns[i] == campaign for i in self.chosen):
            return False
        return not any(_near(self.read(position), self.read(i), self.near_duplicate)
                       for i in self.chosen)

    def read(self, position: int) -> _Text:
        """A comment as the near-duplicate rule reads it, read when first compared (most
        comments never are)."""
        if position not in self._read:
            self._read[position] = _Text(self.texts[position])
        return self._read[position]


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    if not x or not y:
        return float(x == y)
    return len(x & y) / len(x | y)


__all__ = ["MIN_COMMENTS_FOR_A_QUOTE", "MIN_REPRESENTATIVE_WORDS", "MIN_SHARED_SENTENCE_WORDS",
           "NEAR_DUPLICATE_SIMILARITY",
           "NEGATIONS", "are_near_duplicates", "pick_quotes", "quote_group", "similarity",
           "word_count"]
