"""Rounds page: how often each theme came up in each round of engagement."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from analyzer.dashboard.widgets import PALETTE, download_table, require_result, show_table
from analyzer.pipelines.groups import groups_to_follow, rounds_among
from analyzer.safe_text import escape_markdown, escape_plotly
from analyzer.themes.statistics import STATISTICS

ROUND_COLUMNS = ["theme_id", "theme", "round", "share", "count", "round_total", "trend",
                 "change", "z"]


def show() -> None:
    st.title("Rounds")
    result = require_result()
    if result is None:
        return
    table = result.tables.get("rounds")
    if table is None or not len(table):
        st.info("No round or date column was chosen on the **Data** page, so there is no "
                "change over time to show.")
        return
    table = _among_one_group(result, table)
    if table is None:
        return
    labels = {t.theme_id: t.label for t in result.themes}
    shown = table.assign(theme=table["theme_id"].map(labels)).sort_values(
        ["round_index", "theme_id"])
    themes = [t.label for t in result.themes if t.theme_id >= 0]
    chosen = st.multiselect("Themes to plot", themes, default=themes[:6])
    plotted = shown[shown["theme"].isin(chosen)]
    plotted = plotted.assign(theme=plotted["theme"].map(escape_plotly),
                             round=plotted["round"].map(escape_plotly))
    figure = px.line(plotted, x="round", y="share", color="theme", symbol="theme",
                     markers=True, color_discrete_sequence=PALETTE, height=480,
                     labels={"share": "share of the round's comments", "theme": "Theme"})
    figure.update_yaxes(tickformat=".0%")
    st.plotly_chart(figure, use_container_width=True)
    rounds = list(dict.fromkeys(shown["round"]))
    st.caption(f"Text alternative: one line per theme across {len(rounds)} rounds "
               f"({escape_markdown(', '.join(map(str, rounds)))}); each marker is the theme's "
               "share of that round's comments. The table below holds every number, "
               "with the trend.")
    show_table(shown[[c for c in ROUND_COLUMNS if c in shown]])
    download_table(shown, "rounds", key="rounds")
    statistic = STATISTICS.get("rounds")
    if statistic is not None:
        with st.expander(f"How to read: {statistic.name}"):
            st.markdown(statistic.as_markdown())


def _among_one_group(result, table):
    """The rounds table over everyone, or over one group the user picks (the comments
    written in Spanish, say); None when that group has too few comments to show."""
    attributes = list(result.group_columns)
    if not attributes:
        return table
    left, right = st.columns(2)
    attribute = left.selectbox("Follow", ["Everyone", *attributes], key="rounds_attribute",
                               help="Show the rounds of one group only, such as the comments "
                                    "written in one language.")
    if attribute == "Everyone":
        return table
    groups = groups_to_follow(result, attribute)
    if not groups:
        st.info(f"No group of {escape_markdown(attribute)} has {result.config.min_group_size} "
                "comments or more, so none is shown on its own.")
        return None
    group = right.selectbox("Group", groups, key="rounds_group")
    among = rounds_among(result, attribute, group)
    if among is None or not len(among):
        st.info(f"{escape_markdown(group)}: too few comments to show round by round.")
        return None
    return among


if __name__ == "__main__":
    show()
