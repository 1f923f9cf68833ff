"""Tables on the dashboard read as a person would write them; downloads keep machine names."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("streamlit")

from analyzer.dashboard.pages import PAGES  # noqa: E402
from analyzer.dashboard.tables import readable  # noqa: E402
from analyzer.themes.theme import NON_ANSWER_ID  # noqa: E402
from tests.dashboard_app import RESULT, is_code_style, page  # noqa: E402

LONG_NUMBER = re.compile(r"^-?\d+\.\d{3,}$")
"""A cell such as 0.1376 or 25.5833: a share not written as a percentage, or an unrounded
weighted count."""


def test_a_share_and_its_interval_read_as_one_cell():
    frame = pd.DataFrame({"theme_id": [3], "group": ["Parent"], "count": [25.5833],
                          "share_of_group": [0.1376], "ci_low": [0.0912],
                          "ci_high": [0.1504], "n_comments": [26]})
    shown = readable(frame)
    assert list(shown.columns) == ["Group", "Comments (weighted)", "Share of the group",
                                   "Comments, each copy counted"]
    assert shown.iloc[0].tolist() == ["Parent", "26", "14% (9–15%)", "26"]
    assert list(frame.columns)[:3] == ["theme_id", "group", "count"]  # the frame is untouched


def test_ids_come_back_when_asked_for():
    frame = pd.DataFrame({"theme_id": [3], "comment_id": ["r-9"], "label": ["Bus"]})
    assert list(readable(frame).columns) == ["Theme"]
    assert readable(frame, show_ids=True).iloc[0].tolist() == ["3", "r-9", "Bus"]


def test_small_shares_keep_a_decimal_and_missing_values_stay_blank():
    frame = pd.DataFrame({"share": [0.004, np.nan, 0.5], "flagged": [True, False, True],
                          "z": [1.23456, np.nan, -0.5]})
    shown = readable(frame)
    assert shown["Share"].tolist() == ["0.4%", "–", "50%"]
    assert shown["Under-heard"].tolist() == ["yes", "no", "yes"]
    assert shown["Strength of the difference (z)"].tolist() == ["1.23", "", "-0.50"]


def test_an_unknown_column_loses_its_underscores():
    shown = readable(pd.DataFrame({"Parents_of_year_9 agree": [0.25],
                                   "new_measure": ["x"]}))
    assert list(shown.columns) == ["Parents of year 9 agree", "New measure"]
    assert shown.iloc[0].tolist() == ["25%", "x"]
    assert not any(is_code_style(c) for c in shown.columns)


@pytest.mark.parametrize("name", [name for name, _ in PAGES if name != "data"])
def test_no_table_on_a_page_speaks_code(name):
    """The Data page is left out: its preview shows the user's file with the user's own
    column names."""
    at = page(name)
    for table in at.dataframe:
        frame = table.value
        assert not [c for c in frame.columns if is_code_style(c)], (name, list(frame.columns))
        assert "theme_id" not in frame.columns and "comment_id" not in frame.columns
        cells = frame.astype(str).to_numpy().ravel()
        assert not [c for c in cells if LONG_NUMBER.match(c)], (name, list(frame.columns))


def test_the_sidebar_switch_shows_internal_ids():
    at = page("rounds")
    assert "Theme number" not in at.dataframe[0].value.columns
    at.sidebar.checkbox[0].check().run()
    shown = at.dataframe[0].value
    assert "Theme number" in shown.columns
    real = {str(t.theme_id) for t in RESULT.themes} | {str(NON_ANSWER_ID)}
    assert set(shown["Theme number"]) <= real
