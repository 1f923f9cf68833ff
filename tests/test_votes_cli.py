"""`analyze --votes` end to end on a real Polis conversation, checked against its own export.

london.youth.policing is the smallest conversation in ../shared/datasets/polis_openData
(39 comments, 26 participants, 3 opinion groups); TF-IDF keeps the run fast.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analyzer.cli import EXIT_BAD_INPUT, main
from analyzer.pipelines.votes import read_votes
from benchmarks.datasets import SHARED_DATASETS

CONVERSATION = SHARED_DATASETS / "polis_openData" / "london.youth.policing"
needs_polis = pytest.mark.skipif(not CONVERSATION.exists(),
                                 reason="../shared/datasets/polis_openData is not here")


def polis_consensus(export: pd.DataFrame) -> pd.Series:
    """Group-aware consensus straight from the export, written out plainly."""
    comment_columns = [c for c in export.columns if str(c).isdigit()]
    grouped = export[export["group-id"].notna()]
    consensus = pd.Series(1.0, index=[str(c) for c in comment_columns])
    for _, members in grouped.groupby("group-id"):
        for column in comment_columns:
            votes = members[column].dropna()
            consensus[str(column)] *= ((votes == 1).sum() + 1) / (len(votes) + 2)
    return consensus


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    out = tmp_path_factory.mktemp("london") / "out"
    code = main(["analyze", str(CONVERSATION / "comments.csv"), "--text", "comment-body",
                 "--id", "comment-id", "--votes", str(CONVERSATION / "participants-votes.csv"),
                 "--embedder", "tfidf", "--no-cache", "--out", str(out)])
    assert code == 0
    return out


@needs_polis
def test_agreement_has_polis_consensus_for_every_voted_comment(analysed):
    export = pd.read_csv(CONVERSATION / "participants-votes.csv")
    agreement = pd.read_csv(analysed / "agreement.csv", dtype={"comment_id": str})
    expected = polis_consensus(export)
    assert agreement["comment_id"].tolist() == expected.index.tolist()
    assert np.allclose(agreement["group_aware_consensus"], expected.to_numpy(), rtol=0,
                       atol=1e-12)
    first = expected.index[0]
    in_a = export[export["group-id"] == 0][first].dropna()
    row = agreement.iloc[0]
    assert (row["A_agree"], row["A_disagree"], row["A_pass"]) == (
        (in_a == 1).sum(), (in_a == -1).sum(), (in_a == 0).sum())


@needs_polis
def test_each_voted_comment_carries_its_theme_and_the_files_are_written(analysed):
    agreement = pd.read_csv(analysed / "agreement.csv", dtype={"comment_id": str})
    assignments = pd.read_csv(analysed / "assignments.csv", dtype={"comment_id": str})
    theme_of = dict(zip(assignments["comment_id"], assignments["theme_id"]))
    analysed_rows = agreement[agreement["theme_id"].notna()]
    assert len(analysed_rows) == 36  # 36 comment columns, 39 comments (3 without votes)
    assert all(theme_of[c] == t for c, t in zip(analysed_rows["comment_id"],
                                                analysed_rows["theme_id"]))
    themes = pd.read_csv(analysed / "theme_agreement.csv")
    assert themes["statements"].sum() == 36
    assert (themes["broad_agreement"] <= themes["statements"]).all()
    groups = pd.read_csv(analysed / "opinion_groups.csv", dtype=str, keep_default_na=False)
    export = pd.read_csv(CONVERSATION / "participants-votes.csv", dtype=str,
                         keep_default_na=False)
    letters = export["group-id"].map({"0": "A", "1": "B", "2": "C", "": ""})
    assert groups["group"].tolist() == letters.tolist()


@needs_polis
def test_opinion_groups_become_the_group_column_and_the_ledger_holds_every_vote_row(analysed):
    method = json.loads((analysed / "method.json").read_text(encoding="utf-8"))
    assert method["columns"]["derived_groups"] == ["Opinion group"]
    assert method["votes"]["opinion_groups"]["groups"] == ["A", "B", "C"]
    assert method["votes"]["author_column"] == "author-id"
    ledger = pd.read_csv(analysed / "ledger.csv")
    assert (ledger["source"] == "participants-votes.csv").sum() == 26
    assert (ledger["source"] == "comments.csv").sum() == 39
    agreed = pd.read_csv(analysed / "theme_group_agreement.csv")
    assert set(agreed["group"]) == {"A", "B", "C"}
    assert agreed.loc[agreed["group"] == "B", "raised_share"].notna().all()
    common = pd.read_csv(analysed / "common_ground.csv")
    assert len(common) == pd.read_csv(analysed / "themes.csv").query("theme_id >= 0").shape[0]


@needs_polis
def test_the_long_votes_file_gives_the_same_final_votes_as_the_export():
    wide = read_votes(CONVERSATION / "participants-votes.csv")
    long = read_votes(CONVERSATION / "votes.csv")
    key = ["participant", "comment_id"]
    assert long.votes.sort_values(key).reset_index(drop=True).equals(
        wide.votes.sort_values(key).reset_index(drop=True))
    assert long.ledger.n_read == 640 and long.ledger.drop_reasons() == {
        "replaced by a later vote": 2}


def test_votes_without_an_id_column_is_refused_before_any_work(tmp_path, capsys):
    comments = tmp_path / "comments.csv"
    comments.write_text("text\nthe bus is late\n", encoding="utf-8")
    code = main(["analyze", str(comments), "--text", "text", "--votes", str(comments),
                 "--out", str(tmp_path / "out")])
    assert code == EXIT_BAD_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "error: --votes needs --id naming the comment id column that the votes refer to (for "
        "a Polis export: --id comment-id)."]


def test_a_bad_vote_file_is_refused_in_one_line_before_the_analysis(tmp_path, capsys):
    comments = tmp_path / "comments.csv"
    comments.write_text("id,text\n1,the bus is late\n", encoding="utf-8")
    votes = tmp_path / "votes.csv"
    votes.write_text("participant,1\np1,perhaps\n", encoding="utf-8")
    code = main(["analyze", str(comments), "--text", "text", "--id", "id", "--votes",
                 str(votes), "--out", str(tmp_path / "out")])
    assert code == EXIT_BAD_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "error: file 'votes.csv', row 1, column '1': 'perhaps' is not a vote (row 2 when "
        "opened in a spreadsheet); write 1 or agree, -1 or disagree, 0 or pass, or leave the "
        "cell empty for a comment not seen."]
    assert not (tmp_path / "out").exists()


def test_votes_on_comments_the_analysis_does_not_have_are_a_data_error(tmp_path, capsys):
    comments = tmp_path / "comments.csv"
    comments.write_text("id,text\n" + "\n".join(
        f"{i},{text}" for i, text in enumerate(["the bus is late", "buses are full",
                                                 "lunch is cold", "lunch is small",
                                                 "the bus driver is rude", "lunch is late"])),
        encoding="utf-8")
    votes = tmp_path / "votes.csv"
    votes.write_text("participant,comment_id,vote\np1,x1,1\n", encoding="utf-8")
    code = main(["analyze", str(comments), "--text", "text", "--id", "id", "--votes",
                 str(votes), "--embedder", "tfidf", "--no-cache", "--out", str(tmp_path / "o")])
    assert code == EXIT_BAD_INPUT
    error = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error")]
    assert error == ["error: none of the comment ids in the vote file 'votes.csv' ('x1', ...) "
                     "is the id of an analysed comment ('0', '1', '2', ...). Analyse the "
                     "comments the votes are on, and name their comment id column as the id "
                     "(for Polis: --id comment-id)."]


@needs_polis
def test_the_html_report_shows_agreement_beside_attention(analysed):
    lxml_html = pytest.importorskip("lxml.html")
    assert main(["report", str(analysed), "--format", "html"]) == 0
    page = lxml_html.fromstring((analysed / "report.html").read_text(encoding="utf-8"))
    assert [s.get("id") for s in page.xpath("//section")][:4] == [
        "summary", "themes", "common-ground", "agreement"]
    section = page.xpath("//section[@id='agreement']")[0]
    headers = section.xpath(".//table[1]//th/text()")
    assert headers[:4] == ["Theme", "Statements", "Broad agreement", "Divides groups"]
    assert "Raised by B" in headers and "Agreed by A" in headers
    agreement = pd.read_csv(analysed / "agreement.csv", dtype={"comment_id": str})
    top = agreement.sort_values(["group_aware_consensus", "comment_id"],
                                ascending=[False, True]).iloc[0]
    comments = pd.read_csv(CONVERSATION / "comments.csv", dtype=str)
    text = comments.set_index("comment-id").loc[top["comment_id"], "comment-body"]
    assert section.xpath("string(.//table[2]//tbody/tr[1]/td[1])") == text
    method = page.xpath("string(//section[@id='method'])")
    assert "participants-votes.csv (polis form)" in method


@needs_polis
def test_the_slides_show_where_opinion_groups_agree_and_divide(analysed):
    from pptx import Presentation

    assert main(["report", str(analysed), "--format", "pptx"]) == 0
    deck = Presentation(str(analysed / "report.pptx"))
    slides = {slide.shapes[0].text_frame.text: slide for slide in deck.slides}
    assert {"Where the opinion groups agree", "Where the opinion groups divide"} <= set(slides)
    agreement = pd.read_csv(analysed / "agreement.csv", dtype={"comment_id": str})
    top = agreement.sort_values(["group_aware_consensus", "comment_id"],
                                ascending=[False, True]).iloc[0]
    comments = pd.read_csv(CONVERSATION / "comments.csv", dtype=str)
    text = comments.set_index("comment-id").loc[top["comment_id"], "comment-body"]
    agree = slides["Where the opinion groups agree"]
    first = agree.shapes[1].text_frame.paragraphs[0].text
    assert first.startswith(f"• “{text[:40]}") and "A " in first and "B " in first
    assert text in agree.notes_slide.notes_text_frame.text


def test_author_without_votes_is_a_setting_error(tmp_path, capsys):
    comments = tmp_path / "comments.csv"
    comments.write_text("id,text\n1,the bus is late\n", encoding="utf-8")
    code = main(["analyze", str(comments), "--text", "text", "--author", "who",
                 "--out", str(tmp_path / "out")])
    assert code == EXIT_BAD_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "error: --author only applies with --votes (it names who wrote each comment, to "
        "compare opinion groups)."]
