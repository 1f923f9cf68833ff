"""Intake refuses bad input with a message that names the file, row and column and says what
to do; every such error is an AnalyzerError."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from analyzer.errors import (
    ColumnNotFoundError,
    ConfigError,
    FileTooLargeError,
    InputError,
    UnreadableFileError,
)
from analyzer.pipelines.ingest import ColumnRoles, InputSpec, read_inputs, read_table

COMMENT = ColumnRoles(text=("comment",))


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableFileError, match=r"file 'nope.csv': the file was not found"):
        read_inputs([tmp_path / "nope.csv"], COMMENT)


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(UnreadableFileError, match="is a folder, not a file"):
        read_table(tmp_path)


def test_empty_file(tmp_path):
    with pytest.raises(UnreadableFileError, match="the file is empty"):
        read_table(write(tmp_path / "e.csv", "\n \n"))


def test_header_only_file_reads_no_rows(tmp_path):
    corpus = read_inputs([write(tmp_path / "h.csv", "comment,Role\n")], COMMENT)
    assert corpus.comments.empty and corpus.ledger.rows_read == {"h.csv": 0}


def test_image_renamed_as_csv(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(UnreadableFileError, match="'photo.csv': this is a PNG image, not a table"):
        read_table(path)


def test_unknown_binary_file(tmp_path):
    path = tmp_path / "blob.csv"
    path.write_bytes(bytes(range(1, 32)) * 50 + b"\x00\x01\x02")
    with pytest.raises(UnreadableFileError, match="binary data"):
        read_table(path)


def test_file_over_the_size_limit(tmp_path):
    path = write(tmp_path / "big.csv", "comment\n" + "words and more words\n" * 100)
    with pytest.raises(FileTooLargeError, match=r"'big.csv': the file is 0.0 MB, over the 0 MB"):
        read_inputs([path], COMMENT, max_bytes=1000)


def test_ragged_row_names_the_row(tmp_path):
    path = write(tmp_path / "r.csv", "comment,Role\nfine,Parent\nnot, quoted,Teacher\n")
    with pytest.raises(InputError, match=r"'r.csv', row 2: this row has 3 cells but the header "
                                         r"has 2 columns \(row 3 when opened in Excel"):
        read_table(path)


def test_trailing_empty_cells_are_not_ragged(tmp_path):
    table = read_table(write(tmp_path / "t.csv", "comment,Role\nfine,Parent,,\n"))
    assert table.frame.values.tolist() == [["fine", "Parent"]]


def test_unclosed_quote(tmp_path):
    path = write(tmp_path / "q.csv", 'comment,Role\n"never closed,Parent\nmore,Teacher\n')
    with pytest.raises(InputError, match=r"'q.csv': the row starting on line 2 could not be split "
                                         r"into cells.*never closed"):
        read_table(path)


def test_password_protected_workbook(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx_bytes([["comment"], ["hi"]]))).encrypt("secret", encrypted)
    path = tmp_path / "locked.xlsx"
    path.write_bytes(encrypted.getvalue())
    with pytest.raises(UnreadableFileError, match="'locked.xlsx': the workbook is "
                                                  "password-protected.*save an unprotected copy"):
        read_inputs([path], COMMENT)


def test_zip_bomb_is_refused_before_opening(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (24 * 1024 * 1024))
    with pytest.raises(UnreadableFileError, match=r"sheet1.xml' of the workbook expands \d+ "
                                                  r"times.*zip bomb"):
        read_table(path)


def test_workbook_expanding_past_the_limit(tmp_path):
    path = tmp_path / "wide.xlsx"
    path.write_bytes(xlsx_bytes([["comment"]] + [[f"{i} " + "x" * 200] for i in range(2000)]))
    with pytest.raises(UnreadableFileError, match=r"would expand to \d+ MB when opened"):
        read_table(path, max_bytes=path.stat().st_size)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.csv", "comment\nhi\n")
    with pytest.raises(UnreadableFileError, match="ZIP archive but not an Excel workbook"):
        read_table(path)


def test_damaged_workbook(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(xlsx_bytes([["comment"], ["hi"]])[:700])
    with pytest.raises(UnreadableFileError, match="'broken.xlsx': the file is damaged"):
        read_table(path)


def test_text_named_like_a_workbook(tmp_path):
    with pytest.raises(UnreadableFileError, match="named like an Excel workbook but is not one"):
        read_table(write(tmp_path / "fake.xlsx", "comment\nhi\n"))


def test_unknown_sheet_lists_the_sheets(tmp_path):
    path = tmp_path / "s.xlsx"
    path.write_bytes(xlsx_bytes([["comment"], ["hi"]]))
    with pytest.raises(InputError, match="there is no sheet 'Nope'. Sheets in this workbook: "
                                         "Sheet"):
        read_table(InputSpec(path, sheet="Nope"))


@pytest.mark.parametrize("text, message", [
    ("[1, 2]", r"response 1 is int, not an object"),
    ('{"a": 1}', "holds an object, not a list of responses"),
    ('[{"comment": "hi"}', "not valid JSON"),
])
def test_bad_json(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        read_table(write(tmp_path / "x.json", text))


def test_bad_json_lines(tmp_path):
    with pytest.raises(InputError, match="line 2 is not valid JSON"):
        read_table(write(tmp_path / "x.jsonl", '{"comment": "hi"}\n{oops}\n'))


def test_damaged_parquet(tmp_path):
    path = tmp_path / "x.parquet"
    path.write_bytes(b"PAR1" + b"garbage" * 20)
    with pytest.raises(UnreadableFileError, match="Parquet file could not be read"):
        read_table(path)


def test_text_column_not_in_file_lists_columns(tmp_path):
    path = write(tmp_path / "c.csv", "Comments,Role\nhi,Parent\n")
    with pytest.raises(ColumnNotFoundError, match=r"file 'c.csv', column 'comment': the text "
                                                  r"column 'comment' is not in the file. Columns "
                                                  r"available: 'Comments', 'Role'"):
        read_inputs([path], COMMENT)


def test_group_column_in_no_file(tmp_path):
    a = write(tmp_path / "a.csv", "comment\nhi\n")
    b = write(tmp_path / "b.csv", "comment\nho\n")
    with pytest.raises(ColumnNotFoundError, match="group column 'Role' is not in any of the "
                                                  "files"):
        read_inputs([a, b], ColumnRoles(text=("comment",), groups=("Role",)))


def test_file_without_any_text_column(tmp_path):
    a = write(tmp_path / "a.csv", "comment\nhi\n")
    b = write(tmp_path / "b.csv", "Feedback\nho\n")
    with pytest.raises(ColumnNotFoundError, match=r"'b.csv': none of the text columns \(comment\)"
                                                  r" is in this file.*aliases"):
        read_inputs([a, b], COMMENT)


def test_ambiguous_question_text(tmp_path):
    path = write(tmp_path / "q.csv", "Q1,Q2\nSame question,Same question\n"
                                     '"{""ImportId"":""QID1""}","{""ImportId"":""QID2""}"\n'
                                     "a,b\n")
    with pytest.raises(InputError, match="'Same question' matches several columns"):
        read_inputs([path], ColumnRoles(text=("Same question",)))


def test_duplicate_ids_across_files(tmp_path):
    a = write(tmp_path / "a.csv", "ID,comment\n1,hi\n")
    b = write(tmp_path / "b.csv", "ID,comment\n1,ho\n")
    with pytest.raises(InputError, match=r"column 'ID': the value '1' appears in 'a.csv' row 1 "
                                         r"and 'b.csv' row 1, but ids must be unique"):
        read_inputs([a, b], ColumnRoles(text=("comment",), id="ID"))


def test_no_input_files():
    with pytest.raises(InputError, match="no input files"):
        read_inputs([], COMMENT)


@pytest.mark.parametrize("kwargs, message", [
    ({"text": ()}, "at least one text column"),
    ({"text": ("comment",), "groups": ("comment",)}, "'comment' is named as both text and group"),
    ({"text": ("a", "a")}, "'a' is named twice"),
    ({"text": ("comment",), "groups": ("I am a...",), "id": "Role",
      "aliases": {"I am a...": "Role"}}, "'Role' is named as both group and id"),
    ({"text": ("comment",), "groups": ("source",)}, "same name as a built-in output column"),
    ({"text": ("",)}, "should be a non-empty text"),
])
def test_column_roles_are_validated(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        ColumnRoles(**kwargs)


def test_column_roles_accept_plain_strings_and_dicts():
    roles = ColumnRoles(text="comment", groups="Role", aliases={"I am a...": "Role"})
    assert roles.text == ("comment",) and roles.groups == ("Role",)
    assert roles.canonical("I am a...") == "Role"
    assert hash(roles) == hash(ColumnRoles(text=("comment",), groups=("Role",),
                                           aliases={"I am a...": "Role"}))
