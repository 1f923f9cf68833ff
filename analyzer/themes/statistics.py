"""Every statistic of the group comparison, explained once, in plain language.

The dashboard's help text, the report's method section and the docstrings of
`analyzer.pipelines.compare` all point here, so a number is never explained two ways. Keys
match the table names of an analysis (`groups`, `common_ground`, ...) where a table exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Statistic:
    """One statistic: what it is called, how it is computed, why, and how to read it."""

    key: str
    name: str
    """Short title a reader sees."""
    formula: str
    """How it is computed, in words and a plain-text formula."""
    why: str
    """Why we use it rather than the obvious alternative."""
    how_to_read: str
    """What a reader should take from a value."""
    reference: str = ""
    """Where the method comes from, when it has a source."""
    columns: tuple[str, ...] = ()
    """The output columns this statistic fills."""

    def as_markdown(self) -> str:
        """A short section for the report's method chapter or a dashboard help box."""
        parts = [f"**{self.name}.** {self.formula}", f"*Why:* {self.why}",
                 f"*How to read it:* {self.how_to_read}"]
        if self.reference:
            parts.append(f"*Source:* {self.reference}")
        return "\n\n".join(parts)


_ALL = (
    Statistic(
        key="campaign_weight",
        name="Counting campaigns",
        formula=("Each comment counts 1. When a form-letter campaign is set to count once, each "
                 "of its k copies counts 1/k, so the campaign adds up to one comment. Every count "
                 "in the group tables is a sum of these weights; 'n_comments' columns give the "
                 "plain number of rows."),
        why=("A campaign shows that many people care, but one text sent 300 times would "
             "otherwise outweigh 300 different voices."),
        how_to_read=("Counts can have decimals. The number of copies is always kept and shown "
                     "next to the campaign."),
        columns=("count", "n_comments"),
    ),
    Statistic(
        key="groups",
        name="Share of a group",
        formula=("share_of_group = (weighted comments of the group on the theme) / (all weighted "
                 "comments the group sent, including those with no theme and non-answers)."),
        why=("Groups send very different numbers of comments; shares make a small group's "
             "concerns comparable with a large group's. Non-answers are kept in the "
             "denominator because how many people had nothing to say is itself a finding."),
        how_to_read=("'32 % of Students' comments raised bus safety'. Compare shares across "
                     "groups, not counts, and look at the interval before calling a difference "
                     "real."),
        columns=("count", "share_of_group", "group_total"),
    ),
    Statistic(
        key="wilson_interval",
        name="Confidence interval (Wilson)",
        formula=("For a share p seen on n comments and z = 1.96 (95 %): centre = (p + z²/2n) / "
                 "(1 + z²/n), half-width = z / (1 + z²/n) × √(p(1−p)/n + z²/4n²). With campaign "
                 "weights, n is the group's effective sample size (see below)."),
        why=("Unlike the textbook p ± 1.96·√(p(1−p)/n), it stays within 0–100 % and is "
             "honest for small groups and rare themes, where most comparisons happen."),
        how_to_read=("The range of shares that fit the comments we received. If the ranges of "
                     "two groups overlap a lot, the difference may be chance."),
        reference="Wilson (1927); Brown, Cai & DasGupta (2001), Statistical Science 16(2).",
        columns=("ci_low", "ci_high"),
    ),
    Statistic(
        key="common_ground",
        name="Common ground",
        formula=("For each theme and group, a smoothed rate p = (count + 2·overall share) / "
                 "(group comments + 2). The score is the geometric mean of p over the groups; "
                 "rank 1 has the highest score. 'evenness' = geometric mean / ordinary mean of p "
                 "(1 = every group equally)."),
        why=("A theme can be the biggest overall because one large group wrote about it. The "
             "geometric mean collapses when any one group rarely mentions the theme, so only "
             "themes that every group raises score high, and each group counts once whatever "
             "its size. The smoothing keeps a tiny group's silence from vetoing a theme on "
             "thin evidence. This follows Polis's group-aware consensus, with its prior of one "
             "half replaced by the theme's overall share because a theme is not a yes/no vote. "
             "We do not divide by the overall share: that would let tiny themes top the list "
             "just because their few comments happen to be spread evenly."),
        how_to_read=("The score is roughly 'the share of comments raising this theme in a "
                     "typical group, pulled down hard by any group that does not'. Use it to "
                     "find what people agree needs attention; 'least_group' and "
                     "'min_group_share' show who raises it least."),
        reference="Small et al. (2021), Polis: scaling deliberation, Recerca 26(2).",
        columns=("score", "rank", "min_group_share", "evenness"),
    ),
    Statistic(
        key="distinctive",
        name="Distinctive themes (log-odds with an informative prior)",
        formula=("For a group against all other groups together, over the comments that have a "
                 "theme: log-odds ratio = log[(y+a)/(n+a0−y−a)] − log[(y'+a)/(n'+a0−y'−a)], "
                 "where y, n are the group's count on the theme and its total, y', n' the "
                 "same for everyone else, and a is a prior pseudo-count proportional to the "
                 "theme's overall frequency (a0 their total). z = log-odds / its standard error."),
        why=("Raw differences in share favour big themes; raw ratios favour tiny ones. The "
             "prior pulls rare themes towards 'no difference' and z measures the difference "
             "in units of its own uncertainty."),
        how_to_read=("Positive log-odds: the group raises the theme more than others. z above "
                     "1.96 is unlikely to be chance at the 5 % level for a single look; with "
                     "many groups and themes, give most weight to z above 3."),
        reference=("Monroe, Colaresi & Quinn (2008), Fightin' Words, Political Analysis "
                   "16(4), section 3.5."),
        columns=("log_odds", "z"),
    ),
    Statistic(
        key="distinctive_words",
        name="Distinctive words within a theme",
        formula=("The same log-odds with an informative prior, on word counts instead of "
                 "theme counts, among the comments of one theme. Common words (English, "
                 "Spanish, survey filler) are ignored."),
        why=("Two groups can share a theme yet mean different things by it: parents may write "
             "about bus times, students about bus behaviour."),
        how_to_read=("The words listed for a group are those it uses more than the other "
                     "groups when talking about the theme, strongest first."),
        reference="Monroe, Colaresi & Quinn (2008).",
        columns=("word", "log_odds", "z"),
    ),
    Statistic(
        key="hidden",
        name="Hidden themes",
        formula=("lift = (cautious share of the group's comments on the theme: the lower end "
                 "of its Wilson interval) / (the theme's share of all comments). Pairs with "
                 "lift above 1, from groups with at least 5 comments, are ranked by lift."),
        why=("A theme that 40 % of a small group raised can be 2 % of all comments and sit at "
             "the bottom of the overall list. Using the lower end of the interval keeps a "
             "couple of comments from a very small group from outranking a solid finding."),
        how_to_read=("'share_in_group' against 'share_overall' shows how much more the group "
                     "cares; 'raw_rank' shows where the theme sits in the overall list. These "
                     "are leads to read the comments behind, not conclusions."),
        columns=("share_in_group", "share_overall", "lift", "raw_rank"),
    ),
    Statistic(
        key="representation",
        name="Representation and weights",
        formula=("share = the group's comments / all comments; ratio = share / benchmark share; "
                 "flagged when the ratio is below 0.8. Post-stratification weight = benchmark "
                 "share / share. Without a benchmark, weight = (1 / number of groups) / share, "
                 "so every group counts equally."),
        why=("Who comments is rarely who lives here. Comparing with a benchmark (census, "
             "roster) shows whose voice is missing; weights show what the themes would look "
             "like if every group had taken part in proportion."),
        how_to_read=("A ratio of 0.5 means the group sent half the comments its size would "
                     "suggest. Weights above 1 make each of its comments count more. Weighting "
                     "cannot add views nobody sent: reach out to flagged groups."),
        reference="Kish (1965), Survey Sampling; Little (1993), JASA 88(423).",
        columns=("share", "benchmark_share", "ratio", "weight", "flagged"),
    ),
    Statistic(
        key="raking",
        name="Raking over several attributes",
        formula=("Iterative proportional fitting: adjust the weights so the weighted shares "
                 "match the first attribute's benchmark, then the second's, and so on, "
                 "repeating until every weighted share is within 0.000001 of its benchmark."),
        why=("Benchmarks usually come one attribute at a time (role; language), not for every "
             "combination. Raking matches them all at once without needing the cross-table."),
        how_to_read=("Same as post-stratification weights. If raking does not converge, the "
                     "benchmarks cannot be met with the comments received."),
        reference="Deming & Stephan (1940), Annals of Mathematical Statistics 11(4).",
        columns=("rake_weight",),
    ),
    Statistic(
        key="effective_sample_size",
        name="Effective sample size",
        formula="n_eff = (sum of weights)² / (sum of squared weights) (Kish).",
        why=("Unequal weights cost precision: 1,000 comments weighted very unequally carry the "
             "information of fewer equally weighted ones. Confidence intervals use n_eff."),
        how_to_read=("If n_eff is far below the number of comments, weighted figures are much "
                     "less certain than raw ones."),
        reference="Kish (1965), Survey Sampling.",
        columns=("group_effective_n",),
    ),
    Statistic(
        key="prevalence",
        name="Theme shares: raw, equal-weight and benchmark-weighted",
        formula=("raw_share counts comments as received; equal_weight_share gives every group "
                 "the same say (the average of the groups' shares); benchmark_share weights "
                 "each group by its benchmark share. Ranks: 1 = largest."),
        why=("If the ranking changes a lot between the three, the overall picture is driven "
             "by who happened to comment."),
        how_to_read=("Compare the three ranks of a theme. A theme that climbs when weighted "
                     "matters to under-represented groups."),
        columns=("raw_share", "equal_weight_share", "benchmark_share"),
    ),
    Statistic(
        key="rounds",
        name="Change between rounds",
        formula=("Each round's share of comments on a theme is compared with the previous "
                 "round's: 'new' (none before, some now), 'gone' (some before, none now), "
                 "'growing' or 'shrinking' when a two-proportion z-test finds the change "
                 "unlikely to be chance at the 5 % level, otherwise 'stable'. The first round is "
                 "'first'."),
        why=("Shares move a little from round to round just by chance; the test keeps noise "
             "from being reported as a trend."),
        how_to_read=("'growing' means clearly more of the round's comments raised the theme "
                     "than in the round before. 'stable' does not prove nothing changed, only "
                     "that the change is within chance."),
        columns=("trend", "change", "z"),
    ),
    Statistic(
        key="suppression",
        name="Small groups",
        formula=("Groups with fewer than 10 comments (a setting) are shown together as "
                 "'Other (small groups)' in public outputs, with a note naming them."),
        why=("A figure about four people can identify them, and shares of very few comments "
             "swing wildly."),
        how_to_read=("Look for the note under a table; the full analysis keeps every group."),
        columns=("group",),
    ),
    Statistic(
        key="stability",
        name="Theme stability",
        formula=("The clustering is rerun on random 80 % subsamples with other seeds; each "
                 "theme's stability is the mean, over reruns, of its best Jaccard overlap "
                 "(shared comments / comments in either) with any rerun theme."),
        why=("A theme that falls apart when the data is shuffled slightly is an artefact of "
             "the method, not something people clearly said."),
        how_to_read=("1.0 means the theme reappears whole every time; below 0.5 it is flagged "
                     "unstable: read its comments before presenting it."),
        columns=("stability", "unstable"),
    ),
)

