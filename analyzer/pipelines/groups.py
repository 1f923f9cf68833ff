"""All group tables of one analysis, computed in one place for the CLI, dashboard and reports.

Each table is described in `analyzer.themes.statistics`; this module only decides which ones
apply (a group column, a round column, a benchmark) and applies small-group suppression to the
tables meant for the public.
"""

from __future__ import annotations

import functools
from typing import Sequence

import pandas as pd

from analyzer.config import AnalysisConfig
from analyzer.errors import ConfigError
from analyzer.pipelines import compare
from analyzer.pipelines.compare._common import group_labels
from analyzer.pipelines.workers import NEVER_FORKED, map_in_chunks
from analyzer.themes.languages import LANGUAGE_ATTRIBUTE, UNDETERMINED_NAME
from analyzer.themes.result import AnalysisResult
from analyzer.themes.theme import Theme
from analyzer.themes.votes import NO_OPINION_GROUP, OPINION_GROUP_ATTRIBUTE

COUNT_PARTITION = 100_000
"""Comments counted per task for the groups table: 50,000 took 0.42 s in one task on a
loaded core (benchmarks/results/dask_scale.md), and a part is a few megabytes to send
(group label, theme, weight), so a task costs about as much as its transfer."""


def group_statistics(comments: pd.DataFrame, themes: Sequence[Theme], group_columns: Sequence[str],
                     round_column: str | None, config: AnalysisConfig,
                     benchmark: pd.DataFrame | None = None,
                     round_order: Sequence[str] | None = None) -> dict[str, pd.DataFrame]:
    """Tables by name: groups, common_ground, distinctive, hidden, representation,
    prevalence, rounds. The first group column drives the single-attribute views."""
    themes_frame = pd.DataFrame([{"theme_id": t.theme_id, "label": t.label}
                                 for t in themes if t.theme_id >= 0])
    tables: dict[str, pd.DataFrame] = {}
    if group_columns:
        primary = group_columns[0]
        compared, undetermined_note = _determined_languages(comments, primary)
        public, note = compare.suppress_small_groups(compared, primary,
                                                     min_size=config.min_group_size)
        note = " ".join(filter(None, [undetermined_note, note])) or None
        tables["groups"] = group_table(public, primary)
        tables["common_ground"] = compare.common_ground(public, themes_frame, primary)
        tables["distinctive"] = compare.distinctive_themes(public, primary)
        tables["hidden"] = compare.hidden_themes(public, themes_frame, primary)
        group_benchmark = _benchmark_for(benchmark, primary)
        tables["representation"] = compare.representation(
            public, primary, group_benchmark, threshold=config.representation_threshold)
        tables["prevalence"] = compare.weighted_prevalence(public, themes_frame, primary,
                                                           group_benchmark)
        if note:
            tables["suppression_notes"] = pd.DataFrame({"group_column": [primary], "note": [note]})
    if round_column:
        tables["rounds"] = compare.rounds_table(comments, round_column, round_order=round_order)
    return tables


def group_table(comments: pd.DataFrame, column: str) -> pd.DataFrame:
    """`compare.group_theme_table` of `comments` by `column`, counted `COUNT_PARTITION`
    comments at a time by the current runner (on a cluster, one task per part) and summed
    here: the counts are whole numbers per (group, theme, weight), so the table is the same
    wherever and in whatever parts they were counted."""
    frame = comments[[c for c in (column, "theme_id", "weight") if c in comments.columns]]
    parts = [frame.iloc[start:start + COUNT_PARTITION]
             for start in range(0, len(frame), COUNT_PARTITION)]
    counts = map_in_chunks(functools.partial(_counts_of, column=column), parts, chunk_size=1,
                           parallel_from=NEVER_FORKED)
    return compare.table_from_counts(compare.combined_counts(counts))


def _counts_of(parts: list[pd.DataFrame], column: str) -> list[pd.DataFrame]:
    return [compare.theme_group_counts(part, column) for part in parts]


