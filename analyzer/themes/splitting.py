"""The mechanics of splitting a theme that need no stage: labels and centres (the parts' quotes
are chosen by `analyzer.themes.quotes`).

Used by `analyzer.pipelines.curate.split_theme` (which embeds and keywords the parts); see its
module docstring for the method.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from analyzer.themes.result import AnalysisResult
from analyzer.themes.theme import Theme

MAX_LABEL_LENGTH = 120


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


__all__ = ["MAX_LABEL_LENGTH", "default_part_labels", "split_centroids"]
