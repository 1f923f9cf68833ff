"""A PPTX deck for meetings: one finding per slide, large type, numbers in the speaker notes.

Slides are drawn on the blank layout with our own text boxes so type sizes are predictable
(titles 34 pt, body 24 pt and up); charts are PNG images with alt text.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Sequence

from analyzer.pipelines.votes.views import (
    DIVISIVE,
    WIDEST,
    has_votes,
    opinion_group_order,
    statements,
)
from analyzer.reports import findings as fx
from analyzer.reports.data import ReportData
from analyzer.reports.method_card import limitations
from analyzer.safe_text import printable

WIDTH_IN, HEIGHT_IN = 13.333, 7.5
MARGIN_IN = 0.6
TITLE_PT, BODY_PT, SMALL_PT = 34, 24, 20
INK = (0x1A, 0x1A, 0x1A)
ACCENT = (0x00, 0x72, 0xB2)
RESPONSES_PER_SLIDE = 4
CHART_SCALE = 1.7
"""Chart fonts on slides, relative to the HTML charts, so they read from the back row."""
CHART_WIDTH_IN, CHART_HEIGHT_IN = WIDTH_IN - 2 * MARGIN_IN, 5.4
"""Charts are drawn at the size they are shown, so their fonts keep their point size."""
SLIDE_THEMES = 8
"""Themes shown on a slide's chart; the notes list them all."""
THEME_SLIDES = 10
"""Themes with a slide of their own (quotes and the group breakdown), as in Present mode."""
THEME_QUOTES = 2
"""Quotes on a theme slide beside its chart; the notes keep three."""
QUOTES_WIDTH_IN, GAP_IN = 5.0, 0.3
"""On a theme slide with groups: the quotes' column, then the chart in the rest."""
QUOTE_CHARACTERS = 160
"""A quote longer than this is cut on a theme slide (about five lines of 22 pt in the
quotes' column, so two fit); the notes keep it whole."""


