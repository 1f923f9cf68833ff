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
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import numpy as np

from analyzer.config import ANALYSIS_CONSTRAINTS, GRANULARITIES, default
from analyzer.errors import TooFewCommentsError
from analyzer.pipelines.workers import NEVER_FORKED, available_cores, map_in_chunks
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
                 max_unassigned_share: float = 0.10, seed: int = 42,
                 estimated: np.ndarray | None = None,
                 exact_vectors: Callable[[np.ndarray], np.ndarray] | None = None,
                 max_exact_reads: int | None = None):
        self.n_themes = n_themes
        self.method = method
        self.fit_sample_size = fit_sample_size
        self.n_neighbors = n_neighbors
        self.outlier_mad = outlier_mad
        self.max_unassigned_share = max_unassigned_share
        self.seed = seed
        self.estimated = estimated
        """True for the rows of X whose vectors are estimates (`analyzer.pipelines.
        token_vectors`; None: none are). An estimate is kept only where it places its
        comment unambiguously (`_confirm_estimates`); for the others `exact_vectors(rows)`
        gives the sentence model's vectors, with which they are placed. The sample must be
        exact (`fit_sample` says which rows it holds)."""
        self.exact_vectors = exact_vectors
        self.max_exact_reads = max_exact_reads
        """At most this many estimates are read again (None: every doubtful one), the least
        typical of their theme first, so that the sentence model's cost stays bounded on a
        large corpus: on 87,846 distinct synthetic comments (5,000 fitted) reading none, 5,000
        or 20,000 of the doubtful estimates gave NMI 0.746, 0.745 and 0.746."""

    def fit(self, X: np.ndarray, y=None) -> "ThemeClusterer":
        from sklearn.cluster import KMeans

        X = np.asarray(X, dtype=np.float32)
        n = len(X)
        if n < 2:
            raise TooFewCommentsError(f"Only {n} comment(s) to group into themes; at least 2 are "
                                      "needed.")
        k = min(self.n_themes, n)
        sample = fit_sample(n, self.fit_sample_size, self.seed)
        estimated = np.zeros(n, bool) if self.estimated is None \
            else np.asarray(self.estimated, bool).copy()
        if len(estimated) != n or estimated[sample].any():
            raise ValueError("estimated must have one flag per row, and the rows of "
                             "fit_sample(...) must have exact vectors")
        if self.method == "kmeans":
            clusterer = KMeans(n_clusters=k, n_init=10, random_state=self.seed)
            sample_labels = clusterer.fit_predict(X[sample])
        else:
            sample_labels = _ward_labels(X[sample], k)
        labels = np.empty(n, dtype=int)
        labels[sample] = sample_labels
        unanimous = np.ones(n, bool)
        rest = np.setdiff1d(np.arange(n), sample, assume_unique=True)
        if len(rest):
            labels[rest], unanimous[rest] = self._place(X[sample], sample_labels, X[rest], k)
        if estimated.any():
            X, labels, estimated = self._confirm_estimates(X, labels, estimated, unanimous,
                                                           sample, sample_labels, k)
        self.centroids_ = _centroids(X, labels, k)
        self.labels_ = self._mark_outliers(X, labels, estimated)
        self.n_fitted_ = len(sample)
        self.vectors_ = X
        """The vectors the themes were placed with: X, with exact vectors where an estimate
        was not kept."""
        self.estimated_ = estimated
        """True where `vectors_` still holds an estimate."""
        return self

    def _place(self, reference: np.ndarray, reference_labels: np.ndarray, queries: np.ndarray,
               k: int) -> tuple[np.ndarray, np.ndarray]:
        """`_votes` in blocks of `PLACED_PER_BLOCK` queries: in this process, or as tasks on a
        cluster when a run set one (`analyzer.pipelines.workers.running_on`)."""
        blocks = [queries[start:start + PLACED_PER_BLOCK]
                  for start in range(0, len(queries), PLACED_PER_BLOCK)]
        vote = functools.partial(_vote_blocks, reference, reference_labels, k, self.n_neighbors)
        placed = map_in_chunks(vote, blocks, chunk_size=BLOCKS_PER_TASK,
                               parallel_from=NEVER_FORKED)
        return (np.concatenate([labels for labels, _ in placed]),
                np.concatenate([unanimous for _, unanimous in placed]))

    def _confirm_estimates(self, X: np.ndarray, labels: np.ndarray, estimated: np.ndarray,
                           unanimous: np.ndarray, sample: np.ndarray,
                           sample_labels: np.ndarray, k: int
                           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Exact vectors, and a new placement, for the estimates that may mislead: those whose
        nearest sample neighbours do not all share one theme, and those less similar to their
        theme's centre than its median member. An estimate is smoother than the comment it
        stands for, so only a clearly typical one may keep it: on banking77 (10,000, 5,000
        fitted) this second rule caught all 22 unanimous estimates whose exact vectors are
        left unassigned, reading 27 % of the unanimous ones again."""
        rows = np.flatnonzero(estimated)
        atypical = _atypicality(X, labels, _centroids(X, labels, k), estimated)
        doubtful = rows[~unanimous[rows] | (atypical[rows] > 0)]
        if self.max_exact_reads is not None and len(doubtful) > self.max_exact_reads:
            most_atypical = np.argsort(-atypical[doubtful], kind="stable")
            doubtful = np.sort(doubtful[most_atypical[:self.max_exact_reads]])
        if len(doubtful):
            X, labels = X.copy(), labels.copy()
            X[doubtful] = self.exact_vectors(doubtful)
            labels[doubtful] = self._place(X[sample], sample_labels, X[doubtful], k)[0]
            estimated = estimated.copy()
            estimated[doubtful] = False
        return X, labels, estimated

    def _mark_outliers(self, X: np.ndarray, labels: np.ndarray, estimated: np.ndarray
                       ) -> np.ndarray:
        """Unassign comments much less similar to their theme than its typical member."""
        scores = _atypicality(X, labels, self.centroids_, estimated)
        candidates = np.flatnonzero(scores > self.outlier_mad)
        cap = int(self.max_unassigned_share * len(X))
        worst_first = candidates[np.argsort(-scores[candidates], kind="stable")][:cap]
        labels = labels.copy()
        labels[worst_first] = -1
        return labels


def _atypicality(X: np.ndarray, labels: np.ndarray, centroids: np.ndarray,
                 estimated: np.ndarray) -> np.ndarray:
    """How much less similar each row is to its theme's centre than the theme's median
    member, in robust standard deviations (the MAD scaled to a normal's); negative when more
    similar. The median and spread are those of the theme's exact rows (all its rows when
    it has none), so smoothed estimates do not shift the yardstick."""
    similarity = np.einsum("ij,ij->i", X, centroids[labels])
    scores = np.zeros(len(X))
    for theme in np.unique(labels):
        members = labels == theme
        exact = members & ~estimated
        sims = similarity[exact if exact.any() else members]
        median = np.median(sims)
        # MAD scaled to a normal sd; scipy.stats.median_abs_deviation(scale="normal")
        # took 2.8 ms a call against 0.3 ms here and scales by 1.482602..., not 1.4826.
        spread = np.median(np.abs(sims - median)) * 1.4826 + 1e-9
        scores[members] = (median - similarity[members]) / spread
    return scores


def _vote_blocks(reference: np.ndarray, reference_labels: np.ndarray, k: int, n_neighbors: int,
                 blocks: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    """`_votes` of each block, on one thread per core: numpy leaves the lock free in the
    matrix product and in the partition that finds the neighbours, which took 15 of the 23 s
    of placing 83,000 comments here; on two threads it took about 30 % less."""
    vote = functools.partial(_votes, reference, reference_labels, k, n_neighbors)
    threads = min(len(blocks), available_cores())
    if threads < 2:
        return [vote(block) for block in blocks]
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(vote, blocks))


def _votes(reference: np.ndarray, reference_labels: np.ndarray, k: int, n_neighbors: int,
           queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Majority theme among each query's nearest reference comments (cosine), and whether
    those neighbours all share one theme."""
    sims, nearest = _nearest(reference, queries, n_neighbors)
    themes = reference_labels[nearest]
    rows = np.repeat(np.arange(len(nearest)), nearest.shape[1])
    votes = np.bincount(rows * k + themes.ravel(),
                        weights=np.take_along_axis(sims, nearest, axis=1).ravel(),
                        minlength=len(nearest) * k).reshape(len(nearest), k)
    return votes.argmax(axis=1), (themes == themes[:, :1]).all(axis=1)


def _nearest(reference: np.ndarray, queries: np.ndarray, n_neighbors: int
             ) -> tuple[np.ndarray, np.ndarray]:
    """The query-by-reference cosine matrix, and each query's `n_neighbors` nearest
    reference rows (in no particular order)."""
    sims = queries @ reference.T
    if n_neighbors >= len(reference):
        return sims, np.broadcast_to(np.arange(len(reference)), sims.shape)
    # The largest, partitioned to the end: negating the matrix first cost a third more time.
    nearest = np.argpartition(sims, len(reference) - n_neighbors, axis=1)
    return sims, nearest[:, len(reference) - n_neighbors:]


def fit_sample(n: int, size: int, seed: int) -> np.ndarray:
    """The rows (sorted) that `ThemeClusterer` clusters itself: all `n`, or a seeded draw of
    `size` when there are more; the others are placed into their themes."""
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size, replace=False))


def closest_first(members: np.ndarray, vectors: np.ndarray, centroid: np.ndarray,
                  estimated: np.ndarray | None = None) -> np.ndarray:
    """`members` (rows of `vectors`) from the most to the least similar to `centroid`; rows
    whose vectors are estimates come after every exact one, so that a theme's quotes and
    the comments its name is read from are chosen on exact vectors. An estimate is a smoothed
    vector: on banking77 (10,000, 5,000 fitted) its cosine to its theme's centre averaged
    0.773 against 0.737 for the exact vector of the same comment, and was higher for 73 %
    of them, so ranked together estimates would crowd out the comments read exactly."""
    similarity = vectors[members] @ centroid
    if estimated is None:
        return members[np.argsort(-similarity, kind="stable")]
    return members[np.lexsort((-similarity, estimated[members]))]


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
