"""How often each group raised each theme: weighted counts, shares and Wilson intervals.

Also the two ways of shaping groups before any comparison: combining two group columns into
one ("Parent × Spanish") and merging groups too small to publish into one "other" group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError
from analyzer.pipelines.compare._common import (
    OTHER_GROUP,
    group_labels,
    natural_sorted,
    prepared,
    require_columns,
    safe_divide,
    sort_by_group_and_theme,
    wilson_bounds,
    z_value,
)

GROUP_THEME_COLUMNS = ["theme_id", "group", "count", "share_of_group", "ci_low", "ci_high",
                       "group_total", "n_comments", "group_comments", "group_effective_n"]

COMBINED_SEPARATOR = " × "


def wilson_interval(count, total, *, confidence: float = 0.95) -> tuple:
    """Wilson score interval for `count` successes out of `total` (arrays or scalars).

    Returns (low, high), floats for scalar input; NaN where `total` is 0.
    See STATISTICS["wilson_interval"].
    """
    share = safe_divide(count, total)
    low, high = wilson_bounds(share, np.asarray(total, dtype=float), z_value(confidence))
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def group_theme_table(assignments: pd.DataFrame, group_col: str, *, weight_col: str = "weight",
                      confidence: float = 0.95) -> pd.DataFrame:
    """One row per (theme, group), unassigned (-1) and non-answers (-2) included.

    `count` is the weighted number of the group's comments on the theme (a campaign of k
    copies counts once when its copies weigh 1/k), `share_of_group` divides it by the group's
    weighted total, and `ci_low`/`ci_high` are a Wilson interval computed on the group's
    effective sample size (which equals its number of comments when all weights are 1).
    Every theme seen anywhere gets a row for every group, zero counts included, so the table
    pivots into a complete heat map. Rows are in natural group order, then themes 0, 1, ...,
    then -1, then -2.

    Computed from `theme_group_counts`, so that counts of parts of the comments, summed with
    `combined_counts`, give this very table (`table_from_counts`).
    """
    return table_from_counts(combined_counts([theme_group_counts(assignments, group_col,
                                                                 weight_col=weight_col)]),
                             confidence=confidence)


def theme_group_counts(assignments: pd.DataFrame, group_col: str, *,
                       weight_col: str = "weight") -> pd.DataFrame:
    """Comments per (group, theme_id, weight), in a column `n`: whole numbers, so the counts
    of any parts of the comments sum exactly to those of all of them, wherever each part
    was counted (the weights take few values: 1, 0 for a repeat, 1/k for campaign copies)."""
    data = prepared(assignments, group_col, weight_col)
    return (data.groupby(["group", "theme_id", "weight"], sort=False).size()
            .rename("n").reset_index())


def combined_counts(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """`theme_group_counts` of parts of the comments, summed into one, in a fixed order."""
    if not parts:
        return pd.DataFrame({"group": pd.Series(dtype=object), "theme_id": pd.Series(dtype=int),
                             "weight": pd.Series(dtype=float), "n": pd.Series(dtype=int)})
    return (pd.concat(parts, ignore_index=True)
            .groupby(["group", "theme_id", "weight"], sort=True)["n"].sum().reset_index())


def table_from_counts(counts: pd.DataFrame, *, confidence: float = 0.95) -> pd.DataFrame:
    """`group_theme_table` from the `combined_counts` of the comments."""
    z = z_value(confidence)
    if counts.empty:
        return pd.DataFrame(columns=GROUP_THEME_COLUMNS)
    sums = counts.assign(count=counts["n"] * counts["weight"],
                         squares=counts["n"] * counts["weight"] ** 2)
    cells = sums.groupby(["group", "theme_id"]).agg(count=("count", "sum"),
                                                     n_comments=("n", "sum"))
    grid = pd.MultiIndex.from_product([counts["group"].unique(), counts["theme_id"].unique()],
                                      names=["group", "theme_id"])
    table = cells.reindex(grid, fill_value=0).reset_index()
    per_group = sums.groupby("group").agg(group_total=("count", "sum"),
                                          group_comments=("n", "sum"), squares=("squares", "sum"))
    per_group["group_effective_n"] = safe_divide(per_group["group_total"] ** 2,
                                                 per_group["squares"])
    per_group["group_effective_n"] = per_group["group_effective_n"].fillna(0.0)
    table = table.join(per_group.drop(columns="squares"), on="group")
    table["count"] = table["count"].astype(float)
    table["share_of_group"] = safe_divide(table["count"], table["group_total"])
    table["ci_low"], table["ci_high"] = wilson_bounds(
        table["share_of_group"].to_numpy(), table["group_effective_n"].to_numpy(), z)
    table["n_comments"] = table["n_comments"].astype(int)
    table["group_comments"] = table["group_comments"].astype(int)
    return sort_by_group_and_theme(table[GROUP_THEME_COLUMNS])


def combine_groups(assignments: pd.DataFrame, col_a: str, col_b: str, name: str | None = None
                   ) -> tuple[pd.DataFrame, str]:
    """Add a column whose value is "A × B" for each comment; return (copy, new column name).

    The default name is "<col_a> × <col_b>". Empty cells read as "(not given)".
    """
    require_columns(assignments, [col_a, col_b])
    if col_a == col_b:
        raise ConfigError(f"cannot combine the column '{col_a}' with itself; choose two "
                          "different group columns.")
    new_name = name or f"{col_a}{COMBINED_SEPARATOR}{col_b}"
    if new_name in assignments.columns:
        raise ConfigError(f"the column name '{new_name}' is already taken; pass another name.")
    combined = assignments.copy()
    combined[new_name] = (group_labels(assignments, col_a) + COMBINED_SEPARATOR
                          + group_labels(assignments, col_b))
    return combined, new_name


def suppress_small_groups(assignments: pd.DataFrame, group_col: str, min_size: int = 10,
                          other_label: str = OTHER_GROUP) -> tuple[pd.DataFrame, str | None]:
    """Merge groups with fewer than `min_size` comments into `other_label` (for public outputs).

    Size counts comments (rows, every campaign copy included), because the point is that no
    published figure describes fewer than `min_size` people. Returns a copy with the group
    column rewritten (as text) and a note saying what was merged, or None when nothing was.
    """
    if min_size < 1:
        raise ConfigError(f"min_size={min_size} should be >= 1.")
    labels = group_labels(assignments, group_col)
    sizes = labels.value_counts()
    small = [g for g in natural_sorted(sizes.index) if sizes[g] < min_size and g != other_label]
    result = assignments.copy()
    result[group_col] = labels
    if not small:
        return result, None
    result[group_col] = labels.where(~labels.isin(small), other_label)
    merged_size = int((result[group_col] == other_label).sum())
    noun = "group" if len(small) == 1 else "groups"
    note = (f"{len(small)} {noun} of '{group_col}' with fewer than {min_size} comments "
            f"({', '.join(small)}) shown together as '{other_label}' ({merged_size} comments).")
    if merged_size < min_size:
        note += (f" Even together they have fewer than {min_size} comments, so read their "
                 "figures with care.")
    return result, note
