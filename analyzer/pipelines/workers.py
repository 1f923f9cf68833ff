"""Two processes for the slow per-comment steps (redaction, label phrases) on large batches.

spaCy's small English models read a few hundred comments a second per core, and most of the
rest of cleaning is pure Python, so one process leaves a core idle. `map_in_chunks` splits a
list into chunks and gives them to forked worker processes; forking shares the parent's
loaded models, and only the chunks and their (small) results travel between processes.

Forking a process that runs other threads (the dashboard's server) can hang, so only a call
from the main thread (the command line, the benchmark, the tests) gets workers, and only on
Linux (forking is unsafe on macOS and absent on Windows). Elsewhere the same function runs
in this process, with the same results.

Where the chunks go is a `Runner`: `LocalRunner` (the forked processes above) unless a run
installs another with `running_on` (`analyzer.pipelines.dask_runner.DaskRunner` sends them
to a Dask cluster's workers), so the stages call `map_in_chunks` without knowing where
they run.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, Protocol, Sequence, TypeVar

from analyzer.errors import WorkerError

__all__ = ["NEVER_FORKED", "PROCESSES", "LocalRunner", "Runner", "available_cores",
           "current_runner", "map_in_chunks", "running_on", "worker_count"]

Item = TypeVar("Item")
Result = TypeVar("Result")

PROCESSES = 2
"""Worker processes on a machine with at least two cores."""

NEVER_FORKED = sys.maxsize
"""`parallel_from` of work that stays in this process on one machine (numpy already uses
every core for it) but is shared out on a cluster."""

_task: Callable | None = None
"""The function a worker applies to its chunks, installed when the worker starts."""


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or 1


def worker_count(n_items: int, parallel_from: int) -> int:
    """`PROCESSES` for a batch of at least `parallel_from` items where that is safe, else 1."""
    if n_items < parallel_from or available_cores() < 2 or not sys.platform.startswith("linux"):
        return 1
    return PROCESSES if threading.current_thread() is threading.main_thread() else 1


class Runner(Protocol):
    """Where a list of items is computed, chunk by chunk."""

    def map_partitions(self, func: Callable[[list[Item]], list[Result]], items: list[Item], *,
                       partition_size: int, parallel_from: int) -> list[Result]:
        """`func(items)`, one result per item and in order, computed `partition_size` items
        at a time; `parallel_from` is how large a batch must be to be worth splitting."""
        ...

    def keep(self, func: Callable[[Item], Result], items: list[Item]) -> list:
        """`func(item)` for each item, each result left where it was computed (in this
        process, or in a worker's memory) for `bring` to read: a file's table stays where
        it was read, and only what the client needs of it travels."""
        ...

    def bring(self, func: Callable[..., Result], kept: list, args: list[tuple]) -> list[Result]:
        """`func(kept[i], *args[i])` for each kept result, computed where it is kept and
        brought here, in order."""
        ...


class LocalRunner:
    """This machine: one process, or `PROCESSES` forked ones for a large batch."""

    def map_partitions(self, func: Callable[[list[Item]], list[Result]], items: list[Item], *,
                       partition_size: int, parallel_from: int) -> list[Result]:
        workers = worker_count(len(items), parallel_from)
        if workers == 1:
            return func(items)
        chunks = [items[start:start + partition_size]
                  for start in range(0, len(items), partition_size)]
        # The function reaches the workers by inheritance at fork, not by pickling: it may
        # hold large batch-wide data (the words a batch writes in lower case).
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                     initializer=_install, initargs=(func,)) as pool:
                return [result for chunk in pool.map(_run, chunks) for result in chunk]
        except BrokenProcessPool as exc:
            raise WorkerError(
                "A helper process stopped before finishing its share of the analysis, most "
                "often because the computer ran out of memory. Close other programs, or "
                "analyse the comments in smaller parts, and try again.") from exc

    def keep(self, func: Callable[[Item], Result], items: list[Item]) -> list[Result]:
        return [func(item) for item in items]

    def bring(self, func: Callable[..., Result], kept: list, args: list[tuple]) -> list[Result]:
        return [func(value, *extra) for value, extra in zip(kept, args)]


_LOCAL = LocalRunner()
_runner: ContextVar[Runner | None] = ContextVar("runner", default=None)


def current_runner() -> Runner:
    """The runner `map_in_chunks` uses here: `LocalRunner` unless `running_on` set one."""
    return _runner.get() or _LOCAL


@contextmanager
def running_on(runner: Runner) -> Iterator[Runner]:
    """Send every `map_in_chunks` inside the block (in this thread) to `runner`."""
    token = _runner.set(runner)
    try:
        yield runner
    finally:
        _runner.reset(token)


def map_in_chunks(func: Callable[[list[Item]], list[Result]], items: Sequence[Item], *,
                  chunk_size: int, parallel_from: int) -> list[Result]:
    """`func(items)`, computed chunk by chunk by the current runner (worker processes when
    the batch is large, or a cluster's workers).

    `func` maps a list to a list of the same length, one result per item, and must not
    depend on which items share its chunk. Load any model `func` needs before calling, so
    forked workers inherit it instead of each loading their own. A worker that dies (killed
    for memory) raises `WorkerError` instead of leaving the analysis waiting.
    """
    items = list(items)
    if not items:
        return func(items)
    return current_runner().map_partitions(func, items, partition_size=chunk_size,
                                           parallel_from=parallel_from)


def _install(func: Callable) -> None:
    global _task
    _task = func


def _run(chunk: list) -> list:
    results = _task(chunk)
    if len(results) != len(chunk):  # results would shift onto the wrong items
        raise ValueError(f"{_task!r} gave {len(results)} results for {len(chunk)} items")
    return results
