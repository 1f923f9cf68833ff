"""Benchmarks and survey weights: checking benchmark shares, raking, effective sample size.

A benchmark says what share of the community each group makes up (e.g. from the census or a
school roster). Weights make each group count in proportion to its benchmark share instead of
its share of the comments. See STATISTICS["representation"], ["raking"] and
["effective_sample_size"].
"""

from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError, WeightingError
from analyzer.pipelines.compare._common import (
    MISSING_GROUP,
    comment_weights,
    effective_size,
    group_labels,
    is_close_to_one,
    natural_sorted,
    require_columns,
)

SUM_TOLERANCE = 0.01
"""How far from 1 the shares of one attribute may add up (rounded census figures)."""


def effective_sample_size(weights: Iterable[float]) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2 of a set of weights.

    Equal weights give the number of weights; the more unequal, the smaller. See
    STATISTICS["effective_sample_size"].
    """
    values = np.asarray(list(weights) if not isinstance(weights, (np.ndarray, pd.Series))
                        else weights, dtype=float)
    if np.any(~np.isfinite(values)) or np.any(values < 0):
        raise ConfigError("weights should be finite numbers >= 0.")
    return effective_size(values)


def check_shares(attribute: str, shares: Mapping[str, float], *,
                 tolerance: float = SUM_TOLERANCE) -> dict[str, float]:
    """Validate one attribute's benchmark shares; return them as floats rescaled to sum to 1."""
    if not shares:
        raise ConfigError(f"the benchmark for '{attribute}' lists no groups.")
    checked: dict[str, float] = {}
    for group, share in shares.items():
        try:
            value = float(share)
        except (TypeError, ValueError):
            value = float("nan")
        if not np.isfinite(value) or value < 0:
            raise ConfigError(f"the benchmark share of group '{group}' in '{attribute}' is "
                              f"{share!r}; it should be a number between 0 and 1.")
        checked[str(group).strip()] = value
    total = sum(checked.values())
    if not is_close_to_one(total, tolerance):
        raise ConfigError(f"the benchmark shares of '{attribute}' add up to {total:.3f}; they "
                          f"should add up to 1 (within {tolerance}).")
    return {group: value / total for group, value in checked.items()}


def benchmark_for(benchmark: pd.DataFrame, attribute: str) -> dict[str, float]:
    """The validated shares of one attribute from a benchmark table (attribute, group, share).

    The `attribute` column may be left out, or name a single attribute, when the table
    describes only one group column.
    """
    require_columns(benchmark, ["group", "share"], what="benchmark")
    rows = benchmark
    if "attribute" in benchmark.columns:
        names = [str(a).strip() for a in benchmark["attribute"]]
        available = list(dict.fromkeys(names))
        if attribute in available:
            rows = benchmark[[a == attribute for a in names]]
        elif len(available) != 1:
            raise ConfigError(f"the benchmark has no rows for the attribute '{attribute}'; it "
                              f"describes {', '.join(map(repr, available))}.")
    groups = [str(g).strip() for g in rows["group"]]
    duplicates = sorted({g for g in groups if groups.count(g) > 1})
    if duplicates:
        raise ConfigError(f"the benchmark lists the group '{duplicates[0]}' of '{attribute}' "
                          "more than once.")
    return check_shares(attribute, dict(zip(groups, rows["share"])))


def rake_weights(assignments: pd.DataFrame,
                 benchmarks_by_attribute: Mapping[str, Mapping[str, float]], *,
                 max_iter: int = 100, tol: float = 1e-6, weight_col: str = "weight"
                 ) -> pd.Series:
    """Raking (iterative proportional fitting) over several group columns at once.

    Returns one multiplier per comment (aligned with `assignments`, named "rake_weight"): the
    comment's own weight times this multiplier gives weighted group shares that match every
    attribute's benchmark within `tol`. Each sweep rescales the groups of one attribute after
    another until the largest gap is below `tol`. Comments whose group is empty are left out of
    that attribute's adjustment, and its targets apply to the comments with a group. Raises
    WeightingError (a DataError) when a benchmark group has no comments to weight up or
    when the sweeps do not converge, and ConfigError when the data holds a group the
    benchmark lacks (a benchmark, like a setting, is fixed by editing it).
    """
    if max_iter < 1 or tol <= 0:
        raise ConfigError(f"max_iter={max_iter} should be >= 1 and tol={tol} > 0.")
    if not benchmarks_by_attribute:
        raise ConfigError("raking needs at least one attribute with benchmark shares.")
    base = comment_weights(assignments, weight_col).to_numpy()
    margins = []
    for attribute, shares in benchmarks_by_attribute.items():
        targets = check_shares(attribute, shares)
        labels = group_labels(assignments, attribute).to_numpy()
        unknown = natural_sorted({g for g in labels if g not in targets and g != MISSING_GROUP})
        if unknown:
            raise ConfigError(f"group '{unknown[0]}' of '{attribute}' appears in the data but "
                              f"not in its benchmark (which lists {', '.join(targets)}).")
        for group, share in targets.items():
            if share > 0 and base[labels == group].sum() <= 0:
                raise WeightingError(f"group '{group}' of '{attribute}' has no comments, so no "
                                     "weight can bring it up to its benchmark share; drop it "
                                     "from the benchmark or rake on other attributes.")
        margins.append((attribute, labels, targets))
    multiplier = np.ones(len(base))
    gap = np.inf
    for _ in range(max_iter):
        for _, labels, targets in margins:
            current = base * multiplier
            known_total = current[labels != MISSING_GROUP].sum()
            for group, share in targets.items():
                rows = labels == group
                total = current[rows].sum()
                if total > 0:
                    multiplier[rows] *= share * known_total / total
        gap = _largest_gap(base * multiplier, margins)
        if gap < tol:
            return pd.Series(multiplier, index=assignments.index, name="rake_weight")
    raise WeightingError(f"raking did not converge in {max_iter} sweeps (largest gap between a "
                         f"weighted share and its benchmark: {gap:.4f}); the benchmarks may be "
                         "impossible to meet together with these comments.")


def _largest_gap(weighted: np.ndarray, margins) -> float:
    gap = 0.0
    for _, labels, targets in margins:
        known = labels != MISSING_GROUP
        known_total = weighted[known].sum()
        if known_total <= 0:
            continue
        for group, share in targets.items():
            gap = max(gap, abs(weighted[labels == group].sum() / known_total - share))
    return gap
