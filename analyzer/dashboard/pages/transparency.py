"""Transparency page: the method card, the row ledger, the response log and the curation log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analyzer.dashboard.widgets import download_table, require_result, show_error, show_table
from analyzer.errors import AnalyzerError
from analyzer.reports import method_card_markdown
from analyzer.safe_text import escape_markdown
from analyzer.themes.curation import curation_log
from analyzer.themes.responses import STATUSES, ResponseEntry, ResponseLog


def show() -> None:
    st.title("Transparency")
    result = require_result()
    if result is None:
        return
    st.markdown(f"**Seed:** {result.method.get('seed')} — the same data, settings and seed "
                "give the same themes.")
    with st.expander("Method card", expanded=True):
        st.markdown(method_card_markdown(result.method, tables=tuple(result.tables),
                                         heading_level=3))
    _ledger(result)
    _responses(result)
    _curation(result)


def _ledger(result) -> None:
    st.subheader("Ledger: every row accounted for")
    summary = result.ledger.summary()
    a, b, c = st.columns(3)
    a.metric("Rows read", summary["rows_read"])
    b.metric("Kept", summary["kept"])
    c.metric("Dropped", summary["dropped"])
    for reason, count in summary["dropped_by_reason"].items():
        st.write(f"- dropped ({reason}): {count}")
    download_table(result.ledger.entries, "ledger", key="ledger")


def _responses(result) -> None:
    st.subheader("Response log: you said, we did")
    log: ResponseLog = st.session_state.get("responses") or ResponseLog()
    if st.session_state["user"].is_analyst:
        log = _response_form(log, {t.theme_id: t.label for t in result.themes if t.theme_id >= 0})
    if len(log):
        st.write(", ".join(f"{s}: {n}" for s, n in log.status_counts().items()))
        frame = log.to_frame()
        show_table(frame)
        download_table(frame, "responses", key="responses")
    else:
        st.caption("No responses recorded yet.")


def _response_form(log: ResponseLog, themes: dict) -> ResponseLog:
    """The form analysts record responses with; returns the log, updated when saved."""
    with st.form("response_form"):
        theme_id = st.selectbox("Theme", list(themes), format_func=themes.get)
        status = st.selectbox("Status", STATUSES)
        response = st.text_area("What we are doing")
        rationale = st.text_area("Why")
        saved = st.form_submit_button("Save response")
    if not saved:
        return log
    try:
        if theme_id in log:
            log = log.update(theme_id, theme_label=themes[theme_id], status=status,
                             response=response, rationale=rationale)
        else:
            log = log.add(ResponseEntry(theme_id, themes[theme_id], status, response, rationale))
    except AnalyzerError as error:
        show_error(error)
        return log
    st.session_state["responses"] = log
    st.success(f"Saved the response for '{escape_markdown(themes[theme_id])}'.")
    return log


def _curation(result) -> None:
    st.subheader("Curation log: changes people made to the themes")
    edits = curation_log(result)
    if not edits:
        st.caption("No changes yet: these are the themes as the analysis found them.")
        return
    frame = pd.DataFrame([{k: v for k, v in e.as_dict().items() if k != "params"}
                          for e in edits])
    show_table(frame)
    download_table(frame, "curation_log", key="curation_log")


if __name__ == "__main__":
    show()
