"""Saving analyses into a project database and opening them again, exactly as they were.

    ref = save_project(result, "spring-survey.feedback.db", name="Spring survey")
    again = open_project("spring-survey.feedback.db")            # the latest analysis
    older = open_project("spring-survey.feedback.db", analysis_id=1)

A project holds any number of analyses (a first fit, a curated copy, the same themes with a
second round added ...). Each save adds one analysis in one transaction; nothing is updated
in place, so an earlier analysis can always be reopened.

Nothing unredacted is stored unless asked for: by default a save keeps each comment's
redacted text only. `text_original` is left out, and the cleaned `text` becomes the redacted
text, so curation and new rounds read that when the analysis is reopened. With
`keep_originals=True` (or `AnalysisConfig(keep_originals=True)`) both are stored as well.
Either way the cleaned text is stored only where it differs from the redacted text (NULL
reads back as the redacted text), so a redacted-only project holds each comment once.
`purge_originals` removes the originals from a project saved with them (or by an earlier
version, which always stored them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection

from analyzer.config import AnalysisConfig
from analyzer.errors import ConfigError, ProjectError
from analyzer.projects import frames
from analyzer.projects.database import describe, resolve_url, transaction
from analyzer.projects.migrations import ensure_schema, stored_version
from analyzer.projects.responses import write_responses
from analyzer.projects.schema import CHILD_TABLES, T
from analyzer.projects.validate import (
    TEXT,
    WHOLE,
    ListOf,
    MapOf,
    Maybe,
    Stored,
    analysis_row,
    misfit,
)
from analyzer.themes.ledger import Ledger
from analyzer.themes.result import AnalysisResult
from analyzer.themes.theme import NON_ANSWER_ID, UNASSIGNED_ID, Theme

ORIGINAL_COLUMN = "text_original"
"""What people wrote, as read: stored only when originals are kept."""
COMMENT_COLUMNS = {"comment_id": "comment_id", "source": "source", "row": "source_row",
                   "respondent_id": "respondent_id", "text_original": "text_original",
                   "text": "text", "text_redacted": "text_redacted"}
"""Comment columns stored as SQL columns (frame name -> SQL name); the rest go to `extra`."""
ASSIGNMENT_COLUMNS = {"theme_id": "theme_id", "theme_label": "theme_label",
                      "weight": "weight", "map_x": "map_x", "map_y": "map_y"}
REQUIRED_COMMENT_COLUMNS = ("comment_id", "theme_id", "theme_label")
"""Columns every saved analysis's comments have: reports, curation and rounds rely on them."""
LEDGER_COLUMNS = {"source": "source", "row": "source_row", "status": "status",
                  "reason": "reason"}
CHUNK_ROWS = 5_000
CENTROID_DTYPE = "<f4"


@dataclass(frozen=True)
class ProjectRef:
    """One analysis saved in a project."""

    url: str
    """Where the project is (a file path, or a URL with the password hidden)."""
    analysis_id: int
    name: str
    created: str
    """UTC time of the save, ISO 8601."""
    parent_id: int | None = None
    """The analysis this one was derived from (e.g. by adding a round)."""
    round_label: str | None = None
    """The round this analysis added to its parent, if any."""
    n_comments: int = 0
    n_themes: int = 0
    originals_kept: bool = False
    """Whether this analysis holds comments' unredacted text (saved with `keep_originals`, or
    by a version from before redacted-only saves)."""


