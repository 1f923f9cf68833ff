"""Run page: choose the embedder, granularity and phone formats, then find themes with
visible progress."""

from __future__ import annotations

import time

import streamlit as st

from analyzer.config import (
    EMBEDDERS,
    GRANULARITIES,
    AnalysisConfig,
    CleaningConfig,
    phone_regions_from_text,
)
from analyzer.dashboard import state
from analyzer.dashboard.widgets import show_error
from analyzer.errors import AnalyzerError
from analyzer.pipelines.phones import DEFAULT_PHONE_REGIONS


def show() -> None:
    st.title("Run")
    corpus = st.session_state.get("corpus")
    if corpus is None:
        st.info("Open **Data** first to choose files and columns.")
        return
    current = st.session_state["config"]
    with st.form("run_settings_form"):
        embedder = st.selectbox("How to read the comments", list(EMBEDDERS),
                                format_func=EMBEDDERS.get,
                                index=list(EMBEDDERS).index(current.embedder)
                                if current.embedder in EMBEDDERS else 0)
        granularity = st.radio("Theme detail", list(GRANULARITIES), horizontal=True,
                               index=GRANULARITIES.index(current.granularity))
        seed = st.number_input("Seed (same seed, same themes)", value=current.seed, step=1)
        regions = st.text_input(
            "Phone formats to redact (countries, two-letter codes)",
            value=", ".join(current.cleaning.phone_regions or ()),
            placeholder=", ".join(DEFAULT_PHONE_REGIONS),
            help="Numbers written as people in these countries write them are redacted; a "
                 "number written with + and a country code is redacted whatever the list. "
                 "Leave empty for the countries shown.")
        benchmark_file = st.file_uploader(
            "Benchmark shares (optional CSV: attribute,group,share, e.g. enrolment)",
            type=["csv"], help="Without one, the sample uses its bundled enrolment shares and "
                               "your files use equal weight per group.")
        started = st.form_submit_button("Find themes", type="primary")
    if started:
        try:
            cleaning = CleaningConfig(phone_regions=phone_regions_from_text(regions or None))
        except AnalyzerError as error:
            show_error(error)
            return
        config = AnalysisConfig(embedder=embedder, granularity=granularity, seed=int(seed),
                                cleaning=cleaning)
        bar = st.progress(0.0, text="Starting")
        began = time.monotonic()

        def progress(stage: str, fraction: float) -> None:
            elapsed = time.monotonic() - began
            remaining = elapsed / fraction - elapsed if fraction > 0.05 else None
            hint = f" (about {remaining:.0f} s left)" if remaining else ""
            bar.progress(min(fraction, 1.0), text=f"{stage}{hint}")

        try:
            benchmark = state.benchmark_for_run(benchmark_file)
            result = state.run_analysis(corpus, config, progress, benchmark)
        except AnalyzerError as error:
            show_error(error)
            return
        st.session_state["config"] = config
        st.session_state["result"] = result
    result = st.session_state.get("result")
    if result is not None:
        counts = result.method["comments"]
        real = sum(1 for t in result.themes if t.theme_id >= 0)
        st.success(f"Found {real} themes in {counts['answered']} answered comments "
                   f"({counts['unassigned']} unassigned, {counts['non_answers']} non-answers). "
                   "Open **Themes** or **Groups**.")


if __name__ == "__main__":
    show()
