"""File to grids of strings: CSV/TSV (any delimiter), JSON, JSON Lines, Parquet; XLSX lives in
`workbook.py`.

A grid is a list of rows of cell strings, header rows included; `layouts` decides which rows
are headers. Nothing is coerced: numbers and dates stay exactly as the file spells them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analyzer.errors import FileTooLargeError, InputError, UnreadableFileError
from analyzer.pipelines.ingest.decode import decode, decode_marked, has_marks
from analyzer.pipelines.ingest.spec import InputSpec

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
_SNIFF_CHARS = 64 * 1024
_SNIFF_ROWS = 50
_SEP_HINT = re.compile(r"sep=([^\r\n])\r?\n")
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARQUET = b"PAR1"
_JSON_EXT = {".json"}
_JSONL_EXT = {".jsonl", ".ndjson"}
_EXCEL_EXT = {".xlsx", ".xlsm", ".xls"}


@dataclass
class Grid:
    """Rows of cells from one table; `ragged_is_error` for delimited text, where an extra
    cell means an unquoted delimiter shifted the row."""

    rows: list[list[str]]
    sheet: str | None = None
    ragged_is_error: bool = False
    delimiter: str | None = None
    encoding: str | None = None
    marked: bool = False
    """Whether cells may hold undecodable-byte marks (see `decode`), so must be scanned."""


@dataclass
class LoadedFile:
    grids: list[Grid]
    sha256: str
    size_bytes: int
    kind: str


def read_bytes(spec: InputSpec, max_bytes: int) -> bytes:
    """The file's bytes, after checking it exists and is within `max_bytes`."""
    path, name = spec.path, spec.name
    if not path.exists():
        raise UnreadableFileError(f"the file was not found at '{path}'. Check the name and "
                                  "folder.", source=name)
    if not path.is_file():
        raise UnreadableFileError(f"'{path}' is a folder, not a file. Name the file inside it.",
                                  source=name)
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLargeError(
            f"the file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit. Split "
            "it into smaller files, or raise the limit if this machine has the memory.",
            source=name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(f"the file could not be opened ({exc.strerror}). Check that "
                                  "it is not open elsewhere and that you may read it.",
                                  source=name) from exc
    if not data.strip():
        raise UnreadableFileError("the file is empty. Export the responses again.", source=name)
    return data


def load(spec: InputSpec, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedFile:
    """Read one file into grids (one per sheet read)."""
    data = read_bytes(spec, max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    name, suffix = spec.name, Path(spec.name).suffix.lower() or spec.path.suffix.lower()
    if data.startswith(_ZIP) or data.startswith(_OLE) or suffix in _EXCEL_EXT:
        from analyzer.pipelines.ingest.workbook import read_workbook

        return LoadedFile(read_workbook(data, name, spec.sheet, max_bytes), sha256, len(data),
                          "xlsx")
    if data.startswith(_PARQUET) or suffix == ".parquet":
        return LoadedFile([read_parquet(data, name)], sha256, len(data), "parquet")
    text, encoding = decode(data, name)
    if suffix in _JSON_EXT or suffix in _JSONL_EXT:
        grid = read_json(text, name, lines=suffix in _JSONL_EXT)
        grid.encoding, grid.marked = encoding, True
        return LoadedFile([grid], sha256, len(data), "json")
    grid = read_delimited(text, name, prefer_tab=suffix in {".tsv", ".tab"})
    grid.encoding, grid.marked = encoding, has_marks(text)
    return LoadedFile([grid], sha256, len(data), "delimited")


def _parse(text: str, delimiter: str, strict: bool) -> csv.reader:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                      doublequote=True, skipinitialspace=False, strict=strict)


def sniff_delimiter(text: str, prefer_tab: bool = False) -> str:
    """The delimiter that splits the first rows into the most consistent, widest table.

    Ties go to the usual order: comma, semicolon, tab, pipe (tab first for .tsv files).
    """
    sample = text[:_SNIFF_CHARS]
    cut = len(sample) < len(text)
    order = ("\t",) + tuple(d for d in DELIMITERS if d != "\t") if prefer_tab else DELIMITERS
    best_key, best = None, order[0]
    for rank, delimiter in enumerate(order):
        rows: list[list[str]] = []
        try:
            for row in _parse(sample, delimiter, strict=False):
                if row:
                    rows.append(row)
                if len(rows) > _SNIFF_ROWS:
                    break
        except csv.Error:
            continue
        if cut and len(rows) > 1:
            rows = rows[:-1]
        if not rows:
            continue
        width = len(rows[0])
        consistent = sum(1 for row in rows if len(row) == width) / len(rows)
        key = (width > 1, consistent, width, -rank)
        if best_key is None or key > best_key:
            best_key, best = key, delimiter
    return best


def read_delimited(text: str, source: str, prefer_tab: bool = False) -> Grid:
    """Split decoded text into rows; quoted cells may hold delimiters and line breaks."""
    rows: list[list[str]] = []
    start = 1
    hint = _SEP_HINT.match(text)
    if hint:  # Excel's "sep=;" first line names the delimiter; kept as a blank leading row
        delimiter, text, rows, start = hint.group(1), text[hint.end():], [[]], 2
    else:
        delimiter = sniff_delimiter(text, prefer_tab)
    reader = _parse(text, delimiter, strict=True)
    try:
        for row in reader:
            rows.append(row)
            start = reader.line_num + 1 + (1 if hint else 0)
    except csv.Error as exc:
        shown = {"\t": "tab"}.get(delimiter, delimiter)
        raise InputError(
            f"the row starting on line {start} could not be split into cells ({exc}; cells are "
            f"separated by '{shown}'). Usually a quote (\") is opened and never closed, or text "
            "follows a closing quote. Fix that cell, or re-export the file from the survey "
            "tool.", source=source) from exc
    return Grid(rows, ragged_is_error=True, delimiter=delimiter)


def cell_text(value: Any) -> str:
    """One value from JSON or Parquet as the text a person would see."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, bytes):
        return decode_marked(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") and hasattr(value, "day") \
            else value.isoformat()
    return str(value)


def _records_to_grid(records: list[dict[str, Any]]) -> Grid:
    header: dict[str, None] = {}
    for record in records:
        for key in record:
            header.setdefault(str(key), None)
    columns = list(header)
    rows = [columns] + [[cell_text(record.get(c)) for c in columns]
                        for record in ({str(k): v for k, v in r.items()} for r in records)]
    return Grid(rows)


def _json_records(value: Any, source: str) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) == 1:
            value = lists[0]
        else:
            raise InputError(
                "the JSON holds an object, not a list of responses. Expected a list of objects "
                '([{...}, {...}]) or one key holding that list ({"responses": [...]}).',
                source=source)
    if not isinstance(value, list):
        raise InputError("the JSON should be a list of responses, one object each.",
                         source=source)
    for i, record in enumerate(value, start=1):
        if not isinstance(record, dict):
            raise InputError(f"response {i} is {type(record).__name__}, not an object with "
                             "named fields. Each response should look like {\"question\": "
                             "\"answer\", ...}.", source=source, row=i)
    return value


def read_json(text: str, source: str, lines: bool = False) -> Grid:
    """A JSON array of objects, a single-key object holding one, or JSON Lines."""
    if not lines:
        try:
            return _records_to_grid(_json_records(json.loads(text), source))
        except json.JSONDecodeError as exc:
            if not exc.msg.startswith("Extra data"):
                raise InputError(f"the file is not valid JSON (line {exc.lineno}: {exc.msg}). "
                                 "Check it was exported completely.", source=source) from exc
    records: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {number} is not valid JSON ({exc.msg}). In JSON Lines every "
                             "line holds one complete response object.", source=source) from exc
        if not isinstance(record, dict):
            raise InputError(f"line {number} is not an object with named fields.",
                             source=source)
        records.append(record)
    return _records_to_grid(records)


def read_parquet(data: bytes, source: str) -> Grid:
    """A Parquet file; every value rendered as text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise UnreadableFileError(f"the Parquet file could not be read ({exc}). Export it again, "
                                  "or save the responses as CSV.", source=source) from exc
    columns = [str(name) for name in table.column_names]
    values = [[cell_text(v) for v in table.column(i).to_pylist()] for i in range(len(columns))]
    rows = [columns] + [list(row) for row in zip(*values)] if values else [columns]
    return Grid(rows, marked=True)