def write_pptx(data: ReportData, path: Path, *, title: str = "What we heard",
               generated_on: dt.date | None = None) -> Path:
    """Write the deck to `path`."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(WIDTH_IN), Inches(HEIGHT_IN)
    builder = _Deck(deck)
    _title_slide(builder, data, title, generated_on or dt.date.today())
    _themes_slide(builder, data)
    _common_ground_slide(builder, data)
    _agreement_slides(builder, data)
    _groups_slide(builder, data)
    for rank, theme in enumerate(fx.top_themes(data, THEME_SLIDES), 1):
        _theme_slide(builder, data, theme, rank)
    for item in fx.distinctive_by_group(data):
        _distinctive_slide(builder, data, item)
    _hidden_slide(builder, data)
    _representation_slide(builder, data)
    _rounds_slide(builder, data)
    _responses_slides(builder, data)
    _method_slide(builder, data)
    deck.save(str(path))
    return Path(path)


class _Deck:
    """Small helpers over python-pptx for our one-finding slides."""

    def __init__(self, deck):
        self.deck = deck

    def slide(self, title: str, notes: Sequence[str]):
        slide = self.deck.slides.add_slide(self.deck.slide_layouts[6])
        self.text(slide, [title], MARGIN_IN, 0.35, WIDTH_IN - 2 * MARGIN_IN, 1.3, TITLE_PT,
                  bold=True, colour=ACCENT, name="Title")
        slide.notes_slide.notes_text_frame.text = printable("\n".join(notes))
        return slide

    def text(self, slide, lines: Sequence[str], left: float, top: float, width: float,
             height: float, size: int, *, bold: bool = False, colour=INK,
             bullets: bool = False, name: str | None = None):
        from pptx.dml.color import RGBColor
        from pptx.util import Inches, Pt

        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        if name:
            box.name = name
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.text = ("• " if bullets else "") + printable(line)
            paragraph.space_after = Pt(size * 0.5)
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.font.bold = bold
                run.font.color.rgb = RGBColor(*colour)
        return box

    def picture(self, slide, png: bytes, left: float, top: float, *, width: float,
                max_height: float, alt: str = ""):
        """The image `width` wide, or `max_height` high if that is smaller, centred in the
        space it was given."""
        from pptx.util import Inches

        pixels_wide, pixels_high = _png_size(png)
        height = width * pixels_high / pixels_wide
        if height > max_height:
            width, left = max_height * pixels_wide / pixels_high, left + (width - max_height
                                                                         * pixels_wide
                                                                         / pixels_high) / 2
            height = max_height
        picture = slide.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(top),
                                           width=Inches(width), height=Inches(height))
        picture._element.nvPicPr.cNvPr.set("descr", printable(alt))  # alt text for screen readers
        return picture


def _title_slide(b: _Deck, data: ReportData, title: str, on: dt.date) -> None:
    counts = data.counts
    files = ", ".join(str(i.get("file", "")) for i in data.method.get("inputs") or [])
    slide = b.slide(title, [f"Files: {files}.", f"Rows read {counts['rows_read']}, kept "
                            f"{counts['kept']}, dropped {counts['dropped']}.",
                            f"Themes: {counts['themes']}; answered comments: "
                            f"{counts['answered']}."])
    slide.shapes[0].top = _inches(2.0)
    for run in slide.shapes[0].text_frame.paragraphs[0].runs:
        run.font.size = _points(48)
    b.text(slide, [f"{fx.num(counts['kept'])} comments · {counts['themes']} themes",
                   f"Community feedback from {files}", f"Prepared {on.isoformat()}"],
           MARGIN_IN, 3.6, WIDTH_IN - 2 * MARGIN_IN, 2.5, BODY_PT)


def _themes_slide(b: _Deck, data: ReportData) -> None:
    themes = fx.top_themes(data)
    if not themes:
        return
    top = themes[0]
    notes = ["Comments per theme (share of answered comments):"] + [
        f"{t['label']}: {t['size']} ({fx.pct(t['share'], 1)})"
        + (f"; languages: {t['languages']}" if t["languages"] else "") for t in themes]
    unstable = fx.unstable_sentence(data)
    notes += [unstable] if unstable else []
    slide = b.slide(f"Largest theme: “{fx.chart_label(top)}” ({fx.pct(top['share'])} of "
                    "comments)", notes)
    png = fx.theme_shares_png(data, dpi=150, width=CHART_WIDTH_IN, height=CHART_HEIGHT_IN,
                              scale=CHART_SCALE, limit=SLIDE_THEMES)
    b.picture(slide, png, MARGIN_IN, 1.7, width=WIDTH_IN - 2 * MARGIN_IN, max_height=5.5,
              alt="Dot chart of each theme's share of answered comments, with 95% intervals: "
                  + fx.theme_shares_text(data, SLIDE_THEMES))


def _common_ground_slide(b: _Deck, data: ReportData) -> None:
    table = fx.common_ground(data, 3)
    if table.empty:
        return
    first = table.iloc[0]
    lines = [f"{int(r['rank'])}. {r['label']} — at least {fx.pct(r['min_group_share'])} of "
             f"every group" for _, r in table.iterrows()]
    notes = ["Common ground score (geometric mean of smoothed group shares), lowest group "
             "share and the group raising it least:"] + [
        f"{r['label']}: score {float(r['score']):.3f}; lowest share "
        f"{fx.pct(r['min_group_share'], 1)} ({r['least_group']}); evenness "
        f"{float(r['evenness']):.2f}" for _, r in fx.common_ground(data).iterrows()]
    slide = b.slide(f"Common ground: every group raised “{first['label']}”", notes)
    b.text(slide, lines, MARGIN_IN, 2.0, WIDTH_IN - 2 * MARGIN_IN, 4.5, 28)


AGREEMENT_STATEMENTS = 3
"""Statements on each agreement slide; the notes give each one's per-group agree shares."""
STATEMENT_CHARACTERS = 160
"""A statement longer than this is cut on the slide (the notes keep it whole)."""


