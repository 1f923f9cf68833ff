"""Uploaded files: held in memory, written to disk only under names we generate.

The name a browser sends with an upload is whatever the client chose: an absolute path, a
`../../..` chain, a Windows drive, a NUL byte. It is never used to build a path. Each read
writes the bytes into a fresh private folder (`tempfile.mkdtemp`, readable by this user
only) as `upload-<n><suffix>`, where the suffix is one of the formats we read, and removes
the folder afterwards. The client's name survives only as a cleaned display name, for
provenance (`source` in the outputs) and messages.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator, Sequence

from analyzer.pipelines.ingest import InputSpec
from analyzer.safe_text import printable

READABLE_SUFFIXES = (".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xlsm", ".xls", ".json",
                     ".jsonl", ".ndjson", ".parquet")
"""Suffixes kept on the generated file name (readers also sniff the bytes)."""

MAX_DISPLAY_NAME = 120
FALLBACK_NAME = "upload"


@dataclass(frozen=True)
class UploadedInput:
    """A file the user gave us, held in memory for this session."""

    name: str
    """The cleaned display name (see `display_name`), never a path."""
    data: bytes
    label: str

    @classmethod
    def from_client(cls, client_name: str, data: bytes) -> "UploadedInput":
        name = display_name(client_name)
        return cls(name=name, data=data, label=PurePosixPath(name).stem or FALLBACK_NAME)


def display_name(client_name: str) -> str:
    """The last part of the client's file name, without control characters, at most
    `MAX_DISPLAY_NAME` characters (the suffix kept); `"upload"` when nothing is left.

    >>> display_name("../../etc/C:\\\\Users\\\\me\\\\survey.csv")
    'survey.csv'
    """
    last = re.split(r"[/\\]", printable(client_name))[-1]
    last = " ".join(last.split()).strip(" .")
    if len(last) > MAX_DISPLAY_NAME:
        suffix = PurePosixPath(last).suffix[:12]
        last = last[:MAX_DISPLAY_NAME - len(suffix)] + suffix
    return last or FALLBACK_NAME


def stored_name(index: int, client_name: str) -> str:
    """The generated file name for the `index`-th upload: no part of it comes from the
    client except a suffix from `READABLE_SUFFIXES`."""
    suffix = PurePosixPath(display_name(client_name)).suffix.lower()
    return f"upload-{index}{suffix if suffix in READABLE_SUFFIXES else ''}"


@contextlib.contextmanager
def written_privately(inputs: Sequence[UploadedInput]) -> Iterator[list[InputSpec]]:
    """Specs for `inputs`, each written to a generated name in a private temporary folder
    that is removed when the block ends."""
    folder = Path(tempfile.mkdtemp(prefix="feedback-upload-"))
    try:
        specs = []
        for index, item in enumerate(inputs):
            path = folder / stored_name(index, item.name)
            path.write_bytes(item.data)
            specs.append(InputSpec(path=path, label=item.label, display_name=item.name))
        yield specs
    finally:
        shutil.rmtree(folder, ignore_errors=True)


__all__ = ["UploadedInput", "display_name", "stored_name", "written_privately"]
