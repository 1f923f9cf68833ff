"""Synthetic comments in partitioned files through `analyze` on one process and on a Dask cluster.

    python -m benchmarks.dask_scale --rows 50000 --rows-per-file 10000 --workers 2
    python -m benchmarks.dask_scale --rows 1000000 --rows-per-file 50000 --format mixed \\
        --workers 8 --data /big/disk/synthetic-1m          # the issue's sizes, on a real box

The corpus of `benchmarks.scale` (`--rows` comments, planted topics, a role column) is written
once as files of `--rows-per-file` rows under `--data` (CSV, Parquet, or `mixed`: every
other file Parquet), then analysed in a fresh child process per path, each reading the files
by pattern (`part-*.csv`, `part-*.parquet`) as `analyze` does: `here`, the single-machine
path; `cluster`, a `LocalCluster` of `--workers` single-threaded worker processes, on which
the files are read one task per file, the per-comment stages run and the groups table is
counted. A child prints one JSON line; the parent prints them merged:

- seconds per path, and per stage (intake, then the analyzer's progress stages);
- peak memory (VmHWM) of each process: the one-process child; the cluster's client and
  each worker, each measured in its own process; and the one-process child's or the
  client's peak as it stood at the end of each stage (the stage that raised it set it);
- whether both paths wrote the same `assignments.csv` and `groups.csv` (SHA-256 of the
  files `write_outputs` wrote);
- from the scheduler's task stream, per stage (task-key prefix): partitions, summed and
  slowest compute seconds, mean seconds per partition, and the span; `projected_seconds`
  divides that measured compute over 1..16 workers, keeping the client's own time and
  never going below a stage's slowest partition: an estimate from measured per-partition
  cost, not a run on N machines. Transfers are inside the span, not the compute.

The first partition each worker computes includes loading its models (spaCy, ONNX MiniLM),
a one-off per worker process that a long run amortises. `--only here|cluster` runs one path
in this process (what the parent runs in each child), and keeps its line in
`DATA/run-PATH.json`, which outlives a parent cut short.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PROJECT_OVER = (1, 2, 4, 8, 16)
PATHS = ("here", "cluster")


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss would report a spawned
    worker's parent's peak, which Linux carries over fork and exec)."""
    import resource

    from benchmarks.measure import hwm_mb

    return hwm_mb() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_costs(stream: list[dict]) -> dict[str, dict]:
    """Per task-key prefix: partitions, summed, slowest and mean compute seconds, and span."""
    from dask.utils import key_split

    stages: dict[str, dict] = {}
    for task in stream:
        name = key_split(task["key"])
        computed = [part for part in task["startstops"] if part["action"] == "compute"]
        if not computed or "-function" in str(task["key"]):  # the function and its copies
            continue
        seconds = sum(part["stop"] - part["start"] for part in computed)
        entry = stages.setdefault(name, {"partitions": 0, "compute_seconds": 0.0,
                                         "slowest_seconds": 0.0, "first": np.inf,
                                         "last": -np.inf})
        entry["partitions"] += 1
        entry["compute_seconds"] += seconds
        entry["slowest_seconds"] = max(entry["slowest_seconds"], seconds)
        entry["first"] = min(entry["first"], min(part["start"] for part in computed))
        entry["last"] = max(entry["last"], max(part["stop"] for part in computed))
    for entry in stages.values():
        entry["span_seconds"] = entry.pop("last") - entry.pop("first")
        entry["seconds_per_partition"] = entry["compute_seconds"] / entry["partitions"]
    return stages


def projected(total: float, stages: dict[str, dict]) -> dict[int, float]:
    """End-to-end seconds over N workers, from the measured per-partition costs."""
    client_only = total - sum(entry["span_seconds"] for entry in stages.values())
    return {n: client_only + sum(max(entry["compute_seconds"] / n, entry["slowest_seconds"])
                                 for entry in stages.values())
            for n in PROJECT_OVER}


def write_partitions(rows: int, rows_per_file: int, kind: str, folder: Path) -> list[str]:
    """The synthetic corpus as files of `rows_per_file` rows; the patterns that name them."""
    from benchmarks.scale import synthetic_corpus

    folder.mkdir(parents=True, exist_ok=True)
    frame = synthetic_corpus(rows).frame[["id", "text", "role"]]
    for number, start in enumerate(range(0, rows, rows_per_file)):
        part = frame.iloc[start:start + rows_per_file]
        if kind == "parquet" or (kind == "mixed" and number % 2):
            part.to_parquet(folder / f"part-{number:05d}.parquet", index=False)
        else:
            part.to_csv(folder / f"part-{number:05d}.csv", index=False)
    return [str(folder / f"part-*.{suffix}") for suffix in ("csv", "parquet")
            if any(folder.glob(f"part-*.{suffix}"))]


