"""Opinion groups: the vote file's own, else computed from the votes the way Polis does.

A Polis export names each participant's group (`group-id`); a long vote file may have a group
column. Those are used as they are. Without them the groups are computed with red-dwarf
(a kept library that reproduces the Polis pipeline: PCA of the vote matrix with missing votes
filled by the comment's mean and projections scaled for sparse voters, then k-means with k
chosen by silhouette), with Polis's own settings around it:

- who is clustered: participants with at least min(7, number of comments) votes; when fewer
  than 15 qualify, the 15 who voted most (Polis's `in-conv`, conversation.clj). The server
  applies the rule at every update and never takes anyone out, so when the file has vote
  times the rule is replayed vote by vote: someone who qualified while the conversation had
  only three comments stays in. On red-dwarf's five server fixtures this gives exactly the
  server's `in-conv` in four (the rule on the final votes alone: in one; the fifth, a
  conversation begun in 2018, keeps 31 more, likely from older rules); red-dwarf leaves this
  to its caller (its `keep_participant_ids`);
- the largest k tried: min(5, 2 + n/12) for n clustered participants up to 100 (Polis's
  `max-k-fn` over its at most 100 base clusters);
- comments moderated out are zeroed before the PCA, as Polis does, when the comments say
  which they are.

Polis keeps state between updates: the last group centres seed k-means, and k changes only
after four updates agree. A one-off computation cannot replay that, and the state decides
the groups: on the server fixtures, red-dwarf started from the server's own centres at the
server's k gives the server's groups exactly in four of five, while from a fresh start at the
same k it lands on another partition of about the same quality (adjusted Rand index 0.18 to
0.92). Neither more k-means restarts (in all five, 50 restarts find a partition of less
inertia than the server's) nor Polis's 100 base clusters (ARI 0.40 instead of 0.68 on the
fixture above 100 participants, clustering its in-conv) nor replaying 100 snapshots of the
votes with centres carried over (150-participant fixture: still k 2, ARI 0.20, six minutes)
brings the server's groups back, so none of them is done here. `group_count` and
`start_centers` pass the server's state on when it is known. `benchmarks/votes.py` measures
this (benchmarks/results/votes.md).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError, DataError
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
    `positions` (computed groups only): each clustered participant's place on the two axes
    of the vote PCA (columns x and y), where the groups were found.
    """

    labels: pd.Series
    order: tuple[str, ...]
    method: str
    details: dict = field(default_factory=dict)
    positions: pd.DataFrame | None = None

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
    """Polis's `in-conv`: who votes enough to be clustered (see the module docstring), in
    file order."""
    if votes.first_vote_times is not None and len(votes.votes):
        chosen = _in_conv_as_votes_arrived(votes)
        return [p for p in votes.participants if p in chosen]
    counts = votes.votes_per_participant()
    threshold = min(MIN_VOTES, len(votes.comment_ids))
    chosen = [p for p, n in counts.items() if n >= threshold and n > 0]
    if len(chosen) < GREEDY_PARTICIPANTS:
        others = counts[(counts > 0) & ~counts.index.isin(chosen)]
        # Most votes first; ties in file order (a stable sort keeps it).
        others = others.sort_values(ascending=False, kind="stable")
        chosen += list(others.index[:GREEDY_PARTICIPANTS - len(chosen)])
    return chosen


def _in_conv_as_votes_arrived(votes: VoteTable) -> set[str]:
    """The rule applied after every vote, keeping everyone it ever took in."""
    arrived = votes.votes.iloc[np.argsort(votes.first_vote_times, kind="stable")]
    voters = arrived["participant"].to_numpy()
    comments_so_far = (~arrived["comment_id"].duplicated()).cumsum().to_numpy()
    nth_vote = arrived.groupby("participant", sort=False).cumcount().to_numpy() + 1
    # A participant can only come to qualify with a vote of their own (the bar, min(7,
    # comments so far), only rises), so each vote is checked once.
    qualifies = nth_vote >= np.minimum(MIN_VOTES, comments_so_far)
    chosen: set[str] = set()
    counts: dict[str, int] = {}  # in order of first vote: the greedy fill's tie-break
    position = 0
    while position < len(voters) and len(chosen) < GREEDY_PARTICIPANTS:
        counts[voters[position]] = counts.get(voters[position], 0) + 1
        if qualifies[position]:
            chosen.add(voters[position])
        waiting = sorted((p for p in counts if p not in chosen), key=lambda p: -counts[p])
        chosen.update(waiting[:max(0, GREEDY_PARTICIPANTS - len(chosen))])
        position += 1
    chosen.update(voters[position:][qualifies[position:]])
    return chosen


