"""The findings every report format tells, computed once from a `ReportData`.

HTML, XLSX and PPTX differ in layout only: what counts as the top themes, each group's
distinctive theme or a change between rounds is decided here, with plain-language wording
and number formatting shared by all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analyzer.pipelines.compare import wilson_interval
from analyzer.reports import charts
from analyzer.reports.data import ReportData
from analyzer.reports.numbers import interval, number_or_none, pct
from analyzer.themes.languages import languages_line

Z_CLEAR = 1.96
"""|z| above this is called a clear difference (5 % level, one look); see STATISTICS."""
CHANGE_TRENDS = ("new", "gone", "growing", "shrinking")
MAX_CHART_THEMES = 12
MAX_ROUND_LINES = 8


def num(value: Any, digits: int = 0) -> str:
    """12 -> '12', 3.5 -> '3.5' (whole numbers without decimals); missing -> '–'."""
    number = number_or_none(value)
    if number is None:
        return "–"
    if digits == 0 and abs(number - round(number)) > 1e-9:
        return f"{number:,.1f}"
    return f"{number:,.{digits}f}"


@dataclass(frozen=True)
class Distinctive:
    group: str
    theme_id: int
    label: str
    log_odds: float
    z: float
    share_in_group: float
    share_elsewhere: float

    @property
    def clear(self) -> bool:
        return self.z >= Z_CLEAR

    def sentence(self) -> str:
        strength = "clearly more" if self.clear else "somewhat more (may be chance)"
        return (f"{self.group} raised “{self.label}” {strength} than other groups: "
                f"{pct(self.share_in_group)} of their themed comments against "
                f"{pct(self.share_elsewhere)} elsewhere (z = {self.z:.1f}).")


def top_themes(data: ReportData, limit: int | None = None) -> list[dict]:
    """Real themes, largest first: label, size, share, keywords, quotes, and stability
    (NaN when not assessed) with an `unstable` flag. When the comments were written in more
    than one language, `languages` says how many of each theme's comments are in each
    ("English 120, Spanish 8") and `quote_languages` names each quote's language; both are
    empty otherwise."""
    stability = data.stability
    multilingual = data.is_multilingual
    languages = data.theme_languages if multilingual else None
    rows = [{"theme_id": t.theme_id, "label": t.label, "size": t.size, "share": t.share,
             "keywords": t.keywords, "quotes": t.representative_quotes,
             "languages": languages_line(languages, t.theme_id) if multilingual else "",
             "quote_languages": data.quote_languages(t) if multilingual else (),
             "stability": stability.get(t.theme_id, (np.nan, False))[0],
             "unstable": stability.get(t.theme_id, (np.nan, False))[1]}
            for t in data.real_themes]
    return rows[:limit] if limit else rows


def chart_label(theme: dict) -> str:
    """A theme's label for charts and slides, marked when the theme is unstable."""
    return f"{theme['label']} (unstable)" if theme.get("unstable") else theme["label"]


def unstable_sentence(data: ReportData) -> str | None:
    unstable = [t for t in top_themes(data) if t["unstable"]]
    if not unstable:
        return None
    listed = "; ".join(f"“{t['label']}” ({t['stability']:.2f})" for t in unstable)
    return (f"Unstable themes (they did not come back reliably when the analysis was rerun "
            f"with other seeds; stability below 0.5): {listed}. Treat them as tentative.")


def common_ground(data: ReportData, limit: int | None = None) -> pd.DataFrame:
    table = data.table("common_ground")
    if table.empty:
        return table
    table = data.with_labels(table).sort_values("rank", kind="stable")
    return table.head(limit) if limit else table


def distinctive_by_group(data: ReportData) -> list[Distinctive]:
    """For each group, the theme it raises most above the other groups (positive log-odds),
    in natural group order; groups with no positive difference are left out."""
    table = data.table("distinctive")
    if table.empty:
        return []
    found = []
    for group, rows in table.groupby("group", sort=False):
        rows = rows[rows["log_odds"] > 0].sort_values(["z", "log_odds"], ascending=False,
                                                     kind="stable")
        if rows.empty:
            continue
        best = rows.iloc[0]
        found.append(Distinctive(
            group=str(group), theme_id=int(best["theme_id"]), label=data.label(best["theme_id"]),
            log_odds=float(best["log_odds"]), z=float(best["z"]),
            share_in_group=float(best.get("themed_share_in_group", np.nan)),
            share_elsewhere=float(best.get("themed_share_elsewhere", np.nan))))
    return found


def group_quote(data: ReportData, group: str, theme_id: int, limit: int = 220) -> str | None:
    """A redacted comment from `group` on the theme: one of the theme's representatives if
    the group wrote one, else the group's first comment on it with at least 8 words."""
    column = data.group_columns[0] if data.group_columns else None
    frame = data.assignments
    if column is None or column not in frame.columns:
        return None
    mine = frame[(frame[column].astype(str) == group) & (frame["theme_id"] == theme_id)]
    if mine.empty:
        return None
    theme = next((t for t in data.themes if t.theme_id == theme_id), None)
    representatives = set(theme.representative_comment_ids) if theme else set()
    picked = mine[mine["comment_id"].isin(representatives)]
    if picked.empty:
        wordy = mine[mine["text_redacted"].str.split().str.len() >= 8]
        picked = wordy if not wordy.empty else mine
    text = str(picked["text_redacted"].iloc[0])
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def hidden(data: ReportData) -> pd.DataFrame:
    table = data.table("hidden")
    return table if table.empty else data.with_labels(table).sort_values("rank", kind="stable")


