"""Votes joined with an analysis: agreement beside attention, opinion groups as a group column.

The voted comments are the analysed comments themselves (Polis's comments.csv analysed with
`--id comment-id`), so the vote file's comment ids are the join key. `add_votes` returns the
analysis with

- the tables `agreement` (one row per voted comment, with its theme), `theme_agreement`,
  `theme_group_agreement` ("agreed by", and "raised by" when authorship is known) and
  `opinion_groups` (participant, group), written by `analyze` as CSV files of those names;
- when the comments name their author (Polis's `author-id`), the group column
  "Opinion group": each comment gets its author's opinion group, so common ground,
  distinctive themes and Voices can compare opinion groups like any other groups; it becomes
  the main group column when the analysis has none;
- the vote file's rows in the ledger, and a `votes` section in the method card.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from analyzer.errors import ColumnNotFoundError, DataError
from analyzer.pipelines import compare
from analyzer.pipelines.groups import group_statistics
from analyzer.pipelines.ingest import DEFAULT_LIMITS, InputSpec, ReadLimits, read_table
from analyzer.pipelines.votes.agreement import (
    comment_agreement,
    theme_agreement,
    theme_group_agreement,
)
from analyzer.pipelines.votes.groups import OpinionGroups, opinion_groups
from analyzer.themes.ledger import Ledger
from analyzer.themes.result import AnalysisResult
from analyzer.themes.theme import NON_ANSWER_ID, NON_ANSWER_LABEL, UNASSIGNED_ID
from analyzer.themes.votes import (
    MODERATED_OUT,
    NO_OPINION_GROUP,
    OPINION_GROUP_ATTRIBUTE,
    POLIS_AUTHOR_COLUMN,
    POLIS_MODERATION_COLUMN,
    VoteTable,
)

NOT_ANALYSED = "(not among the analysed comments)"
VOTE_TABLES = ("agreement", "theme_agreement", "theme_group_agreement", "opinion_groups")


@dataclass(frozen=True)
class CommentFacts:
    """What the comment files say about each comment beyond its text: `frame` has
    comment_id, author (or empty) and moderated (True when moderated out)."""

    frame: pd.DataFrame
    author_column: str | None = None

    @property
    def has_authors(self) -> bool:
        return self.author_column is not None

    def moderated_out(self) -> list[str]:
        return self.frame.loc[self.frame["moderated"], "comment_id"].tolist()


def read_comment_facts(specs: Sequence[InputSpec | str | Path], *, id_column: str,
                       author_column: str | None = None,
                       limits: ReadLimits = DEFAULT_LIMITS) -> CommentFacts:
    """Authors and moderation of the comments, from the comment files' own columns.

    `author_column` names the column holding each comment's author (a participant of the vote
    file); without it Polis's `author-id` is used where a file has one. Polis's `moderated`
    column (-1: moderated out) is read where present.
    """
    frames, used_author = [], None
    for spec in specs:
        table = read_table(InputSpec.coerce(spec), limits=limits)
        headers = {c.strip().lower(): c for c in reversed(table.columns)}
        id_header = headers.get(id_column.strip().lower())
        if id_header is None:
            continue
        author = headers.get((author_column or POLIS_AUTHOR_COLUMN).strip().lower())
        moderated = headers.get(POLIS_MODERATION_COLUMN)
        frame = table.frame
        frames.append(pd.DataFrame({
            "comment_id": frame[id_header].str.strip(),
            "author": frame[author].str.strip() if author else "",
            "moderated": (frame[moderated].str.strip() == MODERATED_OUT) if moderated
            else False}))
        used_author = used_author or (author and (author_column or POLIS_AUTHOR_COLUMN))
    if author_column and not used_author:
        raise ColumnNotFoundError(
            f"no comment file has the author column '{author_column}' (beside the id column "
            f"'{id_column}'); name the column holding the participant who wrote each comment.",
            column=author_column)
    facts = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        {"comment_id": pd.Series(dtype=str), "author": pd.Series(dtype=str),
         "moderated": pd.Series(dtype=bool)})
    return CommentFacts(facts.drop_duplicates("comment_id"), used_author)


def add_votes(result: AnalysisResult, votes: VoteTable, *, comments: CommentFacts | None = None,
              confidence: float = 0.95) -> AnalysisResult:
    """`result` with the votes joined in (see the module docstring)."""
    if "votes" in result.method:
        raise DataError(f"this analysis already has the votes of "
                        f"'{result.method['votes'].get('file')}'; add votes to an analysis "
                        "that has none (run it again without them).")
    theme_of = _theme_of_comment(result, votes)
    moderated = comments.moderated_out() if comments is not None else []
    groups = opinion_groups(votes, seed=result.config.seed, moderated_out=moderated)
    agreement = comment_agreement(votes, groups)
    agreement.insert(1, "theme_id", agreement["comment_id"].map(theme_of).astype("Int64"))
    labels = {NON_ANSWER_ID: NON_ANSWER_LABEL, **{t.theme_id: t.label for t in result.themes}}
    agreement.insert(2, "theme_label", agreement["theme_id"].map(
        lambda t: labels.get(t, "") if pd.notna(t) else NOT_ANALYSED).astype(object))
    themes_frame = pd.DataFrame({"theme_id": list(labels), "label": list(labels.values())})

    updated = result
    if comments is not None and comments.has_authors:
        updated = _with_opinion_group_column(result, comments, groups)
    tables = dict(updated.tables)
    tables["agreement"] = agreement
    tables["theme_agreement"] = theme_agreement(agreement, themes_frame, confidence=confidence)
    tables["theme_group_agreement"] = _with_raised_share(
        theme_group_agreement(agreement, groups, confidence=confidence), updated)
    tables["opinion_groups"] = _opinion_groups_table(votes, groups)

    ledger = Ledger.concat([result.ledger, _vote_ledger(votes, result.ledger)])
    method = dict(updated.method)
    method["ledger"] = ledger.summary()
    method["votes"] = _votes_summary(votes, groups, agreement, comments)
    return dataclasses.replace(updated, tables=tables, ledger=ledger, method=method)


def _theme_of_comment(result: AnalysisResult, votes: VoteTable) -> dict[str, int]:
    analysed = result.comments.drop_duplicates("comment_id")
    theme_of = dict(zip(analysed["comment_id"].astype(str), analysed["theme_id"].astype(int)))
    if not any(c in theme_of for c in votes.comment_ids):
        ours = ", ".join(f"'{c}'" for c in list(theme_of)[:3])
        theirs = ", ".join(f"'{c}'" for c in votes.comment_ids[:3])
        raise DataError(
            f"none of the comment ids in the vote file '{votes.source}' ({theirs}, ...) is the "
            f"id of an analysed comment ({ours}, ...). Analyse the comments the votes are on, "
            "and name their comment id column as the id (for Polis: --id comment-id).")
    return theme_of


def _with_opinion_group_column(result: AnalysisResult, comments: CommentFacts,
                               groups: OpinionGroups) -> AnalysisResult:
    author = dict(zip(comments.frame["comment_id"], comments.frame["author"]))
    group_of = result.comments["comment_id"].astype(str).map(author).map(groups.labels)
    frame = result.comments.assign(**{OPINION_GROUP_ATTRIBUTE: group_of.fillna(NO_OPINION_GROUP)
                                      .astype(object)})
    group_columns = tuple(c for c in result.group_columns if c != OPINION_GROUP_ATTRIBUTE)
    group_columns += (OPINION_GROUP_ATTRIBUTE,)
    method = dict(result.method)
    columns = dict(method.get("columns", {}))
    columns["derived_groups"] = list(dict.fromkeys(
        [*columns.get("derived_groups", []), OPINION_GROUP_ATTRIBUTE]))
    method["columns"] = columns
    tables = result.tables
    if group_columns[0] == OPINION_GROUP_ATTRIBUTE:  # the analysis had no group column
        tables = group_statistics(frame, result.themes, [OPINION_GROUP_ATTRIBUTE],
                                  result.round_column, result.config,
                                  benchmark=result.benchmark,
                                  round_order=result.method.get("round_order"))
    return dataclasses.replace(result, comments=frame, group_columns=group_columns,
                               tables=tables, method=method)


def _with_raised_share(agreed: pd.DataFrame, result: AnalysisResult) -> pd.DataFrame:
    """"Raised by" beside "agreed by": `authored_comments` (the opinion group's comments) and
    `raised_share` (the share of them in the theme: attention), when comments carry their
    author's opinion group. The share is left empty for a group with fewer comments than
    `min_group_size`, as small groups are in every other public table."""
    if OPINION_GROUP_ATTRIBUTE not in result.group_columns:
        return agreed.assign(authored_comments=np.nan, raised_share=np.nan)
    authored = result.comments[result.comments[OPINION_GROUP_ATTRIBUTE] != NO_OPINION_GROUP]
    sizes = authored[OPINION_GROUP_ATTRIBUTE].value_counts()
    raised = compare.group_theme_table(authored, OPINION_GROUP_ATTRIBUTE)
    raised = raised[["theme_id", "group", "share_of_group"]].rename(
        columns={"share_of_group": "raised_share"})
    merged = agreed.merge(raised, on=["theme_id", "group"], how="left")
    merged.insert(len(merged.columns) - 1, "authored_comments",
                  merged["group"].map(sizes).fillna(0).astype(int))
    small = merged["authored_comments"] < result.config.min_group_size
    merged["raised_share"] = merged["raised_share"].fillna(0.0).where(~small)
    return merged


def _opinion_groups_table(votes: VoteTable, groups: OpinionGroups) -> pd.DataFrame:
    participants = list(votes.participants)
    return pd.DataFrame({"participant": participants,
                         "group": groups.of(participants).fillna("").to_numpy(),
                         "votes": votes.votes_per_participant().to_numpy()})


def _vote_ledger(votes: VoteTable, ledger: Ledger) -> Ledger:
    """The vote file's ledger, under another source name if a comment file has its name."""
    if votes.source not in set(ledger.entries["source"].astype(str)):
        return votes.ledger
    renamed = f"votes: {votes.source}"
    entries = votes.ledger.entries.assign(source=renamed)
    return Ledger(entries, {renamed: votes.ledger.rows_read[votes.source]})


def _votes_summary(votes: VoteTable, groups: OpinionGroups, agreement: pd.DataFrame,
                   comments: CommentFacts | None) -> dict:
    analysed = agreement["theme_id"].notna()
    return {
        "file": votes.source, "form": votes.form,
        "participants": len(votes.participants), "votes": len(votes.votes),
        "comments": len(votes.comment_ids), "comments_analysed": int(analysed.sum()),
        "comments_not_analysed": int((~analysed).sum()),
        "comments_unassigned": int((agreement["theme_id"] == UNASSIGNED_ID).sum()),
        "opinion_groups": {"method": groups.method, "groups": list(groups.order),
                           "participants_grouped": int(len(groups.labels)), **groups.details},
        "author_column": comments.author_column if comments is not None else None,
        "moderated_out": len(comments.moderated_out()) if comments is not None else 0,
        "consensus": "group-aware consensus = product over opinion groups of "
                     "(agree + 1) / (seen + 2) (Polis)",
    }


__all__ = ["CommentFacts", "NOT_ANALYSED", "VOTE_TABLES", "add_votes", "read_comment_facts"]
