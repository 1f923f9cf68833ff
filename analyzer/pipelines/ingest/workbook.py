"""Excel workbooks: safety checks (zip bombs, encryption, old formats), then sheets to grids,
row by row within the read limits."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import partial
from itertools import takewhile
from operator import is_
from typing import Any

from analyzer.errors import InputError, UnreadableFileError
from analyzer.pipelines.ingest.limits import ReadLimits, RowBudget
from analyzer.pipelines.ingest.spec import ALL_SHEETS, Grid

MAX_MEMBERS = 10_000
MAX_RATIO = 100
"""Members that expand more than this many times their packed size are refused ..."""
RATIO_MIN_BYTES = 10 * 1024 * 1024
"""... once they expand beyond this size (small XML parts compress very well and are fine)."""
EXPANSION_FACTOR = 10
"""A workbook may expand to at most this many times the file size limit."""
MAX_ELEMENTS_OUTSIDE_ROWS = 1_000_000
"""openpyxl frees each row's XML once read but keeps every other element of a sheet in
memory: a 6.6 MB workbook whose sheet held tens of millions of empty unknown elements took
the dashboard past 8 GB. Real sheets hold thousands outside their rows (column widths,
merged cells, hyperlinks); a million costs a few hundred MB."""
_SCAN_CHUNK = 1 << 20
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RESAVE = "Open it in Excel and save a fresh copy as .xlsx, or export the responses as CSV."


def _ole_problem(data: bytes, source: str) -> UnreadableFileError:
    encrypted = False
    try:
        import msoffcrypto

        encrypted = bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # noqa: BLE001 - any failure here just means "not an encrypted workbook"
        encrypted = b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data
    if encrypted:
        return UnreadableFileError(
            "the workbook is password-protected (encrypted), so it cannot be read. Open it in "
            "Excel with the password and save an unprotected copy (File > Info > Protect "
            "Workbook > remove the password), then use that copy.", source=source)
    return UnreadableFileError(
        "this is an old-format Excel file (.xls, Excel 97-2003) or another Office document. "
        "Open it in Excel and save it as .xlsx or CSV.", source=source)


def check_zip(data: bytes, source: str, max_bytes: int, max_cells: int) -> None:
    """Refuse archives that are not workbooks or that would expand dangerously when opened."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableFileError(f"the file is damaged and cannot be opened as an Excel "
                                  f"workbook ({exc}). {_RESAVE}", source=source) from exc
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names and not any(n.endswith("/workbook.xml") for n in names):
        raise UnreadableFileError("this is a ZIP archive but not an Excel workbook. Unpack it "
                                  "and pick the CSV or .xlsx file inside.", source=source)
    if len(members) > MAX_MEMBERS:
        raise UnreadableFileError(f"the workbook has {len(members)} internal parts, far more "
                                  f"than a real workbook. {_RESAVE}", source=source)
    total = sum(m.file_size for m in members)
    limit = EXPANSION_FACTOR * max_bytes
    if total > limit:
        raise UnreadableFileError(
            f"the workbook would expand to {total / 2**20:.0f} MB when opened (limit "
            f"{limit / 2**20:.0f} MB). It is either huge or a damaged/malicious file (a 'zip "
            f"bomb'). Export the responses as CSV, or split the workbook.", source=source)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
            raise UnreadableFileError(
                f"part '{member.filename}' of the workbook expands {ratio:.0f} times when opened, "
                f"which real workbooks do not do: it may be a malicious file (a 'zip bomb'). "
                f"{_RESAVE}", source=source)
        if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
            _check_elements_outside_rows(archive, member, source, "row", max_cells)
        elif member.filename == "xl/sharedStrings.xml":  # read the same way, string by string
            _check_elements_outside_rows(archive, member, source, "si", max_cells)


