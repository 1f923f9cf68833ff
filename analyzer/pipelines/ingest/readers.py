"""File to grids of strings: CSV/TSV (any delimiter), JSON, JSON Lines, Parquet; XLSX lives in
`workbook.py`.

A grid is a list of rows of cell strings, header rows included; `layouts` decides which rows
are headers. Nothing is coerced: numbers and dates stay exactly as the file spells them.
Every reader applies `ReadLimits` while it reads (see `limits`), so an oversized or hostile
file is refused, naming the limit, before it can exhaust memory.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from analyzer.errors import FileTooLargeError, InputError, LimitExceededError, UnreadableFileError
from analyzer.pipelines.ingest.decode import decode, decode_marked, has_marks
from analyzer.pipelines.ingest.limits import (
    DEFAULT_LIMITS,
    ReadLimits,
    RowBudget,
    cell_too_long,
    check_shape,
    too_many_cells,
    too_many_rows,
    too_wide,
)
from analyzer.pipelines.ingest.spec import Grid, InputSpec, LoadedFile

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
_CONTAINERS = frozenset({list, dict})
"""The types json.loads nests: exactly these, never subclasses."""
_LINES_CHUNK = 1 << 20
"""Characters split into lines at a time: io.StringIO holds 4 bytes a character, so a file is
handed to it in pieces (whole only if it has no "\n" at all: old Mac line endings)."""
SEPARATORS_PER_COLUMN = 100
"""A record may hold this many separators per allowed column (the rest inside quoted cells)
before it is refused unsplit: the csv module builds a whole record at once, so this bounds the
memory one record can take."""


def read_bytes(spec: InputSpec, max_bytes: int) -> bytes:
    """The file's bytes, after checking it exists and is within `max_bytes`: checked on the
    size on disk, before a byte is read."""
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


def load(spec: InputSpec, limits: ReadLimits = DEFAULT_LIMITS) -> LoadedFile:
    """Read one file into grids (one per sheet read), within `limits`."""
    data = read_bytes(spec, limits.max_file_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    name, suffix = spec.name, Path(spec.name).suffix.lower() or spec.path.suffix.lower()
    if data.startswith(_ZIP) or data.startswith(_OLE) or suffix in _EXCEL_EXT:
        from analyzer.pipelines.ingest.workbook import read_workbook

        return LoadedFile(read_workbook(data, name, spec.sheet, limits), sha256, len(data),
                          "xlsx")
    if data.startswith(_PARQUET) or suffix == ".parquet":
        return LoadedFile([read_parquet(data, name, limits)], sha256, len(data), "parquet")
    text, encoding = decode(data, name)
    if suffix in _JSON_EXT or suffix in _JSONL_EXT:
        grid = read_json(text, name, lines=suffix in _JSONL_EXT, limits=limits)
        grid.encoding, grid.marked = encoding, True
        return LoadedFile([grid], sha256, len(data), "json")
    grid = read_delimited(text, name, prefer_tab=suffix in {".tsv", ".tab"}, limits=limits)
    grid.encoding, grid.marked = encoding, has_marks(text)
    return LoadedFile([grid], sha256, len(data), "delimited")


def _parse(lines: Iterable[str], delimiter: str, strict: bool) -> csv.reader:
    return csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True,
                      skipinitialspace=False, strict=strict)


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
            for row in _parse(io.StringIO(sample, newline=""), delimiter, strict=False):
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


class _Lines:
    """The text's lines for the csv reader, counting the separators of the record being read so
    that a record far wider than the column limit is refused before the csv module builds it."""

    def __init__(self, text: str, delimiter: str, limits: ReadLimits, source: str):
        self.text, self.delimiter, self.limits, self.source = text, delimiter, limits, source
        self.most = SEPARATORS_PER_COLUMN * limits.max_columns
        self.row = 1
        self.separators = 0

    def start_record(self, row: int) -> None:
        self.row, self.separators = row, 0

    def __iter__(self) -> Iterator[str]:
        delimiter, text, start = self.delimiter, self.text, 0
        while start < len(text):  # chunks end after a "\n", so no line ending is cut in two
            end = text.find("\n", start + _LINES_CHUNK)
            end = len(text) if end < 0 else end + 1
            yield from self._counted(io.StringIO(text[start:end], newline=""), delimiter)
            start = end

    def _counted(self, lines: Iterable[str], delimiter: str) -> Iterator[str]:
        for line in lines:
            self.separators += line.count(delimiter)
            if self.separators > self.most:
                raise too_wide(self.limits, self.source,
                               f"row {self.row:,} holds more than {self.most:,} "
                               f"'{_shown(self.delimiter)}' separators, so far more columns "
                               "than allowed")
            yield line


def _shown(delimiter: str | None) -> str:
    return {"\t": "tab", None: "delimiter"}.get(delimiter, delimiter)


def _nul_error(row: list[str], number: int, rows: list[list[str]], source: str) -> InputError:
    column = next(j for j, cell in enumerate(row) if "\x00" in cell)
    header = next((r for r in rows if any(c.strip() for c in r)), row)
    name = f" ('{header[column].strip()}')" if column < len(header) and \
        header[column].strip() and header is not row else ""
    return UnreadableFileError(
        f"row {number:,}, column {column + 1:,}{name} holds a NUL character (a zero byte), which "
        "text never contains: the file may be damaged or not a text table. Remove that "
        "character, or re-export the file from the survey tool.", source=source)


def read_delimited(text: str, source: str, prefer_tab: bool = False,
                   limits: ReadLimits = DEFAULT_LIMITS) -> Grid:
    """Split decoded text into rows; quoted cells may hold delimiters and line breaks.

    Sets the csv module's field size limit (process-wide) to `limits.max_cell_chars`, so that a
    long cell is reported as such rather than as a broken quote.
    """
    csv.field_size_limit(limits.max_cell_chars)
    budget = RowBudget(limits, source, check_text=False)
    rows: list[list[str]] = []
    start = 1
    hint = _SEP_HINT.match(text)
    if hint:  # Excel's "sep=;" first line names the delimiter; kept as a blank leading row
        delimiter, text, start = hint.group(1), text[hint.end():], 2
        rows.append(budget.add([]))
    else:
        delimiter = sniff_delimiter(text, prefer_tab)
    lines = _Lines(text, delimiter, limits, source)
    lines.start_record(len(rows) + 1)
    reader = _parse(lines, delimiter, strict=True)
    has_nul = "\x00" in text
    try:
        for row in reader:
            if has_nul and any("\x00" in cell for cell in row):
                raise _nul_error(row, len(rows) + 1, rows, source)
            rows.append(budget.add(row))
            start = reader.line_num + 1 + (1 if hint else 0)
            lines.start_record(len(rows) + 1)
    except csv.Error as exc:
        if str(exc).startswith("field larger than field limit"):
            raise cell_too_long(limits, source, f"row {len(rows) + 1:,} (starting on line "
                                                f"{start:,}) has a cell of more than "
                                                f"{limits.max_cell_chars:,} characters, or a "
                                                "quote (\") opened there is never closed") \
                from exc
        raise InputError(
            f"the row starting on line {start} could not be split into cells ({exc}; cells are "
            f"separated by '{_shown(delimiter)}'). Usually a quote (\") is opened and never "
            "closed, or text follows a closing quote. Fix that cell, or re-export the file from "
            "the survey tool.", source=source) from exc
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


def _records_to_grid(records: list[dict[str, Any]], source: str, limits: ReadLimits) -> Grid:
    """One row per record, one column per field name any record uses: the shape is checked
    before the rows are built, since records missing a field are padded to every field."""
    header: dict[str, None] = {}
    for record in records:
        for key in record:
            header.setdefault(str(key), None)
    columns = list(header)
    check_shape(limits, source, len(records) + 1, len(columns))
    rows = [columns]
    for number, record in enumerate(({str(k): v for k, v in r.items()} for r in records), 1):
        row = [cell_text(record.get(c)) for c in columns]
        if row and max(map(len, row)) > limits.max_cell_chars:
            j = next(j for j, cell in enumerate(row) if len(cell) > limits.max_cell_chars)
            raise cell_too_long(limits, source, f"response {number:,}, field '{columns[j]}' "
                                                f"holds {len(row[j]):,} characters")
        rows.append(row)
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


def json_depth(value: Any, most: int) -> int:
    """How deeply a parsed JSON value nests lists and objects, or the first depth past `most`;
    walked with a stack, not recursion, so any depth can be measured."""
    deepest, stack = 0, [(value, 1)] if type(value) in _CONTAINERS else []
    while stack and deepest <= most:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        children = item.values() if type(item) is dict else item
        if not _CONTAINERS.isdisjoint(map(type, children)):  # at C speed for flat records
            stack.extend((child, depth + 1) for child in children if type(child) in _CONTAINERS)
    return deepest


def _too_deep(limits: ReadLimits, source: str) -> LimitExceededError:
    return LimitExceededError(
        f"the JSON nests more than {limits.max_json_depth} levels deep; the limit is "
        f"{limits.max_json_depth} levels. Survey exports are lists of flat responses: check "
        "that this is the right file, or raise the limit.", source=source)


def _loads(text: str, source: str, limits: ReadLimits) -> Any:
    """json.loads within the nesting limit. Python's parser recurses once per level and gives
    up (RecursionError) near 1,000 levels, having spent little memory by then; shallower
    values are measured once parsed."""
    try:
        value = json.loads(text)
    except RecursionError as exc:
        raise _too_deep(limits, source) from exc
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # Python refuses integers of more than 4,300 digits
        raise InputError(f"the file holds a value that cannot be read ({exc}). Survey exports "
                         "do not; check that this is the right file.", source=source) from exc
    if json_depth(value, limits.max_json_depth) > limits.max_json_depth:
        raise _too_deep(limits, source)
    return value


def read_json(text: str, source: str, lines: bool = False,
              limits: ReadLimits = DEFAULT_LIMITS) -> Grid:
    """A JSON array of objects, a single-key object holding one, or JSON Lines.

    Objects and lists are counted before parsing: Python builds every one of them at once,
    and 48 MB of tiny records `{"":{}}` took the dashboard to 2.4 GB before the row limit
    could be checked. A response is one object, a cell at most one more, so more than rows +
    cells of them (braces inside text counted too: an upper bound) cannot be a survey within
    the limits.
    """
    containers = text.count("{") + text.count("[")
    if containers > limits.max_rows + limits.max_cells:
        raise too_many_cells(limits, source, f"the JSON holds up to {containers:,} objects and "
                                             f"lists, more than {limits.max_rows:,} responses "
                                             "of one value per cell could need")
    if not lines:
        try:
            return _records_to_grid(_json_records(_loads(text, source, limits), source), source,
                                    limits)
        except json.JSONDecodeError as exc:
            if not exc.msg.startswith("Extra data"):
                raise InputError(f"the file is not valid JSON (line {exc.lineno}: {exc.msg}). "
                                 "Check it was exported completely.", source=source) from exc
    records: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = _loads(line, source, limits)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {number} is not valid JSON ({exc.msg}). In JSON Lines every "
                             "line holds one complete response object.", source=source) from exc
        if not isinstance(record, dict):
            raise InputError(f"line {number} is not an object with named fields.",
                             source=source)
        records.append(record)
        if len(records) + 1 > limits.max_rows:
            raise too_many_rows(limits, source)
    return _records_to_grid(records, source, limits)


def _unpacked_bytes(array: Any) -> int:
    """Bytes an Arrow array's values take once dictionaries are expanded (read as dictionaries,
    a few bytes of file can stand for gigabytes of repeated text)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = array.type
    if pa.types.is_dictionary(kind):
        if not (pa.types.is_string(kind.value_type) or pa.types.is_large_string(kind.value_type)
                or pa.types.is_binary(kind.value_type)
                or pa.types.is_large_binary(kind.value_type)):
            return array.nbytes
        sizes = pc.take(pc.binary_length(array.dictionary), array.indices)
        return int(pc.sum(sizes).as_py() or 0)
    if isinstance(array, (pa.ListArray, pa.LargeListArray, pa.FixedSizeListArray)):
        return _unpacked_bytes(array.flatten())
    if isinstance(array, pa.StructArray):
        return sum(_unpacked_bytes(child) for child in array.flatten())
    return array.nbytes


