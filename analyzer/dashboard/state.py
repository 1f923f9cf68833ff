"""Session state in one place, and the bridge from uploaded files to the library.

Uploaded files live only in this session's memory and a temporary folder removed after each
read; nothing is stored unless the user saves a project.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from analyzer.config import AnalysisConfig
from analyzer.core import FeedbackAnalyzer, ProgressCallback
from analyzer.pipelines.groups import read_benchmark
from analyzer.pipelines.ingest import ColumnRoles, Corpus, InputSpec, read_inputs, read_table
from analyzer.themes.responses import ResponseLog

SAMPLE_FILE = Path(__file__).resolve().parents[2] / "sample_feedback" / "district_survey.csv"
SAMPLE_BENCHMARK = SAMPLE_FILE.with_name("benchmark_shares.csv")
SAMPLE_ROLES = ColumnRoles(text=("Comment",), groups=("Role",), id="Response ID", round="Round")


@dataclass(frozen=True)
class UploadedInput:
    """A file the user gave us, held in memory for this session."""

    name: str
    data: bytes
    label: str


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


def using_sample() -> bool:
    return st.session_state["inputs"] is None


def _specs(folder: Path) -> list[InputSpec]:
    if using_sample():
        return [InputSpec(path=SAMPLE_FILE, label="District survey")]
    specs = []
    for item in st.session_state["inputs"]:
        path = folder / item.name
        path.write_bytes(item.data)
        specs.append(InputSpec(path=path, label=item.label, display_name=item.name))
    return specs


def preview_tables():
    """Raw tables (first file's layout detected) for the column pickers."""
    with tempfile.TemporaryDirectory() as folder:
        return [read_table(spec) for spec in _specs(Path(folder))]


def load_corpus(roles: ColumnRoles) -> Corpus:
    with tempfile.TemporaryDirectory() as folder:
        return read_inputs(_specs(Path(folder)), roles)


def benchmark_for_run(uploaded) -> pd.DataFrame | None:
    """The benchmark the user uploaded; for the sample, its bundled enrolment shares."""
    if uploaded is not None:
        return read_benchmark(uploaded, name=uploaded.name)
    return read_benchmark(SAMPLE_BENCHMARK) if using_sample() else None


def run_analysis(corpus: Corpus, config: AnalysisConfig, progress: ProgressCallback,
                 benchmark=None):
    return FeedbackAnalyzer(config).fit(corpus, benchmark=benchmark, progress=progress)
