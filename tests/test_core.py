"""End-to-end behaviour of the library on small synthetic data (TF-IDF embedder, no model)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyzer.config import AnalysisConfig
from analyzer.core import FeedbackAnalyzer
from analyzer.errors import ConfigError, NoUsableTextError
from analyzer.pipelines.cluster import choose_theme_count
from analyzer.pipelines.ingest import ColumnRoles, read_inputs
from tests.conftest import synthetic_feedback

ROLES = ColumnRoles(text=("comment",), groups=("role",), id="id")


def analyse(path, **settings):
    config = AnalysisConfig(embedder="tfidf", **settings)
    return FeedbackAnalyzer(config, use_cache=False).fit(read_inputs([path], ROLES))


def test_comments_on_the_same_topic_land_in_the_same_theme(synthetic_csv):
    path, truth = synthetic_csv
    result = analyse(path, n_themes=3)
    merged = result.comments.merge(truth[["id", "topic"]], left_on="comment_id", right_on="id")
    assigned = merged[merged["theme_id"] >= 0]
    # Each planted topic sits (almost) entirely in one theme, and each theme holds one topic.
    for topic, rows in assigned.groupby("topic"):
        assert rows["theme_id"].value_counts(normalize=True).iloc[0] >= 0.9, topic
    assert assigned.groupby("theme_id")["topic"].nunique().max() == 1
    bus_theme = assigned[assigned["topic"] == "bus"]["theme_id"].mode()[0]
    assert "bus" in result.theme(bus_theme).label.lower() or \
        "bus" in result.theme(bus_theme).keywords


def test_unassigned_share_stays_under_the_cap(synthetic_csv):
    path, _ = synthetic_csv
    result = analyse(path, n_themes=3)
    assert (result.comments["theme_id"] == -1).mean() <= 0.10


def test_same_seed_gives_identical_assignments(synthetic_csv):
    path, _ = synthetic_csv
    first = analyse(path, seed=7)
    second = analyse(path, seed=7)
    pd.testing.assert_series_equal(first.comments["theme_id"], second.comments["theme_id"])
    assert [t.label for t in first.themes] == [t.label for t in second.themes]


def test_every_input_row_appears_once_in_the_ledger(tmp_path):
    frame = synthetic_feedback(n_per_topic=10)
    frame.loc[frame.index[:4], "comment"] = ["", "   ", "n/a", "nothing"]
    path = tmp_path / "with_blanks.csv"
    frame.drop(columns=["topic"]).to_csv(path, index=False)
    result = analyse(path)
    ledger = result.ledger.entries
    assert len(ledger) == len(frame)
    assert sorted(ledger["row"]) == list(range(1, len(frame) + 1))
    assert (ledger["status"] == "dropped").sum() == 2
    assert set(ledger.loc[ledger["status"] == "dropped", "reason"]) == {"empty"}
    non_answers = result.comments[result.comments["theme_id"] == -2]
    assert sorted(non_answers["text_original"]) == ["n/a", "nothing"]
    assert set(non_answers["theme_label"]) == {"(no answer)"}


def test_themes_carry_representatives_that_are_their_own_members(synthetic_csv):
    path, _ = synthetic_csv
    result = analyse(path, n_themes=3)
    for theme in result.themes:
        if theme.theme_id < 0:
            continue
        members = set(result.comments_in(theme.theme_id)["comment_id"])
        assert len(theme.representative_comment_ids) == 3
        assert set(theme.representative_comment_ids) <= members
        assert theme.size == len(members)
        assert theme.label and "_" not in theme.label


def test_group_table_counts_each_groups_comments(synthetic_csv):
    path, truth = synthetic_csv
    # Some synthetic comments repeat word for word; count every copy to compare with truth.
    result = analyse(path, n_themes=3, campaign_counting="every_copy")
    groups = result.tables["groups"]
    per_group = groups.groupby("group")["count"].sum()
    expected = truth["role"].value_counts()
    for group, count in expected.items():
        assert per_group[group] == pytest.approx(count)
    shares = groups.groupby("group")["share_of_group"].sum()
    assert np.allclose(shares.to_numpy(), 1.0)


def test_only_non_answers_is_a_clear_error(tmp_path):
    path = tmp_path / "blank.csv"
    pd.DataFrame({"id": ["a", "b", "c"], "comment": ["n/a", "nothing", "-"],
                  "role": ["x", "y", "x"]}).to_csv(path, index=False)
    with pytest.raises(NoUsableTextError, match="non-answer"):
        analyse(path)


@pytest.mark.parametrize("n_comments, expected", [(12, 2), (39, 3), (50, 5), (100, 8),
                                                  (500, 10), (2000, 20), (4500, 30),
                                                  (100_000, 40)])
def test_theme_count_grows_with_corpus_size_within_readable_bounds(n_comments, expected):
    assert choose_theme_count(n_comments) == expected


def test_invalid_settings_are_rejected_with_the_value_named():
    with pytest.raises(ConfigError, match="granularity='tiny'"):
        AnalysisConfig(granularity="tiny")
    with pytest.raises(ConfigError, match="n_themes=1"):
        AnalysisConfig(n_themes=1)


def test_auto_embedder_reads_small_corpora_with_minilm_and_large_ones_with_static():
    from analyzer.pipelines.embed import AUTO_STATIC_FROM, make_embedder, resolve_embedder

    assert AnalysisConfig().embedder == "auto"
    assert resolve_embedder("auto", 500) == "minilm-int8"
    assert resolve_embedder("auto", AUTO_STATIC_FROM) == "minilm-int8"
    assert resolve_embedder("minilm", 500) == "minilm"  # a named model keeps full precision
    assert resolve_embedder("auto", AUTO_STATIC_FROM + 1) == "static"
    assert resolve_embedder("tfidf", 10**6) == "tfidf"
    with pytest.raises(ConfigError, match="resolve_embedder"):
        make_embedder("auto")


def test_the_result_remembers_which_embedder_made_its_vectors(synthetic_csv):
    path, _ = synthetic_csv
    result = analyse(path, n_themes=3)
    assert result.method["embedder"] == "tfidf" and result.embedder_name == "tfidf"


def test_ward_cut_matches_scikit_learns_agglomerative_clustering():
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics import adjusted_rand_score

    from analyzer.pipelines.cluster import _ward_labels

    rng = np.random.default_rng(3)
    centres = rng.normal(size=(6, 24))
    X = (centres[rng.integers(0, 6, 600)] + 0.6 * rng.normal(size=(600, 24))).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    ours = _ward_labels(X, 9)
    theirs = AgglomerativeClustering(n_clusters=9, linkage="ward").fit_predict(X)
    assert sorted(set(ours)) == list(range(9))
    assert adjusted_rand_score(theirs, ours) == 1.0
