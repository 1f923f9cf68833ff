"""Voices page: who took part compared with a benchmark, weights, hidden and amplified themes."""

from __future__ import annotations

import streamlit as st

from analyzer.dashboard.widgets import (
    compared_tables,
    download_table,
    explained_table,
    require_result,
)
from analyzer.safe_text import escape_markdown

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
    explained_table(representation.drop(columns="flagged"), "representation")
    flagged = representation.loc[representation["flagged"], "group"].tolist()
    if flagged:
        st.warning(f"{FLAG}: " + escape_markdown(", ".join(flagged))
                   + ". Their themes may be under-counted; see the weighted rankings below.")
    download_table(representation, "representation", key="representation")

    st.subheader("Raw vs amplified rankings")
    st.caption("Raw counts every comment once; equal-weight gives every group the same say; "
               "benchmark-weighted matches the population (when a benchmark was given).")
    explained_table(tables["prevalence"], "prevalence")
    download_table(tables["prevalence"], "prevalence", key="prevalence")

    st.subheader("Hidden themes")
    st.caption("Themes one group raises far more than the overall ranking suggests.")
    if "hidden" in tables and len(tables["hidden"]):
        explained_table(tables["hidden"], "hidden")
        download_table(tables["hidden"], "hidden", key="hidden")
    else:
        st.write("No hidden themes: no group raised a theme much more than everyone else.")



if __name__ == "__main__":
    show()
