"""MiniLM through ONNX Runtime: exported offline from the packaged model, same vectors."""

from __future__ import annotations

import numpy as np
import pytest

from analyzer.pipelines import onnx_minilm
from analyzer.pipelines.embed import (
    OnnxMiniLMEmbedder,
    SentenceTransformerEmbedder,
    make_embedder,
    packaged_minilm_path,
)
from tests.test_minilm import assert_no_chatter

# Lengths from 2 to well over MAX_TOKENS, so one batch pads short comments to a long one's
# width and the longest is truncated the way sentence-transformers truncates it.
TEXTS = ["Buses late.",
         "The school bus is late every morning and my kids miss breakfast",
         "El autobús escolar llega tarde todas las mañanas",
         "Please fix the heating in the portable classrooms before winter. " * 30,
         "More art and music, less testing.",
         ""]


@pytest.fixture(scope="module")
def graph_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("onnx-cache")


def test_onnx_vectors_match_sentence_transformers(graph_folder, monkeypatch, capfd):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    fast = OnnxMiniLMEmbedder(graph_folder).encode(TEXTS)
    assert_no_chatter(capfd)
    reference = SentenceTransformerEmbedder("minilm").encode(TEXTS)
    assert fast.shape == reference.shape == (len(TEXTS), 384)
    assert fast.dtype == np.float32
    cosines = (fast * reference).sum(axis=1)
    assert cosines.min() > 0.99999, cosines
    assert onnx_minilm.graph_path(graph_folder).exists()


def test_graph_is_exported_once_and_reused(graph_folder):
    path = onnx_minilm.ensure_graph(packaged_minilm_path(), graph_folder)
    stamp = path.stat().st_mtime_ns
    again = OnnxMiniLMEmbedder(graph_folder).encode(TEXTS[:2])
    assert path.stat().st_mtime_ns == stamp
    assert not list(path.parent.glob("*.partial.onnx"))
    assert np.allclose(again, OnnxMiniLMEmbedder(graph_folder).encode(TEXTS[:2]))


def test_int8_graph_is_close_but_named_apart(graph_folder):
    quantised = OnnxMiniLMEmbedder(graph_folder, quantised=True)
    vectors = quantised.encode(TEXTS)
    reference = OnnxMiniLMEmbedder(graph_folder).encode(TEXTS)
    cosines = (vectors * reference).sum(axis=1)
    assert cosines.mean() > 0.95 and cosines.min() > 0.9, cosines
    assert quantised.name != OnnxMiniLMEmbedder(graph_folder).name
    assert onnx_minilm.graph_path(graph_folder, quantised=True).stat().st_size < \
        onnx_minilm.graph_path(graph_folder).stat().st_size / 2


def test_minilm_by_name_runs_on_onnx_and_keeps_its_cache_name(tmp_path):
    embedder = make_embedder("minilm", cache_dir=tmp_path)
    assert isinstance(embedder, OnnxMiniLMEmbedder)
    assert embedder.name == SentenceTransformerEmbedder("minilm").name


def test_an_interrupted_export_leaves_no_graph(tmp_path):
    target = tmp_path / "graph.onnx"

    def fails_half_way(path):
        path.write_bytes(b"half a graph")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        onnx_minilm._write_atomically(target, fails_half_way)
    assert list(tmp_path.iterdir()) == []



def test_one_thread_gives_the_same_vectors_as_every_core(graph_folder):
    # Dask workers sharing a machine run ONNX Runtime on their own thread count; their
    # vectors must be those of the one-process run, or the themes would differ.
    one = OnnxMiniLMEmbedder(graph_folder, threads=1).encode(TEXTS)
    every = OnnxMiniLMEmbedder(graph_folder).encode(TEXTS)
    assert np.array_equal(one, every)
