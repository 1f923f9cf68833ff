"""Common ground: themes that every group raises, not just the biggest group.

Adapted from Polis's group-aware consensus, which multiplies each opinion group's smoothed
agreement rate so that one group's silence pulls the product down. Here a group "agrees" with
a theme when its comments raise it. See STATISTICS["common_ground"] for the plain-language
version shown to readers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError
from analyzer.pipelines.compare._common import count_matrix, prepared, safe_divide, theme_labels

COMMON_GROUND_COLUMNS = ["theme_id", "label", "score", "rank", "min_group_share",
                         "max_group_share", "least_group", "evenness", "groups_raising",
                         "n_groups", "overall_share"]


def common_ground(assignments: pd.DataFrame, themes: pd.DataFrame | None, group_col: str, *,
                  weight_col: str = "weight", prior_strength: float = 2.0) -> pd.DataFrame:
    """Rank themes by how strongly *every* group raises them (rank 1 = most common ground).

    For theme t and group g with weighted count c and n kept comments, the smoothed rate is
    p_g = (c + k * pi_t) / (n + k): Polis's (c + 1) / (n + 2) with its prior of one half
    replaced by the theme's overall share pi_t, since a theme is not a yes/no vote (k =
    `prior_strength` pseudo-comments). The score is the geometric mean of p_g over groups: on
    the scale of a share, equal to the share when all groups agree, and pulled towards zero by
    any group that rarely raises the theme. Each group counts once whatever its size.

    Extra columns: `min_group_share`/`max_group_share` (unsmoothed, with `least_group`),
    `evenness` = geometric mean / arithmetic mean of p_g (1 = perfectly even, regardless of
    size), `groups_raising` (groups with a count above 0), `n_groups`, `overall_share`.
    Themes listed in `themes` but absent from the data score 0.
    """
    if prior_strength <= 0:
        raise ConfigError(f"prior_strength={prior_strength} should be > 0.")
    labels = theme_labels(themes)
    data = prepared(assignments, group_col, weight_col)
    theme_list = sorted(set(labels) | {int(t) for t in data["theme_id"].unique() if t >= 0})
    if data.empty or not theme_list:
        return pd.DataFrame(columns=COMMON_GROUND_COLUMNS)
    counts, totals, _ = count_matrix(data, theme_list)
    c = counts.to_numpy()
    n = totals.to_numpy()[:, None]
    overall = safe_divide(c.sum(axis=0), n.sum())
    overall = np.nan_to_num(overall)
    smoothed = (c + prior_strength * overall) / (n + prior_strength)
    with np.errstate(divide="ignore"):
        geometric = np.exp(np.log(smoothed).mean(axis=0))
    arithmetic = smoothed.mean(axis=0)
    raw = safe_divide(c, n)
    least = np.nanargmin(np.where(np.isnan(raw), np.inf, raw), axis=0)
    table = pd.DataFrame({
        "theme_id": theme_list,
        "label": [labels.get(t, f"Theme {t}") for t in theme_list],
        "score": geometric,
        "min_group_share": np.nanmin(raw, axis=0),
        "max_group_share": np.nanmax(raw, axis=0),
        "least_group": counts.index.to_numpy()[least],
        "evenness": np.nan_to_num(safe_divide(geometric, arithmetic)),
        "groups_raising": (c > 0).sum(axis=0).astype(int),
        "n_groups": len(counts.index),
        "overall_share": overall,
    })
    table = table.sort_values(["score", "theme_id"], ascending=[False, True], kind="mergesort")
    table["rank"] = np.arange(1, len(table) + 1)
    return table[COMMON_GROUND_COLUMNS].reset_index(drop=True)
