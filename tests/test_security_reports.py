"""Damaged and hand-edited analysis folders are refused with a message, never a traceback.

A folder written by `analyze` is plain CSV and JSON: people open the files in a spreadsheet
and save them back, copies get cut short. Each test damages a copy of one real folder (TF-IDF,
three themes, two groups, two rounds, a response log) and checks that `python -m analyzer
report` on it exits 2 with one `error:` line saying which file is damaged, for HTML, XLSX and
PPTX. The fuzz test replaces every value of the real method.json with values of other kinds.

Run as a script to count how many method.json edits crash the report command (exit 1):

    HF_HUB_OFFLINE=1 .venv/bin/python tests/test_security_reports.py
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pytest

if __name__ == "__main__":  # run as a script: `tests` importable, PYTHONPATH first
    sys.path.append(str(Path(__file__).resolve().parents[1]))

from analyzer.cli import main
from analyzer.errors import AnalyzerError

FORMATS = ("html", "xlsx", "pptx")
DAMAGED = "is damaged: "
RERUN = "Run `analyze` again to rewrite the folder."
TABLES = ("groups.csv", "common_ground.csv", "distinctive.csv", "hidden.csv",
          "representation.csv", "prevalence.csv", "rounds.csv")
"""The group and round tables the fixture's analysis writes (besides themes, assignments)."""


def build_folder(folder: Path) -> Path:
    """A real analysis folder from the library, as `analyze --out` writes it."""
    from analyzer import AnalysisConfig, ColumnRoles, FeedbackAnalyzer, read_inputs, write_outputs
    from analyzer.reports import write_responses
    from analyzer.themes.responses import ResponseEntry, ResponseLog
    from tests.conftest import synthetic_feedback

    frame = synthetic_feedback(n_per_topic=12)
    frame["round"] = np.where(np.arange(len(frame)) % 2, "Spring", "Autumn")
    path = folder / "survey.csv"
    frame.drop(columns=["topic"]).to_csv(path, index=False)
    roles = ColumnRoles(text=("comment",), groups=("role",), round="round")
    result = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf", n_themes=3),
                              use_cache=False).fit(read_inputs([path], roles))
    outdir = folder / "out"
    write_outputs(result, outdir)
    theme = next(t for t in result.themes if t.is_real)
    add_hidden_row(outdir, result)
    write_responses(ResponseLog().add(ResponseEntry(theme.theme_id, theme.label, "adopted",
                                                    "More buses.", "", None)), outdir)
    return outdir


def add_hidden_row(outdir: Path, result) -> None:
    """So few comments leave hidden.csv with only its header; give it one row, worked out
    from groups.csv as the hidden-theme table would, so its cells can be damaged too."""
    rows = rows_of(outdir / "hidden.csv")
    if len(rows) > 1:
        return
    groups = rows_of(outdir / "groups.csv")
    row = dict(zip(groups[0], groups[1]))
    theme = next(t for t in result.themes if t.theme_id == int(row["theme_id"]))
    values = {"theme_id": row["theme_id"], "label": theme.label, "group": row["group"],
              "rank": "1", "share_in_group": row["share_of_group"],
              "share_overall": str(theme.share), "lift": "1.2", "raw_rank": "2",
              "count": row["count"], "group_comments": row["group_comments"],
              "ci_low": row["ci_low"]}
    write_rows(outdir / "hidden.csv", [rows[0], [values[column] for column in rows[0]]])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return build_folder(tmp_path_factory.mktemp("intact"))


@pytest.fixture
def copy(folder, tmp_path) -> Path:
    return Path(shutil.copytree(folder, tmp_path / "out"))


