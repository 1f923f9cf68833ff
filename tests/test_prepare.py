"""`python -m analyzer prepare`: the models are built once, at install time, not in an analysis.

`make setup` runs the command, so a user's first analysis reads models that are already
there; these tests check that it builds every one of them quietly, and that an analysis
afterwards builds nothing more and keeps them out of the vector cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.config import AnalysisConfig
from analyzer.core import FeedbackAnalyzer
from analyzer.pipelines import onnx_e5, onnx_minilm
from analyzer.pipelines.embed import (
    E5_QUANTISED,
    MODELS_DIR_VARIABLE,
    StaticEmbedder,
    default_models_dir,
    make_embedder,
)
from analyzer.pipelines.ingest import ColumnRoles, read_inputs
from tests.test_minilm import THIRD_PARTY_CHATTER

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_feedback" / "district_survey.csv"


def files_in(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder`, by relative path, with its size and modification time."""
    return {str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> tuple[Path, str]:
    """A models folder built by the command, as `make setup` runs it, and what it printed."""
    folder = tmp_path_factory.mktemp("models")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", MODELS_DIR_VARIABLE: str(folder)}
    done = subprocess.run([sys.executable, "-m", "analyzer", "prepare"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return folder, done.stdout + done.stderr


def test_prepare_builds_every_model_an_analysis_reads_and_prints_only_ours(prepared):
    folder, printed = prepared
    assert onnx_minilm.graph_path(folder, quantised=True).exists()
    assert onnx_minilm.graph_path(folder, quantised=False).exists()
    assert (folder / "onnx" / onnx_e5.GRAPH_NAMES[E5_QUANTISED]).exists()
    assert (folder / StaticEmbedder().name / "config.json").exists()
    assert printed.count(": ready (") == 4, printed
    assert not [phrase for phrase in THIRD_PARTY_CHATTER if phrase in printed], printed
    assert not [path for path in files_in(folder) if "partial" in path or "/." in f"/{path}"]


def test_an_analysis_after_prepare_builds_nothing_and_caches_only_vectors(prepared, tmp_path,
                                                                          monkeypatch):
    folder, _ = prepared
    before = files_in(folder)
    monkeypatch.setenv(MODELS_DIR_VARIABLE, str(folder))
    vectors = tmp_path / "vectors"
    roles = ColumnRoles(text=("Comment",), groups=("Role",), id="Response ID")
    # The multilingual embedder over the static model reads the static model and e5; the
    # sample mixes English and Spanish, so both run.
    result = FeedbackAnalyzer(AnalysisConfig(embedder="multilingual-static"),
                              cache_dir=vectors).fit(read_inputs([SAMPLE], roles))
    assert result.method["embedding_model"].startswith("multilingual[static-minilm")
    assert files_in(folder) == before
    assert sorted(files_in(vectors)) == ["embeddings.sqlite"]


def test_the_models_folder_is_its_own_setting_apart_from_the_vector_cache(tmp_path,
                                                                         monkeypatch):
    monkeypatch.setenv("ANALYZER_CACHE_DIR", str(tmp_path / "vectors"))
    monkeypatch.delenv(MODELS_DIR_VARIABLE, raising=False)
    assert default_models_dir() == Path.home() / ".cache" / "feedback-analyzer" / "models"
    monkeypatch.setenv(MODELS_DIR_VARIABLE, str(tmp_path / "models"))
    assert default_models_dir() == tmp_path / "models"
    multilingual = make_embedder("multilingual-static", models_dir=tmp_path / "elsewhere")
    assert multilingual.base_embedder.models_dir == tmp_path / "elsewhere"
    assert multilingual.e5.models_dir == tmp_path / "elsewhere"
