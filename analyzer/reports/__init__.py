"""Reports: what was heard, what was done, and how — as HTML, XLSX or PPTX.

    python -m analyzer report OUTDIR_OR_PROJECT --format html|xlsx|pptx [--output FILE]

`write_report` reads an analysis folder (or takes a result in memory), gathers it into a
`ReportData` and hands it to one renderer. Renderers only see redacted comment text; HTML
escapes everything, XLSX neutralises formula-like cells. The file is readable by its owner
only, like everything else the analyzer writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analyzer.config import REPORT_FORMATS
from analyzer.errors import ConfigError
from analyzer.private_files import open_private
from analyzer.reports.data import ReportData, read_responses, write_responses
from analyzer.reports.method_card import method_card_html, method_card_markdown

FORMATS = {fmt: f"report.{fmt}" for fmt in REPORT_FORMATS}
"""Report formats (`analyzer.config.REPORT_FORMATS`) and their default file names."""


def write_report(source: Any, fmt: str, output: Path | str | None = None, *,
                 responses: Any = None, title: str = "What we heard") -> Path:
    """Write one report and return its path.

    `source` is an OUTDIR written by `analyze`, a saved project (a file, or a database URL
    such as postgresql+psycopg://user@host/dbname: its latest analysis and response log), an
    `AnalysisResult` or a `ReportData`. Without `output` the report goes into the OUTDIR as
    report.html / .xlsx / .pptx, or beside a project file as NAME-report.html ... (an
    `output` is required for a result in memory or a database URL). `responses` (a
    ResponseLog or a table) overrides OUTDIR/responses.csv.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"report format '{fmt}' is not known; use one of "
                          f"{', '.join(FORMATS)}.")
    data, folder = _report_data(source, responses)
    if output is None:
        if folder is not None:
            output = folder / FORMATS[fmt]
        elif isinstance(source, (str, Path)) and not _is_database_url(source):
            output = Path(source).with_name(f"{Path(source).stem}-{FORMATS[fmt]}")
        else:
            raise ConfigError("say where to write the report: pass output=PATH.")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    # Created empty and owner-only first: each renderer then writes into the file in place,
    # which keeps its mode (see analyzer.private_files). Share a report by copying it.
    open_private(output, "wb").close()
    if fmt == "html":
        from analyzer.reports.html import render_html

        output.write_text(render_html(data, title=title), encoding="utf-8")
    elif fmt == "xlsx":
        from analyzer.reports.xlsx import write_xlsx

        write_xlsx(data, output)
    else:
        from analyzer.reports.pptx import write_pptx

        write_pptx(data, output, title=title)
    return output


def _report_data(source: Any, responses: Any) -> tuple[ReportData, Path | None]:
    from analyzer.themes.result import AnalysisResult

    if isinstance(source, ReportData):
        if responses is not None:
            raise ConfigError("a ReportData already holds its responses; build it with them.")
        return source, None
    if isinstance(source, AnalysisResult):
        return ReportData.from_result(source, responses), None
    if _is_database_url(source):
        return _project_report_data(source, responses), None
    path = Path(source)
    if path.is_dir():
        return ReportData.from_outdir(path, responses), path
    if path.is_file():
        return _project_report_data(path, responses), None
    raise ConfigError(f"'{path}' does not exist; give the folder that `analyze --out` wrote "
                      "or a saved project file.")


def _is_database_url(source: Any) -> bool:
    """A project in a database server (a SQLAlchemy URL, or text like postgresql://...), not
    a path: it has no folder to check and nothing to write beside."""
    from sqlalchemy.engine import URL

    return isinstance(source, URL) or (isinstance(source, str) and "://" in source)


def _project_report_data(location: Any, responses: Any) -> ReportData:
    """The latest analysis in a saved project, with its stored response log unless
    `responses` is given."""
    from analyzer.projects import load_responses, open_project

    result = open_project(location)
    return ReportData.from_result(result, load_responses(location) if responses is None
                                  else responses)


__all__ = ["FORMATS", "ReportData", "method_card_html", "method_card_markdown",
           "read_responses", "write_report", "write_responses"]