def _too_big_unpacked(size: int, limits: ReadLimits, source: str) -> LimitExceededError:
    return LimitExceededError(
        f"the Parquet file unpacks to {size / 2**20:,.0f} MB of values, over the "
        f"{limits.max_file_bytes / 2**20:.0f} MB limit for one file. Split it into smaller "
        "files, or raise the limit.", source=source)


def read_parquet(data: bytes, source: str, limits: ReadLimits = DEFAULT_LIMITS) -> Grid:
    """A Parquet file; every value rendered as text.

    Its shape, value count (list items included) and unpacked size are checked from the
    metadata before reading; text columns are read as dictionaries and their expanded size
    checked before they become Python strings.
    No table may unpack to more than a text file at the size limit could hold.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.ParquetFile(io.BytesIO(data)).schema
        text_leaves = [schema.column(i).path for i in range(len(schema))
                       if schema.column(i).physical_type == "BYTE_ARRAY"]
        parquet = pq.ParquetFile(io.BytesIO(data), read_dictionary=text_leaves)
        meta = parquet.metadata
        check_shape(limits, source, meta.num_rows + 1, len(parquet.schema_arrow))
        values = sum(meta.row_group(i).column(j).num_values
                     for i in range(meta.num_row_groups) for j in range(meta.num_columns))
        if values > limits.max_cells:
            raise too_many_cells(limits, source, f"the file holds {values:,} values, counting "
                                                 "each item of a list")
        uncompressed = sum(meta.row_group(i).total_byte_size
                           for i in range(meta.num_row_groups))
        # Fixed-size binary values are stored dictionary- or run-length-encoded, so the pages
        # can be tiny while the values decode to gigabytes (86 KB -> 3.7 GB measured): count
        # them at their declared width.
        fixed = sum(meta.row_group(i).column(j).num_values * schema.column(j).length
                    for i in range(meta.num_row_groups) for j in range(meta.num_columns)
                    if schema.column(j).physical_type == "FIXED_LEN_BYTE_ARRAY")
        uncompressed = max(uncompressed, fixed)
        if uncompressed > limits.max_file_bytes:
            raise _too_big_unpacked(uncompressed, limits, source)
        table = parquet.read()
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise UnreadableFileError(f"the Parquet file could not be read ({exc}). Export it again, "
                                  "or save the responses as CSV.", source=source) from exc
    unpacked = sum(_unpacked_bytes(chunk) for column in table.columns for chunk in column.chunks)
    if unpacked > limits.max_file_bytes:
        raise _too_big_unpacked(unpacked, limits, source)
    columns = [str(name) for name in table.column_names]
    values = []
    for name, column in zip(columns, table.columns):
        cells = [cell_text(v) for v in column.to_pylist()]
        longest = max(map(len, cells), default=0)
        if longest > limits.max_cell_chars:
            raise cell_too_long(limits, source,
                                f"column '{name}' holds a value of {longest:,} characters")
        values.append(cells)
    rows = [columns] + [list(row) for row in zip(*values)] if values else [columns]
    return Grid(rows, marked=True)
