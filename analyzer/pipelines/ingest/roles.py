"""Suggest what each column is for, so the upload page can pre-fill its choices."""

from __future__ import annotations

import re

import pandas as pd

TEXT, GROUP, ID, DATE, OTHER = "text", "group", "id", "date", "other"
MAX_GROUPS = 20
"""A column with more distinct values than this is not offered as a group."""
_DATE = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AaPp][Mm])?"
    r"(Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}([ T]\d{1,2}:\d{2}(:\d{2})?\s*([AaPp][Mm])?)?")
_ID_NAME = re.compile(r"(^|[\s_-])(id|uuid|identifier)$|respon(se|dent)\s*_?id", re.IGNORECASE)


def _role(name: str, values: pd.Series, n_rows: int) -> str:
    filled = values[values != ""]
    if filled.empty:
        return OTHER
    if filled.str.fullmatch(_DATE).mean() >= 0.9:
        return DATE
    words = filled.str.split().str.len()
    distinct = filled.nunique()
    if words.median() >= 4 or (filled.str.len().mean() >= 25 and distinct >= 0.5 * len(filled)):
        return TEXT
    unique = distinct == len(filled) == n_rows
    spaceless = not filled.str.contains(r"\s").any()
    if unique and spaceless and (n_rows > MAX_GROUPS or _ID_NAME.search(name)
                                 or filled.str.contains(r"\d").all()):
        return ID
    if 2 <= distinct <= MAX_GROUPS and distinct < len(filled) or (
            2 <= distinct <= MAX_GROUPS and n_rows <= MAX_GROUPS and not _ID_NAME.search(name)):
        return GROUP
    return OTHER


def suggest_roles(frame: pd.DataFrame) -> dict[str, str]:
    """Column -> "text", "group", "id", "date" or "other", from the values alone (plus an
    "id"-like header). Long, varied strings are text; a few distinct short values are a group;
    a value unique to each row is an id; dates and timestamps are dates. Deterministic."""
    roles = {}
    for column in frame.columns:
        values = frame[column].astype(str).where(frame[column].notna(), "").str.strip()
        roles[str(column)] = _role(str(column), values, len(frame))
    return roles
