"""Present page: one finding per screen in large type, for a meeting room, and the deck."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from analyzer.dashboard.widgets import require_result, show_error
from analyzer.errors import AnalyzerError
from analyzer.reports import ReportData, write_report
from analyzer.reports.findings import chart_label, pct, summary_sentences, top_themes
from analyzer.safe_text import escape_markdown

MAX_THEME_SCREENS = 10


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
        for sentence in summary_sentences(data):
            st.markdown(f"### {escape_markdown(sentence)}")

    def theme_screen(theme, rank):
        def screen():
            st.markdown(f"# {rank}. {escape_markdown(chart_label(theme))}")
            st.markdown(f"### {pct(theme['share'])} of answered comments "
                        f"({theme['size']} comments) raised this.")
            for quote in theme["quotes"][:3]:
                st.markdown(f"> ## “{escape_markdown(quote)}”")
            entry = data.responses.get(theme["theme_id"]) if len(data.responses) else None
            if entry is not None:
                st.markdown(f"### What we are doing ({escape_markdown(entry.status)}): "
                            f"{escape_markdown(entry.response)}")
        return screen

    themes = top_themes(data, MAX_THEME_SCREENS)
    return [summary] + [theme_screen(t, i) for i, t in enumerate(themes, 1)]


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
