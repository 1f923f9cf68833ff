"""MiniLM through ONNX Runtime: a graph written offline from the packaged weights, same vectors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
    assert cosines.mean() > 0.98 and cosines.min() > 0.95, cosines
    assert not np.allclose(vectors, reference)  # the int8 graph really ran
    assert quantised.name != OnnxMiniLMEmbedder(graph_folder).name
    assert make_embedder("minilm-int8", models_dir=graph_folder).name == quantised.name


def test_the_int8_graph_multiplies_integers_in_every_linear_layer(graph_folder):
    import onnx

    OnnxMiniLMEmbedder(graph_folder, quantised=True).encode(TEXTS[:1])
    graph = onnx.load(str(onnx_minilm.graph_path(graph_folder, quantised=True))).graph
    operators = [node.op_type for node in graph.node]
    # Six layers, each with query, key, value, attention output and two feed-forward layers.
    assert operators.count("MatMulInteger") == 36
    assert operators.count("MatMul") == 12  # attention scores and context, in float
    int8 = [tensor for tensor in graph.initializer if tensor.data_type == onnx.TensorProto.INT8
            and len(tensor.dims) == 2]
    assert len(int8) == 36


def test_the_graph_is_written_without_torch_or_transformers(tmp_path):
    # Importing transformers and torch, then tracing, cost 14 s of an empty-cache first run.
    script = ("import sys; from pathlib import Path; "
              "from analyzer.pipelines.embed import OnnxMiniLMEmbedder; "
              f"OnnxMiniLMEmbedder(Path({str(tmp_path)!r}), quantised=True).encode(['bus']); "
              "loaded = sorted({'torch', 'transformers'} & set(sys.modules)); "
              "print('loaded:', loaded)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert "loaded: []" in done.stdout
    assert onnx_minilm.graph_path(tmp_path, quantised=True).exists()
    assert not onnx_minilm.graph_path(tmp_path).exists()  # the int8 graph needs no fp32 one


def test_minilm_by_name_runs_on_onnx_and_keeps_its_cache_name(tmp_path):
    embedder = make_embedder("minilm", models_dir=tmp_path)
    assert isinstance(embedder, OnnxMiniLMEmbedder)
    assert embedder.name == SentenceTransformerEmbedder("minilm").name


def test_an_interrupted_export_leaves_no_graph(tmp_path):
    target = tmp_path / "graph.onnx"

    def fails_half_way(path):
        path.write_bytes(b"half a graph")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        onnx_minilm.write_atomically(target, fails_half_way)
    assert list(tmp_path.iterdir()) == []



def test_one_thread_gives_the_same_vectors_as_every_core(graph_folder):
    # Dask workers sharing a machine run ONNX Runtime on their own thread count; their
    # vectors must be those of the one-process run, or the themes would differ.
    one = OnnxMiniLMEmbedder(graph_folder, threads=1).encode(TEXTS)
    every = OnnxMiniLMEmbedder(graph_folder).encode(TEXTS)
    assert np.array_equal(one, every)
