"""Hostile or oversized uploads are refused while they are read, with a one-line message that
names the file and the limit, before they can exhaust memory; files within the limits read as
before.

Each file is written here, small: the limits are shrunk where that keeps a probe fast, and
the bombs of the security report are also read at full size with the default limits, with
their memory measured.
"""

from __future__ import annotations

import json
import time
import tracemalloc
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analyzer.errors import (
    ConfigError,
    FileTooLargeError,
    InputError,
    LimitExceededError,
    UnreadableFileError,
)
from analyzer.pipelines.ingest import ColumnRoles, InputSpec, ReadLimits, read_inputs, read_table

MAX_GROWTH = 300 * 2**20
"""Python memory a refusal may take, in bytes (the unguarded readers took gigabytes)."""
MAX_SECONDS = 10.0

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml":
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels":
        f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_DOC}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets><sheet name="Sheet1" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_DOC}/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{_DOC}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
}


def write_sheet(path: Path, rows: str, dimension: str | None = None,
                shared: tuple[str, ...] = ()) -> Path:
    """A one-sheet workbook whose sheet XML is written as given, as a hostile file would be;
    `shared` are the shared strings that cells of type "s" point at by index."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = f'<worksheet xmlns="{_MAIN}">{declared}<sheetData>{rows}</sheetData></worksheet>'
    strings = "".join(f"<si><t>{text}</t></si>" for text in shared)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{_MAIN}">{strings}</sst>')
    return path


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def comment_rows(count: int) -> str:
    """A header row ("comment" in A1) and `count` rows of short comments under it."""
    return f'<row r="1">{text_cell("A1", "comment")}</row>' + "".join(
        f'<row r="{r}">{text_cell(f"A{r}", f"hi {r}")}</row>' for r in range(2, count + 2))


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8", newline="")
    return path


def refused_cheaply(path: Path, error: type[Exception], message: str) -> None:
    """Reading `path` with the default limits raises `error` matching `message`, quickly and
    within MAX_GROWTH bytes of Python memory."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(error, match=message):
            read_table(path)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < MAX_SECONDS, f"refused after {elapsed:.1f} s"
    assert peak < MAX_GROWTH, f"peak Python memory {peak / 2**20:.0f} MB"


# --- the bombs of the security report, at full size, default limits -----------------------