def _agreement_slides(b: _Deck, data: ReportData) -> None:
    """With votes: the statements every opinion group agreed with most, then those that
    divide the groups (the HTML report's Agreement section, in large type)."""
    if not has_votes(data.tables):
        return
    groups = opinion_group_order(data.method)
    texts = data.assignments[["comment_id", "text_redacted"]]
    for which, title in ((WIDEST, "Where the opinion groups agree"),
                         (DIVISIVE, "Where the opinion groups divide")):
        picked = statements(data.tables, data.method, texts, which, AGREEMENT_STATEMENTS)
        if picked.empty:
            continue
        lines, notes = [], [f"{title}: group-aware consensus (the product over groups of each "
                            "group's smoothed agree share) and each group's agree share."]
        for row in picked.to_dict("records"):
            text = str(row["text"])
            shown = text if len(text) <= STATEMENT_CHARACTERS \
                else text[:STATEMENT_CHARACTERS].rsplit(" ", 1)[0] + " …"
            shares = ", ".join(f"{group} {fx.pct(row[f'{group} agree'])}" for group in groups)
            lines.append(f"“{shown}” — agreed: {shares}")
            notes.append(f"{text} (theme {row['theme']}; consensus "
                         f"{float(row['group-aware consensus']):.2f}; agree: {shares})")
        slide = b.slide(title, notes)
        b.text(slide, lines, MARGIN_IN, 1.8, WIDTH_IN - 2 * MARGIN_IN, 5.0, 22, bullets=True)


def _groups_slide(b: _Deck, data: ReportData) -> None:
    frame = fx.heat_map_frame(data, limit=len(data.themes))
    if frame.empty:
        return
    notes = ["Share of each group's comments on each theme:"] + [
        f"{group}: " + ", ".join(f"{theme} {fx.pct(frame.loc[theme, group], 1)}"
                                 for theme in frame.index) for group in frame.columns]
    shown = "" if len(frame) <= SLIDE_THEMES else f" (largest {SLIDE_THEMES} themes)"
    slide = b.slide(f"How each group's comments divide across themes{shown}", notes)
    png = fx.heat_map_png(data, dpi=150, width=CHART_WIDTH_IN, height=CHART_HEIGHT_IN,
                          scale=CHART_SCALE, limit=SLIDE_THEMES)
    b.picture(slide, png, MARGIN_IN, 1.6, width=WIDTH_IN - 2 * MARGIN_IN, max_height=5.6,
              alt="Heat map. " + " ".join(notes))


def _theme_slide(b: _Deck, data: ReportData, theme: dict, rank: int) -> None:
    """One theme as the Present screen shows it: its share, quotes in large type and, with
    groups, the share of each group's comments that raised it (a dot chart with intervals)."""
    words_width = QUOTES_WIDTH_IN if not data.table("groups").empty else WIDTH_IN - 2 * MARGIN_IN
    chart_width = WIDTH_IN - 2 * MARGIN_IN - words_width - GAP_IN
    png = fx.group_breakdown_png(data, theme["theme_id"], dpi=150, width=chart_width,
                                 scale=CHART_SCALE, height=CHART_HEIGHT_IN) \
        if chart_width > 0 else None
    breakdown = fx.group_breakdown_text(data, theme["theme_id"]) if png else ""
    notes = [f"{theme['label']}: {fx.num(theme['size'])} comments, {fx.pct(theme['share'], 1)} "
             "of answered comments.", f"Keywords: {', '.join(theme['keywords'])}."]
    notes += [f"By group (share of the group's comments, 95% interval): {breakdown}"] \
        if png else []
    notes += [f"Quote: {quote}" for quote in theme["quotes"][:3]]
    slide = b.slide(f"{rank}. {fx.chart_label(theme)}: {fx.pct(theme['share'])} of comments",
                    notes)
    quotes = [f"“{_shorten(quote, QUOTE_CHARACTERS)}”" for quote in theme["quotes"][:THEME_QUOTES]]
    b.text(slide, quotes or [f"{fx.num(theme['size'])} comments"], MARGIN_IN, 1.8, words_width,
           5.0, 22)
    if png:
        b.picture(slide, png, MARGIN_IN + words_width + GAP_IN, 1.6, width=chart_width,
                  max_height=5.6,
                  alt=f"Dot chart of the share of each group's comments that raised "
                      f"“{theme['label']}”, with 95% intervals: {breakdown}")


