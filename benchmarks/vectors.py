"""Embeddings for the benchmark, cached per dataset as .npy so that reruns skip the encoding.

The cache lives in `.cache/bench/` (gitignored). Next to each `<dataset>.<model>.npy` a JSON
file records how long the encoding took when it was measured, on how many texts and when, so
a rerun can still report the real encoding speed (marked "recorded" instead of "measured").
The key includes a hash of the texts: a changed dataset is re-encoded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from benchmarks.datasets import ROOT

CACHE_DIR = ROOT / ".cache" / "bench"


@dataclass(frozen=True)
class Vectors:
    embeddings: np.ndarray
    seconds: float
    """Encoding time for all texts, measured now or recorded when the cache was written."""
    recorded: bool
    """True when `seconds` comes from the cache's record rather than this run."""
    model: str


def texts_digest(texts: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:16]


def cached_encode(dataset: str, texts: Sequence[str], embedder, *, cache_dir: Path = CACHE_DIR,
                  fresh: bool = False) -> Vectors:
    """`embedder.encode(texts)`, read from the .npy cache when it holds these exact texts."""
    stem = cache_dir / f"{dataset}.{embedder.name}"
    npy, meta_path = stem.with_suffix(stem.suffix + ".npy"), stem.with_suffix(stem.suffix + ".json")
    digest = texts_digest(texts)
    if not fresh and npy.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("texts_sha256") == digest and meta.get("n") == len(texts):
            return Vectors(np.load(npy), float(meta["seconds"]), True, embedder.name)
    start = time.perf_counter()
    embeddings = np.asarray(embedder.encode(list(texts)), dtype=np.float32)
    seconds = time.perf_counter() - start
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(npy, embeddings)
    meta_path.write_text(json.dumps({
        "model": embedder.name, "n": len(texts), "texts_sha256": digest, "seconds": seconds,
        "measured_at": dt.datetime.now().isoformat(timespec="seconds")}, indent=1))
    return Vectors(embeddings, seconds, False, embedder.name)
