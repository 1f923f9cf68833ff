"""Shared fixtures: small synthetic corpora built in the tests themselves."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pandas as pd
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_feedback" / "district_survey.csv"

TOPICS = {
    "bus": ["the school bus is always late in the morning",
            "bus driver skipped our stop again this week",
            "bus route takes an hour each way for my kids",
            "we need more bus drivers so the bus arrives on time"],
    "lunch": ["school lunch food is cold and tastes bad",
              "cafeteria lunch portions are too small for teenagers",
              "more healthy vegetables in the cafeteria lunch menu please",
              "lunch line is so long that kids barely have time to eat food"],
    "safety": ["bullying in the hallways makes students feel unsafe",
               "hallway fights and bullying need more adult supervision",
               "students are afraid of bullying on social media and at school",
               "safety officers should stop the bullying near the lockers"],
}


def synthetic_feedback(n_per_topic: int = 30, seed: int = 0) -> pd.DataFrame:
    """Comments on three clearly separated topics, from two groups, with filler variation."""
    rng = random.Random(seed)
    openers = ["Honestly,", "I think", "Please note:", "", "In my view", "As a parent,"]
    closers = ["", "Thanks.", "This matters a lot.", "Fix it soon.", "It has been months."]
    rows = []
    for topic, sentences in TOPICS.items():
        for i in range(n_per_topic):
            text = " ".join(filter(None, [rng.choice(openers), rng.choice(sentences),
                                          rng.choice(closers)]))
            group = "Parent" if (i % 3) else "Student"
            rows.append({"id": f"{topic}-{i}", "comment": text, "role": group, "topic": topic})
    rng.shuffle(rows)
    return pd.DataFrame(rows)


@pytest.fixture
def synthetic_csv(tmp_path: Path) -> tuple[Path, pd.DataFrame]:
    frame = synthetic_feedback()
    path = tmp_path / "survey.csv"
    frame.drop(columns=["topic"]).to_csv(path, index=False)
    return path, frame


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    """Each test session writes embeddings to its own cache, never the user's (session-wide,
    so module fixtures that fit an analysis, which run before per-test fixtures, use it too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANALYZER_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "embedding-cache"))
        yield


@pytest.fixture(autouse=True)
def _isolated_project_store(tmp_path_factory, monkeypatch):
    """The dashboard's Projects page saves into a test folder, never the user's home."""
    store = tmp_path_factory.getbasetemp() / "dashboard-projects.feedback.db"
    monkeypatch.setenv("FEEDBACK_ANALYZER_PROJECTS", str(store))
    monkeypatch.delenv("FEEDBACK_ANALYZER_USERS", raising=False)
