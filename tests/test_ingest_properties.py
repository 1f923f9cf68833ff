"""Property tests: whatever the file holds, intake returns a corpus whose ledger accounts for
every data row, or raises an AnalyzerError — never another exception."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from analyzer.errors import AnalyzerError
from analyzer.pipelines.ingest import ColumnRoles, read_inputs, read_table

SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
HEADER = ["id", "comment", "Role"]
ROLES = ColumnRoles(text=("comment",), groups=("Role",))
DELIMITERS = [",", ";", "\t", "|"]

# Cells mix words, separators, quotes, line breaks, blanks and non-ASCII letters.
messy_cell = st.text(
    alphabet=st.sampled_from(list("ab xyZ09") + [",", ";", "\t", "|", '"', "'", "\n", "\r",
                                                "é", "ß", "’", "–", "中", "😀", "ф"]),
    max_size=12)
any_cell = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from(
    ["\n", "\t", '"', ",", ";"]), max_size=10)


def write(folder: str, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path


def check_corpus(path: Path) -> None:
    """read_inputs either accounts for every row or raises an AnalyzerError."""
    try:
        corpus = read_inputs([path], ROLES)
    except AnalyzerError:
        return
    ledger = corpus.ledger
    assert ledger.n_read == sum(f.rows_read for f in corpus.inputs) == sum(
        ledger.rows_read.values())
    kept_rows = set(ledger.entries.loc[ledger.entries["status"] == "kept", "row"])
    assert kept_rows == set(corpus.comments["row"])
    assert (corpus.comments["text_original"].str.strip() != "").all()
    assert corpus.comments["comment_id"].is_unique


def expected_rows(rows: list[list[str]]) -> list[list[str]]:
    """Data rows as intake should see them: trailing blank rows are not data."""
    rows = [list(r) for r in rows]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows


@SETTINGS
@given(rows=st.lists(st.lists(messy_cell, min_size=0, max_size=5), max_size=8),
       delimiter=st.sampled_from(DELIMITERS),
       quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_messy_csv_is_read_or_refused_cleanly(rows, delimiter, quoting, encoding):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, escapechar="\\",
                        lineterminator="\n")
    try:
        for row in [HEADER] + rows:
            writer.writerow(row)
        data = buffer.getvalue().encode(encoding)
    except (csv.Error, UnicodeEncodeError):
        data = buffer.getvalue().encode("utf-8", "replace")
    with tempfile.TemporaryDirectory() as folder:
        check_corpus(write(folder, "messy.csv", data))


@SETTINGS
@given(rows=st.lists(st.lists(messy_cell, min_size=3, max_size=3), max_size=8),
       delimiter=st.sampled_from(DELIMITERS),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_well_formed_csv_round_trips_exactly(rows, delimiter, encoding):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([HEADER] + rows)
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "ok.csv", buffer.getvalue().encode(encoding))
        table = read_table(path)
        assert table.columns == HEADER
        assert table.frame.values.tolist() == expected_rows(rows)
        check_corpus(path)


xlsx_value = st.one_of(st.none(), st.integers(-10**6, 10**6),
                       st.floats(allow_nan=False, allow_infinity=False, width=32),
                       any_cell.map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)))


@SETTINGS
@given(rows=st.lists(st.lists(xlsx_value, max_size=5), max_size=8),
       header=st.sampled_from([HEADER, ["comment"], ["Role", "", "comment"], ["x"]]))
def test_messy_workbook_is_read_or_refused_cleanly(rows, header):
    book = openpyxl.Workbook()
    for row in [header] + rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "messy.xlsx", buffer.getvalue())
        check_corpus(path)
        try:
            table = read_table(path)
        except AnalyzerError:
            return
        cells = [["" if v is None or (isinstance(v, str) and v.startswith("=")) else str(v)
                  for v in row] for row in rows]
        assert len(table.frame) == len(expected_rows(cells))


@SETTINGS
@given(data=st.binary(max_size=600),
       suffix=st.sampled_from([".csv", ".tsv", ".txt", ".json", ".jsonl", ".xlsx", ".parquet"]))
def test_arbitrary_bytes_never_escape_as_other_errors(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "x" + suffix, b"id,comment,Role\n" + data)
        check_corpus(path)
        path = write(folder, "y" + suffix, data)
        check_corpus(path)
