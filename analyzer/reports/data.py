"""What a report shows, gathered once from an analysis in memory or from its output folder.

`ReportData.from_result` and `ReportData.from_outdir` give the same content: the first goes
through the same frames `analyze` writes (themes.csv, assignments.csv, the group tables,
method.json) and the second reads them back, undoing the apostrophe that neutralised
formula-like cells. Renderers only ever see redacted comment text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from analyzer.cells import cell_text
from analyzer.errors import ConfigError, DamagedOutputError
from analyzer.pipelines.write import FORMULA_PREFIXES, TABLE_FILES, assignments_frame, write_csv
from analyzer.themes.languages import is_multilingual, language_name, theme_languages
from analyzer.themes.responses import ResponseLog
from analyzer.themes.result import AnalysisResult
from analyzer.themes.theme import (
    NON_ANSWER_ID,
    NON_ANSWER_LABEL,
    UNASSIGNED_ID,
    UNASSIGNED_LABEL,
    Theme,
)

RESPONSES_FILE = "responses.csv"
REQUIRED_FILES = ("themes.csv", "assignments.csv", "method.json")
EXTRA_TABLE_FILES = {"stability": "stability.csv"}
"""Tables a report reads when present, beyond the writer's TABLE_FILES."""
TEXT_COLUMNS = ("comment_id", "source", "partner", "question", "label", "theme_label",
                "keywords", "representative_comment_ids", "group", "least_group", "round",
                "campaign_id", "language", "text_redacted", "note", "group_column", "status",
                "reason", "response", "rationale", "recorded_on", "updated_on", "weight_basis",
                "languages")
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
        folder = Folder(outdir)
        method = folder.method()
        files = {**EXTRA_TABLE_FILES, **TABLE_FILES}
        tables = {name: folder.table(filename) for name, filename in files.items()
                  if (outdir / filename).is_file()}
        if responses is None and (outdir / RESPONSES_FILE).is_file():
            responses = folder.responses()
        labels = _label_columns(method)
        assignments = folder.table("assignments.csv", labels, required=labels)
        themes = folder.table("themes.csv")
        folder.check_themes(themes, assignments)
        return _build(themes, assignments, tables, method, ResponseLog.coerce(responses))

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
    def theme_languages(self) -> pd.DataFrame:
        """Comments per theme and detected language (`themes.languages.theme_languages`)."""
        return theme_languages(self.assignments)

    @property
    def is_multilingual(self) -> bool:
        """Whether the comments were written in more than one determined language."""
        return "language" in self.assignments and is_multilingual(self.assignments["language"])

    @cached_property
    def _language_of(self) -> dict[str, str]:
        """Each comment's detected language by comment id, read once per report."""
        return dict(zip(self.assignments["comment_id"].astype(str),
                        self.assignments.get("language", pd.Series(dtype=str))))

    def quote_languages(self, theme: Theme) -> tuple[str, ...]:
        """The language, by name, of each of the theme's quotes."""
        return tuple(language_name(self._language_of.get(comment_id))
                     for comment_id in theme.representative_comment_ids[:len(
                         theme.representative_quotes)])

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


# -- checking a folder as it is read ---------------------------------------------------------
# A folder from `analyze` is plain files that anyone can open, edit and save from a
# spreadsheet, and copies get cut short. Everything a renderer uses is checked here, so that a
# file `analyze` would not have written stops the report with a DamagedOutputError naming the
# file, the column or key and the value, instead of a TypeError deep inside a chart.

MAX_METHOD_DEPTH = 32
"""method.json nests a few levels (config -> cleaning -> ...); deeper was not written by the
analyzer, and the method card walks nested settings recursively."""
LARGEST_WHOLE = 2 ** 53
"""Whole numbers (ids, counts, ranks) beyond this are not exact as floats: no analysis has
them, and an integer of 400 digits cannot be divided into a share."""
SHARE_SLACK = 1e-9
"""Shares are computed in floating point: 1.0000000000000002 is still a share."""


@dataclass(frozen=True)
class Cell:
    """What a column of a folder's CSV holds: `kind` is "whole", "number", "text" or "label";
    `required` when renderers read it (the file must have the column); `blank` when a cell may
    be empty; numbers between `low` and `high` (None: unbounded)."""

    kind: str
    required: bool = False
    blank: bool = True
    low: float | None = None
    high: float | None = None

    def words(self) -> str:
        what = {"whole": "a whole number", "number": "a number"}.get(self.kind, "text")
        if self.low is not None and self.high is not None:
            return f"{what} between {self.low:g} and {self.high:g}"
        if self.low is not None:
            return f"{what} of at least {self.low:g}"
        return what


