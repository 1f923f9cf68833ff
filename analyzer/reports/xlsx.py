"""An XLSX workbook: one sheet per table, plus Summary, Responses and Method sheets.

Every text cell goes through `neutralise_cell` (OWASP CSV injection guidance), and the
writer is told never to turn text into formulas or links, so nothing a participant typed can
run in a spreadsheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from analyzer.pipelines.write import neutralise_cell, neutralise_frame
from analyzer.reports import findings as fx
from analyzer.reports.data import ReportData
from analyzer.reports.method_card import method_card_sections
from analyzer.themes.languages import languages_line

SHEETS = (("themes", "Themes"), ("groups", "Groups"), ("common_ground", "Common ground"),
          ("distinctive", "Distinctive"), ("hidden", "Hidden"),
          ("representation", "Representation"), ("prevalence", "Prevalence"),
          ("rounds", "Rounds"), ("stability", "Stability"),
          ("suppression_notes", "Suppression notes"),
          ("responses", "Responses"), ("assignments", "Comments"))
"""(table, sheet name) in workbook order; Summary comes first, any other table after these,
and Method last."""
PERCENT_COLUMNS = {"share", "share_of_group", "ci_low", "ci_high", "min_group_share",
                   "max_group_share", "overall_share", "themed_share_in_group",
                   "themed_share_elsewhere", "share_in_group", "share_overall",
                   "benchmark_share", "raw_share", "equal_weight_share", "change"}
MAX_WIDTH = 60


def write_xlsx(data: ReportData, path: Path) -> Path:
    """Write the workbook to `path`."""
    frames = _frames(data)
    options = {"strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}
    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        book = writer.book
        styles = {
            "header": book.add_format({"bold": True, "bg_color": "#DCE6F0", "border": 1,
                                       "text_wrap": True, "valign": "top"}),
            "percent": book.add_format({"num_format": "0.0%"}),
            "number": book.add_format({"num_format": "#,##0.###"}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
            "title": book.add_format({"bold": True, "font_size": 14}),
            "bold": book.add_format({"bold": True}),
        }
        _summary_sheet(book, data, styles)
        named = dict(SHEETS)
        order = [name for name, _ in SHEETS] + sorted(set(frames) - set(named))
        for name in order:
            if name in frames:
                sheet = named.get(name) or name.replace("_", " ").capitalize()[:31]
                _table_sheet(writer, frames[name], sheet, styles)
        _method_sheet(book, data, styles)
    return Path(path)


def _frames(data: ReportData) -> dict[str, pd.DataFrame]:
    stability = data.stability
    themes = pd.DataFrame([{
        "theme_id": t.theme_id, "label": t.label, "size": t.size, "share": t.share,
        "keywords": "; ".join(t.keywords), "quote_1": _nth(t.representative_quotes, 0),
        "quote_2": _nth(t.representative_quotes, 1), "quote_3": _nth(t.representative_quotes, 2),
    } for t in data.themes])
    if data.is_multilingual:
        counts = data.theme_languages
        themes["languages"] = themes["theme_id"].map(lambda i: languages_line(counts, i))
        quote_languages = [data.quote_languages(t) for t in data.themes]
        for n in range(3):
            themes[f"quote_{n + 1}_language"] = [_nth(languages, n)
                                                 for languages in quote_languages]
    if stability:
        themes["stability"] = themes["theme_id"].map(lambda i: stability.get(i, (None,))[0])
        themes["unstable"] = themes["theme_id"].map(
            lambda i: "yes" if stability.get(i, (0, False))[1] else "no")
    frames = {"themes": themes}
    for name, frame in data.tables.items():
        frames[name] = data.with_labels(frame)
    frames["responses"] = data.responses.to_frame()
    frames["assignments"] = data.assignments
    return frames


def _nth(values: tuple[str, ...], index: int) -> str:
    return values[index] if len(values) > index else ""


def _table_sheet(writer: pd.ExcelWriter, frame: pd.DataFrame, sheet: str, styles: dict) -> None:
    safe = neutralise_frame(frame)
    safe.to_excel(writer, sheet_name=sheet, index=False)
    worksheet = writer.sheets[sheet]
    for column, name in enumerate(safe.columns):
        worksheet.write_string(0, column, str(neutralise_cell(str(name))), styles["header"])
        values = safe[name]
        width = max([len(str(name))] + [len(str(v)) for v in values.head(500)]) + 2
        if name in PERCENT_COLUMNS:
            style = styles["percent"]
        elif pd.api.types.is_float_dtype(values):
            style = styles["number"]
        else:
            style = styles["wrap"] if width > MAX_WIDTH else None
        worksheet.set_column(column, column, min(max(width, 8), MAX_WIDTH), style)
    worksheet.freeze_panes(1, 0)
    if len(safe.columns):
        worksheet.autofilter(0, 0, max(len(safe), 1), len(safe.columns) - 1)


def _summary_sheet(book, data: ReportData, styles: dict) -> None:
    sheet = book.add_worksheet("Summary")
    sheet.set_column(0, 0, 110, styles["wrap"])
    sheet.write_string(0, 0, "What we heard: summary", styles["title"])
    row = 2
    for sentence in fx.summary_sentences(data):
        sheet.write_string(row, 0, _safe(sentence))
        row += 1
    row += 1
    sheet.write_string(row, 0, "Each table is on its own sheet; the Method sheet says how the "
                       "analysis was done.", styles["bold"])


def _method_sheet(book, data: ReportData, styles: dict) -> None:
    """Method card as three columns: section, item, value (statistics as text rows)."""
    sheet = book.add_worksheet("Method")
    sheet.set_column(0, 0, 26, styles["wrap"])
    sheet.set_column(1, 1, 34, styles["wrap"])
    sheet.set_column(2, 2, 100, styles["wrap"])
    for column, header in enumerate(("Section", "Item", "Value")):
        sheet.write_string(0, column, header, styles["header"])
    sheet.freeze_panes(1, 0)
    row = 1
    sections = method_card_sections(data.method, tables=list(data.tables),
                                    notes=data.suppression_notes)
    for section in sections:
        for item, value in _section_rows(section):
            sheet.write_string(row, 0, _safe(section.title))
            sheet.write_string(row, 1, _safe(item))
            sheet.write_string(row, 2, _safe(value))
            row += 1


def _section_rows(section) -> list[tuple[str, str]]:
    rows = list(section.rows)
    rows += [("", paragraph) for paragraph in section.paragraphs]
    rows += [("limitation", bullet) for bullet in section.bullets]
    for sub in section.subsections:
        rows += [(sub.title, paragraph) for paragraph in sub.paragraphs]
    return rows


def _safe(value: Any) -> str:
    return str(neutralise_cell(str(value)))


__all__ = ["write_xlsx"]
