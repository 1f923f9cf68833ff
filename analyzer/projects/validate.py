"""Checking what a project database holds before an analysis is rebuilt from it.

A project is a file anyone can open in a SQLite browser (or a database anyone with access can
edit), and files get truncated by full disks and half-finished copies. So nothing read from
one is trusted: the tables and columns of its schema version must all be there, every stored
value must be of the kind the analyzer writes in that column (a whole number, a number, text,
JSON of the right shape), and every comment's theme must be one of the analysis's themes.
The first thing that does not fit raises `DamagedProjectError`, which names the project, the
table, the column and the value, and says how to recover; a Python traceback three calls
below the read would tell the person holding the file nothing they can act on.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from analyzer.errors import ProjectError
from analyzer.projects.database import DamagedProjectError, damaged
from analyzer.projects.frames import LayoutError
from analyzer.projects.schema import T, build_tables

SHOWN_CHARS = 40
"""How much of a wrong value a message quotes: enough to find it, never a whole essay."""


@dataclass(frozen=True)
class Kind:
    """What a stored column holds, in words for a message, and the Python types that fit
    (True and False never do: no column stores them)."""

    words: str
    types: tuple[type, ...]

    def fits(self, value: Any) -> bool:
        return isinstance(value, self.types) and not isinstance(value, bool)


WHOLE = Kind("a whole number", (int,))
NUMBER = Kind("a number", (int, float))
TEXT = Kind("text", (str,))
BINARY = Kind("binary data", (bytes, bytearray, memoryview))
DATE = Kind("a date", (dt.date, str))
"""Dates come back as dates from PostgreSQL and as ISO text from SQLite (read uncoerced, so
that a hand-typed 'soon' reaches the entry's own check instead of failing inside the driver)."""


def kind_of(column: sa.Column) -> Kind | None:
    """The kind of value the schema's `column` holds."""
    for sql_type, kind in ((sa.Integer, WHOLE), (sa.Float, NUMBER), (sa.Text, TEXT),
                           (sa.LargeBinary, BINARY), (sa.Date, DATE)):
        if isinstance(column.type, sql_type):
            return kind
    return None


def shown(value: Any) -> str:
    """A wrong value as a message quotes it: short, and never raw bytes."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"{len(value):,} bytes of binary data"
    if isinstance(value, str) and len(value) > SHOWN_CHARS:
        return f"{value[:SHOWN_CHARS]!r}... ({len(value):,} characters)"
    return repr(value)


def json_kind(value: Any) -> str:
    """The JSON name of a decoded value's kind, as a message says it."""
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, list):
        return "a JSON list"
    if isinstance(value, str):
        return "a JSON text"
    if value is None:
        return "JSON null"
    return "a JSON number" if not isinstance(value, bool) else "a JSON true/false"


class Stored:
    """One table of a project, read with every value checked against what the analyzer
    writes there. Each check returns the values it passed, so a reader cannot forget one."""

    def __init__(self, connection: Connection, table: str):
        self.url = connection.engine.url
        self.table = table

    def damaged(self, problem: str) -> DamagedProjectError:
        return damaged(self.url, problem)

    def checked(self, rows: Sequence[Mapping[str, Any]]) -> Sequence[Mapping[str, Any]]:
        """`rows` of this table, every column they hold checked against the schema: its
        kind of value, and no NULL where the schema forbids one."""
        if rows:
            for column in T[self.table].columns:
                kind = kind_of(column)
                if kind is not None and column.name in rows[0]:
                    self.column(rows, column.name, kind, nullable=bool(column.nullable))
        return rows

    def column(self, rows: Sequence[Mapping[str, Any]], name: str, kind: Kind, *,
               nullable: bool = False) -> list:
        """The values of column `name` in `rows`, each of `kind` (or None when `nullable`)."""
        values = [row[name] for row in rows]
        for value in values:
            if value is None:
                if not nullable:
                    raise self.damaged(f"column '{name}' of table '{self.table}' is empty "
                                       f"(NULL) where {kind.words} belongs")
            elif not kind.fits(value):
                raise self.damaged(f"column '{name}' of table '{self.table}' holds "
                                   f"{shown(value)} where {kind.words} belongs")
        return values

    def value(self, row: Mapping[str, Any], name: str, kind: Kind, *,
              nullable: bool = False) -> Any:
        return self.column([row], name, kind, nullable=nullable)[0]

    def whole(self, row: Mapping[str, Any], name: str, *, minimum: int) -> int:
        """A whole number of at least `minimum` (a count, a size)."""
        number = self.value(row, name, WHOLE)
        if number < minimum:
            raise self.damaged(f"column '{name}' of table '{self.table}' holds {number}, "
                               f"below the smallest possible value {minimum}")
        return number

    def decoded(self, rows: Sequence[Mapping[str, Any]], name: str, shape: type, *,
                nullable: bool = False) -> list:
        """The JSON in column `name`, each decoded value a `shape` (dict or list)."""
        decoded = []
        for text in self.column(rows, name, TEXT, nullable=nullable):
            if text is None:
                decoded.append(None)
                continue
            try:
                value = json.loads(text)
            except (ValueError, RecursionError) as error:
                raise self.damaged(f"column '{name}' of table '{self.table}' holds "
                                   f"{shown(text)}, which is not valid JSON "
                                   f"({str(error).splitlines()[0]})") from None
            if not isinstance(value, shape):
                raise self.damaged(f"column '{name}' of table '{self.table}' holds "
                                   f"{json_kind(value)} where {json_kind(shape())} belongs")
            decoded.append(value)
        return decoded

    def json(self, row: Mapping[str, Any], name: str, shape: type, *,
             nullable: bool = False) -> Any:
        return self.decoded([row], name, shape, nullable=nullable)[0]

    def items(self, decoded: Sequence[list | dict], name: str, kind: Kind) -> list:
        """`decoded` (JSON lists, or objects, from column `name`) after checking that every
        item (every value of an object) is of `kind`."""
        for values in decoded:
            for item in values.values() if isinstance(values, dict) else values:
                if not kind.fits(item):
                    raise self.damaged(f"column '{name}' of table '{self.table}' holds "
                                       f"{shown(item)} among its values where {kind.words} "
                                       "belongs")
        return list(decoded)

    def longest(self, rows: Sequence[Mapping[str, Any]], name: str, limit: int) -> None:
        """Text in column `name` must be at most `limit` characters long."""
        for row in rows:
            if len(row[name]) > limit:
                raise self.damaged(f"column '{name}' of table '{self.table}' holds "
                                   f"{shown(row[name])}, longer than the {limit:,} characters "
                                   "the analyzer ever writes there")

    @contextmanager
    def rebuilding(self, what: str) -> Iterator[None]:
        """Turn a frame that cannot be rebuilt from this table into a damaged project."""
        try:
            yield
        except LayoutError as error:
            raise self.damaged(f"{what} cannot be rebuilt from table '{self.table}': "
                               f"{error}") from None