def save_project(result: AnalysisResult, url_or_path: str | Path | URL, *, name: str,
                 parent_id: int | None = None, round_label: str | None = None,
                 responses=None, keep_originals: bool | None = None) -> ProjectRef:
    """Save `result` as a new analysis in the project (created if needed); one transaction.

    `responses` (a ResponseLog) is saved with it when given. Only redacted comment text is
    stored unless `keep_originals` (None: `result.config.keep_originals`) is True; the saved
    settings and method card say which was done.
    """
    if not isinstance(result, AnalysisResult):
        raise ConfigError(f"save_project needs an AnalysisResult, not {type(result).__name__}.")
    result = _at_rest(result, keep_originals)
    name = " ".join(str(name or "").split())
    if not name:
        raise ConfigError("give the analysis a name, e.g. name='Spring 2024 survey'.")
    for column in REQUIRED_COMMENT_COLUMNS:
        if column not in result.comments.columns:
            raise ConfigError(f"the result's comments lack the column '{column}'.")
    url = resolve_url(url_or_path)
    created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    with transaction(url, create=True) as connection:
        ensure_schema(connection, create=True)
        if parent_id is not None:
            analysis_row(connection, parent_id)
        analysis_id = _write_analysis(connection, result, name, created, parent_id, round_label)
        _write_comments(connection, analysis_id, result.comments)
        _write_themes(connection, analysis_id, result.themes)
        _write_ledger(connection, analysis_id, result.ledger)
        _write_tables(connection, analysis_id, result.tables)
        _write_edits(connection, analysis_id, result.method.get("curation") or ())
        if responses is not None:
            write_responses(connection, analysis_id, responses, result.themes)
    return ProjectRef(url=describe(url), analysis_id=analysis_id, name=name, created=created,
                      parent_id=parent_id, round_label=round_label,
                      n_comments=len(result.comments),
                      n_themes=sum(1 for t in result.themes if t.is_real),
                      originals_kept=result.config.keep_originals)


def _at_rest(result: AnalysisResult, keep_originals: bool | None) -> AnalysisResult:
    """`result` as it will be stored: without its unredacted text unless it is kept, and
    with settings and method card saying which."""
    keep = result.config.keep_originals if keep_originals is None else keep_originals
    if not isinstance(keep, bool):
        raise ConfigError(f"keep_originals={keep!r} should be True or False.")
    comments = result.comments
    if keep and ORIGINAL_COLUMN not in comments.columns:
        raise ConfigError("this analysis holds no original text to keep: it was opened from a "
                          "project saved without it. Save it without keeping originals, or "
                          "run the analysis again from the original files.")
    if not keep:
        comments = comments.drop(columns=[ORIGINAL_COLUMN], errors="ignore")
        if "text" in comments.columns and "text_redacted" in comments.columns:
            comments = comments.assign(text=comments["text_redacted"])
    privacy = result.method.get("privacy")
    method = {**result.method, "privacy": {**(privacy if isinstance(privacy, dict) else {}),
                                           "originals_kept": keep}}
    return dataclasses.replace(result, comments=comments, method=method,
                               config=dataclasses.replace(result.config, keep_originals=keep))


def open_project(url_or_path: str | Path | URL, analysis_id: int | None = None
                 ) -> AnalysisResult:
    """The analysis `analysis_id` (the latest saved when None), rebuilt as it was saved."""
    with transaction(url_or_path, create=False) as connection:
        ensure_schema(connection, create=False)
        row = analysis_row(connection, analysis_id)
        return _read_analysis(connection, row)


def list_analyses(url_or_path: str | Path | URL) -> list[ProjectRef]:
    """Every analysis in the project, oldest first (an empty project gives [])."""
    url = resolve_url(url_or_path)
    with transaction(url, create=False) as connection:
        if stored_version(connection) is None:
            return []
        ensure_schema(connection, create=False)
        analyses = T["analyses"]
        table = T["comments"]
        counted = connection.execute(
            sa.select(table.c.analysis_id, sa.func.count(), sa.func.count(table.c.text_original))
            .group_by(table.c.analysis_id)).all()
        comments = {analysis: n for analysis, n, _ in counted}
        unredacted = {analysis: n for analysis, _, n in counted}
        themes = dict(connection.execute(
            sa.select(T["themes"].c.analysis_id, sa.func.count())
            .where(T["themes"].c.theme_id >= 0).group_by(T["themes"].c.analysis_id)).all())
        listed = connection.execute(sa.select(
            analyses.c.id, analyses.c.name, analyses.c.created, analyses.c.parent_id,
            analyses.c.round_label).order_by(analyses.c.id))
        rows = Stored(connection, "analyses").checked([dict(r._mapping) for r in listed])
    return [ProjectRef(url=describe(url), analysis_id=r["id"], name=r["name"],
                       created=r["created"], parent_id=r["parent_id"],
                       round_label=r["round_label"], n_comments=int(comments.get(r["id"], 0)),
                       n_themes=int(themes.get(r["id"], 0)),
                       originals_kept=bool(unredacted.get(r["id"], 0)))
            for r in rows]