def test_xlsx_with_one_cell_at_xfd_per_row_is_refused_at_the_first_row(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="XFD{r}"><v>{r}</v></c></row>' for r in range(1, 40_001))
    path = write_sheet(tmp_path / "bomb.xlsx", rows, dimension="A1:XFD40000")
    assert path.stat().st_size < 400_000
    refused_cheaply(path, LimitExceededError,
                    r"^file 'bomb.xlsx': sheet 'Sheet1', row 1 has a value in column 16,384 "
                    r"\(XFD\); the limit is 2,000 columns\. Remove the stray cells")


def test_csv_with_a_million_column_header_is_refused_before_splitting(tmp_path):
    header = ",".join(f"c{i}" for i in range(1_000_000))
    path = write(tmp_path / "bomb.csv", header + "\n" + ("x" * 3_500 + "\n") * 400)
    assert path.stat().st_size > 8_000_000
    refused_cheaply(path, LimitExceededError,
                    r"^file 'bomb.csv': row 1 holds more than 200,000 ',' separators.*the limit "
                    r"is 2,000 columns")


def test_json_nested_100000_deep_is_refused_without_recursion_error(tmp_path):
    path = write(tmp_path / "bomb.json", "[" * 100_000 + "]" * 100_000)
    refused_cheaply(path, LimitExceededError,
                    r"^file 'bomb.json': the JSON nests more than 64 levels deep; the limit is 64")


def test_xlsx_declaring_16384_columns_reads_only_the_cells_it_holds(tmp_path):
    """openpyxl pads every row to the declared <dimension>: 5,000 rows of one cell declared
    A1:XFD5001 took 82 million cells."""
    path = write_sheet(tmp_path / "lying.xlsx", comment_rows(5_000), dimension="A1:XFD5001")
    tracemalloc.start()
    try:
        table = read_table(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert table.columns == ["comment"]
    assert table.frame["comment"].tolist() == [f"hi {r}" for r in range(2, 5_002)]
    assert peak < MAX_GROWTH, f"peak Python memory {peak / 2**20:.0f} MB"


# --- workbooks ------------------------------------------------------------------------------

def test_xlsx_stray_cell_in_a_later_row_is_refused_at_that_row(tmp_path):
    rows = comment_rows(1) + '<row r="3"><c r="XFD3"><v>1</v></c></row>'
    path = write_sheet(tmp_path / "bomb.xlsx", rows)
    with pytest.raises(LimitExceededError,
                       match=r"^file 'bomb.xlsx': sheet 'Sheet1', row 3 has a value in column "
                             r"16,384 \(XFD\); the limit is 1,000 columns\. Remove the stray "
                             r"cells or extra columns, or raise the limit\.$"):
        read_table(path, limits=ReadLimits(max_columns=1_000))


def test_xlsx_rows_of_formatted_empty_cells_count_towards_the_cell_limit(tmp_path):
    rows = comment_rows(0) + "".join(
        f'<row r="{r}">{text_cell(f"A{r}", "hi")}<c r="XFD{r}" s="0"/></row>'
        for r in range(2, 30))
    path = write_sheet(tmp_path / "styled.xlsx", rows)
    with pytest.raises(LimitExceededError,
                       match=r"^file 'styled.xlsx': sheet 'Sheet1' spans more than 20,000 cells "
                             r"by row 3, counting empty cells that only carry formatting; the "
                             r"limit is 20,000 cells"):
        read_table(path, limits=ReadLimits(max_cells=20_000))


def test_xlsx_row_far_down_is_refused_past_the_row_limit(tmp_path):
    rows = comment_rows(1) + '<row r="500"><c r="A500"><v>1</v></c></row>'
    path = write_sheet(tmp_path / "far.xlsx", rows)
    with pytest.raises(LimitExceededError, match=r"^file 'far.xlsx': sheet 'Sheet1' goes on past "
                                                 r"row 100; the limit is 100 rows"):
        read_table(path, limits=ReadLimits(max_rows=100))


def test_xlsx_cells_repeating_one_long_shared_string_count_each_time(tmp_path):
    """One 30,000-character shared string under 2,000 cells: 60 million characters once in a
    table, from a file of a few kilobytes (at full size this took 3 GB, then Arrow failed)."""
    rows = comment_rows(0) + "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>'
                                     for r in range(2, 2_002))
    path = write_sheet(tmp_path / "shared.xlsx", rows, shared=("long words " * 2_727,))
    assert path.stat().st_size < 50_000
    with pytest.raises(LimitExceededError, match=r"^file 'shared.xlsx': by row 36 sheet 'Sheet1' "
                                                 r"holds more than 1,048,576 characters of text; "
                                                 r"the limit is the file size limit, 1 MB"):
        read_table(path, limits=ReadLimits(max_file_bytes=2**20))


def test_xlsx_cell_longer_than_the_limit(tmp_path):
    rows = comment_rows(1) + f'<row r="3">{text_cell("A3", "x" * 51)}</row>'
    path = write_sheet(tmp_path / "long.xlsx", rows)
    with pytest.raises(LimitExceededError, match=r"^file 'long.xlsx': sheet 'Sheet1', row 3, "
                                                 r"column 1 \(A\) holds 51 characters; the limit "
                                                 r"is 50 characters per cell"):
        read_table(path, limits=ReadLimits(max_cell_chars=50))


# --- delimited text -------------------------------------------------------------------------

def test_csv_header_one_column_over_the_limit(tmp_path):
    path = write(tmp_path / "wide.csv", ",".join(f"q{i}" for i in range(11)) + "\nhi\n")
    with pytest.raises(LimitExceededError, match=r"^file 'wide.csv': row 1 has a value in column "
                                                 r"11; the limit is 10 columns"):
        read_table(path, limits=ReadLimits(max_columns=10))


def test_tsv_record_separators_are_counted_across_its_lines(tmp_path):
    limits = ReadLimits(max_columns=2)  # a record may hold 200 separators
    quoted = '"' + "\t\n" * 150 + '"'
    table = read_table(write(tmp_path / "ok.tsv", f"a\tb\n1\t{quoted}\n"), limits=limits)
    assert table.frame["b"].tolist() == ["\t\n" * 150]
    unclosed = write(tmp_path / "open.tsv", 'a\tb\n1\t"' + "\t\n" * 250)
    with pytest.raises(LimitExceededError, match=r"^file 'open.tsv': row 2 holds more than 200 "
                                                 r"'tab' separators.*the limit is 2 columns"):
        read_table(unclosed, limits=limits)


def test_short_rows_under_a_wide_header_count_as_padded(tmp_path):
    path = write(tmp_path / "pad.csv", ",".join(f"q{i}" for i in range(10)) + "\n" + "hi\n" * 20)
    with pytest.raises(LimitExceededError, match=r"^file 'pad.csv': by row 11 the file spans 11 "
                                                 r"rows x 10 columns = 110 cells; the limit is "
                                                 r"100 cells"):
        read_table(path, limits=ReadLimits(max_cells=100))


def test_csv_row_limit(tmp_path):
    path = write(tmp_path / "rows.csv", "comment\n" + "hi\n" * 10)
    with pytest.raises(LimitExceededError, match=r"^file 'rows.csv': the file goes on past row 10; "
                                                 r"the limit is 10 rows \(header included\)"):
        read_table(path, limits=ReadLimits(max_rows=10))
    assert len(read_table(path, limits=ReadLimits(max_rows=11)).frame) == 10


def test_five_megabyte_cell_is_reported_as_a_long_cell(tmp_path):
    path = write(tmp_path / "essay.csv", 'id,comment\n1,"' + "word " * 1_000_000 + '"\n')
    with pytest.raises(LimitExceededError, match=r"^file 'essay.csv': row 2 \(starting on line 2\)"
                                                 r" has a cell of more than 100,000 characters"):
        read_table(path)


def test_cell_length_limit_is_inclusive(tmp_path):
    limits = ReadLimits(max_cell_chars=50)
    table = read_table(write(tmp_path / "ok.csv", "comment\n" + "x" * 50 + "\n"), limits=limits)
    assert table.frame["comment"].tolist() == ["x" * 50]
    with pytest.raises(LimitExceededError, match="the limit is 50 characters per cell"):
        read_table(write(tmp_path / "long.csv", "comment\n" + "x" * 51 + "\n"), limits=limits)


def test_nul_byte_names_its_row_and_column(tmp_path):
    text = "id,comment\n" + "".join(f"{i},fine\n" for i in range(1, 5000)) + "5000,bad\x00byte\n"
    with pytest.raises(UnreadableFileError, match=r"^file 'nul.csv': row 5,001, column 2 "
                                                  r"\('comment'\) holds a NUL character"):
        read_table(write(tmp_path / "nul.csv", text))
    with pytest.raises(UnreadableFileError, match=r"^file 'short.csv': row 3, column 1 \('id'\)"):
        read_table(write(tmp_path / "short.csv", "id,comment\n1,hi\n\x00,ho\n"))


def test_header_repeating_the_text_column_is_an_error_naming_it(tmp_path):
    path = write(tmp_path / "dup.csv", "id,comment,Role,comment\n1,first,Parent,second\n")
    with pytest.raises(InputError, match=r"^file 'dup.csv', column 'comment': the header 'comment' "
                                         r"heads 2 columns, read as 'comment' and 'comment \(2\)',"
                                         r" so it is unclear which holds the text"):
        read_inputs([path], ColumnRoles(text=("comment",)))
    corpus = read_inputs([path], ColumnRoles(text=("comment (2)",), groups=("Role",)))
    assert corpus.comments["text_original"].tolist() == ["second"]


def test_display_name_is_what_messages_name(tmp_path):
    path = write(tmp_path / "upload-3f9c2a.csv", ",".join(f"q{i}" for i in range(5)) + "\n")
    spec = InputSpec(path, display_name="partner survey.csv")
    with pytest.raises(LimitExceededError, match=r"^file 'partner survey.csv': row 1 has a value "
                                                 r"in column 5; the limit is 4 columns"):
        read_inputs([spec], ColumnRoles(text=("q0",)), limits=ReadLimits(max_columns=4))


# --- JSON and Parquet -----------------------------------------------------------------------

def test_json_and_json_lines_nesting_limit(tmp_path):
    limits = ReadLimits(max_json_depth=3)
    shallow = write(tmp_path / "ok.json", json.dumps([{"comment": "hi", "tags": ["a"]}]))
    assert read_table(shallow, limits=limits).frame["tags"].tolist() == ['["a"]']
    deep = write(tmp_path / "deep.json", json.dumps([{"comment": {"text": ["hi"]}}]))
    with pytest.raises(LimitExceededError, match=r"^file 'deep.json': the JSON nests more than 3 "
                                                 r"levels deep; the limit is 3 levels"):
        read_table(deep, limits=limits)
    lines = write(tmp_path / "deep.jsonl", '{"comment": "hi"}\n{"comment": [[["hi"]]]}\n')
    with pytest.raises(LimitExceededError, match=r"^file 'deep.jsonl': the JSON nests more than 3"):
        read_table(lines, limits=limits)


def test_json_records_with_many_field_names(tmp_path):
    path = write(tmp_path / "keys.json", json.dumps([{f"field {i}": "x"} for i in range(6)]))
    with pytest.raises(LimitExceededError, match=r"^file 'keys.json': the file has 6 columns; the "
                                                 r"limit is 5 columns"):
        read_table(path, limits=ReadLimits(max_columns=5))
    with pytest.raises(LimitExceededError, match=r"^file 'keys.json': the file has 7 rows \(header "
                                                 r"included\) x 6 columns = 42 cells; the limit "
                                                 r"is 40 cells"):
        read_table(path, limits=ReadLimits(max_cells=40))


def test_json_value_longer_than_the_limit(tmp_path):
    path = write(tmp_path / "long.json", json.dumps([{"comment": "hi"}, {"comment": "x" * 51}]))
    with pytest.raises(LimitExceededError, match=r"^file 'long.json': response 2, field 'comment' "
                                                 r"holds 51 characters; the limit is 50"):
        read_table(path, limits=ReadLimits(max_cell_chars=50))


def test_parquet_shape_is_checked_from_its_metadata(tmp_path):
    path = tmp_path / "wide.parquet"
    pq.write_table(pa.table({f"q{i}": ["x"] * 20 for i in range(4)}), path)
    with pytest.raises(LimitExceededError, match=r"^file 'wide.parquet': the file has 4 columns; "
                                                 r"the limit is 3 columns"):
        read_table(path, limits=ReadLimits(max_columns=3))
    with pytest.raises(LimitExceededError, match=r"^file 'wide.parquet': the file goes on past "
                                                 r"row 10"):
        read_table(path, limits=ReadLimits(max_rows=10))


def test_parquet_list_items_count_as_values(tmp_path):
    path = tmp_path / "lists.parquet"
    pq.write_table(pa.table({"comment": ["hi"] * 10, "scores": [list(range(100))] * 10}), path)
    with pytest.raises(LimitExceededError, match=r"^file 'lists.parquet': the file holds 1,010 "
                                                 r"values, counting each item of a list; the "
                                                 r"limit is 500 cells"):
        read_table(path, limits=ReadLimits(max_cells=500))


def test_parquet_dictionary_expanding_past_the_size_limit(tmp_path):
    path = tmp_path / "bomb.parquet"
    one_text = pa.DictionaryArray.from_arrays(pa.array([0] * 100, pa.int32()),
                                              pa.array(["y" * 20_000]))
    pq.write_table(pa.table({"comment": one_text}), path)
    assert path.stat().st_size < 50_000
    with pytest.raises(LimitExceededError, match=r"^file 'bomb.parquet': the Parquet file unpacks "
                                                 r"to 2 MB of values, over the 1 MB limit"):
        read_table(path, limits=ReadLimits(max_file_bytes=2**20))


def _one_answer_workbook(tmp_path: Path) -> Path:
    """A real workbook with one question and one answer, to damage part by part."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Comment"])
    book.active.append(["The bus is late"])
    path = tmp_path / "plain.xlsx"
    book.save(path)
    return path


def test_a_sheet_flooded_with_elements_outside_its_rows_is_refused(tmp_path):
    """openpyxl keeps every element outside a sheet's rows in memory (a 6.6 MB flood passed
    8 GB); the scan counts them without building a tree."""
    from analyzer.pipelines.ingest.workbook import MAX_ELEMENTS_OUTSIDE_ROWS

    plain, flood = _one_answer_workbook(tmp_path), tmp_path / "flood.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(flood, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            part = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"</worksheet>",
                                    b"<q/>" * (MAX_ELEMENTS_OUTSIDE_ROWS + 1) + b"</worksheet>")
            out.writestr(member.filename, part)
    assert read_table(plain).frame["Comment"].tolist() == ["The bus is late"]
    with pytest.raises(UnreadableFileError, match=r"^file 'flood.xlsx': part 'xl/worksheets/"
                                                  r"sheet1.xml' of the workbook holds more than "
                                                  r"1,000,000 XML elements outside its rows"):
        read_table(flood)


@pytest.mark.parametrize("name, text", [("records.json", "[" + ",".join(['{"":{}}'] * 600) + "]"),
                                        ("records.jsonl", "\n".join(["{}"] * 1200))])
def test_json_full_of_tiny_objects_is_refused_before_it_is_parsed(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LimitExceededError, match=rf"^file '{name}': the JSON holds up to 1,20\d "
                                                 r"objects and lists"):
        read_table(path, limits=ReadLimits(max_rows=1000, max_cells=100))


def test_parquet_fixed_size_binary_is_refused_before_it_is_decoded(tmp_path, monkeypatch):
    path = tmp_path / "blob.parquet"
    blobs = pa.array([b"x" * 10_000] * 200, type=pa.binary(10_000))
    pq.write_table(pa.table({"comment": ["hi"] * 200, "blob": blobs}), path,
                   compression="zstd")
    assert path.stat().st_size < 50_000

    def never(*args, **kwargs):
        raise AssertionError("the values were decoded before the limit was checked")

    monkeypatch.setattr(pq.ParquetFile, "read", never)
    with pytest.raises(LimitExceededError, match=r"^file 'blob.parquet': the Parquet file unpacks "
                                                 r"to 2 MB of values, over the 1 MB limit"):
        read_table(path, limits=ReadLimits(max_file_bytes=2**20))


# --- the limits themselves ------------------------------------------------------------------

@pytest.mark.parametrize("field, value", [("max_rows", 0), ("max_columns", -5),
                                          ("max_cells", 1.5), ("max_file_bytes", "200"),
                                          ("max_cell_chars", True)])
def test_limits_are_validated(field, value):
    with pytest.raises(ConfigError, match=rf"read limit {field} should be a whole number of at "
                                          rf"least 1, got {value!r}"):
        ReadLimits(**{field: value})


def test_json_depth_limit_stays_parseable():
    with pytest.raises(ConfigError, match=r"max_json_depth should be at most 500.*got 1000"):
        ReadLimits(max_json_depth=1_000)


def test_upload_total_per_session():
    limits = ReadLimits(max_upload_bytes=100 * 2**20)
    assert limits.check_upload_total([40 * 2**20, 60 * 2**20]) == 100 * 2**20
    with pytest.raises(LimitExceededError, match=r"^the uploaded files total 100.5 MB, over the "
                                                 r"100 MB limit for one session"):
        limits.check_upload_total([40 * 2**20, 60 * 2**20, 2**19])


def test_max_bytes_still_replaces_just_the_size_limit(tmp_path):
    path = write(tmp_path / "big.csv", "comment\n" + "words\n" * 500)
    with pytest.raises(FileTooLargeError, match=r"^file 'big.csv': the file is 0.0 MB"):
        read_table(path, limits=ReadLimits(max_columns=5), max_bytes=1_000)


# --- files within the limits read as before -------------------------------------------------

def test_spreadsheet_used_range_does_not_widen_a_csv(tmp_path):
    """Excel writes every row out to the sheet's used range: a header of 2 names and 2,500
    trailing commas is a table of 2 columns, and a value under a blank header is kept."""
    text = "comment,Role" + "," * 2_500 + "\n" + ("hi,Parent" + "," * 2_500 + "\n") * 300
    table = read_table(write(tmp_path / "used.csv", text), limits=ReadLimits(max_cells=1_000))
    assert table.columns == ["comment", "Role"] and len(table.frame) == 300
    extra = read_table(write(tmp_path / "extra.csv", "comment,Role,,\nhi,Parent,,x\n"))
    assert extra.columns == ["comment", "Role", "Column 4"]
    assert extra.frame.values.tolist() == [["hi", "Parent", "x"]]


def test_formats_within_the_limits_read_exactly(tmp_path):
    rows = [["R_1", "Parent", "More shade trees, please"], ["R_2", "", " spaced "],
            ["R_3", "Student", ""]]
    header = ["id", "Role", "comment"]
    expected = [["R_1", "Parent", "More shade trees, please"], ["R_2", "", " spaced "],
                ["R_3", "Student", ""]]
    csv_text = "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in r)
                           for r in [header] + rows) + "\r\n"
    records = [dict(zip(header, r)) for r in rows]
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "export.parquet")
    sheet = f'<row r="1">{"".join(text_cell(f"{c}1", h) for c, h in zip("ABC", header))}</row>' \
        + "".join(f'<row r="{i}">' + "".join(text_cell(f"{c}{i}", v) for c, v in zip("ABC", r)
                                             if v) + "</row>" for i, r in enumerate(rows, 2))
    paths = [write(tmp_path / "export.csv", csv_text),
             write(tmp_path / "export.tsv", csv_text.replace(",", "\t").replace('"', "")
                   .replace("trees\t please", "trees, please")),
             write(tmp_path / "export.json", json.dumps(records)),
             write(tmp_path / "export.jsonl", "\n".join(json.dumps(r) for r in records)),
             tmp_path / "export.parquet",
             write_sheet(tmp_path / "export.xlsx", sheet, dimension="A1:XFD4")]
    for path in paths:
        table = read_table(path)
        assert table.columns == header, path.name
        assert table.frame.values.tolist() == expected, path.name


def test_a_number_too_long_for_python_is_an_input_error(tmp_path):
    path = tmp_path / "n.json"
    path.write_text('[{"comment": "the bus is late", "n": ' + "9" * 5000 + "}]", encoding="utf-8")
    with pytest.raises(InputError, match=r"^file 'n.json': the file holds a value that cannot "
                                         r"be read"):
        read_table(path)


def test_a_shared_string_table_flooded_with_elements_is_refused(tmp_path):
    """openpyxl reads the shared strings as it reads sheets (95 million empty strings in a
    7 MB file passed 4.9 GB in the dashboard)."""
    plain, flood = _one_answer_workbook(tmp_path), tmp_path / "strings.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(flood, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():  # openpyxl writes its strings inline
            out.writestr(member.filename, source.read(member.filename))
        out.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si/>" * 1_001 + b"</sst>")
    with pytest.raises(UnreadableFileError, match=r"^file 'strings.xlsx': part 'xl/sharedStrings"
                                                  r".xml' of the workbook holds more than 1,000 "
                                                  r"rows or strings"):
        read_table(flood, limits=ReadLimits(max_cells=1_000))
