"""One synthetic corpus through `FeedbackAnalyzer` on one process and on a Dask LocalCluster.

    python -m benchmarks.dask_scale --n 10000 --embedder minilm --workers 2

The same corpus as `benchmarks.scale` runs twice in this process, first without a cluster,
then with `scheduler=` a `LocalCluster` of `--workers` single-threaded worker processes
started here. Printed as one JSON line: each run's seconds and whether the two produced the
same theme per comment; the peak memory of this process after the first run and after both
(the client's own peak is at most the latter), and of each worker,
and, from the scheduler's task stream, every stage's partitions (count, summed compute
seconds, the slowest one, the span it took). `projected_seconds` divides that measured
compute over 1, 2, 4, 8 and 16 workers, keeping the client's own time (what ran between the
stages) and never going below a stage's slowest partition: an estimate from measured
per-partition cost, not a run on N machines. Transfers are inside the span, not the compute.

The first partition each worker computes includes loading its models (spaCy, ONNX MiniLM),
a one-off per worker process that a long run amortises.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

import numpy as np

from benchmarks.scale import synthetic_corpus

PROJECT_OVER = (1, 2, 4, 8, 16)


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss would report a spawned
    worker's parent's peak, which Linux carries over fork and exec)."""
    from benchmarks.measure import hwm_mb

    return hwm_mb() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_costs(stream: list[dict]) -> dict[str, dict]:
    """Per task-key prefix: partitions, summed and slowest compute seconds, and span."""
    from dask.utils import key_split

    stages: dict[str, dict] = {}
    for task in stream:
        name = key_split(task["key"])
        computed = [part for part in task["startstops"] if part["action"] == "compute"]
        if not computed or str(task["key"]).endswith("-function"):
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
    return stages


def projected(total: float, stages: dict[str, dict]) -> dict[int, float]:
    """End-to-end seconds over N workers, from the measured per-partition costs."""
    client_only = total - sum(entry["span_seconds"] for entry in stages.values())
    return {n: client_only + sum(max(entry["compute_seconds"] / n, entry["slowest_seconds"])
                                 for entry in stages.values())
            for n in PROJECT_OVER}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    from distributed import Client, LocalCluster, get_task_stream

    from benchmarks.ours import fit_ours_end_to_end, warm_up

    np.seterr(all="ignore")
    warm_up(args.embedder, True)
    dataset = synthetic_corpus(args.n)
    start = time.perf_counter()
    here = fit_ours_end_to_end(dataset, args.embedder)
    here_seconds = time.perf_counter() - start
    here_peak = _peak_mb()
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        with get_task_stream(client) as recorded:
            start = time.perf_counter()
            there = fit_ours_end_to_end(dataset, args.embedder,
                                        scheduler=cluster.scheduler_address)
            there_seconds = time.perf_counter() - start
        stream = recorded.data
        worker_peaks = client.run(_peak_mb)
    stages = stage_costs(stream)
    print(json.dumps({
        "n": args.n, "embedder": args.embedder, "workers": args.workers,
        "one_process_seconds": round(here_seconds, 1),
        "one_process_peak_mb": round(here_peak),
        "cluster_seconds": round(there_seconds, 1),
        "this_process_peak_mb_after_both": round(_peak_mb()),
        "worker_peak_mb": sorted(round(mb) for mb in worker_peaks.values()),
        "same_themes": bool(np.array_equal(here.themes, there.themes)),
        "stages": {name: {key: round(value, 2) if isinstance(value, float) else value
                          for key, value in entry.items()} for name, entry in stages.items()},
        "projected_seconds": {n: round(seconds, 1)
                              for n, seconds in projected(there_seconds, stages).items()},
    }))


if __name__ == "__main__":
    main()