def delete_analysis(url_or_path: str | Path | URL, analysis_id: int) -> None:
    """Remove one analysis and everything saved with it; analyses derived from it stay."""
    with transaction(url_or_path, create=False) as connection:
        ensure_schema(connection, create=False)
        analysis_row(connection, analysis_id)
        analyses = T["analyses"]
        connection.execute(sa.update(analyses).where(analyses.c.parent_id == analysis_id)
                           .values(parent_id=None))
        for name in CHILD_TABLES:
            table = T[name]
            connection.execute(sa.delete(table).where(table.c.analysis_id == analysis_id))
        connection.execute(sa.delete(analyses).where(analyses.c.id == analysis_id))


# -- writing --------------------------------------------------------------------------------

def _write_analysis(connection: Connection, result: AnalysisResult, name: str, created: str,
                    parent_id: int | None, round_label: str | None) -> int:
    centroids = np.ascontiguousarray(np.asarray(result.centroids), dtype=CENTROID_DTYPE)
    if centroids.ndim != 2:
        centroids = centroids.reshape(len(centroids), -1)
    layout = {"comments": frames.layout_of(result.comments),
              "ledger": frames.layout_of(result.ledger.entries)}
    values = {
        "name": name, "created": created,
        "config": frames.dumps(result.config.to_dict()),
        "method": frames.dumps(result.method),
        "layout": frames.dumps(layout),
        "group_columns": frames.dumps(list(result.group_columns)),
        "round_column": result.round_column,
        "benchmark": (frames.encode_frame(result.benchmark)
                      if result.benchmark is not None else None),
        "ledger_rows_read": frames.dumps(dict(result.ledger.rows_read)),
        "centroids": centroids.tobytes(),
        "centroid_rows": int(centroids.shape[0]),
        "centroid_dims": int(centroids.shape[1]),
        "parent_id": parent_id, "round_label": round_label,
    }
    inserted = connection.execute(sa.insert(T["analyses"]).values(**values))
    return int(inserted.inserted_primary_key[0])


def _insert(connection: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start:start + CHUNK_ROWS]
        if chunk:
            connection.execute(sa.insert(table), chunk)


def _write_comments(connection: Connection, analysis_id: int, comments: pd.DataFrame) -> None:
    text_part = comments[[c for c in comments.columns if c not in ASSIGNMENT_COLUMNS]]
    rows = [dict(row, analysis_id=analysis_id, position=i)
            for i, row in enumerate(frames.rows_with_extra(text_part, COMMENT_COLUMNS))]
    for row in rows:  # the cleaned text only where redaction changed it (see the docstring)
        if "text" in row and row["text"] == row.get("text_redacted"):
            row["text"] = None
    _insert(connection, T["comments"], rows)
    assigned = {col: frames.column_values(comments[col]) for col in ASSIGNMENT_COLUMNS
                if col in comments.columns}
    rows = [{"analysis_id": analysis_id, "position": i,
             **{ASSIGNMENT_COLUMNS[col]: values[i] for col, values in assigned.items()}}
            for i in range(len(comments))]
    _insert(connection, T["assignments"], rows)


def _write_themes(connection: Connection, analysis_id: int, themes: Sequence[Theme]) -> None:
    rows = [{"analysis_id": analysis_id, "position": i, "theme_id": int(t.theme_id),
             "label": str(t.label), "keywords": frames.dumps(list(t.keywords)),
             "size": int(t.size), "share": float(t.share),
             "representative_comment_ids": frames.dumps(list(t.representative_comment_ids)),
             "representative_quotes": frames.dumps(list(t.representative_quotes)),
             "label_alternatives": frames.dumps(list(t.label_alternatives))}
            for i, t in enumerate(themes)]
    _insert(connection, T["themes"], rows)


