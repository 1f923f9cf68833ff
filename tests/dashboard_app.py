"""The dashboard under AppTest, on one real TF-IDF analysis of the bundled sample.

Shared by the dashboard test modules (imported as `tests.dashboard_app`, so the sample is
fitted once per test session however many modules use it).
"""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from analyzer import AnalysisConfig, FeedbackAnalyzer, read_inputs
from analyzer.dashboard import state

CODE_STYLE = re.compile(r"[a-z0-9]_[a-z0-9]")
"""A header as a program names it (`share_of_group`, `ci_low`), not as a person would."""

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")

CORPUS = read_inputs([state.SAMPLE_FILE], state.SAMPLE_ROLES)
RESULT = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf"), use_cache=False).fit(CORPUS)
LABELS = [t.label for t in RESULT.themes if t.theme_id >= 0]


def page(name: str, *, result=RESULT, corpus=CORPUS, **extra) -> AppTest:
    """The app opened on page `name`, with a corpus and result already in the session."""
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["corpus"] = corpus
    at.session_state["result"] = result
    for key, value in extra.items():
        at.session_state[key] = value
    at.run()  # the first run opens the Data page, which loads the sample corpus
    at.session_state["corpus"] = corpus
    at.switch_page(f"analyzer/dashboard/pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "title", "subheader", "caption", "info",
                                   "success", "warning", "error")
             for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    parts += [e.value.to_string() for e in at.dataframe]
    return "\n".join(str(p) for p in parts)


def is_code_style(header) -> bool:
    return bool(CODE_STYLE.search(str(header)))
