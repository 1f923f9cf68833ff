"""The per-comment stages on a Dask cluster: `analyze --scheduler tcp://HOST:PORT`.

A `DaskRunner` is a `Runner` (analyzer.pipelines.workers): every `map_in_chunks` of a run
(language detection, redaction, placing comments into themes, the groups table's counts)
and the embedding of texts not already cached become Dask tasks, one per partition of the
items, computed by the cluster's workers; reading the inputs is one task per file, whose
table stays on its worker (`keep`) while the client takes what it needs of it (`bring`).
What needs the whole corpus stays in the client: the words a batch writes in lower case,
campaigns and repeats, fitting the theme model on its sample, keywords, labels and the
other group tables. The function of a map (with what it holds: a language model, the theme
sample's vectors) goes to the scheduler once, as a task that returns it, and is copied to
every worker; the partitions and their results travel one by one.

`scheduler="local"` starts a `distributed.LocalCluster` of `LOCAL_WORKERS` worker processes on
this machine for the run and closes it at the end; any other value is the address of a
running scheduler (`dask scheduler`), whose workers (`dask worker tcp://HOST:PORT`) have
this package installed. Nothing here is imported until a run asks for a cluster.
"""

from __future__ import annotations

import functools
import math
import pickle
import re
import uuid
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence

import numpy as np

from analyzer.errors import ConfigError, WorkerError

LOCAL = "local"
LOCAL_WORKERS = 2
CONNECT_TIMEOUT_S = 10
"""How long to wait for a scheduler to answer before giving up with a `ConfigError`."""
RETRIES = 2
"""Times a task that raised is tried again (a task whose worker died is moved to another
worker by the scheduler, up to `distributed.scheduler.allowed-failures` times, 3 by default)."""
EMBED_PARTITION = 2_000
"""Texts per embedding task: ~15 s of MiniLM on one core, long enough to hide the transfer."""

_ADDRESS = re.compile(r"^(tcp|tls|ws|wss)://[A-Za-z0-9._\-\[\]:]+:\d{1,5}$")


def check_scheduler(scheduler: str | None) -> str | None:
    """`scheduler` when it is None, 'local' or a scheduler address; else a `ConfigError`.

    >>> check_scheduler("tcp://10.0.0.5:8786"), check_scheduler("local")
    ('tcp://10.0.0.5:8786', 'local')
    """
    if scheduler is None or scheduler == LOCAL:
        return scheduler
    if not isinstance(scheduler, str) or not _ADDRESS.match(scheduler.strip()):
        raise ConfigError(f"scheduler={scheduler!r} is neither 'local' nor the address of a "
                          "Dask scheduler such as tcp://10.0.0.5:8786 (what `dask scheduler` "
                          "prints).")
    return scheduler.strip()