def _check_elements_outside_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo,
                                 source: str, unit: str, max_units: int) -> None:
    """Refuse a part with more than `MAX_ELEMENTS_OUTSIDE_ROWS` elements outside its `unit`
    elements (rows of a sheet, strings of the shared-string table), or more than `max_units`
    of those, counted by streaming its XML through expat (no tree is built). The red team's
    shared-string table of 95 million empty strings (7 MB packed) passed 4.9 GB."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    state = {"in_row": 0, "outside": 0, "units": 0}

    def start(name: str, attributes) -> None:
        if state["in_row"]:
            state["in_row"] += 1
        elif name.rpartition(":")[2] == unit:
            state["in_row"] = 1
            state["units"] += 1
        else:
            state["outside"] += 1

    def end(name: str) -> None:
        if state["in_row"]:
            state["in_row"] -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_SCAN_CHUNK):
                parser.Parse(chunk, False)
                if state["outside"] > MAX_ELEMENTS_OUTSIDE_ROWS:
                    raise UnreadableFileError(
                        f"part '{member.filename}' of the workbook holds more than "
                        f"{MAX_ELEMENTS_OUTSIDE_ROWS:,} XML elements outside its "
                        f"{'rows' if unit == 'row' else 'strings'}, which real workbooks do "
                        f"not: it may be a malicious file. {_RESAVE}", source=source)
                if state["units"] > max_units:
                    raise too_many_cells_in_part(member.filename, max_units, source)
            parser.Parse(b"", True)
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UnreadableFileError(f"part '{member.filename}' of the workbook is damaged "
                                  f"({exc}). {_RESAVE}", source=source) from exc


def too_many_cells_in_part(part: str, max_cells: int, source: str) -> UnreadableFileError:
    return UnreadableFileError(
        f"part '{part}' of the workbook holds more than {max_cells:,} rows or strings, more "
        f"than the limit of {max_cells:,} cells could use: it may be a malicious file. "
        f"{_RESAVE}", source=source)


def excel_text(value: object) -> str:
    """A cell value as text, close to what Excel shows."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _sheet_rows(ws: Any, source: str, limits: ReadLimits) -> list[list[str]]:
    """A read-only sheet's rows as text, each checked before the next is read.

    The sheet's declared size (its <dimension> tag) is set aside: openpyxl pads every row to
    it, and it can claim 16,384 columns for a sheet of three (Excel counts formatted cells, and
    a hostile file can say anything), or be missing. Rows are taken as stored instead, and
    the empty cells that end one are dropped before its values are turned into text.
    """
    ws.reset_dimensions()
    budget = RowBudget(limits, source, sheet=ws.title)
    rows = []
    for values in ws.iter_rows(values_only=True):
        budget.span(len(values))
        end = len(values) - len(list(takewhile(partial(is_, None), reversed(values))))
        rows.append(budget.add([excel_text(v) for v in values[:end]]))
    return rows


def read_workbook(data: bytes, source: str, sheet: str | None,
                  limits: ReadLimits) -> list[Grid]:
    """Grids for the sheet asked for (None: the first; "*": every sheet with content)."""
    if data.startswith(_OLE):
        raise _ole_problem(data, source)
    if not data.startswith(b"PK"):
        raise UnreadableFileError(f"the file is named like an Excel workbook but is not one. "
                                  f"{_RESAVE}", source=source)
    check_zip(data, source, limits.max_file_bytes, limits.max_cells)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise UnreadableFileError(f"the workbook could not be opened ({type(exc).__name__}: "
                                  f"{exc}). {_RESAVE}", source=source) from exc
    try:
        sheets = book.worksheets
        names = [ws.title for ws in sheets]
        if not sheets:
            raise UnreadableFileError("the workbook has no worksheets.", source=source)
        if sheet is None:
            chosen = sheets[:1]
        elif sheet == ALL_SHEETS:
            chosen = sheets
        elif sheet in names:
            chosen = [sheets[names.index(sheet)]]
        else:
            raise InputError(f"there is no sheet '{sheet}'. Sheets in this workbook: "
                             f"{', '.join(names)}.", source=source)
        grids = []
        for ws in chosen:
            try:
                rows = _sheet_rows(ws, source, limits)
            except InputError:
                raise
            except Exception as exc:  # noqa: BLE001 - damaged sheet XML
                raise UnreadableFileError(f"sheet '{ws.title}' could not be read "
                                          f"({type(exc).__name__}: {exc}). {_RESAVE}",
                                          source=source) from exc
            if sheet == ALL_SHEETS and not any(any(c.strip() for c in r) for r in rows):
                continue  # an empty sheet holds no rows to account for
            grids.append(Grid(rows, sheet=ws.title))
        if not grids:
            raise UnreadableFileError("every sheet of the workbook is empty.", source=source)
        return grids
    finally:
        book.close()
