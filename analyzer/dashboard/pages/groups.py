"""Groups page: how often each group raised each theme, as a dot plot with intervals first,
then the tables a facilitator reads (downloads keep the CLI's machine columns)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from analyzer.dashboard.widgets import (
    PALETTE,
    PLOTLY_SYMBOLS,
    compared_tables,
    download_table,
    require_result,
    show_table,
)
from analyzer.reports.numbers import interval
from analyzer.safe_text import escape_markdown, escape_plotly
from analyzer.themes.statistics import STATISTICS

# Near-black text on white (contrast above 15:1, past WCAG AA's 4.5:1); a dark outline on
# every marker so the light colours (yellow, sky blue) still stand out from the white.
INK, PAPER, GRID, EDGE = "#1a1a1a", "#ffffff", "#d9d9d9", "#1a1a1a"
FONT_PX = 16
# How much of a theme's row the groups' dots spread across, so their intervals never touch the
# next theme's.
ROW_SPREAD = 0.7
# Every other theme's row is shaded, so a dot is read against its own theme.
BAND = "#f0f0f0"
# Themes on the chart unless the reader asks for all: twelve rows fit a projector screen.
CHART_THEMES = 12


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
                "each theme: the dot is the share, the line its 95 % confidence interval.")
    order = [t.theme_id for t in sorted(result.themes, key=lambda t: -t.size) if t.is_real]
    if len(order) > CHART_THEMES and not st.checkbox(
            f"Show all {len(order)} themes on the chart", key="groups_all_themes",
            help=f"The chart shows the {CHART_THEMES} largest themes; the table below has "
                 "them all."):
        order = order[:CHART_THEMES]
    _dot_plot(shown, order, labels)
    st.subheader("Every group and theme")
    by_size = {t.theme_id: place for place, t in enumerate(
        sorted(result.themes, key=lambda t: (not t.is_real, -t.size)))}
    listed = shown.assign(place=shown["theme_id"].map(by_size).fillna(len(by_size)))
    show_table(listed.sort_values(["place"], kind="stable")[
        ["theme_id", "theme", "group", "share_of_group", "ci_low", "ci_high", "count"]])
    download_table(shown, "groups", key="groups")
    note = tables.get("suppression_notes")
    if note is not None and len(note):
        st.caption(escape_markdown(" ".join(note["note"].astype(str))))
    _common_ground(tables)
    _distinctive(tables, labels)
    _side_by_side(shown)


def group_order(table) -> list[str]:
    """The groups in the table's own (natural) order: a group's colour and marker come from
    its place here, as in the report charts."""
    return list(dict.fromkeys(table["group"].astype(str)))


def _dot_plot(shown, order: list[int], labels: dict[int, str]) -> None:
    """Each theme a row, largest on top; each group a dot in its own colour and marker with
    its interval, the groups side by side within the row. A text version follows it."""
    groups = group_order(shown)
    rows = {theme_id: len(order) - 1 - place for place, theme_id in enumerate(order)}
    steps = np.linspace(-ROW_SPREAD / 2, ROW_SPREAD / 2, len(groups)) if len(groups) > 1 \
        else np.zeros(1)
    figure = go.Figure()
    for place, (group, step) in enumerate(zip(groups, steps[::-1])):
        part = shown[(shown["group"].astype(str) == group) & shown["theme_id"].isin(order)]
        share = part["share_of_group"].to_numpy(dtype=float)
        low, high = part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float)
        hover = [f"{escape_plotly(theme)}<br>{escape_plotly(group)}: "
                 f"{interval(s, lo, hi)} of the group's comments"
                 for theme, s, lo, hi in zip(part["theme"], share, low, high)]
        figure.add_trace(go.Scatter(
            x=share, y=part["theme_id"].map(rows).to_numpy(dtype=float) + step,
            mode="markers", name=escape_plotly(group), text=hover, hoverinfo="text",
            cliponaxis=False,
            marker={"color": PALETTE[place % len(PALETTE)], "size": 13,
                    "symbol": PLOTLY_SYMBOLS[place % len(PLOTLY_SYMBOLS)],
                    "line": {"color": EDGE, "width": 1}},
            error_x={"type": "data", "symmetric": False, "array": np.nan_to_num(high - share),
                     "arrayminus": np.nan_to_num(share - low), "color": INK, "thickness": 1.5,
                     "width": 0}))
    right = float(np.nanmax(shown.loc[shown["theme_id"].isin(order), "ci_high"].to_numpy(
        dtype=float), initial=0.0)) or 1.0
    for row in range(len(order) - 1, -1, -2):
        figure.add_hrect(y0=row - 0.5, y1=row + 0.5, fillcolor=BAND, line_width=0,
                         layer="below")
    figure.update_layout(
        template="plotly_white", paper_bgcolor=PAPER, plot_bgcolor=PAPER,
        font={"size": FONT_PX, "color": INK}, height=max(420, (18 + 11 * len(groups))
                                                           * len(order) + 170),
        margin={"l": 10, "r": 10, "t": 60, "b": 60},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0,
                "font": {"size": FONT_PX}, "title": {"text": ""}},
        xaxis={"title": {"text": "Share of the group's comments"}, "tickformat": ".0%",
               "range": [0, right * 1.05], "gridcolor": GRID, "zeroline": False,
               "tickfont": {"size": FONT_PX}},
        yaxis={"tickvals": list(rows.values()),
               "ticktext": [escape_plotly(labels.get(t, t)) for t in rows],
               "range": [-0.5, len(order) - 0.5], "showgrid": False, "ticklabelstandoff": 14,
               "tickfont": {"size": FONT_PX}})
    words = _in_words(shown, order, groups)
    st.plotly_chart(figure, width="stretch", theme=None,
                    alt="Dot plot of each group's share of comments per theme, with 95% "
                        "intervals. " + ". ".join(words) + ".")
    st.caption("Text alternative: the list below gives every dot and interval; the table "
               "after it holds every number, the unassigned and non-answers included.")
    with st.expander("The chart in words"):
        st.markdown("\n".join(f"- {escape_markdown(line)}" for line in words))


def _in_words(shown, order: list[int], groups: list[str]) -> list[str]:
    """One line per theme of the dot plot: "Bus: Parent 12% (9–15%); Student 8% (5–12%)"."""
    lines = []
    by_theme = shown.assign(group=shown["group"].astype(str)).set_index(["theme_id", "group"])
    for theme_id in order:
        parts = []
        for group in groups:
            if (theme_id, group) in by_theme.index:
                row = by_theme.loc[(theme_id, group)]
                share = interval(row["share_of_group"], row["ci_low"], row["ci_high"])
                parts.append(f"{group} {share}")
        rows = shown.loc[shown["theme_id"] == theme_id, "theme"]
        if parts and len(rows):  # a theme emptied on Curate has no row to describe
            lines.append(f"{rows.iloc[0]}: " + "; ".join(parts))
    return lines


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
    show_table(table[["rank", "theme_id", "label", "min_group_share", "least_group",
                      "groups_raising", "n_groups", "overall_share", "score"]], left)
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
    show_table(shown[["theme_id", "theme", "themed_share_in_group", "themed_share_elsewhere",
                      "z", "count"]], left)
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
        show_table(part[["theme_id", "theme", "share_of_group", "ci_low", "ci_high", "count"]],
                   column)


if __name__ == "__main__":
    show()
