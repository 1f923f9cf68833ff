"""Clustering comments into a number of themes a person can read.

Plain BERTopic (UMAP + HDBSCAN with min_cluster_size=10) cuts a 4,500-query corpus into
~160 micro-topics; a facilitator needs 8-40. We measured (benchmarks/, CLINC150 test set
against its 10 domains, MiniLM vectors) that Ward agglomeration directly on the normalised
embeddings, with the theme count chosen from the corpus size, agrees better with human
categories than UMAP + HDBSCAN at any min_cluster_size, and needs no UMAP at all.

Ward needs the pairwise distances of what it clusters, so it is fitted on a seeded sample of
at most `fit_sample_size` comments; the rest join the theme of their nearest neighbours in
that sample. Comments that fit their theme far worse than its other members are left
unassigned, within a cap, so that the unassigned bucket stays honest but small.

TF-IDF vectors behave differently: frequent filler words dominate their variance, and Ward
split three obvious topics in a synthetic test (ARI 0.07) where k-means recovered them (ARI
0.90). The "auto" method therefore uses k-means for the TF-IDF embedder and Ward otherwise.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from analyzer.config import ANALYSIS_CONSTRAINTS, GRANULARITIES, default
from analyzer.errors import TooFewCommentsError
from analyzer.pipelines.workers import NEVER_FORKED, map_in_chunks
from analyzer.vectors import l2_normalise

GRANULARITY_FACTOR = dict(zip(GRANULARITIES, (0.3, 0.45, 0.7)))
"""Themes per square root of the corpus size, for each granularity of the config."""
MIN_THEMES, MAX_THEMES = 8, 40
PLACED_PER_BLOCK = 2048
"""Comments placed by one matrix product (2048 x 5000 similarities: 40 MB)."""
BLOCKS_PER_TASK = 4
"""Blocks per cluster task: 8,192 vectors of 384 floats, 12.5 MB to send."""


def choose_theme_count(n_comments: int, granularity: str = default("granularity")) -> int:
    """Themes for a corpus: grows with the square root of its size, clipped to 8-40.

    The square root keeps themes readable: 500 comments give ~10 themes, 2,000 give ~20,
    4,500 give 30, and no corpus gives more than 40 in the default setting. A small corpus
    gets at most one theme per 10 comments (39 comments: 3 themes), so that a theme is more
    than a handful of quotes.
    """
    ANALYSIS_CONSTRAINTS["granularity"].check("granularity", granularity)
    wanted = round(GRANULARITY_FACTOR[granularity] * math.sqrt(max(n_comments, 1)))
    upper = MAX_THEMES if granularity != "fine" else 60
    return int(min(max(wanted, MIN_THEMES), upper, max(n_comments // 10, 2)))


def resolve_clustering(method: str, embedder_name: str) -> str:
    """The concrete method for 'auto': k-means for TF-IDF vectors, Ward for sentence models."""
    ANALYSIS_CONSTRAINTS["clustering"].check("clustering", method)
    if method != "auto":
        return method
    return "kmeans" if embedder_name.startswith("tfidf") else "ward"


class ThemeClusterer:
    """scikit-learn style clusterer: `fit(X)` sets `labels_` (and `centroids_`).

    BERTopic accepts any object with `fit` and `labels_` in its clustering slot; this is ours.
    """

    def __init__(self, n_themes: int, method: str = "ward", fit_sample_size: int = 5000,
                 n_neighbors: int = 10, outlier_mad: float = 3.5,
                 max_unassigned_share: float = 0.10, seed: int = 42):
        self.n_themes = n_themes
        self.method = method
        self.fit_sample_size = fit_sample_size
        self.n_neighbors = n_neighbors
        self.outlier_mad = outlier_mad
        self.max_unassigned_share = max_unassigned_share
        self.seed = seed

    def fit(self, X: np.ndarray, y=None) -> "ThemeClusterer":
        from sklearn.cluster import KMeans

        X = np.asarray(X, dtype=np.float32)
        n = len(X)
        if n < 2:
            raise TooFewCommentsError(f"Only {n} comment(s) to group into themes; at least 2 are "
                                      "needed.")
        k = min(self.n_themes, n)
        rng = np.random.default_rng(self.seed)
        if n > self.fit_sample_size:
            sample = np.sort(rng.choice(n, self.fit_sample_size, replace=False))
        else:
            sample = np.arange(n)
        if self.method == "kmeans":
            clusterer = KMeans(n_clusters=k, n_init=10, random_state=self.seed)
            sample_labels = clusterer.fit_predict(X[sample])
        else:
            sample_labels = _ward_labels(X[sample], k)
        labels = np.empty(n, dtype=int)
        labels[sample] = sample_labels
        rest = np.setdiff1d(np.arange(n), sample, assume_unique=True)
        if len(rest):
            labels[rest] = self._place(X[sample], sample_labels, X[rest], k)
        self.centroids_ = _centroids(X, labels, k)
        self.labels_ = self._mark_outliers(X, labels)
        self.n_fitted_ = len(sample)
        return self

    def _place(self, reference: np.ndarray, reference_labels: np.ndarray, queries: np.ndarray,
               k: int) -> np.ndarray:
        """`_votes` in blocks of `PLACED_PER_BLOCK` queries: in this process, or as tasks on a
        cluster when a run set one (`analyzer.pipelines.workers.running_on`)."""
        blocks = [queries[start:start + PLACED_PER_BLOCK]
                  for start in range(0, len(queries), PLACED_PER_BLOCK)]
        vote = functools.partial(_vote_blocks, reference, reference_labels, k, self.n_neighbors)
        placed = map_in_chunks(vote, blocks, chunk_size=BLOCKS_PER_TASK,
                               parallel_from=NEVER_FORKED)
        return np.concatenate(placed)

    def _mark_outliers(self, X: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """Unassign comments much less similar to their theme than its typical member."""
        similarity = np.einsum("ij,ij->i", X, self.centroids_[labels])
        scores = np.zeros(len(X))
        for theme in np.unique(labels):
            members = labels == theme
            sims = similarity[members]
            median = np.median(sims)
            # MAD scaled to a normal sd; scipy.stats.median_abs_deviation(scale="normal")
            # took 2.8 ms a call against 0.3 ms here and scales by 1.482602..., not 1.4826.
            spread = np.median(np.abs(sims - median)) * 1.4826 + 1e-9
            scores[members] = (median - sims) / spread
        candidates = np.flatnonzero(scores > self.outlier_mad)
        cap = int(self.max_unassigned_share * len(X))
        worst_first = candidates[np.argsort(-scores[candidates], kind="stable")][:cap]
        labels = labels.copy()
        labels[worst_first] = -1
        return labels


def _vote_blocks(reference: np.ndarray, reference_labels: np.ndarray, k: int, n_neighbors: int,
                 blocks: list[np.ndarray]) -> list[np.ndarray]:
    return [_votes(reference, reference_labels, k, n_neighbors, block) for block in blocks]


def _votes(reference: np.ndarray, reference_labels: np.ndarray, k: int, n_neighbors: int,
           queries: np.ndarray) -> np.ndarray:
    """Majority theme among each query's nearest reference comments (cosine)."""
    sims = queries @ reference.T
    nearest = np.argpartition(-sims, min(n_neighbors, len(reference) - 1), axis=1)
    nearest = nearest[:, :n_neighbors]
    rows = np.repeat(np.arange(len(nearest)), nearest.shape[1])
    votes = np.bincount(rows * k + reference_labels[nearest].ravel(),
                        weights=np.take_along_axis(sims, nearest, axis=1).ravel(),
                        minlength=len(nearest) * k).reshape(len(nearest), k)
    return votes.argmax(axis=1)


