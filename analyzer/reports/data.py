"""What a report shows, gathered once from an analysis in memory or from its output folder.

`ReportData.from_result` and `ReportData.from_outdir` give the same content: the first goes
through the same frames `analyze` writes (themes.csv, assignments.csv, the group tables,
method.json) and the second reads them back, undoing the apostrophe that neutralised
formula-like cells. Renderers only ever see redacted comment text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError
from analyzer.pipelines.write import (FORMULA_PREFIXES, TABLE_FILES, assignments_frame,
                                      write_csv)
from analyzer.themes.responses import ResponseLog
from analyzer.themes.result import AnalysisResult
from analyzer.themes.theme import (NON_ANSWER_ID, NON_ANSWER_LABEL, UNASSIGNED_ID,
                                   UNASSIGNED_LABEL, Theme)

RESPONSES_FILE = "responses.csv"
REQUIRED_FILES = ("themes.csv", "assignments.csv", "method.json")
EXTRA_TABLE_FILES = {"stability": "stability.csv"}
"""Tables a report reads when present, beyond the writer's TABLE_FILES."""
TEXT_COLUMNS = ("comment_id", "source", "partner", "question", "label", "theme_label",
                "keywords", "representative_comment_ids", "group", "least_group", "round",
                "campaign_id", "language", "text_redacted", "note", "group_column", "status",
                "reason", "response", "rationale", "recorded_on", "updated_on", "weight_basis")
"""Columns that are always text, whatever their values look like."""


