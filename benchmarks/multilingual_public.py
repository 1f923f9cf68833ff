"""The multilingual embedder on a public labelled set: mixed-language corpora drawn from xSID.

    .venv/bin/python -m benchmarks.multilingual_public [--data DIR] [--cache FILE]
        [--seeds 42,43,44] [--out benchmarks/results]

Each corpus (benchmarks/xsid.py: English 72 %, Chinese 60 %, German 60 %) holds each of xSID's
800 requests once, in one language. Languages are detected by the analyzer
(`detect_languages`), as a real run would; `knn, true languages` gives the embedder the real
ones instead, to tell detection misses from placement misses. Every clustering is our Ward
(`fit_themes`) with themes = the number of intents present. Vectors go through the analyzer's
embedding cache, so a rerun skips both models. Skips with a message when xSID is absent.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score as nmi

from benchmarks.datasets import DatasetMissing
from benchmarks.multilingual import RESULTS, _table, _themes
from benchmarks.xsid import (
    DESIGNS,
    XSID_COMMIT,
    XSID_VERSION,
    CorpusDesign,
    build_corpus,
    load_xsid,
    xsid_dir,
)

ONE_LANGUAGE_SHARE = 0.80
"""A theme is 'one language' when at least this share of it is one non-main language."""


class _Timed:
    """Wraps an embedder (same name, so the same cache entries) and adds up what it read."""

    def __init__(self, inner, clock: dict):
        self.inner, self.clock = inner, clock
        self.name, self.cacheable = inner.name, True

    def encode(self, texts):
        start = time.perf_counter()
        out = self.inner.encode(texts)
        entry = self.clock.setdefault(self.name, [0, 0.0])
        entry[0] += len(texts)
        entry[1] += time.perf_counter() - start
        return out


def _multilingual(clock: dict, **options):
    from analyzer.pipelines.embed import MultilingualEmbedder

    embedder = MultilingualEmbedder(**options)
    embedder.base_embedder = _Timed(embedder.base_embedder, clock)
    embedder.e5 = _Timed(embedder.e5, clock)
    return embedder


def vectors_for(texts: list[str], detected: list[str], true: list[str], cache, clock: dict
                ) -> tuple[dict[str, np.ndarray], str]:
    """Each method's vectors, and the embedder 'auto' chose."""
    from analyzer.pipelines.embed import (
        SentenceTransformerEmbedder,
        embed_texts,
        make_embedder,
        resolve_embedder,
    )

    methods = {
        "MiniLM": lambda: cache.encode(_Timed(SentenceTransformerEmbedder("minilm"), clock),
                                       texts),
        "multilingual (knn, ours)": lambda: _multilingual(clock).encode(texts, detected, cache),
        "multilingual (ridge, centred)": lambda: _multilingual(clock, mapping="ridge").encode(
            texts, detected, cache),
        "knn, true languages": lambda: _multilingual(clock).encode(texts, true, cache),
    }
    vectors = {name: make() for name, make in methods.items()}
    auto = resolve_embedder("auto", len(texts), detected)
    vectors[f"auto (chooses {auto})"] = embed_texts(texts, make_embedder(auto), cache,
                                                    languages=detected)
    return vectors, auto


def scores(intent: np.ndarray, themes: np.ndarray, language: np.ndarray, main: str) -> dict:
    """Agreement with the intents, and how much the themes follow language instead.

    NMI counts unassigned requests (theme -1) as one more cluster, as `measure.agreement`
    does; the theme counts leave them out."""
    own, other = language == main, language != main
    real = np.unique(themes[themes >= 0])
    one_language = []
    for theme in real:
        counts = Counter(language[(themes == theme) & other])
        if counts and counts.most_common(1)[0][1] >= ONE_LANGUAGE_SHARE * (themes == theme).sum():
            code, count = counts.most_common(1)[0]
            one_language.append(f"{code} {count}")
    with_main = set(themes[own])
    placed = themes[other & (themes >= 0)]
    isolated = float(np.mean([t not in with_main for t in placed])) if len(placed) else 0.0
    return {"NMI all": nmi(intent, themes), f"NMI {main}": nmi(intent[own], themes[own]),
            "NMI others": nmi(intent[other], themes[other]),
            "NMI(theme, language)": nmi(language, themes),
            "themes ≥80 % one other language": (f"{len(one_language)}/{len(real)}"
                                                + (f" ({', '.join(one_language)})"
                                                   if one_language else "")),
            "others in how many themes": _n_themes(themes[other]),
            "others in themes without main": f"{isolated:.0%}"}


def _n_themes(themes: np.ndarray) -> int:
    return int(len(set(themes[themes >= 0].tolist())))


def per_language(intent, themes, language, design: CorpusDesign) -> dict:
    """Per language: NMI against the intents over its requests (the themes they sit in)."""
    row = {}
    for code in design.languages:
        rows = language == code
        row[f"{code} ({rows.sum()})"] = (f"{nmi(intent[rows], themes[rows]):.2f} "
                                          f"({_n_themes(themes[rows])})")
    return row


def detection_row(design: CorpusDesign, language, detected) -> dict:
    """What the analyzer's detector called each true language (its top two answers)."""
    row = {}
    for code in design.languages:
        found = Counter(d for d, t in zip(detected, language) if t == code)
        total = sum(found.values())
        row[code] = ", ".join(f"{d} {n / total:.0%}" for d, n in found.most_common(2))
    return row


