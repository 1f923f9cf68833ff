"""Intake: every survey-tool layout and file format loads into the same canonical frame."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analyzer.pipelines.ingest import (
    ColumnRoles,
    InputFile,
    InputSpec,
    read_inputs,
    read_table,
    suggest_roles,
)
from analyzer.themes.ledger import Ledger

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
TEXTS = ["More shade trees by the café", "Safer crossings near the school, please",
         "Longer library hours\non weekends – it’s busy"]
ROLES = ["Parent", "Teacher", "Student"]
IDS = ["R_1", "R_2", "R_3"]
PLAIN_HEADER = ["id", "Role", "comment", "age"]
PLAIN_ROWS = [[i, r, t, a] for i, r, t, a in zip(IDS, ROLES, TEXTS, ["41", "35", "16"])]
# One set of roles for every layout: differing headers are mapped by aliases.
SURVEY_ROLES = ColumnRoles(
    text=("comment",), groups=("Role",), id="respondent",
    aliases={"What should change?": "comment", "I am a...": "Role", "ResponseId": "respondent",
             "Respondent ID": "respondent", "Email address": "respondent", "id": "respondent",
             "ID": "respondent"})


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_delimited(path: Path, rows: list[list[str]], delimiter: str, encoding: str) -> Path:
    def cell(value: str) -> str:
        if any(ch in value for ch in (delimiter, '"', "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    text = "\r\n".join(delimiter.join(cell(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def build(kind: str, folder: Path) -> Path:
    """Write the three respondents in one file format or survey-tool layout."""
    rows = [PLAIN_HEADER] + PLAIN_ROWS
    if kind in ("qualtrics", "surveymonkey", "google_forms", "plain"):
        return FIXTURES / f"{kind}.csv"
    if kind == "microsoft_forms":
        header = ["ID", "Start time", "Completion time", "Email", "Name", "I am a...",
                  "What should change?"]
        body = [[n, "3/1/24 10:00:00", "3/1/24 10:05:00", "anonymous", "", role, text]
                for n, role, text in zip(IDS, ROLES, TEXTS)]
        return write_xlsx(folder / "ms_forms.xlsx", {"Sheet1": [header] + body})
    if kind == "cp1252":
        return write_delimited(folder / "windows.csv", rows, ",", "cp1252")
    if kind == "utf16_tsv":
        return write_delimited(folder / "export.tsv", rows, "\t", "utf-16")
    if kind == "semicolon_bom":
        return write_delimited(folder / "european.csv", rows, ";", "utf-8-sig")
    if kind == "xlsx":
        return write_xlsx(folder / "plain.xlsx", {"Responses": rows})
    records = [dict(zip(PLAIN_HEADER, row)) for row in PLAIN_ROWS]
    if kind == "json":
        path = folder / "export.json"
        path.write_text(json.dumps({"responses": records}, ensure_ascii=False), "utf-8")
        return path
    if kind == "jsonl":
        path = folder / "export.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
        return path
    if kind == "parquet":
        path = folder / "export.parquet"
        pq.write_table(pa.Table.from_pylist(records), path)
        return path
    raise ValueError(kind)


LAYOUTS = {"qualtrics": "qualtrics", "surveymonkey": "surveymonkey",
           "google_forms": "google_forms", "microsoft_forms": "microsoft_forms",
           "plain": "plain", "cp1252": "plain", "utf16_tsv": "plain", "semicolon_bom": "plain",
           "xlsx": "plain", "json": "plain", "jsonl": "plain", "parquet": "plain"}


@pytest.mark.parametrize("kind", list(LAYOUTS))
def test_every_layout_and_format_loads_the_same_three_respondents(kind, tmp_path):
    path = build(kind, tmp_path)
    corpus = read_inputs([path], SURVEY_ROLES)
    frame = corpus.comments
    assert list(frame.columns) == ["comment_id", "source", "row", "partner", "question",
                                   "respondent_id", "text_original", "Role"]
    assert frame["text_original"].tolist() == TEXTS
    assert frame["Role"].tolist() == ROLES
    assert frame["row"].tolist() == [1, 2, 3]
    assert frame["source"].tolist() == [path.name] * 3
    assert frame["partner"].tolist() == [path.stem] * 3
    assert frame["question"].tolist() == ["comment"] * 3
    assert frame["respondent_id"].tolist() == IDS
    assert frame["comment_id"].tolist() == IDS
    assert corpus.inputs[0].layout == LAYOUTS[kind]
    assert corpus.inputs[0].rows_read == 3
    assert corpus.ledger.summary()["kept"] == 3


@pytest.mark.parametrize("text", ["Q5", "What should change?", "what should  CHANGE?"])
def test_qualtrics_column_by_id_or_question_text(text):
    corpus = read_inputs([FIXTURES / "qualtrics.csv"], ColumnRoles(text=(text,), groups=("Q1",)))
    assert corpus.comments["text_original"].tolist() == TEXTS
    assert corpus.comments["Q1"].tolist() == ROLES
    assert corpus.comments["question"].tolist() == [text] * 3


def test_read_table_reports_layout_and_visible_headers():
    table = read_table(FIXTURES / "qualtrics.csv")
    assert (table.layout, table.header_rows, table.source) == ("qualtrics", 3, "qualtrics.csv")
    assert table.columns == ["StartDate", "EndDate", "Status", "ResponseId", "Q1", "Q5", "Q6"]
    assert table.labels["Q5"] == "What should change?"
    monkey = read_table(FIXTURES / "surveymonkey.csv")
    assert (monkey.layout, monkey.header_rows) == ("surveymonkey", 2)
    assert monkey.columns[4:] == ["I am a...", "I am a... - Other (please specify)",
                                  "What should change?", "How old are you?"]
    assert len(monkey.frame) == 3


def test_files_with_different_headers_merge_with_provenance(tmp_path):
    a = write_delimited(tmp_path / "a.csv", [["Role", "comment"], ["Parent", "More trees"],
                                            ["Teacher", "Fewer cars"]], ",", "utf-8")
    b = write_delimited(tmp_path / "b.csv", [["I am a...", "Comments", "District"],
                                            ["Student", "Bike lanes", "North"]], ",", "utf-8")
    roles = ColumnRoles(text=("comment",), groups=("Role", "District"),
                        aliases={"I am a...": "Role", "Comments": "comment"})
    corpus = read_inputs([InputSpec(a, label="Library"), InputSpec(b, display_name="upload.csv")],
                         roles)
    expected = pd.DataFrame({
        "comment_id": ["a.csv:1", "a.csv:2", "upload.csv:1"],
        "source": ["a.csv", "a.csv", "upload.csv"], "row": [1, 2, 1],
        "partner": ["Library", "Library", "upload"], "question": ["comment"] * 3,
        "respondent_id": ["a.csv:1", "a.csv:2", "upload.csv:1"],
        "text_original": ["More trees", "Fewer cars", "Bike lanes"],
        "Role": ["Parent", "Teacher", "Student"],
        "District": ["(not given)", "(not given)", "North"]})
    pd.testing.assert_frame_equal(corpus.comments, expected, check_dtype=False)
    assert [f.name for f in corpus.inputs] == ["a.csv", "upload.csv"]
    assert corpus.inputs[0] == InputFile("a.csv", "Library", corpus.inputs[0].sha256, 2,
                                         "plain", None, a.stat().st_size)
    assert corpus.ledger.rows_read == {"a.csv": 2, "upload.csv": 1}


def test_several_questions_melt_into_one_comment_per_answer(tmp_path):
    path = write_delimited(tmp_path / "s.csv", [
        ["id", "Likes", "Dislikes", "Wave"],
        ["7", "The park", "Traffic", "1"],
        ["8", "", "Noise", "2"],
        ["9", "  ", "", "2"]], ",", "utf-8")
    corpus = read_inputs([path], ColumnRoles(text=("Likes", "Dislikes"), id="id", round="Wave"))
    frame = corpus.comments
    assert frame["comment_id"].tolist() == ["7/Likes", "7/Dislikes", "8/Dislikes"]
    assert frame["question"].tolist() == ["Likes", "Dislikes", "Dislikes"]
    assert frame["respondent_id"].tolist() == ["7", "7", "8"]
    assert frame["Wave"].tolist() == ["1", "1", "2"]
    assert frame.columns[-1] == "Wave"
    assert corpus.ledger.entries["status"].tolist() == ["kept", "kept", "dropped"]


def test_ledger_accounts_for_every_row_with_reasons(tmp_path):
    path = write_delimited(tmp_path / "l.csv", [
        ["comment", "Role"],
        ["Good", "Parent"],
        ["", "Parent"],
        ["   ", "Teacher"],
        ["12345", "Teacher"],
        ["3.5", "Teacher"],
        ["comment", "Role"],
        ["-", "Parent"],
        ["n/a", "Parent"],
        ["???", "Parent"],
        ["", ""],
        ["Last", ""]], ",", "utf-8")
    corpus = read_inputs([path], ColumnRoles(text=("comment",), groups=("Role",)))
    ledger = corpus.ledger
    assert isinstance(ledger, Ledger)
    assert ledger.entries["row"].tolist() == list(range(1, 12))
    assert ledger.entries["reason"].tolist() == [
        "", "empty", "empty", "non-text", "non-text", "duplicate header row", "", "", "",
        "empty", ""]
    assert ledger.summary() == {
        "rows_read": 11, "kept": 5, "dropped": 6,
        "dropped_by_reason": {"duplicate header row": 1, "empty": 3, "non-text": 2},
        "rows_read_by_source": {"l.csv": 11}}
    assert corpus.comments["text_original"].tolist() == ["Good", "-", "n/a", "???", "Last"]
    assert corpus.comments["Role"].tolist()[-1] == "(not given)"


def test_undecodable_bytes_are_dropped_as_unreadable(tmp_path):
    path = tmp_path / "mixed.csv"
    # Mostly UTF-8, with one line pasted in from elsewhere.
    path.write_bytes("comment,Role\nCafé au lait,Père\nBonjour à tous,Élève\n".encode()
                     + b"Bad \xff\xfe here,Parent\n" + "Très bien,Mère\n".encode())
    corpus = read_inputs([path], ColumnRoles(text=("comment",), groups=("Role",)))
    assert corpus.ledger.entries["reason"].tolist() == ["", "", "unreadable cell", ""]
    assert corpus.comments["text_original"].tolist() == ["Café au lait", "Bonjour à tous",
                                                         "Très bien"]
    assert read_table(path).unreadable == {(3, "comment")}


def test_workbook_sheets_one_or_all(tmp_path):
    path = write_xlsx(tmp_path / "two.xlsx", {
        "North": [["comment", "Role"], ["More trees", "Parent"]],
        "South": [["comment"], ["Fewer cars"], [None], ["Bike lanes"]],
        "Empty": []})
    roles = ColumnRoles(text=("comment",), groups=("Role",))
    first = read_inputs([path], roles)
    assert first.comments["source"].tolist() == ["two.xlsx"]
    assert first.inputs[0].sheet == "North"
    south = read_inputs([InputSpec(path, sheet="South")], ColumnRoles(text=("comment",)))
    assert south.comments["text_original"].tolist() == ["Fewer cars", "Bike lanes"]
    every = read_inputs([InputSpec(path, sheet="*")], roles)
    assert every.comments["source"].tolist() == ["two.xlsx:North", "two.xlsx:South",
                                                 "two.xlsx:South"]
    assert every.comments["row"].tolist() == [1, 1, 3]
    assert every.comments["Role"].tolist() == ["Parent", "(not given)", "(not given)"]
    assert every.ledger.rows_read == {"two.xlsx:North": 1, "two.xlsx:South": 3}
    both = read_inputs([InputSpec(path, sheet="North"), InputSpec(path, sheet="South")], roles)
    assert both.comments["source"].unique().tolist() == ["two.xlsx:North", "two.xlsx:South"]


def test_excel_values_are_shown_as_text_not_coerced(tmp_path):
    import datetime as dt

    path = write_xlsx(tmp_path / "types.xlsx", {"S": [
        ["comment", "score", "when", "flag"],
        ["Fine", 5, dt.datetime(2024, 3, 1, 10, 30), True],
        ["Ok", 2.5, dt.datetime(2024, 3, 2), False]]})
    frame = read_table(path).frame
    assert frame.to_dict("list") == {"comment": ["Fine", "Ok"], "score": ["5", "2.5"],
                                     "when": ["2024-03-01 10:30:00", "2024-03-02"],
                                     "flag": ["TRUE", "FALSE"]}


def test_csv_values_keep_leading_zeros_and_na_strings(tmp_path):
    path = write_delimited(tmp_path / "z.csv", [["zip", "comment"], ["02134", "NA"],
                                                ["", "None"]], ",", "utf-8")
    assert read_table(path).frame.to_dict("list") == {"zip": ["02134", ""],
                                                      "comment": ["NA", "None"]}


def test_pipe_delimited_and_blank_headers(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("comment|Role|\nHello there|Parent|x\nBye now|Teacher|\n", "utf-8")
    table = read_table(path)
    assert table.columns == ["comment", "Role", "Column 3"]
    assert table.frame["Column 3"].tolist() == ["x", ""]


def test_suggest_roles_on_a_small_frame():
    frame = pd.DataFrame({
        "ResponseId": ["R_1", "R_2", "R_3", "R_4", "R_5", "R_6"],
        "Submitted": ["2024-03-01 10:00", "2024-03-01 11:00", "2024-03-02 09:15",
                      "2024-03-02", "2024-03-03 12:00:05", "2024-03-04"],
        "Role": ["Parent", "Teacher", "Parent", "Student", "Parent", "Teacher"],
        "What should change?": ["More shade trees in the park", "Safer crossings near school",
                                "Longer library hours on weekends", "More buses to the centre",
                                "Cheaper after school clubs please", "Less traffic outside"],
        "Constant": ["x"] * 6,
        "Blank": [""] * 6})
    assert suggest_roles(frame) == {"ResponseId": "id", "Submitted": "date", "Role": "group",
                                    "What should change?": "text", "Constant": "other",
                                    "Blank": "other"}
    assert suggest_roles(frame) == suggest_roles(frame.copy())


def test_qualtrics_legacy_two_header_rows(tmp_path):
    path = write_delimited(tmp_path / "legacy.csv", [
        ["ResponseID", "ResponseSet", "Q1", "Q2"],
        ["Response ID", "Response Set", "I am a...", "What should change?"],
        ["R_1", "Default", "Parent", "More trees"]], ",", "utf-8")
    table = read_table(path)
    assert (table.layout, table.header_rows, len(table.frame)) == ("qualtrics", 2, 1)
    corpus = read_inputs([path], ColumnRoles(text=("What should change?",), id="ResponseID"))
    assert corpus.comments["comment_id"].tolist() == ["R_1"]


def test_excel_sep_hint_and_leading_blank_rows(tmp_path):
    path = tmp_path / "hint.csv"
    path.write_text("sep=;\n\ncomment;Role\nHi, there;Parent\n", "utf-8")
    table = read_table(path)
    assert (table.columns, table.header_rows) == (["comment", "Role"], 3)
    assert table.frame.values.tolist() == [["Hi, there", "Parent"]]


def test_same_file_name_in_two_folders_gets_distinct_sources(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = write_delimited(tmp_path / "a" / "export.csv", [["comment"], ["Hi"]], ",", "utf-8")
    b = write_delimited(tmp_path / "b" / "export.csv", [["comment"], ["Ho"]], ",", "utf-8")
    corpus = read_inputs([a, b], ColumnRoles(text=("comment",)))
    assert corpus.comments["comment_id"].tolist() == ["export.csv:1", "export.csv (2):1"]
    assert corpus.ledger.rows_read == {"export.csv": 1, "export.csv (2)": 1}


def test_json_values_are_rendered_as_text(tmp_path):
    path = tmp_path / "nested.json"
    path.write_text(json.dumps([{"comment": "Hi", "score": 4, "ok": True, "tags": ["a", "b"],
                                 "none": None}, {"comment": "Ho", "extra": 1.5}]), "utf-8")
    frame = read_table(path).frame
    assert frame.to_dict("list") == {"comment": ["Hi", "Ho"], "score": ["4", ""],
                                     "ok": ["true", ""], "tags": ['["a", "b"]', ""],
                                     "none": ["", ""], "extra": ["", "1.5"]}
