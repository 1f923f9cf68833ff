"""The cache folder as configuration, and the small helpers every layer shares."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analyzer.cells import cell_text
from analyzer.core import FeedbackAnalyzer
from analyzer.pipelines.embed import cache_file, default_cache_dir
from analyzer.pipelines.stopwords import language_stop_words, listed_stop_words
from analyzer.vectors import l2_normalise


def test_the_cache_folder_is_read_from_the_environment_when_asked_not_at_import(tmp_path,
                                                                                  monkeypatch):
    monkeypatch.setenv("ANALYZER_CACHE_DIR", str(tmp_path / "a"))
    assert default_cache_dir() == tmp_path / "a"
    assert cache_file() == tmp_path / "a" / "embeddings.sqlite"
    monkeypatch.setenv("ANALYZER_CACHE_DIR", str(tmp_path / "b"))
    assert default_cache_dir() == tmp_path / "b"
    monkeypatch.delenv("ANALYZER_CACHE_DIR")
    assert default_cache_dir() == Path.home() / ".cache" / "feedback-analyzer"


def test_a_cache_folder_passed_in_holds_the_vectors(tmp_path):
    assert FeedbackAnalyzer(cache_dir=tmp_path).cache_dir == tmp_path
    assert cache_file(tmp_path) == tmp_path / "embeddings.sqlite"


def test_the_library_leaves_the_environment_alone():
    root = Path(__file__).resolve().parents[1] / "analyzer"
    changes = [str(path.relative_to(root)) for path in root.rglob("*.py")
               if path.name != "cli.py" and any(
                   marker in path.read_text(encoding="utf-8")
                   for marker in ("os.environ[", "environ.setdefault", "putenv"))]
    assert changes == []


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_l2_normalise_scales_rows_to_length_one_and_leaves_zero_rows(dtype):
    out = l2_normalise([[3.0, 4.0], [0.0, 0.0], [0.0, -2.0]], dtype=dtype)
    assert out.dtype == dtype
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0], [0.0, -1.0]], rtol=1e-6)
    assert l2_normalise(np.array([0.0, 0.0])).tolist() == [0.0, 0.0]
    assert l2_normalise(np.array([5.0, 0.0])).tolist() == [1.0, 0.0]


@pytest.mark.parametrize("value, text", [(9.0, "9"), (np.float64(9), "9"), (np.float32(2), "2"),
                                         (2.5, "2.5"), (7, "7"), (" Parent ", " Parent "),
                                         (float("nan"), "nan")])
def test_cell_text_reads_whole_floats_as_integers(value, text):
    assert cell_text(value) == text


def test_one_spanish_list_for_keywords_and_name_redaction():
    from analyzer.pipelines.pii import _stop_words

    spanish = listed_stop_words("es")
    assert {"favor", "ojalá", "tarde"} <= spanish
    assert spanish - {"sean"} <= _stop_words()
    assert "tarde" not in language_stop_words("es")  # a content word for keywords
