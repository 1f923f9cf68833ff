"""The response log ("you said, we did"): validation, updates, and the table round trip."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analyzer.errors import ConfigError
from analyzer.reports.data import read_responses, write_responses
from analyzer.themes.responses import (
    RESPONSE_COLUMNS,
    STATUSES,
    ResponseEntry,
    ResponseLog,
    parse_status,
)

MAY_1, MAY_9 = dt.date(2024, 5, 1), dt.date(2024, 5, 9)


def entry(theme_id=0, status="adopted", response="Extra bus route from September.", **kw):
    kw.setdefault("recorded_on", MAY_1)
    return ResponseEntry(theme_id=theme_id, theme_label=kw.pop("theme_label", "Bus times"),
                         status=status, response=response, **kw)


@pytest.mark.parametrize("raw, expected", [
    ("adopted", "adopted"), ("Adopted ", "adopted"), ("under_review", "under review"),
    ("Under-Review", "under review"), ("NOT ADOPTED", "not adopted"),
    ("out  of scope", "out of scope")])
def test_status_spellings_are_forgiven(raw, expected):
    assert parse_status(raw) == expected


def test_unknown_status_lists_the_valid_ones():
    with pytest.raises(ConfigError, match=r"status 'done' is not valid; use one of: adopted, "
                                          r"under review, not adopted, out of scope\."):
        entry(status="done")


def test_entry_defaults_and_normalisation():
    made = entry(status="Under Review", response="  We are costing it.  ", rationale=None)
    assert made.status == "under review"
    assert made.response == "We are costing it."
    assert made.rationale == ""
    assert made.recorded_on == MAY_1 and made.updated_on == MAY_1
    assert entry(recorded_on="2024-05-01T10:00:00").recorded_on == MAY_1


def test_recorded_on_defaults_to_today():
    made = ResponseEntry(1, "Lunch", "adopted", "Hot food carts.")
    assert made.recorded_on == dt.date.today() == made.updated_on


@pytest.mark.parametrize("kwargs, message", [
    ({"response": "   "}, r"the response for theme 0 is empty"),
    ({"recorded_on": "May first"}, r"recorded_on 'May first' is not a date; write it as "
                                   r"YYYY-MM-DD"),
    ({"updated_on": dt.date(2024, 4, 1)}, r"updated_on=2024-04-01 is before "
                                          r"recorded_on=2024-05-01 for theme 0"),
    ({"theme_id": "bus"}, r"theme_id='bus' should be a whole number"),
    ({"theme_id": 1.5}, r"theme_id=1.5 should be a whole number"),
])
def test_invalid_entries_say_what_to_fix(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        entry(**kwargs)


def test_add_update_remove_return_new_logs():
    empty = ResponseLog()
    log = empty.add(entry(0)).add(entry(3, status="not adopted", response="No.",
                                        rationale="Not within the school board's powers."))
    assert len(empty) == 0 and len(log) == 2
    assert 3 in log and 7 not in log and log.get(7) is None
    updated = log.update(0, status="under review", rationale="Costs rose.", on=MAY_9)
    assert log.get(0).status == "adopted"  # the old log is unchanged
    changed = updated.get(0)
    assert (changed.status, changed.rationale, changed.recorded_on, changed.updated_on) == (
        "under review", "Costs rose.", MAY_1, MAY_9)
    assert [e.theme_id for e in updated] == [0, 3]  # order kept
    assert [e.theme_id for e in updated.remove(0)] == [3]
    assert updated.status_counts() == {"adopted": 0, "under review": 1, "not adopted": 1,
                                       "out of scope": 0}


def test_log_errors():
    log = ResponseLog().add(entry(0))
    with pytest.raises(ConfigError, match=r"theme 0 already has a response; use update\(\)"):
        log.add(entry(0))
    with pytest.raises(ConfigError, match=r"theme 5 has no response yet; use add\(\)"):
        log.update(5, status="adopted")
    with pytest.raises(ConfigError, match=r"cannot update theme_id; the fields that can change "
                                          r"are rationale, response, status, theme_label"):
        log.update(0, theme_id=4)
    with pytest.raises(ConfigError, match=r"status 'maybe' is not valid"):
        log.update(0, status="maybe", on=MAY_9)
    with pytest.raises(ConfigError, match=r"theme 0 has two responses"):
        ResponseLog((entry(0), entry(0)))
    with pytest.raises(ConfigError, match=r"theme 9 has no response to remove"):
        log.remove(9)


def test_frame_round_trip():
    log = (ResponseLog().add(entry(0)).add(entry(2, status="out of scope",
                                                 response="Passed to the city transit office.",
                                                 rationale="The city runs public buses."))
           .update(0, response="Two extra routes.", on=MAY_9))
    frame = log.to_frame()
    assert list(frame.columns) == list(RESPONSE_COLUMNS)
    assert frame.loc[0, "updated_on"] == "2024-05-09" and frame.loc[0, "recorded_on"] == \
        "2024-05-01"
    assert ResponseLog.from_frame(frame) == log
    assert ResponseLog.from_frame(log.to_frame().iloc[0:0]) == ResponseLog()


def test_from_frame_accepts_a_typed_spreadsheet_and_names_bad_rows():
    typed = pd.DataFrame({"theme_id": [1, 2], "status": ["Adopted", "under_review"],
                          "response": ["Yes.", "Looking at it."],
                          "recorded_on": ["2024-05-01", None]})
    log = ResponseLog.from_frame(typed)
    assert [e.status for e in log] == ["adopted", "under review"]
    assert log.get(2).recorded_on == dt.date.today()
    bad = typed.assign(status=["adopted", "pending"])
    with pytest.raises(ConfigError, match=r"response row 2: status 'pending' is not valid"):
        ResponseLog.from_frame(bad)
    with pytest.raises(ConfigError, match=r"the response table lacks the column\(s\) status"):
        ResponseLog.from_frame(typed.drop(columns=["status"]))


def test_csv_round_trip_neutralises_formulas(tmp_path):
    log = ResponseLog().add(entry(0, response='=HYPERLINK("http://evil.example","x")',
                                  rationale="+1 from the board"))
    path = write_responses(log, tmp_path)
    raw = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in raw and "'+1 from the board" in raw
    assert read_responses(path) == log


def test_statuses_are_the_four_from_the_issue():
    assert STATUSES == ("adopted", "under review", "not adopted", "out of scope")