class DaskRunner:
    """Partitions as tasks on the cluster behind `client` (a `distributed.Client`);
    `scheduler` is what the run asked for ('local' or an address)."""

    def __init__(self, client, scheduler: str | None = None):
        self.client = client
        self.scheduler = scheduler

    def map_partitions(self, func: Callable[[list], list], items: list, *,
                       partition_size: int, parallel_from: int = 0) -> list:
        if not items:
            return func(items)
        # At least one partition per worker, so that none waits while another computes a
        # batch smaller than `partition_size`.
        workers = max(len(self.client.scheduler_info().get("workers", {})), 1)
        partition_size = max(min(partition_size, math.ceil(len(items) / workers)), 1)
        partitions = [items[start:start + partition_size]
                      for start in range(0, len(items), partition_size)]
        with _worker_failures():
            stage = f"{_name_of(func)}-{uuid.uuid4().hex[:8]}"
            copies = self._function_on_each_worker(func, stage)
            futures = self.client.map(_apply, partitions,
                                      [copies[n % len(copies)] for n in range(len(partitions))],
                                      retries=RETRIES,
                                      key=[f"{stage}-{n}" for n in range(len(partitions))])
            packed = self.client.gather(futures)
        packed.reverse()
        results: list = []
        while packed:  # each partition's bytes freed as it is read: not both at once
            results.extend(pickle.loads(packed.pop()))
        return results

    def _function_on_each_worker(self, func: Callable, stage: str) -> list:
        """Futures of `func`, one held by each worker, for the partitions to take in turn.

        Tasks that return the function, not scattered data: should a worker holding one
        die, the scheduler computes it again from the graph, which carries `func` once (the
        copies are made from worker to worker). One key per worker, not one key replicated:
        the scheduler's memory manager drops a replica no task waits for yet, after which
        every partition ran where the one left lay. Detecting the languages of 200,000
        synthetic comments on two local workers, all 83 partitions ran on one (23.6 s of
        compute, 32.0 s in all); with a copy each, 44 and 42 (10.1 and 9.8 s, 17.3 s)."""
        from distributed import wait

        shared = self.client.submit(_same, func, key=f"{stage}-function")
        workers = sorted(self.client.scheduler_info().get("workers", {})) or [None]
        copies = [self.client.submit(_same, shared, key=f"{stage}-function-{n}",
                                     workers=None if address is None else [address],
                                     allow_other_workers=True)
                  for n, address in enumerate(workers)]
        wait(copies)
        return copies

    def keep(self, func: Callable, items: list) -> list:
        """Futures of `func(item)`, held in the workers' memory; a worker that dies holding
        one has it computed again from the graph when `bring` needs it."""
        stage = f"{_name_of(func)}-{uuid.uuid4().hex[:8]}"
        with _worker_failures():
            return self.client.map(func, items, retries=RETRIES, pure=False,
                                   key=[f"{stage}-{n}" for n in range(len(items))])

    def bring(self, func: Callable, kept: list, args: list[tuple]) -> list:
        if not kept:
            return []
        stage = f"{_name_of(func)}-{uuid.uuid4().hex[:8]}"
        with _worker_failures():
            futures = [self.client.submit(func, value, *extra, retries=RETRIES,
                                          key=f"{stage}-{n}")
                       for n, (value, extra) in enumerate(zip(kept, args))]
            return self.client.gather(futures)

    def embed(self, name: str, seed: int, texts: Sequence[str]) -> np.ndarray:
        """Vectors of `texts` by the embedder `name`, each worker loading its own copy from
        its own models folder (`embed.default_models_dir()` on the worker's machine)."""
        task = functools.partial(_encode_on_worker, name, seed)
        rows = self.map_partitions(task, list(texts), partition_size=EMBED_PARTITION)
        return np.vstack(rows).astype(np.float32)


@contextmanager
def _worker_failures() -> Iterator[None]:
    """A worker that died again and again (or a task lost with it) as a `WorkerError`."""
    from distributed import KilledWorker
    from distributed.client import FutureCancelledError

    try:
        yield
    except (KilledWorker, FutureCancelledError) as exc:
        raise WorkerError(
            "A worker of the Dask cluster stopped again and again while computing its "
            "share of the analysis, most often because it ran out of memory. Give the "
            "workers more memory (dask worker --memory-limit) or add workers, and try "
            "again.") from exc


@contextmanager
def on_cluster(scheduler: str) -> Iterator[DaskRunner]:
    """`connected(scheduler)`, installed with `running_on` for the block; inside a block
    already on the same scheduler, that one's runner (so that the CLI reads the inputs and
    fits the themes on one cluster, and `--scheduler local` starts one LocalCluster)."""
    from analyzer.pipelines.workers import current_runner, running_on

    runner = current_runner()
    if isinstance(runner, DaskRunner) and runner.scheduler == scheduler:
        yield runner
        return
    with connected(scheduler) as runner, running_on(runner):
        yield runner


