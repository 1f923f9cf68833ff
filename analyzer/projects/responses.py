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

from analyzer.errors import ProjectError
from analyzer.projects.migrations import ensure_schema
from analyzer.projects.schema import T
from analyzer.themes.responses import ResponseEntry, ResponseLog
from analyzer.themes.theme import Theme


def save_responses(url_or_path: str | Path | URL, responses: ResponseLog | pd.DataFrame, *,
                   analysis_id: int | None = None) -> int:
    """Replace the response log of analysis `analysis_id` (the latest when None); return how
    many entries were saved."""
    from analyzer.projects.database import transaction
    from analyzer.projects.store import _analysis_row

    log = ResponseLog.coerce(responses)
    with transaction(url_or_path, create=False) as connection:
        ensure_schema(connection, create=False)
        row = _analysis_row(connection, analysis_id)
        themes = T["themes"]
        stored = connection.execute(sa.select(themes.c.theme_id, themes.c.label)
                                    .where(themes.c.analysis_id == row.id)).all()
        theme_objects = [Theme(int(t.theme_id), t.label, (), 0, 0.0, ()) for t in stored]
        write_responses(connection, int(row.id), log, theme_objects)
    return len(log)


def load_responses(url_or_path: str | Path | URL, analysis_id: int | None = None) -> ResponseLog:
    """The response log of analysis `analysis_id` (the latest when None); empty if none."""
    from analyzer.projects.database import transaction
    from analyzer.projects.store import _analysis_row

    with transaction(url_or_path, create=False) as connection:
        ensure_schema(connection, create=False)
        row = _analysis_row(connection, analysis_id)
        return read_responses(connection, int(row.id))


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
    table = T["responses"]
    rows = connection.execute(sa.select(table).where(table.c.analysis_id == analysis_id)
                              .order_by(table.c.position)).all()
    return ResponseLog(tuple(
        ResponseEntry(theme_id=r.theme_id, theme_label=r.theme_label, status=r.status,
                      response=r.response, rationale=r.rationale, recorded_on=r.recorded_on,
                      updated_on=r.updated_on) for r in rows))


__all__ = ["load_responses", "read_responses", "save_responses", "write_responses"]
