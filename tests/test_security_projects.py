"""Damaged and hand-edited project files are refused with a message, never a traceback.

A project is an ordinary SQLite file: people open it in a database browser, copies get cut
short, disks fill up. Each test damages a copy of one real saved analysis with sqlite3 and
checks that `open_project` raises a ProjectError saying what is wrong, and that
`python -m analyzer report` on it exits 2 with one line on stderr.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Callable

import pytest

from analyzer.cli import main
from analyzer.errors import ProjectError
from analyzer.projects import (
    SCHEMA_VERSION,
    DamagedProjectError,
    list_analyses,
    load_responses,
    open_project,
    save_project,
)
from tests.fitted import fitted_result

RECOVER = (r"Open the original data and run the analysis again, or restore the file from a "
           r"backup\.$")


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    """One real analysis (TF-IDF, three themes), saved once; tests damage copies of it."""
    path = tmp_path_factory.mktemp("saved") / "survey.feedback.db"
    save_project(fitted_result(), path, name="Spring survey")
    return path


@pytest.fixture
def copy(saved, tmp_path) -> Path:
    path = tmp_path / "survey.feedback.db"
    shutil.copy(saved, path)
    return path


# -- ways to damage a project ---------------------------------------------------------------

def sql(*statements: str, params: tuple = ()) -> Callable[[Path], None]:
    """Damage by SQL, as someone editing the file in a database browser would."""
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as db:
            for statement in statements:
                db.execute(statement, params if "?" in statement else ())
        db.close()
    return damage


def unconstrained(table: str, *statements: str) -> Callable[[Path], None]:
    """Rebuild `table` without its NOT NULL and key constraints (as a browser's "modify
    table" does), then run `statements`: how a NULL or a duplicate gets in."""
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA foreign_keys=OFF")
            db.execute(f"CREATE TABLE loose AS SELECT * FROM {table}")
            db.execute(f"DROP TABLE {table}")
            db.execute(f"ALTER TABLE loose RENAME TO {table}")
            for statement in statements:
                db.execute(statement)
        db.close()
    return damage


def cut(keep: Callable[[int], int]) -> Callable[[Path], None]:
    """Truncate the file to `keep(size)` bytes, like a copy interrupted halfway."""
    def damage(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[:keep(len(data))])
    return damage


def scramble(start: int) -> Callable[[Path], None]:
    """Overwrite everything from byte `start` on with random bytes."""
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        rng = random.Random(7)
        data[start:] = bytes(rng.randrange(256) for _ in range(len(data) - start))
        path.write_bytes(bytes(data))
    return damage


def edit_method(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as db:
            method = json.loads(db.execute("SELECT method FROM analyses").fetchone()[0])
            change(method)
            db.execute("UPDATE analyses SET method = ?", (json.dumps(method),))
        db.close()
    return damage


def not_ours(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE people (name TEXT)")
        db.execute("INSERT INTO people VALUES ('Ana')")
    db.close()


def not_sqlite(path: Path) -> None:
    path.write_text("comment,role\nThe bus is late,Parent\n" * 100, encoding="utf-8")


def set_ledger_kept(method: dict) -> None:
    method["ledger"]["kept"] = "all of them"


DAMAGED = [
    # The file itself.
    ("truncated-half", cut(lambda n: n // 2), r"is damaged: the database cannot be read"),
    ("truncated-in-header", cut(lambda n: 60), r"is damaged: the database cannot be read"),
    ("random-bytes-after-header", scramble(100), r"is damaged: the database cannot be read"),
    ("random-pages", scramble(4096 * 3), r"is damaged: the database cannot be read"),
    # Tables and columns.
    ("table-dropped", sql("DROP TABLE themes"), r"is damaged: it has no table 'themes'"),
    ("version-table-dropped", sql("DROP TABLE schema_version"),
     r"is damaged: it has no table 'schema_version'"),
    ("unread-table-dropped", sql("DROP TABLE responses"), r"it has no table 'responses'"),
    ("column-dropped", sql("ALTER TABLE themes DROP COLUMN label"),
     r"is damaged: table 'themes' has no column 'label'"),
    ("column-renamed", sql("ALTER TABLE assignments RENAME COLUMN weight TO w"),
     r"is damaged: table 'assignments' has no column 'weight'"),
    # Wrong types in cells.
    ("text-for-whole-number", sql("UPDATE themes SET size = 'many'"),
     r"column 'size' of table 'themes' holds 'many' where a whole number belongs"),
    ("text-for-number", sql("UPDATE assignments SET weight = 'heavy' WHERE position = 0"),
     r"column 'weight' of table 'assignments' holds 'heavy' where a number belongs"),
    ("text-for-theme-id", sql("UPDATE assignments SET theme_id = 'bus' WHERE position = 0"),
     r"column 'theme_id' of table 'assignments' holds 'bus' where a whole number belongs"),
    ("text-for-analysis-id", unconstrained("analyses", "UPDATE analyses SET id = 'first'"),
     r"column 'id' of table 'analyses' holds 'first' where a whole number belongs"),
    ("bytes-for-text", sql("UPDATE themes SET label = x'ff00fe'"),
     r"column 'label' of table 'themes' holds 3 bytes of binary data where text belongs"),
    ("text-not-utf8", sql("UPDATE themes SET label = CAST(x'ff' AS TEXT)"),
     r"is damaged: the database cannot be read \(Could not decode to UTF-8"),
    ("null-label", unconstrained("themes", "UPDATE themes SET label = NULL"),
     r"column 'label' of table 'themes' is empty \(NULL\) where text belongs"),
    ("null-centres", unconstrained("analyses", "UPDATE analyses SET centroids = NULL"),
     r"column 'centroids' of table 'analyses' is empty \(NULL\) where binary data belongs"),
    ("null-assigned-theme", sql("UPDATE assignments SET theme_id = NULL WHERE position = 0"),
     r"the comments cannot be rebuilt from table 'comments': column 'theme_id' does not "
     r"hold int64 values"),
    ("dtype-edited", sql("UPDATE analyses SET layout = "
                         "json_set(layout, '$.comments.columns[1][1]', 'int64')"),
     r"the comments cannot be rebuilt from table 'comments': column 'source' does not hold "
     r"int64 values"),
    # JSON columns.
    ("invalid-json", sql("UPDATE themes SET keywords = '[\"bus\", '"),
     r"column 'keywords' of table 'themes' holds .*, which is not valid JSON"),
    ("json-nested-too-deep", sql("UPDATE analyses SET config = ?", params=("[" * 100_000,)),
     r"column 'config' of table 'analyses' holds .*, which is not valid JSON"),
    ("json-list-for-object", sql("UPDATE analyses SET layout = '[1, 2]'"),
     r"column 'layout' of table 'analyses' holds a JSON list where a JSON object belongs"),
    ("json-object-for-list", sql("UPDATE themes SET keywords = '{\"bus\": 1}'"),
     r"column 'keywords' of table 'themes' holds a JSON object where a JSON list belongs"),
    ("json-list-for-row-extra", sql("UPDATE comments SET extra = '[]' WHERE position = 3"),
     r"column 'extra' of table 'comments' holds a JSON list where a JSON object belongs"),
    ("json-number-in-text-list", sql("UPDATE themes SET keywords = '[\"bus\", 7]'"),
     r"column 'keywords' of table 'themes' holds 7 among its values where text belongs"),
    ("method-count-is-text", edit_method(set_ledger_kept),
     r"column 'method' of table 'analyses' holds 'all of them' as method.ledger.kept where "
     r"a whole number belongs"),
    ("method-section-null", edit_method(lambda m: m.update(comments=None)),
     r"holds JSON null as method.comments where a JSON object belongs"),
    ("group-table-not-json", sql("UPDATE analysis_tables SET frame = 'groups'"),
     r"the group table '.*' cannot be rebuilt from table 'analysis_tables': it is not valid "
     r"JSON"),
    # Rows that no longer agree with each other.
    ("theme-of-a-comment-missing", sql("DELETE FROM themes WHERE theme_id = 0"),
     r"comment '.*' is assigned to theme 0, which table 'themes' does not hold"),
    ("assigned-to-unknown-theme", sql("UPDATE assignments SET theme_id = 99 "
                                      "WHERE position = 0"),
     r"comment '.*' is assigned to theme 99, which table 'themes' does not hold"),
    ("assignment-row-deleted", sql("DELETE FROM assignments WHERE position = 5"),
     r"analysis 1 has (\d+) comments but (\d+) theme assignments"),
    ("theme-listed-twice", unconstrained("themes", "UPDATE themes SET theme_id = 0"),
     r"table 'themes' lists theme 0 twice"),
    ("ledger-row-deleted", sql("DELETE FROM ledger WHERE position = 0"),
     r"the ledger in table 'ledger' does not add up"),
    ("group-column-unknown", sql("UPDATE analyses SET group_columns = '[\"district\"]'"),
     r"groups comments by the column 'district', which its saved comments do not have"),
    # Huge values.
    ("huge-label", sql("UPDATE themes SET label = ? WHERE theme_id = 0",
                       params=("x" * 5_000_000,)),
     r"column 'label' of table 'themes' holds 'x+'\.\.\. \(5,000,000 characters\), longer "
     r"than the 1,000 characters"),
    ("huge-centre-count", sql("UPDATE analyses SET centroid_rows = 1000000000000"),
     r"where 1,000,000,000,000 theme centres of \d+ numbers need"),
    ("huge-table-row-count", sql("UPDATE analysis_tables SET frame = "
                                 "json_set(frame, '$.rows', 1000000000000)"),
     r"column '.*' has \d+ values for 1,000,000,000,000 rows"),
    ("infinite-share", sql("UPDATE themes SET share = 9e999 WHERE theme_id = 0"),
     r"column 'share' of table 'themes' holds inf for theme 0, where a share between 0 and "
     r"1 belongs"),
    ("negative-centre-count", sql("UPDATE analyses SET centroid_rows = -3"),
     r"column 'centroid_rows' of table 'analyses' holds -3, below the smallest possible "
     r"value 0"),
    # Schema versions.
    ("negative-schema-version", sql("DELETE FROM schema_version",
                                    "INSERT INTO schema_version VALUES (-1, 'today')"),
     r"table 'schema_version' holds the version -1; versions start at 1"),
    ("schema-version-zero", sql("UPDATE schema_version SET version = 0 WHERE version = 1"),
     r"table 'schema_version' holds the version 0; versions start at 1"),
    ("schema-version-text", unconstrained("schema_version", "UPDATE schema_version SET "
                                          "version = 'two' WHERE version = 2"),
     r"column 'version' of table 'schema_version' holds 'two' where a whole number belongs"),
    ("schema-versions-deleted", sql("DELETE FROM schema_version"),
     r"table 'schema_version' is empty"),
]
"""(name, damage, what the message must say): every one a DamagedProjectError."""

REFUSED = [
    ("newer-schema", sql(f"INSERT INTO schema_version VALUES ({SCHEMA_VERSION + 1}, 'later')"),
     rf"saved by a newer version of the analyzer \(schema version {SCHEMA_VERSION + 1}; this "
     rf"version reads up to {SCHEMA_VERSION}\)\. Upgrade feedback-theme-analyzer"),
    ("sqlite-file-not-ours", not_ours,
     r"this database holds other tables but no feedback-analyzer project; give the analyzer "
     r"a file or database of its own"),
    ("not-sqlite", not_sqlite,
     r"survey\.feedback\.db is not a project database this tool can read \(file is not a "
     r"database\)"),
]
"""Files that are not damaged but are not for this version (or not projects at all)."""


def assert_report_refuses(path: Path, tmp_path: Path, capsys, message: str) -> None:
    output = tmp_path / "report.html"
    capsys.readouterr()
    assert main(["report", str(path), "--format", "html", "--output", str(output)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith("error: ") and "Traceback" not in captured.err
    assert message in captured.err
    assert not output.exists()


@pytest.mark.parametrize("damage, message", [case[1:] for case in DAMAGED],
                         ids=[case[0] for case in DAMAGED])
def test_a_damaged_project_is_refused_with_what_is_wrong(copy, tmp_path, capsys, damage,
                                                         message):
    damage(copy)
    with pytest.raises(DamagedProjectError, match=message) as raised:
        open_project(copy)
    text = str(raised.value)
    assert text.startswith(f"project '{copy}' is damaged: ")
    assert re.search(RECOVER, text), text  # and it ends by saying what to do
    assert_report_refuses(copy, tmp_path, capsys, text)


@pytest.mark.parametrize("damage, message", [case[1:] for case in REFUSED],
                         ids=[case[0] for case in REFUSED])
def test_a_file_from_elsewhere_is_refused_with_what_to_do(copy, tmp_path, capsys, damage,
                                                          message):
    damage(copy)
    with pytest.raises(ProjectError, match=message) as raised:
        open_project(copy)
    assert not isinstance(raised.value, DamagedProjectError)
    assert_report_refuses(copy, tmp_path, capsys, str(raised.value))


@pytest.mark.parametrize("damage, message", [
    (sql("INSERT INTO responses VALUES (1, 0, 0, 'Bus', 'maybe', 'Soon.', '', "
         "'2024-05-01', '2024-05-01')"),
     r"the response to theme 0 in table 'responses' cannot be read \(status 'maybe' is not "
     r"valid"),
    (sql("INSERT INTO responses VALUES (1, 0, 0, 'Bus', 'adopted', 'Soon.', '', "
         "'next spring', '2024-05-01')"),
     r"the response to theme 0 in table 'responses' cannot be read \(recorded_on 'next "
     r"spring' is not a date"),
    (sql("INSERT INTO responses VALUES (1, 42, 0, 'Bus', 'adopted', 'Soon.', '', "
         "'2024-05-01', '2024-05-01')"),
     r"table 'responses' holds a response to theme 42, which analysis 1 does not have"),
], ids=["bad-status", "bad-date", "unknown-theme"])
def test_a_damaged_response_log_is_refused(copy, tmp_path, capsys, damage, message):
    damage(copy)
    open_project(copy)  # the analysis itself is intact
    with pytest.raises(DamagedProjectError, match=message) as raised:
        load_responses(copy)
    assert_report_refuses(copy, tmp_path, capsys, str(raised.value))


def test_an_intact_copy_opens_and_extra_columns_are_ignored(copy, saved):
    sql("ALTER TABLE themes ADD COLUMN notes TEXT")(copy)
    assert open_project(copy).themes == open_project(saved).themes


def test_listing_and_saving_into_a_damaged_project_are_refused_too(copy):
    unconstrained("analyses", "UPDATE analyses SET name = NULL")(copy)
    with pytest.raises(DamagedProjectError, match=r"column 'name' of table 'analyses' is "
                                                  r"empty \(NULL\)"):
        list_analyses(copy)
    sql("ALTER TABLE comments DROP COLUMN text")(copy)
    before = copy.read_bytes()
    with pytest.raises(DamagedProjectError, match=r"table 'comments' has no column 'text'"):
        save_project(fitted_result(), copy, name="Again")
    assert copy.read_bytes() == before  # nothing was written into it
