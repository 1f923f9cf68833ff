"""Saved projects: exact round trips, rounds added without refitting, killed saves, migrations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from analyzer.errors import ConfigError, ProjectError
from analyzer.pipelines.curate import merge_themes, rename_theme
from analyzer.projects import (
    SCHEMA_VERSION,
    add_round,
    analysis_info,
    assign_round,
    delete_analysis,
    list_analyses,
    load_responses,
    open_project,
    save_project,
    save_responses,
)
from analyzer.projects.database import transaction
from analyzer.projects.frames import decode_frame, encode_frame
from analyzer.projects.migrations import ensure_schema, stored_version
from analyzer.projects.schema import build_tables
from analyzer.themes.responses import ResponseEntry, ResponseLog
from tests.fitted import fitted_result, read_survey, theme_of_topic, topic_of, write_survey

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def result():
    return fitted_result()


@pytest.fixture
def project(tmp_path, result) -> Path:
    path = tmp_path / "survey.feedback.db"
    save_project(result, path, name="Spring survey")
    return path


def redacted_comments(result) -> pd.DataFrame:
    """The comments a default save keeps: no `text_original`, and the redacted text where
    the cleaned text was."""
    comments = result.comments.drop(columns=["text_original"], errors="ignore")
    return comments.assign(text=comments["text_redacted"])


def assert_same_result(actual, expected, *, originals_kept=False):
    """`actual` is `expected` saved and reopened: by default without its original text, or
    with it (`originals_kept`), the settings and method card saying which."""
    pd.testing.assert_frame_equal(
        actual.comments, expected.comments if originals_kept else redacted_comments(expected))
    assert actual.themes == expected.themes
    pd.testing.assert_frame_equal(actual.ledger.entries, expected.ledger.entries)
    assert actual.ledger.rows_read == expected.ledger.rows_read
    assert list(actual.tables) == list(expected.tables)
    for name in expected.tables:
        pd.testing.assert_frame_equal(actual.tables[name], expected.tables[name])
    method = json.loads(json.dumps(expected.method, default=str))
    method["privacy"] = {**method.get("privacy", {}), "originals_kept": originals_kept}
    assert actual.method == method  # the card says what the save did
    assert actual.config == dataclasses.replace(expected.config, keep_originals=originals_kept)
    assert actual.group_columns == expected.group_columns
    assert actual.round_column == expected.round_column
    np.testing.assert_array_equal(actual.centroids, expected.centroids)
    assert actual.centroids.dtype == np.float32
    if expected.benchmark is None:
        assert actual.benchmark is None
    else:
        pd.testing.assert_frame_equal(actual.benchmark, expected.benchmark)


def test_a_saved_project_reopens_identical(result, project):
    assert any(t.label_alternatives for t in result.themes)  # so the round trip tests them
    assert_same_result(open_project(project), result)
    assert_same_result(open_project(f"sqlite:///{project}", analysis_id=1), result)


def test_curation_benchmark_and_responses_are_saved_too(result, tmp_path):
    edited = merge_themes(rename_theme(result, 0, "First theme", who="Ana"), [1, 2], who="Bo")
    benchmark = pd.DataFrame({"attribute": ["role", "role"], "group": ["Parent", "Student"],
                              "share": [0.7, 0.3]})
    edited = dataclasses.replace(edited, benchmark=benchmark)
    log = ResponseLog((
        ResponseEntry(1, "Merged", "under review", "We are costing it.",
                      recorded_on="2024-05-02"),
        ResponseEntry(0, "First theme", "adopted", "Done by June.", "Cheap and popular",
                      recorded_on="2024-05-01", updated_on="2024-05-20")))
    path = tmp_path / "edited.feedback.db"
    ref = save_project(edited, path, name="Edited", responses=log)
    assert (ref.analysis_id, ref.n_themes, ref.n_comments) == (1, 2, len(result.comments))
    reopened = open_project(path)
    assert_same_result(reopened, edited)
    assert [e["kind"] for e in reopened.method["curation"]] == ["rename", "merge"]
    assert load_responses(path) == log
    with sqlite3.connect(path) as db:
        edits = db.execute(
            "SELECT edit_id, kind, who FROM curation_edits ORDER BY edit_id").fetchall()
        statuses = db.execute(
            "SELECT theme_id, status FROM responses ORDER BY theme_id").fetchall()
        blob, rows, dims = db.execute(
            "SELECT centroids, centroid_rows, centroid_dims FROM analyses").fetchone()
    assert edits == [(1, "rename", "Ana"), (2, "merge", "Bo")]
    assert statuses == [(0, "adopted"), (1, "under review")]
    assert len(blob) == rows * dims * 4  # raw float32, no pickle
    np.testing.assert_array_equal(np.frombuffer(blob, "<f4").reshape(rows, dims),
                                  edited.centroids)


def test_responses_can_be_replaced_and_must_name_real_themes(project):
    first = ResponseLog((ResponseEntry(0, "A", "adopted", "Yes.", recorded_on="2024-01-01"),))
    assert save_responses(project, first) == 1
    second = ResponseLog((ResponseEntry(2, "C", "not adopted", "No.", "Too costly",
                                        recorded_on="2024-02-01"),))
    save_responses(project, second.to_frame(), analysis_id=1)
    assert load_responses(project, 1) == second
    with pytest.raises(ProjectError, match=r"theme\(s\) \[7\] that analysis 1 does not have; "
                                           r"its themes are 0, 1, 2"):
        save_responses(project, ResponseLog((ResponseEntry(7, "X", "adopted", "Yes."),)))
    assert load_responses(project) == second  # the failed save changed nothing


def test_analyses_are_listed_opened_by_id_and_deleted(result, project):
    renamed = rename_theme(result, 0, "Renamed", who="Ana")
    ref = save_project(renamed, project, name="  Curated  copy ", parent_id=1)
    assert (ref.analysis_id, ref.name, ref.parent_id) == (2, "Curated copy", 1)
    refs = list_analyses(project)
    assert [(r.analysis_id, r.name, r.n_themes) for r in refs] == \
        [(1, "Spring survey", 3), (2, "Curated copy", 3)]
    assert open_project(project).theme(0).label == "Renamed"          # latest by default
    assert open_project(project, 1).theme(0).label == result.theme(0).label
    assert analysis_info(project).analysis_id == 2
    delete_analysis(project, 1)
    assert [r.analysis_id for r in list_analyses(project)] == [2]
    assert list_analyses(project)[0].parent_id is None
    with sqlite3.connect(project) as db:
        assert db.execute("SELECT count(*) FROM comments WHERE analysis_id = 1").fetchone() == (0,)
    # Ids are never reused after a delete.
    assert save_project(result, project, name="Again").analysis_id == 3


@pytest.mark.parametrize("call, error, message", [
    (lambda p: open_project(p, 9), ProjectError,
     r"there is no analysis 9 in this project; the saved analyses are 1"),
    (lambda p: open_project(p.parent / "missing.feedback.db"), ProjectError,
     r"there is no project at .*missing.feedback.db"),
    (lambda p: save_project(fitted_result(), p.parent / "no" / "x.db", name="x"), ProjectError,
     r"the folder .* does not exist"),
    (lambda p: save_project(fitted_result(), p, name=" "), ConfigError,
     r"give the analysis a name"),
    (lambda p: save_project("not a result", p, name="x"), ConfigError,
     r"needs an AnalysisResult, not str"),
    (lambda p: open_project("nosuchdialect://user@host/db"), ProjectError,
     r"cannot use the database"),
    (lambda p: save_project(fitted_result(), p, name="x", parent_id=5), ProjectError,
     r"there is no analysis 5"),
])
def test_errors_say_what_to_do(project, call, error, message):
    with pytest.raises(error, match=message):
        call(project)


def test_a_file_that_is_not_a_project_is_refused(tmp_path):
    text_file = tmp_path / "survey.csv"
    text_file.write_text("comment,role\nhello,Parent\n" * 200, encoding="utf-8")
    with pytest.raises(ProjectError, match=r"is not a project database"):
        open_project(text_file)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE people (name TEXT)")
    with pytest.raises(ProjectError, match=r"holds other tables but no feedback-analyzer"):
        list_analyses(other)
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert list_analyses(empty) == []
    with pytest.raises(ProjectError, match=r"no analysis has been saved in it yet"):
        open_project(empty)


# -- rounds ---------------------------------------------------------------------------------

SECOND_ROUND_EXTRAS = [
    {"id": "r2-na", "comment": "n/a", "role": "Parent", "topic": "none"},
    {"id": "r2-odd", "comment": "purple zebras dance quietly on the moon", "role": "Student",
     "topic": "none"},
]


@pytest.fixture
def second_round(tmp_path):
    folder = tmp_path / "round2"
    folder.mkdir()
    # Same file name and ids as round 1: they must be told apart, not merged.
    return read_survey(write_survey(folder, n_per_topic=8, seed=5,
                                    extra_rows=SECOND_ROUND_EXTRAS))


def test_a_second_round_joins_the_existing_themes_and_round_one_is_unchanged(
        result, project, second_round):
    log = ResponseLog((ResponseEntry(0, "A", "adopted", "Yes.", recorded_on="2024-01-01"),))
    save_responses(project, log)
    extended = add_round(project, second_round, "Round 2")

    first = extended.comments.iloc[:len(result.comments)]
    stored = redacted_comments(result)  # round 1 as its saved analysis holds it
    pd.testing.assert_frame_equal(first[stored.columns], stored)
    assert (first["round"] == "Round 1").all()
    assert extended.round_column == "round"
    assert [t.theme_id for t in extended.themes] == [t.theme_id for t in result.themes]

    new = extended.comments.iloc[len(result.comments):]
    assert len(new) == 8 * 3 + 2 and (new["round"] == "Round 2").all()
    assert new["comment_id"].str.startswith("Round 2/").all()
    assert new["source"].str.startswith("Round 2/").all()
    by_id = new.set_index("comment_id")
    assert by_id.loc["Round 2/r2-na", "theme_id"] == -2
    assert by_id.loc["Round 2/r2-odd", "theme_id"] == -1
    planted = new[new["theme_id"] >= 0]
    for topic in ("bus", "lunch", "safety"):
        in_topic = planted[topic_of(planted["comment_id"]) == topic]
        assert len(in_topic) == 8
        assert (in_topic["theme_id"] == theme_of_topic(result, topic)).all(), topic

    rounds = extended.tables["rounds"]
    assert set(rounds["round"]) == {"Round 1", "Round 2"}
    counts = rounds[rounds["theme_id"] >= 0].groupby("round")["n_comments"].sum()
    assert counts["Round 2"] == 24
    assert extended.ledger.n_read == result.ledger.n_read + 26
    added = extended.method["rounds_added"][0]
    assert (added["round"], added["assigned"], added["unassigned"], added["non_answers"]) == \
        ("Round 2", 24, 1, 1)
    assert "rebuilt from the analysis's assigned comments" in added["centres"]
    assert extended.method["round_order"] == ["Round 1", "Round 2"]

    # Saved as a new analysis; the first stays as it was; reopening gives the same results.
    refs = list_analyses(project)
    assert [(r.analysis_id, r.parent_id, r.round_label) for r in refs] == \
        [(1, None, None), (2, 1, "Round 2")]
    assert_same_result(open_project(project, 1), result)
    reopened = open_project(project)
    assert_same_result(reopened, extended)
    pd.testing.assert_frame_equal(
        reopened.comments.iloc[:len(result.comments)][stored.columns], stored)
    assert load_responses(project, 2) == log


def test_a_round_label_cannot_be_used_twice(result, second_round):
    extended = assign_round(result, second_round, "June")
    with pytest.raises(ConfigError, match=r"round 'June' is already in this analysis"):
        assign_round(extended, second_round, "June")
    with pytest.raises(ConfigError, match=r"round_label is empty"):
        assign_round(result, second_round, " ")
    with pytest.raises(ConfigError, match=r"similarity_floor=1.5 should be in \[0, 1\)"):
        assign_round(result, second_round, "July", similarity_floor=1.5)


def test_rounds_for_model_embedders_use_the_stored_centres(result, second_round, monkeypatch):
    """A corpus-independent embedder is compared with the stored centres, not refitted."""
    calls = []

    class FixedEmbedder:
        cacheable = True
        name = "fixed-test-model"

        def encode(self, texts):
            calls.append(list(texts))
            axis = {"bus": 0, "lunch": 1}
            out = np.zeros((len(texts), 4), dtype=np.float32)
            for i, text in enumerate(texts):
                hit = [a for word, a in axis.items() if word in text.lower()]
                out[i, hit[0] if hit else 3] = 1.0
            return out

    monkeypatch.setattr("analyzer.pipelines.embed.make_embedder",
                        lambda name, seed=42, cache_dir=None: FixedEmbedder())
    centres = np.zeros((3, 4), dtype=np.float32)
    for topic, axis in (("bus", 0), ("lunch", 1)):
        centres[theme_of_topic(result, topic), axis] = 1.0
    centres[theme_of_topic(result, "safety"), 2] = 1.0
    stored = dataclasses.replace(result, centroids=centres,
                                 method={**result.method, "embedding_model": "fixed-test-model"})
    extended = assign_round(stored, second_round, "Round 2", use_cache=False)
    new = extended.comments.iloc[len(result.comments):]
    topics = topic_of(new["comment_id"])
    assert (new.loc[topics == "bus", "theme_id"] == theme_of_topic(result, "bus")).all()
    assert (new.loc[topics == "lunch", "theme_id"] == theme_of_topic(result, "lunch")).all()
    assert (new.loc[topics == "safety", "theme_id"] == -1).all()  # nothing near any centre
    assert len(calls) == 1 and len(calls[0]) < len(new)  # only the new distinct texts
    assert extended.method["rounds_added"][0]["centres"] == \
        "the theme centres stored with the analysis"


# -- a killed save --------------------------------------------------------------------------

KILLED_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from analyzer.projects import open_project, save_project, store

    source, target, marker = sys.argv[1:4]
    result = open_project(source)
    write_themes = store._write_themes

    def write_then_hang(*args, **kwargs):
        write_themes(*args, **kwargs)      # comments and themes are written by now
        Path(marker).write_text("inside the transaction")
        time.sleep(600)

    store._write_themes = write_then_hang
    save_project(result, target, name="never finished")
""")


