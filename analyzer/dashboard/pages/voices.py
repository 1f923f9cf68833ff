"""Voices page: who took part compared with a benchmark, weights, hidden and amplified themes."""

from __future__ import annotations

import streamlit as st

from analyzer.dashboard.widgets import compared_tables, download_table, require_result
from analyzer.safe_text import escape_markdown
from analyzer.themes.statistics import STATISTICS

FLAG = "⚠ under-represented"


def show() -> None:
    st.title("Voices")
    result = require_result()
    if result is None:
        return
    attribute, tables = compared_tables(result, key="voices_attribute")
    if "representation" not in tables:
        st.info("No group column was chosen on the **Data** page, so there is no participation "
                "to compare.")
        return

    st.subheader("Who took part")
    if attribute is not None:
        st.caption(f"Groups of **{escape_markdown(attribute)}**.")
    representation = tables["representation"].copy()
    representation["flag"] = representation["flagged"].map(lambda f: FLAG if f else "")
    _explained(representation, "representation")
    flagged = representation.loc[representation["flagged"], "group"].tolist()
    if flagged:
        st.warning(f"{FLAG}: " + escape_markdown(", ".join(flagged))
                   + ". Their themes may be under-counted; see the weighted rankings below.")
    download_table(representation, "representation", key="representation")

    st.subheader("Raw vs amplified rankings")
    st.caption("Raw counts every comment once; equal-weight gives every group the same say; "
               "benchmark-weighted matches the population (when a benchmark was given).")
    _explained(tables["prevalence"], "prevalence")
    download_table(tables["prevalence"], "prevalence", key="prevalence")

    st.subheader("Hidden themes")
    st.caption("Themes one group raises far more than the overall ranking suggests.")
    if "hidden" in tables and len(tables["hidden"]):
        _explained(tables["hidden"], "hidden")
        download_table(tables["hidden"], "hidden", key="hidden")
    else:
        st.write("No hidden themes: no group raised a theme much more than everyone else.")


def _explained(frame, key: str) -> None:
    """The table, rounded for reading (downloads keep every digit), beside how to read it."""
    left, right = st.columns([3, 2])
    shown = frame.round(3)
    if "comments" in shown:  # weighted counts: campaign copies share one vote
        shown["comments"] = shown["comments"].round(1)
    left.dataframe(shown, hide_index=True)
    statistic = STATISTICS.get(key)
    if statistic is not None:
        with right.expander(f"How to read: {statistic.name}"):
            st.markdown(statistic.as_markdown())


if __name__ == "__main__":
    show()
