"""Survey-tool layouts: find the header rows of a grid and name the columns as people see them.

- plain: one header row.
- qualtrics: column ids (Q5) in row 1, question text in row 2 and, in newer exports,
  `{"ImportId":"QID5_TEXT"}` in row 3. Columns are named by id; the question text also works.
- surveymonkey: question text in row 1 (blank over the 2nd+ column of a multi-column question),
  the sub-answer ("Response", "Open-Ended Response", an option) in row 2. The sub-answer row
  is folded into the name only where a question spans several columns ("Q - Option").
- google_forms: one header row starting with "Timestamp".
- microsoft_forms: one header row with ID, Start time, Completion time (Email, Name, ...).

Decisions, so nothing is lost silently: leading blank rows are skipped (counted in
`header_rows`); trailing blank rows are not data; a blank row in between is a data row (the
ledger drops it as empty). In delimited text a row with more non-empty cells than the header
is an error (an unquoted delimiter shifted it); trailing empty extra cells are ignored. In a
workbook, cells beyond the header are a real column, named "Column N". Columns with neither a
header nor any value are dropped. A header that heads several columns is read as "Q", "Q (2)",
..., and recorded in `RawTable.repeated_headers`.
"""

from __future__ import annotations

import re

import pandas as pd

from analyzer.errors import InputError, UnreadableFileError
from analyzer.pipelines.ingest.decode import has_marks, unmark
from analyzer.pipelines.ingest.limits import filled_width
from analyzer.pipelines.ingest.spec import Grid, RawTable

PLAIN, QUALTRICS, SURVEYMONKEY = "plain", "qualtrics", "surveymonkey"
GOOGLE_FORMS, MICROSOFT_FORMS = "google_forms", "microsoft_forms"
LAYOUTS = (PLAIN, QUALTRICS, SURVEYMONKEY, GOOGLE_FORMS, MICROSOFT_FORMS)

_IMPORT_ID = re.compile(r'^\s*\{\s*"ImportId"\s*:', re.IGNORECASE)
_TIMESTAMPS = {"timestamp", "marca temporal", "horodateur", "zeitstempel",
               "carimbo de data/hora", "informazioni cronologiche", "tijdstempel"}
_MS_FORMS = {"id", "start time", "completion time"}
_SM_SUBANSWERS = {"", "response", "open-ended response"}
_SHOWN = {"\t": "tab", None: "delimiter"}


def _norm(cell: str) -> str:
    return cell.strip().lower()


def _blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def detect_layout(rows: list[list[str]]) -> tuple[str, int]:
    """(layout, number of header rows) from the first rows of a grid (blank rows removed)."""
    first = {_norm(c) for c in rows[0]}
    second = rows[1] if len(rows) > 1 else []
    if len(rows) > 2:
        filled = [c for c in rows[2] if c.strip()]
        if filled and sum(bool(_IMPORT_ID.match(c)) for c in filled) * 2 >= len(filled):
            return QUALTRICS, 3
    if "responseid" in first and "response id" in {_norm(c) for c in second}:
        return QUALTRICS, 2
    if "respondent id" in first and second and {_norm(c) for c in second} & {
            "response", "open-ended response"}:
        column = [_norm(c) for c in rows[0]].index("respondent id")
        if column >= len(second) or not second[column].strip():
            return SURVEYMONKEY, 2
    if rows[0] and _norm(rows[0][0]) in _TIMESTAMPS:
        return GOOGLE_FORMS, 1
    if _MS_FORMS <= first:
        return MICROSOFT_FORMS, 1
    return PLAIN, 1


def _surveymonkey_names(questions: list[str], subs: list[str]) -> list[str]:
    starts = [i for i, q in enumerate(questions) if q.strip()]
    names = []
    for i in range(len(questions)):
        owner = max((s for s in starts if s <= i), default=None)
        sub = subs[i].strip() if i < len(subs) else ""
        if owner is None:
            names.append(sub)
            continue
        end = min((s for s in starts if s > owner), default=len(questions))
        text = questions[owner].strip()
        if end - owner == 1 or (i == owner and _norm(sub) in _SM_SUBANSWERS):
            names.append(text)
        else:
            names.append(f"{text} - {sub}" if sub else text)
    return names


