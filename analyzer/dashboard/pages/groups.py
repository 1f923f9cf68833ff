"""Groups page: how often each group raised each theme."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from analyzer.dashboard.widgets import compared_tables, download_table, require_result
from analyzer.safe_text import escape_markdown, escape_plotly
from analyzer.themes.statistics import STATISTICS


def show() -> None:
    st.title("Groups")
    result = require_result()
    if result is None:
        return
    attribute, tables = compared_tables(result, key="groups_attribute")
    table = tables.get("groups")
    if table is None:
        st.info("No group column was chosen on the **Data** page, so there is nothing to compare.")
        return
    labels = {t.theme_id: t.label for t in result.themes}
    labels[-2] = "(no answer)"
    shown = table.assign(theme=table["theme_id"].map(labels))
    st.markdown(f"Share of each group of **{escape_markdown(attribute)}** whose comments raised "
                "each theme, with a 95 % confidence interval.")
    pivot = shown.pivot_table(index="theme", columns="group", values="share_of_group")
    pivot = pivot.rename(index=escape_plotly, columns=escape_plotly)
    figure = px.imshow(pivot, color_continuous_scale="cividis", aspect="auto", text_auto=".0%",
                       labels={"color": "share of group"}, height=max(400, 28 * len(pivot)))
    st.plotly_chart(figure, use_container_width=True)
    st.caption("Text alternative: the table below holds every number in the heat map; "
               "darker cells are smaller shares, and each cell prints its value.")
    st.dataframe(shown, hide_index=True)
    download_table(shown, "groups", key="groups")
    note = tables.get("suppression_notes")
    if note is not None and len(note):
        st.caption(escape_markdown(" ".join(note["note"].astype(str))))
    _common_ground(tables)
    _distinctive(tables, labels)
    _side_by_side(shown)


def _help(container, key: str) -> None:
    statistic = STATISTICS.get(key)
    if statistic is not None:
        with container.expander(f"How to read: {statistic.name}", expanded=True):
            st.markdown(statistic.as_markdown())


def _common_ground(tables) -> None:
    table = tables.get("common_ground")
    if table is None:
        return
    st.subheader("Common ground: themes every group raises")
    left, right = st.columns([3, 2])
    left.dataframe(table, hide_index=True)
    _help(right, "common_ground")
    download_table(table, "common_ground", key="common_ground")


def _distinctive(tables, labels) -> None:
    table = tables.get("distinctive")
    if table is None:
        return
    st.subheader("Distinctive themes per group")
    group = st.selectbox("Group", sorted(table["group"].unique()), key="distinctive_group")
    shown = table[table["group"] == group].assign(theme=lambda f: f["theme_id"].map(labels))
    shown = shown.sort_values("z", ascending=False)
    left, right = st.columns([3, 2])
    left.dataframe(shown, hide_index=True)
    _help(right, "distinctive")
    download_table(shown, "distinctive", key="distinctive")


def _side_by_side(shown) -> None:
    st.subheader("Compare two groups")
    names = sorted(shown["group"].unique())
    if len(names) < 2:
        st.info("Only one group: nothing to compare side by side.")
        return
    first, second = st.columns(2)
    for column, default, key in ((first, 0, "compare_a"), (second, 1, "compare_b")):
        group = column.selectbox("Group", names, index=default, key=key)
        part = shown[shown["group"] == group].sort_values("share_of_group", ascending=False)
        column.dataframe(part[["theme", "share_of_group", "ci_low", "ci_high", "count"]],
                         hide_index=True,
                         column_config={c: st.column_config.NumberColumn(format="percent")
                                        for c in ("share_of_group", "ci_low", "ci_high")})


if __name__ == "__main__":
    show()
