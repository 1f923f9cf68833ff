"""The compare stage's public surface: documented, explained in STATISTICS, and wired into
the group tables of an analysis."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from analyzer.config import AnalysisConfig
from analyzer.pipelines import compare
from analyzer.pipelines.groups import group_statistics
from analyzer.pipelines.write import TABLE_FILES
from analyzer.themes.statistics import STATISTICS, Statistic
from analyzer.themes.theme import Theme


@pytest.mark.parametrize("name", compare.__all__)
def test_every_public_name_is_documented(name):
    value = getattr(compare, name)
    if callable(value):
        assert value.__doc__ and len(value.__doc__.split()) >= 5


def test_every_table_has_one_plain_language_explanation():
    tables = {name for name in TABLE_FILES if name != "suppression_notes"} | {"suppression"}
    assert tables <= set(STATISTICS)
    for key, statistic in STATISTICS.items():
        assert statistic.key == key
        assert statistic.name
        for field in ("formula", "why", "how_to_read"):
            assert len(getattr(statistic, field).split()) >= 5, (key, field)
        assert statistic.as_markdown().startswith(f"**{statistic.name}.**")


def test_statistics_are_read_only():
    with pytest.raises(TypeError):
        STATISTICS["new"] = STATISTICS["groups"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        STATISTICS["groups"].name = "changed"  # type: ignore[misc]
    assert isinstance(STATISTICS["common_ground"], Statistic)


def test_group_statistics_builds_every_table():
    rng = np.random.default_rng(5)
    n = 300
    comments = pd.DataFrame({
        "comment_id": [f"c{i}" for i in range(n)],
        "theme_id": rng.choice([0, 1, 2, -1, -2], size=n, p=[0.3, 0.3, 0.2, 0.1, 0.1]),
        "role": rng.choice(["Parent", "Student", "Staff", "Board"], size=n,
                           p=[0.6, 0.35, 0.03, 0.02]),
        "round": rng.choice(["Round 1", "Round 2"], size=n),
        "weight": 1.0,
    })
    themes = [Theme(i, f"Theme {i}", ("a",), 1, 0.1, ("c0",)) for i in range(3)]
    benchmark = pd.DataFrame({"attribute": "role", "group": ["Parent", "Student", "Staff",
                                                             "Board"],
                              "share": [0.5, 0.3, 0.1, 0.1]})
    tables = group_statistics(comments, themes, ["role"], "round", AnalysisConfig(), benchmark)
    assert {"groups", "common_ground", "distinctive", "hidden", "representation", "prevalence",
            "rounds", "suppression_notes"} <= set(tables)
    assert "Other (small groups)" in set(tables["groups"]["group"])
    representation = tables["representation"].set_index("group")
    assert representation.loc["Other (small groups)", "benchmark_share"] == pytest.approx(0.2)
    assert bool(representation.loc["Other (small groups)", "flagged"])
