"""Saved projects in a real PostgreSQL server: saving, opening, curating, reporting.

The project store takes any SQLAlchemy URL; these tests start a throwaway PostgreSQL server
(Debian's `postgresql` package: initdb, pg_ctl and postgres under /usr/lib/postgresql/*/bin)
on a free loopback port, with its data and sockets in a temporary folder, and give each test
a database of its own. Where no server binaries are installed, or the server will not start,
every test here is skipped with the reason; `.ci/run` installs them.
"""

from __future__ import annotations

import dataclasses
import glob
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest
import sqlalchemy as sa

from analyzer.errors import ConfigError, ProjectError
from analyzer.pipelines.curate import merge_themes, rename_theme
from analyzer.projects import (
    SCHEMA_VERSION,
    DamagedProjectError,
    add_round,
    delete_analysis,
    list_analyses,
    load_responses,
    open_project,
    save_project,
    save_responses,
)
from analyzer.reports import write_report
from analyzer.themes.responses import ResponseEntry, ResponseLog
from tests.fitted import fitted_result, read_survey, theme_of_topic, topic_of, write_survey
from tests.test_projects import KILLED_WRITER, assert_same_result

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("initdb", "pg_ctl", "postgres")
SUPERUSER = "analyzer"
"""The role initdb creates; trust authentication on loopback, so no password is checked."""
START_TIMEOUT_S = 60


@dataclass(frozen=True)
class Server:
    port: int
    folder: Path
    log: Path

    def url(self, database: str, password: str | None = None) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql+psycopg://{SUPERUSER}{secret}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> sa.Engine:
        return sa.create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")


def server_binaries() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: the one pg_ctl on PATH comes from,
    else the newest /usr/lib/postgresql/*/bin."""
    folders = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        folders.append(Path(on_path).resolve().parent)
    folders += sorted((Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")), reverse=True,
                      key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.name)])
    for folder in folders:
        if all(os.access(folder / tool, os.X_OK) for tool in TOOLS):
            return folder
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server for this module: initdb into a temporary folder, started with
    pg_ctl on a free loopback port (sockets in the same folder), stopped and removed after.

    PostgreSQL refuses to run as root; as root it runs as the `postgres` user, owning the
    folder (created under /tmp, which that user can reach)."""
    pytest.importorskip("psycopg", reason="the PostgreSQL driver is not installed: "
                                          "`.venv/bin/pip install 'psycopg[binary]'`")
    binaries = server_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl, postgres) on PATH or in "
                    "/usr/lib/postgresql/*/bin; install Debian's `postgresql` package")
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="feedback-pg-"))
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            pytest.skip("running as root, and there is no `postgres` user to run the server as")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_user = (["runuser", "-u", "postgres", "--"] if shutil.which("runuser")
                   else ["su", "postgres", "-s", "/bin/sh", "-c"])
    pg_ctl = [str(binaries / "pg_ctl"), "-D", str(folder / "data")]

    def run(command: list[str]) -> subprocess.CompletedProcess:
        if as_user and as_user[0] == "su":
            command = [shlex.join(command)]
        return subprocess.run([*as_user, *command], capture_output=True, text=True,
                              timeout=START_TIMEOUT_S * 2)

    server = None
    try:
        made = run([str(binaries / "initdb"), "-D", str(folder / "data"), "--auth=trust",
                    f"--username={SUPERUSER}", "--encoding=UTF8", "--no-locale", "--no-sync"])
        if made.returncode:
            pytest.skip(f"initdb failed: {(made.stderr or made.stdout).strip()[-300:]}")
        for _ in range(3):  # another program may take the free port before the server does
            candidate = Server(free_port(), folder, folder / "server.log")
            started = run([*pg_ctl, "-l", str(candidate.log), "-w", "-t", str(START_TIMEOUT_S),
                           "-o", f"-c listen_addresses=127.0.0.1 -p {candidate.port} "
                                 f"-k {folder} -c fsync=off -c full_page_writes=off", "start"])
            if started.returncode == 0:
                server = candidate
                break
        if server is None:
            log = candidate.log.read_text() if candidate.log.exists() else started.stderr
            pytest.skip(f"PostgreSQL did not start: {log.strip()[-300:]}")
        yield server
    finally:
        if server is not None:
            run([*pg_ctl, "-m", "immediate", "stop"])  # its data is thrown away
        shutil.rmtree(folder, ignore_errors=True)


