"""Reduction/clustering alternatives on the same vectors, to choose defaults by measurement.

Each alternative maps (vectors, wanted theme count k, memo) to a theme id per document (-1 for
noise) and its reduction and clustering seconds. Labelling is the same for all of them and is
not timed here. `memo` (one dict per set of vectors) lets UMAP's projection be computed once
and reused for several k; its seconds are then the ones measured the first time.

- `ward`, `ours-kmeans`: the library's `ThemeClusterer` (Ward or k-means on a sample of at
  most the default fit sample size, nearest-neighbour vote for the rest, outliers capped);
- `umap-hdbscan`: UMAP as plain BERTopic (5-D, cosine, seeded) then HDBSCAN with
  min_cluster_size scaled to the corpus: max(10, n / (2k)), so clusters are about half the
  average size the k themes would have;
- `pca50-kmeans`: PCA to 50 dimensions, then k-means (k-means++, seeded);
- `kmeans`: k-means on the full normalised vectors.
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np

SEED = 42


def ours(method: str) -> Callable[[np.ndarray, int, dict], tuple[np.ndarray, float, float]]:
    def run(X: np.ndarray, k: int, memo: dict) -> tuple[np.ndarray, float, float]:
        from analyzer.config import AnalysisConfig
        from analyzer.pipelines.cluster import ThemeClusterer

        defaults = AnalysisConfig()
        start = time.perf_counter()
        labels = ThemeClusterer(n_themes=k, method=method,
                                fit_sample_size=defaults.fit_sample_size,
                                max_unassigned_share=defaults.max_unassigned_share,
                                seed=SEED).fit(X).labels_
        return labels, 0.0, time.perf_counter() - start
    return run


ward = ours("ward")


def umap_hdbscan(X: np.ndarray, k: int, memo: dict) -> tuple[np.ndarray, float, float]:
    from hdbscan import HDBSCAN
    from umap import UMAP

    if "umap" not in memo:
        start = time.perf_counter()
        reduced = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                       random_state=SEED).fit_transform(X)
        memo["umap"] = (reduced, time.perf_counter() - start)
    reduced, reduction = memo["umap"]
    start = time.perf_counter()
    labels = HDBSCAN(min_cluster_size=scaled_min_cluster_size(len(X), k), metric="euclidean",
                     cluster_selection_method="eom").fit(reduced).labels_
    return labels, reduction, time.perf_counter() - start


def scaled_min_cluster_size(n: int, k: int) -> int:
    return max(10, round(n / (2 * k)))


def pca50_kmeans(X: np.ndarray, k: int, memo: dict) -> tuple[np.ndarray, float, float]:
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA

    start = time.perf_counter()
    reduced = PCA(n_components=min(50, X.shape[1], len(X)), random_state=SEED).fit_transform(X)
    reduction = time.perf_counter() - start
    start = time.perf_counter()
    labels = KMeans(n_clusters=k, n_init="auto", random_state=SEED).fit_predict(reduced)
    return labels, reduction, time.perf_counter() - start


def kmeans(X: np.ndarray, k: int, memo: dict) -> tuple[np.ndarray, float, float]:
    from sklearn.cluster import KMeans

    start = time.perf_counter()
    labels = KMeans(n_clusters=k, n_init="auto", random_state=SEED).fit_predict(X)
    return labels, 0.0, time.perf_counter() - start


ALTERNATIVES: dict[str, Callable[[np.ndarray, int, dict], tuple[np.ndarray, float, float]]] = {
    "ward": ward,
    "ours-kmeans": ours("kmeans"),
    "umap-hdbscan": umap_hdbscan,
    "pca50-kmeans": pca50_kmeans,
    "kmeans": kmeans,
}
