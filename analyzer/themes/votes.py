"""Votes on comments, as deliberation tools export them, declared in one place.

Polis and tools like it let participants agree, disagree or pass on each other's comments.
A `VoteTable` holds the final vote of each participant on each comment they saw, the opinion
group a participant was given in the file (Polis's `group-id`), and the ledger of the file's
rows. Two file forms are read (by `analyzer.pipelines.votes.read_votes`):

- the Polis export `participants-votes.csv`: one row per participant, the columns of
  `POLIS_PARTICIPANT_COLUMNS`, then one column per comment id holding 1, -1, 0 or blank;
- a long form, one row per vote, with a participant, a comment and a vote column under any of
  the names in `LONG_FORM_COLUMNS`, and optionally a timestamp and a group column.

A vote cell is read through `VOTE_SPELLINGS`, ignoring case and surrounding spaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pandas as pd

from analyzer.themes.ledger import Ledger

AGREE = 1
DISAGREE = -1
PASS = 0

VOTE_SPELLINGS: Mapping[str, int] = MappingProxyType({
    "1": AGREE, "+1": AGREE, "1.0": AGREE, "agree": AGREE, "agreed": AGREE,
    "-1": DISAGREE, "-1.0": DISAGREE, "disagree": DISAGREE, "disagreed": DISAGREE,
    "0": PASS, "0.0": PASS, "pass": PASS, "passed": PASS, "skip": PASS, "unsure": PASS,
})
"""Every way of writing a vote that is accepted (lower case), and the vote it means."""

SPELLINGS_SHOWN = "1 or agree, -1 or disagree, 0 or pass"
"""The accepted spellings, as an error message lists them."""

POLIS_PARTICIPANT_COLUMNS = ("participant", "xid", "group-id", "n-comments", "n-votes",
                             "n-agree", "n-disagree")
"""The columns of Polis's participants-votes.csv before the comment columns (`xid`, an id from
the site embedding the conversation, in exports since about 2021). Only `participant` is
required; `group-id` (blank: not in any group) gives the opinion groups."""

POLIS_COUNT_COLUMNS = {"n-votes": "any", "n-agree": AGREE, "n-disagree": DISAGREE}
"""The count columns of a Polis export checked against the votes in the same row."""

LONG_FORM_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "participant": ("participant", "participant_id", "participant-id", "participant id",
                    "voter", "voter-id", "voter_id", "voter id", "pid"),
    "comment": ("comment_id", "comment-id", "comment id", "comment", "statement_id",
                "statement-id", "statement id", "statement", "tid"),
    "vote": ("vote",),
    "timestamp": ("timestamp", "modified", "time", "datetime"),
    "group": ("group", "group-id", "group_id", "opinion group", "opinion_group"),
})
"""Role -> accepted headers (matched ignoring case and surrounding spaces), first match wins.
participant, comment and vote are required; a timestamp decides which of a participant's
votes on a comment is the final one (else the later row); a group column names the
participant's opinion group."""

POLIS_AUTHOR_COLUMN = "author-id"
"""Polis comments.csv: the participant who wrote the comment."""
POLIS_MODERATION_COLUMN = "moderated"
"""Polis comments.csv: 1 accepted, 0 not yet moderated, -1 moderated out."""
MODERATED_OUT = "-1"

OPINION_GROUP_ATTRIBUTE = "Opinion group"
"""The group column a comment gets from its author's opinion group."""
NO_OPINION_GROUP = "No opinion group"
"""The opinion group of a comment whose author voted too little (or not at all) to be put in a
group; such comments are left out of comparisons by opinion group."""

POLIS_FORM = "polis"
LONG_FORM = "long"


@dataclass(frozen=True, eq=False)
class VoteTable:
    """The final votes of one file.

    `votes` has one row per (participant, comment) seen: participant and comment_id as text,
    vote as 1 / -1 / 0. `comment_ids` lists every comment the file names, voted on or not, in
    file order. `declared_groups` maps a participant to the opinion group the file gives
    (empty when the file gives none; participants the file leaves out of every group are
    absent). `participants` lists every participant of the file, in file order.
    `first_vote_times`, when the file has times, holds for each row of `votes` when the
    participant first voted on that comment (the file's unit, as a sortable number): Polis
    decides who is clustered as votes arrive, and replaying that needs the order.
    """

    votes: pd.DataFrame
    comment_ids: tuple[str, ...]
    participants: tuple[str, ...]
    source: str
    form: str
    ledger: Ledger
    declared_groups: Mapping[str, str] = field(default_factory=dict)
    first_vote_times: np.ndarray | None = None

    @property
    def has_declared_groups(self) -> bool:
        return bool(self.declared_groups)

    def matrix(self) -> pd.DataFrame:
        """participants x comments, 1 / -1 / 0 for votes and NaN for comments not seen."""
        matrix = self.votes.pivot(index="participant", columns="comment_id", values="vote")
        matrix = matrix.reindex(index=list(self.participants), columns=list(self.comment_ids))
        return matrix.astype(float)

    def votes_per_participant(self) -> pd.Series:
        counts = self.votes.groupby("participant", sort=False).size()
        return counts.reindex(list(self.participants), fill_value=0).astype(int)

    def totals(self) -> pd.DataFrame:
        """Per comment: agree, disagree, pass and votes over every participant."""
        votes = self.votes
        table = pd.DataFrame({
            "agree": (votes["vote"] == AGREE).groupby(votes["comment_id"]).sum(),
            "disagree": (votes["vote"] == DISAGREE).groupby(votes["comment_id"]).sum(),
            "pass": (votes["vote"] == PASS).groupby(votes["comment_id"]).sum(),
        })
        table = table.reindex(list(self.comment_ids), fill_value=0).astype(np.int64)
        table["votes"] = table.sum(axis=1)
        table.index.name = "comment_id"
        return table


def group_letter(number: int) -> str:
    """Polis names groups A, B, C... (group-id 0 is A); beyond Z, AA, AB..."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


__all__ = ["AGREE", "DISAGREE", "LONG_FORM", "LONG_FORM_COLUMNS", "MODERATED_OUT",
           "NO_OPINION_GROUP", "OPINION_GROUP_ATTRIBUTE", "PASS", "POLIS_AUTHOR_COLUMN",
           "POLIS_COUNT_COLUMNS", "POLIS_FORM", "POLIS_MODERATION_COLUMN",
           "POLIS_PARTICIPANT_COLUMNS", "SPELLINGS_SHOWN", "VOTE_SPELLINGS", "VoteTable",
           "group_letter"]
