"""Votes from deliberation tools (Polis and the like), joined with the text themes.

    votes = read_votes("participants-votes.csv")
    result = add_votes(result, votes, comments=read_comment_facts(specs, id_column="comment-id"))

`read_votes` reads a vote file into a `VoteTable`; `opinion_groups` gives each participant an
opinion group (the file's own, else computed the way Polis does); `comment_agreement` and
`theme_agreement` count the votes per group, with Polis's group-aware consensus and
representativeness; `add_votes` joins all of it with an analysis.
"""

from analyzer.pipelines.votes.agreement import (
    comment_agreement,
    most_divisive,
    theme_agreement,
    theme_group_agreement,
    widest_agreement,
)
from analyzer.pipelines.votes.groups import OpinionGroups, computed_groups, opinion_groups
from analyzer.pipelines.votes.join import CommentFacts, add_votes, read_comment_facts
from analyzer.pipelines.votes.read import read_votes

__all__ = ["CommentFacts", "OpinionGroups", "add_votes", "comment_agreement", "computed_groups",
           "most_divisive", "opinion_groups", "read_comment_facts", "read_votes",
           "theme_agreement", "theme_group_agreement", "widest_agreement"]