def _distinctive_slide(b: _Deck, data: ReportData, item: fx.Distinctive) -> None:
    caution = ("Clear difference (z above 1.96)." if item.clear else
               "Small difference: it may be chance; read the comments before acting on it.")
    quote = fx.group_quote(data, item.group, item.theme_id)
    notes = [item.sentence(), f"log-odds {item.log_odds:.2f}, z {item.z:.2f}.", caution]
    notes += [f"A comment from {item.group}: {quote}"] if quote else []
    slide = b.slide(f"What stood out for {item.group}: “{item.label}”", notes)
    b.text(slide, [fx.pct(item.share_in_group)], MARGIN_IN, 2.0, 5.2, 1.6, 80, bold=True,
           colour=ACCENT)
    b.text(slide, [f"of {item.group}'s comments with a theme raised it",
                   f"against {fx.pct(item.share_elsewhere)} in the other groups"],
           MARGIN_IN, 3.7, 6.5, 2.0, BODY_PT)
    side = [f"“{quote}”", caution] if quote else [caution]
    b.text(slide, side, 7.4, 2.1, WIDTH_IN - 7.4 - MARGIN_IN, 4.5, 20)


def _hidden_slide(b: _Deck, data: ReportData) -> None:
    table = fx.hidden(data)
    if data.table("groups").empty:
        return
    if table.empty:
        slide = b.slide("No hidden themes: no group has a concern the overall list misses",
                        ["Hidden themes table is empty: no (theme, group) pair has a cautious "
                         "lift above 1."])
        b.text(slide, ["A hidden theme is small overall but a large part of what one group "
                       "said.", "None stood out here: each group's concerns already show in "
                       "the overall list."], MARGIN_IN, 2.0, WIDTH_IN - 2 * MARGIN_IN, 4.0,
               BODY_PT)
        return
    rows = list(table.head(4).itertuples())
    lines = [f"{r.label}: {fx.pct(r.share_in_group)} of {r.group} vs "
             f"{fx.pct(r.share_overall)} overall" for r in rows]
    notes = [f"{r.label} / {r.group}: share in group {fx.pct(r.share_in_group, 1)}, overall "
             f"{fx.pct(r.share_overall, 1)}, lift {float(r.lift):.2f}, overall rank "
             f"{fx.num(r.raw_rank)}" for r in table.itertuples()]
    slide = b.slide("Hidden themes: small overall, large for one group", notes)
    b.text(slide, lines, MARGIN_IN, 2.0, WIDTH_IN - 2 * MARGIN_IN, 4.5, BODY_PT, bullets=True)


def _representation_slide(b: _Deck, data: ReportData) -> None:
    """Only when a group sent clearly fewer comments than its benchmark share."""
    table = data.table("representation")
    flagged = fx.flagged_groups(data)
    if not flagged:
        return
    rows = table[table["group"].astype(str).isin(flagged)]
    lines = [f"{r.group}: {fx.pct(r.share)} of comments, {fx.pct(r.benchmark_share)} of the "
             f"community" for r in rows.itertuples()]
    notes = [f"{r.group}: {fx.num(r.comments)} comments, share {fx.pct(r.share, 1)}, "
             f"benchmark {fx.pct(r.benchmark_share, 1)}, ratio {fx.num(r.ratio, 2)}, weight "
             f"{fx.num(r.weight, 2)}" for r in table.itertuples()]
    slide = b.slide(f"Whose voices are missing: {', '.join(flagged)}", notes)
    b.text(slide, lines + ["Weighting cannot add views nobody sent: reach out before "
                           "deciding."], MARGIN_IN, 2.0, WIDTH_IN - 2 * MARGIN_IN, 4.5,
           BODY_PT, bullets=True)


