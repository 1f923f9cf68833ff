"""Intake: read survey exports (CSV/TSV, Excel, JSON, JSON Lines, Parquet) into one canonical
comments frame, with every input row accounted for in a ledger.

    corpus = read_inputs(["partner_a.csv", "partner_b.xlsx"],
                         ColumnRoles(text=("What should change?",), groups=("Role",),
                                     aliases={"I am a...": "Role"}))

`read_table` reads one file as it is (for previews) and `suggest_roles` proposes what each
column is for. Every problem a person can fix is raised as an `analyzer.errors.InputError`
subclass whose message names the file, row and column.
"""

from __future__ import annotations

from pathlib import Path

from analyzer.pipelines.ingest.merge import read_inputs, read_tables
from analyzer.pipelines.ingest.readers import DEFAULT_MAX_BYTES
from analyzer.pipelines.ingest.roles import suggest_roles
from analyzer.pipelines.ingest.spec import (ALL_SHEETS, NOT_GIVEN, ColumnRoles, Corpus,
                                            InputFile, InputSpec, RawTable)

__all__ = ["ALL_SHEETS", "NOT_GIVEN", "ColumnRoles", "Corpus", "InputFile", "InputSpec",
           "RawTable", "read_inputs", "read_table", "suggest_roles"]


def read_table(spec: InputSpec | str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawTable:
    """One file as a table of its visible columns, layout detected, all values as strings.

    For a workbook read with sheet="*" this is the first sheet with content; use one
    `InputSpec` per sheet to preview the others.
    """
    return read_tables(InputSpec.coerce(spec), max_bytes)[0]
