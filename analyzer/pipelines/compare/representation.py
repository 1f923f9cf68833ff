"""Who took part compared with who lives here, and theme shares re-weighted to match.

`representation` compares each group's share of the comments with its benchmark share and
derives post-stratification weights; `weighted_prevalence` shows how the theme ranking moves
when every group counts equally or in proportion to its benchmark. See
STATISTICS["representation"] and STATISTICS["prevalence"].
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError
from analyzer.pipelines.compare._common import (
    MISSING_GROUP,
    OTHER_GROUP,
    natural_sorted,
    prepared,
    safe_divide,
    theme_labels,
)
from analyzer.pipelines.compare.weights import benchmark_for

REPRESENTATION_COLUMNS = ["group", "comments", "share", "benchmark_share", "ratio", "weight",
                          "flagged", "n_comments", "weight_basis"]
PREVALENCE_COLUMNS = ["theme_id", "label", "raw_share", "equal_weight_share", "benchmark_share",
                      "raw_rank", "equal_weight_rank", "benchmark_rank"]


def representation(assignments: pd.DataFrame, group_col: str,
                   benchmark: pd.DataFrame | None = None, *, threshold: float = 0.8,
                   weight_col: str = "weight", other_label: str = OTHER_GROUP) -> pd.DataFrame:
    """One row per group: its comments, their share, the benchmark share and a weight.

    `comments` is the group's weighted count (campaign copies sharing one vote), `n_comments`
    its number of rows, `share` = comments / all comments. With a benchmark (columns
    attribute, group, share; see `benchmark_for`), `ratio` = share / benchmark_share, `flagged`
    = ratio < `threshold`, and `weight` = benchmark_share / share is the post-stratification
    weight that makes the group count in proportion to its benchmark. Without one, every group
    counts equally: weight = (1 / number of groups) / share, ratio NaN, nothing flagged.

    Benchmark groups without a single comment get a row with 0 comments, ratio 0 and flagged.
    Comments with no group, and the merged small-groups row when the benchmark has no share
    for it, keep weight 1 (`weight_basis` "unadjusted"); ratios and weights of the other groups
    are then computed among the comments that have a benchmarked group. When the data holds
    `other_label` but the benchmark does not, the benchmark groups absent from the data are
    assumed to be the ones merged into it and their shares are pooled.
    """
    if not 0.0 < threshold <= 1.0:
        raise ConfigError(f"threshold={threshold} should be in (0, 1], e.g. 0.8.")
    data = prepared(assignments, group_col, weight_col)
    counts = data.groupby("group")["weight"].sum()
    sizes = data.groupby("group").size()
    present = set(counts.index)
    targets, basis = _targets(present, benchmark, group_col, other_label)
    unadjusted = present - set(targets)
    groups = natural_sorted(present | set(targets))
    comments = np.array([counts.get(g, 0.0) for g in groups], dtype=float)
    known = np.array([g not in unadjusted for g in groups], dtype=bool)
    share = safe_divide(comments, comments.sum())
    share_known = np.where(known, safe_divide(comments, comments[known].sum()), np.nan)
    target = np.array([targets.get(g, np.nan) for g in groups], dtype=float)
    weight = np.where(known, safe_divide(target, share_known), 1.0)
    if basis == "benchmark":
        benchmark_share = target
        ratio = np.where(known, safe_divide(share_known, target), np.nan)
        flagged = known & (np.nan_to_num(ratio, nan=np.inf) < threshold)
    else:
        benchmark_share = np.full(len(groups), np.nan)
        ratio = np.full(len(groups), np.nan)
        flagged = np.zeros(len(groups), dtype=bool)
    return pd.DataFrame({
        "group": groups, "comments": comments, "share": share,
        "benchmark_share": benchmark_share, "ratio": ratio, "weight": weight,
        "flagged": flagged.astype(bool),
        "n_comments": [int(sizes.get(g, 0)) for g in groups],
        "weight_basis": np.where(known, basis, "unadjusted"),
    })[REPRESENTATION_COLUMNS]


def representation_weights(assignments: pd.DataFrame, group_col: str,
                           benchmark: pd.DataFrame | None = None, *, weight_col: str = "weight",
                           other_label: str = OTHER_GROUP) -> pd.Series:
    """Each comment's final weight: its own weight times its group's representation weight.

    Feed this to `effective_sample_size` to see how much precision the weighting costs.
    """
    table = representation(assignments, group_col, benchmark, weight_col=weight_col,
                           other_label=other_label)
    data = prepared(assignments, group_col, weight_col)
    by_group = dict(zip(table["group"], table["weight"]))
    return (data["weight"] * data["group"].map(by_group)).rename("final_weight")


def weighted_prevalence(assignments: pd.DataFrame, themes: pd.DataFrame | None, group_col: str,
                        benchmark: pd.DataFrame | None = None, *, weight_col: str = "weight",
                        other_label: str = OTHER_GROUP) -> pd.DataFrame:
    """Each real theme's share of all kept comments three ways, with the ranking each gives.

    `raw_share` counts comments as they came (campaign weights applied); `equal_weight_share`
    gives every group the same say (the mean of the groups' shares when all have a group);
    `benchmark_share` weights groups by their benchmark share (NaN, with no rank, without a
    benchmark). Ranks: 1 = largest share; ties share the best rank.
    """
    labels = theme_labels(themes)
    data = prepared(assignments, group_col, weight_col)
    theme_list = sorted(set(labels) | {int(t) for t in data["theme_id"].unique() if t >= 0})
    table = pd.DataFrame({"theme_id": pd.Series(theme_list, dtype=int),
                          "label": [labels.get(t, f"Theme {t}") for t in theme_list]})
    table["raw_share"] = _shares(data, theme_list, data["weight"])
    equal = representation(assignments, group_col, None, weight_col=weight_col,
                           other_label=other_label)
    table["equal_weight_share"] = _shares(data, theme_list, _reweighted(data, equal))
    if benchmark is not None:
        weighted = representation(assignments, group_col, benchmark, weight_col=weight_col,
                                  other_label=other_label)
        table["benchmark_share"] = _shares(data, theme_list, _reweighted(data, weighted))
    else:
        table["benchmark_share"] = np.nan
    for share, rank in [("raw_share", "raw_rank"), ("equal_weight_share", "equal_weight_rank"),
                        ("benchmark_share", "benchmark_rank")]:
        table[rank] = table[share].rank(method="min", ascending=False).astype("Int64")
    return table[PREVALENCE_COLUMNS]


def _targets(present: set[str], benchmark: pd.DataFrame | None, group_col: str,
             other_label: str) -> tuple[dict[str, float], str]:
    """Target shares per group, for the groups weighting applies to, and their basis."""
    if benchmark is None:
        adjustable = [g for g in present if g not in (MISSING_GROUP, other_label)]
        if not adjustable:
            adjustable = [g for g in present if g != MISSING_GROUP]
        return {g: 1.0 / len(adjustable) for g in adjustable}, "equal"
    shares = benchmark_for(benchmark, group_col)
    if other_label in present and other_label not in shares:
        absent = [g for g in shares if g not in present]
        if absent:
            shares[other_label] = sum(shares.pop(g) for g in absent)
    unknown = natural_sorted(present - set(shares) - {MISSING_GROUP, other_label})
    if unknown:
        raise ConfigError(f"group '{unknown[0]}' of '{group_col}' appears in the data but not in "
                          f"the benchmark, which lists {', '.join(natural_sorted(shares))}; add "
                          "its share or fix the spelling.")
    return shares, "benchmark"


def _reweighted(data: pd.DataFrame, table: pd.DataFrame) -> pd.Series:
    by_group = dict(zip(table["group"], table["weight"]))
    return data["weight"] * data["group"].map(by_group).fillna(0.0)


def _shares(data: pd.DataFrame, theme_list: list[int], weights: pd.Series) -> np.ndarray:
    total = weights.sum()
    per_theme = weights.groupby(data["theme_id"]).sum().reindex(theme_list, fill_value=0.0)
    return safe_divide(per_theme.to_numpy(), total)