THEME_ID = Cell("whole", required=True, blank=False)
LABEL = Cell("label")
TEXT = Cell("text")
NEEDED_TEXT = Cell("text", required=True)
SHARE = Cell("number", low=0, high=1)
NEEDED_SHARE = Cell("number", required=True, low=0, high=1)
COUNT = Cell("number", low=0)
WHOLE_COUNT = Cell("whole", low=0)
RANK = Cell("whole", low=1)
NUMBER = Cell("number")
NEEDED_NUMBER = Cell("number", required=True)

FOLDER_COLUMNS: dict[str, dict[str, Cell]] = {
    "themes.csv": {"theme_id": THEME_ID, "label": Cell("label", required=True),
                   "keywords": TEXT, "size": Cell("whole", required=True, blank=False, low=0),
                   "share": Cell("number", required=True, blank=False, low=0, high=1),
                   "representative_comment_ids": TEXT},
    "assignments.csv": {"comment_id": NEEDED_TEXT, "row": WHOLE_COUNT, "theme_id": THEME_ID,
                        "theme_label": LABEL, "campaign_size": WHOLE_COUNT, "weight": COUNT,
                        "text_redacted": NEEDED_TEXT},
    "groups.csv": {"theme_id": THEME_ID, "group": NEEDED_TEXT, "count": COUNT,
                   "share_of_group": NEEDED_SHARE, "ci_low": SHARE, "ci_high": SHARE,
                   "group_total": COUNT, "n_comments": WHOLE_COUNT,
                   "group_comments": WHOLE_COUNT, "group_effective_n": COUNT},
    "common_ground.csv": {"theme_id": THEME_ID, "label": LABEL, "score": NEEDED_NUMBER,
                          "rank": Cell("whole", required=True, blank=False, low=1),
                          "min_group_share": NEEDED_SHARE, "max_group_share": SHARE,
                          "least_group": NEEDED_TEXT, "evenness": NEEDED_NUMBER,
                          "groups_raising": WHOLE_COUNT, "n_groups": WHOLE_COUNT,
                          "overall_share": SHARE},
    "distinctive.csv": {"group": NEEDED_TEXT, "theme_id": THEME_ID, "log_odds": NEEDED_NUMBER,
                        "z": NEEDED_NUMBER, "count": COUNT, "themed_share_in_group": SHARE,
                        "themed_share_elsewhere": SHARE},
    "hidden.csv": {"theme_id": THEME_ID, "label": LABEL, "group": NEEDED_TEXT,
                   "rank": Cell("whole", required=True, blank=False, low=1),
                   "share_in_group": NEEDED_SHARE, "share_overall": NEEDED_SHARE,
                   "lift": NEEDED_NUMBER, "raw_rank": Cell("whole", required=True, low=1),
                   "count": COUNT, "group_comments": WHOLE_COUNT, "ci_low": SHARE},
    "representation.csv": {"group": NEEDED_TEXT, "comments": Cell("number", True, low=0),
                           "share": NEEDED_SHARE, "benchmark_share": NEEDED_SHARE,
                           "ratio": Cell("number", True, low=0),
                           "weight": Cell("number", True, low=0),
                           "flagged": NEEDED_TEXT, "n_comments": WHOLE_COUNT,
                           "weight_basis": TEXT},
    "prevalence.csv": {"theme_id": THEME_ID, "label": LABEL, "raw_share": SHARE,
                       "equal_weight_share": SHARE, "benchmark_share": SHARE,
                       "raw_rank": RANK, "equal_weight_rank": RANK, "benchmark_rank": RANK},
    "rounds.csv": {"theme_id": THEME_ID, "round": NEEDED_TEXT, "count": COUNT,
                   "share": NEEDED_SHARE, "trend": NEEDED_TEXT,
                   "change": Cell("number", low=-1, high=1), "z": NUMBER,
                   "n_comments": WHOLE_COUNT, "round_total": COUNT,
                   "round_index": Cell("whole", required=True, blank=False, low=0)},
    "suppression_notes.csv": {"group_column": TEXT, "note": TEXT},
    "stability.csv": {"theme_id": THEME_ID, "label": LABEL,
                      "stability": Cell("number", required=True, low=0, high=1),
                      "min_jaccard": Cell("number", low=0, high=1), "size": WHOLE_COUNT,
                      "unstable": NEEDED_TEXT},
}
"""The columns of each file a report reads, as `analyze` writes them. Columns not listed
(the group and round columns, campaign ids, ...) are shown as text whatever they hold."""


