"""What gathering per-text results from Dask workers costs: lists as returned, or pickled.

    python -m benchmarks.dask_gather --partitions 40 --texts 5000

A `LocalCluster` of two single-threaded workers computes `--partitions` lists of `--texts`
strings each (about 290 characters, like a comment); the client then gathers them as
lists, and again as one pickled bytes object per list (what `DaskRunner.map_partitions`
returns since the cluster's cleaning was found waiting on it). One JSON line: seconds of
each gather, and the megabytes of text that travelled.
"""

from __future__ import annotations

import argparse
import json
import pickle
import time


def texts_of(partition: int, count: int, pickled: bool) -> list[str] | bytes:
    """`count` distinct comment-like strings; pickled in one piece when `pickled`."""
    texts = [f"Comment {partition}-{n} about the bus and the park near the school. " * 4
             for n in range(count)]
    return pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL) if pickled else texts


def main(argv: list[str] | None = None) -> None:
    from distributed import Client, LocalCluster, wait

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partitions", type=int, default=40)
    parser.add_argument("--texts", type=int, default=5000)
    args = parser.parse_args(argv)
    record: dict = {"partitions": args.partitions, "texts_per_partition": args.texts}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        for pickled in (False, True):
            futures = client.map(texts_of, range(args.partitions), count=args.texts,
                                 pickled=pickled, key=[f"texts-{pickled}-{n}"
                                                       for n in range(args.partitions)])
            wait(futures)
            start = time.perf_counter()
            gathered = client.gather(futures)
            lists = [pickle.loads(part) for part in gathered] if pickled else gathered
            name = "pickled_seconds" if pickled else "lists_seconds"
            record[name] = round(time.perf_counter() - start, 2)
            record["megabytes"] = round(sum(map(len, (t for part in lists for t in part))) / 1e6)
            del futures, gathered, lists
    print(json.dumps(record))


if __name__ == "__main__":
    main()
