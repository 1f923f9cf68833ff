"""A BERT encoder written as an ONNX graph straight from its safetensors weights.

Why not `torch.onnx.export`: on an empty cache the analyzer's first run paid for the export
before embedding a single comment. Measured once on two cores, in a fresh process: importing
transformers' AutoModel 6.0 s and torch 2.0 s, tracing 5.9 s, and ONNX Runtime's
`quantize_dynamic` 4.0 s more (plus 1.2 s to import it) for the int8 graph: about 19 s of a
10,000-comment run whose other stages take 9 s. Written here from the weight file, the int8
graph takes about a second (fp32 1-3 s, most of it saving 90 MB), with numpy and `onnx` only.

The graph is the textbook BERT encoder that `transformers.BertModel` runs in eager mode:
word + position + token-type embeddings, layer norm, then per layer multi-head
self-attention with the padding masked out, a residual layer norm, the GELU (erf) feed-forward
block and another residual layer norm. It outputs the last hidden state; pooling stays with
the caller. `tests/test_onnx_bert.py` checks its vectors against sentence-transformers.

`quantised=True` stores the weights of every linear layer as int8 (symmetric, one scale per
output channel) and quantises each layer's input on the fly to uint8 (`DynamicQuantizeLinear`,
`MatMulInteger`): the scheme of ONNX Runtime's dynamic quantisation with per-channel weights,
which fuses it into its integer matrix product. Embeddings and layer norms stay float.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

OPSET = 17
"""The first opset with LayerNormalization as a standard operator."""
IR_VERSION = 8
"""The file format of opset 17; `onnx` would otherwise stamp its newest, which ONNX Runtime
may not read yet (onnx 1.23 writes 14, ONNX Runtime 1.31 reads up to 13)."""
_FLOAT_MIN = float(np.finfo(np.float32).min)
"""Added to the scores of padded tokens, as transformers' eager attention does."""


class _GraphWriter:
    """Collects the nodes and weights of one graph; each helper returns its output's name."""

    def __init__(self, weights: dict[str, np.ndarray], quantised: bool):
        self.weights = weights
        self.quantised = quantised
        self.nodes: list = []
        self.initializers: list = []
        self._count = 0

    def _name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def constant(self, value: np.ndarray, hint: str = "const") -> str:
        from onnx import numpy_helper

        name = self._name(hint)
        self.initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type: str, *inputs: str, hint: str | None = None, outputs: int = 1,
           **attributes) -> str | list[str]:
        from onnx import helper

        names = [self._name(hint or op_type.lower()) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, list(inputs), names, **attributes))
        return names[0] if outputs == 1 else names

    def weight(self, key: str) -> str:
        return self.constant(self.weights[key].astype(np.float32), key)

    def layer_norm(self, x: str, prefix: str, epsilon: float) -> str:
        return self.op("LayerNormalization", x, self.weight(f"{prefix}.weight"),
                       self.weight(f"{prefix}.bias"), axis=-1, epsilon=epsilon)

    def linear(self, x: str, prefix: str) -> str:
        """`x @ W.T + b` for the torch Linear layer stored under `prefix`."""
        matrix = self.weights[f"{prefix}.weight"].astype(np.float32).T  # (inputs, outputs)
        bias = self.weight(f"{prefix}.bias")
        if not self.quantised:
            return self.op("Add", self.op("MatMul", x, self.constant(matrix, prefix)), bias)
        scales = np.abs(matrix).max(axis=0) / 127.0
        scales[scales == 0] = 1.0
        integers = np.clip(np.rint(matrix / scales), -127, 127).astype(np.int8)
        x_integers, x_scale, x_zero = self.op("DynamicQuantizeLinear", x, outputs=3)
        product = self.op("MatMulInteger", x_integers, self.constant(integers, prefix),
                          x_zero, self.constant(np.zeros(matrix.shape[1], np.int8)))
        rescaled = self.op("Mul", self.op("Cast", product, to=1),  # 1: float
                           self.op("Mul", x_scale, self.constant(scales.astype(np.float32))))
        return self.op("Add", rescaled, bias)


def build_bert_graph(model_dir: Path, path: Path, quantised: bool = False) -> None:
    """Write the ONNX graph of the BERT model in `model_dir` (its `config.json` and
    `model.safetensors`) to `path`. Inputs `input_ids`, `attention_mask`, `token_type_ids`
    (int64, batch x tokens); output `hidden` (float32, batch x tokens x hidden size)."""
    from safetensors.numpy import load_file

    config = json.loads((Path(model_dir) / "config.json").read_text(encoding="utf-8"))
    weights = load_file(str(Path(model_dir) / "model.safetensors"))
    write_encoder_graph(weights, config, path, quantised)