class Folder:
    """One output folder, each file checked as it is read."""

    def __init__(self, outdir: Path):
        self.outdir = outdir

    def damaged(self, problem: str) -> DamagedOutputError:
        return DamagedOutputError(f"the analysis folder '{self.outdir}' is damaged: {problem}. "
                                  "Run `analyze` again to rewrite the folder.")

    def method(self) -> dict[str, Any]:
        """method.json, decoded and of the shape reports (and projects) read."""
        from analyzer.projects.store import METHOD_SHAPE
        from analyzer.projects.validate import misfit

        try:
            text = (self.outdir / "method.json").read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"cannot read '{self.outdir / 'method.json'}': "
                              f"{error.strerror or error}") from None
        except ValueError:  # undecodable bytes
            raise self.damaged("method.json is not UTF-8 text") from None
        try:
            method = json.loads(text)
        except RecursionError:
            raise self.damaged(f"method.json nests more than {MAX_METHOD_DEPTH} levels "
                               "deep") from None
        except ValueError as error:
            raise self.damaged(f"method.json is not valid JSON "
                               f"({str(error).splitlines()[0]})") from None
        problem = _method_limits(method) or misfit(method, METHOD_SHAPE,
                                                   "method")
        if problem is None and isinstance(method.get("stability"), dict):
            for i, theme in enumerate(method["stability"].get("themes") or []):
                if "theme_id" not in theme:
                    problem = f"no theme_id in method.stability.themes[{i}]"
                    break
        if problem:
            raise self.damaged(f"method.json holds {problem}")
        return method

    def table(self, filename: str, text_columns: Iterable[str] = (), *,
              required: Iterable[str] = ()) -> pd.DataFrame:
        """One CSV of the folder: its columns present and each cell of the kind FOLDER_COLUMNS
        gives. A file with no header at all reads as an empty table (`analyze` writes one for
        a table without columns) unless it is themes.csv or assignments.csv. `required` adds
        columns the file must have."""
        try:
            frame = read_csv(self.outdir / filename, text_columns)
        except ConfigError as error:
            reason = str(error).split("': ", 1)[-1].splitlines()[0]
            raise self.damaged(f"{filename} cannot be read as a table ({reason})") from None
        cells = FOLDER_COLUMNS.get(filename, {})
        if not len(frame.columns):
            if filename in REQUIRED_FILES:
                raise self.damaged(f"{filename} is empty")
            return frame
        needed = [*(name for name, cell in cells.items() if cell.required), *required]
        missing = [name for name in dict.fromkeys(needed) if name not in frame.columns]
        if missing:
            listed = ", ".join(repr(name) for name in missing)
            raise self.damaged(f"{filename} has no column{'s' if len(missing) > 1 else ''} "
                               f"{listed}")
        for name, cell in cells.items():
            if name in frame.columns and name not in text_columns:
                self.column(frame, filename, name, cell)
        return frame

    def column(self, frame: pd.DataFrame, filename: str, name: str, cell: Cell) -> None:
        from analyzer.projects.store import LONGEST_LABEL
        from analyzer.projects.validate import shown

        values = frame[name].reset_index(drop=True)
        where = f"{filename} column {name!r}"
        if cell.kind == "label":
            long = values.astype(str).str.len() > LONGEST_LABEL
            if long.any():
                row = int(long.to_numpy().argmax())
                raise self.damaged(f"{where} holds {shown(str(values[row]))} in row {row + 1}, "
                                   f"longer than the {LONGEST_LABEL:,} characters a theme "
                                   "label can have")
            return
        if cell.kind == "text":
            return
        if values.dtype == bool:  # every cell True or False
            numbers = pd.Series(np.nan, index=values.index)
            given = pd.Series(True, index=values.index)
        elif pd.api.types.is_numeric_dtype(values):
            numbers = values.astype("float64")
            given = numbers.notna()
        else:  # some cell is not a number: read as text
            text = values.astype(str).str.strip()
            numbers = pd.to_numeric(text.where(text != "", np.nan), errors="coerce")
            given = text != ""
        numbers = numbers.astype("float64").to_numpy()
        given = given.to_numpy()
        with np.errstate(invalid="ignore"):
            fits = np.isfinite(numbers)
            if cell.kind == "whole":
                fits &= (np.mod(numbers, 1) == 0) & (np.abs(numbers) <= LARGEST_WHOLE)
            if cell.low is not None:
                fits &= numbers >= cell.low - SHARE_SLACK
            if cell.high is not None:
                fits &= numbers <= cell.high + SHARE_SLACK
        wrong = given & ~fits
        blank = ~given if not cell.blank else np.zeros(len(values), dtype=bool)
        if wrong.any() or blank.any():
            row = int((wrong | blank).argmax())
            if blank[row]:
                raise self.damaged(f"{where} is empty in row {row + 1}, where "
                                   f"{cell.words()} belongs")
            value = values[row]
            quoted = shown(value) if isinstance(value, str) else _cell_text(value)
            raise self.damaged(f"{where} holds {quoted} in row {row + 1}, "
                               f"where {cell.words()} belongs")

    def check_themes(self, themes: pd.DataFrame, assignments: pd.DataFrame) -> None:
        """Theme ids once each in themes.csv, sizes within the comments there are, and every
        comment's theme one of them (or unassigned, or a non-answer)."""
        ids = [int(i) for i in themes["theme_id"]]
        seen: set[int] = set()
        for row, theme_id in enumerate(ids, start=1):
            if theme_id in seen:
                raise self.damaged(f"themes.csv lists theme {theme_id} twice (again in row "
                                   f"{row})")
            seen.add(theme_id)
        for row, size in enumerate(themes["size"], start=1):
            if size > len(assignments):
                raise self.damaged(f"themes.csv column 'size' holds {int(size):,} in row {row}, "
                                   f"more than the {len(assignments):,} comments in "
                                   "assignments.csv")
        known = seen | {UNASSIGNED_ID, NON_ANSWER_ID}
        unknown = ~assignments["theme_id"].isin(list(known)).to_numpy()
        if unknown.any():
            row = int(unknown.argmax())
            raise self.damaged(f"assignments.csv column 'theme_id' holds "
                               f"{int(assignments['theme_id'].iloc[row])} in row {row + 1}, a "
                               "theme themes.csv does not list")

    def responses(self) -> ResponseLog:
        """responses.csv, with a damaged entry named."""
        try:
            return read_responses(self.outdir / RESPONSES_FILE)
        except ConfigError as error:
            raise self.damaged(f"{RESPONSES_FILE}: {str(error).splitlines()[0]}") from None


