"""Compare groups: pure functions over an `assignments` frame, one row per kept comment.

Input convention: columns `comment_id`, `theme_id` (0, 1, ... themes; -1 unassigned; -2
non-answer), one or more group columns, optionally a round column, and `weight` (1.0 for an
ordinary comment, 1/k for each of a campaign's k copies when it counts once; all 1.0 when the
column is absent). A `themes` frame has theme_id and label for the real themes. Counts in the
outputs are weighted sums; `n_comments` columns give plain row counts.

Every statistic is explained in plain language in `analyzer.themes.statistics.STATISTICS`.
"""

from analyzer.pipelines.compare._common import MISSING_GROUP, OTHER_GROUP, natural_sorted
from analyzer.pipelines.compare.consensus import common_ground
from analyzer.pipelines.compare.distinctive import (
                                                    distinctive_themes,
                                                    distinctive_words,
                                                    log_odds_against_rest,
                                                    tokenize,
)
from analyzer.pipelines.compare.hidden import hidden_themes
from analyzer.pipelines.compare.prevalence import (
                                                    combine_groups,
                                                    combined_counts,
                                                    group_theme_table,
                                                    suppress_small_groups,
                                                    table_from_counts,
                                                    theme_group_counts,
                                                    wilson_interval,
)
from analyzer.pipelines.compare.representation import (
                                                    representation,
                                                    representation_weights,
                                                    weighted_prevalence,
)
from analyzer.pipelines.compare.rounds import order_rounds, rounds_table
from analyzer.pipelines.compare.weights import (
                                                    benchmark_for,
                                                    check_shares,
                                                    effective_sample_size,
                                                    rake_weights,
)

__all__ = [
    "MISSING_GROUP", "OTHER_GROUP", "benchmark_for", "check_shares", "combine_groups",
    "combined_counts", "common_ground", "distinctive_themes", "distinctive_words",
    "effective_sample_size", "group_theme_table", "hidden_themes", "log_odds_against_rest",
    "natural_sorted", "order_rounds", "rake_weights", "representation", "representation_weights",
    "rounds_table", "suppress_small_groups", "table_from_counts", "theme_group_counts",
    "tokenize", "weighted_prevalence", "wilson_interval",
]
