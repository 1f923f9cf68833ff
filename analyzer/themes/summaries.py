"""One sentence per theme, taken from its own comments: an extractive summary.

A facilitator reading a theme's card wants a line that says what the theme is about in the
words of the people who wrote in. A language model would write one; this picks one instead,
so every word on the card was written by a participant (and redacted like any quote).

The method, per theme:

1. Its comments are split into sentences. Copies count once: comments of one campaign
   (a shared `campaign_id`) are one voice, and so are comments with the same text, so a form
   letter sent 150 times does not outweigh 20 people writing in their own words.
2. Every sentence of every theme gets a TF-IDF vector (word unigrams and bigrams, fitted on
   all themes' sentences together, so a phrase found across themes weighs little).
3. A sentence scores by how close it lies to its theme's centre (the mean of the theme's
   sentence vectors, each weighted by the comments holding it) minus how close it lies to
   the centre of every other theme's sentences: the openers and sign-offs everyone writes
   ("Thank you for asking") sit near both and score low. The share of the theme's keywords
   the sentence holds is added, so the sentence speaks the theme's words.
4. Only sentences of `min_words` to `max_words` words are chosen while any exists, and never
   one that is mostly redaction placeholders ([NAME], [PHONE]); a campaign's sentence only
   when no independent one qualifies. Ties go to the sentence seen first, so the choice is
   the same on every run.

Measured on the bundled sample (`python -m benchmarks.summaries`, TF-IDF themes): all 18
summaries come from a comment planted on the theme's majority topic, and every comment holding
the chosen sentence was planted on it. The sample's themes are clean enough that the first
8-30-word sentence of a theme's first comment scores the same there; the contrast with the
other themes is what keeps shared openers out (tests/test_summaries.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from analyzer.constraints import Interval, WholeNumber, validate
from analyzer.errors import ConfigError
from analyzer.themes.result import AnalysisResult

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|[\r\n]+")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "sr", "sra", "srta", "prof", "vs",
                            "etc", "e.g", "i.e", "no", "ave"})
"""Words whose full stop ends no sentence ("Ms. [NAME] said"), lower-cased, without it."""
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_ ]*\]")
"""What the redactor writes in place of a personal detail: [NAME], [PHONE], [EMAIL]..."""
_WORD = re.compile(r"\w+(?:['’]\w+)*|\[[A-Z][A-Z_ ]*\]")


@dataclass(frozen=True)
class Summary:
    """The chosen sentence and the comment it was taken from (its first one, in input
    order, when several comments share the sentence)."""

    sentence: str
    comment_id: str


@dataclass(frozen=True)
class SummaryPicker:
    """Chooses each theme's summary sentence (see the module docstring for how).

    min_words, max_words: the length a summary sentence should have; shorter and longer
        ones are chosen only when a theme has no sentence in between.
    max_placeholder_share: the largest share of a sentence's words that may be redaction
        placeholders ("Call [NAME] on [PHONE]" is half placeholders and is never chosen).
    keyword_weight: how much the share of the theme's keywords a sentence holds adds to its
        score (closeness to the centres lies between -1 and 1).
    """

    min_words: int = 8
    max_words: int = 30
    max_placeholder_share: float = 0.25
    keyword_weight: float = 0.5

    def __post_init__(self) -> None:
        validate(self, SUMMARY_CONSTRAINTS)
        if not 1 <= self.min_words <= self.max_words:
            raise ConfigError(f"min_words={self.min_words} and max_words={self.max_words} "
                              "should satisfy 1 <= min_words <= max_words.")

    def pick(self, comments: Mapping[int, Sequence[tuple[str, str, str]]],
             keywords: Mapping[int, Sequence[str]] | None = None) -> dict[int, Summary | None]:
        """The summary of each theme: `comments` maps a theme id to its comments as
        (comment_id, redacted text, campaign_id or '') triples; `keywords` its keywords,
        best first. A theme without a usable sentence gets None."""
        keywords = keywords or {}
        candidates = {theme: _sentences_of(rows) for theme, rows in comments.items()}
        everything = [s for theme in candidates for s in candidates[theme]]
        if not everything:
            return {theme: None for theme in comments}
        vectors = _tfidf([s.text for s in everything])
        owner = np.array([s_theme for s_theme in candidates for _ in candidates[s_theme]])
        voices = np.array([s.voices for s in everything], dtype=float)
        summaries = {}
        for theme, sentences in candidates.items():
            mine = owner == theme
            if not mine.any():
                summaries[theme] = None
                continue
            scores = _centre_closeness(vectors, voices, mine) + self.keyword_weight * np.array(
                [_keyword_share(s.text, keywords.get(theme, ())) for s in sentences])
            summaries[theme] = self._best(sentences, scores)
        return summaries

    def _best(self, sentences: list[_Sentence], scores: np.ndarray) -> Summary | None:
        words = np.array([s.words for s in sentences])
        placeholders = np.array([s.placeholders for s in sentences])
        readable = placeholders <= self.max_placeholder_share * words
        fits = (words >= self.min_words) & (words <= self.max_words)
        independent = np.array([not s.campaign_only for s in sentences])
        for allowed in (readable & fits & independent, readable & fits, readable & independent,
                        readable):
            if allowed.any():
                masked = np.where(allowed, scores, -np.inf)
                best = int(np.argmax(masked))  # the first of equal scores: stable
                return Summary(sentences[best].text, sentences[best].comment_id)
        return None


SUMMARY_CONSTRAINTS = {"min_words": WholeNumber(), "max_words": WholeNumber(),
                       "max_placeholder_share": Interval(0, 1),
                       "keyword_weight": Interval(0, None)}


def theme_rows(result: AnalysisResult) -> dict[int, list[tuple[str, str, str]]]:
    """(comment_id, redacted text, campaign_id) of each real theme's comments, in the
    comments' order: what `summarise_themes` reads from an analysis."""
    comments = result.comments[result.comments["theme_id"] >= 0]
    if "campaign_id" not in comments:
        comments = comments.assign(campaign_id="")
    return {int(theme_id): list(zip(group["comment_id"].astype(str),
                                    group["text_redacted"].astype(str),
                                    group["campaign_id"].fillna("").astype(str)))
            for theme_id, group in comments.groupby("theme_id", sort=True)}