def flagged_groups(data: ReportData) -> list[str]:
    table = data.table("representation")
    if table.empty or "flagged" not in table.columns:
        return []
    flagged = table["flagged"].astype(str).str.lower().isin(["true", "1", "yes"])
    return [str(g) for g in table.loc[flagged, "group"]]


def round_changes(data: ReportData) -> pd.DataFrame:
    """Real themes whose trend is new, gone, growing or shrinking, by round."""
    table = data.table("rounds")
    if table.empty:
        return table
    changes = table[(table["theme_id"] >= 0) & table["trend"].isin(CHANGE_TRENDS)]
    return data.with_labels(changes).sort_values(["round_index", "theme_id"], kind="stable")


def round_names(data: ReportData) -> list[str]:
    table = data.table("rounds")
    if table.empty:
        return []
    order = table.drop_duplicates("round").sort_values("round_index", kind="stable")
    return [str(r) for r in order["round"]]


def summary_sentences(data: ReportData) -> list[str]:
    """The few sentences a busy reader needs, each with its numbers."""
    counts = data.counts
    dropped = (f"{num(counts['dropped'])} dropped (the method section says why)"
               if counts["dropped"] else "none dropped")
    sentences = [
        f"{num(counts['rows_read'])} rows were read; {num(counts['kept'])} comments were kept "
        f"and {dropped}.",
        f"{num(counts['themes'])} themes were found in {num(counts['answered'])} answered "
        f"comments; {num(counts['unassigned'])} did not fit any theme and "
        f"{num(counts['non_answers'])} were non-answers such as ‘n/a’."]
    themes = top_themes(data, 3)
    if themes:
        listed = "; ".join(f"“{t['label']}” ({pct(t['share'])})" for t in themes)
        sentences.append(f"The largest themes: {listed}.")
    ground = common_ground(data, 1)
    if not ground.empty:
        row = ground.iloc[0]
        sentences.append(
            f"Most common ground: “{row['label']}”, raised by every group "
            f"(at least {pct(row.get('min_group_share'))} of each group's comments).")
    for item in distinctive_by_group(data):
        if item.clear:
            sentences.append(item.sentence())
    unstable = unstable_sentence(data)
    if unstable:
        sentences.append(unstable)
    flagged = flagged_groups(data)
    if flagged:
        sentences.append(f"Under-represented compared with the benchmark: "
                         f"{', '.join(flagged)}.")
    if len(data.responses):
        counts_by_status = data.responses.status_counts()
        listed = ", ".join(f"{n} {status}" for status, n in counts_by_status.items() if n)
        sentences.append(f"Responses recorded for {len(data.responses)} themes: {listed}.")
    return sentences


# -- charts from the data -----------------------------------------------------------------

def theme_sizes_png(data: ReportData, *, dpi: int = 120, width: float = 8.0,
                    scale: float = 1.0, height: float | None = None,
                    limit: int = MAX_CHART_THEMES) -> bytes | None:
    """Bar chart of the `limit` largest themes."""
    themes = top_themes(data, limit)
    if not themes:
        return None
    return charts.theme_sizes_chart([chart_label(t) for t in themes],
                                    [t["size"] for t in themes], [t["share"] for t in themes],
                                    dpi=dpi, width=width, scale=scale, height=height)


def heat_map_frame(data: ReportData, limit: int = MAX_CHART_THEMES) -> pd.DataFrame:
    """share_of_group with the `limit` largest themes as rows and groups as columns."""
    table = data.table("groups")
    if table.empty:
        return table
    order = [t["theme_id"] for t in top_themes(data, limit)]
    groups = list(dict.fromkeys(table["group"].astype(str)))
    pivot = (table.assign(group=table["group"].astype(str))
             .pivot_table(index="theme_id", columns="group", values="share_of_group",
                          aggfunc="sum")
             .reindex(index=order, columns=groups))
    labels = {t["theme_id"]: chart_label(t) for t in top_themes(data)}
    pivot.index = [labels.get(i, data.label(i)) for i in pivot.index]
    return pivot


def heat_map_png(data: ReportData, *, dpi: int = 120, width: float | None = None,
                 scale: float = 1.0, height: float | None = None,
                 limit: int = MAX_CHART_THEMES) -> bytes | None:
    frame = heat_map_frame(data, limit)
    if frame.empty:
        return None
    return charts.heat_map_chart(frame.to_numpy(), list(frame.index), list(frame.columns),
                                 colourbar_label="Share of the group's comments", dpi=dpi,
                                 width=width, scale=scale, height=height)


