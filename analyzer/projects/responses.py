"""The response log ("you said, we did") of a saved analysis, one row per theme.

Entries are stored as plain columns (theme_id, theme_label, status, response, rationale,
recorded_on, updated_on) so any SQL tool can read them. Saving replaces the analysis's whole
log in one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection

from analyzer.errors import ConfigError, ProjectError
from analyzer.projects.database import transaction
from analyzer.projects.migrations import ensure_schema
from analyzer.projects.schema import T
from analyzer.projects.validate import Stored, analysis_row
from analyzer.themes.responses import ResponseEntry, ResponseLog
from analyzer.themes.theme import Theme


def save_responses(url_or_path: str | Path | URL, responses: ResponseLog | pd.DataFrame, *,
                   analysis_id: int | None = None) -> int:
    """Replace the response log of analysis `analysis_id` (the latest when None); return how
    many entries were saved."""
    log = ResponseLog.coerce(responses)
    with transaction(url_or_path, create=False) as connection:
        ensure_schema(connection, create=False)
        analysis_id = analysis_row(connection, analysis_id)["id"]
        theme_objects = [Theme(theme_id, "", (), 0, 0.0, ())
                         for theme_id in _theme_ids(connection, analysis_id)]
        write_responses(connection, analysis_id, log, theme_objects)
    return len(log)


def load_responses(url_or_path: str | Path | URL, analysis_id: int | None = None) -> ResponseLog:
    """The response log of analysis `analysis_id` (the latest when None); empty if none."""
    with transaction(url_or_path, create=False) as connection:
        ensure_schema(connection, create=False)
        return read_responses(connection, analysis_row(connection, analysis_id)["id"])


def write_responses(connection: Connection, analysis_id: int, responses: ResponseLog,
                    themes: Sequence[Theme]) -> None:
    """Replace the log inside the caller's transaction; every entry must name a real theme.

    The log's order (the order responses were recorded) is kept."""
    log = ResponseLog.coerce(responses)
    valid = sorted(t.theme_id for t in themes if t.theme_id >= 0)
    unknown = [e.theme_id for e in log if e.theme_id not in valid]
    if unknown:
        raise ProjectError(f"responses name theme(s) {unknown} that analysis {analysis_id} does "
                           f"not have; its themes are {', '.join(map(str, valid))}.")
    table = T["responses"]
    connection.execute(sa.delete(table).where(table.c.analysis_id == analysis_id))
    rows = [{"analysis_id": analysis_id, "theme_id": e.theme_id, "position": i,
             "theme_label": e.theme_label,
             "status": e.status, "response": e.response, "rationale": e.rationale,
             "recorded_on": e.recorded_on, "updated_on": e.updated_on}
            for i, e in enumerate(log)]
    if rows:
        connection.execute(sa.insert(table), rows)


def read_responses(connection: Connection, analysis_id: int) -> ResponseLog:
    """The stored log, each entry checked as if typed in again, and each naming one of the
    analysis's themes."""
    table = T["responses"]
    stored = Stored(connection, "responses")
    # Dates are read as stored (ISO text in SQLite): SQLAlchemy's own date parsing would fail
    # on a hand-typed date with a bare ValueError, before the entry could say which one.
    columns = [sa.type_coerce(c, sa.Text).label(c.name) if isinstance(c.type, sa.Date) else c
               for c in table.columns]
    rows = stored.checked([dict(r._mapping) for r in connection.execute(
        sa.select(*columns).where(table.c.analysis_id == analysis_id)
        .order_by(table.c.position))])
    themes = set(_theme_ids(connection, analysis_id))
    entries = []
    for r in rows:
        if r["theme_id"] not in themes:
            raise stored.damaged(f"table 'responses' holds a response to theme {r['theme_id']}, "
                                 f"which analysis {analysis_id} does not have")
        try:
            entries.append(ResponseEntry(
                theme_id=r["theme_id"], theme_label=r["theme_label"], status=r["status"],
                response=r["response"], rationale=r["rationale"],
                recorded_on=r["recorded_on"], updated_on=r["updated_on"]))
        except ConfigError as error:
            raise stored.damaged(f"the response to theme {r['theme_id']} in table 'responses' "
                                 f"cannot be read ({error})") from None
    try:
        return ResponseLog(tuple(entries))
    except ConfigError as error:
        raise stored.damaged(f"table 'responses' cannot be read ({error})") from None


def _theme_ids(connection: Connection, analysis_id: int) -> list[int]:
    """The ids of the analysis's real themes, checked."""
    themes = T["themes"]
    rows = [dict(r._mapping) for r in connection.execute(
        sa.select(themes.c.theme_id).where(themes.c.analysis_id == analysis_id))]
    return [r["theme_id"] for r in Stored(connection, "themes").checked(rows)
            if r["theme_id"] >= 0]


__all__ = ["load_responses", "read_responses", "save_responses", "write_responses"]
