"""Curate page: rename, merge and split themes and move single comments; every change is
recorded with who and when."""

from __future__ import annotations

import streamlit as st

from analyzer.dashboard.widgets import require_result, show_error
from analyzer.errors import AnalyzerError
from analyzer.pipelines.curate import merge_themes, move_comment, rename_theme, split_theme
from analyzer.safe_text import escape_markdown
from analyzer.themes.theme import NON_ANSWER_ID, UNASSIGNED_ID, UNASSIGNED_LABEL

# Comments offered at a time in the move form; a search narrows them. (A comment, not a
# docstring: Streamlit runs page files as scripts and would print a bare string.)
MOVE_CHOICES = 50


def show() -> None:
    st.title("Curate themes")
    result = require_result()
    if result is None:
        return
    st.caption("Changes apply to every page and export, and are listed on **Transparency** "
               "with your name and the time.")
    who = st.text_input("Your name", key="curator_name")
    labels = {t.theme_id: f"{t.label} ({t.size})" for t in result.themes if t.theme_id >= 0}

    st.subheader("Rename a theme")
    theme_id = st.selectbox("Theme", list(labels), format_func=labels.get, key="rename_theme")
    suggested = next((t.label_alternatives for t in result.themes if t.theme_id == theme_id), ())
    with st.form("rename_form"):
        typed = st.text_input("New label", key="rename_label",
                              help="Typed words win over a suggested name.")
        picked = st.radio("Or pick a suggested name", suggested, index=None,
                          format_func=escape_markdown,
                          key="rename_suggestion",
                          help="Other names the analysis found in this theme's comments.") \
            if suggested else None
        if st.form_submit_button("Rename"):
            new_label = typed if typed.strip() else picked or ""
            _apply(lambda: rename_theme(result, theme_id, new_label, who=who),
                   f"Renamed to '{escape_markdown(new_label)}'.")

    st.subheader("Merge themes")
    with st.form("merge_form"):
        chosen = st.multiselect("Themes to merge (two or more)", list(labels),
                                format_func=labels.get)
        merged_label = st.text_input("Label for the merged theme (optional)")
        if st.form_submit_button("Merge"):
            _apply(lambda: merge_themes(result, chosen, merged_label or None, who=who),
                   f"Merged {len(chosen)} themes.")

    st.subheader("Split a theme")
    with st.form("split_form"):
        split_id = st.selectbox("Theme", list(labels), format_func=labels.get, key="split_id")
        parts = st.number_input("Into how many parts", min_value=2, max_value=10, value=2)
        if st.form_submit_button("Split"):
            _apply(lambda: split_theme(result, split_id, int(parts), who=who),
                   f"Split into {int(parts)} themes.")

    st.subheader("Move a comment")
    query = st.text_input("Find comments containing", key="move_query",
                          help="Words from the comment; leave empty to list the first ones.")
    movable = result.comments[result.comments["theme_id"] != NON_ANSWER_ID]
    if query.strip():
        movable = movable[movable["text_redacted"].str.contains(query.strip(), case=False,
                                                                regex=False)]
    if movable.empty:
        st.info("No comment contains those words.")
        return
    shown = movable.head(MOVE_CHOICES)
    choices = dict(zip(shown["comment_id"].astype(str),
                       shown["theme_label"] + ": " + shown["text_redacted"].str.slice(0, 90)))
    destinations = {**labels, UNASSIGNED_ID: UNASSIGNED_LABEL}
    with st.form("move_form"):
        st.caption(f"{len(movable)} comment(s) match; the first {len(shown)} are listed.")
        comment_id = st.selectbox("Comment", list(choices), format_func=choices.get)
        to_theme = st.selectbox("Move it to", list(destinations), format_func=destinations.get)
        if st.form_submit_button("Move"):
            _apply(lambda: move_comment(result, comment_id, to_theme, who=who),
                   f"Moved the comment to '{escape_markdown(destinations[to_theme])}'.")


def _apply(edit, message: str) -> None:
    try:
        st.session_state["result"] = edit()
    except AnalyzerError as error:
        show_error(error)
        return
    st.session_state.pop("present_deck", None)
    st.success(message + " Open any page to see the change.")


if __name__ == "__main__":
    show()