def theme_share_frame(data: ReportData, limit: int | None = MAX_CHART_THEMES) -> pd.DataFrame:
    """The `limit` largest themes: label, size, share of answered comments and its 95 %
    Wilson interval (on the comments as counted, campaign copies included, as the share is).
    The interval is missing when the method record does not say how many were answered."""
    themes = top_themes(data, limit)
    answered = data.counts["answered"]
    sizes = np.array([t["size"] for t in themes], dtype=float)
    low, high = (wilson_interval(sizes, np.full(len(sizes), float(answered)))
                 if answered and len(sizes) else (np.full(len(sizes), np.nan),) * 2)
    return pd.DataFrame({"theme_id": [t["theme_id"] for t in themes],
                         "label": [chart_label(t) for t in themes], "size": sizes,
                         "share": [t["share"] for t in themes], "ci_low": low, "ci_high": high})


def theme_shares_png(data: ReportData, *, dpi: int = 120, width: float = 8.0,
                     scale: float = 1.0, height: float | None = None,
                     limit: int = MAX_CHART_THEMES) -> bytes | None:
    """Dots with intervals: each of the `limit` largest themes' share of answered comments."""
    frame = theme_share_frame(data, limit)
    if frame.empty:
        return None
    return charts.share_intervals_chart(frame["label"], frame["share"], frame["ci_low"],
                                        frame["ci_high"], xlabel="Share of answered comments",
                                        dpi=dpi, width=width, scale=scale, height=height)


def theme_shares_text(data: ReportData, limit: int = MAX_CHART_THEMES) -> str:
    """The numbers of `theme_shares_png`, as its text alternative."""
    return "; ".join(f"{r.label}: {interval(r.share, r.ci_low, r.ci_high)} of answered "
                     f"comments ({num(r.size)} comments)"
                     for r in theme_share_frame(data, limit).itertuples()) + "."


def group_breakdown(data: ReportData, theme_id: int) -> pd.DataFrame:
    """How much of each group's comments raised the theme: the theme's rows of the groups
    table (group, share_of_group, ci_low, ci_high, count and the rest) in that table's order,
    with each group's colour and marker added (its place in that order, as on the Groups
    page). Empty without groups; the interval is missing where the table has none."""
    table = data.table("groups")
    if table.empty:
        return table
    table = table.assign(**{c: np.nan for c in ("ci_low", "ci_high") if c not in table})
    groups = list(dict.fromkeys(table["group"].astype(str)))
    rows = table[table["theme_id"] == theme_id].assign(group=lambda f: f["group"].astype(str))
    rows = rows.set_index("group").reindex(groups).reset_index()
    place = np.arange(len(groups))
    return rows.assign(colour=[charts.GROUP_COLOURS[i % len(charts.GROUP_COLOURS)] for i in place],
                       marker=[charts.GROUP_MARKERS[i % len(charts.GROUP_MARKERS)] for i in place])


def group_breakdown_png(data: ReportData, theme_id: int, *, dpi: int = 120,
                        width: float = 8.0, scale: float = 1.0,
                        height: float | None = None) -> bytes | None:
    """Dots with intervals: the share of each group's comments that raised the theme."""
    frame = group_breakdown(data, theme_id)
    if frame.empty:
        return None
    return charts.share_intervals_chart(frame["group"], frame["share_of_group"], frame["ci_low"],
                                        frame["ci_high"], colours=frame["colour"],
                                        markers=frame["marker"],
                                        xlabel="Share of the group's comments", dpi=dpi,
                                        width=width, scale=scale, height=height)


def group_breakdown_text(data: ReportData, theme_id: int) -> str:
    """The numbers of `group_breakdown_png`, as its text alternative."""
    frame = group_breakdown(data, theme_id)
    return "; ".join(f"{r.group}: {interval(r.share_of_group, r.ci_low, r.ci_high)} of the "
                     f"group's comments" for r in frame.itertuples()) + "."


def rounds_png(data: ReportData, *, dpi: int = 120, width: float = 8.0,
               scale: float = 1.0, height: float | None = None,
               limit: int = MAX_ROUND_LINES) -> bytes | None:
    table = data.table("rounds")
    rounds = round_names(data)
    if table.empty or len(rounds) < 2:
        return None
    series = {}
    for theme in top_themes(data, limit):
        rows = table[table["theme_id"] == theme["theme_id"]]
        share = dict(zip(rows["round"].astype(str), rows["share"]))
        series[chart_label(theme)] = [float(share.get(r, np.nan)) for r in rounds]
    return charts.rounds_chart(rounds, series, dpi=dpi, width=width, scale=scale,
                               height=height)


__all__ = ["Distinctive", "chart_label", "common_ground", "distinctive_by_group", "flagged_groups",
           "group_breakdown", "group_breakdown_png", "group_breakdown_text", "group_quote",
           "heat_map_frame", "heat_map_png", "hidden", "interval", "num", "pct",
           "round_changes", "round_names", "rounds_png", "summary_sentences", "theme_share_frame",
           "theme_shares_png", "theme_shares_text", "theme_sizes_png", "top_themes",
           "unstable_sentence"]