def summarise_result(result: AnalysisResult, **settings) -> dict[int, Summary | None]:
    """Each real theme's summary sentence, read from its own comments."""
    return summarise_themes(theme_rows(result), {t.theme_id: t.keywords for t in result.themes},
                            **settings)


def summarise_themes(comments: Mapping[int, Sequence[tuple[str, str, str]]],
                     keywords: Mapping[int, Sequence[str]] | None = None,
                     **settings) -> dict[int, Summary | None]:
    """`SummaryPicker(**settings).pick(comments, keywords)`."""
    return SummaryPicker(**settings).pick(comments, keywords)


@dataclass
class _Sentence:
    text: str
    comment_id: str
    words: int
    placeholders: int
    campaign_only: bool
    """Every comment holding this sentence is a campaign copy."""
    voices: int
    """Distinct comments (a campaign counting once) that hold the sentence."""


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, cut after . ! ? … (and at line breaks), not after a title
    such as "Ms." or "Dr.".

    >>> split_sentences("Ms. [NAME] helps. The bus is late!  Why?")
    ['Ms. [NAME] helps.', 'The bus is late!', 'Why?']
    """
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start:match.start()] + match.group().strip()
        last_word = piece.rstrip(".").rsplit(maxsplit=1)[-1:] or [""]
        if piece.endswith(".") and last_word[0].lower() in _ABBREVIATIONS:
            continue
        pieces.append(text[start:match.end()])
        start = match.end()
    pieces.append(text[start:])
    return [" ".join(piece.split()) for piece in pieces if piece.strip()]


def _sentences_of(rows: Sequence[tuple[str, str, str]]) -> list[_Sentence]:
    """The theme's distinct sentences, each once, in the order first seen; a campaign's
    comments and comments of one text count once."""
    seen_voices: set[str] = set()
    found: dict[str, _Sentence] = {}
    for comment_id, text, campaign_id in rows:
        text = str(text)
        voice = (f"campaign:{campaign_id}" if campaign_id
                 else "text:" + " ".join(text.lower().split()))
        if voice in seen_voices:
            continue
        seen_voices.add(voice)
        for sentence in split_sentences(text):
            key = sentence.lower()
            if key in found:
                found[key].campaign_only &= bool(campaign_id)
                found[key].voices += 1
                continue
            tokens = _WORD.findall(sentence)
            found[key] = _Sentence(sentence, str(comment_id), len(tokens),
                                   sum(bool(_PLACEHOLDER.fullmatch(t)) for t in tokens),
                                   bool(campaign_id), 1)
    return list(found.values())


def _tfidf(texts: list[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    # Placeholders are no words of the writer's: "[NAME]" must not make two sentences alike.
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True,
                                 preprocessor=lambda t: _PLACEHOLDER.sub(" ", t).lower())
    try:
        return vectorizer.fit_transform(texts)
    except ValueError:  # no word at all (only placeholders and punctuation)
        from scipy.sparse import csr_matrix

        return csr_matrix((len(texts), 1))


def _centre_closeness(vectors, voices: np.ndarray, mine: np.ndarray) -> np.ndarray:
    """For the sentences `mine` of `vectors` (rows L2-normalised): cosine to their own
    centre minus cosine to the centre of all other sentences, each centre the mean of its
    sentences weighted by the voices holding them."""
    others = ~mine
    own = _centre(vectors, voices, mine)
    rest = _centre(vectors, voices, others) if others.any() else np.zeros_like(own)
    block = vectors[mine]
    return np.asarray(block @ own).ravel() - np.asarray(block @ rest).ravel()


def _centre(vectors, voices: np.ndarray, rows: np.ndarray) -> np.ndarray:
    weights = voices[rows]
    return _unit(np.asarray(vectors[rows].T @ weights).ravel() / weights.sum())


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _keyword_share(sentence: str, keywords: Sequence[str], top: int = 8) -> float:
    """The share of the theme's first `top` keywords found in the sentence as whole words."""
    keywords = [k for k in keywords[:top] if k.strip()]
    if not keywords:
        return 0.0
    words = " " + " ".join(w.lower() for w in _WORD.findall(sentence)) + " "
    return sum(f" {' '.join(k.lower().split())} " in words for k in keywords) / len(keywords)


__all__ = ["Summary", "SummaryPicker", "split_sentences", "summarise_result", "summarise_themes",
           "theme_rows"]
