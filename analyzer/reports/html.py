"""A self-contained HTML report a facilitator can email or post.

One file, no external assets: styles inline, charts as base64 PNG with alt text that gives
the numbers. Every piece of text from the data (comments, labels, group names, file names) is
escaped with `html.escape`; markup is only ever written by this module.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from typing import Any, Callable, Sequence

import pandas as pd

from analyzer.pipelines.votes.views import (
    DIVISIVE,
    WIDEST,
    agreement_overview,
    has_votes,
    opinion_group_order,
    statements,
)
from analyzer.reports import findings as fx
from analyzer.reports.data import ReportData
from analyzer.reports.method_card import method_card_html
from analyzer.themes.responses import STATUSES

esc = html.escape
Column = tuple[str, str, Callable[[Any], str]]
"""(column in the frame, header a reader sees, formatter)."""

SECTIONS = (("summary", "Summary"), ("themes", "Themes"), ("common-ground", "Common ground"),
            ("groups", "Groups"), ("voices", "Whose voices"), ("rounds", "Rounds"),
            ("responses", "You said, we did"), ("method", "Method"))
AGREEMENT_SECTION = ("agreement", "Agreement (votes)")
"""After common ground, when the analysis has votes (`analyze --votes`)."""

STYLE = """
:root { --ink: #1a1a1a; --muted: #555; --line: #c8c8c8; --accent: #0072B2; --soft: #f4f6f8; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       color: var(--ink); margin: 0; background: #fff; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; }
header { background: var(--accent); color: #fff; padding: 1.5rem 2rem; }
header h1 { margin: 0 0 .3rem; font-size: 1.9rem; } header p { margin: 0; }
main, nav { max-width: 62rem; margin: 0 auto; padding: 0 2rem; }
nav ol { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; padding: .8rem 0; margin: 0;
         list-style: none; border-bottom: 1px solid var(--line); }
nav a { color: var(--accent); }
section { padding: 1rem 0 1.5rem; border-bottom: 1px solid var(--line); }
h2 { font-size: 1.5rem; margin: .6rem 0; } h3 { font-size: 1.15rem; margin: 1.2rem 0 .4rem; }
.figures { display: flex; flex-wrap: wrap; gap: .8rem; padding: 0; list-style: none; }
.figures li { background: var(--soft); border-left: 4px solid var(--accent);
              padding: .5rem .9rem; min-width: 9rem; }
.figures strong { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .55rem; text-align: left;
         vertical-align: top; }
thead th { background: var(--soft); } td.n { text-align: right; white-space: nowrap; }
figure { margin: .8rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; }
blockquote { margin: .4rem 0; padding: .3rem .9rem; border-left: 4px solid var(--line);
             background: var(--soft); }
.meta, .note { color: var(--muted); }
.warning { border: 2px solid #D55E00; padding: .4rem .7rem; }
@media print { nav { display: none; } header { color: #000; background: none; } }
"""


def render_html(data: ReportData, *, title: str = "What we heard",
                generated_on: dt.date | None = None) -> str:
    """The whole report as one HTML document."""
    generated_on = generated_on or dt.date.today()
    files = ", ".join(str(i.get("file", "")) for i in data.method.get("inputs") or [])
    sections = list(SECTIONS)
    if has_votes(data.tables):
        sections.insert(3, AGREEMENT_SECTION)
    nav = "".join(f'<li><a href="#{key}">{esc(name)}</a></li>' for key, name in sections)
    body = "\n".join([_summary(data), _themes(data), _common_ground(data), _agreement(data),
                      _groups(data), _voices(data), _rounds(data), _responses(data),
                      _method(data)])
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<a class="skip" href="#main">Skip to the report</a>\n'
        f"<header><h1>{esc(title)}</h1><p>Community feedback analysis of {esc(files)} · "
        f"prepared {generated_on.isoformat()}</p></header>\n"
        f'<nav aria-label="Contents"><ol>{nav}</ol></nav>\n'
        f'<main id="main">\n{body}\n</main>\n</body>\n</html>\n')


# -- sections -------------------------------------------------------------------------------

def _section(key: str, *parts: str) -> str:
    name = dict(SECTIONS + (AGREEMENT_SECTION,))[key]
    return (f'<section id="{key}" aria-labelledby="{key}-h">\n<h2 id="{key}-h">{esc(name)}</h2>\n'
            + "\n".join(p for p in parts if p) + "\n</section>")


def _summary(data: ReportData) -> str:
    counts = data.counts
    figures = [("comments kept", counts["kept"]), ("themes", counts["themes"]),
               ("rows dropped", counts["dropped"])]
    groups = data.table("groups")
    if not groups.empty:
        figures.append(("groups compared", groups["group"].nunique()))
    items = "".join(f"<li><strong>{esc(fx.num(v))}</strong>{esc(k)}</li>" for k, v in figures)
    sentences = "".join(f"<li>{esc(s)}</li>" for s in fx.summary_sentences(data))
    return _section("summary", f'<ul class="figures" aria-label="Key figures">{items}</ul>',
                    f"<ul>{sentences}</ul>")


def _themes(data: ReportData) -> str:
    themes = fx.top_themes(data)
    if not themes:
        return _section("themes", _note("No themes were found."))
    chart = _figure(fx.theme_sizes_png(data), "Number of comments per theme, largest first.",
                    "Bar chart of comments per theme: " + "; ".join(
                        f"{t['label']}: {fx.num(t['size'])} comments ({fx.pct(t['share'])})"
                        for t in themes[:fx.MAX_CHART_THEMES]) + ".")
    articles = []
    for theme in themes:
        marks = theme["quote_languages"] or ("",) * len(theme["quotes"])
        quotes = "".join(f"<blockquote>{esc(q)}"
                         + (f' <cite class="language">({esc(language)})</cite>' if language else "")
                         + "</blockquote>" for q, language in zip(theme["quotes"], marks))
        meta = (f"{fx.num(theme['size'])} comments ({fx.pct(theme['share'])} of answered "
                "comments)")
        if theme["languages"]:
            meta += f" · languages: {theme['languages']}"
        if theme["keywords"]:
            meta += f" · key words: {', '.join(theme['keywords'][:8])}"
        articles.append(
            f"<article><h3>{esc(theme['label'])}</h3>{_stability_note(theme)}"
            f'<p class="meta">{esc(meta)}</p>'
            + (f"<p>What people wrote (personal details removed):</p>{quotes}" if quotes else "")
            + "</article>")
    unassigned = [t for t in data.themes if not t.is_real and t.size]
    extra = (_note(f"{fx.num(unassigned[0].size)} comments did not fit any theme closely "
                   "enough and are listed as ‘(unassigned)’ in the data files.")
             if unassigned else "")
    return _section("themes", chart, *articles, extra)


def _common_ground(data: ReportData) -> str:
    table = fx.common_ground(data)
    if table.empty:
        return _section("common-ground", _note("Common ground needs a group column."))
    intro = ("<p>Themes that every group raises, not just the largest group. A high score needs "
             "every group to mention the theme.</p>")
    return _section("common-ground", intro, _table(table, [
        ("rank", "Rank", fx.num), ("label", "Theme", str),
        ("score", "Score", lambda v: f"{float(v):.2f}"),
        ("min_group_share", "Lowest share in a group", fx.pct),
        ("least_group", "Group raising it least", str),
        ("evenness", "Evenness (1 = equal)", lambda v: f"{float(v):.2f}")],
        "Common ground: themes ranked by how evenly all groups raise them"))


def _agreement(data: ReportData) -> str:
    """Attention beside agreement per theme, and the statements that unite or divide the
    opinion groups; empty without votes."""
    if not has_votes(data.tables):
        return ""
    groups = opinion_group_order(data.method)
    intro = ("<p>Themes show what people raised; votes show what they agree with. Raised by: "
             "the share of an opinion group's own comments on the theme. Agreed by: the share "
             "of the group's votes on the theme's statements that agree. Broad agreement: more "
             "than half of every group agreed; divides: most of one group agreed and most of "
             "another disagreed (with a 95 % interval).</p>")
    overview = agreement_overview(data.tables, data.method)
    columns = [("theme", "Theme", str), ("statements", "Statements", fx.num),
               ("broad agreement", "Broad agreement", str),
               ("divides groups", "Divides groups", str)]
    for group in groups:
        columns += [(f"raised by {group}", f"Raised by {group}", fx.pct),
                    (f"agreed by {group}", f"Agreed by {group}", fx.pct)]
    texts = data.assignments[["comment_id", "text_redacted"]]
    shares = [(f"{g} agree", f"{g} agree", fx.pct) for g in groups]
    listing = [("text", "Statement", str), ("theme", "Theme", str),
               ("group-aware consensus", "Consensus", lambda v: f"{float(v):.2f}"), *shares]
    return _section(
        "agreement", intro,
        _table(overview, columns, "Raised by and agreed by, per theme and opinion group"),
        "<h3>Widest agreement across groups</h3>",
        _table(statements(data.tables, data.method, texts, WIDEST), listing,
               "The statements with the highest group-aware consensus"),
        "<h3>Statements that divide the groups</h3>",
        _table(statements(data.tables, data.method, texts, DIVISIVE), listing,
               "Most of one group agreed and most of another disagreed"))


def _groups(data: ReportData) -> str:
    groups = data.table("groups")
    if groups.empty:
        return _section("groups", _note("No group column was given, so groups are not "
                                        "compared."))
    frame = fx.heat_map_frame(data)
    alt = "Heat map of the share of each group's comments on each theme: " + "; ".join(
        f"{group}: " + ", ".join(f"{theme} {fx.pct(frame.loc[theme, group])}"
                                 for theme in frame.index)
        for group in frame.columns) + "."
    chart = _figure(fx.heat_map_png(data), "Share of each group's comments on each theme "
                    "(darker = smaller share; the number is printed in every cell).", alt)
    distinct = fx.distinctive_by_group(data)
    sentences = "".join(f"<li>{esc(d.sentence())}</li>" for d in distinct)
    real = data.with_labels(groups[groups["theme_id"] >= 0])
    table = _table(real, [
        ("group", "Group", str), ("label", "Theme", str), ("count", "Comments", fx.num),
        ("share_of_group", "Share of group", fx.pct),
        ("ci_low", "95% range from", fx.pct), ("ci_high", "to", fx.pct)],
        "Share of each group's comments on each theme, with 95% confidence range")
    return _section("groups", chart, "<h3>What stood out for each group</h3>",
                    f"<ul>{sentences}</ul>" if sentences else _note(
                        "No group raised any theme more than the others."),
                    table, *[_note(n) for n in data.suppression_notes])


def _voices(data: ReportData) -> str:
    parts = []
    representation = data.table("representation")
    if not representation.empty:
        parts.append("<h3>Who took part</h3>")
        parts.append(_table(representation, [
            ("group", "Group", str), ("comments", "Comments", fx.num),
            ("share", "Share of comments", fx.pct),
            ("benchmark_share", "Benchmark share", fx.pct),
            ("ratio", "Ratio", lambda v: fx.num(v, 2)),
            ("weight", "Weight", lambda v: fx.num(v, 2)),
            ("flagged", "Under-represented?", _yes_no)],
            "Participation by group compared with the benchmark"))
    hidden = fx.hidden(data)
    parts.append("<h3>Hidden themes</h3>")
    if hidden.empty:
        parts.append(_note("No theme is much more important to one group than to everyone."))
    else:
        parts.append(_table(hidden, [
            ("group", "Group", str), ("label", "Theme", str),
            ("share_in_group", "Share in group", fx.pct),
            ("share_overall", "Share overall", fx.pct),
            ("raw_rank", "Overall rank", fx.num)],
            "Themes small overall but large for one group"))
    prevalence = data.table("prevalence")
    if not prevalence.empty:
        parts.append("<h3>Would the ranking change if every group counted equally?</h3>")
        parts.append(_table(data.with_labels(prevalence), [
            ("label", "Theme", str), ("raw_share", "As received", fx.pct),
            ("raw_rank", "Rank", fx.num), ("equal_weight_share", "Groups equal", fx.pct),
            ("equal_weight_rank", "Rank", fx.num),
            ("benchmark_share", "Benchmark-weighted", fx.pct),
            ("benchmark_rank", "Rank", fx.num)],
            "Theme shares as received, with equal group weights and benchmark weights"))
    parts += [_note(n) for n in data.suppression_notes]
    if not representation.empty or not prevalence.empty or not hidden.empty:
        return _section("voices", *parts)
    return _section("voices", _note("No group column was given."))


def _rounds(data: ReportData) -> str:
    rounds = fx.round_names(data)
    if len(rounds) < 2:
        return _section("rounds", _note("Only one round of engagement, so nothing to compare."
                                        if rounds else "No round column was given."))
    table = data.table("rounds")
    themes = fx.top_themes(data, fx.MAX_ROUND_LINES)
    alt = "Line chart of theme shares by round (" + ", ".join(rounds) + "): " + "; ".join(
        f"{t['label']}: " + ", ".join(fx.pct(v) for v in table[table["theme_id"] == t[
            "theme_id"]].sort_values("round_index")["share"]) for t in themes) + "."
    chart = _figure(fx.rounds_png(data), "Share of each round's comments per theme.", alt)
    changes = fx.round_changes(data)
    listing = (_table(changes, [
        ("round", "Round", str), ("label", "Theme", str), ("trend", "Change", _trend),
        ("share", "Share this round", fx.pct), ("change", "Change in share", _signed_pct)],
        "Themes that appeared, disappeared, grew or shrank clearly between rounds")
        if not changes.empty else _note("No theme changed by more than chance between rounds."))
    return _section("rounds", chart, listing)


def _responses(data: ReportData) -> str:
    intro = "<p>What the agency decided about each theme, and why.</p>"
    rows = []
    for theme in fx.top_themes(data):
        entry = data.responses.get(theme["theme_id"])
        if entry is None:
            rows.append({"label": theme["label"], "status": "no response yet", "response": "",
                         "rationale": "", "updated_on": ""})
        else:
            rows.append({"label": entry.theme_label or theme["label"], "status": entry.status,
                         "response": entry.response, "rationale": entry.rationale,
                         "updated_on": entry.updated_on.isoformat()})
    known = {t.theme_id for t in data.themes}
    rows += [{"label": e.theme_label or f"Theme {e.theme_id}", "status": e.status,
              "response": e.response, "rationale": e.rationale,
              "updated_on": e.updated_on.isoformat()} for e in data.responses
             if e.theme_id not in known]
    counts = data.responses.status_counts()
    tally = ", ".join(f"{counts[s]} {s}" for s in STATUSES)
    table = _table(pd.DataFrame(rows, columns=["label", "status", "response", "rationale",
                                               "updated_on"]), [
        ("label", "You said (theme)", str), ("status", "Status", str),
        ("response", "We did", str), ("rationale", "Why", str),
        ("updated_on", "Last updated", _date)], "Responses by theme")
    return _section("responses", intro, f"<p>{esc(tally)}.</p>", table)


def _method(data: ReportData) -> str:
    intro = ("<p>How this analysis was done, so anyone can check or repeat it. The same "
             "information is in method.json.</p>")
    card = method_card_html(data.method, tables=list(data.tables),
                            notes=data.suppression_notes, heading_level=3)
    return _section("method", intro, card)


# -- building blocks ------------------------------------------------------------------------

def _table(frame: pd.DataFrame, columns: Sequence[Column], caption: str) -> str:
    present = [c for c in columns if c[0] in frame.columns
               and (c[2] is str or frame.empty or frame[c[0]].notna().any())]
    head = "".join(f'<th scope="col">{esc(header)}</th>' for _, header, _ in present)
    body = []
    for record in frame.to_dict("records"):
        cells = []
        for name, _, formatter in present:
            value = record[name]
            text = "" if value is None or (isinstance(value, float) and pd.isna(value)) \
                else formatter(value)
            numeric = formatter not in (str, _yes_no, _trend, _date)
            opening = '<td class="n">' if numeric else "<td>"
            cells.append(f"{opening}{esc(str(text))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _figure(png: bytes | None, caption: str, alt: str) -> str:
    if not png:
        return ""
    encoded = base64.b64encode(png).decode("ascii")
    return (f'<figure><img src="data:image/png;base64,{encoded}" alt="{esc(alt)}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def _stability_note(theme: dict) -> str:
    """A warning, in words and a symbol, for an unstable theme; its score otherwise."""
    score = theme.get("stability")
    if score is None or pd.isna(score):
        return ""
    if theme.get("unstable"):
        return (f'<p class="warning"><strong>⚠ Unstable theme</strong> (stability '
                f"{score:.2f}, below 0.5): it did not come back reliably when the analysis "
                "was rerun with other seeds. Treat it as tentative.</p>")
    return f'<p class="meta">Stable across reruns (stability {score:.2f}).</p>'


def _note(text: str) -> str:
    return f'<p class="note">{esc(text)}</p>'


def _date(value: Any) -> str:
    """ISO dates with non-breaking hyphens, so a narrow column never splits them."""
    return str(value).replace("-", "\u2011")


def _yes_no(value: Any) -> str:
    return "Yes" if str(value).lower() in ("true", "1", "yes") else "No"


def _trend(value: Any) -> str:
    arrows = {"growing": "▲ growing", "shrinking": "▼ shrinking", "new": "+ new",
              "gone": "– gone"}
    return arrows.get(str(value), str(value))


def _signed_pct(value: Any) -> str:
    try:
        return f"{float(value) * 100:+.0f} points"
    except (TypeError, ValueError):
        return "–"


__all__ = ["render_html"]
