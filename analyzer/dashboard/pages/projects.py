"""Projects page: open a saved analysis (every role) and save the current one (analysts).

This is how a team shares results: an analyst saves, viewers open. The store is one project
database (`state.project_store()`): a SQLite file for one machine, PostgreSQL for a shared
deployment.
"""

from __future__ import annotations

import streamlit as st

from analyzer.dashboard import state
from analyzer.dashboard.widgets import show_error
from analyzer.errors import AnalyzerError
from analyzer.projects import list_analyses, load_responses, open_project, save_project
from analyzer.projects.database import resolve_url, sqlite_file


def show() -> None:
    st.title("Projects")
    store = state.project_store()
    user = st.session_state["user"]
    if user.is_analyst:
        _save(store)
    try:
        saved = _saved_analyses(store)
    except AnalyzerError as error:
        show_error(error)
        return
    st.subheader("Open a saved analysis")
    if not saved:
        st.info("No analysis has been saved yet." + (
            "" if user.is_analyst else " Ask an analyst to save one."))
        return
    choices = {ref.analysis_id: f"{ref.name} — saved {ref.created[:16].replace('T', ' ')} UTC, "
                                f"{ref.n_comments} comments, {ref.n_themes} themes"
               for ref in reversed(saved)}
    with st.form("open_project_form"):
        chosen = st.selectbox("Analysis", list(choices), format_func=choices.get)
        opened = st.form_submit_button("Open")
    if opened:
        try:
            result = open_project(store, chosen)
            responses = load_responses(store, chosen)
        except AnalyzerError as error:
            show_error(error)
            return
        st.session_state.update(result=result, responses=responses, corpus=None)
        st.success("Opened. The Themes, Groups, Voices and Present pages now show it.")


def _saved_analyses(store) -> list:
    path = sqlite_file(resolve_url(store))
    if path is not None and not path.exists():
        return []
    return list_analyses(store)


def _save(store) -> None:
    result = st.session_state.get("result")
    st.subheader("Save the current analysis")
    if result is None:
        st.caption("Run an analysis first; it can then be saved here for your team.")
        return
    with st.form("save_project_form"):
        name = st.text_input("Name", placeholder="e.g. Spring 2026 family survey")
        saved = st.form_submit_button("Save")
    if saved:
        try:
            save_project(result, store, name=name,
                         responses=st.session_state.get("responses") or None)
        except AnalyzerError as error:
            show_error(error)
            return
        st.success("Saved. Everyone signed in to this dashboard can now open it.")


if __name__ == "__main__":
    show()
