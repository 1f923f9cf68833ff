"""Opinion groups: the vote file's own, else computed from the votes the way Polis does.

A Polis export names each participant's group (`group-id`); a long vote file may have a group
column. Those are used as they are. Without them the groups are computed with red-dwarf
(a kept library that reproduces the Polis pipeline: PCA of the vote matrix with missing votes
filled by the comment's mean and projections scaled for sparse voters, then k-means with k
chosen by silhouette), with Polis's own settings around it:

- who is clustered: participants with at least min(7, number of comments) votes; when fewer
  than 15 qualify, the 15 who voted most (Polis's `in-conv`, conversation.clj);
- the largest k tried: min(5, 2 + n/12) for n clustered participants up to 100 (Polis's
  `max-k-fn` over its at most 100 base clusters);
- comments moderated out are zeroed before the PCA, as Polis does, when the comments say
  which they are.

Polis keeps state between updates (earlier cluster centres seed k-means; k only changes after
four updates agree), which a one-off computation cannot replay: computed groups agree with the
server's clustering only in part. `benchmarks/votes.py` measures how far (adjusted Rand index
per conversation; results in benchmarks/results/votes.md).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Sequence

import pandas as pd

from analyzer.errors import DataError
from analyzer.themes.votes import VoteTable, group_letter

MIN_VOTES = 7
"""Polis clusters a participant once they have voted on this many comments."""
GREEDY_PARTICIPANTS = 15
"""When fewer participants than this qualify, Polis clusters the ones who voted most."""
MAX_GROUPS = 5
BASE_CLUSTERS = 100
FROM_FILE = "from the vote file"
COMPUTED = "computed from the votes (red-dwarf, Polis's method)"


@dataclass(frozen=True)
class OpinionGroups:
    """Each grouped participant's opinion group, and how the groups were found.

    `labels` maps participant -> group name (Polis's letters A, B, ... for numbered groups);
    participants in no group are absent. `order` lists the groups in display order.
    """

    labels: pd.Series
    order: tuple[str, ...]
    method: str
    details: dict = field(default_factory=dict)

    def of(self, participants: Sequence[str]) -> pd.Series:
        """The group of each participant, NaN for those in no group."""
        return pd.Series(list(participants), dtype=object).map(self.labels)


def opinion_groups(votes: VoteTable, *, seed: int = 42,
                   moderated_out: Sequence[str] = ()) -> OpinionGroups:
    """The file's groups when it declares any; otherwise groups computed from the votes."""
    if votes.has_declared_groups:
        labels = pd.Series(votes.declared_groups, dtype=object)
        labels.index.name = "participant"
        order = tuple(sorted(pd.unique(labels), key=_group_order))
        return OpinionGroups(labels, order, FROM_FILE, {})
    return computed_groups(votes, seed=seed, moderated_out=moderated_out)


def _group_order(name: str) -> tuple:
    return (len(name), name)


def clustered_participants(votes: VoteTable) -> list[str]:
    """Polis's `in-conv`: who votes enough to be clustered (see the module docstring)."""
    counts = votes.votes_per_participant()
    threshold = min(MIN_VOTES, len(votes.comment_ids))
    chosen = [p for p, n in counts.items() if n >= threshold and n > 0]
    if len(chosen) < GREEDY_PARTICIPANTS:
        others = counts[(counts > 0) & ~counts.index.isin(chosen)]
        # Most votes first; ties in file order (a stable sort keeps it).
        others = others.sort_values(ascending=False, kind="stable")
        chosen += list(others.index[:GREEDY_PARTICIPANTS - len(chosen)])
    return chosen


def computed_groups(votes: VoteTable, *, seed: int = 42,
                    moderated_out: Sequence[str] = ()) -> OpinionGroups:
    """Opinion groups computed with red-dwarf's Polis pipeline (see the module docstring)."""
    included = clustered_participants(votes)
    if len(included) < 3:
        raise DataError(
            f"opinion groups cannot be computed from '{votes.source}': only {len(included)} "
            f"participant(s) voted on at least {min(MIN_VOTES, len(votes.comment_ids))} "
            "comments, and at least 3 are needed. Add a group-id column naming each "
            "participant's group, or collect more votes.")
    counts = votes.votes_per_participant()
    threshold = min(MIN_VOTES, len(votes.comment_ids))
    extra = [p for p in included if counts[p] < threshold]  # Polis's greedy 15
    max_groups = min(MAX_GROUPS, 2 + min(BASE_CLUSTERS, len(included)) // 12,
                     len(included) - 1)
    moderated = [c for c in moderated_out if c in set(votes.comment_ids)]
    ids = _run_red_dwarf(votes, moderated, threshold, extra, max_groups, seed)
    labels = ids.map(group_letter).astype(object)
    labels.index.name = "participant"
    order = tuple(group_letter(i) for i in sorted(ids.unique()))
    details = {"participants_clustered": len(labels),
               "min_votes": threshold, "max_groups_tried": max_groups,
               "moderated_out": len(moderated), "seed": seed}
    return OpinionGroups(labels, order, COMPUTED, details)


def _run_red_dwarf(votes: VoteTable, moderated: list[str], threshold: int, extra: list[str],
                   max_groups: int, seed: int) -> pd.Series:
    """participant -> red-dwarf's cluster number, for the participants it clustered."""
    # red-dwarf imports its pydantic models at import time, and pydantic warns about one of
    # their field settings; the warning says nothing about the votes, so it is kept out of
    # the user's console here rather than filtered for the whole process.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        from reddwarf.implementations.polis import run_pipeline

    # red-dwarf wants whole-number ids (it formats its statement picks with int()); the
    # positions of participants and comments in the file stand in for them.
    participant_code = {p: i for i, p in enumerate(votes.participants)}
    comment_code = {c: i for i, c in enumerate(votes.comment_ids)}
    table = votes.votes
    records = [{"participant_id": participant_code[p], "statement_id": comment_code[c],
                "vote": int(v)}
               for p, c, v in zip(table["participant"], table["comment_id"], table["vote"])]
    result = run_pipeline(votes=records,
                          mod_out_statement_ids=[comment_code[c] for c in moderated],
                          min_user_vote_threshold=threshold,
                          keep_participant_ids=[participant_code[p] for p in extra],
                          max_group_count=max_groups, random_state=seed)
    ids = result.participants_df["cluster_id"].dropna().astype(int)
    ids.index = [votes.participants[i] for i in ids.index]
    return ids


__all__ = ["COMPUTED", "FROM_FILE", "OpinionGroups", "clustered_participants",
           "computed_groups", "opinion_groups"]