def report(path: Path, fmt: str, output: Path, capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["report", str(path), "--format", fmt, "--output", str(output)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_refused(path: Path, fmt: str, tmp_path: Path, capsys, message: str) -> str:
    output = tmp_path / f"report.{fmt}"
    code, out, err = report(path, fmt, output, capsys)
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert "Traceback" not in err
    assert message in err, err
    assert not output.exists()
    return err


# -- ways to damage a folder ----------------------------------------------------------------

def write_method(text: str | bytes) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        target = path / "method.json"
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return damage


def edit_method(change: Callable[[dict], Any]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        method = json.loads((path / "method.json").read_text(encoding="utf-8"))
        change(method)
        (path / "method.json").write_text(json.dumps(method), encoding="utf-8")
    return damage


def put(*keys: Any, value: Any) -> Callable[[dict], None]:
    """Set method[k1][k2]... to `value`, creating objects on the way."""
    def change(method: dict) -> None:
        inner = method
        for key in keys[:-1]:
            inner = inner.setdefault(key, {}) if isinstance(inner, dict) else inner[key]
        inner[keys[-1]] = value
    return change


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(filename: str, column: str, value: str, row: int = 1) -> Callable[[Path], None]:
    """Put `value` in `column` of data row `row` (1 = the first after the header)."""
    def damage(path: Path) -> None:
        rows = rows_of(path / filename)
        assert column in rows[0], f"{filename} of the fixture has no column {column}"
        rows[row][rows[0].index(column)] = value
        write_rows(path / filename, rows)
    return damage


def drop_column(filename: str, column: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        rows = rows_of(path / filename)
        assert column in rows[0], f"{filename} of the fixture has no column {column}"
        index = rows[0].index(column)
        write_rows(path / filename, [row[:index] + row[index + 1:] for row in rows])
    return damage


def remove(filename: str) -> Callable[[Path], None]:
    return lambda path: (path / filename).unlink()


def write_file(filename: str, data: bytes) -> Callable[[Path], None]:
    return lambda path: (path / filename).write_bytes(data)


def append_line(filename: str, line: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with (path / filename).open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    return damage


def duplicate_first_theme(path: Path) -> None:
    rows = rows_of(path / "themes.csv")
    write_rows(path / "themes.csv", rows + [rows[1]])


METHOD_CASES = [
    ("invalid-json", write_method('{"inputs": ['), "method.json is not valid JSON"),
    ("empty", write_method(""), "method.json is not valid JSON"),
    ("not-utf8", write_method(b'{"seed": "\xff\xfe"}'), "method.json is not UTF-8 text"),
    ("a-list", write_method("[1, 2]"), "a JSON list as method where a JSON object belongs"),
    ("a-number", write_method("5"), "a JSON number as method where a JSON object belongs"),
    ("brief-example", write_method('{"inputs": 5, "comments": [1,2], "columns": "x"}'),
     "a JSON number as method.inputs where a JSON list belongs"),
    ("nested-past-parser", write_method('{"config": ' + "[" * 100_000 + "]" * 100_000 + "}"),
     "method.json nests more than 32 levels deep"),
    ("nested-in-config", edit_method(put("config", value=nested(200))),
     "values nested more than 32 levels deep at method.config.a.a"),
    ("inputs-item", edit_method(put("inputs", value=[5])),
     "a JSON number as method.inputs[0] where a JSON object belongs"),
    ("input-file", edit_method(lambda m: m["inputs"][0].update(file=None)),
     "None as method.inputs[0].file where text belongs"),
    ("columns-text", edit_method(put("columns", value="x")),
     "a JSON text as method.columns where a JSON object belongs"),
    ("groups-text", edit_method(put("columns", "groups", value="role")),
     "a JSON text as method.columns.groups where a JSON list belongs"),
    ("round-list", edit_method(put("columns", "round", value=["round"])),
     "['round'] as method.columns.round where text belongs"),
    ("ledger-kept", edit_method(put("ledger", "kept", value="all of them")),
     "'all of them' as method.ledger.kept where a whole number belongs"),
    ("ledger-null", edit_method(put("ledger", value=None)),
     "JSON null as method.ledger where a JSON object belongs"),
    ("ledger-reasons", edit_method(put("ledger", "dropped_by_reason", value={"empty": "2"})),
     "'2' as method.ledger.dropped_by_reason.empty where a whole number belongs"),
    ("comments-list", edit_method(put("comments", value=[1, 2])),
     "a JSON list as method.comments where a JSON object belongs"),
    ("unassigned-float", edit_method(put("comments", "unassigned", value=1e308)),
     "1e+308 as method.comments.unassigned where a whole number belongs"),
    ("answered-400-digits", edit_method(put("comments", "answered", value=10 ** 400)),
     "a whole number of 401 digits as method.comments.answered"),
    ("config-text", edit_method(put("config", value="x")),
     "a JSON text as method.config where a JSON object belongs"),
    ("seed-text", edit_method(put("seed", value="forty-two")),
     "'forty-two' as method.seed where a whole number belongs"),
    ("versions-list", edit_method(put("package_versions", value=["numpy"])),
     "a JSON list as method.package_versions where a JSON object belongs"),
    ("languages", edit_method(put("cleaning", "languages", value={"fr": "many"})),
     "'many' as method.cleaning.languages.fr where a whole number belongs"),
    ("campaigns", edit_method(put("cleaning", "campaigns", value=3)),
     "a JSON number as method.cleaning.campaigns where a JSON list belongs"),
    ("distinct-texts", edit_method(put("theme_model", "distinct_texts", value="lots")),
     "'lots' as method.theme_model.distinct_texts where a whole number belongs"),
    ("stability-text", edit_method(put("stability", value={"themes": "all"})),
     "a JSON text as method.stability.themes where a JSON list belongs"),
    ("stability-no-id", edit_method(put("stability", value={"themes": [{"label": "Bus"}]})),
     "no theme_id in method.stability.themes[0]"),
    ("stability-score", edit_method(put("stability", value={
        "themes": [{"theme_id": 0, "stability": "high"}]})),
     "'high' as method.stability.themes[0].stability where a number belongs"),
]

FILE_CASES = [
    ("themes-cut-short", write_file("themes.csv", b""), "themes.csv is empty"),
    ("assignments-cut-short", write_file("assignments.csv", b""), "assignments.csv is empty"),
    ("themes-not-text", write_file("themes.csv", b"theme_id,label\n\xff\xfe\x00,\x81\n"),
     "themes.csv cannot be read as a table"),
    ("groups-not-text", write_file("groups.csv", bytes(range(256)) * 4),
     "groups.csv cannot be read as a table"),
    ("themes-ragged", append_line("themes.csv", "1,a,b,2,0.5,x,y,z,w"),
     "themes.csv cannot be read as a table"),
    ("brief-example", write_file("themes.csv", b"theme_id,label\nx,y\n"),
     "themes.csv has no columns 'size', 'share'"),
    ("themes-id-text", set_cell("themes.csv", "theme_id", "x"),
     "themes.csv column 'theme_id' holds 'x' in row 1, where a whole number belongs"),
    ("themes-id-fraction", set_cell("themes.csv", "theme_id", "1.5"),
     "themes.csv column 'theme_id' holds 1.5 in row 1, where a whole number belongs"),
    ("themes-id-blank", set_cell("themes.csv", "theme_id", ""),
     "themes.csv column 'theme_id' is empty in row 1, where a whole number belongs"),
    ("themes-id-twice", duplicate_first_theme, "themes.csv lists theme"),
    ("size-negative", set_cell("themes.csv", "size", "-3", row=2),
     "themes.csv column 'size' holds -3 in row 2, where a whole number of at least 0"),
    ("size-huge", set_cell("themes.csv", "size", "1e308"),
     "themes.csv column 'size' holds 1e+308 in row 1, where a whole number"),
    ("size-past-comments", set_cell("themes.csv", "size", "1000000"),
     "themes.csv column 'size' holds 1,000,000 in row 1, more than the"),
    ("share-nan", set_cell("themes.csv", "share", "NaN"),
     "themes.csv column 'share' holds 'NaN' in row 1, where a number between 0 and 1"),
    ("share-inf", set_cell("themes.csv", "share", "inf"),
     "themes.csv column 'share' holds inf in row 1, where a number between 0 and 1"),
    ("share-above-one", set_cell("themes.csv", "share", "1.5"),
     "themes.csv column 'share' holds 1.5 in row 1, where a number between 0 and 1"),
    ("share-blank", set_cell("themes.csv", "share", ""),
     "themes.csv column 'share' is empty in row 1"),
    ("label-huge", set_cell("themes.csv", "label", "bus " * 50_000),
     "themes.csv column 'label' holds 'bus bus bus bus bus bus bus bus bus bus '... "
     "(200,000 characters) in row 1, longer than the 1,000 characters"),
    ("theme-label-huge", set_cell("assignments.csv", "theme_label", "x" * 5_000),
     "assignments.csv column 'theme_label' holds"),
    ("common-ground-label-huge", set_cell("common_ground.csv", "label", "x" * 5_000),
     "common_ground.csv column 'label' holds"),
    ("unknown-theme", set_cell("assignments.csv", "theme_id", "999", row=3),
     "assignments.csv column 'theme_id' holds 999 in row 3, a theme themes.csv does not list"),
    ("group-column-dropped", drop_column("assignments.csv", "role"),
     "assignments.csv has no column 'role'"),
    ("row-text", set_cell("assignments.csv", "row", "seven"),
     "assignments.csv column 'row' holds 'seven' in row 1"),
    ("groups-share-inf", set_cell("groups.csv", "share_of_group", "inf"),
     "groups.csv column 'share_of_group' holds inf in row 1"),
    ("groups-share-negative", set_cell("groups.csv", "share_of_group", "-0.2"),
     "groups.csv column 'share_of_group' holds -0.2 in row 1"),
    ("rank-zero", set_cell("common_ground.csv", "rank", "0"),
     "common_ground.csv column 'rank' holds 0 in row 1, where a whole number of at least 1"),
    ("count-inf", set_cell("groups.csv", "count", "-inf"),
     "groups.csv column 'count' holds -inf in row 1"),
    ("round-index-blank", set_cell("rounds.csv", "round_index", ""),
     "rounds.csv column 'round_index' is empty in row 1"),
    ("change-past-one", set_cell("rounds.csv", "change", "7"),
     "rounds.csv column 'change' holds 7 in row 1, where a number between -1 and 1"),
    ("response-status", set_cell("responses.csv", "status", "maybe"),
     "responses.csv: response row 1:"),
]


def number_columns() -> Iterator[tuple[str, str]]:
    """(file, column) for every number column the fixture's files have."""
    from analyzer.reports.data import FOLDER_COLUMNS

    for filename in ("themes.csv", "assignments.csv", *TABLES):
        for column, cell in FOLDER_COLUMNS[filename].items():
            if cell.kind in ("whole", "number"):
                yield filename, column


def required_columns() -> Iterator[tuple[str, str]]:
    from analyzer.reports.data import FOLDER_COLUMNS

    for filename in ("themes.csv", "assignments.csv", *TABLES):
        for column, cell in FOLDER_COLUMNS[filename].items():
            if cell.required:
                yield filename, column


try:
    NUMBER_COLUMNS = list(number_columns())
    REQUIRED_COLUMNS = list(required_columns())
except ImportError:  # the starting code has no FOLDER_COLUMNS: these are the columns it had
    NUMBER_COLUMNS = [("themes.csv", "theme_id"), ("themes.csv", "size"),
                      ("themes.csv", "share"), ("groups.csv", "share_of_group")]
    REQUIRED_COLUMNS = [("themes.csv", "theme_id"), ("themes.csv", "label"),
                        ("assignments.csv", "comment_id"), ("groups.csv", "group")]


# -- the tests ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("damage, message", [case[1:] for case in METHOD_CASES],
                         ids=[case[0] for case in METHOD_CASES])
def test_a_damaged_method_record_is_refused(copy, tmp_path, capsys, fmt, damage, message):
    damage(copy)
    err = assert_refused(copy, fmt, tmp_path, capsys, message)
    assert f"the analysis folder '{copy}' {DAMAGED}" in err and err.rstrip().endswith(RERUN)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("damage, message", [case[1:] for case in FILE_CASES],
                         ids=[case[0] for case in FILE_CASES])
def test_a_damaged_table_is_refused(copy, tmp_path, capsys, fmt, damage, message):
    damage(copy)
    err = assert_refused(copy, fmt, tmp_path, capsys, message)
    assert f"the analysis folder '{copy}' {DAMAGED}" in err and err.rstrip().endswith(RERUN)


def in_turn(pairs: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(file, column, format), the formats taken in turn: a refused folder stops before
    rendering, so one format per column is enough once each format is covered."""
    return [(f, c, FORMATS[i % len(FORMATS)]) for i, (f, c) in enumerate(pairs)]


@pytest.mark.parametrize("filename, column, fmt", in_turn(REQUIRED_COLUMNS),
                         ids=[f"{f}:{c}-{t}" for f, c, t in in_turn(REQUIRED_COLUMNS)])
def test_a_table_without_a_column_it_needs_is_refused(copy, tmp_path, capsys, fmt, filename,
                                                      column):
    drop_column(filename, column)(copy)
    assert_refused(copy, fmt, tmp_path, capsys, f"{DAMAGED}{filename} has no column "
                                                f"'{column}'")


@pytest.mark.parametrize("filename, column, fmt", in_turn(NUMBER_COLUMNS),
                         ids=[f"{f}:{c}-{t}" for f, c, t in in_turn(NUMBER_COLUMNS)])
def test_text_in_a_number_column_is_refused(copy, tmp_path, capsys, fmt, filename, column):
    set_cell(filename, column, "lots")(copy)
    assert_refused(copy, fmt, tmp_path, capsys, f"{DAMAGED}{filename} column '{column}' holds "
                                                "'lots' in row 1, where a")


@pytest.mark.parametrize("filename", ["themes.csv", "assignments.csv", "method.json"])
def test_a_missing_file_is_refused(copy, tmp_path, capsys, filename):
    remove(filename)(copy)
    assert_refused(copy, "html", tmp_path, capsys, f"lacks {filename}; run `python -m "
                                                   "analyzer analyze ... --out` into it first")


@pytest.mark.parametrize("filename", TABLES)
def test_a_group_table_missing_or_without_a_header_is_left_out(copy, tmp_path, capsys,
                                                                filename):
    """The group and round tables are optional (an analysis without groups has none), and
    `analyze` writes a table without columns as a file without a header."""
    remove(filename)(copy)
    for fmt in FORMATS:
        code, _, err = report(copy, fmt, tmp_path / f"missing.{fmt}", capsys)
        assert code == 0, err
    (copy / filename).write_text("\n", encoding="utf-8")
    code, _, err = report(copy, "html", tmp_path / "headerless.html", capsys)
    assert code == 0, err


def test_an_intact_copy_renders_and_extra_columns_are_ignored(copy, folder, tmp_path, capsys):
    for fmt in FORMATS:
        code, _, err = report(copy, fmt, tmp_path / f"intact.{fmt}", capsys)
        assert code == 0 and err == "", err
    rows = rows_of(copy / "themes.csv")
    write_rows(copy / "themes.csv", [[*row, "note" if i == 0 else "hand-typed"]
                                     for i, row in enumerate(rows)])
    code, _, err = report(copy, "html", tmp_path / "extra.html", capsys)
    assert code == 0, err


def test_a_folder_with_only_a_header_in_a_group_table_renders(copy, tmp_path, capsys):
    rows = rows_of(copy / "hidden.csv")
    write_rows(copy / "hidden.csv", rows[:1])
    for fmt in FORMATS:
        code, _, err = report(copy, fmt, tmp_path / f"header.{fmt}", capsys)
        assert code == 0, err


# -- the method record, fuzzed ---------------------------------------------------------------

REPLACEMENTS = (None, "x", [], {}, -1, 1e308)


def key_paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    """Every key path in decoded JSON: object keys and list positions, outermost first."""
    items = value.items() if isinstance(value, dict) else (
        enumerate(value) if isinstance(value, list) else ())
    for key, inner in items:
        yield (*path, key)
        yield from key_paths(inner, (*path, key))


def replaced(method: dict, path: tuple, value: Any) -> dict:
    edited = json.loads(json.dumps(method))
    inner = edited
    for key in path[:-1]:
        inner = inner[key]
    inner[path[-1]] = value
    return edited


def fuzz_method(folder: Path, work: Path, formats=FORMATS) -> dict[str, list[str]]:
    """Each key path of `folder`'s method.json replaced by each of REPLACEMENTS, the report
    command run on each in every format: the edits by outcome ('refused', exit 2; 'rendered',
    exit 0; 'crashed', anything else), each named path=value."""
    from analyzer.reports.data import ReportData

    method = json.loads((folder / "method.json").read_text(encoding="utf-8"))
    copy = Path(shutil.copytree(folder, work / "fuzzed"))
    outcomes: dict[str, list[str]] = {"refused": [], "rendered": [], "crashed": []}
    for path in key_paths(method):
        for value in REPLACEMENTS:
            name = ".".join(map(str, path)) + f"={value!r}"
            (copy / "method.json").write_text(json.dumps(replaced(method, path, value)),
                                              encoding="utf-8")
            try:
                data = ReportData.from_outdir(copy)
            except AnalyzerError:
                outcomes["refused"].append(name)
                continue
            except Exception:  # noqa: BLE001 - counting crashes is the point
                outcomes["crashed"].append(name)
                continue
            for fmt in formats:
                try:
                    from analyzer.reports import write_report

                    write_report(data, fmt, work / f"fuzzed.{fmt}")
                except AnalyzerError:
                    outcomes["refused"].append(name)
                except Exception:  # noqa: BLE001
                    outcomes["crashed"].append(name)
                else:
                    continue
                break
            else:
                outcomes["rendered"].append(name)
    return outcomes


@contextmanager
def quickly() -> Iterator[None]:
    """Fuzzing, read each CSV once and draw each chart once (only method.json changes
    between edits, and charts show theme sizes and shares, never the method record): every
    check and every line that reads the method record still runs, in a tenth of the time."""
    import analyzer.reports.data as data
    import analyzer.reports.findings as findings

    read_once, tables = data.read_csv, {}

    def read_csv(path, text_columns=()):
        key = (Path(path).name, tuple(text_columns))
        if key not in tables:
            tables[key] = read_once(path, text_columns)
        return tables[key].copy()

    charts = ("theme_sizes_png", "heat_map_png", "rounds_png")
    drawn = {name: getattr(findings, name) for name in charts}
    pictures: dict[str, Any] = {}

    def once(name: str) -> Callable[..., Any]:
        def chart(*args: Any, **kwargs: Any) -> Any:
            if name not in pictures:
                pictures[name] = drawn[name](*args, **kwargs)
            return pictures[name]
        return chart

    data.read_csv = read_csv
    for name in charts:
        setattr(findings, name, once(name))
    try:
        yield
    finally:
        data.read_csv = read_once
        for name, chart in drawn.items():
            setattr(findings, name, chart)


def test_no_edit_of_the_method_record_crashes_a_report(folder, tmp_path):
    """Every value of the real method.json replaced by each of None, "x", [], {}, -1 and
    1e308: each folder is refused or renders, never a traceback. HTML renders every edit;
    the HTML reads all of the record that XLSX and PPTX do (method card, counts, inputs,
    stability), and the script at the end runs all three formats."""
    with quickly():
        outcomes = fuzz_method(folder, tmp_path, formats=("html",))
    total = sum(map(len, outcomes.values()))
    assert total > 300
    assert outcomes["crashed"] == [], outcomes["crashed"][:20]
    assert outcomes["refused"] and outcomes["rendered"]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        built = build_folder(Path(scratch))
        with quickly():
            found = fuzz_method(built, Path(scratch))
        total = sum(map(len, found.values()))
        print(f"{total} method.json edits: {len(found['crashed'])} crashed, "
              f"{len(found['refused'])} refused, {len(found['rendered'])} rendered")
        for edit in found["crashed"]:
            print("  crashed:", edit)
