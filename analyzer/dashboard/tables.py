"""Tables as a person reads them: plain headers, percentages, intervals, whole counts.

The CLI contract names columns for programs (`share_of_group`, `ci_low`, `theme_id`); a
facilitator reading a table on a projector needs "Share of the group" and "12% (9–15%)".
`readable` turns one into the other for display only: the downloads beside every table
(`widgets.download_table`) keep the machine names and every digit.

Each column is described once, in `COLUMNS`; a column no entry knows (a group's name in a
per-group column, say) gets its underscores turned into spaces, so no code-style header can
reach the screen.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analyzer.reports.numbers import interval, pct

PERCENT, INTERVAL, COUNT, WEIGHTED, DECIMAL, TEXT, HIDDEN = (
    "percent", "interval", "count", "weighted", "decimal", "text", "hidden")
"""How a column is shown: a share as a percentage; a share with its interval columns folded
in; a count as a whole number; a weighted count (campaign copies share one vote) rounded,
with the header saying so; a statistic to two decimals; text as it is; an internal id or
helper column, left out unless the reader asks for ids."""

WEIGHTED_MARK = "(weighted)"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    interval: tuple[str, str] | None = None
    """For INTERVAL: the (low, high) columns, which are folded into this one."""


def _interval(header: str, low: str = "ci_low", high: str = "ci_high") -> Column:
    return Column(header, INTERVAL, (low, high))


COLUMNS: dict[str, Column] = {
    # themes and comments
    "theme_id": Column("Theme number", HIDDEN),
    "comment_id": Column("Comment id", HIDDEN),
    "respondent_id": Column("Respondent id", HIDDEN),
    "campaign_id": Column("Campaign id", HIDDEN),
    "representative_comment_ids": Column("Quoted comment ids", HIDDEN),
    "widest_agreement_comment_id": Column("Widest-agreement comment id", HIDDEN),
    "most_divisive_comment_id": Column("Most divisive comment id", HIDDEN),
    "round_index": Column("Round number", HIDDEN),
    "label": Column("Theme"),
    "theme": Column("Theme"),
    "theme_label": Column("Theme"),
    "size": Column("Comments", COUNT),
    "keywords": Column("Keywords"),
    "languages": Column("Languages"),
    "text": Column("Comment"),
    "text_redacted": Column("Comment (personal details hidden)"),
    # groups
    "group": Column("Group"),
    "count": Column("Comments", WEIGHTED),
    "comments": Column("Comments", WEIGHTED),
    "n_comments": Column("Comments, each copy counted", COUNT),
    "group_total": Column("Comments from the group", WEIGHTED),
    "group_comments": Column("Comments from the group, each copy counted", COUNT),
    "group_effective_n": Column("Effective comments from the group", WEIGHTED),
    "share_of_group": _interval("Share of the group"),
    "share": _interval("Share"),
    "ci_low": Column("Lower bound (95%)", PERCENT),
    "ci_high": Column("Upper bound (95%)", PERCENT),
    # common ground and distinctive themes
    "score": Column("Common-ground score", DECIMAL),
    "rank": Column("Rank", COUNT),
    "min_group_share": Column("Smallest group share", PERCENT),
    "max_group_share": Column("Largest group share", PERCENT),
    "least_group": Column("Group raising it least"),
    "evenness": Column("Evenness across groups", DECIMAL),
    "groups_raising": Column("Groups raising it", COUNT),
    "n_groups": Column("Groups", COUNT),
    "overall_share": Column("Share of all comments", PERCENT),
    "log_odds": Column("How much more often (log odds)", DECIMAL),
    "z": Column("Strength of the difference (z)", DECIMAL),
    "themed_share_in_group": Column("Share in this group", PERCENT),
    "themed_share_elsewhere": Column("Share in other groups", PERCENT),
    # voices: representation, prevalence, hidden themes
    "benchmark_share": Column("Share of the population", PERCENT),
    "ratio": Column("Heard ÷ population", DECIMAL),
    "weight": Column("Weight", DECIMAL),
    "flagged": Column("Under-heard"),
    "flag": Column("Note"),
    "weight_basis": Column("Weighted by"),
    "raw_share": Column("Share as heard", PERCENT),
    "equal_weight_share": Column("Share, each group equal", PERCENT),
    "raw_rank": Column("Rank as heard", COUNT),
    "equal_weight_rank": Column("Rank, each group equal", COUNT),
    "benchmark_rank": Column("Rank, weighted to the population", COUNT),
    "share_in_group": Column("Share in the group", PERCENT),
    "share_overall": Column("Share overall", PERCENT),
    "lift": Column("Times the overall share", DECIMAL),
    # rounds
    "round": Column("Round"),
    "round_total": Column("Comments in the round", WEIGHTED),
    "trend": Column("Trend"),
    "change": Column("Change (percentage points)", DECIMAL),
    # votes and agreement
    "statements": Column("Statements", COUNT),
    "votes": Column("Votes", COUNT),
    "agree": Column("Agree", COUNT),
    "disagree": Column("Disagree", COUNT),
    "pass": Column("Pass", COUNT),
    "agree_share": _interval("Agreed", "agree_ci_low", "agree_ci_high"),
    "agree_ci_low": Column("Agreed, lower bound", PERCENT),
    "agree_ci_high": Column("Agreed, upper bound", PERCENT),
    "broad_agreement": Column("Statements with broad agreement", COUNT),
    "broad_agreement_share": _interval("Share with broad agreement", "broad_agreement_ci_low",
                                       "broad_agreement_ci_high"),
    "broad_agreement_ci_low": Column("Broad agreement, lower bound", PERCENT),
    "broad_agreement_ci_high": Column("Broad agreement, upper bound", PERCENT),
    "divides_groups": Column("Statements that divide groups", COUNT),
    "divides_groups_share": _interval("Share that divides groups", "divides_groups_ci_low",
                                      "divides_groups_ci_high"),
    "divides_groups_ci_low": Column("Divides groups, lower bound", PERCENT),
    "divides_groups_ci_high": Column("Divides groups, upper bound", PERCENT),
    "mean_typical_group_agreement": Column("Typical group's agreement", PERCENT),
    "group_aware_consensus": Column("Agreement across groups (Polis)", DECIMAL),
    "raised_share": Column("Raised by", PERCENT),
    # transparency: responses and curation
    "status": Column("Status"),
    "response": Column("What we are doing"),
    "rationale": Column("Why"),
    "recorded_on": Column("Recorded on"),
    "updated_on": Column("Updated on"),
    "edit_id": Column("Change", COUNT),
    "kind": Column("Kind of change"),
    "who": Column("By"),
    "when": Column("When"),
    "what": Column("What changed"),
    "authored_comments": Column("Comments written", COUNT),
}
"""Every machine column the dashboard shows, with its plain header and how to show it."""

PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^(raised|agreed) by ", re.IGNORECASE), PERCENT),
    (re.compile(r" (agree|disagree|pass)$", re.IGNORECASE), PERCENT),
    (re.compile(r"^group-aware consensus$", re.IGNORECASE), DECIMAL),
)
"""Kinds of the columns named after an opinion group ("agreed by A", "B agree"), which no
fixed entry can know; their header is the name itself."""


def readable(frame: pd.DataFrame, *, show_ids: bool = False) -> pd.DataFrame:
    """`frame` for reading: plain headers, values formatted by their column's kind, interval
    columns folded into their share ("12% (9–15%)"), internal ids left out unless
    `show_ids`. Two columns that would share a header keep the first."""
    folded = {part for name in frame.columns
              for part in (_column(name).interval or ()) if part in frame.columns}
    shown: dict[str, pd.Series] = {}
    for name in frame.columns:
        column = _column(name)
        if name in folded or (column.kind == HIDDEN and not show_ids):
            continue
        header = column.header + (f" {WEIGHTED_MARK}" if column.kind == WEIGHTED else "")
        if header in shown:
            continue
        shown[header] = _formatted(frame, name, column)
    return pd.DataFrame(shown, index=frame.index).reset_index(drop=True)


def _column(name) -> Column:
    known = COLUMNS.get(str(name))
    if known is not None:
        return known
    text = str(name).replace("_", " ").strip()
    kind = next((kind for pattern, kind in PATTERNS if pattern.search(text)), TEXT)
    return Column(text[:1].upper() + text[1:], kind)


def _formatted(frame: pd.DataFrame, name: str, column: Column) -> pd.Series:
    values = frame[name]
    if column.kind == INTERVAL and column.interval and set(column.interval) <= set(frame):
        low, high = column.interval
        return pd.Series([interval(v, lo, hi) for v, lo, hi in
                          zip(values, frame[low], frame[high])], index=frame.index)
    if column.kind in (PERCENT, INTERVAL):
        return values.map(pct)
    if column.kind in (COUNT, WEIGHTED):
        return values.map(count_text)
    if column.kind == DECIMAL:
        return values.map(decimal_text)
    return values.map(text_of)


def text_of(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    return "" if _missing(value) else str(value)


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT \
        or (isinstance(value, float) and math.isnan(value))


def count_text(value) -> str:
    """A whole number; weighted counts (25.5833) are rounded to one (26), halves up."""
    if _missing(value):
        return ""
    return f"{math.floor(float(value) + 0.5):,}"


def decimal_text(value) -> str:
    if _missing(value) or isinstance(value, (bool, np.bool_)):
        return text_of(value)
    return f"{float(value):.2f}"
