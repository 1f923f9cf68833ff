"""The mechanics of splitting a theme that need no stage: representatives, labels and centres.

Used by `analyzer.pipelines.curate.split_theme` (which embeds and keywords the parts); see its
module docstring for the method.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from analyzer.themes.languages import UNDETERMINED
from analyzer.themes.result import AnalysisResult
from analyzer.themes.theme import Theme

MAX_LABEL_LENGTH = 120
MIN_REPRESENTATIVE_WORDS = 5
"""Representatives prefer comments of at least this many words, as the fitted themes do."""
MIN_COMMENTS_FOR_A_QUOTE = 2
"""Comments a theme must hold in a language for one of them to be quoted: a language with a
single comment in the theme is not quoted on its own (the writer would stand out)."""




def pick_representatives(ranked: pd.DataFrame, n: int) -> pd.DataFrame:
    """The first `n` of `ranked` (best first), preferring comments with enough words, and
    drawn across languages when `ranked` has a `language` column: the best comment in the
    theme's own majority language comes first, then the best comment of each other language
    with at least `MIN_COMMENTS_FOR_A_QUOTE` comments in the theme (largest first), then the
    majority language's next best. So a theme Spanish- and English-speaking families share is
    quoted in both voices, and a language holding 2 % of a theme is never most of its quotes.
    (Comments of another language are placed at the mean of their nearest main-language
    neighbours, so they sit close to the centre and would otherwise rank first.)"""
    wordy = ranked["text"].astype(str).map(_word_count) >= MIN_REPRESENTATIVE_WORDS
    ordered = pd.concat([ranked[wordy], ranked]).drop_duplicates("comment_id")
    if "language" not in ordered or n < 2 or ordered.empty:
        return ordered.head(n)
    languages = ordered["language"].astype(str).to_numpy()
    counts = pd.Series(languages[languages != UNDETERMINED]).value_counts()
    if len(counts) < 2:
        return ordered.head(n)
    by_size = sorted(counts.index, key=lambda code: (-counts[code], code))
    majority = by_size[0]
    voices = [code for code in by_size[1:] if counts[code] >= MIN_COMMENTS_FOR_A_QUOTE][:n - 1]
    chosen = [int(np.flatnonzero(languages == code)[0]) for code in [majority, *voices]]
    rest = [position for position in np.flatnonzero(languages == majority).tolist()
            + list(range(len(ordered))) if position not in chosen]
    for position in dict.fromkeys(rest):
        if len(chosen) >= n:
            break
        chosen.append(position)
    return ordered.iloc[chosen]


def _word_count(text: str) -> int:
    """Words in a text; a text written without spaces (Chinese, Japanese, Thai) counts one
    word per two characters."""
    words = text.split()
    return len(words) if len(words) > 1 else len(text.strip()) // 2


def default_part_labels(result: AnalysisResult, theme: Theme,
                        keywords: Sequence[Sequence[str]]) -> list[str]:
    taken = {t.label.casefold() for t in result.themes if t.theme_id != theme.theme_id}
    labels: list[str] = []
    for number, words in enumerate(keywords, start=1):
        fresh = [w for w in words if w.casefold() not in theme.label.casefold()]
        candidates = [f"{theme.label}: {w}" for w in fresh[:3]] + [f"{theme.label} ({number})"]
        used = taken | {x.casefold() for x in labels}
        label = next((c for c in candidates if c.casefold() not in used),
                     f"{theme.label} (part {number} of {len(keywords)})")
        labels.append(label[:MAX_LABEL_LENGTH])
    return labels


def split_centroids(centroids: np.ndarray, theme_id: int, new_ids: Sequence[int],
                    centre_rows: Mapping[int, np.ndarray]) -> np.ndarray:
    """Centres with a row per new id: the part's own centre when known, else the split
    theme's (the TF-IDF case: the parts were embedded in a space of their own)."""
    if centroids.ndim != 2 or centroids.shape[0] <= theme_id or centroids.shape[1] == 0:
        return centroids
    rows = max(max(new_ids) + 1, centroids.shape[0])
    out = np.zeros((rows, centroids.shape[1]), dtype=centroids.dtype)
    out[:centroids.shape[0]] = centroids
    for new_id in new_ids:
        out[new_id] = centre_rows.get(new_id, centroids[theme_id])
    return out


__all__ = ["MAX_LABEL_LENGTH", "MIN_REPRESENTATIVE_WORDS", "default_part_labels",
           "pick_representatives", "split_centroids"]