def _write_ledger(connection: Connection, analysis_id: int, ledger: Ledger) -> None:
    rows = [dict(row, analysis_id=analysis_id, position=i)
            for i, row in enumerate(frames.rows_with_extra(ledger.entries, LEDGER_COLUMNS))]
    _insert(connection, T["ledger"], rows)


def _write_tables(connection: Connection, analysis_id: int,
                  tables: dict[str, pd.DataFrame]) -> None:
    rows = [{"analysis_id": analysis_id, "name": str(name), "position": i,
             "frame": frames.encode_frame(frame)} for i, (name, frame) in enumerate(tables.items())]
    _insert(connection, T["analysis_tables"], rows)


def _write_edits(connection: Connection, analysis_id: int, edits: Sequence[dict]) -> None:
    rows = [{"analysis_id": analysis_id, "edit_id": int(e["edit_id"]), "kind": str(e["kind"]),
             "who": str(e["who"]), "edited_on": str(e["when"]), "what": str(e["what"]),
             "params": frames.dumps(e.get("params") or {})} for e in edits]
    _insert(connection, T["curation_edits"], rows)


# -- reading --------------------------------------------------------------------------------
# Everything read is checked on the way in (see analyzer.projects.validate): a project is a
# file anyone can edit, and a value that does not fit must say so here, naming the table and
# column, not three calls later as a TypeError.

LONGEST_LABEL = 1_000
"""Theme labels are a few words (curation refuses more than MAX_LABEL_LENGTH, 120); a stored
label this long was not written by the analyzer, and charts take minutes to draw one of
200,000 characters."""
METHOD_SHAPE = {
    "inputs": ListOf({"file": str, "sheet": Maybe(str), "rows_read": Maybe(int),
                      "sha256": Maybe(str)}),
    "columns": {"text": ListOf(str), "groups": ListOf(str), "id": Maybe(str),
                "round": Maybe(str), "derived_groups": Maybe(ListOf(str))},
    "config": Maybe(dict),
    "seed": Maybe(int),
    "embedder": Maybe(str),
    "embedding_model": Maybe(str),
    "theme_model": Maybe({"distinct_texts": Maybe(int)}),
    "ledger": {"rows_read": int, "kept": int, "dropped": int,
               "dropped_by_reason": MapOf(int), "rows_read_by_source": MapOf(int)},
    "comments": {"kept": int, "answered": int, "non_answers": int, "unassigned": int},
    "package_versions": Maybe(dict),
    "cleaning": Maybe({"campaigns": Maybe(list), "languages": Maybe(MapOf(int))}),
    "stability": Maybe({"themes": Maybe(ListOf({"theme_id": int, "label": Maybe(str),
                                                "stability": Maybe(float)})),
                        "unstable_themes": Maybe(list)}),
    "curation": Maybe(ListOf(dict)),
    "rounds_added": Maybe(ListOf(dict)),
    "round_order": Maybe(ListOf(str)),
    "embedder_choice": Maybe({"languages": Maybe({"placed_by_language": Maybe(dict)})}),
    "privacy": Maybe({"redacted_kinds": Maybe(ListOf(str)), "phone_regions": Maybe(ListOf(str))}),
}
"""The parts of the method record that reports, curation and rounds read, and their shapes
(see validate.misfit); the rest is shown as it is and needs no check."""


def _select_rows(connection: Connection, name: str, analysis_id: int, order: str) -> list[dict]:
    """The rows of table `name` for one analysis, checked against the schema."""
    table = T[name]
    query = (sa.select(table).where(table.c.analysis_id == analysis_id)
             .order_by(table.c[order]))
    rows = [dict(row._mapping) for row in connection.execute(query)]
    return list(Stored(connection, name).checked(rows))


