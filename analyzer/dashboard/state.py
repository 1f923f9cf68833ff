"""Session state in one place, and the bridge from uploaded files to the library.

Uploaded files live only in this session's memory; each read writes them under generated
names into a private temporary folder removed straight after (`uploads.written_privately`).
Nothing is stored unless the user saves a project.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from analyzer.config import AnalysisConfig
from analyzer.core import FeedbackAnalyzer, ProgressCallback
from analyzer.dashboard.uploads import written_privately
from analyzer.pipelines.groups import read_benchmark
from analyzer.pipelines.ingest import (
    ColumnRoles,
    Corpus,
    InputSpec,
    ReadLimits,
    read_inputs,
    read_table,
)
from analyzer.private_files import make_private_folder
from analyzer.themes.responses import ResponseLog

SAMPLE_FILE = Path(__file__).resolve().parents[2] / "sample_feedback" / "district_survey.csv"
SAMPLE_BENCHMARK = SAMPLE_FILE.with_name("benchmark_shares.csv")
SAMPLE_ROLES = ColumnRoles(text=("Comment",), groups=("Role",), id="Response ID", round="Round")
PROJECT_STORE_VARIABLE = "FEEDBACK_ANALYZER_PROJECTS"
UPLOAD_LIMITS = ReadLimits(max_file_bytes=50 * 2**20, max_cells=5_000_000,
                           max_upload_bytes=100 * 2**20)
"""Tighter than the command line's: one server process holds every session's files and
results, and any single upload must leave it under 2 GB. `server.maxUploadSize` in
.streamlit/config.toml matches `max_file_bytes`, so Streamlit refuses a larger file before
holding it."""


DEFAULTS = {
    "inputs": None,          # tuple[UploadedInput, ...] or None for the bundled sample
    "roles": SAMPLE_ROLES,
    "config": AnalysisConfig(),
    "corpus": None,
    "result": None,
    "error": None,
    "responses": ResponseLog(),  # the "you said, we did" log, edited on Transparency
}


def initialise() -> None:
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)


def project_store() -> str:
    """Where the Projects page saves and opens analyses: the database named by
    `PROJECT_STORE_VARIABLE` (a path or a SQLAlchemy URL, e.g. PostgreSQL for a team), else
    a SQLite file in this user's home folder."""
    configured = os.environ.get(PROJECT_STORE_VARIABLE, "").strip()
    if configured:
        return configured
    default = Path.home() / ".local" / "share" / "feedback-analyzer" / "projects.feedback.db"
    make_private_folder(default.parent)
    return str(default)


def using_sample() -> bool:
    return st.session_state["inputs"] is None


def _specs():
    """The files to read, as a context manager: the sample in place, uploads written under
    generated names (never the client's) and removed when the read is done."""
    if using_sample():
        return contextlib.nullcontext([InputSpec(path=SAMPLE_FILE, label="District survey")])
    return written_privately(st.session_state["inputs"])


def preview_tables():
    """Raw tables (first file's layout detected) for the column pickers."""
    with _specs() as specs:
        return [read_table(spec, limits=UPLOAD_LIMITS) for spec in specs]


def load_corpus(roles: ColumnRoles) -> Corpus:
    with _specs() as specs:
        return read_inputs(specs, roles, limits=UPLOAD_LIMITS)


def benchmark_for_run(uploaded) -> pd.DataFrame | None:
    """The benchmark the user uploaded; for the sample, its bundled enrolment shares."""
    if uploaded is not None:
        return read_benchmark(uploaded, name=uploaded.name)
    return read_benchmark(SAMPLE_BENCHMARK) if using_sample() else None


def run_analysis(corpus: Corpus, config: AnalysisConfig, progress: ProgressCallback,
                 benchmark=None):
    return FeedbackAnalyzer(config).fit(corpus, benchmark=benchmark, progress=progress)


def add_votes_to_result(result, uploaded):
    """`result` with an uploaded vote file joined in (`analyzer.pipelines.votes.add_votes`);
    the comments' authors and moderation are read from this session's files when the analysis
    has an id column."""
    from analyzer.pipelines.votes import add_votes, read_comment_facts, read_votes

    with written_privately([uploaded]) as (spec,):
        votes = read_votes(spec, limits=UPLOAD_LIMITS)
    roles = st.session_state.get("roles")
    facts = None
    if roles is not None and roles.id:
        with _specs() as specs:
            facts = read_comment_facts(specs, id_column=roles.id, limits=UPLOAD_LIMITS)
    return add_votes(result, votes, comments=facts)
