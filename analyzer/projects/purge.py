"""Removing comments' unredacted text from a project that holds it.

Projects saved before redacted-only saves, or saved with `keep_originals=True`, hold each
comment's original and cleaned text. `purge_originals` clears both from every analysis in one
transaction and records in each analysis's settings and method card that originals are no
longer kept; the analyses still open, with the redacted text where the cleaned text was.

Clearing a value does not by itself remove it from the file: SQLite leaves deleted content in
free pages until they are reused. Project connections turn on `secure_delete` (freed content
is overwritten with zeros) and a purge of a SQLite file ends with VACUUM, which rewrites the
file. A PostgreSQL server keeps old row versions until its own VACUUM runs: after a purge
there, run `VACUUM FULL comments` (the README says so).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL

from analyzer.errors import ProjectError
from analyzer.projects import frames
from analyzer.projects.database import BUSY_TIMEOUT_S, resolve_url, sqlite_file, transaction
from analyzer.projects.migrations import ensure_schema
from analyzer.projects.schema import T
from analyzer.projects.store import ORIGINAL_COLUMN
from analyzer.projects.validate import Stored, analysis_row


def purge_originals(url_or_path: str | Path | URL) -> list[int]:
    """Clear the unredacted text of every analysis in the project; return the ids of the
    analyses that held some (an empty list: there was nothing to remove)."""
    url = resolve_url(url_or_path)
    comments = T["comments"]
    with transaction(url, create=False) as connection:
        ensure_schema(connection, create=False)
        holding = connection.execute(
            sa.select(comments.c.analysis_id).distinct()
            .where(sa.or_(comments.c.text_original.is_not(None), comments.c.text.is_not(None)))
            .order_by(comments.c.analysis_id)).scalars().all()
        # `text` is stored only where it differs from the redacted text: unredacted too.
        for analysis_id in holding:
            _mark_redacted_only(connection, analysis_id)
            connection.execute(sa.update(comments).where(comments.c.analysis_id == analysis_id)
                               .values(text_original=None, text=None))
    path = sqlite_file(url)
    if holding and path is not None:
        _vacuum(path)
    return list(holding)


def _vacuum(path: Path) -> None:
    """Rewrite the SQLite file so no free page keeps what was cleared."""
    database = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    try:
        database.execute("VACUUM")
    except sqlite3.Error as error:
        raise ProjectError(f"the original text was cleared from {path}, but the file could not "
                           f"be rewritten afterwards ({error}); run the purge again when no "
                           "other program has the project open.") from None
    finally:
        database.close()


def _mark_redacted_only(connection, analysis_id: int) -> None:
    """Drop the original text from the analysis's comment layout (the cleaned text stays
    listed: cleared, it reads back as the redacted text) and record that originals are not
    kept, in its settings and its method card."""
    row = analysis_row(connection, analysis_id)
    stored = Stored(connection, "analyses")
    layout = stored.json(row, "layout", dict)
    config = stored.json(row, "config", dict)
    method = stored.json(row, "method", dict)
    columns = layout.get("comments", {}).get("columns") if isinstance(
        layout.get("comments"), dict) else None
    if not isinstance(columns, list):
        raise stored.damaged(f"the comment layout of analysis {analysis_id} in column 'layout' "
                             "of table 'analyses' does not list its columns")
    layout["comments"]["columns"] = [pair for pair in columns
                                     if not (isinstance(pair, list) and pair
                                             and pair[0] == ORIGINAL_COLUMN)]
    config["keep_originals"] = False
    privacy = method.get("privacy")
    method["privacy"] = {**(privacy if isinstance(privacy, dict) else {}),
                         "originals_kept": False}
    analyses = T["analyses"]
    connection.execute(sa.update(analyses).where(analyses.c.id == analysis_id).values(
        layout=frames.dumps(layout), config=frames.dumps(config), method=frames.dumps(method)))


__all__ = ["purge_originals"]
