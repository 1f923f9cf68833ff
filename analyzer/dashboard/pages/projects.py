"""Projects page: open a saved analysis (every role) and save the current one (analysts).

This is how a team shares results: an analyst saves, viewers open. The store is one project
database (`state.project_store()`): a SQLite file for one machine, PostgreSQL for a shared
deployment. Saves hold redacted text only unless the analyst ticks the box to keep the
originals, which shows a warning first; analyses that hold originals are marked, and an
analyst can remove them.
"""

from __future__ import annotations

import streamlit as st

from analyzer.dashboard import state
from analyzer.dashboard.widgets import show_error
from analyzer.errors import AnalyzerError
from analyzer.projects import (
    list_analyses,
    load_responses,
    open_project,
    purge_originals,
    save_project,
)
from analyzer.projects.database import resolve_url, sqlite_file
from analyzer.reports.method_card import originals_line


def show() -> None:
    st.title("Projects")
    store = state.project_store()
    user = st.session_state["user"]
    if user.is_analyst:
        _save(store)
    try:
        saved = _saved_analyses(store)
        if user.is_analyst and _purge(store, [ref for ref in saved if ref.originals_kept]):
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
                                + (" — holds original text" if ref.originals_kept else "")
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
        st.caption(originals_line(result.method))


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
    has_originals = "text_original" in result.comments.columns
    keep = st.checkbox("Also keep the original, unredacted comments in the saved project",
                       value=False, disabled=not has_originals, key="keep_originals",
                       help=None if has_originals else "This analysis was opened from a "
                       "project saved without its original text, so there is none to keep.")
    if keep:
        st.warning(KEEP_ORIGINALS_WARNING)
    else:
        st.caption("Only the redacted comments are saved: names, emails, phones and "
                   "addresses the redactor found are stored as [NAME], [EMAIL], ...")
    with st.form("save_project_form"):
        name = st.text_input("Name", placeholder="e.g. Spring 2026 family survey")
        saved = st.form_submit_button("Save")
    if saved:
        try:
            save_project(result, store, name=name, keep_originals=bool(keep and has_originals),
                         responses=st.session_state.get("responses") or None)
        except AnalyzerError as error:
            show_error(error)
            return
        st.success("Saved. Everyone signed in to this dashboard can now open it.")


# Shown beside the checkbox, before the analyst saves.
KEEP_ORIGINALS_WARNING = (
    "Everyone who can open this project — every signed-in viewer, and anyone who can read the "
    "project file or database — will be able to read what people wrote, unredacted: names, "
    "phone numbers, emails and addresses included, and whatever the redactor missed. Keep "
    "originals only if your team is allowed to hold the raw feedback and needs it here.")


def _purge(store, holding: list) -> bool:
    """For analyses that hold original text (saved with it, or by an earlier version): say
    so, and let an analyst remove it; True once removed."""
    if not holding:
        return False
    st.subheader("Original text in this project")
    names = ", ".join(f"{ref.name} ({ref.analysis_id})" for ref in holding)
    st.warning(f"{len(holding)} saved analyses hold the comments' original, unredacted text: "
               f"{names}. Removing it keeps every analysis openable, with the redacted text.")
    with st.form("purge_originals_form"):
        confirmed = st.checkbox("Remove the original text from every analysis in this project")
        purge = st.form_submit_button("Remove original text")
    if not (purge and confirmed):
        if purge:
            st.info("Tick the box to confirm first.")
        return False
    purged = purge_originals(store)
    st.success(f"Removed the original text of {len(purged)} analyses.")
    return True


if __name__ == "__main__":
    show()
