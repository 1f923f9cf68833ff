"""Agreement per comment and per theme, from votes and opinion groups, as Polis computes it.

Per comment and opinion group g, over the group's members who saw the comment: A agreed, D
disagreed, P passed, S = A + D + P. Polis smooths each share with one pseudo-vote either way
(its "dumb prior"): p_agree(g) = (A + 1) / (S + 2), p_disagree(g) = (D + 1) / (S + 2).

- group-aware consensus = the product over groups of p_agree(g) (Polis math,
  conversation.clj, `:group-aware-consensus`). High only when every group agrees; a group
  that has not seen the comment contributes 1/2.
- representativeness of the comment for g = p_agree(g) / p_agree(rest), where "rest" pools the
  members of every other group with the same smoothing, (A_rest + 1) / (S_rest + 2); the
  same for disagreement (Polis math, repness.clj, `add-comparitive-stats`: `:ra`, `:rd`).
  Above 1: the group agrees (disagrees) more than the others.

The per-group counts and these figures come from red-dwarf (`calculate_comment_statistics`,
its port of the two Clojure functions); on the five Polis server outputs shipped with
red-dwarf's tests, the counts equal the server's `group-votes` and the consensus its
`group-aware-consensus` to within 2e-16 (benchmarks/results/votes.md).

Two readings of the same smoothed shares give the theme-level counts (STATISTICS
"broad_agreement"): a comment has broad agreement when p_agree(g) > 1/2 in every group, that
is, more than half of each group's voters agreed (A > S/2); it divides the groups when more
than half of one group agreed and more than half of another disagreed.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from analyzer.pipelines.compare import wilson_interval
from analyzer.pipelines.votes.groups import OpinionGroups
from analyzer.themes.votes import VoteTable

COUNTS = ("agree", "disagree", "pass")


def comment_agreement(votes: VoteTable, groups: OpinionGroups) -> pd.DataFrame:
    """One row per comment of the vote file, in file order: comment_id; the totals over
    every participant (agree, disagree, pass, votes); per group `<g>_agree`, `<g>_disagree`,
    `<g>_pass`; group_votes (the votes of all group members); group_aware_consensus;
    typical_group_agreement (its k-th root for k groups, comparable across conversations
    with different numbers of groups); per group `<g>_repness_agree` and
    `<g>_repness_disagree`; broad_agreement, divides_groups and group_spread (largest minus
    smallest p_agree over the groups)."""
    frame = votes.totals().reset_index()
    order = list(groups.order)
    if not order:
        return frame
    members = groups.of(votes.participants)
    grouped = members.notna().to_numpy()
    matrix = votes.matrix().iloc[grouped]
    codes = members[grouped].map({g: i for i, g in enumerate(order)}).to_numpy(dtype=int)
    seen, agreed, p_agree, repness, consensus = _statistics(matrix, codes)
    disagreed = agreed[1]
    for i, group in enumerate(order):
        frame[f"{group}_agree"] = agreed[0, i]
        frame[f"{group}_disagree"] = disagreed[i]
        frame[f"{group}_pass"] = seen[i] - agreed[0, i] - disagreed[i]
    frame["group_votes"] = seen.sum(axis=0)
    frame["group_aware_consensus"] = consensus
    frame["typical_group_agreement"] = consensus ** (1.0 / len(order))
    for i, group in enumerate(order):
        frame[f"{group}_repness_agree"] = repness[0, i]
        frame[f"{group}_repness_disagree"] = repness[1, i]
    most_agree = p_agree[0] > 0.5
    most_disagree = p_agree[1] > 0.5
    frame["broad_agreement"] = most_agree.all(axis=0)
    frame["divides_groups"] = most_agree.any(axis=0) & most_disagree.any(axis=0)
    frame["group_spread"] = p_agree[0].max(axis=0) - p_agree[0].min(axis=0)
    return frame


def _statistics(matrix: pd.DataFrame, codes: np.ndarray):
    """(seen[g, c], counts[agree/disagree, g, c], p[agree/disagree, g, c],
    repness[agree/disagree, g, c], consensus[c]) from red-dwarf."""
    with warnings.catch_warnings():  # see groups._run_red_dwarf
        warnings.simplefilter("ignore", UserWarning)
        from reddwarf.utils.stats import calculate_comment_statistics

    seen, counts, p, repness, _, _, consensus = calculate_comment_statistics(
        vote_matrix=matrix, cluster_labels=codes)
    return seen, counts, p, repness, consensus[0]


def group_columns(groups: OpinionGroups) -> dict[str, list[str]]:
    """The per-group columns of `comment_agreement`, by kind."""
    return {kind: [f"{g}_{kind}" for g in groups.order]
            for kind in (*COUNTS, "repness_agree", "repness_disagree")}


def theme_agreement(agreement: pd.DataFrame, themes: pd.DataFrame, *,
                    confidence: float = 0.95) -> pd.DataFrame:
    """One row per theme with voted statements: theme_id, label, statements (its comments
    that members of the opinion groups voted on), votes, broad_agreement and divides_groups
    (how many statements), each as a share of the statements with a Wilson interval
    (`*_ci_low`, `*_ci_high`), mean_typical_group_agreement, and the statement with the widest
    agreement (highest consensus) and the one that divides the groups most (largest spread
    among those that divide them; empty when none does).

    `agreement` is `comment_agreement` with theme_id added; `themes` has theme_id and label.
    """
    voted = agreement[_voted_by_groups(agreement)]
    labels = dict(zip(themes["theme_id"], themes["label"]))
    rows = []
    for theme_id, part in voted.groupby("theme_id", sort=True):
        n = len(part)
        broad = int(part["broad_agreement"].sum())
        split = int(part["divides_groups"].sum())
        broad_low, broad_high = wilson_interval(broad, n, confidence=confidence)
        split_low, split_high = wilson_interval(split, n, confidence=confidence)
        divisive = part[part["divides_groups"]]
        rows.append({
            "theme_id": int(theme_id), "label": labels.get(theme_id, ""), "statements": n,
            "votes": int(part["votes"].sum()),
            "broad_agreement": broad, "broad_agreement_share": broad / n,
            "broad_agreement_ci_low": broad_low, "broad_agreement_ci_high": broad_high,
            "divides_groups": split, "divides_groups_share": split / n,
            "divides_groups_ci_low": split_low, "divides_groups_ci_high": split_high,
            "mean_typical_group_agreement": float(part["typical_group_agreement"].mean()),
            "widest_agreement_comment_id": _top(part, "group_aware_consensus"),
            "most_divisive_comment_id": _top(divisive, "group_spread"),
        })
    return pd.DataFrame(rows, columns=THEME_AGREEMENT_COLUMNS)


THEME_AGREEMENT_COLUMNS = [
    "theme_id", "label", "statements", "votes", "broad_agreement", "broad_agreement_share",
    "broad_agreement_ci_low", "broad_agreement_ci_high", "divides_groups",
    "divides_groups_share", "divides_groups_ci_low", "divides_groups_ci_high",
    "mean_typical_group_agreement", "widest_agreement_comment_id", "most_divisive_comment_id"]


def _voted_by_groups(agreement: pd.DataFrame) -> pd.Series:
    """Comments that at least one member of an opinion group voted on, with a theme."""
    return (agreement["group_votes"] > 0) & agreement["theme_id"].notna()


def _top(part: pd.DataFrame, column: str) -> str:
    if part.empty:
        return ""
    ranked = part.sort_values([column, "comment_id"], ascending=[False, True], kind="stable")
    return str(ranked["comment_id"].iloc[0])


def theme_group_agreement(agreement: pd.DataFrame, groups: OpinionGroups, *,
                          confidence: float = 0.95) -> pd.DataFrame:
    """"Agreed by": one row per (theme, opinion group): theme_id, group, statements, votes,
    agree, disagree, pass, agree_share = agree / votes over the theme's statements, with a
    Wilson interval.

    The interval treats every vote as independent, but a participant votes on many of a
    theme's statements, so it is narrower than the real uncertainty: read it as a floor.
    """
    voted = agreement[_voted_by_groups(agreement)]
    rows = []
    for theme_id, part in voted.groupby("theme_id", sort=True):
        for group in groups.order:
            agree, disagree, passed = (int(part[f"{group}_{kind}"].sum()) for kind in COUNTS)
            total = agree + disagree + passed
            low, high = wilson_interval(agree, total, confidence=confidence)
            seen = int((part[[f"{group}_{kind}" for kind in COUNTS]].sum(axis=1) > 0).sum())
            rows.append({"theme_id": int(theme_id), "group": group, "statements": seen,
                         "votes": total, "agree": agree, "disagree": disagree, "pass": passed,
                         "agree_share": agree / total if total else np.nan,
                         "agree_ci_low": low, "agree_ci_high": high})
    return pd.DataFrame(rows, columns=["theme_id", "group", "statements", "votes", "agree",
                                       "disagree", "pass", "agree_share", "agree_ci_low",
                                       "agree_ci_high"])


def widest_agreement(agreement: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The `n` statements with the highest group-aware consensus (voted on by the groups)."""
    voted = agreement[agreement["group_votes"] > 0]
    return voted.sort_values(["group_aware_consensus", "comment_id"], ascending=[False, True],
                             kind="stable").head(n)


def most_divisive(agreement: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The `n` statements that divide the groups, the widest spread between groups first."""
    split = agreement[agreement["divides_groups"]]
    return split.sort_values(["group_spread", "comment_id"], ascending=[False, True],
                             kind="stable").head(n)


__all__ = ["THEME_AGREEMENT_COLUMNS", "comment_agreement", "group_columns", "most_divisive",
           "theme_agreement", "theme_group_agreement", "widest_agreement"]
