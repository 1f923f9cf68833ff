"""Connecting to a project database: a SQLite file by default, any SQLAlchemy URL otherwise.

Everything a caller does with a project happens inside one transaction (`transaction`), so a
process killed halfway leaves the database as it was before. SQLite needs one adjustment for
that: Python's sqlite3 driver does not open a transaction before CREATE/ALTER TABLE, so the
driver's own transaction handling is switched off and SQLAlchemy emits BEGIN itself (the
recipe from the SQLAlchemy SQLite dialect documentation). Table creation and migrations are
then rolled back with everything else. A new SQLite file is created readable by its owner
only (`analyzer.private_files`).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection

from analyzer.errors import ProjectError
from analyzer.private_files import create_private_file

SQLITE_SUFFIX = ".feedback.db"
BUSY_TIMEOUT_S = 30


class DamagedProjectError(ProjectError):
    """The project no longer holds what the analyzer saved: damaged, or edited by hand."""


def damaged(url: URL, problem: str) -> DamagedProjectError:
    """The error for a damaged project: where it is, what is wrong, and how to recover."""
    thing = "file" if sqlite_file(url) is not None else "database"
    return DamagedProjectError(
        f"project '{describe(url)}' is damaged: {problem}. Open the original data and run the "
        f"analysis again, or restore the {thing} from a backup.")


def resolve_url(url_or_path: str | Path | URL) -> URL:
    """A SQLAlchemy URL: file paths become SQLite URLs, URLs are parsed as given."""
    if isinstance(url_or_path, URL):
        return url_or_path
    if isinstance(url_or_path, Path) or "://" not in str(url_or_path):
        text = str(url_or_path).strip()
        if not text:
            raise ProjectError("the project location is empty; give a file path such as "
                               f"'survey{SQLITE_SUFFIX}' or a database URL.")
        return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))
    try:
        return sa.engine.make_url(str(url_or_path).strip())
    except (sa.exc.ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise ProjectError(f"'{_hide_password(str(url_or_path))}' is neither a file path nor a "
                           "database URL such as sqlite:///survey.feedback.db or "
                           "postgresql+psycopg://user@host:5432/dbname.") from None


def _hide_password(text: str) -> str:
    """`text` with the password of a user:password@host URL replaced by ***, for a URL too
    malformed for SQLAlchemy to hide it."""
    return re.sub(r"(://[^/:@]*:)[^@]*@", r"\1***@", text)


def describe(url: URL) -> str:
    """The URL as shown in messages: passwords hidden, SQLite files as plain paths."""
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return str(url.database)
    return url.render_as_string(hide_password=True)


def sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if str(url.database).startswith("file:"):
        return None
    return Path(url.database)


def make_engine(url: URL) -> sa.Engine:
    try:
        if url.get_backend_name() == "sqlite":
            engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        return sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as error:
        raise ProjectError(
            f"cannot use the database {describe(url)}: {error}. For PostgreSQL install a "
            "driver first, e.g. `.venv/bin/pip install 'psycopg[binary]'`, and use a URL like "
            "postgresql+psycopg://user@host/dbname.") from None


SCHEMA_LOCK_KEY = 0x66656564626b
"""The PostgreSQL advisory lock that schema changes take (any constant: it names the lock)."""


def lock_schema(connection: Connection) -> None:
    """Hold off other connections' schema changes until this transaction ends.

    Two first saves into an empty PostgreSQL database would both find no tables and both
    create them, and the second fails; so would two openers migrating one old project. On
    PostgreSQL a transaction-scoped advisory lock makes the second wait for the first to
    commit. SQLite needs none: it lets one writer at a time into the file."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": SCHEMA_LOCK_KEY})


def _sqlite_connect(dbapi_connection, connection_record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy sends BEGIN; DDL becomes transactional
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # cleared text is overwritten, not left in free pages
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


@contextmanager
def transaction(url_or_path: str | Path | URL, *, create: bool) -> Iterator[Connection]:
    """A connection inside one transaction: committed when the block ends, rolled back if it
    raises (or if the process dies). `create=False` refuses to conjure up a new SQLite file."""
    url = resolve_url(url_or_path)
    path = sqlite_file(url)
    if path is not None:
        if not create and not path.is_file():
            raise ProjectError(f"there is no project at {path}; check the path, or save an "
                               "analysis there first.")
        if create and not path.parent.is_dir():
            raise ProjectError(f"cannot create the project {path}: the folder {path.parent} "
                               "does not exist.")
        if create:
            _create_owner_only(path)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            yield connection
    except ProjectError:
        raise
    except sa.exc.SQLAlchemyError as error:
        raise _failure(url, error) from error
    finally:
        engine.dispose()


def _create_owner_only(path: Path) -> None:
    """Create a new project file readable by its owner only (0600) before SQLite opens it;
    SQLite then gives its -journal and -wal files the same mode."""
    try:
        create_private_file(path)
    except OSError as error:
        raise ProjectError(f"cannot create the project {path} ({error.strerror or error}); "
                           "check that you may write to its folder.") from None


UNREADABLE = ("malformed", "could not decode")
"""What SQLite says about a file that is a database but whose pages no longer read: cut
short, overwritten, or holding text that is not UTF-8."""


def _failure(url: URL, error: sa.exc.SQLAlchemyError) -> ProjectError:
    """The ProjectError for a database error: damaged, busy, unreachable, or not a project."""
    reason = _reason(error)
    lowered = reason.lower()
    if any(words in lowered for words in UNREADABLE):
        shortened = reason if len(reason) <= 120 else f"{reason[:120]}..."
        return damaged(url, f"the database cannot be read ({shortened})")
    if isinstance(error, sa.exc.OperationalError):
        return ProjectError(_operational_message(url, reason))
    if "not a database" in lowered:
        return ProjectError(f"{describe(url)} is not a project database this tool can read "
                            f"({reason}). Open a file saved by the analyzer, or save to a new "
                            "file.")
    return ProjectError(f"the project {describe(url)} could not be read or written "
                        f"({reason}); nothing was changed.")


def _reason(error: sa.exc.SQLAlchemyError) -> str:
    original = getattr(error, "orig", None)
    return str(original if original is not None else error).splitlines()[0]


def _operational_message(url: URL, reason: str) -> str:
    lowered = reason.lower()
    if "locked" in lowered or "busy" in lowered:
        return (f"the project {describe(url)} is busy: another program is writing to it. "
                "Close the other program (or wait for it to finish) and try again; nothing "
                "was changed.")
    if "unable to open" in lowered or "readonly" in lowered or "read-only" in lowered:
        return (f"cannot open the project {describe(url)} for writing ({reason}); check that "
                "the file and its folder exist and that you may write to them.")
    if "not a database" in lowered:
        return (f"{describe(url)} is not a project database ({reason}); open a file saved by "
                "the analyzer.")
    return (f"the database {describe(url)} could not be used ({reason}); check the address, "
            "the server and your permissions. Nothing was changed.")


__all__ = ["SQLITE_SUFFIX", "DamagedProjectError", "damaged", "describe", "lock_schema",
           "make_engine", "resolve_url", "sqlite_file", "transaction"]
