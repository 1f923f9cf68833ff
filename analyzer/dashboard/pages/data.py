"""Data page: choose files (or the sample), confirm column roles, see the ledger totals."""

from __future__ import annotations

import re

import streamlit as st

from analyzer.dashboard import state
from analyzer.dashboard.uploads import UploadedInput
from analyzer.dashboard.widgets import show_error
from analyzer.errors import AnalyzerError
from analyzer.pipelines.ingest import ColumnRoles, suggest_roles
from analyzer.safe_text import escape_markdown

NONE = "(none)"
ROUND_WORDS = re.compile(r"\b(round|wave|phase|cycle|session)\b", re.IGNORECASE)


def show() -> None:
    st.title("Data")
    st.caption("Upload survey exports (CSV, TSV, XLSX, JSON, Parquet) or explore the bundled "
               "sample. Files stay in this browser session only.")
    uploads = st.file_uploader("Feedback files", accept_multiple_files=True,
                               type=["csv", "tsv", "txt", "xlsx", "json", "jsonl", "parquet"])
    if uploads:
        try:
            state.UPLOAD_LIMITS.check_upload_total(u.size for u in uploads)
        except AnalyzerError as error:
            show_error(error)
            return
        received = tuple(UploadedInput.from_client(u.name, u.getvalue()) for u in uploads)
        if st.session_state["inputs"] != received:
            st.session_state.update(inputs=received, roles=None, corpus=None, result=None)
    elif st.session_state["inputs"] is not None and st.button("Use the bundled sample instead"):
        st.session_state.update(inputs=None, roles=state.SAMPLE_ROLES, corpus=None, result=None)

    st.subheader("Sample: district engagement survey" if state.using_sample() else "Your files")
    try:
        tables = state.preview_tables()
    except AnalyzerError as error:
        show_error(error)
        return
    columns = list(dict.fromkeys(c for t in tables for c in t.frame.columns))
    first = tables[0]
    st.dataframe(first.frame.head(20), hide_index=True, height=260)
    st.caption(f"Showing the first rows of {escape_markdown(first.source)} "
               f"(layout: {first.layout}).")

    roles = st.session_state["roles"] or _suggested(first.frame, columns)
    with st.form("column_roles_form"):
        st.markdown("**Which column is which?** Suggestions are pre-filled; change them freely.")
        text = st.multiselect("Open-ended answer column(s)", columns,
                              default=[c for c in roles.text if c in columns])
        groups = st.multiselect("Who wrote it (group columns)", columns,
                                default=[c for c in roles.groups if c in columns])
        id_column = st.selectbox("Respondent id", [NONE] + columns,
                                 index=_index(columns, roles.id))
        round_column = st.selectbox("Round or date", [NONE] + columns,
                                    index=_index(columns, roles.round))
        confirmed = st.form_submit_button("Confirm columns")
    if confirmed:
        try:
            roles = ColumnRoles(text=tuple(text), groups=tuple(groups),
                                id=None if id_column == NONE else id_column,
                                round=None if round_column == NONE else round_column)
        except AnalyzerError as error:
            show_error(error)
            return
        st.session_state["roles"] = roles
        st.session_state["corpus"] = None
        st.session_state["result"] = None
    if not roles.text:
        st.warning("Pick at least one open-ended answer column.")
        return
    try:
        corpus = st.session_state["corpus"] or state.load_corpus(roles)
    except AnalyzerError as error:
        show_error(error)
        return
    st.session_state["corpus"] = corpus
    st.session_state["roles"] = roles
    _ledger_totals(corpus)


def _suggested(frame, columns) -> ColumnRoles:
    suggestion = suggest_roles(frame)
    text = [c for c in columns if suggestion.get(c) == "text"][:1] or columns[:1]
    rounds = [c for c in columns if ROUND_WORDS.search(c) and c not in text]
    groups = [c for c in columns if suggestion.get(c) == "group" and c not in text + rounds]
    ids = [c for c in columns if suggestion.get(c) == "id" and c not in text]
    return ColumnRoles(text=tuple(text), groups=tuple(groups[:2]), id=ids[0] if ids else None,
                       round=rounds[0] if rounds else None)


def _index(columns: list[str], value: str | None) -> int:
    return columns.index(value) + 1 if value in columns else 0


def _ledger_totals(corpus) -> None:
    summary = corpus.ledger.summary()
    st.subheader("Every row accounted for")
    a, b, c = st.columns(3)
    a.metric("Rows read", summary["rows_read"])
    b.metric("Kept", summary["kept"])
    c.metric("Dropped", summary["dropped"])
    if summary["dropped_by_reason"]:
        st.write("Dropped, by reason: " + ", ".join(
            f"{reason}: {count}" for reason, count in summary["dropped_by_reason"].items()))
    st.write(f"{len(corpus.comments)} comments ready to analyse. Open **Run** next.")


if __name__ == "__main__":
    show()
