"""Shared helpers of the compare stage: input checks, group labels, ordering, intervals.

Public functions of the stage validate their input here once; the helpers after that trust it.
"""

from __future__ import annotations

import math
import re
from typing import Hashable, Iterable

import numpy as np
import pandas as pd

from analyzer.cells import cell_text
from analyzer.errors import ColumnNotFoundError, ConfigError, DataError
from analyzer.themes.theme import NON_ANSWER_ID, UNASSIGNED_ID

MISSING_GROUP = "(not given)"
"""Group label for comments whose group cell was empty."""

OTHER_GROUP = "Other (small groups)"
"""Label that small groups are merged into for public outputs."""

_DIGITS = re.compile(r"(\d+)")


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, what: str = "assignments"
                    ) -> None:
    """Raise ColumnNotFoundError for the first column `frame` lacks, listing those it has."""
    for column in columns:
        if column not in frame.columns:
            available = ", ".join(map(str, frame.columns))
            raise ColumnNotFoundError(
                f"the {what} table has no column '{column}'; its columns are: {available}.",
                column=str(column))


def check_confidence(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ConfigError(f"confidence={confidence} should be between 0 and 1, e.g. 0.95.")
    return float(confidence)


def z_value(confidence: float) -> float:
    """Two-sided standard-normal quantile: 1.96 for 0.95."""
    from scipy.stats import norm

    return float(norm.ppf(0.5 + check_confidence(confidence) / 2.0))


def comment_weights(assignments: pd.DataFrame, weight_col: str = "weight") -> pd.Series:
    """Each comment's statistical weight; 1.0 for all when the column is absent."""
    if weight_col not in assignments.columns:
        return pd.Series(1.0, index=assignments.index, name=weight_col)
    weights = pd.to_numeric(assignments[weight_col], errors="coerce").astype(float)
    bad = weights.isna() | (weights < 0) | ~np.isfinite(weights.fillna(0.0))
    if bad.any():
        value = _plain(assignments.loc[bad, weight_col].iloc[0])
        raise DataError(f"weight column '{weight_col}' holds {value!r}; every weight should be "
                        "a number >= 0 (1 for an ordinary comment).")
    return weights.rename(weight_col)


def _plain(value):
    """A numpy scalar as the Python value it holds, so messages read 1.5, not np.float64(1.5)."""
    return value.item() if hasattr(value, "item") else value


def theme_ids(assignments: pd.DataFrame) -> pd.Series:
    """The theme_id column as integers, checked."""
    require_columns(assignments, ["theme_id"])
    ids = pd.to_numeric(assignments["theme_id"], errors="coerce")
    bad = ids.isna() | (ids != ids.round())
    if bad.any():
        value = _plain(assignments.loc[bad, "theme_id"].iloc[0])
        raise DataError(f"theme_id {value!r} is not a whole number; theme ids are 0, 1, 2, ... "
                        f"for themes, {UNASSIGNED_ID} for unassigned and {NON_ANSWER_ID} for "
                        "non-answers.")
    return ids.astype(int)


def group_labels(assignments: pd.DataFrame, group_col: str) -> pd.Series:
    """The group column as text, with empty cells labelled MISSING_GROUP."""
    require_columns(assignments, [group_col])
    values = assignments[group_col]
    labels = values.astype(object).where(values.notna(), MISSING_GROUP).map(_label)
    return labels.where(labels != "", MISSING_GROUP).rename(group_col)


def _label(value) -> str:
    """A cell as group text, stripped: 9.0 (an integer column with blanks) reads '9'."""
    return cell_text(value).strip()


def prepared(assignments: pd.DataFrame, group_col: str | None, weight_col: str = "weight"
             ) -> pd.DataFrame:
    """A compact frame with columns theme_id, weight and (when asked) group."""
    data = {"theme_id": theme_ids(assignments), "weight": comment_weights(assignments, weight_col)}
    if group_col is not None:
        data["group"] = group_labels(assignments, group_col)
    return pd.DataFrame(data, index=assignments.index)


def natural_key(value: Hashable) -> tuple:
    """Sort key that puts 'Round 2' before 'Round 10' and compares text case-insensitively."""
    parts = _DIGITS.split(str(value).strip().lower())
    key = [(0, int(part)) if part.isdigit() else (1, part) for part in parts if part != ""]
    return tuple(key) + ((2, str(value)),)


def natural_sorted(values: Iterable[Hashable]) -> list:
    """`values` sorted with `natural_key`: 'Grade 2' before 'Grade 10', case ignored."""
    return sorted(values, key=natural_key)


def theme_order_key(theme_id: int) -> tuple[int, int]:
    """Real themes first (0, 1, 2, ...), then unassigned (-1), then non-answers (-2)."""
    return (0, theme_id) if theme_id >= 0 else (1, -theme_id)


def sort_by_group_and_theme(frame: pd.DataFrame, group_column: str = "group") -> pd.DataFrame:
    """Rows ordered by natural group order, then theme order; a fresh 0..n-1 index."""
    group_rank = {g: i for i, g in enumerate(natural_sorted(frame[group_column].unique()))}
    order = sorted(range(len(frame)), key=lambda i: (
        group_rank[frame[group_column].iat[i]], theme_order_key(int(frame["theme_id"].iat[i]))))
    return frame.iloc[order].reset_index(drop=True)


def effective_size(weights: np.ndarray) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2; 0 when every weight is 0."""
    weights = np.asarray(weights, dtype=float)
    squares = float(np.sum(weights ** 2))
    return float(np.sum(weights)) ** 2 / squares if squares > 0 else 0.0


def wilson_bounds(share: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a share observed on n trials (n may be fractional)."""
    share = np.asarray(share, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z2n = z * z / n
        centre = (share + z2n / 2.0) / (1.0 + z2n)
        half = z / (1.0 + z2n) * np.sqrt(share * (1.0 - share) / n + z2n / (4.0 * n))
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


def safe_divide(numerator, denominator):
    """numerator / denominator with NaN where the denominator is 0."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator != 0, numerator / np.where(denominator != 0, denominator, 1),
                        np.nan)


def is_close_to_one(total: float, tolerance: float) -> bool:
    return math.isfinite(total) and abs(total - 1.0) <= tolerance


def count_matrix(data: pd.DataFrame, themes: Iterable[int] | None = None
                 ) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """From a `prepared` frame: (weighted counts group x theme, group totals, effective n).

    Totals cover every kept comment of the group (non-answers and unassigned included), the
    same denominator as `share_of_group`. Columns are `themes` (all real themes seen when None),
    rows are groups in natural order.
    """
    if themes is None:
        themes = sorted(t for t in data["theme_id"].unique() if t >= 0)
    groups = natural_sorted(data["group"].unique())
    counts = (data.pivot_table(index="group", columns="theme_id", values="weight",
                               aggfunc="sum", fill_value=0.0)
              .reindex(index=groups, columns=list(themes), fill_value=0.0).astype(float))
    totals = data.groupby("group")["weight"].sum().reindex(groups).astype(float)
    effective = data.groupby("group")["weight"].agg(
        lambda w: effective_size(w.to_numpy())).reindex(groups).astype(float)
    return counts, totals, effective


def theme_labels(themes: pd.DataFrame | None) -> dict[int, str]:
    """theme_id -> label from a themes frame (real themes only)."""
    if themes is None:
        return {}
    require_columns(themes, ["theme_id", "label"], what="themes")
    return {int(t): str(label) for t, label in zip(themes["theme_id"], themes["label"])
            if int(t) >= 0}
