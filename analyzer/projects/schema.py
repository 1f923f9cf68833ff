"""The tables of a project database, as of each schema version.

One analysis is one row of `analyses`; every other table hangs off it by `analysis_id`:

- `comments`: the inputs' canonical rows (provenance, original, cleaned and redacted text;
  other input and cleaning columns as JSON in `extra`), one per kept comment;
- `assignments`: each comment's theme, label, statistical weight and map position;
- `themes`, `ledger`, `analysis_tables` (each group table as JSON), `curation_edits`,
  `responses` (the "you said, we did" log).

Frames keep their exact columns and dtypes through `analyses.layout`. Nothing is pickled:
theme centres are raw little-endian float32 bytes, everything else is text, numbers or JSON.

`build_tables(version)` describes the schema as it was at `version`; migrations create
version 1 from it and later versions add to it, so each version's shape is written once.
Version 2 added `analyses.parent_id` and `analyses.round_label` (rounds added to an analysis);
version 3 added `themes.label_alternatives` (the other names a reviewer may pick, JSON).
"""

from __future__ import annotations

import sqlalchemy as sa

SCHEMA_VERSION = 3
"""The version this code writes; older databases are migrated when opened."""


def build_tables(version: int = SCHEMA_VERSION) -> sa.MetaData:
    """The tables as they were at schema `version`."""
    metadata = sa.MetaData()
    sa.Table("schema_version", metadata,
             sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
             sa.Column("applied_on", sa.Text, nullable=False))
    analyses = [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("config", sa.Text, nullable=False),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("layout", sa.Text, nullable=False),
        sa.Column("group_columns", sa.Text, nullable=False),
        sa.Column("round_column", sa.Text),
        sa.Column("benchmark", sa.Text),
        sa.Column("ledger_rows_read", sa.Text, nullable=False),
        sa.Column("centroids", sa.LargeBinary, nullable=False),
        sa.Column("centroid_rows", sa.Integer, nullable=False),
        sa.Column("centroid_dims", sa.Integer, nullable=False),
    ]
    if version >= 2:
        analyses += [sa.Column("parent_id", sa.Integer, sa.ForeignKey("analyses.id")),
                     sa.Column("round_label", sa.Text)]
    sa.Table("analyses", metadata, *analyses, sqlite_autoincrement=True)

    def child(name: str, *columns: sa.Column, key: tuple[str, ...] = ("position",)) -> None:
        sa.Table(name, metadata,
                 sa.Column("analysis_id", sa.Integer,
                           sa.ForeignKey("analyses.id", ondelete="CASCADE"), nullable=False),
                 *columns, sa.PrimaryKeyConstraint("analysis_id", *key))

    child("comments",
          sa.Column("position", sa.Integer, nullable=False),
          sa.Column("comment_id", sa.Text),
          sa.Column("source", sa.Text),
          sa.Column("source_row", sa.Integer),
          sa.Column("respondent_id", sa.Text),
          sa.Column("text_original", sa.Text),
          sa.Column("text", sa.Text),
          sa.Column("text_redacted", sa.Text),
          sa.Column("extra", sa.Text, nullable=False))
    child("assignments",
          sa.Column("position", sa.Integer, nullable=False),
          sa.Column("theme_id", sa.Integer),
          sa.Column("theme_label", sa.Text),
          sa.Column("weight", sa.Float),
          sa.Column("map_x", sa.Float),
          sa.Column("map_y", sa.Float))
    child("themes",
          sa.Column("position", sa.Integer, nullable=False),
          sa.Column("theme_id", sa.Integer, nullable=False),
          sa.Column("label", sa.Text, nullable=False),
          sa.Column("keywords", sa.Text, nullable=False),
          sa.Column("size", sa.Integer, nullable=False),
          sa.Column("share", sa.Float, nullable=False),
          sa.Column("representative_comment_ids", sa.Text, nullable=False),
          sa.Column("representative_quotes", sa.Text, nullable=False),
          *([sa.Column("label_alternatives", sa.Text, nullable=False, server_default="[]")]
            if version >= 3 else []))
    child("ledger",
          sa.Column("position", sa.Integer, nullable=False),
          sa.Column("source", sa.Text),
          sa.Column("source_row", sa.Integer),
          sa.Column("status", sa.Text),
          sa.Column("reason", sa.Text),
          sa.Column("extra", sa.Text, nullable=False))
    child("analysis_tables",
          sa.Column("name", sa.Text, nullable=False),
          sa.Column("position", sa.Integer, nullable=False),
          sa.Column("frame", sa.Text, nullable=False), key=("name",))
    child("curation_edits",
          sa.Column("edit_id", sa.Integer, nullable=False),
          sa.Column("kind", sa.Text, nullable=False),
          sa.Column("who", sa.Text, nullable=False),
          sa.Column("edited_on", sa.Text, nullable=False),
          sa.Column("what", sa.Text, nullable=False),
          sa.Column("params", sa.Text, nullable=False), key=("edit_id",))
    child("responses",
          sa.Column("theme_id", sa.Integer, nullable=False),
          sa.Column("position", sa.Integer, nullable=False),
          sa.Column("theme_label", sa.Text, nullable=False),
          sa.Column("status", sa.Text, nullable=False),
          sa.Column("response", sa.Text, nullable=False),
          sa.Column("rationale", sa.Text, nullable=False),
          sa.Column("recorded_on", sa.Date, nullable=False),
          sa.Column("updated_on", sa.Date, nullable=False), key=("theme_id",))
    return metadata


METADATA = build_tables(SCHEMA_VERSION)
T = METADATA.tables
"""The current tables by name, for queries."""
CHILD_TABLES = ("comments", "assignments", "themes", "ledger", "analysis_tables",
                "curation_edits", "responses")

__all__ = ["CHILD_TABLES", "METADATA", "SCHEMA_VERSION", "T", "build_tables"]