def _determined_languages(comments: pd.DataFrame, column: str
                          ) -> tuple[pd.DataFrame, str | None]:
    """For the language attribute, the comments whose language was told apart, and a note
    on the others: too short to tell is no voice of its own (it is mostly non-answers such
    as "n/a"), and a group that raised no theme would sink every theme's common ground.
    The opinion-group attribute leaves out, the same way, comments whose author is in no
    opinion group (they voted too little to be placed in one)."""
    if column == OPINION_GROUP_ATTRIBUTE:
        return _without(comments, column, NO_OPINION_GROUP,
                        "whose author is in no opinion group")
    if column != LANGUAGE_ATTRIBUTE:
        return comments, None
    undetermined = (comments[column] == UNDETERMINED_NAME).to_numpy()
    if not undetermined.any():
        return comments, None
    non_answers = int(comments.loc[undetermined, "is_non_answer"].sum()) \
        if "is_non_answer" in comments else 0
    return comments[~undetermined], (
        f"{int(undetermined.sum())} comments too short to tell their language "
        f"({non_answers} of them non-answers) are left out of the comparison by "
        f"'{LANGUAGE_ATTRIBUTE}'.")


def _without(comments: pd.DataFrame, column: str, label: str, who: str
             ) -> tuple[pd.DataFrame, str | None]:
    left_out = (comments[column] == label).to_numpy()
    if not left_out.any():
        return comments, None
    return comments[~left_out], (f"{int(left_out.sum())} comments {who} are left out of the "
                                 f"comparison by '{column}'.")


def tables_by(result: AnalysisResult, attribute: str) -> dict[str, pd.DataFrame]:
    """The group tables of `result` compared by `attribute`, any of its group columns (the
    result's own tables are by the first). Rounds are left out: see `rounds_among`."""
    if attribute not in result.group_columns:
        raise ConfigError(f"'{attribute}' is not a group column of this analysis; choose one "
                          f"of {', '.join(result.group_columns) or '(none)'}.")
    if attribute == result.group_columns[0]:
        return {name: table for name, table in result.tables.items() if name != "rounds"}
    return group_statistics(result.comments, result.themes, [attribute], None, result.config,
                            benchmark=result.benchmark)


def rounds_among(result: AnalysisResult, attribute: str | None = None,
                 value: str | None = None) -> pd.DataFrame | None:
    """The rounds table over every comment, or over those whose `attribute` is `value` (the
    Spanish-language comments' themes round by round, say). None without a round column, or
    when `value` names no group of at least `min_group_size` comments (a smaller group's
    rounds would describe too few people to publish)."""
    if not result.round_column:
        return None
    comments = result.comments
    if attribute is not None:
        labels = group_labels(comments, attribute)
        comments = comments[labels == value]
        if len(comments) < result.config.min_group_size:
            return None
    if comments.empty:
        return None
    return compare.rounds_table(comments, result.round_column,
                                round_order=result.method.get("round_order"))


def _benchmark_for(benchmark: pd.DataFrame | None, group_column: str) -> pd.DataFrame | None:
    """The benchmark rows for one attribute (all rows when the file names no attribute)."""
    if benchmark is None or benchmark.empty:
        return None
    if "attribute" in benchmark.columns and (benchmark["attribute"] == group_column).any():
        return benchmark[benchmark["attribute"] == group_column]
    return benchmark


def read_benchmark(source, name: str | None = None) -> pd.DataFrame:
    """Benchmark shares from a CSV path or uploaded file: columns attribute, group, share."""
    label = name or str(source)
    try:
        frame = pd.read_csv(source, dtype={"attribute": str, "group": str})
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the benchmark file '{label}': {exc}") from exc
    missing = {"attribute", "group", "share"} - set(frame.columns)
    if missing:
        raise ConfigError(f"the benchmark file '{label}' lacks the column(s) "
                          f"{', '.join(sorted(missing))}; it needs attribute,group,share.")
    return frame


def groups_to_follow(result: AnalysisResult, attribute: str) -> list[str]:
    """The values of `attribute` with at least `min_group_size` comments, largest first: the
    groups whose rounds may be shown on their own."""
    comments, _ = _determined_languages(result.comments, attribute)
    sizes = group_labels(comments, attribute).value_counts()
    sizes = sizes[sizes >= result.config.min_group_size]
    return sorted(sizes.index, key=lambda group: (-sizes[group], str(group)))
