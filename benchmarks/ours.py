"""Our pipeline, timed stage by stage: on shared vectors, and end to end.

- `fit_ours_on_vectors`: the library's theme fitting (`fit_themes`: our `ThemeClusterer`,
  Ward or k-means, in BERTopic's clustering slot, c-TF-IDF keywords) and phrase labelling
  (`label_themes`) on the same MiniLM
  vectors plain BERTopic gets — the like-for-like quality comparison.
- `fit_ours_end_to_end`: a CSV written to a temporary folder, read with `read_inputs`, then
  `FeedbackAnalyzer.fit` with its own embedder (no embedding cache), stages timed through the
  analyzer's progress callback.

In both, `ThemeClusterer.fit` is timed by swapping in a subclass for the duration of the
run (`timed_clusterer`), so that clustering and keyword extraction are reported apart.
"""

from __future__ import annotations

import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from benchmarks.datasets import LabelledSet
from benchmarks.measure import Stages

PROGRESS_STAGES = {"Cleaning": "cleaning", "Embedding": "embedding",
                   "Finding themes": "clustering", "Labelling": "labelling",
                   "Comparing groups": "groups"}
"""`FeedbackAnalyzer` progress stage -> benchmark stage."""


@contextmanager
def timed_clusterer(stages: Stages) -> Iterator[None]:
    """Within the block, every clusterer fit made by `fit_themes` adds its seconds to
    `clustering` and keeps them out of the enclosing stage (which becomes `labelling`). The
    exact vectors it asks for (comments whose estimates it did not keep) count as embedding."""
    from analyzer.pipelines import model
    from analyzer.pipelines.cluster import ThemeClusterer

    class TimedClusterer(ThemeClusterer):
        def fit(self, X, y=None):
            exact_vectors = self.exact_vectors
            embedding = []

            def timed_exact_vectors(rows):
                begun = time.perf_counter()
                try:
                    return exact_vectors(rows)
                finally:
                    embedding.append(time.perf_counter() - begun)

            if exact_vectors is not None:
                self.exact_vectors = timed_exact_vectors
            start = time.perf_counter()
            try:
                return super().fit(X, y)
            finally:
                stages.add("clusterer", time.perf_counter() - start - sum(embedding))
                stages.add("clusterer embedding", sum(embedding))

    original = model.ThemeClusterer
    model.ThemeClusterer = TimedClusterer
    try:
        yield
    finally:
        model.ThemeClusterer = original


def _split_clustering(stages: Stages, enclosing: str) -> None:
    """Move the clusterer's seconds out of `enclosing` into clustering, and the exact vectors
    it asked for into embedding; the rest is keywords."""
    clusterer = stages.seconds.pop("clusterer", 0.0)
    embedding = stages.seconds.pop("clusterer embedding", 0.0)
    rest = stages.seconds.pop(enclosing, 0.0) - clusterer - embedding
    stages.add("clustering", clusterer)
    stages.add("embedding", embedding)
    stages.add("labelling", max(rest, 0.0))


@dataclass
class OursFit:
    themes: np.ndarray
    """Theme id per input document; -1 unassigned (non-answers and dropped rows too)."""
    stages: Stages
    detail: dict


def fit_ours_on_vectors(texts: Sequence[str], embeddings: np.ndarray, n_themes: int,
                        embed_seconds: float, *, clustering: str = "ward",
                        seed: int = 42) -> OursFit:
    from analyzer.config import AnalysisConfig
    from analyzer.pipelines.labels import label_themes
    from analyzer.pipelines.model import fit_themes

    defaults = AnalysisConfig()
    stages = Stages()
    stages.add("embedding", embed_seconds)
    with timed_clusterer(stages), stages.time("fit_themes"):
        fitted = fit_themes(list(texts), embeddings, n_themes=n_themes, seed=seed,
                            fit_sample_size=defaults.fit_sample_size,
                            max_unassigned_share=defaults.max_unassigned_share,
                            clustering=clustering)
    _split_clustering(stages, "fit_themes")
    with stages.time("labelling"):
        labels = label_themes(list(texts), embeddings, fitted.labels, fitted.centroids,
                              fitted.keywords)
    return OursFit(fitted.labels, stages, {"n_fitted": fitted.n_fitted,
                                           "labels": [labels[k].label for k in sorted(labels)][:5]})


