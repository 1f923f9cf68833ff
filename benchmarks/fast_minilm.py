"""MiniLM on ONNX Runtime (fp32 and int8) against sentence-transformers: fidelity, NMI, speed.

    .venv/bin/python -m benchmarks.fast_minilm [--datasets clinc150,banking77,sample]
                                              [--out benchmarks/results]

For each labelled set, every text is encoded three ways, each timed on its own with an empty
cache (the ONNX graphs are first written from the model's weights into a fresh folder by
`analyzer.pipelines.onnx_bert`; that time is reported apart): sentence-transformers fp32 on
PyTorch (the old default), ONNX Runtime fp32 (`minilm`) and ONNX Runtime int8 (`minilm-int8`,
what 'auto' uses: int8 weights with one scale per output channel, activations quantised on
the fly). It reports comments per second, the cosine of each row to the PyTorch vector (mean,
1st percentile, minimum) and NMI against the set's labels for our Ward clustering
(`fit_themes`) with as many themes as labels, the same protocol as
benchmarks/results/multilingual.md. Writes `fast_minilm.md`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score as nmi

from benchmarks.datasets import DatasetMissing, load_banking77, load_clinc150, load_sample
from benchmarks.measure import process_maxrss_mb
from benchmarks.multilingual import _themes

RESULTS = Path(__file__).resolve().parent / "results"
LOADERS = {"clinc150": load_clinc150, "banking77": load_banking77, "sample": load_sample}


def _timed(embedder, texts) -> tuple[np.ndarray, float]:
    start = time.perf_counter()
    vectors = embedder.encode(texts)
    return vectors, time.perf_counter() - start


def measure(datasets: list[str]) -> tuple[list[dict], dict]:
    from analyzer.pipelines import onnx_minilm
    from analyzer.pipelines.embed import (
        OnnxMiniLMEmbedder,
        SentenceTransformerEmbedder,
        packaged_minilm_path,
    )

    graphs = Path(tempfile.mkdtemp(prefix="onnx-graphs-"))
    export = {}
    for quantised in (False, True):
        start = time.perf_counter()
        onnx_minilm.ensure_graph(packaged_minilm_path(), graphs, quantised)
        export["int8" if quantised else "fp32"] = time.perf_counter() - start
    paths = {"sentence-transformers fp32 (PyTorch)": SentenceTransformerEmbedder("minilm"),
             "ONNX Runtime fp32 (minilm)": OnnxMiniLMEmbedder(graphs),
             "ONNX Runtime int8 (minilm-int8, what auto uses)":
                 OnnxMiniLMEmbedder(graphs, quantised=True)}
    rows = []
    for name in datasets:
        try:
            labelled = LOADERS[name]()
        except DatasetMissing as missing:
            print(f"skipped {name}: {missing}")
            continue
        frame = labelled.frame if labelled.scored_mask is None \
            else labelled.frame[labelled.scored_mask]
        texts = frame["text"].astype(str).tolist()
        labels = frame[labelled.label_columns[-1]].astype(str).to_numpy()  # the finest labels
        k = len(set(labels.tolist()))
        reference = None
        for path, embedder in paths.items():
            embedder.encode(texts[:8])  # load the model or session outside the clock
            vectors, seconds = _timed(embedder, texts)
            if reference is None:
                reference = vectors
            cosines = (vectors * reference).sum(axis=1)
            themes = _themes(texts, vectors, k)
            themed = themes >= 0
            rows.append({"dataset": name, "n": len(texts), "path": path,
                         "per_second": len(texts) / seconds,
                         "cos_mean": float(cosines.mean()),
                         "cos_p1": float(np.percentile(cosines, 1)),
                         "cos_min": float(cosines.min()),
                         "nmi": nmi(labels[themed], themes[themed])})
            print(rows[-1], flush=True)
    return rows, {"export_seconds": export, "peak_rss_mb": process_maxrss_mb()}


def to_markdown(rows: list[dict], extra: dict) -> str:
    lines = [f"# MiniLM on ONNX Runtime ({dt.date.today().isoformat()})", "",
             "`.venv/bin/python -m benchmarks.fast_minilm`. Cosine is to the PyTorch vector of "
             "the same text; NMI is our Ward clustering with k = number of labels.", "",
             "| set | comments | path | comments/s | cosine mean | 1st pct | min | NMI |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['dataset']} | {row['n']:,} | {row['path']} | "
                     f"{row['per_second']:.0f} | {row['cos_mean']:.5f} | {row['cos_p1']:.4f} | "
                     f"{row['cos_min']:.4f} | {row['nmi']:.3f} |")
    export = extra["export_seconds"]
    lines += ["", f"Graphs written once into the cache (first use): fp32 {export['fp32']:.1f} s, "
              f"int8 {export['int8']:.1f} s. Peak RSS {extra['peak_rss_mb']:.0f} MB."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default="clinc150,banking77,sample")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rows, extra = measure([name.strip() for name in args.datasets.split(",") if name.strip()])
    text = to_markdown(rows, extra)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "fast_minilm.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
