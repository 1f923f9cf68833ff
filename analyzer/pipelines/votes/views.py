"""What the dashboard and the reports show of the votes, computed here so both show the same.

`agreement_overview` puts attention and agreement side by side per theme: "raised by" (the
share of each opinion group's comments on the theme) next to "agreed by" (the share of the
group's votes on the theme's statements that agree), with the theme's count of statements of
broad agreement and of those that divide the groups. `statements` lists the statements with
the widest cross-group agreement, or those that divide the groups most, with their text.

Each takes the analysis's tables and method card (an `AnalysisResult`'s, or a report's read
back from an output folder) and a frame of comment_id and text_redacted.
"""

from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from analyzer.pipelines.votes.agreement import most_divisive, widest_agreement

WIDEST = "widest"
DIVISIVE = "divisive"


def has_votes(tables: Mapping[str, pd.DataFrame]) -> bool:
    frame = tables.get("theme_agreement")
    return frame is not None and "statements" in frame.columns


def opinion_group_order(method: Mapping[str, Any]) -> list[str]:
    groups = (method.get("votes") or {}).get("opinion_groups") or {}
    return [str(g) for g in groups.get("groups") or []]


def _count_with_interval(count: int, total: int, low: float, high: float) -> str:
    if not total:
        return "—"
    return f"{int(count)} of {int(total)} ({count / total:.0%}; {low:.0%}–{high:.0%})"


def agreement_overview(tables: Mapping[str, pd.DataFrame], method: Mapping[str, Any]
                       ) -> pd.DataFrame:
    """One row per theme with voted statements: theme_id, theme, statements, broad agreement
    and "divides groups" as "k of n (share; interval)", then per opinion group "raised by
    <g>" (share of the group's comments, blank when not known or the group is small) and
    "agreed by <g>" (agree share of the group's votes)."""
    by_group = tables["theme_group_agreement"]
    rows = []
    for theme in tables["theme_agreement"].itertuples(index=False):
        row = {"theme_id": int(theme.theme_id), "theme": str(theme.label),
               "statements": int(theme.statements),
               "broad agreement": _count_with_interval(
                   theme.broad_agreement, theme.statements, theme.broad_agreement_ci_low,
                   theme.broad_agreement_ci_high),
               "divides groups": _count_with_interval(
                   theme.divides_groups, theme.statements, theme.divides_groups_ci_low,
                   theme.divides_groups_ci_high)}
        part = by_group[by_group["theme_id"] == theme.theme_id]
        part = part.set_index(part["group"].astype(str))
        for group in opinion_group_order(method):
            if group in part.index:
                row[f"raised by {group}"] = part.loc[group, "raised_share"]
                row[f"agreed by {group}"] = part.loc[group, "agree_share"]
        rows.append(row)
    return pd.DataFrame(rows)


def statements(tables: Mapping[str, pd.DataFrame], method: Mapping[str, Any],
               texts: pd.DataFrame, which: str = WIDEST, n: int = 5) -> pd.DataFrame:
    """The `n` statements with the widest agreement across groups (`WIDEST`) or that divide
    the groups most (`DIVISIVE`): comment_id, theme, text (redacted, from `texts`),
    group-aware consensus and each opinion group's agree share ("A agree")."""
    agreement = tables["agreement"].assign(
        comment_id=lambda frame: frame["comment_id"].astype(str))
    picked = widest_agreement(agreement, n) if which == WIDEST else most_divisive(agreement, n)
    text = texts.assign(comment_id=texts["comment_id"].astype(str)).drop_duplicates(
        "comment_id").set_index("comment_id")["text_redacted"]
    frame = pd.DataFrame({"comment_id": picked["comment_id"],
                          "theme": picked["theme_label"].astype(str),
                          "text": picked["comment_id"].map(text).fillna(""),
                          "group-aware consensus": picked["group_aware_consensus"]})
    for group in opinion_group_order(method):
        seen = picked[[f"{group}_agree", f"{group}_disagree", f"{group}_pass"]].sum(axis=1)
        frame[f"{group} agree"] = (picked[f"{group}_agree"] / seen.where(seen > 0)).to_numpy()
    return frame.reset_index(drop=True)


def agreed_by_long(tables: Mapping[str, pd.DataFrame], labels: Mapping[int, str]
                   ) -> pd.DataFrame:
    """theme_group_agreement with theme labels, for a chart of agree share per theme and
    opinion group (and its text alternative)."""
    table = tables["theme_group_agreement"]
    return table.assign(theme=table["theme_id"].map(labels).fillna(""),
                        group=table["group"].astype(str))


__all__ = ["DIVISIVE", "WIDEST", "agreed_by_long", "agreement_overview", "has_votes",
           "opinion_group_order", "statements"]
