"""Files only their owner can read: saved projects, the embedding cache, `analyze` outputs.

Comments are personal even once redacted (who wrote what, in which small group), so whatever
the analyzer writes that holds them is created readable and writable by its owner alone
(0600; folders 0700), whatever the process umask. The mode is given to `os.open` when the
file is created rather than set by changing the umask, because the umask belongs to the
whole process and the dashboard serves several sessions from threads of one process.

A file that already exists is narrowed to 0600 when the analyzer rewrites it, never widened.
SQLite gives a database's -journal, -wal and -shm files the mode of the database file, so a
project or cache created here keeps its side files private too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def create_private_file(path: str | Path) -> bool:
    """Create `path` empty and owner-only unless it exists; True when it was created here.

    An empty file is a valid SQLite database, so a database created this way keeps the mode.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def open_private(path: str | Path, mode: str = "w", **options) -> IO:
    """`open(path, mode)` for writing, the file created 0600 (or narrowed to 0600 if it
    exists); `options` go to `open` (encoding, newline ...)."""
    if mode not in ("w", "wb"):
        raise ValueError(f"open_private writes whole files; mode={mode!r} should be 'w' or 'wb'")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    try:
        if hasattr(os, "fchmod"):  # not on Windows, where modes do not apply
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
        return os.fdopen(descriptor, mode, **options)
    except BaseException:
        os.close(descriptor)
        raise


def make_private_folder(path: str | Path) -> Path:
    """Create the folder (and missing parents) if needed; the folder itself, when created
    here, is 0700. An existing folder is left as it is: it may be shared on purpose."""
    folder = Path(path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, exist_ok=True)
    return folder


__all__ = ["PRIVATE_FILE_MODE", "PRIVATE_FOLDER_MODE", "create_private_file",
           "make_private_folder", "open_private"]