def write_encoder_graph(weights: dict[str, np.ndarray], config: dict, path: Path,
                        quantised: bool = False, word_vectors_given: bool = False) -> None:
    """`build_bert_graph` from weights under transformers' BERT names and a config with its
    keys. `word_vectors_given`: the graph takes each token's word embedding as the float
    input `word_vectors` (batch x tokens x hidden size) instead of `input_ids`, for a model
    whose word table the caller keeps (`onnx_e5`)."""
    import onnx
    from onnx import TensorProto, helper

    heads = int(config["num_attention_heads"])
    hidden_size = int(config["hidden_size"])
    head_size = hidden_size // heads
    epsilon = float(config.get("layer_norm_eps", 1e-12))
    graph = _GraphWriter(weights, quantised)

    # Embeddings: positions 0..tokens-1 are gathered for the batch's own width.
    tokens = graph.op("Gather", graph.op("Shape", "attention_mask"),
                      graph.constant(np.int64(1)))
    positions = graph.op("Range", graph.constant(np.int64(0)), tokens,
                         graph.constant(np.int64(1)))
    words = "word_vectors" if word_vectors_given else graph.op(
        "Gather", graph.weight("embeddings.word_embeddings.weight"), "input_ids")
    summed = graph.op("Add", graph.op(
        "Add", words,
        graph.op("Gather", graph.weight("embeddings.token_type_embeddings.weight"),
                 "token_type_ids")),
        graph.op("Gather", graph.weight("embeddings.position_embeddings.weight"), positions))
    x = graph.layer_norm(summed, "embeddings.LayerNorm", epsilon)

    # (1 - mask) * float min, shaped batch x 1 x 1 x tokens to broadcast over heads and queries.
    keep = graph.op("Cast", "attention_mask", to=1)
    padding = graph.op("Mul", graph.op("Sub", graph.constant(np.float32(1.0)), keep),
                       graph.constant(np.float32(_FLOAT_MIN)))
    padding = graph.op("Unsqueeze", padding, graph.constant(np.array([1, 2], np.int64)))
    split_heads = graph.constant(np.array([0, 0, heads, head_size], np.int64))
    join_heads = graph.constant(np.array([0, 0, hidden_size], np.int64))
    scale = graph.constant(np.float32(1.0 / np.sqrt(head_size)))
    root_half = graph.constant(np.float32(1.0 / np.sqrt(2.0)))
    one, half = graph.constant(np.float32(1.0)), graph.constant(np.float32(0.5))

    for layer in range(int(config["num_hidden_layers"])):
        prefix = f"encoder.layer.{layer}"

        query, key, value = (
            graph.op("Transpose", graph.op(
                "Reshape", graph.linear(x, f"{prefix}.attention.self.{name}"), split_heads),
                perm=order)
            for name, order in (("query", [0, 2, 1, 3]), ("key", [0, 2, 3, 1]),
                                ("value", [0, 2, 1, 3])))
        scores = graph.op("Add", graph.op("Mul", graph.op("MatMul", query, key), scale),
                          padding)
        context = graph.op("MatMul", graph.op("Softmax", scores, axis=-1), value)
        context = graph.op("Reshape", graph.op("Transpose", context, perm=[0, 2, 1, 3]),
                           join_heads)
        attended = graph.linear(context, f"{prefix}.attention.output.dense")
        x = graph.layer_norm(graph.op("Add", attended, x),
                             f"{prefix}.attention.output.LayerNorm", epsilon)
        inner = graph.linear(x, f"{prefix}.intermediate.dense")
        gelu = graph.op("Mul", graph.op("Mul", inner, half), graph.op(
            "Add", one, graph.op("Erf", graph.op("Mul", inner, root_half))))
        out = graph.linear(gelu, f"{prefix}.output.dense")
        x = graph.layer_norm(graph.op("Add", out, x), f"{prefix}.output.LayerNorm", epsilon)

    graph.nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    axes = ["batch", "tokens"]
    first = helper.make_tensor_value_info(
        "word_vectors", TensorProto.FLOAT, [*axes, hidden_size]) if word_vectors_given \
        else helper.make_tensor_value_info("input_ids", TensorProto.INT64, axes)
    model = helper.make_model(
        helper.make_graph(
            graph.nodes, "bert_encoder",
            [first, *(helper.make_tensor_value_info(name, TensorProto.INT64, axes)
                      for name in ("attention_mask", "token_type_ids"))],
            [helper.make_tensor_value_info("hidden", TensorProto.FLOAT,
                                           [*axes, hidden_size])],
            graph.initializers),
        opset_imports=[helper.make_opsetid("", OPSET)], producer_name="feedback-analyzer",
        ir_version=IR_VERSION)
    onnx.save(model, str(path))