_VOTES = (
    Statistic(
        key="agreement",
        name="Group-aware consensus (votes)",
        formula=("For each opinion group, the chance a member agrees with the statement, "
                 "smoothed by one pretend vote each way: (agree + 1) / (seen + 2), where seen "
                 "counts agree, disagree and pass. The consensus is the product of these "
                 "over the groups. 'typical_group_agreement' is its k-th root for k groups."),
        why=("A statement most people agree with can still be one that a whole group "
             "rejects. The product stays high only when every group agrees, whatever the "
             "groups' sizes; the smoothing keeps a handful of votes from deciding it."),
        how_to_read=("Compare statements within one conversation; across conversations with "
                     "different numbers of groups, compare typical_group_agreement (0.8: in "
                     "a typical group about 8 in 10 of those who saw it agree)."),
        reference=("Polis math, conversation.clj (`group-aware-consensus`); Small et al. "
                   "(2021), Polis: scaling deliberation, Recerca 26(2)."),
        columns=("group_aware_consensus", "typical_group_agreement"),
    ),
    Statistic(
        key="representativeness",
        name="Representativeness of a statement for a group (votes)",
        formula=("repness_agree = the group's smoothed agree share (agree + 1) / (seen + 2) "
                 "divided by the same share over the members of every other group; "
                 "repness_disagree the same for disagreement."),
        why=("It shows what sets a group apart: statements its members agree (or disagree) "
             "with far more than everyone else does."),
        how_to_read=("Above 1: the group agrees (disagrees) more than the rest; 2 means twice "
                     "as likely. Look at the counts too: a ratio on few votes is fragile."),
        reference="Polis math, repness.clj (`add-comparitive-stats`, :ra and :rd).",
        columns=("repness_agree", "repness_disagree"),
    ),
    Statistic(
        key="theme_agreement",
        name="Broad agreement and division across opinion groups (votes)",
        formula=("A statement has broad agreement when more than half of every group's voters "
                 "agreed (smoothed agree share above one half in each group); it divides "
                 "the groups when more than half of one group agreed and more than half of "
                 "another disagreed. Per theme: how many of its statements do each, as a "
                 "share with a Wilson interval over the theme's statements."),
        why=("Themes say what people raise (attention); votes say what they would sign up to "
             "(agreement). A theme can be raised by everyone and still split the groups."),
        how_to_read=("'6 of 15 statements (40 %, 20-64 %) have broad agreement': a starting "
                     "point for common ground. A theme with many dividing statements needs "
                     "dialogue before decisions."),
        columns=("broad_agreement", "divides_groups", "broad_agreement_share",
                 "divides_groups_share"),
    ),
    Statistic(
        key="theme_group_agreement",
        name="Raised by and agreed by (votes)",
        formula=("raised_share = the share of an opinion group's own comments in the theme "
                 "(from who wrote them); agree_share = agree votes / all votes the group "
                 "cast on the theme's statements, with a Wilson interval."),
        why=("A group may write little about a theme yet agree with what others wrote about "
             "it, or raise it often and disagree with most of it."),
        how_to_read=("Read the two side by side. The agree interval treats each vote as "
                     "independent; one person votes on many statements, so the true range is "
                     "wider."),
        columns=("raised_share", "agree_share", "agree_ci_low", "agree_ci_high"),
    ),
    Statistic(
        key="opinion_groups",
        name="Opinion groups (votes)",
        formula=("A Polis export names each participant's group, and those are used. "
                 "Otherwise they are computed as Polis does: the votes of everyone with at "
                 "least 7 votes are reduced to two dimensions (PCA, missing votes filled with "
                 "the statement's average), and k-means splits them into 2 to 5 groups, "
                 "choosing the number whose groups are most clearly apart (silhouette)."),
        why=("People who vote alike on many statements share a point of view, whatever "
             "their demographics; agreement across such groups is agreement across "
             "viewpoints, not just across a majority."),
        how_to_read=("Groups are described by the statements they agree on far more than "
                     "others (representativeness), not by who is in them. Computed groups "
                     "match the Polis server's only in part (see the votes benchmark)."),
        reference="Small et al. (2021), Polis: scaling deliberation, Recerca 26(2).",
        columns=("group",),
    ),
)

STATISTICS: Mapping[str, Statistic] = MappingProxyType({s.key: s for s in _ALL + _VOTES})
"""Every statistic by key; read-only."""

__all__ = ["STATISTICS", "Statistic"]
