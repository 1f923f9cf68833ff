"""All group tables of one analysis, computed in one place for the CLI, dashboard and reports.

Each table is described in `analyzer.themes.statistics`; this module only decides which ones
apply (a group column, a round column, a benchmark) and applies small-group suppression to the
tables meant for the public.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from analyzer.config import AnalysisConfig
from analyzer.errors import ConfigError
from analyzer.pipelines import compare
from analyzer.themes.theme import Theme


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
        public, note = compare.suppress_small_groups(comments, primary,
                                                     min_size=config.min_group_size)
        tables["groups"] = compare.group_theme_table(public, primary)
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