@contextmanager
def connected(scheduler: str) -> Iterator[DaskRunner]:
    """A `DaskRunner` on the scheduler at `scheduler`, or on a `LocalCluster` started for the
    block; an address that does not answer within `CONNECT_TIMEOUT_S` is a `ConfigError`."""
    from distributed import Client, LocalCluster

    check_scheduler(scheduler)
    cluster = None
    try:
        if scheduler == LOCAL:
            cluster = LocalCluster(n_workers=LOCAL_WORKERS, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            client = Client(cluster, timeout=CONNECT_TIMEOUT_S)
        else:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ConfigError(f"no Dask scheduler answered at {scheduler} within "
                          f"{CONNECT_TIMEOUT_S} s; start one with `dask scheduler` and workers "
                          f"with `dask worker {scheduler}`, or use --scheduler local.") from exc
    try:
        if not client.scheduler_info().get("workers"):
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except TimeoutError as exc:
        client.close()
        if cluster is not None:
            cluster.close()
        raise ConfigError(f"the Dask scheduler at {scheduler} has no workers; start one with "
                          f"`dask worker {scheduler}` on each machine.") from exc
    try:
        yield DaskRunner(client, scheduler)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class WorkerEmbedder:
    """An embedder whose `encode` runs on the cluster: same name and cache entries as the
    embedder it stands for, which each worker builds for itself (`make_embedder`).

    Only for embedders whose vectors depend on each text alone (`cacheable` ones), so that
    splitting the texts into partitions changes nothing."""

    cacheable = True

    def __init__(self, embedder, runner: DaskRunner, name: str, seed: int):
        self.name = embedder.name
        self.runner = runner
        self.spec = (name, seed)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.runner.embed(*self.spec, texts)


def per_text(embedder) -> bool:
    """Whether `embedder`'s vector of a text depends on that text alone (not TF-IDF, fitted
    on the corpus, nor the multilingual embedder, which places languages by the corpus)."""
    return bool(getattr(embedder, "cacheable", False)) and not getattr(
        embedder, "needs_languages", False)


def _name_of(func: Callable) -> str:
    """What a map computes, for its task keys (`_votes_blocks-3f2a9c1e-0` in the dashboard
    and the task stream, where the benchmark reads each stage's cost per partition)."""
    while isinstance(func, functools.partial):
        func = func.func
    return getattr(func, "__name__", "map").strip("<>").replace(".", "_")


def _same(value):
    return value


def _apply(partition: list, task: Callable[[list], list]) -> bytes:
    """`task(partition)`, pickled in one piece.

    Distributed's gathering of a returned list costs per element, not per byte: 40 lists
    of 5,000 strings from two local workers took 16.4 s to gather (57 MB; 9.6 MB of as many
    shorter strings as long), the same lists pickled 0.46 s (2026-12-01, distributed
    2026.8.0). At 200,000 comments that was most of the cluster's cleaning time, whose
    maps (normalising, languages, redaction) return one result per text. The results must
    pickle with the standard library (texts, numbers, arrays, our dataclasses), not only
    with cloudpickle: no lambdas or locally defined classes."""
    results = task(partition)
    if len(results) != len(partition):  # results would shift onto the wrong items
        raise ValueError(f"{task!r} gave {len(results)} results for {len(partition)} items")
    return pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)


@functools.lru_cache(maxsize=2)
def _worker_embedder(name: str, seed: int):
    from distributed import get_worker

    from analyzer.pipelines.embed import make_embedder

    embedder = make_embedder(name, seed=seed)
    if hasattr(embedder, "threads"):  # ONNX Runtime: the worker's threads, not every core
        embedder.threads = get_worker().state.nthreads
    return embedder


def _encode_on_worker(name: str, seed: int, texts: list[str]) -> list[np.ndarray]:
    """One vector per text, by the worker's own embedder (loaded at its first task)."""
    return list(_worker_embedder(name, seed).encode(texts))