def _read_analysis(connection: Connection, row: dict[str, Any]) -> AnalysisResult:
    analysis_id = row["id"]
    stored = Stored(connection, "analyses")
    layout = stored.json(row, "layout", dict)
    try:
        config = AnalysisConfig.from_dict(stored.json(row, "config", dict))
    except (ConfigError, TypeError, ValueError) as error:
        raise ProjectError(f"analysis {analysis_id} holds settings this version cannot read "
                           f"({error}). If a newer version of the analyzer saved it, upgrade "
                           "to open it; if not, the project was damaged: open the original "
                           "data and run the analysis again, or restore it from a "
                           "backup.") from None
    method = stored.json(row, "method", dict)
    problem = misfit(method, METHOD_SHAPE, "method")
    if problem:
        raise stored.damaged(f"column 'method' of table 'analyses' holds {problem}")
    group_columns = stored.items([stored.json(row, "group_columns", list)], "group_columns",
                                 TEXT)[0]
    rows_read = stored.items([stored.json(row, "ledger_rows_read", dict)], "ledger_rows_read",
                             WHOLE)[0]

    comments = _read_comments(connection, analysis_id, layout.get("comments"))
    for column in (*group_columns, *([row["round_column"]] if row["round_column"] else [])):
        if column not in comments.columns:
            raise stored.damaged(f"analysis {analysis_id} groups comments by the column "
                                 f"'{column}', which its saved comments do not have")
    themes = _read_themes(connection, analysis_id)
    _check_assigned_themes(connection, comments, themes)

    ledger_table = Stored(connection, "ledger")
    ledger_rows = _select_rows(connection, "ledger", analysis_id, "position")
    with ledger_table.rebuilding("the ledger"):
        entries = frames.frame_from_columns(
            layout.get("ledger"),
            frames.columns_from_rows(ledger_rows, LEDGER_COLUMNS,
                                     ledger_table.decoded(ledger_rows, "extra", dict)),
            len(ledger_rows))
    try:
        ledger = Ledger(entries, rows_read)
    except (AssertionError, ValueError) as error:
        raise ledger_table.damaged(f"the ledger in table 'ledger' does not add up "
                                   f"({error})") from None

    tables_table = Stored(connection, "analysis_tables")
    tables = {}
    for table in _select_rows(connection, "analysis_tables", analysis_id, "position"):
        with tables_table.rebuilding(f"the group table '{table['name']}'"):
            tables[table["name"]] = frames.decode_frame(table["frame"])
    benchmark = None
    if row["benchmark"] is not None:
        with stored.rebuilding("the benchmark"):
            benchmark = frames.decode_frame(row["benchmark"])
    return AnalysisResult(
        comments=comments, themes=themes, ledger=ledger, tables=tables, method=method,
        config=config, group_columns=tuple(group_columns), round_column=row["round_column"],
        benchmark=benchmark, centroids=_read_centroids(stored, row))


def _read_comments(connection: Connection, analysis_id: int, layout: Any) -> pd.DataFrame:
    comments_table = Stored(connection, "comments")
    comment_rows = _select_rows(connection, "comments", analysis_id, "position")
    assignment_rows = _select_rows(connection, "assignments", analysis_id, "position")
    if len(comment_rows) != len(assignment_rows):
        raise comments_table.damaged(f"analysis {analysis_id} has {len(comment_rows)} comments "
                                     f"but {len(assignment_rows)} theme assignments")
    if [r["position"] for r in comment_rows] != [r["position"] for r in assignment_rows]:
        raise comments_table.damaged(f"the comments of analysis {analysis_id} and their theme "
                                     "assignments no longer line up row for row")
    columns = frames.columns_from_rows(comment_rows, COMMENT_COLUMNS,
                                       comments_table.decoded(comment_rows, "extra", dict))
    columns["text"] = [redacted if text is None else text
                       for text, redacted in zip(columns["text"], columns["text_redacted"])]
    columns.update({col: [r[sql] for r in assignment_rows]
                    for col, sql in ASSIGNMENT_COLUMNS.items()})
    with comments_table.rebuilding("the comments"):
        comments = frames.frame_from_columns(layout, columns, len(comment_rows))
    missing = [c for c in REQUIRED_COMMENT_COLUMNS if c not in comments.columns]
    if missing:
        raise comments_table.damaged(f"the saved comments of analysis {analysis_id} have no "
                                     f"column '{missing[0]}'")
    return comments