@pytest.mark.parametrize("existing", [True, False], ids=["old-state-kept", "nothing-left"])
def test_a_save_killed_mid_transaction_leaves_the_project_intact(result, tmp_path, existing):
    source = tmp_path / "source.feedback.db"
    save_project(result, source, name="source")
    target = tmp_path / "target.feedback.db"
    if existing:
        save_project(result, target, name="Spring survey")
    marker = tmp_path / "inside.txt"
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER, encoding="utf-8")
    writer = subprocess.Popen([sys.executable, str(script), str(source), str(target),
                               str(marker)], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert writer.poll() is None, "the writer exited before reaching the pause"
            assert time.monotonic() < deadline, "the writer never reached the pause"
            time.sleep(0.1)
        assert Path(f"{target}-journal").exists()  # killed with a transaction open
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == -signal.SIGKILL

    if existing:
        assert [r.name for r in list_analyses(target)] == ["Spring survey"]
        assert_same_result(open_project(target), result)
    else:
        assert list_analyses(target) == []
    with sqlite3.connect(target) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if existing:
            rows = db.execute("SELECT count(*) FROM comments").fetchone()[0]
            assert rows == len(result.comments)  # no orphan rows of the killed save
        else:
            assert not tables & {"analyses", "comments", "schema_version"}
    # And the project still takes a normal save afterwards.
    assert save_project(result, target, name="after").analysis_id == (2 if existing else 1)


# -- schema versions ------------------------------------------------------------------------

def test_a_version_1_project_is_migrated_to_the_current_schema_on_open(result, project,
                                                                       tmp_path):
    """Copy a saved analysis into a database built at schema version 1, then open it."""
    old = tmp_path / "v1.feedback.db"
    with transaction(old, create=True) as connection:
        assert ensure_schema(connection, create=True, target=1) == 1
    v1 = build_tables(1)
    source = sa.create_engine(f"sqlite:///{project}")
    target = sa.create_engine(f"sqlite:///{old}")
    with source.connect() as read, target.begin() as write:
        for table in v1.sorted_tables:
            if table.name == "schema_version":
                continue
            rows = [dict(r._mapping) for r in read.execute(sa.select(*[
                sa.column(c.name) for c in table.columns]).select_from(sa.table(table.name)))]
            if rows:
                write.execute(table.insert(), rows)
    columns_v1 = {c["name"] for c in sa.inspect(target).get_columns("analyses")}
    assert "parent_id" not in columns_v1
    source.dispose()
    target.dispose()

    # Version 1 kept no alternative names: the project opens with none.
    assert_same_result(open_project(old), dataclasses.replace(result, themes=tuple(
        dataclasses.replace(t, label_alternatives=()) for t in result.themes)))

    with sqlite3.connect(old) as db:
        versions = [v for (v,) in db.execute("SELECT version FROM schema_version ORDER BY 1")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    fresh = sa.create_engine(f"sqlite:///{project}")
    migrated = sa.create_engine(f"sqlite:///{old}")
    for name in build_tables().tables:
        assert [c["name"] for c in sa.inspect(migrated).get_columns(name)] == \
            [c["name"] for c in sa.inspect(fresh).get_columns(name)], name
    fresh.dispose()
    migrated.dispose()
    assert list_analyses(old)[0].parent_id is None


def test_a_project_from_a_newer_version_is_refused(project):
    with sqlite3.connect(project) as db:
        db.execute("INSERT INTO schema_version VALUES (?, ?)",
                   (SCHEMA_VERSION + 1, dt.datetime.now().isoformat()))
    with pytest.raises(ProjectError, match=rf"saved by a newer version of the analyzer "
                                           rf"\(schema version {SCHEMA_VERSION + 1}"):
        open_project(project)


def test_a_failed_migration_leaves_the_old_version(result, tmp_path, monkeypatch):
    path = tmp_path / "v1.feedback.db"
    with transaction(path, create=True) as connection:
        ensure_schema(connection, create=True, target=1)

    def broken(connection):
        connection.execute(sa.text("ALTER TABLE analyses ADD COLUMN parent_id INTEGER"))
        raise RuntimeError("disk full")

    monkeypatch.setattr("analyzer.projects.migrations.MIGRATIONS",
                        ((1, "create", lambda c: None), (2, "broken", broken)))
    with pytest.raises(RuntimeError, match="disk full"):
        save_project(result, path, name="x")
    with transaction(path, create=False) as connection:
        assert stored_version(connection) == 1
        columns = {c["name"] for c in sa.inspect(connection).get_columns("analyses")}
    assert "parent_id" not in columns  # the half-done migration was rolled back


# -- frames ---------------------------------------------------------------------------------

def test_frames_keep_their_dtypes_and_missing_values():
    frame = pd.DataFrame({
        "text": pd.Series(["a", None, "=cmd"], dtype="str"),
        "count": [1, 2, 3], "share": [0.5, np.nan, np.inf], "flag": [True, False, True],
        "rank": pd.array([1, None, 3], dtype="Int64"),
        "mixed": pd.Series(["x", 1, None], dtype=object),
        "when": pd.to_datetime(["2024-01-01", None, "2024-03-01"]),
        "kind": pd.Categorical(["a", "b", "a"])})
    pd.testing.assert_frame_equal(decode_frame(encode_frame(frame)), frame)
    indexed = frame.set_index("count")
    pd.testing.assert_frame_equal(decode_frame(encode_frame(indexed)), indexed)
    empty = pd.DataFrame({"theme_id": pd.Series([], dtype="int64"),
                          "label": pd.Series([], dtype="str")})
    pd.testing.assert_frame_equal(decode_frame(encode_frame(empty)), empty)


def test_report_command_reads_a_saved_project_with_its_responses(result, tmp_path, capsys):
    from analyzer.cli import main

    renamed = rename_theme(result, 0, "Safer bus stops", who="Ana")
    log = ResponseLog((ResponseEntry(0, "Safer bus stops", "adopted",
                                     "Crossing guards start in March.",
                                     recorded_on="2024-05-01"),))
    path = tmp_path / "district.feedback.db"
    save_project(renamed, path, name="Spring", responses=log)
    assert main(["report", str(path), "--format", "html"]) == 0
    written = tmp_path / "district.feedback-report.html"
    assert str(written) in capsys.readouterr().out
    html = written.read_text(encoding="utf-8")
    assert "Safer bus stops" in html and "Crossing guards start in March." in html


def test_report_command_explains_a_file_that_is_not_a_project(tmp_path, capsys):
    from analyzer.cli import main

    not_a_project = tmp_path / "survey.csv"
    not_a_project.write_text("comment\nhello\n", encoding="utf-8")
    assert main(["report", str(not_a_project), "--format", "html"]) == 2
    message = capsys.readouterr().err
    assert "survey.csv" in message and "Traceback" not in message
