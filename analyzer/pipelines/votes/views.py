"""What the dashboard and the reports show of the votes, computed here so both show the same.

`agreement_overview` puts attention and agreement side by side per theme: "raised by" (the
share of each opinion group's comments on the theme) next to "agreed by" (the share of the
group's votes on the theme's statements that agree), with the theme's count of statements of
broad agreement and of those that divide the groups. `statements` lists the statements with
the widest cross-group agreement, or those that divide the groups most, with their text.
"""

from __future__ import annotations

import pandas as pd

from analyzer.pipelines.votes.agreement import most_divisive, widest_agreement
from analyzer.themes.result import AnalysisResult

WIDEST = "widest"
DIVISIVE = "divisive"


def has_votes(result: AnalysisResult) -> bool:
    return "agreement" in result.tables


def opinion_group_order(result: AnalysisResult) -> list[str]:
    groups = (result.method.get("votes") or {}).get("opinion_groups") or {}
    return [str(g) for g in groups.get("groups") or []]


def _count_with_interval(count: int, total: int, low: float, high: float) -> str:
    if not total:
        return "—"
    return f"{count} of {total} ({count / total:.0%}; {low:.0%}–{high:.0%})"


def agreement_overview(result: AnalysisResult) -> pd.DataFrame:
    """One row per theme with voted statements: theme, statements, broad agreement and
    "divides groups" as "k of n (share; interval)", then per opinion group "raised by <g>"
    (share of the group's comments, blank when not known or the group is small) and
    "agreed by <g>" (agree share of the group's votes)."""
    themes = result.tables["theme_agreement"]
    by_group = result.tables["theme_group_agreement"]
    rows = []
    for theme in themes.itertuples(index=False):
        row = {"theme_id": theme.theme_id, "theme": theme.label, "statements": theme.statements,
               "broad agreement": _count_with_interval(
                   theme.broad_agreement, theme.statements, theme.broad_agreement_ci_low,
                   theme.broad_agreement_ci_high),
               "divides groups": _count_with_interval(
                   theme.divides_groups, theme.statements, theme.divides_groups_ci_low,
                   theme.divides_groups_ci_high)}
        part = by_group[by_group["theme_id"] == theme.theme_id].set_index("group")
        for group in opinion_group_order(result):
            if group not in part.index:
                continue
            raised = part.loc[group, "raised_share"]
            row[f"raised by {group}"] = raised
            row[f"agreed by {group}"] = part.loc[group, "agree_share"]
        rows.append(row)
    return pd.DataFrame(rows)


def statements(result: AnalysisResult, which: str = WIDEST, n: int = 5) -> pd.DataFrame:
    """The `n` statements with the widest agreement across groups (`WIDEST`) or that divide
    the groups most (`DIVISIVE`): comment_id, theme, text (redacted), group-aware consensus
    and each opinion group's agree share ("A agree")."""
    agreement = result.tables["agreement"]
    picked = widest_agreement(agreement, n) if which == WIDEST else most_divisive(agreement, n)
    text = result.comments.drop_duplicates("comment_id").set_index("comment_id")["text_redacted"]
    frame = pd.DataFrame({"comment_id": picked["comment_id"].astype(str),
                          "theme": picked["theme_label"],
                          "text": picked["comment_id"].astype(str).map(text).fillna(""),
                          "group-aware consensus": picked["group_aware_consensus"]})
    for group in opinion_group_order(result):
        seen = picked[[f"{group}_agree", f"{group}_disagree", f"{group}_pass"]].sum(axis=1)
        frame[f"{group} agree"] = (picked[f"{group}_agree"] / seen.where(seen > 0)).to_numpy()
    return frame.reset_index(drop=True)


def agreed_by_long(result: AnalysisResult) -> pd.DataFrame:
    """theme_group_agreement with theme labels, for a chart of agree share per theme and
    opinion group (and its text alternative)."""
    labels = {t.theme_id: t.label for t in result.themes}
    table = result.tables["theme_group_agreement"]
    return table.assign(theme=table["theme_id"].map(labels).fillna(""))


__all__ = ["DIVISIVE", "WIDEST", "agreed_by_long", "agreement_overview", "has_votes",
           "opinion_group_order", "statements"]
