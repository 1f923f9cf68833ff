"""Intake: read survey exports (CSV/TSV, Excel, JSON, JSON Lines, Parquet) into one canonical
comments frame, with every input row accounted for in a ledger.

    corpus = read_inputs(["partner_a.csv", "partner_b.xlsx"],
                         ColumnRoles(text=("What should change?",), groups=("Role",),
                                     aliases={"I am a...": "Role"}))

`read_table` reads one file as it is (for previews) and `suggest_roles` proposes what each
column is for. Every problem a person can fix is raised as an `analyzer.errors.InputError`
subclass whose message names the file, row and column. `ReadLimits` bounds what one file may
hold (size, columns, rows, cells, cell length, JSON nesting); a file past a limit is refused
with a `LimitExceededError` (`FileTooLargeError` for the size) while it is being read.
"""

from __future__ import annotations

from pathlib import Path

from analyzer.pipelines.ingest.limits import DEFAULT_LIMITS, ReadLimits, with_max_bytes
from analyzer.pipelines.ingest.merge import read_inputs, read_tables
from analyzer.pipelines.ingest.roles import suggest_roles
from analyzer.pipelines.ingest.spec import (
    ALL_SHEETS,
    NOT_GIVEN,
    ColumnRoles,
    Corpus,
    InputFile,
    InputSpec,
    RawTable,
)

__all__ = ["ALL_SHEETS", "NOT_GIVEN", "ColumnRoles", "Corpus", "InputFile", "InputSpec",
           "RawTable", "ReadLimits", "read_inputs", "read_table", "suggest_roles"]


def read_table(spec: InputSpec | str | Path, *, limits: ReadLimits = DEFAULT_LIMITS,
               max_bytes: int | None = None) -> RawTable:
    """One file as a table of its visible columns, layout detected, all values as strings.

    For a workbook read with sheet="*" this is the first sheet with content; use one
    `InputSpec` per sheet to preview the others. The file is read within `limits`;
    `max_bytes`, when given, replaces just its file size limit.
    """
    return read_tables(InputSpec.coerce(spec), with_max_bytes(limits, max_bytes))[0]
