"""Theme stability: a planted unstable theme is flagged, clear themes are not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyzer.config import AnalysisConfig
from analyzer.errors import ConfigError
from analyzer.pipelines.curate import merge_themes, rename_theme
from analyzer.pipelines.stability import (
    STABILITY_COLUMNS,
    assess_stability,
    stability_texts,
    theme_stability,
    with_stability,
)
from analyzer.themes.ledger import Ledger
from analyzer.themes.result import AnalysisResult
from analyzer.themes.theme import Theme
from tests.fitted import fitted_result


def planted(clustering: str, data_seed: int = 0) -> tuple[AnalysisResult, np.ndarray]:
    """Themes 0 and 1 are tight, well separated clusters; themes 2 and 3 are the two halves
    of one shapeless cloud, cut along an arbitrary direction: nothing in the data supports
    that cut, so reruns cut the cloud elsewhere."""
    rng = np.random.default_rng(data_seed)
    dims, n = 24, 40

    def tight(axis: int) -> np.ndarray:
        vectors = rng.normal(0, 0.05, (n, dims))
        vectors[:, axis] += 1.0
        return vectors

    cloud = np.zeros((2 * n, dims))
    cloud[:, 2] = 1.0
    cloud[:, 3:] += rng.normal(0, 1.0, (2 * n, dims - 3))
    vectors = np.vstack([tight(0), tight(1), cloud])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    halves = np.where(cloud[:, 3] > np.median(cloud[:, 3]), 2, 3)
    labels = np.r_[np.zeros(n, int), np.ones(n, int), halves]
    comments = pd.DataFrame({
        "comment_id": [f"c{i}" for i in range(len(labels))],
        "text": [f"comment number {i}" for i in range(len(labels))],
        "text_redacted": [f"comment number {i}" for i in range(len(labels))],
        "campaign_id": "", "theme_id": labels,
        "theme_label": [f"Theme {t}" for t in labels]})
    themes = tuple(Theme(t, f"Theme {t}", (), int((labels == t).sum()),
                         float((labels == t).mean()), ()) for t in range(4))
    result = AnalysisResult(comments=comments, themes=themes, ledger=Ledger.empty(), tables={},
                            method={"embedding_model": "all-MiniLM-L6-v2"},
                            config=AnalysisConfig(embedder="minilm", clustering=clustering))
    return result, vectors


@pytest.mark.parametrize("clustering", ["kmeans", "ward"])
@pytest.mark.parametrize("data_seed", [0, 1])
def test_a_planted_unstable_theme_is_flagged_and_clear_ones_are_not(clustering, data_seed):
    result, vectors = planted(clustering, data_seed)
    frame = theme_stability(result, embeddings=vectors)
    assert list(frame.columns) == STABILITY_COLUMNS
    by_theme = frame.set_index("theme_id")
    assert by_theme.loc[[0, 1], "stability"].min() >= 0.95
    assert not by_theme.loc[[0, 1], "unstable"].any()
    assert by_theme.loc[[2, 3], "stability"].max() < 0.5
    assert by_theme.loc[[2, 3], "unstable"].all()
    assert 0.0 <= frame.attrs["ari_between_runs"] <= 1.0
    assert frame.attrs["seeds"] == [1, 2, 3]


def test_the_seeds_are_configurable_and_the_report_is_reproducible():
    result, vectors = planted("kmeans")
    first = assess_stability(result, embeddings=vectors, seeds=(5, 6, 7, 8))
    second = assess_stability(result, embeddings=vectors, seeds=(5, 6, 7, 8))
    pd.testing.assert_frame_equal(first.themes, second.themes)
    assert first.seeds == (5, 6, 7, 8)
    assert first.ari_between_runs == second.ari_between_runs


def test_a_real_analysis_of_clear_topics_is_stable_without_passing_vectors():
    result = fitted_result()
    report = assess_stability(result)  # re-embeds the distinct texts with the TF-IDF embedder
    assert len(report.themes) == 3
    assert not report.themes["unstable"].any()
    assert report.themes["stability"].min() >= 0.8
    assert report.ari_with_fit >= 0.8
    assert len(stability_texts(result)) == result.method["theme_model"]["distinct_texts"]


def test_with_stability_puts_the_report_in_tables_and_method():
    result, vectors = planted("kmeans")
    report = assess_stability(result, embeddings=vectors)
    marked = with_stability(result, report)
    pd.testing.assert_frame_equal(marked.tables["stability"], report.themes)
    assert marked.method["stability"]["unstable_theme_ids"] == [2, 3]
    assert marked.method["stability"]["unstable_themes"] == ["Theme 2", "Theme 3"]
    assert "stability" not in result.method


def test_curation_relabels_or_drops_a_stability_report():
    result, vectors = planted("kmeans")
    marked = with_stability(result, assess_stability(result, embeddings=vectors))
    marked = with_groups(marked)
    renamed = rename_theme(marked, 2, "Cloud", who="Ana")
    assert renamed.tables["stability"].set_index("theme_id").loc[2, "label"] == "Cloud"
    assert renamed.method["stability"]["unstable_themes"] == ["Cloud", "Theme 3"]
    merged = merge_themes(marked, [2, 3], who="Ana")
    assert "stability" not in merged.tables and "stability" not in merged.method
    with pytest.raises(ConfigError, match=r"names themes \[3\] that this analysis does not"):
        with_stability(merged, assess_stability(result, embeddings=vectors))


def with_groups(result: AnalysisResult) -> AnalysisResult:
    """The planted result has no group column; give it one so curation can recompute tables."""
    import dataclasses

    comments = result.comments.assign(
        role=np.where(np.arange(len(result.comments)) % 2, "Parent", "Student"),
        weight=1.0, is_non_answer=False)
    return dataclasses.replace(result, comments=comments, group_columns=("role",))


@pytest.mark.parametrize("kwargs, message", [
    ({"seeds": ()}, r"seeds is empty"),
    ({"seeds": (1, 1)}, r"repeat a seed"),
    ({"seeds": ("a",)}, r"should be whole numbers"),
    ({"subsample": 0.1}, r"subsample=0.1 should be between 0.2 and 1.0"),
    ({"threshold": 1.5}, r"threshold=1.5 should be between 0 and 1"),
    ({"embeddings": np.zeros((3, 2))}, r"embeddings has shape \(3, 2\); it needs one row per "
                                       r"distinct text \(160\)"),
])
def test_bad_settings_are_refused(kwargs, message):
    result, vectors = planted("kmeans")
    kwargs.setdefault("embeddings", vectors)
    with pytest.raises(ConfigError, match=message):
        assess_stability(result, **kwargs)
