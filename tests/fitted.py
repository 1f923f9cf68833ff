"""One real analysis of synthetic data, fitted once per test session and shared.

Fitting runs the whole library (cleaning, PII redaction, TF-IDF, BERTopic, labels), which
takes tens of seconds on two cores; the project, curation and stability tests all start from
this result and never modify it (every function under test returns a new result).
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd

from tests.conftest import synthetic_feedback

ROLES_KW = dict(text=("comment",), groups=("role",), id="id")
NON_ANSWERS = [{"id": "na-1", "comment": "n/a", "role": "Parent", "topic": "none"},
               {"id": "na-2", "comment": "nothing", "role": "Student", "topic": "none"}]


def topic_of(comment_ids: pd.Series) -> pd.Series:
    """The planted topic of a synthetic comment id: 'bus-12' -> 'bus'."""
    return comment_ids.astype(str).str.rsplit("/", n=1).str[-1].str.split("-").str[0]


def write_survey(folder: Path, n_per_topic: int = 30, seed: int = 0,
                 name: str = "survey.csv", extra_rows: list[dict] | None = None) -> Path:
    frame = pd.concat([synthetic_feedback(n_per_topic=n_per_topic, seed=seed),
                       pd.DataFrame(extra_rows or [])], ignore_index=True)
    path = Path(folder) / name
    frame.drop(columns=["topic"]).to_csv(path, index=False)
    return path


def read_survey(path: Path):
    from analyzer.pipelines.ingest import ColumnRoles, read_inputs

    return read_inputs([path], ColumnRoles(**ROLES_KW))


@lru_cache(maxsize=1)
def fitted_result():
    """Three planted topics (bus, lunch, safety) from Parents and Students, two non-answers,
    TF-IDF embedder, three themes."""
    from analyzer.config import AnalysisConfig
    from analyzer.core import FeedbackAnalyzer

    folder = Path(tempfile.mkdtemp(prefix="fitted-"))
    corpus = read_survey(write_survey(folder, extra_rows=NON_ANSWERS))
    return FeedbackAnalyzer(AnalysisConfig(embedder="tfidf", n_themes=3),
                            use_cache=False).fit(corpus)


def theme_of_topic(result, topic: str) -> int:
    """The theme holding most comments of a planted topic."""
    comments = result.comments[result.comments["theme_id"] >= 0]
    return int(comments[topic_of(comments["comment_id"]) == topic]["theme_id"].mode()[0])
