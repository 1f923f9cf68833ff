"""Themes page, pictures first: themes by share with their intervals, then one theme's card
(summary sentence, keywords, quotes, groups), the comment explorer, the map, and the table."""

from __future__ import annotations

import textwrap
from functools import partial

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from analyzer.dashboard.explorer import show_explorer
from analyzer.dashboard.tables import count_text
from analyzer.dashboard.widgets import (
    PALETTE,
    PLOTLY_SYMBOLS,
    compared_tables,
    download_table,
    once_per_analysis,
    require_result,
    show_table,
)
from analyzer.pipelines.compare import wilson_interval
from analyzer.reports.numbers import interval
from analyzer.reports.theme_map import MAX_COLOURS, OTHER_COLOUR, theme_map_chart, themes_by_size
from analyzer.safe_text import escape_markdown, escape_plotly
from analyzer.themes.languages import language_name, languages_line
from analyzer.themes.summaries import summarise_result
from analyzer.themes.theme import NON_ANSWER_ID

# (Comments, not docstrings: Streamlit would write a bare string in a page on the screen.)
# Chart text in pixels, near-black on white (contrast above 15:1), to be read from the back
# of a meeting room on a projector; the charts keep these colours whatever Streamlit's theme.
FONT_SIZE = 16
INK = "#1a1a1a"


def show() -> None:
    st.title("Themes")
    result = require_result()
    if result is None:
        return
    shares = theme_shares(result)
    st.plotly_chart(share_chart(shares["label"], shares["share"], shares["ci_low"],
                                shares["ci_high"]), width="stretch", theme=None)
    answered = int((result.comments["theme_id"] != NON_ANSWER_ID).sum())
    st.caption(f"Text alternative: the share of the {answered:,} answered comments on each "
               "theme, largest first, with its 95% interval (Wilson): "
               + "; ".join(f"{escape_markdown(row.label)} {_interval(row)}"
                           for row in shares.itertuples()) + ".")

    _theme_card(result, shares)

    st.subheader("Read the comments")
    show_explorer(result)

    st.subheader("Map of comments")
    _theme_map(result)

    with st.expander("All themes as a table"):
        table = result.themes_frame()
        languages = result.theme_languages()
        table["languages"] = [languages_line(languages, theme_id)
                              for theme_id in table["theme_id"]]
        if languages["language"].nunique() <= 1:
            table = table.drop(columns="languages")
        show_table(table.drop(columns="representative_comment_ids"))
    download_table(result.themes_frame(), "themes", key="themes")


def theme_shares(result) -> pd.DataFrame:
    """Each real theme's share of the answered comments with its 95% Wilson interval,
    largest first (ties in theme order)."""
    answered = int((result.comments["theme_id"] != NON_ANSWER_ID).sum())
    themes = sorted((t for t in result.themes if t.is_real), key=lambda t: (-t.size, t.theme_id))
    sizes = np.array([t.size for t in themes], dtype=float)
    low, high = wilson_interval(sizes, answered) if themes else (np.array([]), np.array([]))
    return pd.DataFrame({"theme_id": [t.theme_id for t in themes],
                         "label": [t.label for t in themes], "size": sizes.astype(int),
                         "share": sizes / max(answered, 1), "ci_low": low, "ci_high": high})


def share_chart(labels, shares, lows, highs, *, height: int | None = None) -> go.Figure:
    """Dots with 95% interval whiskers, one row per label, the first at the top: a chart a
    projector shows legibly (large type, one colour-blind-safe colour, numbers beside
    the dots)."""
    shares, lows, highs = (np.asarray(v, dtype=float) for v in (shares, lows, highs))
    names = [_wrapped(label) for label in labels]
    figure = go.Figure(go.Scatter(
        x=shares, y=names, mode="markers+text", marker={"size": 14, "color": PALETTE[0]},
        error_x={"type": "data", "symmetric": False, "array": highs - shares,
                 "arrayminus": shares - lows, "color": PALETTE[0], "thickness": 2.5,
                 "width": 6},
        text=[f"{s:.0%}" for s in shares], textposition="top center",
        textfont={"size": FONT_SIZE - 2, "color": INK},
        customdata=[escape_plotly(interval(s, lo, hi)) for s, lo, hi in
                    zip(shares, lows, highs)],
        hovertemplate="%{y}: %{customdata}<extra></extra>"))
    figure.update_layout(
        height=height or 110 + 46 * len(names), font={"size": FONT_SIZE, "color": INK},
        margin={"l": 10, "r": 20, "t": 40, "b": 40}, showlegend=False,
        plot_bgcolor="white", paper_bgcolor="white",
        xaxis={"title": "share of the answered comments (95% interval)", "tickformat": ".0%",
               "gridcolor": "#dddddd", "rangemode": "tozero",
               "tickfont": {"size": FONT_SIZE, "color": INK}},
        yaxis={"autorange": "reversed", "automargin": True,
               "tickfont": {"size": FONT_SIZE, "color": INK}})
    return figure