def run_path(path: str, patterns: list[str], embedder: str, workers: int,
             redact_names: bool, out: Path) -> dict:
    """One analysis of the files named by `patterns`, as `analyze` runs it, timed."""
    from analyzer.config import AnalysisConfig, CleaningConfig
    from analyzer.core import FeedbackAnalyzer
    from analyzer.pipelines.ingest import ColumnRoles, read_inputs
    from analyzer.pipelines.write import write_outputs
    from benchmarks.ours import warm_up

    np.seterr(all="ignore")
    warm_up(embedder, redact_names)
    config = AnalysisConfig(embedder=embedder, seed=42,
                            cleaning=CleaningConfig(redact_names=redact_names))
    roles = ColumnRoles(text=("text",), groups=("role",), id="id")
    seconds: dict[str, float] = {}
    peak_by_end: dict[str, int] = {}  # the stage whose end raised it set the peak
    clock = {"stage": "intake", "start": time.perf_counter()}

    def progress(stage: str, fraction: float) -> None:
        now = time.perf_counter()
        seconds[clock["stage"]] = round(now - clock["start"], 1)
        peak_by_end[clock["stage"]] = round(_peak_mb())
        clock["stage"], clock["start"] = stage, now

    record: dict = {"path": path}
    start = time.perf_counter()
    if path == "here":
        corpus = read_inputs(patterns, roles)
        progress("Cleaning", 0.0)
        result = FeedbackAnalyzer(config, use_cache=False).fit(corpus, progress=progress)
    else:
        from distributed import Client, LocalCluster, get_task_stream

        from analyzer.pipelines.dask_runner import on_cluster

        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            start = time.perf_counter()
            clock["start"] = start
            with get_task_stream(client) as recorded, on_cluster(cluster.scheduler_address):
                corpus = read_inputs(patterns, roles)
                progress("Cleaning", 0.0)
                result = FeedbackAnalyzer(config, use_cache=False,
                                          scheduler=cluster.scheduler_address).fit(
                                              corpus, progress=progress)
            total = time.perf_counter() - start
            record["worker_peak_mb"] = sorted(round(mb) for mb in client.run(_peak_mb).values())
        stages = stage_costs(recorded.data)
        record["tasks"] = {name: {key: round(value, 2) if isinstance(value, float) else value
                                  for key, value in entry.items()}
                           for name, entry in stages.items()}
        record["projected_seconds"] = {n: round(value, 1)
                                       for n, value in projected(total, stages).items()}
    record["seconds"] = round(time.perf_counter() - start, 1)
    record["stage_seconds"] = seconds
    record["peak_mb"] = round(_peak_mb())
    record["peak_mb_by_end_of"] = peak_by_end
    write_outputs(result, out)
    record["sha256"] = {name: hashlib.sha256((out / name).read_bytes()).hexdigest()[:16]
                        for name in ("assignments.csv", "groups.csv")}
    record["comments"] = result.method["comments"]
    record["files"] = len(result.method["inputs"])
    return record


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", "--n", dest="rows", type=int, required=True)
    parser.add_argument("--rows-per-file", type=int, default=10_000)
    parser.add_argument("--format", choices=("csv", "parquet", "mixed"), default="mixed")
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-names", action="store_true",
                        help="leave spaCy's name redaction out (patterns still redact)")
    parser.add_argument("--data", type=Path,
                        help="folder for the partition files (kept; default: a temporary one)")
    parser.add_argument("--paths", default="here,cluster",
                        help="which paths to run, each in its own process: here, cluster")
    parser.add_argument("--only", choices=PATHS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.only:
        patterns = [str(args.data / f"part-*.{s}") for s in ("csv", "parquet")
                    if any(args.data.glob(f"part-*.{s}"))]
        record = json.dumps(run_path(args.only, patterns, args.embedder, args.workers,
                                     not args.no_names, args.data / f"out-{args.only}"))
        (args.data / f"run-{args.only}.json").write_text(record + "\n")  # kept if cut short
        print(record)
        return
    with tempfile.TemporaryDirectory() as scratch:
        data = args.data or Path(scratch) / "data"
        start = time.perf_counter()
        patterns = write_partitions(args.rows, args.rows_per_file, args.format, data)
        written = round(time.perf_counter() - start, 1)
        runs = {}
        for path in args.paths.split(","):
            command = [sys.executable, "-m", "benchmarks.dask_scale", "--only", path,
                       "--rows", str(args.rows), "--data", str(data), "--embedder",
                       args.embedder, "--workers", str(args.workers),
                       *(["--no-names"] if args.no_names else [])]
            child = subprocess.run(command, capture_output=True, text=True, check=False,
                                   env={**os.environ, "HF_HUB_OFFLINE": "1"})
            if child.returncode:
                sys.exit(f"{path} failed:\n{child.stderr[-4000:]}")
            runs[path] = json.loads(child.stdout.strip().splitlines()[-1])
    same = {name: len({run["sha256"][name] for run in runs.values()}) == 1
            for name in ("assignments.csv", "groups.csv")} if len(runs) > 1 else None
    print(json.dumps({"rows": args.rows, "rows_per_file": args.rows_per_file,
                      "format": args.format, "patterns": [Path(p).name for p in patterns],
                      "embedder": args.embedder, "workers": args.workers,
                      "names_redacted": not args.no_names, "writing_files_seconds": written,
                      "same_outputs": same, "runs": runs}))


if __name__ == "__main__":
    main()
