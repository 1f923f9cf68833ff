"""Themes across rounds of engagement: what is new, gone, growing or shrinking.

Each round is compared with the one before it. A change in share is called growing or
shrinking only when a two-proportion z-test says it is unlikely to be noise; otherwise the
theme is stable. See STATISTICS["rounds"].
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError
from analyzer.pipelines.compare._common import (
    MISSING_GROUP,
    effective_size,
    group_labels,
    natural_sorted,
    prepared,
    safe_divide,
    theme_order_key,
    z_value,
)

ROUNDS_COLUMNS = ["theme_id", "round", "count", "share", "trend", "change", "z", "n_comments",
                  "round_total", "round_index"]


def order_rounds(values: Sequence, round_order: Sequence | None = None) -> list[str]:
    """Rounds in time order: `round_order` when given (it must list every round), else by date
    when every value reads as a date, else naturally ("Round 2" before "Round 10")."""
    present = list(dict.fromkeys(str(v).strip() for v in values))
    if round_order is not None:
        order = [str(v).strip() for v in round_order]
        missing = [r for r in natural_sorted(present) if r not in order]
        if missing:
            raise ConfigError(f"round '{missing[0]}' is in the data but not in round_order "
                              f"({', '.join(order)}); list every round.")
        return [r for r in dict.fromkeys(order) if r in present]
    if present and not all(r.isdigit() for r in present):
        dates = pd.to_datetime(pd.Series(present), format="mixed", errors="coerce")
        if dates.notna().all():
            by_date = sorted(zip(dates, range(len(present))))
            return [present[i] for _, i in by_date]
    return natural_sorted(present)


def rounds_table(assignments: pd.DataFrame, round_col: str, *,
                 round_order: Sequence | None = None, weight_col: str = "weight",
                 confidence: float = 0.95) -> pd.DataFrame:
    """One row per (theme, round): weighted count, share of the round's kept comments, trend.

    Trend compares with the previous round: `first` for the first round; `new` when the theme
    had no comments before and has some now; `gone` for the reverse; `absent` when it has none
    in either; otherwise `growing`/`shrinking` when a two-proportion z-test on the rounds'
    effective sizes rejects "no change" at `confidence`, else `stable`. `change` is the share
    minus the previous round's share and `z` the test statistic. Unassigned (-1) and
    non-answers (-2) get rows too. Comments with an empty round are left out.
    """
    z_crit = z_value(confidence)
    data = prepared(assignments, None, weight_col)
    data["round"] = group_labels(assignments, round_col)
    data = data[data["round"] != MISSING_GROUP]
    if data.empty:
        return pd.DataFrame(columns=ROUNDS_COLUMNS)
    rounds = order_rounds(data["round"].unique(), round_order)
    data = data[data["round"].isin(rounds)]
    themes = sorted(data["theme_id"].unique(), key=theme_order_key)
    counts = (data.pivot_table(index="round", columns="theme_id", values="weight", aggfunc="sum",
                               fill_value=0.0).reindex(index=rounds, columns=themes,
                                                       fill_value=0.0))
    rows = (data.assign(one=1).pivot_table(index="round", columns="theme_id", values="one",
                                           aggfunc="sum", fill_value=0)
            .reindex(index=rounds, columns=themes, fill_value=0))
    totals = data.groupby("round")["weight"].sum().reindex(rounds).to_numpy()
    effective = (data.groupby("round")["weight"].agg(lambda w: effective_size(w.to_numpy()))
                 .reindex(rounds).to_numpy())
    c = counts.to_numpy(dtype=float)
    share = safe_divide(c, totals[:, None])
    trend = np.full(c.shape, "first", dtype=object)
    change = np.full(c.shape, np.nan)
    z = np.full(c.shape, np.nan)
    for r in range(1, len(rounds)):
        change[r] = share[r] - share[r - 1]
        z[r] = _two_proportion_z(share[r - 1], effective[r - 1], share[r], effective[r])
        before, now = c[r - 1] > 0, c[r] > 0
        trend[r] = np.select(
            [~before & now, before & ~now, ~before & ~now, z[r] >= z_crit, z[r] <= -z_crit],
            ["new", "gone", "absent", "growing", "shrinking"], default="stable")
    n_rounds, n_themes = c.shape
    table = pd.DataFrame({
        "theme_id": np.tile(np.asarray(themes, dtype=int), n_rounds),
        "round": np.repeat(rounds, n_themes),
        "count": c.ravel(), "share": share.ravel(), "trend": trend.ravel(),
        "change": change.ravel(), "z": z.ravel(),
        "n_comments": rows.to_numpy(dtype=int).ravel(),
        "round_total": np.repeat(totals, n_themes),
        "round_index": np.repeat(np.arange(n_rounds), n_themes),
    })
    return table[ROUNDS_COLUMNS]


def _two_proportion_z(p1: np.ndarray, n1: float, p2: np.ndarray, n2: float) -> np.ndarray:
    """z for p2 - p1 with the pooled-proportion standard error; 0 when there is no spread."""
    if n1 <= 0 or n2 <= 0:
        return np.full(np.shape(p1), np.nan)
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(se > 0, (p2 - p1) / np.where(se > 0, se, 1.0), 0.0)
