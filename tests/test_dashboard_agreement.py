"""The Agreement page, driven with AppTest on the sample analysis joined with votes.

The votes are made up for the sample's comments: 20 participants in two declared groups.
Both groups agree with every comment of the first theme (broad agreement); on the second
theme group A agrees and group B disagrees (they divide); the rest are passed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from analyzer.dashboard import state  # noqa: E402
from analyzer.errors import DataError  # noqa: E402
from analyzer.pipelines.votes import add_votes, read_votes  # noqa: E402
from analyzer.pipelines.votes.views import (  # noqa: E402
    DIVISIVE,
    agreement_overview,
    statements,
)
from tests.dashboard_app import APP, CORPUS, RESULT  # noqa: E402

FIRST, SECOND = [t.theme_id for t in RESULT.themes if t.theme_id >= 0][:2]
TEXTS = RESULT.comments[["comment_id", "text_redacted"]]


@pytest.fixture(scope="module")
def joined(tmp_path_factory):
    comments = RESULT.comments.drop_duplicates("comment_id")
    lines = ["participant,comment_id,vote,group"]
    for i in range(20):
        group = "A" if i < 10 else "B"
        for comment_id, theme_id in zip(comments["comment_id"], comments["theme_id"]):
            if theme_id == FIRST:
                vote = 1
            elif theme_id == SECOND:
                vote = 1 if group == "A" else -1
            else:
                vote = 0
            lines.append(f"p{i},{comment_id},{vote},{group}")
    path = tmp_path_factory.mktemp("votes") / "votes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return add_votes(RESULT, read_votes(path))


def page(result) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["corpus"] = CORPUS
    at.session_state["result"] = result
    at.run()
    at.switch_page("analyzer/dashboard/pages/agreement.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_overview_puts_broad_agreement_and_division_per_theme(joined):
    overview = agreement_overview(joined.tables, joined.method).set_index("theme_id")
    n_first = int((RESULT.comments.drop_duplicates("comment_id")["theme_id"] == FIRST).sum())
    assert overview.loc[FIRST, "broad agreement"].startswith(f"{n_first} of {n_first} (100%;")
    assert overview.loc[SECOND, "divides groups"].startswith(
        f"{overview.loc[SECOND, 'statements']} of {overview.loc[SECOND, 'statements']}")
    assert overview.loc[FIRST, "agreed by A"] == 1.0 and overview.loc[SECOND, "agreed by B"] == 0
    divisive = statements(joined.tables, joined.method, TEXTS, DIVISIVE)
    assert len(divisive) == 5 and (divisive["A agree"] == 1.0).all()
    assert (divisive["B agree"] == 0.0).all()
    assert divisive["text"].str.len().gt(0).all()


def test_the_page_shows_agreement_beside_attention_with_a_text_alternative(joined):
    at = page(joined)
    headings = [s.value for s in at.subheader]
    assert headings == ["Raised by and agreed by", "Widest agreement across groups",
                        "Statements that divide the groups"]
    alternative = [c.value for c in at.caption if c.value.startswith("Text alternative")]
    assert alternative and "group A 100%" in alternative[0]
    assert at.get("plotly_chart")
    tables = [d.value for d in at.dataframe]
    first_label = RESULT.theme(FIRST).label
    assert first_label in tables[0]["Theme"].tolist()
    divisive_text = statements(joined.tables, joined.method, TEXTS, DIVISIVE)["text"].iloc[0]
    assert divisive_text in tables[2]["Comment"].tolist()
    assert tables[2]["A agree"].tolist()[0] == "100%" and tables[2]["B agree"].tolist()[0] == "0%"


def test_without_votes_the_page_says_how_to_add_them():
    at = page(RESULT)
    assert at.info and "participants-votes.csv" in at.info[0].value
    assert any(b.label == "Add votes" for b in at.button)


def test_an_uploaded_vote_file_is_joined_with_the_sessions_analysis(joined):
    import streamlit as st

    from analyzer.dashboard.uploads import UploadedInput

    comments = RESULT.comments.drop_duplicates("comment_id")["comment_id"].head(3).tolist()
    text = "participant,comment_id,vote,group\n" + "".join(
        f"p{i},{c},{1 if i % 2 else -1},{'A' if i % 2 else 'B'}\n"
        for i in range(4) for c in comments)
    st.session_state["roles"] = state.SAMPLE_ROLES
    st.session_state["inputs"] = None  # the bundled sample
    added = state.add_votes_to_result(RESULT, UploadedInput("votes.csv", text.encode(),
                                                            "votes"))
    assert added.method["votes"]["votes"] == 12
    assert added.tables["agreement"]["comment_id"].tolist() == comments
    assert (added.tables["agreement"]["divides_groups"]).all()
    with pytest.raises(DataError, match=r"this analysis already has the votes of 'votes.csv'"):
        add_votes(joined, read_votes_from(text))


def read_votes_from(text: str):
    import tempfile

    path = Path(tempfile.mkdtemp()) / "more.csv"
    path.write_text(text, encoding="utf-8")
    return read_votes(path)
