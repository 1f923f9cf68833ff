"""Input names to files: `exports/*.csv` and `exports/**/*.parquet` become the files they match.

A command line names exports one by one, or by pattern when a partner sends a folder of them
(the shell expands an unquoted pattern itself; a quoted one, or one the shell could not
match, arrives here). Only names given as text or paths are patterns: a dashboard upload
(an `InputSpec`) is the file it names, whatever its name holds.

Decisions: a name that is an existing file is that file, even when it holds `*`, `?` or `[`;
a pattern's matches are its files (folders left out), sorted by path so that every run reads
them in the same order; a pattern does not read again a file an earlier input named (a file
named outright is always read, as without patterns); a pattern that matches no file is an
`InputError` saying which folder was searched.
"""

from __future__ import annotations

import glob
from itertools import takewhile
from pathlib import Path
from typing import Sequence

from analyzer.errors import InputError
from analyzer.pipelines.ingest.spec import InputSpec


def expand_inputs(inputs: Sequence[InputSpec | str | Path]
                  ) -> list[tuple[str, InputSpec | Path]]:
    """(name as given, file) for every file the inputs name, in order; an `InputSpec` is
    passed on as it is."""
    seen: set[Path] = set()
    files: list[tuple[str, InputSpec | Path]] = []
    for given in inputs:
        if isinstance(given, InputSpec):
            files.append((given.name, given))
            continue
        name = str(given)
        path = Path(given)
        if path.is_file() or not glob.has_magic(name):
            files.append((name, path))  # missing files are reported by the reader
            seen.add(path.resolve())
            continue
        for match in _matches(name):
            if match.resolve() not in seen:
                seen.add(match.resolve())
                files.append((name, match))
    return files


def _matches(pattern: str) -> list[Path]:
    matches = sorted(Path(found) for found in glob.glob(pattern, recursive=True)
                     if Path(found).is_file())
    if matches:
        return matches
    folder = _fixed_folder(pattern)
    if not folder.is_dir():
        raise InputError(f"no file matches '{pattern}': the folder '{folder}' does not exist. "
                         "Check the folder's name, or give the files' full path.")
    raise InputError(f"no file matches '{pattern}' in the folder '{folder.resolve()}'. Check "
                     "the pattern (e.g. 'exports/*.csv' reads every .csv file in the folder "
                     "exports; names are matched with their case).")


def _fixed_folder(pattern: str) -> Path:
    """The folder a pattern searches: its leading parts that are not patterns."""
    fixed = list(takewhile(lambda part: not glob.has_magic(part), Path(pattern).parts[:-1]))
    return Path(*fixed) if fixed else Path(".")