def analysis_row(connection: Connection, analysis_id: int | None) -> dict[str, Any]:
    """The row of analysis `analysis_id` (the latest when None), checked; ProjectError when
    the project holds no such analysis."""
    analyses = T["analyses"]
    if analysis_id is None:
        row = connection.execute(sa.select(analyses).order_by(analyses.c.id.desc())
                                 .limit(1)).first()
        if row is None:
            raise ProjectError("this project holds no saved analysis yet.")
    else:
        row = connection.execute(sa.select(analyses)
                                 .where(analyses.c.id == int(analysis_id))).first()
        if row is None:
            ids = connection.execute(sa.select(analyses.c.id).order_by(analyses.c.id)
                                     ).scalars().all()
            raise ProjectError(f"there is no analysis {analysis_id} in this project; the saved "
                               f"analyses are {', '.join(map(str, ids)) or 'none'}.")
    return dict(Stored(connection, "analyses").checked([dict(row._mapping)])[0])


@dataclass(frozen=True)
class ListOf:
    """A JSON list whose every item has `item`'s shape."""

    item: Any


@dataclass(frozen=True)
class MapOf:
    """A JSON object whose every value has `value`'s shape (any keys)."""

    value: Any


@dataclass(frozen=True)
class Maybe:
    """`shape`, or null."""

    shape: Any


PLAIN = ((int, WHOLE), (float, NUMBER), (str, TEXT))


def misfit(value: Any, shape: Any, path: str) -> str | None:
    """Where decoded JSON `value` departs from `shape`, in words; None when it fits.

    A shape is int, float or str; dict or list (any object or list); ListOf, MapOf or Maybe;
    or a dict of key -> shape, an object whose listed keys, when present, have those shapes
    (others are free: the record may hold more than its readers need)."""
    if isinstance(shape, Maybe):
        return None if value is None else misfit(value, shape.shape, path)
    if isinstance(shape, (dict, MapOf)) or shape is dict:
        if not isinstance(value, dict):
            return f"{json_kind(value)} as {path} where a JSON object belongs"
        if isinstance(shape, MapOf):
            checks = [(key, shape.value) for key in value]
        elif isinstance(shape, dict):
            checks = [(key, inner) for key, inner in shape.items() if key in value]
        else:
            checks = []
        for key, inner in checks:
            problem = misfit(value[key], inner, f"{path}.{key}")
            if problem:
                return problem
        return None
    if isinstance(shape, ListOf) or shape is list:
        if not isinstance(value, list):
            return f"{json_kind(value)} as {path} where a JSON list belongs"
        for i, item in enumerate(value if isinstance(shape, ListOf) else ()):
            problem = misfit(item, shape.item, f"{path}[{i}]")
            if problem:
                return problem
        return None
    kind = next(kind for plain, kind in PLAIN if plain is shape)
    return None if kind.fits(value) else f"{shown(value)} as {path} where {kind.words} belongs"


def check_tables(connection: Connection, version: int) -> None:
    """Every table and column of schema `version` must be there; extra ones are ignored."""
    url = connection.engine.url
    inspector = sa.inspect(connection)
    present = set(inspector.get_table_names())
    for table in build_tables(version).sorted_tables:
        if table.name not in present:
            raise damaged(url, f"it has no table '{table.name}'")
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in columns:
                raise damaged(url, f"table '{table.name}' has no column '{column.name}'")


def check_versions(connection: Connection, versions: Sequence[Any]) -> int:
    """The project's schema version from the rows of `schema_version`."""
    stored = Stored(connection, "schema_version")
    numbers = stored.column([{"version": v} for v in versions], "version", WHOLE)
    if not numbers:
        raise stored.damaged("table 'schema_version' is empty, so which version of the "
                             "analyzer saved it is unknown")
    if min(numbers) < 1:
        raise stored.damaged(f"table 'schema_version' holds the version {min(numbers)}; "
                             "versions start at 1")
    return max(numbers)


__all__ = ["BINARY", "DATE", "NUMBER", "TEXT", "WHOLE", "DamagedProjectError", "Kind", "ListOf",
           "MapOf", "Maybe", "Stored", "check_tables", "check_versions", "damaged", "json_kind",
           "kind_of", "misfit", "shown"]