def _repeated(names: list[str], read_as: list[str]) -> dict[str, tuple[str, ...]]:
    """Header -> the names its columns are read as, for headers that head several columns."""
    groups: dict[str, list[str]] = {}
    for name, column in zip(names, read_as):
        if name:
            groups.setdefault(name, []).append(column)
    return {name: tuple(columns) for name, columns in groups.items() if len(columns) > 1}


def _unique(names: list[str], positions: list[int]) -> list[str]:
    """Blank names become "Column N" (N: 1-based position in the file); repeats get " (2)"."""
    seen: dict[str, int] = {}
    out = []
    for position, name in zip(positions, names):
        name = name or f"Column {position + 1}"
        if name in seen:
            seen[name] += 1
            candidate = f"{name} ({seen[name]})"
            while candidate in seen:
                seen[name] += 1
                candidate = f"{name} ({seen[name]})"
            name = candidate
        seen[name] = 1
        out.append(name)
    return out


def _fit_width(header_block: list[list[str]], data: list[list[str]], grid: Grid, source: str,
               first_line: int) -> int:
    """Cut or pad every row in place to the width of the widest filled row; for delimited text
    refuse rows with more filled cells than the header has cells.

    Only filled cells count towards the width, so a row or header ending in empty cells (a
    spreadsheet's used range, or a hostile file) cannot make every row wider.
    """
    header_width = max(len(r) for r in header_block)
    widths = [filled_width(row) for row in data]
    if grid.ragged_is_error:
        for i, (row, filled) in enumerate(zip(data, widths)):
            if filled > header_width:
                raise InputError(
                    f"this row has {len(row)} cells but the header has {header_width} columns "
                    f"(row {first_line + i} when opened in Excel; cells are separated by "
                    f"'{_SHOWN.get(grid.delimiter, grid.delimiter)}'). A cell probably contains "
                    "the separator without quotes around it. Put that cell in double quotes, "
                    "or re-export the file, and try again.", source=source, row=i + 1)
    width = max([filled_width(row) for row in header_block] + widths)
    for row in header_block + data:
        del row[width:]
        row.extend([""] * (width - len(row)))
    return width


def _find_marks(data: list[list[str]], names: list[str]) -> frozenset[tuple[int, str]]:
    marked = set()
    for i, row in enumerate(data):
        for j, cell in enumerate(row):
            if has_marks(cell):
                marked.add((i + 1, names[j]))
                row[j] = unmark(cell)
    return frozenset(marked)


def to_table(grid: Grid, source: str) -> RawTable:
    """Turn a grid into a table of visible columns, with the layout recorded."""
    rows = grid.rows
    while rows and _blank(rows[-1]):
        rows.pop()
    lead = 0
    while lead < len(rows) and _blank(rows[lead]):
        lead += 1
    if lead == len(rows):
        where = f"sheet '{grid.sheet}'" if grid.sheet else "the file"
        raise UnreadableFileError(f"{where} has no header row: it is empty. Export the "
                                  "responses again, with column headers.", source=source)
    rows = rows[lead:]
    layout, n_header = detect_layout(rows[:3])
    header_block = [[unmark(c) for c in row] for row in rows[:n_header]]
    data = rows[n_header:]
    width = _fit_width(header_block, data, grid, source, lead + n_header + 1)
    if layout == SURVEYMONKEY:
        raw_names = _surveymonkey_names(header_block[0], header_block[1])
    else:
        raw_names = [c.strip() for c in header_block[0]]
    keep = [j for j in range(width)
            if raw_names[j] or any(r[j].strip() for r in header_block)
            or any(row[j].strip() for row in data)]
    if len(keep) < width:
        data = [[row[j] for j in keep] for row in data]
        header_block = [[row[j] for j in keep] for row in header_block]
        raw_names = [raw_names[j] for j in keep]
    names = _unique(raw_names, keep)
    repeated = _repeated(raw_names, names)
    labels = {}
    if layout == QUALTRICS:
        labels = {name: text.strip() for name, text in zip(names, header_block[1])
                  if text.strip() and text.strip() != name}
    unreadable = _find_marks(data, names) if grid.marked else frozenset()
    frame = pd.DataFrame(data, columns=names, dtype=str) if data else \
        pd.DataFrame({n: pd.Series(dtype=str) for n in names})
    return RawTable(frame=frame, source=source, layout=layout, header_rows=lead + n_header,
                    sheet=grid.sheet, labels=labels,
                    header_cells=tuple(tuple(r) for r in header_block),
                    unreadable=unreadable, repeated_headers=repeated)