@dataclass(frozen=True)
class ReportData:
    """Everything a report renders.

    `themes` are the real themes then the unassigned pseudo-theme, with redacted quotes;
    `assignments` has one row per kept comment with `text_redacted` (never the original text);
    `tables` holds the group tables by name (groups, common_ground, distinctive, hidden,
    representation, prevalence, rounds, suppression_notes); `method` is method.json as data.
    """

    themes: tuple[Theme, ...]
    assignments: pd.DataFrame
    tables: Mapping[str, pd.DataFrame]
    method: Mapping[str, Any]
    responses: ResponseLog = field(default_factory=ResponseLog)
    group_columns: tuple[str, ...] = ()
    round_column: str | None = None

    # -- constructors ---------------------------------------------------------------------

    @classmethod
    def from_result(cls, result: AnalysisResult,
                    responses: ResponseLog | pd.DataFrame | None = None) -> "ReportData":
        """From an analysis in memory, through the frames `analyze` would write."""
        method = json.loads(json.dumps(result.method, default=str, ensure_ascii=False))
        return _build(result.themes_frame(), assignments_frame(result), dict(result.tables),
                      method, ResponseLog.coerce(responses))

    @classmethod
    def from_outdir(cls, outdir: Path | str,
                    responses: ResponseLog | pd.DataFrame | None = None) -> "ReportData":
        """From a folder written by `python -m analyzer analyze --out OUTDIR`.

        Reads responses.csv from the folder too when `responses` is not given.
        """
        outdir = Path(outdir)
        if not outdir.is_dir():
            raise ConfigError(f"'{outdir}' is not a folder; give the OUTDIR that `analyze` "
                              "wrote (it holds themes.csv, assignments.csv and method.json).")
        missing = [name for name in REQUIRED_FILES if not (outdir / name).is_file()]
        if missing:
            raise ConfigError(f"'{outdir}' lacks {', '.join(missing)}; run `python -m analyzer "
                              "analyze ... --out` into it first.")
        try:
            method = json.loads((outdir / "method.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ConfigError(f"cannot read '{outdir / 'method.json'}': {error}") from None
        files = {**EXTRA_TABLE_FILES, **TABLE_FILES}
        tables = {name: read_csv(outdir / filename) for name, filename in files.items()
                  if (outdir / filename).is_file()}
        if responses is None and (outdir / RESPONSES_FILE).is_file():
            responses = read_responses(outdir / RESPONSES_FILE)
        assignments = read_csv(outdir / "assignments.csv", _label_columns(method))
        return _build(read_csv(outdir / "themes.csv"), assignments, tables, method,
                      ResponseLog.coerce(responses))

    # -- convenience ----------------------------------------------------------------------

    @property
    def real_themes(self) -> tuple[Theme, ...]:
        """Real themes, largest first (ties by id)."""
        real = [t for t in self.themes if t.is_real]
        return tuple(sorted(real, key=lambda t: (-t.size, t.theme_id)))

    def label(self, theme_id: Any) -> str:
        """The label of a theme id, including the unassigned and no-answer pseudo-themes."""
        try:
            theme_id = int(theme_id)
        except (TypeError, ValueError):
            return str(theme_id)
        for theme in self.themes:
            if theme.theme_id == theme_id:
                return theme.label
        return {UNASSIGNED_ID: UNASSIGNED_LABEL, NON_ANSWER_ID: NON_ANSWER_LABEL}.get(
            theme_id, f"Theme {theme_id}")

    def table(self, name: str) -> pd.DataFrame:
        """A group table by name; an empty frame when the analysis has none."""
        frame = self.tables.get(name)
        return frame if frame is not None else pd.DataFrame()

    def with_labels(self, frame: pd.DataFrame) -> pd.DataFrame:
        """`frame` with a `label` column after `theme_id`, when it has ids but no labels."""
        if "theme_id" not in frame.columns or "label" in frame.columns:
            return frame
        labelled = frame.copy()
        labelled.insert(list(frame.columns).index("theme_id") + 1, "label",
                        frame["theme_id"].map(self.label))
        return labelled

    @property
    def stability(self) -> dict[int, tuple[float, bool]]:
        """theme_id -> (stability, unstable) when stability was assessed, else empty.

        Read from the stability table, or from method["stability"] when only that was kept.
        """
        table = self.table("stability")
        if not table.empty and {"theme_id", "stability", "unstable"} <= set(table.columns):
            rows = zip(table["theme_id"], table["stability"], table["unstable"])
        else:
            themes = (self.method.get("stability") or {}).get("themes") or []
            rows = ((t.get("theme_id"), t.get("stability"), t.get("unstable")) for t in themes)
        found = {}
        for theme_id, score, unstable in rows:
            score = float("nan") if score is None or score == "" else float(score)
            found[int(theme_id)] = (score, str(unstable).lower() in ("true", "1"))
        return found

    @property
    def suppression_notes(self) -> tuple[str, ...]:
        notes = self.table("suppression_notes")
        if notes.empty or "note" not in notes.columns:
            return ()
        return tuple(str(n) for n in notes["note"] if str(n).strip())

    @property
    def counts(self) -> dict[str, int]:
        """Headline numbers: rows read, kept, dropped, answered, non-answers, unassigned."""
        ledger = self.method.get("ledger", {})
        comments = self.method.get("comments", {})
        return {"rows_read": int(ledger.get("rows_read", len(self.assignments))),
                "kept": int(ledger.get("kept", len(self.assignments))),
                "dropped": int(ledger.get("dropped", 0)),
                "answered": int(comments.get("answered", 0)),
                "non_answers": int(comments.get("non_answers", 0)),
                "unassigned": int(comments.get("unassigned", 0)),
                "themes": len(self.real_themes)}


# -- reading and writing the folder ---------------------------------------------------------

def restore_cell(value: Any) -> Any:
    """Undo `neutralise_cell`: drop the apostrophe added before a formula-like character.

    A text that itself began with an apostrophe followed by =, +, -, @, tab or CR cannot be
    told apart from a neutralised one and also loses its apostrophe; renderers neutralise or
    escape again on the way out, so this never makes a cell dangerous.
    """
    if isinstance(value, str) and value.startswith("'") and value[1:2] and \
            value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def read_csv(path: Path, text_columns: Iterable[str] = ()) -> pd.DataFrame:
    """A CSV written by `write_csv`, with neutralised cells and headers restored.

    Every cell is read as text first, so 'NA' or '007' stay as written; columns outside
    TEXT_COLUMNS and `text_columns` then become numbers or booleans when every value reads
    as one. Empty cells are missing values in numeric columns and '' in text columns.
    """
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read '{path}': {error}") from None
    frame.columns = [restore_cell(column) for column in frame.columns]
    text = set(TEXT_COLUMNS) | set(text_columns)
    for column in frame.columns:
        if column not in text:
            frame[column] = _typed(frame[column])
    return _tidy(frame, text_columns, restore=True)


def _typed(values: pd.Series) -> pd.Series:
    """Booleans or numbers when every non-empty value reads as one; the text otherwise."""
    present = values[values != ""]
    if present.empty:
        return pd.Series(np.nan, index=values.index, dtype="float64")
    if set(present) <= {"True", "False"} and len(present) == len(values):
        return values == "True"
    numbers = pd.to_numeric(values.replace("", np.nan), errors="coerce")
    if numbers[values != ""].notna().all():
        return numbers
    return values


def read_responses(path: Path) -> ResponseLog:
    """The response log saved by `write_responses` (or typed into a spreadsheet)."""
    return ResponseLog.from_frame(read_csv(Path(path)))


def write_responses(responses: ResponseLog, outdir: Path | str) -> Path:
    """Save the response log as OUTDIR/responses.csv (formula-like cells neutralised)."""
    path = Path(outdir) / RESPONSES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(responses.to_frame(), path)
    return path


# -- one builder for both constructors ------------------------------------------------------

def _build(themes_frame: pd.DataFrame, assignments: pd.DataFrame,
           tables: dict[str, pd.DataFrame], method: dict,
           responses: ResponseLog) -> ReportData:
    assignments = _tidy(assignments, _label_columns(method))
    if "text_redacted" not in assignments.columns:
        raise ConfigError("assignments.csv has no text_redacted column; rerun `analyze` with "
                          "this version so reports only quote redacted text.")
    assignments = assignments.drop(columns=[c for c in ("text", "text_original")
                                            if c in assignments.columns])
    themes = _themes(_tidy(themes_frame), assignments)
    columns = method.get("columns") or {}
    return ReportData(
        themes=themes, assignments=assignments.reset_index(drop=True),
        tables=MappingProxyType({name: _tidy(frame).reset_index(drop=True)
                                 for name, frame in tables.items()}),
        method=MappingProxyType(dict(method)), responses=responses,
        group_columns=tuple(columns.get("groups") or ()),
        round_column=columns.get("round") or None)


def _label_columns(method: Mapping[str, Any]) -> list[str]:
    """The group and round columns named in method.json: always text."""
    columns = method.get("columns") or {}
    return [*(columns.get("groups") or []), *([columns["round"]] if columns.get("round") else [])]


def _themes(frame: pd.DataFrame, assignments: pd.DataFrame) -> tuple[Theme, ...]:
    """Theme objects from themes.csv, quotes looked up in the redacted assignments."""
    text_by_id = dict(zip(assignments["comment_id"].astype(str), assignments["text_redacted"]))
    themes = []
    for row in frame.to_dict("records"):
        ids = _split(row.get("representative_comment_ids", ""))
        themes.append(Theme(
            theme_id=int(row["theme_id"]), label=str(row["label"]),
            keywords=_split(row.get("keywords", "")), size=int(row["size"]),
            share=float(row["share"]), representative_comment_ids=ids,
            representative_quotes=tuple(str(text_by_id[i]) for i in ids if i in text_by_id)))
    return tuple(themes)


def _split(value: Any) -> tuple[str, ...]:
    return tuple(part.strip() for part in str(value or "").split(";") if part.strip())


def _tidy(frame: pd.DataFrame, text_columns: Iterable[str] = (), *,
          restore: bool = False) -> pd.DataFrame:
    """Comparable dtypes whatever the source: text as Python str with '' for missing,
    booleans as bool, nullable integers as float when they have gaps, and every number
    column of an empty table as float (a CSV without rows cannot say more)."""
    tidy = frame.copy()
    text = set(TEXT_COLUMNS) | set(text_columns)
    for column in tidy.columns:
        series = tidy[column]
        is_bool = isinstance(series.dtype, pd.BooleanDtype) or series.dtype == bool
        if column not in text and tidy.empty:
            tidy[column] = series.astype("float64") if not is_bool else series.astype(bool)
        elif column not in text and is_bool:
            tidy[column] = series.astype(bool)
        elif column not in text and pd.api.types.is_numeric_dtype(series):
            if isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
                whole = pd.api.types.is_integer_dtype(series) and not series.isna().any()
                tidy[column] = series.astype("int64" if whole else "float64")
        else:
            values = series.astype(object).where(series.notna(), "").map(_as_text)
            tidy[column] = (values.map(restore_cell) if restore else values).astype(object)
    return tidy


def _as_text(value: Any) -> str:
    """Text for a cell: whole floats without '.0' (a group '9' read as 9.0 stays '9')."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


__all__ = ["RESPONSES_FILE", "ReportData", "read_csv", "read_responses", "restore_cell",
           "write_responses"]
