"""Present page: one finding per screen in large type, for a meeting room, and the deck."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from analyzer.dashboard.widgets import once_per_analysis, require_result, show_error
from analyzer.errors import AnalyzerError
from analyzer.reports import ReportData, write_report
from analyzer.reports import findings as fx
from analyzer.reports.findings import chart_label, pct, summary_sentences, top_themes
from analyzer.safe_text import escape_markdown

MAX_THEME_SCREENS = 10
# Screen charts: 14-16 pt type drawn 780 px wide, which a half-width column of a 1280 px
# screen (about 560 px) shows at 17 px and more; the deck draws the same charts
# (`reports.pptx`).
CHART_WIDTH_IN, CHART_SCALE, CHART_DPI = 6.5, 1.6, 120
# The summary's chart of every theme takes three fifths of the screen (about 670 px), drawn
# 960 px wide: its long theme names leave the dots room.
OVERVIEW_WIDTH_IN = 8.0


def show() -> None:
    result = require_result()
    if result is None:
        return
    responses = st.session_state.get("responses")
    try:
        data = ReportData.from_result(result, responses if responses else None)
    except AnalyzerError as error:
        show_error(error)
        return
    screens = _screens(data)
    index = min(st.session_state.get("present_index", 0), len(screens) - 1)
    back, where, forward = st.columns([1, 4, 1])
    if back.button("◀ Previous", disabled=index == 0, use_container_width=True):
        index -= 1
    if forward.button("Next ▶", disabled=index == len(screens) - 1, use_container_width=True):
        index += 1
    st.session_state["present_index"] = index
    where.markdown(f"<p style='text-align:center'>Finding {index + 1} of {len(screens)}</p>",
                   unsafe_allow_html=True)
    screens[index]()
    st.divider()
    _deck(result, responses)


def _screens(data) -> list:
    def summary():
        st.markdown("# What we heard")
        words, picture = st.columns([2, 3])
        for sentence in summary_sentences(data):
            words.markdown(f"### {escape_markdown(sentence)}")
        _chart(picture, ("overview",), lambda: fx.theme_shares_png(
                   data, dpi=CHART_DPI, width=OVERVIEW_WIDTH_IN, scale=CHART_SCALE),
               "Share of answered comments per theme, with 95% intervals: "
               + fx.theme_shares_text(data))

    def theme_screen(theme, rank):
        def screen():
            st.markdown(f"# {rank}. {escape_markdown(chart_label(theme))}")
            st.markdown(f"### {pct(theme['share'])} of answered comments "
                        f"({theme['size']} comments) raised this.")
            words, picture = st.columns([1, 1])
            for quote in theme["quotes"][:3]:
                words.markdown(f"> ## “{escape_markdown(quote)}”")
            _chart(picture, ("theme", theme["theme_id"]), lambda: fx.group_breakdown_png(
                       data, theme["theme_id"], dpi=CHART_DPI, width=CHART_WIDTH_IN,
                       scale=CHART_SCALE),
                   "Share of each group's comments that raised this theme, with 95% "
                   "intervals: " + fx.group_breakdown_text(data, theme["theme_id"]))
            entry = data.responses.get(theme["theme_id"]) if len(data.responses) else None
            if entry is not None:
                st.markdown(f"### What we are doing ({escape_markdown(entry.status)}): "
                            f"{escape_markdown(entry.response)}")
        return screen

    themes = top_themes(data, MAX_THEME_SCREENS)
    return [summary] + [theme_screen(t, i) for i, t in enumerate(themes, 1)]


def _chart(container, key: tuple, draw, alternative: str) -> None:
    """The chart `draw` makes (PNG bytes, or None when there is nothing to draw), drawn once
    per analysis and screen, with `alternative` as its alt text and printed under it."""
    png = once_per_analysis("present_charts", st.session_state.get("result"), key, draw)
    if png is None:
        return
    container.image(png, width="stretch", alt=alternative)
    container.caption("Text alternative: " + escape_markdown(alternative))


def _deck(result, responses) -> None:
    if st.button("Prepare the slide deck (PPTX)"):
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = write_report(result, "pptx", output=Path(folder) / "findings.pptx",
                                    responses=responses if responses else None)
                st.session_state["present_deck"] = (id(result), path.read_bytes())
        except AnalyzerError as error:
            show_error(error)
    deck = st.session_state.get("present_deck")
    if deck and deck[0] == id(result):
        st.download_button("Download the slide deck (PPTX)", deck[1], file_name="findings.pptx",
                           mime="application/vnd.openxmlformats-officedocument."
                                "presentationml.presentation")


if __name__ == "__main__":
    show()
