"""Tables to the canonical comments frame: roles resolved per file, questions melted, every row
accounted for in the ledger."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from analyzer.errors import AnalyzerError, ColumnNotFoundError, InputError
from analyzer.pipelines.ingest.layouts import to_table
from analyzer.pipelines.ingest.limits import DEFAULT_LIMITS, ReadLimits, with_max_bytes
from analyzer.pipelines.ingest.patterns import expand_inputs
from analyzer.pipelines.ingest.readers import load
from analyzer.pipelines.ingest.spec import (
    BASE_COLUMNS,
    NOT_GIVEN,
    ColumnRoles,
    Corpus,
    InputFile,
    InputSpec,
    RawTable,
)
from analyzer.pipelines.workers import current_runner
from analyzer.themes.ledger import DROPPED, KEPT, LEDGER_COLUMNS, Ledger

EMPTY, DUPLICATE_HEADER = "empty", "duplicate header row"
NON_TEXT, UNREADABLE = "non-text", "unreadable cell"
NON_TEXT_PATTERN = re.compile(r"[\d\s.,:/%+\-]*\d[\d\s.,:/%+\-]*")
"""Cells that are only a number (digits with separators): no words to analyse. Non-answers
such as "-" or "n/a" are kept; cleaning handles them."""
_MAX_LISTED = 40


def read_tables(spec: InputSpec, limits: ReadLimits = DEFAULT_LIMITS) -> list[RawTable]:
    """Every table read from one file (several for a workbook read with sheet="*")."""
    loaded = load(spec, limits)
    several = len(loaded.grids) > 1
    tables = []
    for grid in loaded.grids:
        source = f"{spec.name}:{grid.sheet}" if several else spec.name
        table = to_table(grid, source)
        tables.append(dataclasses.replace(table, sha256=loaded.sha256,
                                          size_bytes=loaded.size_bytes))
    return tables


def _unique_sources(tables: list[RawTable]) -> list[RawTable]:
    """Give tables that would share a source name distinct ones (sheet name, then a number)."""
    counts: dict[str, int] = {}
    for table in tables:
        counts[table.source] = counts.get(table.source, 0) + 1
    renamed = [dataclasses.replace(t, source=f"{t.source}:{t.sheet}")
               if counts[t.source] > 1 and t.sheet and not t.source.endswith(f":{t.sheet}")
               else t for t in tables]
    seen: dict[str, int] = {}
    out = []
    for table in renamed:
        n = seen.get(table.source, 0) + 1
        seen[table.source] = n
        out.append(table if n == 1 else dataclasses.replace(table, source=f"{table.source} ({n})"))
    return out


def _squash(name: str) -> str:
    return " ".join(name.split()).casefold()


def _resolve(table: RawTable, roles: ColumnRoles) -> dict[str, str]:
    """Canonical role name -> the table's column, for the roles this table has.

    A header matches first as written (after aliases), then a Qualtrics question text, then
    ignoring case and repeated spaces; a name that matches several columns is an error, and so
    is a header that heads several columns (the later ones are read as "name (2)", ...).
    """
    columns = table.columns
    passes = [
        [(roles.canonical(c), c) for c in columns],
        [(roles.canonical(table.labels[c]), c) for c in columns if c in table.labels],
        [(_squash(roles.canonical(c)), c) for c in columns]
        + [(_squash(roles.canonical(table.labels[c])), c) for c in columns if c in table.labels],
    ]
    found: dict[str, str] = {}
    for role, name in roles.named():
        wanted = roles.canonical(name)
        for number, pairs in enumerate(passes):
            key = _squash(wanted) if number == 2 else wanted
            hits = list(dict.fromkeys(c for k, c in pairs if k == key))
            if len(hits) > 1:
                raise InputError(
                    f"'{name}' matches several columns ({', '.join(hits)}). Name the column by "
                    "its exact header (for Qualtrics, its id such as Q5).", source=table.source)
            if hits and hits[0] in table.repeated_headers:
                read_as = table.repeated_headers[hits[0]]
                raise InputError(
                    f"the header '{hits[0]}' heads {len(read_as)} columns, read as "
                    f"{_quoted(read_as)}, so it is unclear which holds the {role}. Rename the "
                    f"columns in the file, or name the one you mean as it is read here (e.g. "
                    f"'{read_as[1]}').", source=table.source, column=name)
            if hits:
                found[wanted] = hits[0]
                break
    return found


def _quoted(names: Sequence[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _listing(tables: list[RawTable]) -> str:
    names = list(dict.fromkeys(c for t in tables for c in t.columns))
    shown = ", ".join(f"'{n}'" for n in names[:_MAX_LISTED])
    more = f" and {len(names) - _MAX_LISTED} more" if len(names) > _MAX_LISTED else ""
    return f"Columns available: {shown}{more}."


def _check_roles(tables: list[RawTable], found: list[dict[str, str]], roles: ColumnRoles) -> None:
    source = tables[0].source if len(tables) == 1 else None
    for role, name in roles.named():
        wanted = roles.canonical(name)
        if not any(wanted in f for f in found):
            where = "the file" if len(tables) == 1 else "any of the files"
            raise ColumnNotFoundError(
                f"the {role} column '{name}' is not in {where}. {_listing(tables)} Check the "
                "spelling (use the header from the first row), or map a differing header to "
                "it with aliases.", source=source, column=name)
    texts = [roles.canonical(t) for t in roles.text]
    for table, columns in zip(tables, found):
        if not any(t in columns for t in texts):
            raise ColumnNotFoundError(
                f"none of the text columns ({', '.join(roles.text)}) is in this file. "
                f"{_listing([table])} If the question has another header here, map it with "
                "aliases, e.g. {'" + table.columns[0] + "': '" + texts[0] + "'}.",
                source=table.source)


def _header_repeats(frame: pd.DataFrame, header_cells: tuple[tuple[str, ...], ...]) -> np.ndarray:
    """Rows whose every cell equals the same cell of one of the header rows."""
    repeats = np.zeros(len(frame), dtype=bool)
    for cells in header_cells:
        if not len(frame) or not any(c.strip() for c in cells):
            continue
        match = np.ones(len(frame), dtype=bool)
        for column, cell in zip(frame.columns, cells):
            match &= (frame[column].str.strip() == cell.strip()).to_numpy(dtype=bool)
            if not match.any():
                break
        repeats |= match
    return repeats


def _values(frame: pd.DataFrame, column: str | None) -> pd.Series:
    if column is None:
        return pd.Series([NOT_GIVEN] * len(frame), index=frame.index, dtype=str)
    values = frame[column].str.strip()
    return values.where(values != "", NOT_GIVEN)


def _table_comments(table: RawTable, columns: dict[str, str], roles: ColumnRoles,
                    partner: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(comments, ledger entries) for one table."""
    frame, n = table.frame, len(table.frame)
    rows = np.arange(1, n + 1)
    position = pd.Series([f"{table.source}:{r}" for r in rows], index=frame.index, dtype=str)
    id_column = columns.get(roles.canonical(roles.id)) if roles.id else None
    if id_column is not None:
        ids = frame[id_column].str.strip()
        respondent = ids.where(ids != "", position)
    else:
        respondent = position
    repeats = _header_repeats(frame, table.header_cells)
    kept = np.zeros(n, dtype=bool)
    unreadable_any = np.zeros(n, dtype=bool)
    numeric_any = np.zeros(n, dtype=bool)
    parts = []
    several = len(roles.text) > 1
    for order, name in enumerate(roles.text):
        question = roles.canonical(name)
        column = columns.get(question)
        if column is None:
            continue
        text = frame[column]
        filled = (text.str.strip() != "").to_numpy(dtype=bool)
        bad_rows = {r for r, c in table.unreadable if c == column}
        unreadable = np.isin(rows, list(bad_rows)) & filled if bad_rows else np.zeros(n, bool)
        numeric = text.str.fullmatch(NON_TEXT_PATTERN).to_numpy(dtype=bool) & filled
        yields = filled & ~unreadable & ~numeric & ~repeats
        kept |= yields
        unreadable_any |= unreadable
        numeric_any |= numeric
        part = {
            "comment_id": respondent[yields] + (f"/{question}" if several else ""),
            "source": table.source,
            "row": rows[yields],
            "partner": partner,
            "question": question,
            "respondent_id": respondent[yields],
            "text_original": text[yields],
        }
        for group in roles.groups:
            canonical = roles.canonical(group)
            part[canonical] = _values(frame, columns.get(canonical))[yields]
        if roles.round is not None:
            canonical = roles.canonical(roles.round)
            part[canonical] = _values(frame, columns.get(canonical))[yields]
        comments = pd.DataFrame({k: (v.to_numpy() if isinstance(v, pd.Series) else v)
                                 for k, v in part.items()}, index=range(int(yields.sum())))
        comments["_order"] = order
        parts.append(comments)
    reason = np.where(repeats, DUPLICATE_HEADER,
                      np.where(unreadable_any, UNREADABLE, np.where(numeric_any, NON_TEXT, EMPTY)))
    ledger = pd.DataFrame({"source": table.source, "row": rows,
                           "status": np.where(kept, KEPT, DROPPED),
                           "reason": np.where(kept, "", reason)}, columns=list(LEDGER_COLUMNS))
    comments = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return comments, ledger


