"""First-run profile: what a user waits for on their first analysis, stage by stage.

`python -m benchmarks.first_run --sizes 2000,10000 [--out benchmarks/results/first_run.md]`

For each size N the comments are N banking77 messages (a seeded draw: the files are sorted
by intent, so the first N rows would hold only a few intents), scored against their intents;
beyond banking77's 13,083 messages, the synthetic corpus of `benchmarks.scale`, scored
against its planted topic. Every comment also gets a `channel` group, assigned round-robin,
so that the group comparison has work to do as in a survey with one group column.

First, `python -m analyzer prepare` builds the models (ONNX graphs, the static model) into a
new folder, as `make setup` does at install time; its seconds are reported on their own.
Then six runs per size, each in its own child process (so each peak memory is its own):

1. `ours, first run`: default settings (embedder "auto", name redaction on) with an EMPTY
   vector cache (`$ANALYZER_CACHE_DIR` a new folder, so every vector is computed) and the
   prepared models (`$ANALYZER_MODELS_DIR`): a user's first analysis after `make setup`;
2. `ours, nothing prepared`: as 1 with an empty models folder as well, so the run also builds
   every model it reads: a first analysis where `prepare` never ran;
3. `ours, rerun`: run 1's vector cache again: its vectors are cached;
4. `ours, no names`: as 1 (new empty cache) with `CleaningConfig(redact_names=False)`;
5. `ours, fp32 MiniLM on every comment`: as 1 with the settings that were the default before
   int8 weights and estimated vectors (embedder "minilm", `estimate_beyond_sample=False`),
   so that the NMI of today's default can be compared with it in the same run;
6. `plain BERTopic`: `benchmarks.plain` on the same texts, its MiniLM vectors computed by
   sentence-transformers inside the timed run (model load included).

Before timing, each child imports its libraries and fits a 90-comment warm-up that does not
touch the embedder being measured (TF-IDF for ours, numba's UMAP compilation for plain); its
seconds are the `startup` column, apart from end to end, which runs from reading the CSV to
the last output file (ours) or the group table (plain).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.datasets import ROOT, LabelledSet, load_banking77

RUNS = ("first", "unprepared", "rerun", "no-names", "every-comment", "plain")
RUN_TITLES = {"first": "ours, first run (empty cache)",
              "unprepared": "ours, nothing prepared (empty cache, no models)",
              "rerun": "ours, rerun (cached)",
              "no-names": "ours, no names (empty cache)",
              "every-comment": "ours, fp32 MiniLM on every comment (the earlier default, "
                               "empty cache)",
              "plain": "plain BERTopic"}
STAGE_COLUMNS = ("intake", "cleaning", "embedding", "reduction", "clustering", "labelling",
                 "groups", "writing")
CHANNELS = ("web", "email", "paper")
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "first_run.md"


def corpus(n: int) -> tuple[LabelledSet, str]:
    """`n` short comments with a `channel` group, and the label column to score against."""
    from benchmarks.scale import synthetic_corpus

    try:
        real = load_banking77()
    except FileNotFoundError:
        real = None
    if real is not None and n <= len(real):
        frame, label = real.frame.sample(n=n, random_state=0).reset_index(drop=True), "intent"
        name = f"banking77-{n}"
    else:
        synthetic = synthetic_corpus(n)
        frame, label, name = synthetic.frame.drop(columns="role"), "topic", synthetic.name
    frame = frame.assign(channel=[CHANNELS[i % len(CHANNELS)] for i in range(n)])
    return LabelledSet(name, frame, (label,), ("channel",)), label


def _run_ours(dataset: LabelledSet, run: str) -> dict:
    from benchmarks.ours import fit_ours_end_to_end, warm_up

    startup = warm_up("tfidf", redact_names=run != "no-names")
    start = time.perf_counter()
    earlier = run == "every-comment"
    fit = fit_ours_end_to_end(dataset, "minilm" if earlier else "auto",
                              redact_names=run != "no-names", use_cache=True, write=True,
                              estimate_beyond_sample=not earlier)
    return {"startup": startup, "e2e": time.perf_counter() - start,
            "stages": fit.stages.seconds, "themes": fit.themes, "detail": fit.detail}


def _run_plain(dataset: LabelledSet) -> dict:
    from analyzer.pipelines.embed import _load_sentence_transformer, packaged_minilm_path
    from benchmarks.plain import fit_plain, warm_up_numba

    start = time.perf_counter()
    import bertopic  # noqa: F401  (its import is startup, as ours' imports are)

    startup = time.perf_counter() - start + warm_up_numba()
    texts = dataset.texts
    start = time.perf_counter()
    model = _load_sentence_transformer(str(packaged_minilm_path()))
    X = model.encode(texts, batch_size=64, show_progress_bar=False, convert_to_numpy=True,
                     normalize_embeddings=True)
    embed_seconds = time.perf_counter() - start
    fit = fit_plain(texts, X, model, embed_seconds, groups=dataset.frame["channel"].tolist())
    return {"startup": startup, "e2e": time.perf_counter() - start,
            "stages": fit.stages.seconds, "themes": fit.topics, "detail": {}}


def run_child(n: int, run: str) -> dict:
    """One measurement in this process (the child side); `$ANALYZER_CACHE_DIR` and
    `$ANALYZER_MODELS_DIR` are set by the parent."""
    from benchmarks.measure import PeakRSS, agreement, hwm_mb, theme_summary

    np.seterr(all="ignore")
    dataset, label = corpus(n)
    with PeakRSS() as peak:
        measured = _run_plain(dataset) if run == "plain" else _run_ours(dataset, run)
    nmi, _ = agreement(measured["themes"], dataset.frame[label].to_numpy())
    n_themes, unassigned = theme_summary(measured["themes"])
    return {"n": n, "run": run, "dataset": dataset.name, "startup": measured["startup"],
            "stages": measured["stages"], "e2e": measured["e2e"],
            "peak_mb": max(peak.mb, hwm_mb() or 0.0), "nmi": nmi, "themes": n_themes,
            "unassigned": unassigned, "detail": measured["detail"]}


def prepare_models_in_child(models_dir: Path, timeout: float) -> float:
    """`python -m analyzer prepare` into `models_dir` in a fresh process, as `make setup`
    runs it; its seconds, imports included."""
    from analyzer.pipelines.embed import MODELS_DIR_VARIABLE

    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analyzer", "prepare"], cwd=ROOT, check=True,
                   env={**os.environ, MODELS_DIR_VARIABLE: str(models_dir)},
                   capture_output=True, timeout=timeout)
    return time.perf_counter() - start


def run_in_child(n: int, run: str, cache_dir: Path, models_dir: Path, timeout: float) -> dict:
    """`run_child` in a fresh process with `$ANALYZER_CACHE_DIR=cache_dir` and
    `$ANALYZER_MODELS_DIR=models_dir`; an `error` entry when it fails or times out."""
    from analyzer.pipelines.embed import CACHE_DIR_VARIABLE, MODELS_DIR_VARIABLE

    command = [sys.executable, "-m", "benchmarks.first_run", "--child", run, "--sizes", str(n)]
    env = {**os.environ, CACHE_DIR_VARIABLE: str(cache_dir),
           MODELS_DIR_VARIABLE: str(models_dir)}
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"n": n, "run": run, "error": f"timed out after {timeout:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"n": n, "run": run, "error": " | ".join(tail) or f"exit {done.returncode}"}
    return json.loads(lines[-1])


def profile(n: int, timeout: float, runs: list[str], models_dir: Path) -> list[dict]:
    """The `runs` of one size, in the order of `RUNS`, each with a new cache folder (the rerun
    reuses the first run's) and the models in `models_dir`, except the unprepared run, which
    gets an empty models folder of its own; the new folders are removed afterwards."""
    runs = [run for run in RUNS if run in runs]
    caches = {run: Path(tempfile.mkdtemp(prefix=f"first-run-{run}-"))
              for run in runs if run != "rerun"}
    if "rerun" in runs:
        caches["rerun"] = caches["first"]
    no_models = Path(tempfile.mkdtemp(prefix="first-run-no-models-"))
    try:
        results = []
        for run in runs:
            models = no_models if run == "unprepared" else models_dir
            results.append(run_in_child(n, run, caches[run], models, timeout))
            print(_progress_line(results[-1]), file=sys.stderr)
        return results
    finally:
        for folder in {*caches.values(), no_models}:
            shutil.rmtree(folder, ignore_errors=True)


def _progress_line(result: dict) -> str:
    if "error" in result:
        return f"{result['n']:>7,} {result['run']:<13} error: {result['error']}"
    return (f"{result['n']:>7,} {result['run']:<13} {result['e2e']:7.1f} s  "
            f"NMI {result['nmi']:.3f}  peak {result['peak_mb']:,.0f} MB")


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def typical_runs(results: list[dict]) -> list[dict]:
    """One result per (size, run), in first-seen order: of its repeats, the one with the
    median end to end (the lower middle of an even count), with `spread`, the lowest and
    highest end to end of all of them. A failed repeat is reported instead, as an error."""
    grouped: dict[tuple[int, str], list[dict]] = {}
    for result in results:
        grouped.setdefault((result["n"], result["run"]), []).append(result)
    typical = []
    for repeats in grouped.values():
        failed = [r for r in repeats if "error" in r]
        if failed:
            typical.append(failed[0])
            continue
        ordered = sorted(repeats, key=lambda r: r["e2e"])
        seconds = [r["e2e"] for r in ordered]
        typical.append({**ordered[(len(ordered) - 1) // 2], "repeats": len(ordered),
                        "spread": (seconds[0], seconds[-1])})
    return typical


def markdown_table(results: list[dict]) -> str:
    """One row per size and run (`typical_runs`); speed-up is plain BERTopic's end to end over
    the row's, at the same size."""
    results = typical_runs(results)
    plain_e2e = {r["n"]: r["e2e"] for r in results if r["run"] == "plain" and "error" not in r}
    header = ["comments", "run", *STAGE_COLUMNS, "end to end s", "spread s", "docs/s",
              "startup s", "peak MB", "NMI", "speed-up vs plain"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in results:
        title = RUN_TITLES.get(r["run"], r["run"])
        if "error" in r:
            cells = [f"{r['n']:,}", title, f"error: {r['error']}"]
            cells += [""] * (len(header) - len(cells))
        else:
            stages = r["stages"]
            speed_up = (f"{plain_e2e[r['n']] / r['e2e']:.1f}x"
                        if r["n"] in plain_e2e and r["e2e"] > 0 else "—")
            low, high = r["spread"]
            spread = f"{low:.1f}–{high:.1f} ({r['repeats']} runs)" if r["repeats"] > 1 else "—"
            cells = [f"{r['n']:,}", title, *(_seconds(stages.get(s)) for s in STAGE_COLUMNS),
                     f"{r['e2e']:.1f}", spread,
                     f"{r['n'] / r['e2e']:,.0f}" if r["e2e"] > 0 else "—",
                     f"{r['startup']:.1f}", f"{r['peak_mb']:,.0f}", f"{r['nmi']:.3f}", speed_up]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def report(results: list[dict], command: str, prepare_seconds: float | None = None) -> str:
    """The results file: how it was run, which rows are first runs, then the table."""
    datasets = sorted({r["dataset"] for r in results if "dataset" in r})
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        "# First-run profile\n\n"
        f"`{command}` on {os.cpu_count()} cores (load average {load:.1f} at the end); "
        f"corpora: {', '.join(datasets) or '—'}.\n\n"
        "**Models**: `python -m analyzer prepare`, which `make setup` runs at install time, "
        "built the ONNX graphs and the static model into a new folder in "
        f"{_seconds(prepare_seconds)} s (imports included); every run of ours reads that "
        "folder except `ours, nothing prepared`, which starts with an empty one and builds "
        "what it reads. "
        "**First runs** (empty vector cache: `$ANALYZER_CACHE_DIR` a new folder, so every "
        "vector is paid): `ours, first run`, `ours, nothing prepared`, `ours, no names` "
        "and `ours, fp32 MiniLM on every comment`. "
        "**Rerun**: `ours, rerun`, the first run's vector cache again. "
        "`plain BERTopic` has no cache: its sentence-transformers encoding, model load "
        "included, is in every run.\n\n"
        "Stages in seconds (— where a run has no such stage; plain's UMAP is `reduction`); "
        "ours' `labelling` is everything between the analyzer's Labelling and Comparing "
        "groups progress reports (phrase labels, the theme map's PCA coordinates, the theme "
        "records) plus c-TF-IDF keywords, and `clustering` is the clusterer's fit alone. "
        "End to end runs from reading the CSV to the last output file (ours) or "
        "`topics_per_class` (plain); `startup` (imports, spaCy, numba, in a warm-up that "
        "does not touch the measured embedder) is apart. Each row is its own process; "
        "peak MB is its resident high-water mark. NMI against banking77's intents or the "
        "synthetic corpus's planted topic, unassigned counted as one more cluster.\n\n"
        + markdown_table(results))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000",
                        help="comma-separated corpus sizes (default 2000,10000)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="seconds allowed to each run's process")
    parser.add_argument("--repeats", type=int, default=1,
                        help="measure every size this many times (the table shows the median "
                             "run and the spread)")
    parser.add_argument("--runs", default=",".join(RUNS),
                        help=f"comma-separated runs to measure (default {','.join(RUNS)})")
    parser.add_argument("--child", choices=RUNS, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if args.child:
        print(json.dumps(run_child(sizes[0], args.child), default=_plain_json))
        return
    runs = [run.strip() for run in args.runs.split(",") if run.strip()]
    unknown = sorted(set(runs) - set(RUNS))
    if unknown or ("rerun" in runs and "first" not in runs):
        parser.error(f"--runs {args.runs!r}: choose from {', '.join(RUNS)} (a rerun needs "
                     "the first run)")
    models_dir = Path(tempfile.mkdtemp(prefix="first-run-models-"))
    try:
        prepare_seconds = prepare_models_in_child(models_dir, args.timeout)
        print(f"prepare {prepare_seconds:.1f} s", file=sys.stderr)
        results = [result for n in sizes for _ in range(args.repeats)
                   for result in profile(n, args.timeout, runs, models_dir)]
    finally:
        shutil.rmtree(models_dir, ignore_errors=True)
    text = report(results, "python -m benchmarks.first_run " + " ".join(argv or sys.argv[1:]),
                  prepare_seconds)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


def _plain_json(value):
    """numpy scalars in the child's JSON line (in the method card's details)."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON-serialisable")


if __name__ == "__main__":
    main()
