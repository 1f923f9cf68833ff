"""Plain BERTopic with its defaults, seeded, timed stage by stage.

What "plain" means here: `BERTopic(embedding_model=MiniLM, umap_model=UMAP(n_neighbors=15,
n_components=5, min_dist=0.0, metric="cosine", random_state=42), hdbscan_model=HDBSCAN(
min_cluster_size=10, metric="euclidean", cluster_selection_method="eom",
prediction_data=True))` — BERTopic's own defaults with UMAP seeded — and everything else
default (CountVectorizer without stop words, c-TF-IDF). The MiniLM vectors are computed
once (`benchmarks.vectors`) and passed in, which is what BERTopic does with them anyway.

UMAP and HDBSCAN are subclassed only to time their calls inside `fit_transform`; the rest of
`fit_transform` (topic sorting, c-TF-IDF, representations) is reported as labelling.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from benchmarks.measure import Stages

SEED = 42


def _timed_models(stages: Stages):
    from hdbscan import HDBSCAN
    from umap import UMAP

    class TimedUMAP(UMAP):
        def fit_transform(self, X, y=None, **kwargs):
            with stages.time("reduction"):
                return super().fit_transform(X, y=y, **kwargs)

    class TimedHDBSCAN(HDBSCAN):
        def fit(self, X, y=None, **kwargs):
            with stages.time("clustering"):
                return super().fit(X, y=y, **kwargs)

    umap_model = TimedUMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                           random_state=SEED)
    hdbscan_model = TimedHDBSCAN(min_cluster_size=10, metric="euclidean",
                                 cluster_selection_method="eom", prediction_data=True)
    return umap_model, hdbscan_model


@dataclass
class PlainFit:
    topics: np.ndarray
    stages: Stages
    model: object


def fit_plain(texts: Sequence[str], embeddings: np.ndarray, embedding_model,
              embed_seconds: float, groups: Sequence[str] | None = None) -> PlainFit:
    """Fit plain BERTopic on precomputed MiniLM vectors; `groups` adds `topics_per_class`."""
    from bertopic import BERTopic

    stages = Stages()
    stages.add("embedding", embed_seconds)
    umap_model, hdbscan_model = _timed_models(stages)
    model = BERTopic(embedding_model=embedding_model, umap_model=umap_model,
                     hdbscan_model=hdbscan_model, verbose=False)
    start = time.perf_counter()
    topics, _ = model.fit_transform(list(texts), embeddings=embeddings)
    inside = time.perf_counter() - start
    stages.add("labelling", inside - stages.seconds.get("reduction", 0.0)
               - stages.seconds.get("clustering", 0.0))
    if groups is not None:
        with stages.time("groups"):
            model.topics_per_class(list(texts), classes=list(groups))
    return PlainFit(np.asarray(topics, dtype=int), stages, model)


def reduce_plain(fit: PlainFit, texts: Sequence[str], n_topics: int) -> tuple[np.ndarray, float]:
    """BERTopic's own `reduce_topics` to `n_topics` (changes `fit.model` in place).

    Returns the reduced topic per document and the seconds it took.
    """
    start = time.perf_counter()
    fit.model.reduce_topics(list(texts), nr_topics=n_topics)
    return np.asarray(fit.model.topics_, dtype=int), time.perf_counter() - start


def warm_up_numba(seed: int = SEED) -> float:
    """Fit UMAP once on small random data so that numba's compilation is not timed later.

    Returns the seconds it took: what a user's first UMAP fit in a fresh process pays extra.
    """
    from umap import UMAP

    start = time.perf_counter()
    data = np.random.default_rng(seed).normal(size=(600, 32)).astype(np.float32)
    UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
         random_state=seed).fit_transform(data)
    return time.perf_counter() - start
