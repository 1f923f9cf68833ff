"""The benchmark's dataset loaders and measurements (never a timed assertion).

The fast tests read the shared datasets when `../shared/datasets` is there and skip cleanly
when it is not; the slow ones run small pieces of the benchmark itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from benchmarks.datasets import (
    SHARED_DATASETS,
    DatasetMissing,
    load_banking77,
    load_clinc150,
    load_polis,
    load_sample,
)
from benchmarks.measure import PeakRSS, Stages, agreement, theme_summary
from benchmarks.report import PLAIN, Row, add_ratios, as_markdown, as_text, table

needs_shared = pytest.mark.skipif(not SHARED_DATASETS.exists(),
                                  reason="../shared/datasets is not on this machine")


@needs_shared
def test_banking77_has_every_message_and_77_intents():
    data = load_banking77()
    assert len(data) == 13_083
    assert data.n_labels("intent") == 77
    assert data.frame["text"].str.strip().ne("").all()
    assert data.frame["id"].is_unique


@needs_shared
def test_clinc150_test_split_maps_150_intents_onto_10_domains():
    data = load_clinc150()
    assert len(data) == 4_500
    assert (data.n_labels("domain"), data.n_labels("intent")) == (10, 150)
    # Every intent lies in exactly one domain.
    assert data.frame.groupby("intent")["domain"].nunique().eq(1).all()


@needs_shared
def test_polis_comments_carry_their_authors_opinion_group():
    data = load_polis()
    assert len(data) == 896
    assert data.group_columns == ("group",)
    assert data.frame["group"].str.startswith(("group ", "(no group)")).all()
    assert data.frame["group"].nunique() >= 2


def test_missing_dataset_folder_raises_a_named_error(tmp_path):
    with pytest.raises(DatasetMissing, match="banking77"):
        load_banking77(tmp_path)


def test_sample_is_scored_only_on_rows_planted_with_a_theme(tmp_path):
    pd.DataFrame({"Response ID": ["R1", "R2", "R3"], "Comment": ["bus late", "n/a", ""],
                  "Role": ["Parent"] * 3, "School": ["A"] * 3, "Round": ["Spring"] * 3}
                 ).to_csv(tmp_path / "district_survey.csv", index=False)
    pd.DataFrame({"Response ID": ["R1", "R2", "R3"],
                  "planted_theme": ["transportation", "non_answer", "empty"]}
                 ).to_csv(tmp_path / "planted_truth.csv", index=False)
    data = load_sample(tmp_path)
    assert data.label_columns == ("planted_theme",)
    assert data.scored_mask.tolist() == [True, False, False]
    assert data.n_labels("planted_theme") == 1


def test_sample_without_truth_has_no_labels(tmp_path):
    pd.DataFrame({"Response ID": ["R1"], "Comment": ["bus"], "Role": ["Parent"],
                  "School": ["A"], "Round": ["Spring"]}).to_csv(tmp_path / "district_survey.csv",
                                                                 index=False)
    assert load_sample(tmp_path).label_columns == ()


def test_agreement_counts_unassigned_as_one_more_cluster():
    truth = np.array([0, 0, 1, 1])
    assert agreement(np.array([5, 5, 7, 7]), truth) == pytest.approx((1.0, 1.0))
    nmi, ari = agreement(np.array([5, 5, -1, -1]), truth)
    assert (nmi, ari) == pytest.approx((1.0, 1.0))  # -1 is a label like any other
    with pytest.raises(ValueError, match="3 theme ids for 4 labels"):
        agreement(np.array([0, 0, 1]), truth)


def test_theme_summary_leaves_unassigned_out_of_the_count():
    assert theme_summary(np.array([0, 1, 1, -1])) == (2, 0.25)


def test_stages_add_up_and_peak_memory_is_sampled():
    stages = Stages()
    stages.add("embedding", 1.5)
    with stages.time("clustering"):
        pass
    stages.add("embedding", 0.5)
    assert list(stages.seconds) == ["embedding", "clustering"]
    assert stages.seconds["embedding"] == 2.0
    with PeakRSS() as peak:
        block = np.ones((2_000, 2_000))  # 32 MB, held until the block ends
        del block
    assert peak.mb >= peak.baseline_mb > 0


def _row(method, nmi, seconds):
    return Row("d", "label (2)", method, 10, {"embedding": seconds}, 100.0, 2, 0.0, nmi, nmi)


def test_ratios_are_against_plain_bertopic_on_the_same_dataset():
    rows = [_row(PLAIN, 0.5, 10.0), _row("ours", 0.6, 2.0)]
    add_ratios(rows)
    assert rows[1].ratios == pytest.approx({"speed": 5.0, "nmi": 1.2, "ari": 1.2})
    printed = table(rows)
    assert printed.loc[1, "speed×"] == "5.0"
    assert printed.loc[0, "embed"] == "1"  # 10 docs in 10 s
    assert "ours" in as_text(printed) and as_markdown(printed).startswith("| dataset |")


@pytest.mark.slow
@needs_shared
def test_plain_and_ours_agree_with_clinc_domains_on_a_slice():
    """A few hundred CLINC150 queries through both pipelines, MiniLM vectors."""
    from analyzer.pipelines.embed import make_embedder
    from benchmarks.ours import fit_ours_on_vectors
    from benchmarks.plain import fit_plain

    data = load_clinc150()
    frame = data.frame.groupby("domain").head(40).reset_index(drop=True)
    texts = frame["text"].tolist()
    X = make_embedder("minilm").encode(texts)
    plain = fit_plain(texts, X, None, 0.0)
    ours = fit_ours_on_vectors(texts, X, 10, 0.0)
    for themes in (plain.topics, ours.themes):
        assert len(themes) == len(texts)
        nmi, _ = agreement(themes, frame["domain"].to_numpy())
        assert nmi > 0.3
    assert {"reduction", "clustering", "labelling"} <= set(plain.stages.seconds)
    assert {"clustering", "labelling"} <= set(ours.stages.seconds)


@pytest.mark.slow
def test_scale_corpus_is_mostly_distinct_and_end_to_end_runs(tmp_path):
    from benchmarks.ours import fit_ours_end_to_end
    from benchmarks.scale import synthetic_corpus

    data = synthetic_corpus(600, seed=1)
    assert data.frame["text"].str.lower().nunique() > 500
    fit = fit_ours_end_to_end(data, "tfidf", n_themes=8)
    assert len(fit.themes) == 600
    assert {"intake", "cleaning", "embedding", "clustering", "labelling"} <= set(fit.stages.seconds)


def _first_run(run, e2e, nmi, **stages):
    return {"n": 1_000, "run": run, "dataset": "banking77-1000", "startup": 2.0,
            "stages": stages, "e2e": e2e, "peak_mb": 900.0, "nmi": nmi}


def test_first_run_table_names_first_runs_and_compares_each_with_plain():
    from benchmarks.first_run import markdown_table, report

    results = [_first_run("first", 5.0, 0.61, intake=0.1, embedding=4.0, writing=0.2),
               _first_run("rerun", 2.0, 0.61, embedding=0.1),
               {"n": 1_000, "run": "no-names", "error": "timed out after 60 s"},
               _first_run("plain", 10.0, 0.58, embedding=8.0, reduction=1.5)]
    rows = markdown_table(results).splitlines()
    assert rows[0].startswith("| comments | run | intake | cleaning | embedding | reduction |")
    first, rerun, failed, plain = (row.split(" | ") for row in rows[2:])
    assert first[1] == "ours, first run (empty cache)" and rerun[1] == "ours, rerun (cached)"
    assert first[2:5] == ["0.1", "—", "4.0"] and first[9] == "0.2"  # intake, cleaning, writing
    assert first[-1] == "2.0x |" and rerun[-1] == "5.0x |" and plain[-1] == "1.0x |"
    assert first[11] == "—"  # one run: no spread
    assert first[12] == "200" and rerun[12] == "500"  # docs/s
    assert "timed out after 60 s" in failed[2]
    assert plain[5] == "1.5" and plain[9] == "—"
    text = report(results, "python -m benchmarks.first_run --sizes 1000", prepare_seconds=17.4)
    assert "**First runs**" in text and "banking77-1000" in text
    assert "into a new folder in 17.4 s" in text  # the install-time model build, apart


def test_first_run_table_shows_the_median_repeat_and_the_spread():
    from benchmarks.first_run import markdown_table

    results = [_first_run("first", 7.0, 0.61, embedding=6.0),
               _first_run("plain", 12.0, 0.58, embedding=8.0),
               _first_run("first", 5.0, 0.61, embedding=4.0),
               _first_run("plain", 10.0, 0.58, embedding=8.0),
               _first_run("first", 6.0, 0.61, embedding=5.0),
               _first_run("plain", 11.0, 0.58, embedding=8.0)]
    first, plain = (row.split(" | ") for row in markdown_table(results).splitlines()[2:])
    assert first[4] == "5.0" and first[10] == "6.0"  # the median run's stages and total
    assert first[11] == "5.0–7.0 (3 runs)" and plain[11] == "10.0–12.0 (3 runs)"
    assert first[-1] == "1.8x |"  # median against median: 11.0 / 6.0


@needs_shared
def test_first_run_corpus_draws_banking77_across_intents_then_goes_synthetic():
    from benchmarks.first_run import corpus

    real, label = corpus(300)
    assert (real.name, label, len(real)) == ("banking77-300", "intent", 300)
    assert real.n_labels("intent") > 50  # a seeded draw, not the first (sorted) rows
    assert real.frame["channel"].value_counts().tolist() == [100, 100, 100]
    synthetic, label = corpus(14_000)
    assert label == "topic" and len(synthetic) == 14_000


@pytest.mark.slow
@needs_shared
def test_first_run_child_starts_from_an_empty_cache_and_the_rerun_reads_it(tmp_path):
    """Two real child processes on 150 banking77 messages: the first writes MiniLM's int8
    graph into the given, empty models folder and fills the given vector cache; the rerun
    finds both there."""
    from analyzer.pipelines.onnx_minilm import graph_path
    from benchmarks.first_run import run_in_child

    vectors, models = tmp_path / "vectors", tmp_path / "models"
    first = run_in_child(150, "first", vectors, models, timeout=600)
    assert graph_path(models, quantised=True).exists()
    assert sorted(path.name for path in vectors.iterdir()) == ["embeddings.sqlite"]
    rerun = run_in_child(150, "rerun", vectors, models, timeout=600)
    for result in (first, rerun):
        assert "error" not in result, result
        assert {"intake", "cleaning", "embedding", "clustering", "labelling", "groups",
                "writing"} <= set(result["stages"])
        assert 0.2 < result["nmi"] <= 1.0 and result["peak_mb"] > 100
    assert rerun["stages"]["embedding"] < first["stages"]["embedding"]
