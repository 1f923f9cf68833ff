"""Rounds: natural and date ordering, and trends that are not noise."""

from __future__ import annotations

import pandas as pd
import pytest

from analyzer.errors import ConfigError
from analyzer.pipelines.compare import order_rounds, rounds_table


def rounds(plan: dict[str, dict[int, int]]) -> pd.DataFrame:
    rows = [{"theme_id": theme, "round": name, "weight": 1.0}
            for name, counts in plan.items() for theme, n in counts.items() for _ in range(n)]
    frame = pd.DataFrame(rows)
    frame.insert(0, "comment_id", [f"c{i}" for i in range(len(frame))])
    return frame


# 400 comments a round. Theme 0 steady at 10 %; theme 1 10 % -> 30 % -> 10 %; theme 2 appears
# in the second round; theme 3 disappears after the first; theme 4 fills the rest.
PLAN = {"Round 10": {0: 40, 1: 40, 2: 40, 4: 280},
        "Round 1": {0: 40, 1: 40, 3: 80, 4: 240},
        "Round 2": {0: 42, 1: 120, 2: 40, 4: 198}}


def trend(table: pd.DataFrame, theme: int, name: str) -> str:
    return table[(table["theme_id"] == theme) & (table["round"] == name)]["trend"].item()


def test_planted_trends_are_detected():
    table = rounds_table(rounds(PLAN), "round")
    assert list(table.columns[:5]) == ["theme_id", "round", "count", "share", "trend"]
    assert table["round"].drop_duplicates().tolist() == ["Round 1", "Round 2", "Round 10"]
    assert {trend(table, t, "Round 1") for t in range(5)} == {"first"}
    assert trend(table, 0, "Round 2") == "stable"
    assert trend(table, 1, "Round 2") == "growing"
    assert trend(table, 2, "Round 2") == "new"
    assert trend(table, 3, "Round 2") == "gone"
    assert trend(table, 1, "Round 10") == "shrinking"
    assert trend(table, 2, "Round 10") == "stable"
    assert trend(table, 3, "Round 10") == "absent"


def test_round_counts_and_shares():
    table = rounds_table(rounds(PLAN), "round").set_index(["round", "theme_id"])
    assert table.loc[("Round 2", 1), "count"] == 120
    assert table.loc[("Round 2", 1), "share"] == pytest.approx(0.3)
    assert table.loc[("Round 2", 1), "change"] == pytest.approx(0.2)
    assert table.loc[("Round 1", 2), "count"] == 0


def test_a_small_change_is_not_called_a_trend():
    plan = {"A": {0: 20, 1: 80}, "B": {0: 24, 1: 76}}
    table = rounds_table(rounds(plan), "round")
    assert trend(table, 0, "B") == "stable"


def test_two_proportion_z_matches_a_hand_computation():
    # 20/100 then 35/100: pooled 0.275, se = sqrt(0.275 * 0.725 * 0.02) = 0.0631466;
    # z = 0.15 / 0.0631466 = 2.37542.
    table = rounds_table(rounds({"A": {0: 20, 1: 80}, "B": {0: 35, 1: 65}}), "round")
    row = table[(table["round"] == "B") & (table["theme_id"] == 0)].iloc[0]
    assert row["z"] == pytest.approx(2.37542, abs=1e-5)
    assert row["trend"] == "growing"


def test_campaign_weights_count_in_round_shares():
    frame = rounds({"A": {0: 10, 1: 10}, "B": {0: 10, 1: 10}})
    frame.loc[frame.index[-10:], "weight"] = 0.1  # round B's theme-1 comments are one campaign
    table = rounds_table(frame, "round").set_index(["round", "theme_id"])
    assert table.loc[("B", 1), "count"] == pytest.approx(1.0)
    assert table.loc[("B", 1), "n_comments"] == 10
    assert table.loc[("B", 1), "share"] == pytest.approx(1 / 11)


@pytest.mark.parametrize("values, expected", [
    (["Round 10", "Round 2", "Round 1"], ["Round 1", "Round 2", "Round 10"]),
    (["March 2024", "January 2024", "Feb 2024"], ["January 2024", "Feb 2024", "March 2024"]),
    (["2024-03-01", "2023-12-05"], ["2023-12-05", "2024-03-01"]),
    (["10", "9", "100"], ["9", "10", "100"]),
    (["wave b", "Wave A"], ["Wave A", "wave b"]),
])
def test_rounds_sort_by_date_else_naturally(values, expected):
    assert order_rounds(values) == expected


def test_round_order_overrides_and_must_list_every_round():
    assert order_rounds(["Fall", "Spring"], ["Spring", "Fall"]) == ["Spring", "Fall"]
    with pytest.raises(ConfigError, match="round 'Summer' is in the data but not in round_order"):
        order_rounds(["Fall", "Summer"], ["Fall"])


def test_comments_without_a_round_are_left_out():
    frame = rounds({"A": {0: 5}, "B": {0: 5}})
    frame.loc[0, "round"] = None
    table = rounds_table(frame, "round")
    assert set(table["round"]) == {"A", "B"}
    assert table["count"].tolist() == [4, 5]
