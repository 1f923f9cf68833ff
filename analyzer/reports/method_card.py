"""The method card in words: how an analysis was done, from its `method.json`.

`method_card_sections` turns the machine-readable method dict into titled sections of rows
and paragraphs; `method_card_markdown` and `method_card_html` render them for the dashboard
and the reports. Statistics are explained from `analyzer.themes.statistics.STATISTICS`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from analyzer.safe_text import escape_markdown
from analyzer.themes.languages import language_name

MULTILINGUAL_HINTS = ("multilingual", "labse", "e5", "bge-m3", "xlm", "distiluse", "mbert")
"""Substrings of embedding model names trained on many languages."""
TABLE_STATISTICS = {
    "groups": ("campaign_weight", "groups", "wilson_interval", "effective_sample_size"),
    "common_ground": ("common_ground",), "distinctive": ("distinctive",),
    "hidden": ("hidden",), "representation": ("representation",),
    "prevalence": ("prevalence",), "rounds": ("rounds",), "suppression_notes": ("suppression",),
    "agreement": ("agreement", "representativeness"), "theme_agreement": ("theme_agreement",),
    "theme_group_agreement": ("theme_group_agreement",), "opinion_groups": ("opinion_groups",),
}
"""Which explanations in STATISTICS each table relies on."""


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[tuple[str, str], ...] = ()
    """(name, value) pairs, shown as a two-column table."""
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    columns: tuple[str, str] = ("Item", "Value")
    subsections: tuple["Section", ...] = field(default_factory=tuple)


def method_card_sections(method: Mapping[str, Any], *, tables: Iterable[str] = (),
                         notes: Sequence[str] = ()) -> list[Section]:
    """Sections: inputs, parameters, models, what was kept and dropped, cleaning, privacy
    (kinds redacted, phone formats, whether originals were kept), stability (when assessed),
    statistics used (for the `tables` present), limitations (including small-group
    `notes`), package versions."""
    tables = list(tables)
    sections = [_inputs(method), _parameters(method), _models(method), _ledger(method)]
    cleaning = _cleaning(method)
    if cleaning:
        sections.append(cleaning)
    votes = _votes(method)
    if votes:
        sections.append(votes)
    sections.append(_privacy(method))
    stability = _stability(method)
    if stability:
        sections.append(stability)
    statistics = _statistics(tables)
    if statistics:
        sections.append(statistics)
    sections.append(Section("Known limitations", bullets=tuple(limitations(method, notes))))
    versions = method.get("package_versions") or {}
    sections.append(Section("Software versions", rows=tuple(
        (str(k), str(v)) for k, v in versions.items()), columns=("Package", "Version")))
    return sections


def limitations(method: Mapping[str, Any], notes: Sequence[str] = ()) -> list[str]:
    """What a reader should keep in mind, worked out from the method dict."""
    found = []
    model = str(method.get("embedding_model", ""))
    languages = (method.get("cleaning") or {}).get("languages") or {}
    other = {k: int(v) for k, v in languages.items() if k not in ("en", "und") and int(v) > 0}
    total = sum(int(v) for v in languages.values()) or 1
    if other:
        listed = ", ".join(f"{language_name(k)} ({v})" for k, v in
                           sorted(other.items(), key=lambda kv: -kv[1]))
        share = sum(other.values()) / total
        if model.startswith("tfidf"):
            found.append(f"{share:.0%} of comments are not in English: {listed}. The TF-IDF "
                         "model matches words, so comments on the same subject in different "
                         "languages are not grouped together.")
        elif not any(hint in model.lower() for hint in MULTILINGUAL_HINTS):
            found.append(f"{share:.0%} of comments are not in English: {listed}. The embedding "
                         f"model {model} was trained on English text, so these comments may be "
                         "placed less accurately; read their themes with care or translate "
                         "them first.")
    found.extend(str(note) for note in notes)
    comments = method.get("comments") or {}
    answered = int(comments.get("answered", 0) or 0)
    unassigned = int(comments.get("unassigned", 0) or 0)
    if unassigned:
        share = unassigned / max(answered, 1)
        found.append(f"{unassigned} of {answered} answered comments ({share:.0%}) did not fit "
                     "any theme closely enough and are shown as ‘(unassigned)’.")
    distinct = int((method.get("theme_model") or {}).get("distinct_texts", 0) or 0)
    if 0 < distinct < 100:
        found.append(f"Only {distinct} distinct comments: themes from so few texts can change "
                     "noticeably with another seed or a few more comments.")
    config = method.get("config") or {}
    if config.get("campaign_counting") == "once":
        found.append("Copies of a form-letter campaign count as one comment in the statistics; "
                     "the number of copies is reported with the campaign.")
    stability = method.get("stability")
    if isinstance(stability, Mapping) and stability.get("unstable_themes"):
        found.append(f"Themes that changed between reruns with other seeds: "
                     f"{', '.join(map(str, stability['unstable_themes']))}.")
    found.append("Theme labels are written by the software from the comments' own words; "
                 "read the quoted comments before relying on a label.")
    found.append("The analysis describes the people who commented, not everyone affected; "
                 "weighting cannot add views nobody sent.")
    return found


def method_card_markdown(method: Mapping[str, Any], *, tables: Iterable[str] = (),
                         notes: Sequence[str] = (), heading_level: int = 2) -> str:
    """The method card as Markdown (headings from `heading_level`)."""
    lines = []
    for section in method_card_sections(method, tables=tables, notes=notes):
        lines.extend(_markdown_section(section, heading_level))
    return "\n".join(lines).strip() + "\n"


def method_card_html(method: Mapping[str, Any], *, tables: Iterable[str] = (),
                     notes: Sequence[str] = (), heading_level: int = 3) -> str:
    """The method card as an HTML fragment; every value is escaped."""
    parts = []
    for section in method_card_sections(method, tables=tables, notes=notes):
        parts.append(_html_section(section, heading_level))
    return "\n".join(parts)


# -- the sections ---------------------------------------------------------------------------

def _inputs(method: Mapping[str, Any]) -> Section:
    rows = []
    for item in method.get("inputs") or []:
        name = str(item.get("file", ""))
        if item.get("sheet"):
            name += f" (sheet {item['sheet']})"
        rows.append((name, f"{_int(item.get('rows_read'))} rows; SHA-256 {item.get('sha256', '')}"))
    columns = method.get("columns") or {}
    paragraphs = []
    if columns:
        described = [f"text: {', '.join(columns.get('text') or []) or '–'}",
                     f"groups: {', '.join(columns.get('groups') or []) or 'none'}",
                     *([f"derived groups: {', '.join(columns['derived_groups'])} (each "
                        "comment's detected language, added because the comments were "
                        "written in more than one)"] if columns.get("derived_groups") else []),
                     f"id: {columns.get('id') or 'none'}",
                     f"round: {columns.get('round') or 'none'}"]
        paragraphs.append("Columns used — " + "; ".join(described) + ".")
    paragraphs.append("The SHA-256 fingerprint changes if a single character of the file "
                      "changes: compare it to check that a report comes from the same data.")
    return Section("Inputs", rows=tuple(rows), paragraphs=tuple(paragraphs),
                   columns=("File", "Rows and fingerprint"))


def _parameters(method: Mapping[str, Any]) -> Section:
    config = dict(method.get("config") or {})
    rows = [("seed", str(method.get("seed", config.get("seed", ""))))]
    rows += [(key, _value(value)) for key, value in _flatten(config) if key != "seed"]
    return Section("Parameters", rows=tuple(rows), columns=("Setting", "Value"), paragraphs=(
        "Running the same version on the same files with these settings gives the same "
        "themes.",))


def _models(method: Mapping[str, Any]) -> Section:
    rows = [("embedding model", str(method.get("embedding_model", "")))]
    choice = method.get("embedder_choice")
    choice = choice if isinstance(choice, Mapping) else {}
    if choice.get("reason"):
        rows.append(("embedder chosen", f"{choice.get('chosen', '')}: {choice['reason']}"))
    plan = choice.get("languages")
    plan = plan if isinstance(plan, Mapping) else {}
    if isinstance(plan.get("placed_by_language"), Mapping) and plan["placed_by_language"]:
        placed = ", ".join(f"{language_name(k)} {v}"
                           for k, v in plan["placed_by_language"].items())
        rows.append(("other languages", f"placed among {plan.get('main_language', '')} "
                     f"comments by {plan.get('mapping', '')}: {placed}"))
    rows += [(key.replace("_", " "), _value(value))
             for key, value in _flatten(method.get("theme_model") or {})]
    return Section("Models", rows=tuple(rows), columns=("Part", "What was used"))


def _ledger(method: Mapping[str, Any]) -> Section:
    ledger = method.get("ledger") or {}
    comments = method.get("comments") or {}
    rows = [("rows read", _int(ledger.get("rows_read"))), ("kept", _int(ledger.get("kept"))),
            ("dropped", _int(ledger.get("dropped")))]
    rows += [(f"dropped: {reason}", _int(n))
             for reason, n in (ledger.get("dropped_by_reason") or {}).items()]
    rows += [(f"rows read from {source}", _int(n))
             for source, n in (ledger.get("rows_read_by_source") or {}).items()]
    rows += [(f"comments {key.replace('_', ' ')}", _int(n)) for key, n in comments.items()]
    return Section("What was kept and dropped", rows=tuple(rows), columns=("Count", "Rows"),
                   paragraphs=("Every input row is accounted for in ledger.csv: kept, or "
                               "dropped with a reason.",))


def _cleaning(method: Mapping[str, Any]) -> Section | None:
    cleaning = method.get("cleaning")
    if not cleaning:
        return None
    rows = []
    for key, value in cleaning.items():
        if key == "campaigns":
            rows.append(("campaigns found", str(len(value or []))))
        elif isinstance(value, Mapping):
            listed = ", ".join(f"{k}: {v}" for k, v in value.items()) or "none"
            rows.append((key.replace("_", " "), listed))
        else:
            rows.append((key.replace("_", " "), _value(value)))
    return Section("Cleaning", rows=tuple(rows), columns=("Step", "Result"))


def originals_line(method: Mapping[str, Any]) -> str:
    """One sentence: whether the saved analysis keeps what people wrote before redaction."""
    privacy = method.get("privacy")
    kept = privacy.get("originals_kept") if isinstance(privacy, Mapping) else None
    if kept is True:
        return ("Original text kept: the saved project also holds every comment as written, "
                "unredacted; only people allowed to read the raw feedback should open it.")
    if kept is False:
        return ("Original text not kept: the saved project holds redacted comments only; "
                "outputs and reports never hold the originals.")
    return ("Whether the original text was kept is not recorded: this analysis was made by an "
            "earlier version, whose saved projects held every comment unredacted as well.")


def _privacy(method: Mapping[str, Any]) -> Section:
    privacy = method.get("privacy")
    privacy = privacy if isinstance(privacy, Mapping) else {}
    rows = []
    if privacy.get("redacted_kinds"):
        rows.append(("kinds redacted", ", ".join(
            f"{str(kind).lower().replace('_', ' ')} [{kind}]"
            for kind in privacy["redacted_kinds"])))
    if privacy.get("phone_regions"):
        rows.append(("phone formats read", f"{_value(privacy['phone_regions'])}, and any "
                     "number written with + and a country code"))
    return Section("Privacy", rows=tuple(rows), columns=("What", "How"),
                   paragraphs=(originals_line(method),))


def _stability(method: Mapping[str, Any]) -> Section | None:
    stability = method.get("stability")
    if not isinstance(stability, Mapping):
        return None
    rows = [("method", _value(stability.get("method"))),
            ("seeds", _value(stability.get("seeds"))),
            ("subsample", _value(stability.get("subsample"))),
            ("unstable below", _value(stability.get("threshold"))),
            ("agreement between reruns (ARI)", _value(stability.get("ari_between_runs"))),
            ("agreement with these themes (ARI)", _value(stability.get("ari_with_fit")))]
    for theme in stability.get("themes") or []:
        flag = " — unstable" if theme.get("unstable") else ""
        rows.append((f"theme: {theme.get('label')}", f"{_value(theme.get('stability'))}{flag}"))
    return Section("Stability", rows=tuple(rows), columns=("Measure", "Value"), paragraphs=(
        "Each theme's stability is how closely it comes back when the analysis is rerun with "
        "other seeds on random subsamples (1 = always the same comments).",))


def _votes(method: Mapping[str, Any]) -> Section | None:
    """The vote file joined with the themes (`analyze --votes`), when there is one."""
    votes = method.get("votes")
    if not isinstance(votes, Mapping):
        return None
    groups = votes.get("opinion_groups") or {}
    rows = [("vote file", f"{votes.get('file')} ({votes.get('form')} form)"),
            ("votes", _value(votes.get("votes"))),
            ("participants", _value(votes.get("participants"))),
            ("comments voted on", f"{_value(votes.get('comments'))}, of which "
                                  f"{_value(votes.get('comments_analysed'))} analysed"),
            ("opinion groups", f"{', '.join(map(str, groups.get('groups') or []))} "
                               f"({groups.get('method')})"),
            ("participants in a group", _value(groups.get("participants_grouped")))]
    if votes.get("author_column"):
        rows.append(("comment authors", f"column '{votes['author_column']}': each comment "
                                        "takes its author's opinion group"))
    return Section("Votes", rows=tuple(rows), paragraphs=(
        "Agreement comes from the votes, attention from the comments' themes. "
        + str(votes.get("consensus", "")) + ".",))


def _statistics(tables: Sequence[str]) -> Section | None:
    try:
        from analyzer.themes.statistics import STATISTICS
    except ImportError:  # the explanations are optional for the card
        return None
    keys = list(dict.fromkeys(k for t in tables for k in TABLE_STATISTICS.get(t, ())))
    subsections = []
    for key in keys:
        stat = STATISTICS.get(key)
        if stat is None:
            continue
        paragraphs = [f"How: {stat.formula}", f"Why: {stat.why}",
                      f"How to read it: {stat.how_to_read}"]
        if getattr(stat, "reference", ""):
            paragraphs.append(f"Source: {stat.reference}")
        subsections.append(Section(stat.name, paragraphs=tuple(paragraphs)))
    if not subsections:
        return None
    return Section("Statistics used", subsections=tuple(subsections))


# -- rendering ------------------------------------------------------------------------------

def _markdown_section(section: Section, level: int) -> list[str]:
    esc = escape_markdown
    lines = [f"{'#' * level} {esc(section.title)}", ""]
    if section.rows:
        lines += [f"| {esc(section.columns[0])} | {esc(section.columns[1])} |", "|---|---|"]
        lines += [f"| {esc(name)} | {esc(value)} |" for name, value in section.rows]
        lines.append("")
    lines += [p for paragraph in section.paragraphs for p in (esc(paragraph), "")]
    if section.bullets:
        lines += [f"- {esc(bullet)}" for bullet in section.bullets] + [""]
    for sub in section.subsections:
        lines.extend(_markdown_section(sub, level + 1))
    return lines


def _html_section(section: Section, level: int) -> str:
    esc = html.escape
    tag = f"h{min(level, 6)}"
    parts = [f"<{tag}>{esc(section.title)}</{tag}>"]
    if section.rows:
        parts.append(f'<table class="method"><caption>{esc(section.title)}</caption>'
                     f'<thead><tr><th scope="col">{esc(section.columns[0])}</th>'
                     f'<th scope="col">{esc(section.columns[1])}</th></tr></thead><tbody>')
        parts += [f'<tr><th scope="row">{esc(name)}</th><td>{esc(value)}</td></tr>'
                  for name, value in section.rows]
        parts.append("</tbody></table>")
    parts += [f"<p>{esc(paragraph)}</p>" for paragraph in section.paragraphs]
    if section.bullets:
        parts.append("<ul>" + "".join(f"<li>{esc(b)}</li>" for b in section.bullets) + "</ul>")
    parts += [_html_section(sub, level + 1) for sub in section.subsections]
    return "\n".join(parts)


def _flatten(mapping: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items = []
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            items.extend(_flatten(value, name + "."))
        else:
            items.append((name, value))
    return items


def _value(value: Any) -> str:
    if value is None:
        return "not set"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def _int(value: Any) -> str:
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return "–"


__all__ = ["Section", "limitations", "method_card_html", "method_card_markdown",
           "method_card_sections", "originals_line"]