def _theme_card(result, shares: pd.DataFrame) -> None:
    if shares.empty:
        st.info("No theme was found, so there is no theme to open.")
        return
    labels = dict(zip(shares["theme_id"], shares["label"]))
    theme_id = st.selectbox("Open a theme", list(labels), format_func=labels.get,
                            key="theme_card", help="The themes in the chart's order.")
    theme = result.theme(theme_id)
    row = shares[shares["theme_id"] == theme_id].iloc[0]
    with st.container(border=True):
        st.subheader(escape_markdown(theme.label))
        st.markdown(f"**{theme.size:,} comments**, {_interval(row)} of the answered comments.")
        summary = _summaries(result).get(theme_id)
        if summary is not None:
            st.markdown(f"**In one sentence** (from one of its comments): "
                        f"“{escape_markdown(summary.sentence)}”")
        st.markdown("**Keywords:** " + escape_markdown(", ".join(theme.keywords[:8])))
        languages = result.theme_languages()
        multilingual = languages["language"].nunique() > 1
        if multilingual:
            st.markdown("**Languages:** "
                        + escape_markdown(languages_line(languages, theme.theme_id)))
        language_of = dict(zip(result.comments["comment_id"].astype(str),
                               result.comments["language"].astype(str)))
        for comment_id, quote in zip(theme.representative_comment_ids,
                                     theme.representative_quotes):
            marker = f" *({language_name(language_of.get(comment_id))})*" \
                if multilingual else ""
            with st.container(border=True):  # a blockquote's grey text is 3.9:1 on white
                st.markdown(f"“{escape_markdown(quote)}”{marker}")
        _group_breakdown(result, theme)


def _group_breakdown(result, theme) -> None:
    attribute, tables = compared_tables(result, key="theme_card_groups")
    groups = tables.get("groups")
    if attribute is None or groups is None or groups.empty:
        return
    mine = groups[groups["theme_id"] == theme.theme_id].sort_values(
        ["share_of_group", "group"], ascending=[False, True])
    if mine.empty:
        return
    st.markdown(f"**Who raises it, by {escape_markdown(attribute)}:**")
    st.plotly_chart(share_chart(mine["group"].astype(str), mine["share_of_group"],
                                mine["ci_low"], mine["ci_high"],
                                height=130 + 46 * len(mine)), width="stretch",
                    key="theme_card_chart", theme=None)
    st.caption("Text alternative: the share of each group's comments on this theme, with its "
               "95% interval (campaign copies count as one voice): "
               + "; ".join(f"{escape_markdown(r.group)} {_interval(r, 'share_of_group')} of "
                           f"{count_text(r.group_total)} comments (weighted)"
                           for r in mine.itertuples())
               + ".")


def _theme_map(result) -> None:
    comments = result.comments
    plotted = comments.dropna(subset=["map_x"])
    plotted = plotted[plotted["theme_id"] >= 0]
    order = themes_by_size(plotted["theme_label"])
    colours = {name: (PALETTE[i] if i < MAX_COLOURS else OTHER_COLOUR)
               for i, name in enumerate(order)}
    symbols = {name: PLOTLY_SYMBOLS[i] if i < MAX_COLOURS else "circle-open"
               for i, name in enumerate(order)}
    escaped = plotted.assign(theme=plotted["theme_label"].map(escape_plotly),
                             comment=plotted["text_redacted"].map(_hover_text))
    figure = px.scatter(escaped, x="map_x", y="map_y", color="theme", symbol="theme",
                        hover_data={"comment": True, "map_x": False, "map_y": False},
                        category_orders={"theme": [escape_plotly(n) for n in order]},
                        color_discrete_map={escape_plotly(n): c for n, c in colours.items()},
                        symbol_map={escape_plotly(n): s for n, s in symbols.items()},
                        height=640, labels={"theme": "Theme"})
    figure.update_traces(marker={"size": 7, "opacity": 0.75})
    for name in order:
        mine = plotted[plotted["theme_label"] == name]
        figure.add_annotation(x=float(mine["map_x"].median()), y=float(mine["map_y"].median()),
                              text=_wrapped(name, 24), showarrow=False,
                              font={"size": FONT_SIZE if colours[name] != OTHER_COLOUR
                                    else FONT_SIZE - 3, "color": INK},
                              bgcolor="rgba(255,255,255,0.8)")
    figure.update_layout(xaxis_visible=False, yaxis_visible=False, plot_bgcolor="white",
                         paper_bgcolor="white", font={"size": FONT_SIZE - 2, "color": INK},
                         legend_font_size=FONT_SIZE - 3)
    st.plotly_chart(figure, width="stretch", key="theme_map", theme=None)
    st.caption("Text alternative: each dot is a comment; comments close together say similar "
               f"things. Each theme's name is written at the middle of its comments; the "
               f"{min(MAX_COLOURS, len(order))} largest themes have a colour and a marker shape "
               "of their own, the others are grey. The chart at the top lists the same themes "
               "with their shares.")
    unplaced = int((comments["theme_id"] >= 0).sum()) - len(plotted)
    if unplaced:
        st.caption(f"{unplaced} comment(s) from a round added later are counted in their "
                   "themes but not drawn: the map belongs to the first fit.")
    if len(plotted):
        # Drawn when the button is pressed (about two seconds), not on every rerun.
        st.download_button("Download the map (PNG)",
                           partial(_map_png, plotted["map_x"].to_numpy(),
                                   plotted["map_y"].to_numpy(), plotted["theme_label"].tolist()),
                           file_name="theme_map.png", mime="image/png", key="theme_map_png")


def _summaries(result) -> dict:
    """Each theme's summary sentence, worked out once per analysis."""
    return once_per_analysis("themes_page", result, "summaries",
                             lambda: summarise_result(result))


def _map_png(x, y, themes) -> bytes:
    return theme_map_chart(x, y, themes, palette=PALETTE, title="Map of the comments by theme")


def _interval(row, share: str = "share") -> str:
    return escape_markdown(interval(getattr(row, share), row.ci_low, row.ci_high))


def _wrapped(label: str, width: int = 30) -> str:
    """A label for a plotly chart: its tags shown, not followed, in lines of `width`."""
    return "<br>".join(escape_plotly(line) for line in textwrap.wrap(str(label), width)
                       or [""])


def _hover_text(text: str) -> str:
    return _wrapped(text, 60)


if __name__ == "__main__":
    show()
