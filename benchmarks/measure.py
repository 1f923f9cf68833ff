"""Timing, memory and agreement measurements shared by every benchmark run.

Memory: `tracemalloc` does not see numpy's or torch's native allocations, so peak memory is
the process's resident set size, sampled every 10 ms by a background thread while a run is
in progress (`PeakRSS`), next to the kernel's whole-process high-water mark
(`resource.getrusage(...).ru_maxrss`).
"""

from __future__ import annotations

import resource
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np
import psutil
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

MB = 1024 * 1024


class PeakRSS:
    """Highest resident set size of this process while the `with` block runs, in MB.

    >>> with PeakRSS() as peak:
    ...     work()
    >>> peak.mb, peak.baseline_mb
    """

    def __init__(self, interval: float = 0.01):
        self.interval = interval
        self._process = psutil.Process()
        self._stop = threading.Event()
        self.baseline_mb = 0.0
        self.mb = 0.0

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.mb = max(self.mb, self._process.memory_info().rss / MB)

    def __enter__(self) -> "PeakRSS":
        self.baseline_mb = self._process.memory_info().rss / MB
        self.mb = self.baseline_mb
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.mb = max(self.mb, self._process.memory_info().rss / MB)


def process_maxrss_mb() -> float:
    """The kernel's high-water mark of this process's RSS (KiB on Linux, bytes on macOS).

    On Linux this survives `exec`: a child started by `subprocess` from a large parent
    reports at least the parent's RSS at fork time. Use `hwm_mb` in child processes.
    """
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / MB if sys.platform == "darwin" else maxrss / 1024


def hwm_mb() -> float | None:
    """Peak RSS of this process's own address space (Linux `VmHWM`), None where unknown."""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


@dataclass
class Stages:
    """Seconds per named stage, in the order they ran."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def time(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(stage, time.perf_counter() - start)

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    @property
    def total(self) -> float:
        return float(sum(self.seconds.values()))


def agreement(themes: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """(NMI, ARI) of a theme assignment against human labels, over every scored document.

    Unassigned documents (theme -1) count as one more cluster, as BERTopic's outlier topic
    does in its own evaluations: leaving many documents out is penalised, not hidden.
    """
    themes = np.asarray(themes)
    truth = np.asarray(truth)
    if len(themes) != len(truth):
        raise ValueError(f"{len(themes)} theme ids for {len(truth)} labels.")
    return (float(normalized_mutual_info_score(truth, themes)),
            float(adjusted_rand_score(truth, themes)))


def theme_summary(themes: np.ndarray) -> tuple[int, float]:
    """(number of themes excluding unassigned, share of documents unassigned)."""
    themes = np.asarray(themes)
    assigned = themes[themes >= 0]
    return int(len(np.unique(assigned))), float(np.mean(themes < 0)) if len(themes) else 0.0