def _rounds_slide(b: _Deck, data: ReportData) -> None:
    png = fx.rounds_png(data, dpi=150, width=8.0, height=CHART_HEIGHT_IN, scale=CHART_SCALE,
                        limit=6)
    if png is None:
        return
    changes = fx.round_changes(data)
    lines = [f"{r.label}: {r.trend} in {r.round}" for r in changes.head(5).itertuples()]
    table = data.table("rounds")
    notes = [f"{data.label(r.theme_id)} in {r.round}: {fx.pct(r.share, 1)} ({r.trend})"
             for r in table[table["theme_id"] >= 0].itertuples()]
    title = ("What changed between rounds" if lines else
             "Between rounds, no theme changed by more than chance")
    slide = b.slide(title, notes)
    b.picture(slide, png, MARGIN_IN, 1.6, width=8.0, max_height=5.6,
              alt="Line chart of theme shares by round. " + "; ".join(notes))
    b.text(slide, lines or ["All changes are within chance."], 8.9, 1.9, 3.9, 4.8, 20,
           bullets=bool(lines))


def _responses_slides(b: _Deck, data: ReportData) -> None:
    entries = list(data.responses)
    if not entries:
        b.slide("You said, we did: no responses recorded yet",
                ["Record a status, response and rationale per theme to fill this slide."])
        return
    counts = data.responses.status_counts()
    for start in range(0, len(entries), RESPONSES_PER_SLIDE):
        chunk = entries[start:start + RESPONSES_PER_SLIDE]
        notes = [", ".join(f"{n} {s}" for s, n in counts.items())] + [
            f"{e.theme_label or data.label(e.theme_id)} — {e.status} "
            f"(updated {e.updated_on.isoformat()}): {e.response} Why: {e.rationale}"
            for e in chunk]
        slide = b.slide("You said, we did", notes)
        top = 1.7
        for entry in chunk:
            label = entry.theme_label or data.label(entry.theme_id)
            b.text(slide, [f"{label} — {entry.status.upper()}"], MARGIN_IN, top,
                   WIDTH_IN - 2 * MARGIN_IN, 0.5, 22, bold=True)
            b.text(slide, [_shorten(entry.response, 120)], MARGIN_IN + 0.3, top + 0.5,
                   WIDTH_IN - 2 * MARGIN_IN - 0.3, 0.7, SMALL_PT)
            top += 1.35


def _method_slide(b: _Deck, data: ReportData) -> None:
    method = data.method
    files = [f"{i.get('file')}: {i.get('rows_read')} rows, SHA-256 {str(i.get('sha256'))[:12]}…"
             for i in method.get("inputs") or []]
    counts = data.counts
    lines = [f"Seed {method.get('seed')}; embedding model {method.get('embedding_model')}",
             f"{counts['rows_read']} rows read, {counts['kept']} kept, {counts['dropped']} "
             "dropped (reasons in ledger.csv)", *files[:2]]
    notes = [*lines, *[f"SHA-256 {i.get('file')}: {i.get('sha256')}"
                       for i in method.get("inputs") or []],
             "Limitations:", *limitations(method, data.suppression_notes)]
    slide = b.slide("How we did this", notes)
    b.text(slide, lines, MARGIN_IN, 1.8, WIDTH_IN - 2 * MARGIN_IN, 4.8, 22, bullets=True)


def _png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _inches(value: float):
    from pptx.util import Inches

    return Inches(value)


def _points(value: float):
    from pptx.util import Pt

    return Pt(value)


__all__ = ["write_pptx"]
