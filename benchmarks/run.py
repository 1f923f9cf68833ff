"""`python -m benchmarks.run`: our pipeline against plain BERTopic, in one process, one table.

    python -m benchmarks.run                      # everything (scale: 10k and 100k)
    python -m benchmarks.run --quick              # CLINC150 + sample + 10k scale, no alternatives
    python -m benchmarks.run --datasets scale --scale 1000000 --scale-names skip

MiniLM vectors are cached per dataset in `.cache/bench/` (gitignored); a rerun reuses them and
reports the encoding speed recorded when they were made (marked `*`). `--fresh` re-encodes.
Results: the printed table, and `benchmarks/results/results.csv` and `results.md`.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks import alternatives
from benchmarks.datasets import LOADERS, DatasetMissing, LabelledSet
from benchmarks.measure import PeakRSS, Stages, agreement, process_maxrss_mb, theme_summary
from benchmarks.report import LEGEND, PLAIN, Row, add_ratios, as_text, machine, table, write_results
from benchmarks.vectors import cached_encode

RESULTS = Path(__file__).resolve().parent / "results"
ALL_DATASETS = ("clinc150", "banking77", "sample", "polis", "scale")
PLAIN_SCALE_MAX = 10_000
"""Plain BERTopic runs on synthetic corpora up to this size (MiniLM encodes ~120/s here)."""
NAMES_MAX = 1_000_000
"""Above this size `--scale-names both` runs only the variant without name recognition."""
QUALITY_MARGIN = 0.02
"""The default is the fastest configuration within this much NMI of the best (issue 8)."""


@dataclass
class Context:
    args: argparse.Namespace
    rows: list
    notes: list
    minilm: object = None
    static_ok: bool = False
    minilm_model: object = None


def _label_name(dataset: LabelledSet, column: str) -> str:
    return f"{column} ({dataset.n_labels(column)})"


def _score(dataset: LabelledSet, themes: np.ndarray, column: str) -> tuple[float, float]:
    mask = dataset._mask().to_numpy()
    return agreement(themes[mask], dataset.frame[column].to_numpy()[mask])


def _row(ctx: Context, dataset: LabelledSet, column: str | None, method: str,
         themes: np.ndarray, stages: Stages, peak: PeakRSS, **extra) -> Row:
    mask = dataset._mask().to_numpy()
    n_themes, unassigned = theme_summary(themes[mask])
    nmi = ari = None
    if column:
        nmi, ari = _score(dataset, themes, column)
    row = Row(dataset.name, _label_name(dataset, column) if column else "", method, len(themes),
              dict(stages.seconds), peak.mb, n_themes, unassigned, nmi, ari, **extra)
    ctx.rows.append(row)
    print(f"  {row.dataset:<24} {row.scored_against:<16} {row.method:<34} "
          f"{row.e2e_seconds:7.1f}s  themes={row.themes:<4} "
          f"NMI={'–' if nmi is None else f'{nmi:.3f}'}", flush=True)
    return row


def _default_k(n: int) -> int:
    from analyzer.pipelines.cluster import choose_theme_count
    return choose_theme_count(n)


def run_labelled(ctx: Context, dataset: LabelledSet, plans: list[tuple[str | None, int | None]]):
    """Plain BERTopic, ours on the same vectors, ours end to end, and the alternatives.

    `plans`: (label column to score against, theme count for ours; None = our default).
    """
    from benchmarks.ours import fit_ours_end_to_end, fit_ours_on_vectors
    from benchmarks.plain import fit_plain, reduce_plain

    args = ctx.args
    full = dataset
    usable = dataset.frame["text"].str.strip() != ""
    if not usable.all():  # plain BERTopic and the vector runs get the non-empty texts only
        dataset = LabelledSet(dataset.name, dataset.frame[usable].reset_index(drop=True),
                              dataset.label_columns, dataset.group_columns,
                              None if dataset.scored_mask is None
                              else dataset.scored_mask[usable].reset_index(drop=True))
    texts = dataset.texts
    vectors = cached_encode(dataset.name, texts, ctx.minilm, fresh=args.fresh)
    X = vectors.embeddings
    groups = dataset.frame[dataset.group_columns[0]].tolist() if dataset.group_columns else None

    with PeakRSS() as peak:
        plain = fit_plain(texts, X, ctx.minilm_model, vectors.seconds, groups=groups)
    for column, _ in plans:
        _row(ctx, dataset, column, PLAIN, plain.topics, plain.stages, peak,
             embed_recorded=vectors.recorded)

    for column, k in plans:
        k_ours = k or _default_k(len(texts))
        tag = f"k={k_ours}" + ("" if k else " default")
        with PeakRSS() as peak:
            ours = fit_ours_on_vectors(texts, X, k_ours, vectors.seconds)
        _row(ctx, dataset, column, f"ours Ward, MiniLM vecs ({tag})", ours.themes, ours.stages,
             peak, embed_recorded=vectors.recorded, partial=True,
             note="no intake/cleaning; labelling = c-TF-IDF keywords + phrase labels")
        for embedder in args.e2e_embedders:
            if embedder == "static" and not ctx.static_ok:
                continue
            if embedder == "minilm" and len(full) > args.e2e_minilm_max:
                continue
            with PeakRSS() as peak:
                e2e = fit_ours_end_to_end(full, embedder, n_themes=k)
            e2e_tag = f"{e2e.detail['clustering'].split()[0]}, k={e2e.detail['themes_requested']}" \
                + ("" if k else " default")
            _row(ctx, full, column, f"ours e2e {embedder} ({e2e_tag})", e2e.themes, e2e.stages,
                 peak, note=f"fitted on {e2e.detail['n_fitted']} of {e2e.detail['distinct']} "
                            f"distinct texts")

    # reduce_topics works in place and only merges: largest k first.
    reductions = sorted(((c, k or _default_k(len(texts))) for c, k in plans if c),
                        key=lambda plan: -plan[1])
    for column, k_ours in reductions:
        if k_ours < len(set(plain.topics) - {-1}):
            with PeakRSS() as peak:
                topics, seconds = reduce_plain(plain, texts, k_ours)
            stages = Stages(dict(plain.stages.seconds))
            stages.add("clustering", seconds)
            _row(ctx, dataset, column, f"plain BERTopic + reduce_topics({k_ours})", topics,
                 stages, peak, embed_recorded=vectors.recorded)

    if args.alternatives and dataset.name in args.alternative_sets:
        run_alternatives(ctx, dataset, X, vectors, plans)
    if args.embedders and dataset.name in args.alternative_sets:
        run_embedders(ctx, dataset, plans)


def run_alternatives(ctx: Context, dataset: LabelledSet, X: np.ndarray, vectors, plans):
    memo: dict = {}
    for column, k in plans:
        if not column:
            continue
        k_ours = k or _default_k(len(X))
        for name, method in alternatives.ALTERNATIVES.items():
            if name == "ward":  # the "ours Ward, MiniLM vecs" row already measures it
                continue
            stages = Stages()
            stages.add("embedding", vectors.seconds)
            with PeakRSS() as peak:
                themes, reduction, clustering = method(X, k_ours, memo)
            if reduction:
                stages.add("reduction", reduction)
            stages.add("clustering", clustering)
            label = name if name != "umap-hdbscan" else \
                f"umap-hdbscan mcs={alternatives.scaled_min_cluster_size(len(X), k_ours)}"
            _row(ctx, dataset, column, f"alt {label} (k={k_ours})", np.asarray(themes), stages,
                 peak, embed_recorded=vectors.recorded, partial=True)


def run_embedders(ctx: Context, dataset: LabelledSet, plans):
    """Our clustering ('auto': k-means for TF-IDF, Ward otherwise) on tfidf and static
    vectors; MiniLM is the main 'ours Ward, MiniLM vecs' row."""
    from analyzer.pipelines.cluster import resolve_clustering
    from analyzer.pipelines.embed import make_embedder

    names = ["tfidf"] + (["static"] if ctx.static_ok else [])
    for name in names:
        embedder = make_embedder(name)
        method = resolve_clustering("auto", embedder.name)
        start = time.perf_counter()
        X = embedder.encode(dataset.texts)
        seconds = time.perf_counter() - start
        for column, k in plans:
            if not column:
                continue
            k_ours = k or _default_k(len(X))
            stages = Stages()
            stages.add("embedding", seconds)
            with PeakRSS() as peak:
                themes, _, clustering = alternatives.ours(method)(X, k_ours, {})
            stages.add("clustering", clustering)
            _row(ctx, dataset, column, f"ours {method}, {name} vecs (k={k_ours})",
                 np.asarray(themes), stages, peak, partial=True)


def run_scale(ctx: Context) -> None:
    """Each size in its own process, with the default cleaning and with name recognition off
    (the costliest cleaning step at scale), so that the lead sees both."""
    from benchmarks.scale import run_scale as run_one

    for n in ctx.args.scale:
        if n <= PLAIN_SCALE_MAX:
            run_plain_scale(ctx, n)
    embedder = ctx.args.scale_embedder
    if embedder == "static" and not ctx.static_ok:
        embedder = "tfidf"
        ctx.notes.append("Scale runs used the tfidf embedder: the static model is unavailable.")
    for n in ctx.args.scale:
        variants = ctx.args.scale_redact
        if ctx.args.scale_names == "both" and n > NAMES_MAX:
            variants = (False,)
            ctx.notes.append(
                f"synthetic-{n}: run without name recognition only, the costliest cleaning "
                "step (compare the cleaning columns of the two synthetic-100000 rows). Use "
                "--scale-names redact to run it anyway.")
        for redact_names in variants:
            variant = "" if redact_names else "no-names"
            profile = (ctx.args.results / f"profile-{n}{'-' + variant if variant else ''}.txt"
                       if ctx.args.profile else None)
            if profile:
                profile.parent.mkdir(parents=True, exist_ok=True)
            timeout = ctx.args.scale_timeout or max(900.0, 1.5 * 900 * n / 1_000_000 + 300)
            result = run_one(n, embedder, redact_names=redact_names, timeout=timeout,
                             profile_to=profile)
            name = f"synthetic-{n}"
            method = f"ours e2e {embedder}" + (", names not redacted" if variant else "")
            if "error" in result:
                ctx.notes.append(f"{name} {method}: {result['error']}")
                print(f"  {name} {method}: {result['error']}", flush=True)
                continue
            row = Row(name, f"topic ({result['n_topics_planted']})", method, n,
                      result["stages"], result["peak_rss_mb"], result["themes"],
                      result["unassigned"], result["nmi"], result["ari"],
                      note=f"{result['distinct_texts']} distinct texts, themes fitted on "
                           f"{result['n_fitted']}")
            ctx.rows.append(row)
            stages = ", ".join(f"{k} {v:.1f} s" for k, v in result["stages"].items())
            ctx.notes.append(
                f"{name}, {method}: {row.e2e_seconds:.1f} s end to end ({stages}); peak RSS "
                f"{row.peak_rss_mb:.0f} MB; {row.note}; own process, after a "
                f"{result['startup_seconds']:.1f} s warm-up (imports, model loads); "
                f"{result['process_seconds']:.0f} s wall in all, generating the corpus "
                "included.")
            print(f"  {name:<16} {method:<36} {row.e2e_seconds:7.1f}s  peak "
                  f"{row.peak_rss_mb:.0f} MB  ({stages})", flush=True)


def run_plain_scale(ctx: Context, n: int) -> None:
    """Plain BERTopic on the same synthetic corpus, for the speed ratio at that size."""
    from benchmarks.plain import fit_plain
    from benchmarks.scale import synthetic_corpus

    dataset = synthetic_corpus(n)
    vectors = cached_encode(dataset.name, dataset.texts, ctx.minilm, fresh=ctx.args.fresh)
    with PeakRSS() as peak:
        plain = fit_plain(dataset.texts, vectors.embeddings, ctx.minilm_model, vectors.seconds)
    _row(ctx, dataset, "topic", PLAIN, plain.topics, plain.stages, peak,
         embed_recorded=vectors.recorded)


def choices(rows: list[Row]):
    """Per dataset and label set: the best NMI, and the fastest configuration (embedding +
    reduction + clustering seconds) within `QUALITY_MARGIN` of it."""
    import pandas as pd

    records = []
    keys = dict.fromkeys((r.dataset, r.scored_against) for r in rows if r.nmi is not None)
    for dataset, against in keys:
        group = [r for r in rows if (r.dataset, r.scored_against) == (dataset, against)
                 and r.nmi is not None]
        best = max(group, key=lambda r: r.nmi)
        close = [r for r in group if r.nmi >= best.nmi - QUALITY_MARGIN]
        fastest = min(close, key=lambda r: r.core_seconds)
        records.append({"dataset": dataset, "scored vs": against,
                        "best NMI": f"{best.method}: {best.nmi:.3f}",
                        f"fastest within {QUALITY_MARGIN} NMI": f"{fastest.method}: "
                        f"NMI {fastest.nmi:.3f}, ARI {fastest.ari:.3f}, "
                        f"embed+reduce+cluster {fastest.core_seconds:.1f} s"})
    return pd.DataFrame(records)


def prepare(ctx: Context) -> None:
    """Load models and compile numba once, before anything is timed; note what it cost."""
    from analyzer.errors import ModelUnavailableError
    from analyzer.pipelines.embed import (
        _load_sentence_transformer,
        make_embedder,
        packaged_minilm_path,
    )
    from benchmarks.ours import warm_up
    from benchmarks.plain import warm_up_numba

    start = time.perf_counter()
    import bertopic  # noqa: F401  (import cost reported, not timed in any row)
    ctx.notes.append(f"Import of bertopic: {time.perf_counter() - start:.1f} s (not in any row).")
    ctx.minilm = make_embedder("minilm")
    start = time.perf_counter()
    ctx.minilm_model = _load_sentence_transformer(str(packaged_minilm_path()))
    ctx.notes.append(f"MiniLM model load: {time.perf_counter() - start:.1f} s (not in any row).")
    ctx.notes.append(f"numba compilation before the first UMAP fit: {warm_up_numba():.1f} s "
                     "(done once before timing; a fresh process pays it on its first run).")
    start = time.perf_counter()
    try:
        make_embedder("static").encode(["warm up"])
        ctx.static_ok = True
        ctx.notes.append(f"Static model (model2vec) load: {time.perf_counter() - start:.1f} s.")
    except ModelUnavailableError as exc:
        ctx.notes.append(f"Static embedder skipped: {exc}")
    ctx.notes.append(f"A 90-comment run through FeedbackAnalyzer to load spaCy and the rest "
                     f"once: {warm_up():.1f} s (not in any row).")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="CLINC150 and the sample only, no alternatives, scale 10,000 only")
    parser.add_argument("--datasets", default=None,
                        help=f"comma-separated, from {','.join(ALL_DATASETS)} (default: all)")
    parser.add_argument("--scale", default=None,
                        help="synthetic sizes, e.g. 10000,100000,1000000 (default 10000,100000)")
    parser.add_argument("--scale-embedder", default="static", choices=("static", "tfidf"))
    parser.add_argument("--scale-names", default="both", choices=("both", "redact", "skip"),
                        help="scale runs with spaCy name redaction (the default cleaning), "
                             "without it ('skip'), or both (default; above 100,000 comments "
                             "only without)")
    parser.add_argument("--scale-timeout", type=float, default=None,
                        help="seconds per scale run (default: 900, more for 1,000,000)")
    parser.add_argument("--fresh", action="store_true", help="re-encode the MiniLM vectors")
    parser.add_argument("--profile", action="store_true",
                        help="write cProfile top calls of each scale run to results/")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    chosen = args.datasets.split(",") if args.datasets else \
        (["clinc150", "sample", "scale"] if args.quick else list(ALL_DATASETS))
    unknown = sorted(set(chosen) - set(ALL_DATASETS))
    if unknown:
        parser.error(f"unknown datasets {unknown}; choose from {', '.join(ALL_DATASETS)}")
    args.datasets = chosen
    sizes = args.scale or ("10000" if args.quick else "10000,100000")
    try:
        args.scale = [int(s.replace("_", "")) for s in sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--scale {sizes!r} should be whole numbers separated by commas")
    args.scale_redact = {"both": (True, False), "redact": (True,), "skip": (False,)}[
        args.scale_names]
    args.alternatives = args.embedders = not args.quick
    args.alternative_sets = {"clinc150-test", "banking77"}
    args.e2e_embedders = ("static", "tfidf", "minilm")
    args.e2e_minilm_max = 2500
    """Live MiniLM end-to-end runs only on the small sets (sample, Polis): ~120 comments/s."""
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    np.seterr(all="ignore")
    started = time.perf_counter()
    info = machine()
    ctx = Context(args, [], [])
    print("Preparing models (not timed in the table)...", flush=True)
    prepare(ctx)
    plans = {
        "clinc150": [("domain", None), ("intent", 150)],
        "banking77": [("intent", 77)],
        "sample": [("planted_theme", None)],
        "polis": [(None, None)],
    }
    for name in args.datasets:
        if name == "scale":
            continue
        try:
            dataset = LOADERS[name]()
        except DatasetMissing as exc:
            ctx.notes.append(f"{name} skipped: {exc}")
            print(f"{name} skipped: {exc}", flush=True)
            continue
        plan = plans[name] if dataset.label_columns else [(None, None)]
        print(f"{dataset.name}: {len(dataset)} texts", flush=True)
        run_labelled(ctx, dataset, plan)
    if "scale" in args.datasets:
        print("scale runs (one child process each)...", flush=True)
        run_scale(ctx)

    add_ratios(ctx.rows)
    printed = table(ctx.rows)
    chosen = choices(ctx.rows)
    elapsed = time.perf_counter() - started
    info["load average at end (1/5/15 min)"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    info["benchmark wall time"] = f"{elapsed:.0f} s"
    info["process peak RSS (ru_maxrss)"] = f"{process_maxrss_mb():.0f} MB"
    ctx.notes.append("MiniLM vectors are cached per dataset in .cache/bench/*.npy (gitignored) "
                     "with the encoding time recorded; `--fresh` re-encodes them.")
    command = "python -m benchmarks.run " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    csv_path, md_path = write_results(ctx.rows, args.results, info=info, command=command.strip(),
                                      notes=ctx.notes,
                                      extra_tables={"Choice by measurement": chosen})
    print()
    print(as_text(printed))
    print()
    print(LEGEND)
    print()
    print(as_text(chosen))
    print()
    for note in ctx.notes:
        print(f"- {note}")
    print(f"\nWrote {csv_path} and {md_path} in {elapsed:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
