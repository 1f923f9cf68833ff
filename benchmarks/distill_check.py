"""Is installing `model2vec[distill]` safe for our MiniLM vectors? Distil the static model.

`model2vec[distill]` pins `transformers<5.4`; in this venv pip would also move tokenizers and
huggingface_hub down (check with `pip install --dry-run 'model2vec[distill]'`). This script
runs under whatever versions are importable — the venv as it is, or with those packages laid
over it on PYTHONPATH (`pip install --no-deps --target DIR ...`), which leaves the shared venv
untouched — and:

1. encodes the first `--n` CLINC150 test queries with the packaged MiniLM and compares them
   with the same texts encoded before, in the venv as it was (`--reference`: written by the
   first run, compared by later runs): identical, or the largest difference;
2. distils the static model into the analyzer's models folder (what `make_embedder("static")`
   loads), timing it.

    python -m benchmarks.distill_check --reference .cache/bench/minilm-reference.npy
    PYTHONPATH=DIR python -m benchmarks.distill_check --reference .cache/bench/minilm-reference.npy
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from importlib import metadata
from pathlib import Path

import numpy as np

from benchmarks.datasets import load_clinc150


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True,
                        help="MiniLM vectors of the same texts: written if absent, else compared")
    parser.add_argument("--n", type=int, default=1000, help="texts to re-encode")
    parser.add_argument("--redistil", action="store_true",
                        help="distil again even if the static model is cached")
    args = parser.parse_args(argv)

    from analyzer.pipelines.embed import StaticEmbedder, default_models_dir, make_embedder

    report = {name: metadata.version(name) for name in
              ("transformers", "tokenizers", "huggingface_hub", "sentence-transformers",
               "model2vec")}
    texts = load_clinc150().texts[:args.n]
    vectors = make_embedder("minilm").encode(texts)
    if args.reference.exists():
        reference = np.load(args.reference)
        report["minilm_identical"] = bool(np.array_equal(vectors, reference))
        report["minilm_max_abs_diff"] = float(np.abs(vectors - reference).max())
    else:
        args.reference.parent.mkdir(parents=True, exist_ok=True)
        np.save(args.reference, vectors)
        report["minilm_reference_written"] = str(args.reference)

    static = StaticEmbedder(default_models_dir())
    folder = static.models_dir / static.name
    if args.redistil and folder.exists():
        shutil.rmtree(folder)
    start = time.perf_counter()
    static.encode(["warm up"])
    report["static_model_folder"] = str(folder)
    report["static_load_or_distil_seconds"] = time.perf_counter() - start
    start = time.perf_counter()
    static.encode(texts)
    report["static_comments_per_second"] = len(texts) / (time.perf_counter() - start)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
