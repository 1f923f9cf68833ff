"""How much one upload may hold: the limits that keep a hostile or broken file from exhausting
memory, declared once, and the checks the readers apply row by row while they read.

Every check runs before the memory it guards is spent: a row is measured before the table is
padded to its width, a record's separators are counted before the csv module splits it, a
Parquet file's shape and unpacked size are read from its metadata and dictionaries. JSON is
the exception: its nesting is measured once parsed, since Python's parser gives up on deep
input (near 1,000 levels) before spending much memory, and a scan in Python would take longer
than the parse.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from itertools import takewhile
from operator import not_
from typing import Iterable

from analyzer.errors import ConfigError, LimitExceededError

MAX_JSON_DEPTH = 500
"""The deepest `max_json_depth` allowed: Python's JSON parser recurses once per level and stops
near 1,000, so a deeper limit could not be honoured."""


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


@dataclass(frozen=True)
class ReadLimits:
    """The most one file (and one session's uploads) may hold before intake refuses it.

    The defaults keep a 2-core, 8 GB machine alive while reading the largest real survey
    exports. Memory grows with cells (50-100 bytes each once read into a table), not with rows
    or columns alone: a million rows of a thousand columns would need 50 GB or more, so the
    cell limit is what bounds a table, and the row and column limits catch files that are
    plainly not surveys before any cell is counted. Limits apply to each table read (each
    sheet of a workbook).

    - max_file_bytes (200 MB): a survey CSV this size takes about 1.5 GB to read.
    - max_columns (2,000): Qualtrics and SurveyMonkey exports with matrix and loop questions
      run to several hundred columns and now and then past a thousand.
    - max_rows (1,048,576, header rows included): what one Excel sheet holds.
    - max_cells (25,000,000, rows x columns once padded to the widest row): about 1.5 GB once
      read; a million responses of 24 columns, or 12,000 of 2,000.
    - max_cell_chars (100,000): Excel itself stops at 32,767; a long essay answer is 10,000.
    - max_json_depth (64): survey exports are lists of flat records (depth 2); nested metadata
      adds a few levels. At most `MAX_JSON_DEPTH`.
    - max_upload_bytes (400 MB): all the files one dashboard session may upload, which are
      read together: two files at the size limit, about 3 GB.

    Every value must be a whole number of at least 1.
    """

    max_file_bytes: int = 200 * 2**20
    max_columns: int = 2_000
    max_rows: int = 1_048_576
    max_cells: int = 25_000_000
    max_cell_chars: int = 100_000
    max_json_depth: int = 64
    max_upload_bytes: int = 400 * 2**20

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"read limit {field.name} should be a whole number of at "
                                  f"least 1, got {value!r}.")
        if self.max_json_depth > MAX_JSON_DEPTH:
            raise ConfigError(f"read limit max_json_depth should be at most {MAX_JSON_DEPTH} "
                              f"(Python cannot parse deeper JSON), got {self.max_json_depth!r}.")

    def check_upload_total(self, sizes: Iterable[int]) -> int:
        """The total of `sizes` (bytes of the files one session uploads), refused with a
        LimitExceededError over `max_upload_bytes`; the files are read together, so their
        total, not each file, is what must fit in memory."""
        total = sum(sizes)
        if total > self.max_upload_bytes:
            raise LimitExceededError(
                f"the uploaded files total {total / 2**20:.1f} MB, over the "
                f"{_mb(self.max_upload_bytes)} limit for one session. Remove some files, or "
                "analyse the rest in another session.")
        return total


DEFAULT_LIMITS = ReadLimits()


def with_max_bytes(limits: ReadLimits, max_bytes: int | None) -> ReadLimits:
    """`limits` with the file size limit replaced, for callers that only set that one."""
    return limits if max_bytes is None else replace(limits, max_file_bytes=max_bytes)


def filled_width(row: list[str]) -> int:
    """Cells up to the last one holding more than whitespace: the row's width as a table sees
    it (counted at C speed, since rows may end in thousands of empty cells)."""
    if row and row[-1].strip():
        return len(row)
    return len(row) - len(list(takewhile(not_, map(str.strip, reversed(row)))))


def _column_name(number: int, letters: bool) -> str:
    if not letters:
        return f"column {number:,}"
    from openpyxl.utils import get_column_letter

    return f"column {number:,} ({get_column_letter(number)})" if number <= 18_278 else \
        f"column {number:,}"


def too_many_rows(limits: ReadLimits, source: str, where: str = "the file") -> LimitExceededError:
    return LimitExceededError(
        f"{where} goes on past row {limits.max_rows:,}; the limit is {limits.max_rows:,} rows "
        "(header included). Split it into smaller files, or raise the limit.",
        source=source)


def too_many_cells(limits: ReadLimits, source: str, detail: str) -> LimitExceededError:
    return LimitExceededError(
        f"{detail}; the limit is {limits.max_cells:,} cells. Delete unused rows and columns, "
        "split the file, or raise the limit.", source=source)


def too_wide(limits: ReadLimits, source: str, detail: str) -> LimitExceededError:
    return LimitExceededError(
        f"{detail}; the limit is {limits.max_columns:,} columns. Remove the stray cells or "
        "extra columns, or raise the limit.", source=source)


def cell_too_long(limits: ReadLimits, source: str, detail: str) -> LimitExceededError:
    return LimitExceededError(
        f"{detail}; the limit is {limits.max_cell_chars:,} characters per cell. Shorten that "
        "cell, or raise the limit.", source=source)


def check_shape(limits: ReadLimits, source: str, rows: int, columns: int) -> None:
    """Refuse a table whose size is known before it is built (JSON records, Parquet)."""
    if columns > limits.max_columns:
        raise too_wide(limits, source, f"the file has {columns:,} columns")
    if rows > limits.max_rows:
        raise too_many_rows(limits, source)
    if rows * columns > limits.max_cells:
        raise too_many_cells(limits, source, f"the file has {rows:,} rows (header included) x "
                                             f"{columns:,} columns = {rows * columns:,} cells")


class RowBudget:
    """Checks each row of one table as it is read (CSV records, sheet rows), so a table that
    would not fit is refused at the row that breaks a limit, before it is built or padded.

    `add` trims the empty cells that end a row, except in the first three rows holding
    anything: those may be header rows, whose width decides which later cells are extra.

    `check_text` checks each cell's length and the table's total text, which may not pass the
    file size limit in characters: a workbook's cells can all point at one long shared string,
    free to hold but copied per cell once in a table. Text files need neither check (their
    text is the file, and the csv module holds cells to the length limit).
    """

    def __init__(self, limits: ReadLimits, source: str, sheet: str | None = None,
                 check_text: bool = True):
        self.limits, self.source, self.sheet = limits, source, sheet
        self.check_text = check_text
        self.chars = 0
        self.rows = 0
        self.widest = 0
        self.spanned = 0
        self._headers_left = 3

    @property
    def _table(self) -> str:
        return f"sheet '{self.sheet}'" if self.sheet else "the file"

    @property
    def _at(self) -> str:
        return f"sheet '{self.sheet}', " if self.sheet else ""

    def span(self, cells: int) -> None:
        """Count cells a row spans before its empty tail is trimmed: a workbook row may end in
        thousands of cells that only carry formatting, which cost time to walk."""
        self.spanned += cells
        if self.spanned > self.limits.max_cells:
            raise too_many_cells(self.limits, self.source,
                                 f"{self._table} spans more than {self.limits.max_cells:,} "
                                 f"cells by row {self.rows + 1:,}, counting empty cells that "
                                 "only carry formatting")

    def _check_text(self, row: list[str]) -> None:
        limits = self.limits
        if max(map(len, row)) > limits.max_cell_chars:
            column = next(j for j, cell in enumerate(row) if len(cell) > limits.max_cell_chars)
            raise cell_too_long(limits, self.source,
                                f"{self._at}row {self.rows:,}, "
                                f"{_column_name(column + 1, bool(self.sheet))} holds "
                                f"{len(row[column]):,} characters")
        self.chars += sum(map(len, row))
        if self.chars > limits.max_file_bytes:
            raise LimitExceededError(
                f"by row {self.rows:,} {self._table} holds more than {limits.max_file_bytes:,} "
                f"characters of text; the limit is the file size limit, "
                f"{_mb(limits.max_file_bytes)}, in characters (repeated cells count each time). "
                "Split the file, or raise the limit.", source=self.source)

    def add(self, row: list[str]) -> list[str]:
        """The row, checked and trimmed; raises LimitExceededError at the first limit passed."""
        limits = self.limits
        self.rows += 1
        if self.rows > limits.max_rows:
            raise too_many_rows(limits, self.source, self._table)
        width = filled_width(row)
        if width > limits.max_columns:
            raise too_wide(limits, self.source, f"{self._at}row {self.rows:,} has a value in "
                                                f"{_column_name(width, bool(self.sheet))}")
        if self.check_text and row:
            self._check_text(row)
        if width and self._headers_left:
            self._headers_left -= 1
            del row[limits.max_columns:]
        elif row and not row[-1]:
            del row[len(row) - len(list(takewhile(not_, reversed(row)))):]
        if width > self.widest:
            self.widest = width
        if self.rows * self.widest > limits.max_cells:
            raise too_many_cells(limits, self.source,
                                 f"by row {self.rows:,} {self._table} spans {self.rows:,} rows "
                                 f"x {self.widest:,} columns = {self.rows * self.widest:,} "
                                 "cells")
        return row
