"""How stable is each theme? Rerun the clustering and see whether the theme comes back.

For each seed, a random `subsample` (80 % by default) of the analysis's distinct texts is
clustered again with the same method, theme count and settings, seeded with that seed. A
theme's score for that rerun is its best-match Jaccard similarity: of all the rerun's
clusters, the one sharing the largest part of the theme's members (|A ∩ B| / |A ∪ B|,
counted on the subsample). Its stability is the mean over the reruns. This is Hennig's
(2007) cluster-wise stability; following him, a theme whose mean is below 0.5 is flagged
unstable: the data do not support it as a group of its own, whatever its label says.

Subsampling is what makes Ward clustering (which has no random start) testable at all; with
`subsample=1.0` only the seed varies, which tests k-means' starting points alone.

Overall agreement is the adjusted Rand index (ARI): between every pair of reruns (on the
texts both saw) and between each rerun and the analysis's own themes.

The reruns need the vectors the themes were fitted on. `embeddings` may be given (one row per
distinct text, in the order of `stability_texts(result)`); otherwise the texts are embedded
again with the analysis's embedder, which reproduces the fit's vectors exactly for the
TF-IDF embedder and the sentence models alike.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Sequence

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError, TooFewCommentsError
from analyzer.themes.result import AnalysisResult
from analyzer.themes.texts import text_keys
from analyzer.themes.theme import NON_ANSWER_ID

DEFAULT_SEEDS = (1, 2, 3)
UNSTABLE_BELOW = 0.5
STABILITY_COLUMNS = ["theme_id", "label", "stability", "min_jaccard", "size", "unstable"]


@dataclass(frozen=True)
class StabilityReport:
    """Per-theme stability and overall agreement between reruns."""

    themes: pd.DataFrame
    """STABILITY_COLUMNS: stability is the mean best-match Jaccard over the reruns."""
    ari_between_runs: float
    """Mean adjusted Rand index over every pair of reruns (NaN with one seed)."""
    ari_with_fit: float
    """Mean adjusted Rand index between each rerun and the analysis's themes."""
    seeds: tuple[int, ...]
    subsample: float
    threshold: float

    @property
    def unstable(self) -> pd.DataFrame:
        return self.themes[self.themes["unstable"]]

    def as_method(self) -> dict[str, Any]:
        """The JSON-ready summary kept in `method["stability"]` (read by the method card)."""
        unstable = self.unstable
        return {
            "method": "best-match Jaccard of each theme over reruns on random subsamples "
                      "(Hennig 2007); adjusted Rand index between runs",
            "seeds": list(self.seeds), "subsample": self.subsample,
            "threshold": self.threshold,
            "ari_between_runs": _json_float(self.ari_between_runs),
            "ari_with_fit": _json_float(self.ari_with_fit),
            "themes": [{"theme_id": int(r.theme_id), "label": str(r.label),
                        "stability": _json_float(r.stability), "unstable": bool(r.unstable)}
                       for r in self.themes.itertuples()],
            "unstable_theme_ids": [int(i) for i in unstable["theme_id"]],
            "unstable_themes": [str(label) for label in unstable["label"]],
        }


def stability_texts(result: AnalysisResult) -> pd.DataFrame:
    """The distinct answered texts the themes were fitted on, in the fit's order.

    One row per distinct text (a campaign's copies count once) with columns text and
    theme_id (the theme of its first comment).
    """
    answered = result.comments[result.comments["theme_id"] != NON_ANSWER_ID]
    first = ~text_keys(answered).duplicated().to_numpy()
    return pd.DataFrame({"text": answered["text"].astype(str).to_numpy()[first],
                         "theme_id": answered["theme_id"].to_numpy(dtype=int)[first]})


def assess_stability(result: AnalysisResult, *, seeds: Sequence[int] = DEFAULT_SEEDS,
                     embeddings: np.ndarray | None = None, subsample: float = 0.8,
                     threshold: float = UNSTABLE_BELOW) -> StabilityReport:
    """Rerun the clustering once per seed and score every theme; see the module docstring."""
    seeds = _check_seeds(seeds)
    if not 0.2 <= subsample <= 1.0:
        raise ConfigError(f"subsample={subsample} should be between 0.2 and 1.0.")
    if not 0.0 < threshold < 1.0:
        raise ConfigError(f"threshold={threshold} should be between 0 and 1.")
    distinct = stability_texts(result)
    reference = distinct["theme_id"].to_numpy()
    theme_ids = [t.theme_id for t in result.themes if t.is_real and (reference == t.theme_id).any()]
    if len(theme_ids) < 2:
        raise TooFewCommentsError(f"the analysis has {len(theme_ids)} theme(s) with comments; "
                                  "stability needs at least 2.")
    vectors = _vectors(result, distinct, embeddings)

    runs: list[tuple[np.ndarray, np.ndarray]] = []
    jaccards = np.zeros((len(theme_ids), len(seeds)))
    for column, seed in enumerate(seeds):
        sample, labels = _rerun(result, vectors, len(theme_ids), seed, subsample)
        runs.append((sample, labels))
        for row, theme_id in enumerate(theme_ids):
            jaccards[row, column] = _best_jaccard(reference[sample] == theme_id, labels)

    from sklearn.metrics import adjusted_rand_score

    with_fit = [adjusted_rand_score(reference[s], labels) for s, labels in runs]
    between = []
    for (s1, l1), (s2, l2) in combinations(runs, 2):
        shared, i1, i2 = np.intersect1d(s1, s2, assume_unique=True, return_indices=True)
        if len(shared) >= 2:
            between.append(adjusted_rand_score(l1[i1], l2[i2]))
    labels = {t.theme_id: t.label for t in result.themes}
    sizes = {t.theme_id: t.size for t in result.themes}
    seen = np.isfinite(jaccards)  # NaN: the theme had no member in that subsample
    n_seen = seen.sum(axis=1)
    stability = np.where(n_seen > 0, np.where(seen, jaccards, 0.0).sum(axis=1)
                         / np.maximum(n_seen, 1), np.nan)
    lowest = np.where(n_seen > 0, np.where(seen, jaccards, np.inf).min(axis=1), np.nan)
    frame = pd.DataFrame({
        "theme_id": np.asarray(theme_ids, dtype=np.int64),
        "label": pd.Series([labels[i] for i in theme_ids], dtype=str),
        "stability": stability.round(4),
        "min_jaccard": lowest.round(4),
        "size": np.asarray([sizes[i] for i in theme_ids], dtype=np.int64),
        "unstable": stability < threshold,
    })[STABILITY_COLUMNS]
    return StabilityReport(themes=frame,
                           ari_between_runs=float(np.mean(between)) if between else float("nan"),
                           ari_with_fit=float(np.mean(with_fit)), seeds=seeds,
                           subsample=float(subsample), threshold=float(threshold))


