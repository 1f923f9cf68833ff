"""Schema versions and the migrations between them.

`MIGRATIONS` is an ordered list of (version, description, function). Opening or saving a
project runs, inside the caller's transaction, every migration above the database's version
and records each in `schema_version`; if anything fails, the transaction is rolled back and
the database keeps its old version. A database from a newer version of the tool is refused
rather than guessed at, and one missing a table or column of its own version is reported as
damaged before anything reads or migrates it.

To change the schema: add the new columns or tables to `schema.build_tables` behind
`version >= N`, bump `SCHEMA_VERSION`, and append migration N here.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from analyzer.errors import ProjectError
from analyzer.projects.database import lock_schema
from analyzer.projects.schema import SCHEMA_VERSION, T, build_tables
from analyzer.projects.validate import check_tables, check_versions, damaged

Migration = Callable[[Connection], None]


def _create_tables(connection: Connection) -> None:
    build_tables(1).create_all(connection)


def _add_round_columns(connection: Connection) -> None:
    connection.execute(sa.text(
        "ALTER TABLE analyses ADD COLUMN parent_id INTEGER REFERENCES analyses(id)"))
    connection.execute(sa.text("ALTER TABLE analyses ADD COLUMN round_label TEXT"))


def _add_label_alternatives(connection: Connection) -> None:
    connection.execute(sa.text(
        "ALTER TABLE themes ADD COLUMN label_alternatives TEXT NOT NULL DEFAULT '[]'"))


MIGRATIONS: tuple[tuple[int, str, Migration], ...] = (
    (1, "create the project tables", _create_tables),
    (2, "analyses.parent_id and analyses.round_label, for rounds added to an analysis",
     _add_round_columns),
    (3, "themes.label_alternatives, the other names a reviewer may choose",
     _add_label_alternatives),
)


def stored_version(connection: Connection) -> int | None:
    """The database's schema version; None for an empty database."""
    names = set(sa.inspect(connection).get_table_names())
    if "schema_version" not in names:
        if names & set(T):
            raise damaged(connection.engine.url, "it has no table 'schema_version'")
        if names:
            raise ProjectError("this database holds other tables but no feedback-analyzer "
                               "project; give the analyzer a file or database of its own.")
        return None
    versions = connection.execute(sa.select(T["schema_version"].c.version)).scalars().all()
    return check_versions(connection, versions)


def ensure_schema(connection: Connection, *, create: bool,
                  target: int = SCHEMA_VERSION) -> int:
    """Bring the database to schema `target` (creating it when `create`); return the version.

    Runs inside the caller's transaction, so a failed migration changes nothing; a
    connection with work to do waits for any other doing the same (`lock_schema`).
    """
    if not 1 <= target <= SCHEMA_VERSION:
        raise ValueError(f"target={target} should be between 1 and {SCHEMA_VERSION}")
    version = stored_version(connection)
    if (version is not None or create) and (version or 0) < target:
        lock_schema(connection)
        version = stored_version(connection)  # another connection may have just done it
    if version is None:
        if not create:
            raise ProjectError("this project database is empty: no analysis has been saved "
                               "in it yet.")
        version = 0
    if version > SCHEMA_VERSION:
        raise ProjectError(f"this project was saved by a newer version of the analyzer (schema "
                           f"version {version}; this version reads up to {SCHEMA_VERSION}). "
                           "Upgrade feedback-theme-analyzer to open it.")
    if version:
        check_tables(connection, version)
    for number, _, migrate in MIGRATIONS:
        if version < number <= target:
            migrate(connection)
            connection.execute(sa.insert(T["schema_version"]).values(
                version=number,
                applied_on=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
    return max(version, target)


__all__ = ["MIGRATIONS", "ensure_schema", "stored_version"]