def _cell_text(value: Any) -> str:
    """A cell as a message quotes it: the text as read, a number as it would be typed."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _method_limits(method: Any) -> str | None:
    """Where decoded method.json nests deeper than MAX_METHOD_DEPTH or holds a whole number
    beyond LARGEST_WHOLE, in words; None when neither. Walked with a stack, not recursion."""
    stack = [(method, "method", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_METHOD_DEPTH:
                return f"values nested more than {MAX_METHOD_DEPTH} levels deep at {path}"
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((item, f"{path}.{key}" if isinstance(value, dict) else f"{path}[{key}]",
                          depth + 1) for key, item in items)
        elif isinstance(value, int) and not isinstance(value, bool) and \
                abs(value) > LARGEST_WHOLE:
            return (f"a whole number of {len(str(abs(value))):,} digits as {path}, larger than "
                    "any the analyzer writes")
    return None


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
        group_columns=tuple(_group_columns(method)),
        round_column=columns.get("round") or None)


def _group_columns(method: Mapping[str, Any]) -> list[str]:
    """The group columns named in method.json: the user's, then those the analysis derived
    ("Language of comment")."""
    columns = method.get("columns") or {}
    return [*(columns.get("groups") or []), *(columns.get("derived_groups") or [])]


def _label_columns(method: Mapping[str, Any]) -> list[str]:
    """The group and round columns named in method.json: always text."""
    columns = method.get("columns") or {}
    return [*_group_columns(method), *([columns["round"]] if columns.get("round") else [])]


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
            values = series.astype(object).where(series.notna(), "").map(cell_text)
            tidy[column] = (values.map(restore_cell) if restore else values).astype(object)
    return tidy


__all__ = ["RESPONSES_FILE", "ReportData", "read_csv", "read_responses", "restore_cell",
           "write_responses"]
