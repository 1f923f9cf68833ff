"""One place for each rule, allowed value and default: the copies that used to drift."""

from __future__ import annotations

import pandas as pd
import pytest

from analyzer.themes.texts import text_keys


def test_same_text_key_groups_campaign_copies_and_case_variants():
    frame = pd.DataFrame({"text": ["Bus late", "bus LATE", "Dear board", "Dear Board!", "x"],
                          "campaign_id": ["", "", "c1", "c1", None]})
    assert text_keys(frame).tolist() == ["text:bus late", "text:bus late", "campaign:c1",
                                         "campaign:c1", "text:x"]
    assert text_keys(frame[["text"]]).tolist()[2] == "text:dear board"


def test_the_same_text_rule_is_written_once():
    import inspect

    import analyzer.core
    import analyzer.pipelines.stability
    import analyzer.projects.rounds
    import analyzer.themes.curation

    for module in (analyzer.core, analyzer.themes.curation, analyzer.projects.rounds,
                   analyzer.pipelines.stability):
        source = inspect.getsource(module)
        assert '"campaign:"' not in source and '"text:"' not in source, module.__name__
        assert module.text_keys is text_keys, module.__name__


def _analyze_options():
    from analyzer.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    return {a.dest: a for a in commands.choices["analyze"]._actions}, commands.choices


def test_cli_choices_and_defaults_come_from_the_config():
    from dataclasses import fields

    from analyzer.config import ANALYSIS_CONSTRAINTS, REPORT_FORMATS, AnalysisConfig
    from analyzer.constraints import OneOf

    options, commands = _analyze_options()
    defaults = {f.name: f.default for f in fields(AnalysisConfig)}
    for name in ("seed", "embedder", "n_themes", "granularity", "campaign_counting",
                 "min_group_size"):
        assert options[name].default == defaults[name], name
    for name in ("granularity", "campaign_counting"):
        assert isinstance(ANALYSIS_CONSTRAINTS[name], OneOf)
        assert tuple(options[name].choices) == ANALYSIS_CONSTRAINTS[name].options, name
    report_format = next(a for a in commands["report"]._actions if a.dest == "format")
    assert tuple(report_format.choices) == REPORT_FORMATS


def test_cli_help_names_every_embedder_and_the_auto_threshold():
    from analyzer.config import AUTO_STATIC_FROM, EMBEDDERS

    options, _ = _analyze_options()
    for name in EMBEDDERS:
        assert f"{name} = " in options["embedder"].help
    assert f"{AUTO_STATIC_FROM:,}" in options["embedder"].help


def test_the_auto_threshold_is_written_once():
    import inspect

    import analyzer.cli
    import analyzer.dashboard.pages.run
    from analyzer.config import AUTO_STATIC_FROM, EMBEDDERS
    from analyzer.pipelines import embed

    assert embed.AUTO_STATIC_FROM is AUTO_STATIC_FROM
    assert f"{AUTO_STATIC_FROM:,}" in EMBEDDERS["auto"]
    for module in (analyzer.cli, analyzer.dashboard.pages.run, embed):
        source = inspect.getsource(module)
        assert "20,000" not in source and "20_000" not in source, module.__name__


def test_each_allowed_value_has_one_home():
    from analyzer.config import CLUSTERING_METHODS, GRANULARITIES, REPORT_FORMATS
    from analyzer.pipelines.cluster import GRANULARITY_FACTOR
    from analyzer.reports import FORMATS

    assert tuple(GRANULARITY_FACTOR) == GRANULARITIES
    assert tuple(FORMATS) == REPORT_FORMATS
    assert CLUSTERING_METHODS == ("auto", "ward", "kmeans")


@pytest.mark.parametrize("settings, message", [
    ({"granularity": "tiny"}, r"^granularity='tiny' is not one of coarse, balanced, fine\.$"),
    ({"clustering": "dbscan"}, r"^clustering='dbscan' is not one of auto, ward, kmeans\.$"),
    ({"campaign_counting": "twice"}, r"^campaign_counting='twice' is not one of once, "
                                     r"every_copy\.$"),
    ({"n_themes": 1}, r"^n_themes=1 should be between 2 and 500\.$"),
    ({"max_unassigned_share": 1.0}, r"^max_unassigned_share=1\.0 should be in \[0, 1\)\.$"),
    ({"fit_sample_size": 99}, r"^fit_sample_size=99 should be >= 100\.$"),
    ({"fit_sample_size": "many"}, r"^fit_sample_size='many' should be a number >= 100\.$"),
    ({"min_group_size": 0}, r"^min_group_size=0 should be >= 1\.$"),
    ({"seed": 1.5}, r"^seed=1\.5 should be a whole number\.$"),
])
def test_bad_settings_quote_the_value_and_what_is_allowed(settings, message):
    from analyzer.config import AnalysisConfig
    from analyzer.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        AnalysisConfig(**settings)


@pytest.mark.parametrize("settings, message", [
    ({"campaign_min_words": 0}, r"^campaign_min_words=0 should be >= 1\.$"),
    ({"campaign_similarity": 0}, r"^campaign_similarity=0 should be in \(0, 1\]\.$"),
])
def test_bad_cleaning_settings_are_named(settings, message):
    from analyzer.config import CleaningConfig
    from analyzer.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        CleaningConfig(**settings)


def test_the_pipeline_checks_granularity_and_clustering_as_the_config_does():
    from analyzer.errors import ConfigError
    from analyzer.pipelines.cluster import choose_theme_count, resolve_clustering

    with pytest.raises(ConfigError, match=r"^granularity='tiny' is not one of coarse, "):
        choose_theme_count(100, "tiny")
    with pytest.raises(ConfigError, match=r"^clustering='x' is not one of auto, ward, kmeans"):
        resolve_clustering("x", "tfidf")
