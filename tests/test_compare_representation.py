"""Representation against a benchmark, weights, raking and weighted theme shares."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analyzer.errors import ConfigError, WeightingError
from analyzer.pipelines.compare import (
    effective_sample_size,
    rake_weights,
    representation,
    representation_weights,
    suppress_small_groups,
    weighted_prevalence,
)

THEMES = pd.DataFrame({"theme_id": [0, 1], "label": ["Buses", "Lunch"]})


def cells(*spec: tuple[str, int, int]) -> pd.DataFrame:
    rows = [{"theme_id": theme, "role": group, "weight": 1.0}
            for group, theme, n in spec for _ in range(n)]
    frame = pd.DataFrame(rows)
    frame.insert(0, "comment_id", [f"c{i}" for i in range(len(frame))])
    return frame


def hand_corpus() -> pd.DataFrame:
    """A: 60 comments (half on each theme); B: 30 (20 % buses); C: 10 (90 % buses)."""
    return cells(("A", 0, 30), ("A", 1, 30), ("B", 0, 6), ("B", 1, 24), ("C", 0, 9), ("C", 1, 1))


BENCHMARK = pd.DataFrame({"attribute": ["role"] * 3, "group": ["A", "B", "C"],
                          "share": [0.5, 0.3, 0.2]})


def test_group_at_half_its_benchmark_share_is_flagged():
    table = representation(hand_corpus(), "role", BENCHMARK)
    assert list(table.columns[:7]) == ["group", "comments", "share", "benchmark_share", "ratio",
                                       "weight", "flagged"]
    assert table["group"].tolist() == ["A", "B", "C"]
    assert table["comments"].tolist() == [60, 30, 10]
    assert table["share"].tolist() == pytest.approx([0.6, 0.3, 0.1])
    assert table["ratio"].tolist() == pytest.approx([1.2, 1.0, 0.5])
    assert table["weight"].tolist() == pytest.approx([0.5 / 0.6, 1.0, 2.0])
    assert table["flagged"].tolist() == [False, False, True]


def test_weighted_prevalence_matches_hand_computed_shares():
    table = weighted_prevalence(hand_corpus(), THEMES, "role", BENCHMARK).set_index("theme_id")
    # Raw: buses 45 / 100. Equal: (0.5 + 0.2 + 0.9) / 3. Benchmark: 0.5*0.5 + 0.3*0.2 + 0.2*0.9.
    assert table.loc[0, "raw_share"] == pytest.approx(0.45)
    assert table.loc[0, "equal_weight_share"] == pytest.approx(1.6 / 3)
    assert table.loc[0, "benchmark_share"] == pytest.approx(0.49)
    assert table.loc[1, "raw_share"] == pytest.approx(0.55)
    assert table.loc[1, "equal_weight_share"] == pytest.approx(1.4 / 3)
    assert table.loc[1, "benchmark_share"] == pytest.approx(0.51)
    assert table["raw_rank"].tolist() == [2, 1]
    assert table["equal_weight_rank"].tolist() == [1, 2]
    assert table["benchmark_rank"].tolist() == [2, 1]
    assert table.loc[0, "label"] == "Buses"


def test_without_a_benchmark_every_group_counts_equally():
    table = representation(hand_corpus(), "role")
    assert table["weight"].tolist() == pytest.approx([(1 / 3) / 0.6, (1 / 3) / 0.3,
                                                      (1 / 3) / 0.1])
    assert table["benchmark_share"].isna().all() and not table["flagged"].any()
    prevalence = weighted_prevalence(hand_corpus(), THEMES, "role")
    assert prevalence["benchmark_share"].isna().all()
    assert prevalence["benchmark_rank"].isna().all()


def test_effective_sample_size_after_benchmark_weighting():
    weights = representation_weights(hand_corpus(), "role", BENCHMARK)
    # 60 comments at 5/6, 30 at 1, 10 at 2: (50 + 30 + 20)² / (60 * 25/36 + 30 + 40).
    assert effective_sample_size(weights) == pytest.approx(100 ** 2 / (60 * 25 / 36 + 70))
    assert effective_sample_size([1, 1, 1, 1]) == 4


def test_campaign_weights_enter_the_shares():
    frame = cells(("A", 0, 10), ("B", 1, 10))
    frame.loc[:9, "weight"] = 0.1  # group A is one campaign of ten copies
    table = representation(frame, "role", BENCHMARK.iloc[:2].assign(share=[0.5, 0.5]))
    assert table["comments"].tolist() == pytest.approx([1.0, 10.0])
    assert table["n_comments"].tolist() == [10, 10]
    assert table["ratio"].tolist() == pytest.approx([(1 / 11) / 0.5, (10 / 11) / 0.5])


def test_benchmark_group_without_comments_is_flagged():
    benchmark = pd.concat([BENCHMARK.assign(share=[0.4, 0.3, 0.2]),
                           pd.DataFrame({"attribute": ["role"], "group": ["D"], "share": [0.1]})])
    table = representation(hand_corpus(), "role", benchmark).set_index("group")
    assert table.loc["D", "comments"] == 0 and table.loc["D", "ratio"] == 0
    assert bool(table.loc["D", "flagged"]) and np.isnan(table.loc["D", "weight"])


def test_merged_small_groups_take_the_pooled_benchmark_share():
    public, _ = suppress_small_groups(hand_corpus(), "role", min_size=20)
    table = representation(public, "role", BENCHMARK).set_index("group")
    assert table.loc["Other (small groups)", "benchmark_share"] == pytest.approx(0.2)
    assert table.loc["Other (small groups)", "ratio"] == pytest.approx(0.5)


def test_comments_without_a_group_keep_weight_one():
    frame = hand_corpus()
    frame.loc[frame.index[-20:], "role"] = None  # 10 of B and all of C lose their group
    table = representation(frame, "role", BENCHMARK.iloc[:2].assign(share=[0.6, 0.4]))
    rows = table.set_index("group")
    assert rows.loc["(not given)", "weight"] == 1.0
    assert rows.loc["(not given)", "weight_basis"] == "unadjusted"
    # Among the 80 with a group: A 60/80 = 0.75 against 0.6.
    assert rows.loc["A", "ratio"] == pytest.approx(0.75 / 0.6)


@pytest.mark.parametrize("benchmark, message", [
    (BENCHMARK.assign(share=[0.5, 0.3, 0.3]), "shares of 'role' add up to 1.100"),
    (BENCHMARK.assign(group=["A", "B", "Z"]), "group 'C' of 'role' appears in the data but not "
                                              "in the benchmark"),
    (BENCHMARK.assign(share=[0.5, "lots", 0.2]), "share of group 'B' in 'role' is 'lots'"),
    (BENCHMARK.assign(share=[0.5, -0.3, 0.8]), "share of group 'B' in 'role' is -0.3"),
    (BENCHMARK.assign(group=["A", "A", "C"]), "lists the group 'A' of 'role' more than once"),
    (pd.concat([BENCHMARK.assign(attribute="grade"), BENCHMARK.assign(attribute="lang")]),
     "no rows for the attribute 'role'; it describes 'grade', 'lang'"),
])
def test_bad_benchmarks_are_named(benchmark, message):
    with pytest.raises(ConfigError, match=message):
        representation(hand_corpus(), "role", benchmark)


def test_a_benchmark_for_another_attribute_is_chosen_by_name():
    benchmark = pd.concat([BENCHMARK, pd.DataFrame({"attribute": ["lang"] * 2,
                                                    "group": ["en", "es"], "share": [0.7, 0.3]})])
    assert representation(hand_corpus(), "role", benchmark)["flagged"].tolist() == [
        False, False, True]


def test_threshold_is_checked():
    with pytest.raises(ConfigError, match="threshold=1.5 should be in"):
        representation(hand_corpus(), "role", BENCHMARK, threshold=1.5)


def two_by_two() -> pd.DataFrame:
    """Role x language counts: (P, en) 40, (P, es) 10, (S, en) 20, (S, es) 30."""
    rows = ([("P", "en")] * 40 + [("P", "es")] * 10 + [("S", "en")] * 20 + [("S", "es")] * 30)
    frame = pd.DataFrame(rows, columns=["role", "lang"])
    frame["theme_id"] = 0
    frame["weight"] = 1.0
    return frame


def test_raking_matches_the_closed_form_for_two_by_two():
    # Margins 50/50 on both attributes; raking keeps the odds ratio 40*30 / (10*20) = 6, so
    # the weighted (P, en) cell x solves x² / (50 - x)² = 6: x = 50 √6 / (1 + √6) = 35.505.
    weights = rake_weights(two_by_two(), {"role": {"P": 0.5, "S": 0.5},
                                          "lang": {"en": 0.5, "es": 0.5}}, tol=1e-9)
    x = 50 * math.sqrt(6) / (1 + math.sqrt(6))
    frame = two_by_two().assign(w=weights)
    cell = frame.groupby(["role", "lang"])["w"].first()
    assert cell[("P", "en")] == pytest.approx(x / 40)
    assert cell[("P", "es")] == pytest.approx((50 - x) / 10)
    assert cell[("S", "en")] == pytest.approx((50 - x) / 20)
    assert cell[("S", "es")] == pytest.approx(x / 30)
    assert weights.sum() == pytest.approx(100)
    assert weights.name == "rake_weight"


def test_raking_on_one_attribute_is_post_stratification():
    frame = hand_corpus()
    weights = rake_weights(frame, {"role": {"A": 0.5, "B": 0.3, "C": 0.2}})
    expected = representation(frame, "role", BENCHMARK).set_index("group")["weight"]
    assert weights.to_numpy() == pytest.approx(frame["role"].map(expected).to_numpy())


def test_raking_needs_comments_in_every_benchmark_group():
    with pytest.raises(WeightingError, match="group 'X' of 'role' has no comments"):
        rake_weights(two_by_two(), {"role": {"P": 0.4, "S": 0.4, "X": 0.2}})


def test_raking_names_a_data_group_missing_from_the_benchmark():
    with pytest.raises(ConfigError, match="group 'S' of 'role' appears in the data"):
        rake_weights(two_by_two(), {"role": {"P": 1.0}})


def test_raking_reports_impossible_margins():
    frame = pd.DataFrame({"role": ["P", "S"], "lang": ["en", "es"], "theme_id": 0})
    with pytest.raises(WeightingError, match="raking did not converge in 20 sweeps"):
        rake_weights(frame, {"role": {"P": 0.5, "S": 0.5}, "lang": {"en": 0.9, "es": 0.1}},
                     max_iter=20)
