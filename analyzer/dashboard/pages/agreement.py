"""Agreement page: per theme, who raised it (attention) beside who agreed with it (votes)."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from analyzer.dashboard import state
from analyzer.dashboard.uploads import UploadedInput
from analyzer.dashboard.widgets import (
    PALETTE,
    download_table,
    explained_table,
    require_result,
    show_error,
)
from analyzer.errors import AnalyzerError
from analyzer.pipelines.votes.views import (
    DIVISIVE,
    WIDEST,
    agreed_by_long,
    agreement_overview,
    has_votes,
    opinion_group_order,
    statements,
)
from analyzer.safe_text import escape_markdown, escape_plotly


def show() -> None:
    st.title("Agreement")
    result = require_result()
    if result is None:
        return
    if not has_votes(result.tables):
        _offer_votes(result)
        return
    votes = result.method["votes"]
    groups = opinion_group_order(result.method)
    st.caption(f"{votes['votes']} votes from {votes['participants']} participants on "
               f"{votes['comments']} statements ({votes['comments_analysed']} of them analysed "
               f"comments). Opinion groups {escape_markdown(', '.join(groups))}, "
               f"{escape_markdown(votes['opinion_groups']['method'])}.")

    st.subheader("Raised by and agreed by")
    st.caption("Raised by: the share of the group's own comments on the theme (attention). "
               "Agreed by: the share of the group's votes on the theme's statements that "
               "agree. Broad agreement: more than half of every group agreed.")
    overview = agreement_overview(result.tables, result.method)
    explained_table(overview.drop(columns="theme_id"), "theme_group_agreement")
    download_table(result.tables["theme_agreement"], "theme_agreement", key="theme_agreement")
    _agreed_chart(result)

    st.subheader("Widest agreement across groups")
    texts = result.comments[["comment_id", "text_redacted"]]
    explained_table(statements(result.tables, result.method, texts, WIDEST), "agreement")
    st.subheader("Statements that divide the groups")
    divisive = statements(result.tables, result.method, texts, DIVISIVE)
    if len(divisive):
        explained_table(divisive, "theme_agreement")
    else:
        st.write("No statement divides the groups: none has most of one group agreeing and "
                 "most of another disagreeing.")
    download_table(result.tables["agreement"], "agreement", key="agreement")


def _agreed_chart(result) -> None:
    table = agreed_by_long(result.tables, {t.theme_id: t.label for t in result.themes})
    table = table[table["votes"] > 0]
    plotted = table.assign(theme=table["theme"].map(escape_plotly),
                           group=table["group"].map(escape_plotly))
    figure = px.bar(plotted, x="agree_share", y="theme", color="group", barmode="group",
                    orientation="h", color_discrete_sequence=PALETTE, height=120 + 40 * len(
                        plotted["theme"].unique()),
                    labels={"agree_share": "share of the group's votes that agree",
                            "theme": "Theme", "group": "Opinion group"})
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    st.plotly_chart(figure, width="stretch")
    lines = [f"{escape_markdown(part['theme'].iloc[0])}: " + ", ".join(
        f"group {escape_markdown(g)} {share:.0%}"
        for g, share in zip(part["group"], part["agree_share"]))
        for _, part in table.groupby("theme_id", sort=True)]
    st.caption("Text alternative: one bar per opinion group for each theme, the share of that "
               "group's votes on the theme's statements that agree. " + "; ".join(lines) + ".")


def _offer_votes(result) -> None:
    st.info("This analysis has no votes. Add a vote file to see agreement beside attention: "
            "Polis's participants-votes.csv, or a table with the columns participant, "
            "comment_id and vote. Its comment ids must be the analysis's comment ids (choose "
            "the comment id column as the id on **Data**).")
    user = st.session_state.get("user")
    if user is not None and not user.is_analyst:
        return
    with st.form("votes_form"):
        uploaded = st.file_uploader("Vote file", type=["csv", "tsv", "xlsx", "json"])
        added = st.form_submit_button("Add votes", type="primary")
    if added and uploaded is not None:
        try:
            joined = state.add_votes_to_result(
                result, UploadedInput.from_client(uploaded.name, uploaded.getvalue()))
        except AnalyzerError as error:
            show_error(error)
            return
        st.session_state["result"] = joined
        st.rerun()



if __name__ == "__main__":
    show()