def fit_ours_end_to_end(dataset: LabelledSet, embedder: str, *, n_themes: int | None = None,
                        redact_names: bool = True, seed: int = 42,
                        scheduler: str | None = None, use_cache: bool = False,
                        write: bool = False, estimate_beyond_sample: bool = True) -> OursFit:
    """Intake to group statistics through `FeedbackAnalyzer`, from a CSV of the dataset;
    `scheduler`: a Dask scheduler's address for the per-comment stages (benchmarks.dask_scale).
    `use_cache`: read and fill the vector cache in `default_cache_dir()`, as the CLI does
    (benchmarks.first_run); `write`: also time writing the CLI's output folder (`writing`).

    `redact_names=False` turns off spaCy's name recognition in cleaning (patterns still
    redact emails, phones...), the costliest step at scale. `estimate_beyond_sample=False`
    reads every comment with MiniLM (`AnalysisConfig.estimate_beyond_sample`).
    """
    from analyzer.config import AnalysisConfig, CleaningConfig
    from analyzer.core import FeedbackAnalyzer
    from analyzer.pipelines.ingest import ColumnRoles, read_inputs

    config = AnalysisConfig(embedder=embedder, n_themes=n_themes, seed=seed,
                            estimate_beyond_sample=estimate_beyond_sample,
                            cleaning=CleaningConfig(redact_names=redact_names))
    roles = ColumnRoles(text=("text",), groups=dataset.group_columns, id="id")
    stages = Stages()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{dataset.name}.csv"
        dataset.frame[["id", "text", *dataset.group_columns]].to_csv(path, index=False)
        with stages.time("intake"):
            corpus = read_inputs([path], roles)
        clock = {"stage": None, "start": time.perf_counter()}

        def progress(stage: str, fraction: float) -> None:
            now = time.perf_counter()
            if clock["stage"] is not None:
                stages.add(clock["stage"], now - clock["start"])
            clock["stage"], clock["start"] = PROGRESS_STAGES.get(stage), now

        with timed_clusterer(stages):
            result = FeedbackAnalyzer(config, use_cache=use_cache,
                                      scheduler=scheduler).fit(corpus, progress=progress)
        if write:
            from analyzer.pipelines.write import write_outputs

            with stages.time("writing"):
                write_outputs(result, Path(folder) / "out")
    _split_clustering(stages, "clustering")
    theme_by_id = dict(zip(result.comments["comment_id"].astype(str),
                           result.comments["theme_id"].astype(int)))
    themes = dataset.frame["id"].map(theme_by_id).fillna(-1).to_numpy(dtype=int, copy=True)
    themes[themes < 0] = -1
    method = result.method
    detail = {"n_fitted": method["theme_model"]["texts_clustered"],
              "distinct": method["theme_model"]["distinct_texts"],
              "themes_requested": method["theme_model"]["themes_requested"],
              "clustering": method["theme_model"]["clustering"],
              "labels": [t.label for t in result.themes if t.theme_id >= 0][:5]}
    return OursFit(themes, stages, detail)


def warm_up(embedder: str = "tfidf", redact_names: bool = True) -> float:
    """One 90-comment run, so that imports and model loads are not timed later; its seconds."""
    import pandas as pd

    start = time.perf_counter()
    words = ["bus", "park", "school"] * 30
    frame = pd.DataFrame({"id": [f"w{i}" for i in range(90)],
                          "text": [f"{w} comment number {i} about the {w} in town, said Ann Lee"
                                   for i, w in enumerate(words)],
                          "group": ["a", "b", "c"] * 30})
    fit_ours_end_to_end(LabelledSet("warm-up", frame, (), ("group",)), embedder, n_themes=3,
                        redact_names=redact_names)
    return time.perf_counter() - start
