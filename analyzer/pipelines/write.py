"""Writing an analysis to a folder of plain files (the CLI contract in shared/CONTRACT.md).

Every cell and every header that a spreadsheet could read as a formula is neutralised (OWASP
CSV injection guidance): text starting with =, +, -, @, tab or carriage return gets a leading
apostrophe. Headers matter as much as cells: a group column named `=HYPERLINK(...)` becomes
the first row of `assignments.csv`.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from analyzer.private_files import make_private_folder, open_private
from analyzer.themes.result import AnalysisResult

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

TABLE_FILES = {
    "groups": "groups.csv",
    "common_ground": "common_ground.csv",
    "distinctive": "distinctive.csv",
    "hidden": "hidden.csv",
    "representation": "representation.csv",
    "prevalence": "prevalence.csv",
    "rounds": "rounds.csv",
    "suppression_notes": "suppression_notes.csv",
    "stability": "stability.csv",
    # With --votes (analyzer.pipelines.votes):
    "agreement": "agreement.csv",
    "theme_agreement": "theme_agreement.csv",
    "theme_group_agreement": "theme_group_agreement.csv",
    "opinion_groups": "opinion_groups.csv",
}


def neutralise_cell(value):
    """Prefix formula-like text with an apostrophe so spreadsheets show it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and column headers are all neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    safe.columns = [neutralise_cell(column) for column in safe.columns]
    return safe


def assignments_frame(result: AnalysisResult) -> pd.DataFrame:
    """assignments.csv: one row per kept comment, with provenance and its theme.

    Only the redacted text is exported; the original stays inside the analysis.
    """
    comments = result.comments
    columns = ["comment_id", "source", "row", "partner", "question", *result.group_columns]
    if result.round_column and result.round_column not in columns:
        columns.append(result.round_column)
    columns += ["theme_id", "theme_label", "campaign_id", "campaign_size", "is_non_answer",
                "language", "weight", "text_redacted"]
    return comments[[c for c in dict.fromkeys(columns) if c in comments.columns]]


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """`frame` as UTF-8 CSV, neutralised, in a file readable by its owner only."""
    with open_private(path, "w", encoding="utf-8", newline="") as handle:
        neutralise_frame(frame).to_csv(handle, index=False)


def write_outputs(result: AnalysisResult, outdir: Path) -> list[Path]:
    """Write every contract file into `outdir`; return the paths written.

    Every file is created readable by its owner only (0600), and `outdir` is 0700 when
    created here: assignments.csv holds every comment (redacted) with who wrote it, and the
    group tables count small groups. Share a file by copying it on purpose.

    The files are written first into a hidden folder inside `outdir` and moved into place
    only once all of them are complete, so a run that fails while writing (a full disk, a
    stopped process) leaves the folder as it was, never half of a new analysis beside half
    of an old one. Contract files of an earlier analysis that this one does not produce (a
    table it has no data for) are removed for the same reason.
    """
    outdir = make_private_folder(outdir)
    staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=outdir))  # 0700
    try:
        names = _write_all(result, staging)
        for name in names:
            os.replace(staging / name, outdir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for stale in set(CONTRACT_FILES) - set(names):
        (outdir / stale).unlink(missing_ok=True)
    return [outdir / name for name in names]


CONTRACT_FILES = ("themes.csv", "assignments.csv", "ledger.csv", *TABLE_FILES.values(),
                  "method.json")
"""Every file `write_outputs` may write."""


def _write_all(result: AnalysisResult, folder: Path) -> list[str]:
    """The contract files of `result` in `folder`, method.json last; their names."""
    written = []

    def save(frame: pd.DataFrame, name: str) -> None:
        write_csv(frame, folder / name)
        written.append(name)

    save(result.themes_frame(), "themes.csv")
    save(assignments_frame(result), "assignments.csv")
    save(result.ledger.entries[["source", "row", "status", "reason"]], "ledger.csv")
    for name, filename in TABLE_FILES.items():
        if name in result.tables:
            save(result.tables[name], filename)
    with open_private(folder / "method.json", "w", encoding="utf-8") as handle:
        handle.write(json.dumps(result.method, indent=2, default=str, ensure_ascii=False))
    written.append("method.json")
    return written
