"""Small display helpers shared by pages: friendly errors, downloads, the palette."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from analyzer.errors import AnalyzerError
from analyzer.pipelines.write import neutralise_frame
from analyzer.safe_text import escape_markdown

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]


def show_error(error: AnalyzerError) -> None:
    st.error(f"{escape_markdown(error)}\n\nWhat to do: fix the file or the setting named above "
             "and try again.")


def download_table(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV and XLSX buttons for a table, with formula-like cells neutralised."""
    safe = neutralise_frame(frame)
    left, right = st.columns(2)
    left.download_button(f"Download {name} (CSV)", safe.to_csv(index=False).encode("utf-8"),
                         file_name=f"{name}.csv", mime="text/csv", key=f"{key}-csv")
    buffer = io.BytesIO()
    safe.to_excel(buffer, index=False)
    right.download_button(f"Download {name} (XLSX)", buffer.getvalue(), file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}-xlsx")


def require_result():
    """The current result, or a pointer to the Run page."""
    result = st.session_state.get("result")
    if result is None:
        user = st.session_state.get("user")
        st.info("No analysis yet. " + (
            "Open **Run** in the menu and press **Find themes**, or open a saved one on "
            "**Projects**." if user is None or user.is_analyst else
            "Open **Projects** in the menu and open a saved analysis."))
    return result
