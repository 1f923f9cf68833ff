"""The bundled sample through the command line: planted truth recovered, nothing leaked."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.metrics import normalized_mutual_info_score

from analyzer.cli import main
from tests.conftest import ROOT, SAMPLE

TRUTH = ROOT / "sample_feedback" / "planted_truth.csv"
BENCHMARK = ROOT / "sample_feedback" / "benchmark_shares.csv"


@pytest.fixture(scope="module")
def outdir(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    code = main(["analyze", str(SAMPLE), "--text", "Comment", "--group", "Role", "--id",
                 "Response ID", "--round", "Round", "--benchmark", str(BENCHMARK),
                 "--embedder", "tfidf", "--no-cache", "--out", str(out)])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def joined(outdir):
    assignments = pd.read_csv(outdir / "assignments.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(TRUTH, dtype=str, keep_default_na=False)
    return assignments.merge(truth, left_on="comment_id", right_on="Response ID",
                             validate="one_to_one")


def test_contract_files_are_written(outdir):
    for name in ("themes.csv", "assignments.csv", "groups.csv", "ledger.csv", "method.json",
                 "common_ground.csv", "distinctive.csv", "hidden.csv", "representation.csv",
                 "rounds.csv"):
        assert (outdir / name).stat().st_size > 0, name


def test_ledger_drops_exactly_the_planted_empty_rows(outdir):
    ledger = pd.read_csv(outdir / "ledger.csv", keep_default_na=False)
    truth = pd.read_csv(TRUTH, dtype=str, keep_default_na=False)
    assert len(ledger) == len(truth) == 2000
    dropped_rows = set(ledger.loc[ledger["status"] == "dropped", "row"])
    planted_empty = {i + 1 for i in truth.index[truth["planted_theme"] == "empty"]}
    assert dropped_rows == planted_empty
    assert set(ledger.loc[ledger["status"] == "dropped", "reason"]) == {"empty"}


def test_planted_non_answers_campaign_and_spanish_are_found(joined):
    non_answers = joined[joined["planted_theme"] == "non_answer"]
    assert len(non_answers) == 70 and (non_answers["theme_id"] == "-2").all()
    assert (non_answers["theme_label"] == "(no answer)").all()
    copies = joined[joined["is_campaign"] == "1"]
    assert len(copies) == 150 and copies["campaign_id"].nunique() == 1
    answered = joined[joined["planted_theme"] != "non_answer"]
    # language_x is what we detected, language_y what the generator planted.
    planted_spanish = answered[answered["language_y"] == "es"]
    assert len(planted_spanish) >= 40
    assert (planted_spanish["language_x"] == "es").mean() >= 0.95


def test_planted_themes_are_recovered(joined):
    answered = joined[~joined["planted_theme"].isin(["non_answer"])]
    assert normalized_mutual_info_score(answered["planted_theme"], answered["theme_id"]) >= 0.8
    assert (answered["theme_id"] == "-1").mean() <= 0.10


def test_the_smallest_groups_theme_tops_the_hidden_themes(outdir):
    hidden = pd.read_csv(outdir / "hidden.csv")
    top = hidden.sort_values("rank").iloc[0]
    assert top["group"] == "Spanish-speaking family"
    assert top["raw_rank"] > 10


def test_the_underrepresented_group_is_flagged(outdir):
    representation = pd.read_csv(outdir / "representation.csv").set_index("group")
    assert bool(representation.loc["Spanish-speaking family", "flagged"])
    assert representation.loc["Spanish-speaking family", "ratio"] < 0.5


def test_no_planted_email_or_phone_appears_in_any_output(outdir, joined):
    truth = pd.read_csv(TRUTH, dtype=str, keep_default_na=False)
    planted = [v for values in truth["pii_values"] for v in values.split(";") if v.strip()]
    kinds = [k for ks in truth["pii_kinds"] for k in ks.split(";") if k.strip()]
    assert len(planted) >= 40
    outputs = {p.name: p.read_text(encoding="utf-8") for p in outdir.iterdir() if p.is_file()}
    for value, kind in zip(planted, kinds):
        if kind in {"EMAIL", "PHONE"}:
            for name, text in outputs.items():
                assert value not in text, f"{kind} {value!r} leaked into {name}"