def theme_stability(result: AnalysisResult, *, seeds: Sequence[int] = DEFAULT_SEEDS,
                    embeddings: np.ndarray | None = None, subsample: float = 0.8,
                    threshold: float = UNSTABLE_BELOW) -> pd.DataFrame:
    """theme_id, label, stability, min_jaccard, size, unstable: one row per theme.

    The overall ARIs are in `frame.attrs` ("ari_between_runs", "ari_with_fit"); use
    `assess_stability` for a typed report.
    """
    report = assess_stability(result, seeds=seeds, embeddings=embeddings, subsample=subsample,
                              threshold=threshold)
    frame = report.themes.copy()
    frame.attrs.update(ari_between_runs=report.ari_between_runs,
                       ari_with_fit=report.ari_with_fit, seeds=list(report.seeds))
    return frame


def with_stability(result: AnalysisResult, report: StabilityReport) -> AnalysisResult:
    """The result with the report as `tables["stability"]` and `method["stability"]`, so
    every view, export and saved project can flag unstable themes."""
    known = {t.theme_id for t in result.themes}
    missing = sorted(set(report.themes["theme_id"]) - known)
    if missing:
        raise ConfigError(f"the stability report names themes {missing} that this analysis "
                          "does not have; it was measured before an edit, so run it again.")
    method = copy.deepcopy(result.method)
    method["stability"] = report.as_method()
    return dataclasses.replace(result, tables={**result.tables, "stability": report.themes},
                               method=method)


def _check_seeds(seeds: Sequence[int]) -> tuple[int, ...]:
    try:
        values = tuple(int(s) for s in seeds)
    except (TypeError, ValueError):
        raise ConfigError(f"seeds={seeds!r} should be whole numbers, e.g. (1, 2, 3).") from None
    if not values:
        raise ConfigError("seeds is empty; give at least one, e.g. (1, 2, 3).")
    if len(set(values)) != len(values):
        raise ConfigError(f"seeds={list(values)} repeat a seed; each rerun needs its own.")
    return values


def _vectors(result: AnalysisResult, distinct: pd.DataFrame,
             embeddings: np.ndarray | None) -> np.ndarray:
    from analyzer.pipelines.embed import checked_embeddings, embed_texts, make_embedder

    if embeddings is not None:
        return checked_embeddings(embeddings, len(distinct), "distinct text",
                                  "stability_texts(result)")

    embedder = make_embedder(result.embedder_name, seed=result.config.seed)
    return embed_texts(distinct["text"].tolist(), embedder)


def _rerun(result: AnalysisResult, vectors: np.ndarray, n_themes: int, seed: int,
           subsample: float) -> tuple[np.ndarray, np.ndarray]:
    """(indices clustered, their labels) for one seeded rerun on a subsample."""
    from analyzer.pipelines.cluster import ThemeClusterer, resolve_clustering

    n = len(vectors)
    size = max(n_themes + 1, int(round(subsample * n)))
    rng = np.random.default_rng(seed)
    sample = np.arange(n) if size >= n else np.sort(rng.choice(n, size, replace=False))
    config = result.config
    embedder_name = str(result.method.get("embedding_model") or config.embedder)
    clusterer = ThemeClusterer(n_themes=n_themes,
                               method=resolve_clustering(config.clustering, embedder_name),
                               fit_sample_size=config.fit_sample_size,
                               max_unassigned_share=config.max_unassigned_share, seed=seed)
    return sample, clusterer.fit(vectors[sample]).labels_


def _best_jaccard(members: np.ndarray, labels: np.ndarray) -> float:
    """Largest |A ∩ B| / |A ∪ B| between the theme's members A and any rerun cluster B."""
    n_members = int(members.sum())
    if n_members == 0:
        return float("nan")
    best = 0.0
    for cluster in np.unique(labels[labels >= 0]):
        in_cluster = labels == cluster
        overlap = int((members & in_cluster).sum())
        if overlap:
            best = max(best, overlap / int((members | in_cluster).sum()))
    return best


def _json_float(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 4)


__all__ = ["DEFAULT_SEEDS", "STABILITY_COLUMNS", "StabilityReport", "UNSTABLE_BELOW",
           "assess_stability", "stability_texts", "theme_stability", "with_stability"]