def computed_groups(votes: VoteTable, *, seed: int = 42, moderated_out: Sequence[str] = (),
                    group_count: int | None = None,
                    start_centers: Sequence[Sequence[float]] | None = None) -> OpinionGroups:
    """Opinion groups computed with red-dwarf's Polis pipeline (see the module docstring).

    `group_count` fixes k instead of choosing it by silhouette; `start_centers` (one x, y
    pair per group, on the axes of `positions`) seeds k-means, as the server seeds it with
    its last centres.
    """
    if group_count is not None and (isinstance(group_count, bool)
                                    or not isinstance(group_count, int) or group_count < 2):
        raise ConfigError(f"group_count must be a whole number of at least 2 (or None to "
                          f"choose it from the votes), not {group_count!r}.")
    if start_centers is not None and np.asarray(start_centers, dtype=float).ndim != 2:
        raise ConfigError(f"start_centers must be a list of [x, y] pairs, not "
                          f"{start_centers!r}.")
    included = clustered_participants(votes)
    if len(included) < 3:
        raise DataError(
            f"opinion groups cannot be computed from '{votes.source}': only {len(included)} "
            f"participant(s) voted on at least {min(MIN_VOTES, len(votes.comment_ids))} "
            "comments, and at least 3 are needed. Add a group-id column naming each "
            "participant's group, or collect more votes.")
    if group_count is not None and group_count >= len(included):
        raise ConfigError(f"group_count {group_count} needs more than {group_count} "
                          f"clustered participants; {len(included)} voted enough.")
    counts = votes.votes_per_participant()
    threshold = min(MIN_VOTES, len(votes.comment_ids))
    extra = [p for p in included if counts[p] < threshold]  # kept by the rules above
    max_groups = min(MAX_GROUPS, 2 + min(BASE_CLUSTERS, len(included)) // 12,
                     len(included) - 1)
    moderated = [c for c in moderated_out if c in set(votes.comment_ids)]
    ids, positions = _run_red_dwarf(votes, moderated, threshold, extra, max_groups, seed,
                                    group_count, start_centers)
    labels = ids.map(group_letter).astype(object)
    labels.index.name = "participant"
    order = tuple(group_letter(i) for i in sorted(ids.unique()))
    details = {"participants_clustered": len(labels),
               "min_votes": threshold, "max_groups_tried": max_groups,
               "moderated_out": len(moderated), "seed": seed,
               "who_is_clustered": ("replayed in vote order" if votes.first_vote_times
                                    is not None else "from the final votes")}
    return OpinionGroups(labels, order, COMPUTED, details, positions)


def _run_red_dwarf(votes: VoteTable, moderated: list[str], threshold: int, extra: list[str],
                   max_groups: int, seed: int, group_count: int | None,
                   start_centers) -> tuple[pd.Series, pd.DataFrame]:
    """participant -> red-dwarf's cluster number, and the clustered participants' x, y."""
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
                          max_group_count=max_groups, force_group_count=group_count,
                          init_centers=(None if start_centers is None
                                        else np.asarray(start_centers, dtype=float).tolist()),
                          random_state=seed)
    clustered = result.participants_df[result.participants_df["to_cluster"]]
    ids = clustered["cluster_id"].astype(int)
    ids.index = [votes.participants[i] for i in ids.index]
    positions = pd.DataFrame(clustered[["x", "y"]].to_numpy(dtype=float), index=ids.index,
                             columns=["x", "y"])
    positions.index.name = "participant"
    return ids, positions


__all__ = ["COMPUTED", "FROM_FILE", "OpinionGroups", "clustered_participants",
           "computed_groups", "opinion_groups"]
