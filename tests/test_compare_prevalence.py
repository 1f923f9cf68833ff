"""Group x theme shares, Wilson intervals, campaign weights, combined and suppressed groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from analyzer.errors import ColumnNotFoundError, ConfigError, DataError
from analyzer.pipelines.compare import (
    combine_groups,
    group_theme_table,
    suppress_small_groups,
    wilson_interval,
)


def cells(*spec: tuple[str, int, int] | tuple[str, int, int, float], column: str = "role"
          ) -> pd.DataFrame:
    """Assignments from (group, theme_id, how many[, weight]) cells."""
    rows = []
    for cell in spec:
        group, theme, n = cell[:3]
        weight = cell[3] if len(cell) > 3 else 1.0
        rows += [{"theme_id": theme, column: group, "weight": weight}] * n
    frame = pd.DataFrame(rows)
    frame.insert(0, "comment_id", [f"c{i}" for i in range(len(frame))])
    return frame


def test_wilson_matches_a_hand_computed_interval():
    # p = 0.2, n = 50, z = 1.959964: z²/n = 0.0768293; centre = (0.2 + 0.0384146) / 1.0768293
    # = 0.221405; half = 1.959964 / 1.0768293 * sqrt(0.2 * 0.8 / 50 + 3.841459 / 10000)
    # = 1.820126 * 0.0598677 = 0.108967.
    low, high = wilson_interval(10, 50)
    assert low == pytest.approx(0.221405 - 0.108967, abs=2e-6)
    assert high == pytest.approx(0.221405 + 0.108967, abs=2e-6)


@pytest.mark.parametrize("count, total", [(0, 20), (20, 20), (0, 1)])
def test_wilson_stays_inside_zero_and_one(count, total):
    low, high = wilson_interval(count, total)
    assert 0.0 <= low <= count / total <= high <= 1.0


def test_wilson_of_an_empty_group_is_undefined():
    low, high = wilson_interval(0, 0)
    assert np.isnan(low) and np.isnan(high)


def test_group_table_counts_shares_and_includes_non_answers():
    frame = cells(("Parent", 0, 6), ("Parent", 1, 2), ("Parent", -2, 2), ("Student", 1, 5))
    table = group_theme_table(frame, "role")
    assert list(table.columns[:7]) == ["theme_id", "group", "count", "share_of_group", "ci_low",
                                       "ci_high", "group_total"]
    assert list(zip(table["group"], table["theme_id"])) == [
        ("Parent", 0), ("Parent", 1), ("Parent", -2), ("Student", 0), ("Student", 1),
        ("Student", -2)]
    assert table["count"].tolist() == [6, 2, 2, 0, 5, 0]
    assert table["share_of_group"].tolist() == pytest.approx([0.6, 0.2, 0.2, 0.0, 1.0, 0.0])
    assert table["group_total"].tolist() == [10, 10, 10, 5, 5, 5]
    low, high = wilson_interval(6, 10)
    assert table.loc[0, ["ci_low", "ci_high"]].tolist() == pytest.approx([low, high])


def test_campaign_copies_count_once_and_shrink_the_effective_size():
    # Four copies of one campaign (weight 1/4 each) and two ordinary comments.
    frame = cells(("Parent", 0, 4, 0.25), ("Parent", 1, 2))
    table = group_theme_table(frame, "role").set_index("theme_id")
    assert table.loc[0, "count"] == pytest.approx(1.0)
    assert table.loc[0, "n_comments"] == 4
    assert table.loc[0, "group_total"] == pytest.approx(3.0)
    assert table.loc[0, "share_of_group"] == pytest.approx(1 / 3)
    # Kish: (4 * 0.25 + 2)² / (4 * 0.0625 + 2) = 9 / 2.25 = 4.
    assert table.loc[0, "group_effective_n"] == pytest.approx(4.0)
    low, high = wilson_interval(1 / 3 * 4, 4)
    assert (table.loc[0, "ci_low"], table.loc[0, "ci_high"]) == pytest.approx((low, high))


def test_groups_sort_naturally_and_missing_groups_are_labelled():
    frame = cells(("Grade 10", 0, 1), ("Grade 2", 0, 1), ("", 0, 1))
    frame.loc[2, "role"] = None
    table = group_theme_table(frame, "role")
    assert table["group"].tolist() == ["(not given)", "Grade 2", "Grade 10"]


def test_unknown_group_column_names_the_columns_there_are():
    with pytest.raises(ColumnNotFoundError, match="no column 'grade'.*role"):
        group_theme_table(cells(("Parent", 0, 1)), "grade")


def test_negative_weight_is_refused():
    with pytest.raises(DataError, match="weight column 'weight' holds -1.0"):
        group_theme_table(cells(("Parent", 0, 1, -1.0)), "role")


def test_combine_groups_builds_a_cross_column():
    frame = cells(("Parent", 0, 2), ("Student", 1, 1))
    frame["language"] = ["English", "Spanish", "English"]
    combined, name = combine_groups(frame, "role", "language")
    assert name == "role × language"
    assert combined[name].tolist() == ["Parent × English", "Parent × Spanish",
                                       "Student × English"]
    assert name not in frame.columns
    table = group_theme_table(combined, name)
    assert set(table["group"]) == set(combined[name])


def test_combine_groups_refuses_the_same_column_twice():
    with pytest.raises(ConfigError, match="cannot combine the column 'role' with itself"):
        combine_groups(cells(("Parent", 0, 1)), "role", "role")


def test_suppression_merges_small_groups_with_a_note():
    frame = cells(("Parent", 0, 12), ("Student", 1, 10), ("Board", 0, 3), ("Alumni", 1, 4))
    public, note = suppress_small_groups(frame, "role", min_size=10)
    assert sorted(public["role"].unique()) == ["Other (small groups)", "Parent", "Student"]
    assert (public["role"] == "Other (small groups)").sum() == 7
    assert note == ("2 groups of 'role' with fewer than 10 comments (Alumni, Board) shown "
                    "together as 'Other (small groups)' (7 comments). Even together they have "
                    "fewer than 10 comments, so read their figures with care.")
    assert set(frame["role"]) == {"Parent", "Student", "Board", "Alumni"}


def test_suppression_without_small_groups_has_no_note():
    public, note = suppress_small_groups(cells(("Parent", 0, 10)), "role", min_size=10)
    assert note is None and public["role"].tolist() == ["Parent"] * 10


def test_suppression_counts_every_campaign_copy_as_a_person():
    frame = cells(("Parent", 0, 10, 0.1), ("Student", 0, 10))
    _, note = suppress_small_groups(frame, "role", min_size=10)
    assert note is None


def test_suppression_needs_a_positive_size():
    with pytest.raises(ConfigError, match="min_size=0 should be >= 1"):
        suppress_small_groups(cells(("Parent", 0, 1)), "role", min_size=0)


def test_wilson_exact_coverage_is_close_to_nominal_on_a_grid():
    """The formula itself: exact binomial coverage, no simulation noise."""
    coverages = []
    for n in range(20, 401, 20):
        k = np.arange(n + 1)
        low, high = wilson_interval(k, np.full(n + 1, n))
        for p in np.arange(0.02, 0.99, 0.04):
            covered = (low <= p) & (p <= high)
            coverages.append(binom.pmf(k, n, p)[covered].sum())
    assert min(coverages) > 0.92
    assert np.mean(coverages) == pytest.approx(0.95, abs=0.005)


# Planted shares per group. Exact Wilson coverage of these cells is 0.953-0.970 (mean 0.962);
# Wilson's coverage oscillates around 95 % and dips to ~0.92 for some (n, p), so a simulation
# cannot promise >= 95 % everywhere, only where the exact coverage is above it.
PLANTED = {"A": (200, {0: 0.10, 1: 0.20, 2: 0.05, -1: 0.65}),
           "B": (60, {0: 0.05, 1: 0.20, 2: 0.15, -1: 0.60})}


def _coverage(repetitions: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    hits = trials = 0
    for _ in range(repetitions):
        spec = []
        for group, (n, shares) in PLANTED.items():
            drawn = rng.multinomial(n, list(shares.values()))
            spec += [(group, theme, int(k)) for theme, k in zip(shares, drawn)]
        table = group_theme_table(cells(*spec), "role")
        for group, (_, shares) in PLANTED.items():
            rows = table[table["group"] == group].set_index("theme_id")
            for theme, share in shares.items():
                trials += 1
                hits += rows.loc[theme, "ci_low"] <= share <= rows.loc[theme, "ci_high"]
    return hits / trials


def test_wilson_intervals_cover_planted_shares_fast():
    assert _coverage(30, seed=7) >= 0.90


@pytest.mark.slow
def test_wilson_intervals_cover_planted_shares_in_200_repetitions():
    assert _coverage(200, seed=2024) >= 0.95
