"""Common ground and hidden themes on corpora with planted structure."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analyzer.errors import ConfigError
from analyzer.pipelines.compare import common_ground, hidden_themes


def cells(*spec: tuple[str, int, int]) -> pd.DataFrame:
    rows = [{"theme_id": theme, "role": group, "weight": 1.0}
            for group, theme, n in spec for _ in range(n)]
    frame = pd.DataFrame(rows)
    frame.insert(0, "comment_id", [f"c{i}" for i in range(len(frame))])
    return frame


def labels(n: int) -> pd.DataFrame:
    return pd.DataFrame({"theme_id": range(n), "label": [f"Theme {chr(65 + i)}" for i in range(n)]})


def planted_consensus() -> pd.DataFrame:
    """Four groups of 200. Theme 0: 20 % of every group. Theme 1: half of groups P and Q,
    none of R and S (25 % overall, bigger than theme 0). Theme 2: 10 % of every group.
    Themes 3 and 4 are each raised by one pair of groups only."""
    spec = []
    for group in "PQRS":
        split = {0: 40, 2: 20, 1: 100, 3: 30, -2: 10} if group in "PQ" else \
            {0: 40, 2: 20, 4: 130, -1: 10}
        spec += [(group, theme, n) for theme, n in split.items()]
    return cells(*spec)


def test_even_theme_tops_common_ground_and_lopsided_bigger_theme_does_not():
    frame = planted_consensus()
    table = common_ground(frame, labels(5), "role")
    assert list(table.columns[:5]) == ["theme_id", "label", "score", "rank", "min_group_share"]
    overall = frame[frame["theme_id"] >= 0]["theme_id"].value_counts()
    assert overall[1] > overall[0]
    ranked = table.set_index("theme_id")
    assert ranked.loc[0, "rank"] == 1
    assert ranked.loc[2, "rank"] < ranked.loc[1, "rank"]
    assert ranked.loc[0, "min_group_share"] == pytest.approx(0.2)
    assert ranked.loc[1, "min_group_share"] == 0.0
    assert ranked.loc[1, "groups_raising"] == 2
    assert ranked.loc[0, "evenness"] == pytest.approx(1.0)
    assert table["rank"].tolist() == list(range(1, 6))


def test_common_ground_score_matches_a_hand_computation():
    # Group A: 3 of 10 on theme 0; group B: 1 of 10. Overall share 4/20 = 0.2.
    # p_A = (3 + 2 * 0.2) / 12 = 0.283333; p_B = (1 + 0.4) / 12 = 0.116667;
    # score = sqrt(0.283333 * 0.116667) = 0.181812.
    frame = cells(("A", 0, 3), ("A", 1, 7), ("B", 0, 1), ("B", 1, 9))
    row = common_ground(frame, labels(2), "role").set_index("theme_id").loc[0]
    assert row["score"] == pytest.approx(math.sqrt(0.283333 * 0.116667), abs=1e-6)
    assert row["least_group"] == "B"
    assert row["evenness"] == pytest.approx(0.181812 / ((0.283333 + 0.116667) / 2), abs=1e-5)


def test_theme_without_comments_scores_zero_and_ranks_last():
    table = common_ground(cells(("A", 0, 5), ("B", 0, 5)), labels(2), "role")
    assert table["theme_id"].tolist() == [0, 1]
    assert table.iloc[1]["score"] == 0.0


def test_common_ground_rejects_a_non_positive_prior():
    with pytest.raises(ConfigError, match="prior_strength=0 should be > 0"):
        common_ground(cells(("A", 0, 1)), labels(1), "role", prior_strength=0)


def planted_hidden(seed: int = 3) -> pd.DataFrame:
    """2,000 comments on 15 themes from three groups. Theme 14 is raised by 40 % of the Elder
    group (5 % of comments) and by nobody else; the other themes share everything else."""
    rng = np.random.default_rng(seed)
    base = rng.dirichlet(np.full(14, 20.0))
    spec = []
    for group, n in [("Parent", 1200), ("Student", 700), ("Elder", 100)]:
        shares = rng.dirichlet(base * 200)
        if group == "Elder":
            counts = np.append(rng.multinomial(60, shares), 40)
        else:
            counts = np.append(rng.multinomial(n, shares), 0)
        spec += [(group, theme, int(k)) for theme, k in enumerate(counts)]
    return cells(*spec)


def test_theme_of_a_small_group_is_a_top_hidden_theme_despite_a_low_raw_rank():
    frame = planted_hidden()
    table = hidden_themes(frame, labels(15), "role")
    assert list(table.columns[:8]) == ["theme_id", "label", "group", "rank", "share_in_group",
                                       "share_overall", "lift", "raw_rank"]
    top3 = table[table["rank"] <= 3]
    planted = top3[(top3["theme_id"] == 14) & (top3["group"] == "Elder")]
    assert len(planted) == 1
    row = planted.iloc[0]
    assert row["raw_rank"] > 10
    assert row["share_in_group"] == pytest.approx(0.4)
    assert row["share_overall"] == pytest.approx(40 / 2000)
    assert row["label"] == "Theme O"


def test_hidden_lift_is_the_cautious_share_over_the_overall_share():
    from analyzer.pipelines.compare import wilson_interval

    frame = cells(("Big", 0, 90), ("Big", 1, 10), ("Small", 1, 6), ("Small", 0, 4))
    table = hidden_themes(frame, labels(2), "role")
    assert table[["theme_id", "group"]].values.tolist() == [[1, "Small"]]
    low, _ = wilson_interval(6, 10)
    assert table.loc[0, "lift"] == pytest.approx(low / (16 / 110))
    assert table.loc[0, "raw_rank"] == 2


def test_groups_below_the_minimum_size_are_not_listed():
    frame = cells(("Big", 0, 95), ("Big", 1, 5), ("Tiny", 1, 4))
    assert hidden_themes(frame, labels(2), "role", min_group_comments=5).empty
    assert not hidden_themes(frame, labels(2), "role", min_group_comments=4).empty


def test_a_single_group_has_no_hidden_themes():
    assert hidden_themes(cells(("A", 0, 5), ("A", 1, 5)), labels(2), "role").empty


def test_hidden_themes_rejects_a_zero_top_n():
    with pytest.raises(ConfigError, match="top_n=0 should both be >= 1"):
        hidden_themes(cells(("A", 0, 1)), labels(1), "role", top_n=0)