def measure(design: CorpusDesign, data, cache, clock: dict, seed: int) -> dict:
    from analyzer.pipelines.clean.language import detect_languages
    from analyzer.pipelines.embed import language_mix

    corpus = build_corpus(data, design, seed)
    texts = corpus["text"].tolist()
    language, intent = corpus["language"].to_numpy(), corpus["intent"].to_numpy()
    detected = detect_languages(texts)
    k = len(set(intent))
    vectors, auto = vectors_for(texts, detected, list(language), cache, clock)
    rows, languages = [], []
    for name, X in vectors.items():
        themes = _themes(texts, X, k, seed=42)
        rows.append({"vectors": name, **scores(intent, themes, language, design.majority)})
        languages.append({"vectors": name, **per_language(intent, themes, language, design)})
    counts = Counter(language)
    return {"design": design, "seed": seed, "n": len(texts), "k": k, "auto": auto,
            "mix": ", ".join(f"{c} {counts[c]}" for c in design.languages),
            "detected main": language_mix(detected)[0],
            "rows": rows, "languages": languages,
            "detection": detection_row(design, language, detected)}


def _report(results: list[dict], primary: int, wall: float, clock: dict, peak,
            command: str) -> str:
    text = ["# Multilingual embedder on a public labelled set (xSID)", "",
            f"Command: `{command}` ({wall:.0f} s wall, {multiprocessing.cpu_count()} cores, "
            f"load average at the end {os.getloadavg()[0]:.1f}).",
            f"Data: xSID {XSID_VERSION} (github.com/mainlp/xsid, commit {XSID_COMMIT[:12]}, "
            "CC BY-SA 4.0), test + validation requests, read from a local copy "
            "(not in this repository).",
            "Ward (`fit_themes`), themes = number of intents present, clustering seed 42; "
            "'others' = requests not in the corpus's majority language (by their true "
            "language); NMI(theme, language) uses true languages (0 = language-blind).", ""]
    for result in results:
        if result["seed"] != primary:
            continue
        design = result["design"]
        text += [f"## {design.name} (corpus seed {primary}): {result['n']} requests, "
                 f"{result['k']} intents", "",
                 f"Mix: {result['mix']}. Detected main language: {result['detected main']}; "
                 f"auto chooses {result['auto']}.", "", _table(result["rows"]), "",
                 "Per language: NMI against the intents (number of themes its requests sit "
                 "in).", "", _table(result["languages"]), "",
                 "What the analyzer's detector called each language:", "",
                 _table([result["detection"]]), ""]
    seeds = sorted({r["seed"] for r in results})
    if len(seeds) > 1:
        text += [f"## Over corpus seeds {', '.join(map(str, seeds))} (mean ± sd)", "",
                 _table(_over_seeds(results)), ""]
    read = [{"model": name, "texts encoded this run": n,
             "docs/second": round(n / s, 1) if s else "—"} for name, (n, s) in clock.items()]
    text += ["## Cost", "", _table(read) if read else "Every vector came from the cache.", "",
             f"Peak RSS of the whole run {peak.mb:.0f} MB (sampled; {peak.baseline_mb:.0f} MB "
             "before the models loaded). Texts already in the cache are not encoded again, so "
             "a rerun's time is clustering and cache reads.", ""]
    return "\n".join(text)


def _over_seeds(results: list[dict]) -> list[dict]:
    table = []
    for design in DESIGNS:
        runs = [r for r in results if r["design"] == design]
        for name in [row["vectors"] for row in runs[0]["rows"]]:
            picked = [next(row for row in r["rows"] if row["vectors"] == name) for r in runs]
            cell = {"corpus": design.name, "vectors": name.split(" (chooses")[0]}
            for column in ("NMI all", f"NMI {design.majority}", "NMI others",
                           "NMI(theme, language)"):
                values = [row[column] for row in picked]
                cell[column.replace(f"NMI {design.majority}", "NMI main")] = \
                    f"{np.mean(values):.3f} ± {np.std(values):.3f}"
            table.append(cell)
    return table


def main(argv: list[str] | None = None) -> int:
    from analyzer.pipelines.embed import EmbeddingCache, cache_file
    from benchmarks.measure import PeakRSS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None,
                        help="folder of xSID 0.7's .conll files (default $XSID_DIR, else "
                             "~/.cache/xsid/xSID-0.7)")
    parser.add_argument("--cache", type=Path, default=cache_file(),
                        help="embedding cache file (a new path measures a first run)")
    parser.add_argument("--seeds", default="42",
                        help="corpus seeds, comma-separated; the first is reported in full")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    try:
        folder = xsid_dir(args.data)
    except DatasetMissing as missing:
        print(f"skipped: {missing}")
        return 0
    languages = tuple(dict.fromkeys(code for d in DESIGNS for code in d.languages))
    data = load_xsid(languages, folder)
    cache = EmbeddingCache(args.cache)
    clock: dict = {}
    began = time.perf_counter()
    results = []
    with PeakRSS() as peak:
        for seed in seeds:
            for design in DESIGNS:
                result = measure(design, data, cache, clock, seed)
                results.append(result)
                print(f"{design.name}, seed {seed}:\n{_table(result['rows'])}", flush=True)
    command = " ".join([".venv/bin/python -m benchmarks.multilingual_public",
                        *([f"--seeds {args.seeds}"] if args.seeds != "42" else []),
                        *([f"--cache {args.cache}"] if args.cache != cache_file() else [])])
    report = _report(results, seeds[0], time.perf_counter() - began, clock, peak, command)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "multilingual_public.md").write_text(report, encoding="utf-8")
    print(f"wrote {args.out / 'multilingual_public.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