def _ward_labels(X: np.ndarray, k: int) -> np.ndarray:
    """Ward's clusters of the rows of `X`, the tree cut at `k` (as scikit-learn's
    AgglomerativeClustering), with the pairwise distances from one matrix product: scipy's
    own distance loop took 1.4 of the 1.9 seconds on 5,000 vectors of 256 dimensions."""
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    if len(X) <= k:
        return np.arange(len(X))
    rows = X.astype(np.float64)
    squared = np.einsum("ij,ij->i", rows, rows)
    distances = rows @ rows.T
    distances *= -2.0
    distances += squared[:, None]
    distances += squared[None, :]
    np.maximum(distances, 0.0, out=distances)
    np.fill_diagonal(distances, 0.0)
    np.sqrt(distances, out=distances)
    tree = linkage(squareform(distances, checks=False), method="ward")
    return _cut_tree(tree, len(X), k)


def _cut_tree(tree: np.ndarray, n: int, k: int) -> np.ndarray:
    """Leaf labels 0..k-1 of a linkage `tree` of `n` leaves with its last k-1 merges undone."""
    parent = np.arange(2 * n - 1)
    merged = tree[:n - k, :2].astype(np.intp)
    parent[merged[:, 0]] = parent[merged[:, 1]] = n + np.arange(n - k)
    root = parent[:n]
    while not np.array_equal(higher := parent[root], root):
        root = higher
    return np.unique(root, return_inverse=True)[1]


def _centroids(X: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    from scipy.sparse import csr_matrix

    membership = csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))),
                            shape=(k, len(labels)))
    sums = np.asarray(membership @ X.astype(np.float64))
    return l2_normalise(sums, dtype=np.float64).astype(np.float32)
