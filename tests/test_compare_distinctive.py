"""Log-odds with an informative Dirichlet prior, for themes and for words within a theme."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analyzer.errors import ConfigError
from analyzer.pipelines.compare import (
    distinctive_themes,
    distinctive_words,
    log_odds_against_rest,
    tokenize,
)


def test_log_odds_match_a_hand_computation():
    # Two groups, two categories: counts [[10, 30], [20, 40]]. Pooled shares 0.3 and 0.7,
    # K = 2, prior_scale 1: alpha = [0.6, 1.4], alpha0 = 2.
    # Group 0, category 0: own = 10.6, own_rest = 40 + 2 - 10.6 = 31.4,
    # other = 20.6, other_rest = 60 + 2 - 20.6 = 41.4.
    delta = math.log(10.6 / 31.4) - math.log(20.6 / 41.4)
    variance = 1 / 10.6 + 1 / 31.4 + 1 / 20.6 + 1 / 41.4
    d, z = log_odds_against_rest([[10, 30], [20, 40]], prior_scale=1.0)
    assert d[0, 0] == pytest.approx(delta)
    assert z[0, 0] == pytest.approx(delta / math.sqrt(variance))
    assert d[1, 0] == pytest.approx(-delta)
    assert delta == pytest.approx(-0.387964, abs=1e-6)


def test_an_unused_category_has_no_score():
    d, z = log_odds_against_rest([[5, 0, 5], [5, 0, 5]])
    assert np.isnan(d[:, 1]).all() and np.isnan(z[:, 1]).all()


def test_prior_scale_must_be_positive():
    with pytest.raises(ConfigError, match="prior_scale=0 should be > 0"):
        log_odds_against_rest([[1, 2], [3, 4]], prior_scale=0)


def planted_themes(seed: int = 11) -> pd.DataFrame:
    """Three groups on six themes; Students raise theme 2 three times as often as others."""
    rng = np.random.default_rng(seed)
    rows = []
    for group, n in [("Parent", 500), ("Student", 300), ("Staff", 200)]:
        shares = np.array([0.2, 0.2, 0.1, 0.2, 0.15, 0.15])
        if group == "Student":
            shares = np.array([0.15, 0.15, 0.3, 0.15, 0.125, 0.125])
        themes = rng.choice(6, size=n, p=shares)
        rows += [{"theme_id": int(t), "role": group} for t in themes]
        rows += [{"theme_id": -2, "role": group}] * 5
    frame = pd.DataFrame(rows)
    frame["comment_id"] = [f"c{i}" for i in range(len(frame))]
    frame["weight"] = 1.0
    return frame


def test_planted_over_represented_theme_is_found():
    table = distinctive_themes(planted_themes(), "role")
    assert list(table.columns[:5]) == ["group", "theme_id", "log_odds", "z", "count"]
    assert set(table["theme_id"]) == set(range(6))
    students = table[table["group"] == "Student"]
    top = students.iloc[0]
    assert top["theme_id"] == 2
    assert top["z"] > 1.96 and top["log_odds"] > 0
    for group in ["Parent", "Staff"]:
        row = table[(table["group"] == group) & (table["theme_id"] == 2)].iloc[0]
        assert row["z"] < 0
    assert table["group"].drop_duplicates().tolist() == ["Parent", "Staff", "Student"]


def test_campaign_weights_shrink_a_campaigns_pull():
    frame = planted_themes()
    campaign = pd.DataFrame({"theme_id": 5, "role": "Parent", "comment_id": [f"k{i}" for i in
                                                                              range(100)]})
    counted_once = pd.concat([frame, campaign.assign(weight=0.01)], ignore_index=True)
    every_copy = pd.concat([frame, campaign.assign(weight=1.0)], ignore_index=True)
    once = distinctive_themes(counted_once, "role").set_index(["group", "theme_id"])
    every = distinctive_themes(every_copy, "role").set_index(["group", "theme_id"])
    assert once.loc[("Parent", 5), "count"] == pytest.approx(every.loc[("Parent", 5), "count"]
                                                             - 99)
    assert every.loc[("Parent", 5), "z"] > 3 > once.loc[("Parent", 5), "z"]


def test_one_group_has_nothing_to_compare_with():
    frame = planted_themes()
    assert distinctive_themes(frame[frame["role"] == "Parent"], "role").empty


def transport_comments() -> tuple[list[str], list[str]]:
    """Comments on one theme: parents write about timing, students about behaviour."""
    parent = ["The bus is always late in the morning", "Bus schedule changes without notice",
              "Late pickup makes us late for work", "The schedule is unreliable and late",
              "Pickup time moved again, bus late"]
    student = ["The bus driver is rude to us", "Kids yelling on the bus all the time",
               "Driver was rude and yelling again", "Bus is loud, driver rude",
               "Seats on the bus are broken and yelling never stops"]
    texts = parent * 4 + student * 4
    return texts, ["Parent"] * 20 + ["Student"] * 20


def test_distinctive_words_find_what_each_group_means():
    texts, groups = transport_comments()
    table = distinctive_words(texts, groups, top_n=3)
    assert list(table.columns) == ["group", "word", "log_odds", "z", "count"]
    parent = table[table["group"] == "Parent"]
    student = table[table["group"] == "Student"]
    assert parent.iloc[0]["word"] == "late" and parent.iloc[0]["z"] > 1.96
    assert set(student["word"]) == {"rude", "yelling", "driver"}
    assert (student["z"] > 1.96).all()
    assert "bus" not in set(table["word"])
    assert len(parent) == 3


def test_distinctive_words_skip_rare_words_and_stop_words():
    texts, groups = transport_comments()
    table = distinctive_words(texts, groups, top_n=50, min_count=10)
    assert not {"the", "is", "and", "broken"} & set(table["word"])


def test_distinctive_words_accept_a_custom_tokenizer_and_weights():
    texts = ["a-b", "a-b", "c-d", "c-d"]
    table = distinctive_words(texts, ["X", "X", "Y", "Y"], min_count=1,
                              tokenizer=lambda t: t.split("-"), weights=[1, 1, 0.5, 0.5])
    assert set(table[table["group"] == "X"]["word"]) == {"a", "b"}
    assert table[table["group"] == "Y"]["count"].tolist() == [1.0, 1.0]


def test_tokenize_keeps_accented_words_and_drops_spanish_stop_words():
    assert tokenize("El autobús llega tarde, ¡y los niños esperan!") == [
        "autobús", "llega", "tarde", "niños", "esperan"]


def test_distinctive_words_need_one_group_per_text():
    with pytest.raises(ConfigError, match="got 2 texts but 1 group labels"):
        distinctive_words(["a b", "c d"], ["X"])