def _output_columns(roles: ColumnRoles) -> list[str]:
    extra = [roles.canonical(g) for g in roles.groups]
    if roles.round is not None:
        extra.append(roles.canonical(roles.round))
    return list(BASE_COLUMNS) + extra


def _check_unique_ids(comments: pd.DataFrame, roles: ColumnRoles) -> None:
    duplicated = comments["comment_id"].duplicated(keep=False)
    if not duplicated.any():
        return
    first = comments.loc[duplicated, "comment_id"].iloc[0]
    clash = comments[comments["comment_id"] == first].head(2)
    where = " and ".join(f"'{s}' row {r}" for s, r in zip(clash["source"], clash["row"]))
    raise InputError(
        f"the value '{clash['respondent_id'].iloc[0]}' appears in {where}, but ids must be "
        "unique (across all files). Leave out the id column (rows are then identified as "
        "file:row), or name a column whose values are unique.", column=roles.id)


def read_inputs(specs: Sequence[InputSpec | str | Path], roles: ColumnRoles, *,
                limits: ReadLimits = DEFAULT_LIMITS, max_bytes: int | None = None) -> Corpus:
    """Read every file, apply the column roles and return the canonical comments and ledger.

    One comment per (input row, text column) whose cell is not blank. Every data row of every
    file is in the ledger once: kept, or dropped as "empty", "duplicate header row" (a row
    repeating a header row), "non-text" (only numbers) or "unreadable cell" (bytes that could
    not be decoded). Columns are matched by header (after `roles.aliases`), then by Qualtrics
    question text, then ignoring case and spacing. A group, round or id column missing from
    some files reads as "(not given)" (ids fall back to `<source>:<row>`) there; a role column
    found in no file, or a file with none of the text columns, is a ColumnNotFoundError.

    A name given as text or a path may be a pattern (`exports/*.csv`: see `patterns`).
    Each file is read within `limits` (see `ReadLimits`); `max_bytes`, when given, replaces
    just its file size limit. A header that heads several columns of a file cannot name a role
    there (which column is meant?); name one by the name it is read as, e.g. "comment (2)".

    Files are read where the current runner computes (`analyzer.pipelines.workers`): here,
    or one task per file on a Dask cluster's workers, where each table stays while only its
    header comes here to resolve the roles and its comments and ledger rows come back.
    Both run the same steps, so they give the same corpus.
    """
    specs = [InputSpec.coerce(found) for _, found in expand_inputs(specs)]
    if not specs:
        raise InputError("no input files were given. Name at least one CSV, Excel or JSON file.")
    if not isinstance(roles, ColumnRoles):
        raise TypeError(f"roles should be a ColumnRoles, got {type(roles).__name__}")
    limits = with_max_bytes(limits, max_bytes)
    runner = current_runner()
    held = runner.keep(functools.partial(_read_or_refusal, limits=limits), specs)
    shapes = _first_refusal(runner.bring(_shapes, held, [()] * len(held)))
    read = [(spec, table, rows) for spec, file in zip(specs, shapes) for table, rows in file]
    tables = _unique_sources([table for _, table, _ in read])
    found = [_resolve(table, roles) for table in tables]
    _check_roles(tables, found, roles)
    jobs, start = [], 0
    for spec, file in zip(specs, shapes):
        end = start + len(file)
        jobs.append(([t.source for t in tables[start:end]], found[start:end], roles,
                     spec.partner))
        start = end
    made = [pair for file in runner.bring(_file_comments, held, jobs) for pair in file]
    del held
    comment_parts, ledger_parts, inputs = [], [], []
    for number, ((spec, _, rows), table, (comments, entries)) in enumerate(
            zip(read, tables, made)):
        if len(comments):
            comments["_table"] = number
            comment_parts.append(comments)
        ledger_parts.append(entries)
        inputs.append(InputFile(name=table.source, label=spec.partner, sha256=table.sha256,
                                rows_read=rows, layout=table.layout,
                                sheet=table.sheet, size_bytes=table.size_bytes))
    columns = _output_columns(roles)
    if comment_parts:
        comments = pd.concat(comment_parts, ignore_index=True)
        comments = comments.sort_values(["_table", "row", "_order"], kind="stable")
        comments = comments[columns].reset_index(drop=True)
    else:
        comments = pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
    comments["row"] = comments["row"].astype("int64")
    _check_unique_ids(comments, roles)
    ledger = Ledger(pd.concat(ledger_parts, ignore_index=True),
                    {t.source: rows for (_, _, rows), t in zip(read, tables)})
    return Corpus(comments=comments, ledger=ledger, inputs=tuple(inputs), roles=roles)


def _read_or_refusal(spec: InputSpec, limits: ReadLimits) -> list[RawTable] | AnalyzerError:
    """The file's tables, or why it was refused: returned, not raised, so that with files
    read in parallel the refusal reported is the first file's, as when read one by one."""
    try:
        return read_tables(spec, limits)
    except AnalyzerError as refusal:
        return refusal


def _shapes(tables: list[RawTable] | AnalyzerError
            ) -> list[tuple[RawTable, int]] | AnalyzerError:
    """Each table without its rows (what resolving the roles reads), and its row count."""
    if isinstance(tables, AnalyzerError):
        return tables
    return [(dataclasses.replace(table, frame=table.frame.iloc[:0]), len(table.frame))
            for table in tables]


def _first_refusal(files: list) -> list:
    for file in files:
        if isinstance(file, AnalyzerError):
            raise file
    return files


def _file_comments(tables: list[RawTable], sources: list[str], found: list[dict[str, str]],
                   roles: ColumnRoles, partner: str) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """(comments, ledger entries) of each table of one file, under its unique source."""
    return [_table_comments(dataclasses.replace(table, source=source), columns, roles, partner)
            for table, source, columns in zip(tables, sources, found)]
