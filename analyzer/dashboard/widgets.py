"""Small display helpers shared by pages: friendly errors, downloads, the palette."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from analyzer.dashboard.tables import WEIGHTED_MARK, readable
from analyzer.errors import AnalyzerError, ConfigError, DataError
from analyzer.pipelines.groups import tables_by
from analyzer.pipelines.write import neutralise_frame
from analyzer.reports.charts import GROUP_COLOURS
from analyzer.safe_text import escape_markdown

PALETTE = list(GROUP_COLOURS)
"""Okabe-Ito, in the order the report charts give groups, so a group has one colour on the
dashboard, the slides and the HTML report."""
PLOTLY_SYMBOLS = ("circle", "square", "triangle-up", "diamond", "triangle-down", "cross", "x",
                  "star")
"""The report charts' marker shapes (`charts.MARKERS`) as Plotly names them."""


def show_error(error: AnalyzerError) -> None:
    st.error(f"{escape_markdown(error)}\n\nWhat to do: {what_to_do(error)}")


def what_to_do(error: AnalyzerError) -> str:
    """The next step for an error box: a bad setting is changed, bad data is fixed at its
    source (the comments, a file, a saved analysis)."""
    if isinstance(error, ConfigError):
        return "change the setting named above and try again."
    if isinstance(error, DataError):
        return "check the data named above (the comments, a file or a saved analysis), fix it " \
               "and try again."
    return "fix the file or the setting named above and try again."


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


def compared_tables(result, key: str) -> tuple[str | None, dict[str, pd.DataFrame]]:
    """The group attribute to compare by (a choice when the analysis has several, such as
    "Language of comment" beside "role") and the group tables by it, computed once per
    analysis and attribute."""
    attributes = list(result.group_columns)
    if not attributes:
        return None, dict(result.tables)
    attribute = attributes[0]
    if len(attributes) > 1:
        attribute = st.selectbox("Compare groups by", attributes, key=key,
                                 help="Every group column of the analysis; 'Language of "
                                      "comment' is each comment's detected language.")
    return attribute, once_per_analysis("tables_by", result, attribute,
                                        lambda: tables_by(result, attribute))


def once_per_analysis(store: str, result, name, compute):
    """`compute()`, kept in the session under `store` for as long as `result` is the analysis
    shown (an edit on Curate makes a new result, and so everything is worked out again)."""
    cached = st.session_state.get(store)
    if cached is None or cached[0] is not result:
        cached = (result, {})
        st.session_state[store] = cached
    if name not in cached[1]:
        cached[1][name] = compute()
    return cached[1][name]


SHOW_IDS_KEY = "show_ids"


def show_ids_option() -> None:
    """The sidebar switch that brings internal ids (theme numbers, comment ids) back into
    every table, for an analyst matching rows to the CLI's files."""
    st.sidebar.checkbox("Show internal ids in tables", key=SHOW_IDS_KEY)


def show_table(frame: pd.DataFrame, container=st, **options) -> None:
    """`frame` as a person reads it (`tables.readable`): plain headers, percentages,
    intervals, whole counts; ids only when the sidebar asks for them."""
    shown = readable(frame, show_ids=bool(st.session_state.get(SHOW_IDS_KEY)))
    container.dataframe(shown, hide_index=True, **options)
    if any(str(header).endswith(WEIGHTED_MARK) for header in shown.columns):
        container.caption(f"Counts marked {WEIGHTED_MARK}: the copies of one campaign share "
                          "one vote, so a count can hold fractions; it is rounded here, and "
                          "the downloads keep every digit.")


def explained_table(frame: pd.DataFrame, key: str) -> None:
    """The table for reading (downloads keep every digit), beside how to read the
    statistic `key` of `analyzer.themes.statistics.STATISTICS`."""
    from analyzer.themes.statistics import STATISTICS

    left, right = st.columns([3, 2])
    show_table(frame, left)
    statistic = STATISTICS.get(key)
    if statistic is not None:
        with right.expander(f"How to read: {statistic.name}"):
            st.markdown(statistic.as_markdown())
