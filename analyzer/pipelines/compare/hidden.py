"""Hidden themes: small overall, but a large part of what one group said.

A theme raised by 40 % of a group that wrote 5 % of the comments is 2 % of the whole and sits
at the bottom of any overall ranking. This table brings such (theme, group) pairs to the top,
with a cautious lift so that three comments from a group of five do not outrank a solid
finding. See STATISTICS["hidden"].
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError
from analyzer.pipelines.compare._common import (
    count_matrix,
    prepared,
    safe_divide,
    theme_labels,
    wilson_bounds,
    z_value,
)

HIDDEN_COLUMNS = ["theme_id", "label", "group", "rank", "share_in_group", "share_overall",
                  "lift", "raw_rank", "count", "group_comments", "ci_low"]


def hidden_themes(assignments: pd.DataFrame, themes: pd.DataFrame | None, group_col: str, *,
                  min_group_comments: int = 5, top_n: int = 10, weight_col: str = "weight",
                  confidence: float = 0.95) -> pd.DataFrame:
    """(theme, group) pairs whose share in the group far exceeds the theme's overall share.

    lift = (lower Wilson bound of share_in_group, on the group's effective size) / share_overall.
    Using the lower bound shrinks small, noisy groups towards "no evidence" while a group's
    real concern still stands out, however small the group. Only pairs with lift > 1 (even the
    cautious estimate is above the overall share) from groups of at least
    `min_group_comments` comments are listed, best first, at most `top_n`. Shares use the same
    denominator as groups.csv (all the group's kept comments). `raw_rank` is the theme's rank
    among real themes by its overall count (1 = most raised).
    """
    if min_group_comments < 1 or top_n < 1:
        raise ConfigError(f"min_group_comments={min_group_comments} and top_n={top_n} should "
                          "both be >= 1.")
    z = z_value(confidence)
    labels = theme_labels(themes)
    data = prepared(assignments, group_col, weight_col)
    theme_list = sorted(set(labels) | {int(t) for t in data["theme_id"].unique() if t >= 0})
    if data.empty or not theme_list:
        return pd.DataFrame(columns=HIDDEN_COLUMNS)
    counts, totals, effective = count_matrix(data, theme_list)
    sizes = data.groupby("group").size().reindex(counts.index)
    c = counts.to_numpy()
    theme_totals = c.sum(axis=0)
    overall = safe_divide(theme_totals, totals.sum())
    raw_rank = pd.Series(theme_totals).rank(method="min", ascending=False).astype(int).to_numpy()
    share = safe_divide(c, totals.to_numpy()[:, None])
    low, _ = wilson_bounds(share, np.broadcast_to(effective.to_numpy()[:, None], c.shape), z)
    lift = safe_divide(low, np.broadcast_to(overall, c.shape))
    n_groups, n_themes = c.shape
    table = pd.DataFrame({
        "theme_id": np.tile(theme_list, n_groups),
        "label": [labels.get(t, f"Theme {t}") for t in theme_list] * n_groups,
        "group": np.repeat(counts.index.to_numpy(), n_themes),
        "share_in_group": share.ravel(),
        "share_overall": np.tile(overall, n_groups),
        "lift": lift.ravel(),
        "raw_rank": np.tile(raw_rank, n_groups),
        "count": c.ravel(),
        "group_comments": np.repeat(sizes.to_numpy(dtype=int), n_themes),
        "ci_low": low.ravel(),
    })
    keep = ((table["count"] > 0) & (table["lift"] > 1.0)
            & (table["group_comments"] >= min_group_comments))
    table = table[keep].sort_values(["lift", "share_in_group", "theme_id", "group"],
                                    ascending=[False, False, True, True], kind="mergesort")
    table = table.head(top_n).reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    return table[HIDDEN_COLUMNS]