def _read_themes(connection: Connection, analysis_id: int) -> tuple[Theme, ...]:
    stored = Stored(connection, "themes")
    rows = _select_rows(connection, "themes", analysis_id, "position")
    stored.longest(rows, "label", LONGEST_LABEL)
    lists = {name: stored.items(stored.decoded(rows, name, list), name, TEXT)
             for name in ("keywords", "representative_comment_ids", "representative_quotes",
                          "label_alternatives")}
    seen: set[int] = set()
    for t in rows:
        stored.whole(t, "size", minimum=0)
        if not 0.0 <= t["share"] <= 1.0:
            raise stored.damaged(f"column 'share' of table 'themes' holds {t['share']!r} for "
                                 f"theme {t['theme_id']}, where a share between 0 and 1 "
                                 "belongs")
        if t["theme_id"] in seen:
            raise stored.damaged(f"table 'themes' lists theme {t['theme_id']} twice")
        seen.add(t["theme_id"])
    return tuple(Theme(theme_id=t["theme_id"], label=t["label"],
                       keywords=tuple(lists["keywords"][i]), size=t["size"],
                       share=float(t["share"]),
                       representative_comment_ids=tuple(lists["representative_comment_ids"][i]),
                       representative_quotes=tuple(lists["representative_quotes"][i]),
                       label_alternatives=tuple(lists["label_alternatives"][i]))
                 for i, t in enumerate(rows))


def _check_assigned_themes(connection: Connection, comments: pd.DataFrame,
                           themes: Sequence[Theme]) -> None:
    """Every comment's theme is one of the analysis's themes (or unassigned, or none)."""
    known = {t.theme_id for t in themes} | {UNASSIGNED_ID, NON_ANSWER_ID}
    unknown = ~comments["theme_id"].isin(known).to_numpy()
    if unknown.any():
        first = comments[unknown].iloc[0]
        raise Stored(connection, "assignments").damaged(
            f"comment '{first['comment_id']}' is assigned to theme {first['theme_id']}, which "
            "table 'themes' does not hold")


def _read_centroids(stored: Stored, row: dict[str, Any]) -> np.ndarray:
    blob = bytes(row["centroids"])
    n_rows = stored.whole(row, "centroid_rows", minimum=0)
    dims = stored.whole(row, "centroid_dims", minimum=0)
    needed = n_rows * dims * np.dtype(CENTROID_DTYPE).itemsize
    if len(blob) != needed:
        raise stored.damaged(f"column 'centroids' of table 'analyses' holds {len(blob):,} bytes "
                             f"where {n_rows:,} theme centres of {dims:,} numbers need "
                             f"{needed:,}")
    return np.frombuffer(blob, dtype=CENTROID_DTYPE).astype(np.float32).reshape(n_rows, dims)


def analysis_info(url_or_path: str | Path | URL, analysis_id: int | None = None) -> ProjectRef:
    """The `ProjectRef` of one analysis (the latest when None)."""
    refs = list_analyses(url_or_path)
    if not refs:
        raise ProjectError("this project holds no saved analysis yet.")
    if analysis_id is None:
        return refs[-1]
    for ref in refs:
        if ref.analysis_id == int(analysis_id):
            return ref
    raise ProjectError(f"there is no analysis {analysis_id} in this project; the saved analyses "
                       f"are {', '.join(str(r.analysis_id) for r in refs)}.")


__all__ = ["ProjectRef", "analysis_info", "delete_analysis", "list_analyses", "open_project",
           "save_project"]