NUMBERS = count(1)


@pytest.fixture
def database(postgres) -> str:
    """The URL of a new, empty database for one test."""
    name = f"project_{next(NUMBERS)}"
    admin = postgres.admin()
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return postgres.url(name)


@pytest.fixture(scope="module")
def result():
    return fitted_result()


def query(url: str, sql: str) -> list[tuple]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql))]
    finally:
        engine.dispose()


def execute(url: str, *statements: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(sa.text(statement))
    finally:
        engine.dispose()


# -- saving and opening ---------------------------------------------------------------------

def test_an_analysis_saved_in_postgres_reopens_identical(result, database):
    ref = save_project(result, database, name="Spring survey")
    assert (ref.analysis_id, ref.n_comments, ref.n_themes) == (1, len(result.comments), 3)
    assert_same_result(open_project(database), result)
    assert_same_result(open_project(sa.engine.make_url(database), analysis_id=1), result)
    # Plain tables any SQL tool can read: the themes and each comment's theme.
    assert query(database, "SELECT theme_id, label FROM themes ORDER BY position") == \
        [(t.theme_id, t.label) for t in result.themes]
    assigned = dict(query(database, "SELECT c.comment_id, a.theme_id FROM comments c JOIN "
                                    "assignments a USING (analysis_id, position)"))
    assert assigned == dict(zip(result.comments["comment_id"], result.comments["theme_id"]))
    assert query(database, "SELECT version FROM schema_version ORDER BY 1") == \
        [(v,) for v in range(1, SCHEMA_VERSION + 1)]


def test_postgres_holds_redacted_text_only_unless_originals_are_kept(result, database):
    from analyzer.projects import list_analyses, purge_originals

    save_project(result, database, name="Redacted")
    save_project(result, database, name="Kept", keep_originals=True)
    counted = "SELECT analysis_id, count(text_original) FROM comments GROUP BY 1 ORDER BY 1"
    assert query(database, counted) == [(1, 0), (2, len(result.comments))]
    assert [r.originals_kept for r in list_analyses(database)] == [False, True]
    assert_same_result(open_project(database, 2), result, originals_kept=True)
    assert purge_originals(database) == [2]
    assert query(database, counted) == [(1, 0), (2, 0)]
    assert query(database, "SELECT count(text) FROM comments") == [(0,)]
    assert_same_result(open_project(database, 1), result)


def test_curation_saved_in_postgres_survives_the_round_trip(result, database):
    save_project(result, database, name="First fit")
    opened = open_project(database)
    bus, lunch = theme_of_topic(opened, "bus"), theme_of_topic(opened, "lunch")
    renamed = rename_theme(opened, bus, "School buses", who="Ana")
    curated = merge_themes(renamed, [bus, lunch], "Buses and lunches", who="Bo")
    ref = save_project(curated, database, name="Curated", parent_id=1)
    assert (ref.analysis_id, ref.parent_id, ref.n_themes) == (2, 1, 2)

    again = open_project(database)
    assert_same_result(again, curated)
    merged = min(bus, lunch)
    labels = {t.theme_id: t.label for t in again.themes if t.is_real}
    assert labels[merged] == "Buses and lunches" and max(bus, lunch) not in labels
    planted = again.comments[topic_of(again.comments["comment_id"]).isin(["bus", "lunch"])]
    assert len(planted) == 60
    assert (planted["theme_id"] == merged).all()
    assert (planted["theme_label"] == "Buses and lunches").all()
    assert [e["kind"] for e in again.method["curation"]] == ["rename", "merge"]
    assert query(database, "SELECT kind, who FROM curation_edits WHERE analysis_id = 2 "
                           "ORDER BY edit_id") == [("rename", "Ana"), ("merge", "Bo")]

    # Curating the reopened copy again and saving it keeps the whole history.
    third = rename_theme(again, merged, "Transport and food", who="Cy")
    save_project(third, database, name="Curated again", parent_id=2)
    assert [e["who"] for e in open_project(database).method["curation"]] == ["Ana", "Bo", "Cy"]
    assert_same_result(open_project(database, 1), result)  # the first fit is untouched
    assert [(r.analysis_id, r.name, r.parent_id) for r in list_analyses(database)] == \
        [(1, "First fit", None), (2, "Curated", 1), (3, "Curated again", 2)]


def test_responses_and_deletes_in_postgres(result, database):
    save_project(result, database, name="Spring")
    bus = theme_of_topic(result, "bus")
    log = ResponseLog((ResponseEntry(bus, "Bus", "adopted", "Two more drivers.",
                                     recorded_on="2024-05-01", updated_on="2024-05-20"),))
    assert save_responses(database, log) == 1
    assert load_responses(database) == log
    replaced = ResponseLog((ResponseEntry(bus, "Bus", "under review", "Costing it.",
                                          recorded_on="2024-06-01"),))
    save_responses(database, replaced)  # replaces the log: the upsert is delete + insert
    assert load_responses(database) == replaced
    assert query(database, "SELECT status, recorded_on::text FROM responses") == \
        [("under review", "2024-06-01")]

    save_project(result, database, name="Copy", parent_id=1)
    delete_analysis(database, 1)
    assert [(r.analysis_id, r.parent_id) for r in list_analyses(database)] == [(2, None)]
    assert query(database, "SELECT count(*) FROM comments WHERE analysis_id = 1") == [(0,)]
    assert save_project(result, database, name="Again").analysis_id == 3  # ids not reused


def test_a_second_round_added_in_postgres(result, database, tmp_path):
    save_project(result, database, name="Round 1")
    extended = add_round(database, read_survey(write_survey(tmp_path, n_per_topic=5, seed=3)),
                         "Round 2")
    assert_same_result(open_project(database), extended)
    assert_same_result(open_project(database, 1), result)
    assert [(r.analysis_id, r.parent_id, r.round_label) for r in list_analyses(database)] == \
        [(1, None, None), (2, 1, "Round 2")]


# -- reporting ------------------------------------------------------------------------------

def test_a_report_from_postgres_shows_the_curated_themes_and_responses(result, database,
                                                                        tmp_path):
    bus = theme_of_topic(result, "bus")
    curated = rename_theme(result, bus, "Late school buses", who="Ana")
    log = ResponseLog((ResponseEntry(bus, "Late school buses", "adopted",
                                     "Two more drivers from March.", recorded_on="2024-05-01"),))
    save_project(curated, database, name="Spring", responses=log)

    opened = write_report(open_project(database), "html", tmp_path / "opened.html",
                          responses=load_responses(database)).read_text(encoding="utf-8")
    assert "Late school buses" in opened and "Two more drivers from March." in opened
    # The project's URL is a source too: its latest analysis with its stored responses.
    direct = write_report(database, "html", tmp_path / "direct.html").read_text(
        encoding="utf-8")
    assert "Late school buses" in direct and "Two more drivers from March." in direct
    with pytest.raises(ConfigError, match=r"say where to write the report"):
        write_report(database, "html")


# -- concurrency, killed saves, migrations ----------------------------------------------------

def test_first_saves_racing_into_an_empty_database_all_succeed(result, database):
    """Each save creates the tables when it finds none; only one may, the others wait."""
    start = threading.Barrier(3)
    refs, errors = [], []

    def save(name: str) -> None:
        start.wait()
        try:
            refs.append(save_project(result, database, name=name))
        except ProjectError as error:
            errors.append(error)

    writers = [threading.Thread(target=save, args=(f"writer {i}",)) for i in range(3)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert errors == []
    assert sorted(r.analysis_id for r in refs) == [1, 2, 3]
    assert query(database, "SELECT version FROM schema_version ORDER BY 1") == \
        [(v,) for v in range(1, SCHEMA_VERSION + 1)]


def make_version_1(url: str) -> None:
    """Take a saved project back to schema version 1 (before rounds had a parent)."""
    execute(url, "ALTER TABLE analyses DROP COLUMN parent_id",
            "ALTER TABLE analyses DROP COLUMN round_label",
            "ALTER TABLE themes DROP COLUMN label_alternatives",
            "DELETE FROM schema_version WHERE version > 1")


def test_a_version_1_project_is_migrated_once_by_openers_racing_to_it(result, database):
    save_project(result, database, name="Old")
    make_version_1(database)
    start = threading.Barrier(3)
    opened, errors = [], []

    def open_it() -> None:
        start.wait()
        try:
            opened.append(open_project(database))
        except ProjectError as error:
            errors.append(error)

    readers = [threading.Thread(target=open_it) for _ in range(3)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=120)
    assert errors == []
    without_alternatives = dataclasses.replace(result, themes=tuple(  # version 1 kept none
        dataclasses.replace(t, label_alternatives=()) for t in result.themes))
    for again in opened:
        assert_same_result(again, without_alternatives)
    assert query(database, "SELECT version FROM schema_version ORDER BY 1") == \
        [(v,) for v in range(1, SCHEMA_VERSION + 1)]
    assert list_analyses(database)[0].parent_id is None


@pytest.mark.parametrize("existing", [True, False], ids=["old-state-kept", "nothing-left"])
def test_a_save_killed_mid_transaction_leaves_the_postgres_project_intact(
        result, database, tmp_path, existing):
    """The server rolls back the transaction of a client that died (kill -9) holding it.
    Ids come from a sequence, which a rolled-back save still advances: they skip a number
    but are never reused."""
    source = tmp_path / "source.feedback.db"
    save_project(result, source, name="source")
    if existing:
        save_project(result, database, name="Spring survey")
    marker = tmp_path / "inside.txt"
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER, encoding="utf-8")
    writer = subprocess.Popen([sys.executable, str(script), str(source), database,
                               str(marker)], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 180
        while not marker.exists():
            assert writer.poll() is None, "the writer exited before reaching the pause"
            assert time.monotonic() < deadline, "the writer never reached the pause"
            time.sleep(0.1)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == -signal.SIGKILL

    if existing:
        assert [r.name for r in list_analyses(database)] == ["Spring survey"]
        assert_same_result(open_project(database), result)
        assert query(database, "SELECT count(*) FROM comments") == [(len(result.comments),)]
    else:
        assert list_analyses(database) == []
        assert query(database, "SELECT count(*) FROM information_schema.tables "
                               "WHERE table_schema = 'public'") == [(0,)]
    after = save_project(result, database, name="after")
    assert [r.name for r in list_analyses(database)] == \
        (["Spring survey", "after"] if existing else ["after"])
    assert_same_result(open_project(database, after.analysis_id), result)


# -- messages -------------------------------------------------------------------------------

def test_a_damaged_postgres_project_says_so_without_the_password(result, postgres, database):
    name = database.rsplit("/", 1)[1]
    secret = postgres.url(name, password="s3cret-pw")
    ref = save_project(result, secret, name="Spring")
    assert "s3cret-pw" not in ref.url and ":***@" in ref.url
    execute(database, "ALTER TABLE themes DROP COLUMN label")
    with pytest.raises(DamagedProjectError) as raised:
        open_project(secret)
    message = str(raised.value)
    assert message == (f"project '{postgres.url(name, password='***')}' is damaged: table "
                       "'themes' has no column 'label'. Open the original data and run the "
                       "analysis again, or restore the database from a backup.")


def test_an_unreachable_database_is_explained_without_the_password(postgres):
    with pytest.raises(ProjectError, match=r"could not be used .*check the address, the "
                                           r"server and your permissions") as raised:
        open_project(postgres.url("no_such_database", password="s3cret-pw"))
    assert "s3cret-pw" not in str(raised.value) and ":***@" in str(raised.value)


def test_a_malformed_url_is_refused_without_its_password():
    """No server needed: the URL cannot even be parsed."""
    with pytest.raises(ProjectError, match=r"is neither a file path nor a database URL") \
            as raised:
        open_project("postgresql+psycopg://ana:s3cret-pw@db.example.org:port/survey")
    assert "s3cret-pw" not in str(raised.value) and "ana:***@" in str(raised.value)
