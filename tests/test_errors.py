"""Two error families: a bad setting (ConfigError) and data that does not allow the analysis
(DataError); the CLI answers both with one `error:` line and exit code 2."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyzer import errors
from analyzer.cli import EXIT_BAD_INPUT, main
from analyzer.errors import (
    AnalyzerError,
    ConfigError,
    DamagedOutputError,
    DataError,
    InputError,
    NoUsableTextError,
    TooFewCommentsError,
    WeightingError,
)
from analyzer.pipelines.cluster import ThemeClusterer
from analyzer.pipelines.compare import rake_weights
from analyzer.pipelines.embed import TfidfEmbedder, embed_texts


def test_data_errors_and_setting_errors_are_separate_families():
    for data in (InputError, NoUsableTextError, TooFewCommentsError, WeightingError,
                 DamagedOutputError):
        assert issubclass(data, DataError) and not issubclass(data, ConfigError)
    assert issubclass(DataError, AnalyzerError) and issubclass(ConfigError, AnalyzerError)
    assert not issubclass(ConfigError, DataError)
    assert issubclass(NoUsableTextError, TooFewCommentsError)


def test_every_error_class_derives_from_the_base():
    classes = [value for value in vars(errors).values()
               if isinstance(value, type) and issubclass(value, Exception)]
    assert all(issubclass(c, AnalyzerError) for c in classes)


def test_too_few_comments_is_a_data_error():
    with pytest.raises(TooFewCommentsError, match=r"Only 1 comment\(s\) to group into themes"):
        ThemeClusterer(n_themes=2).fit(np.ones((1, 3)))
    with pytest.raises(TooFewCommentsError, match="There are no comments to embed"):
        embed_texts([], TfidfEmbedder())


def test_raking_that_cannot_converge_is_a_data_error():
    frame = pd.DataFrame({"role": ["P", "S"], "lang": ["en", "es"], "theme_id": 0})
    with pytest.raises(WeightingError, match="raking did not converge in 5 sweeps"):
        rake_weights(frame, {"role": {"P": 0.5, "S": 0.5}, "lang": {"en": 0.9, "es": 0.1}},
                     max_iter=5)


def test_the_cli_answers_a_data_error_with_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "blank.csv"
    pd.DataFrame({"id": ["a", "b", "c"], "comment": ["n/a", "nothing", "-"]}).to_csv(
        path, index=False)
    code = main(["analyze", str(path), "--text", "comment", "--embedder", "tfidf",
                 "--no-cache", "--out", str(tmp_path / "out")])
    assert code == EXIT_BAD_INPUT
    lines = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("[")]
    assert lines == ["error: column 'comment': every comment is empty or a non-answer such as "
                     "'n/a'; check that the text column holds the open-ended answers"]


def test_the_cli_answers_a_setting_error_with_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "some.csv"
    pd.DataFrame({"comment": ["the bus is late", "more buses please"]}).to_csv(path, index=False)
    code = main(["analyze", str(path), "--text", "comment", "--themes", "1",
                 "--out", str(tmp_path / "out")])
    assert code == EXIT_BAD_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "error: n_themes=1 should be between 2 and 500."]


def test_the_dashboard_says_what_to_fix_for_each_family():
    pytest.importorskip("streamlit")
    from analyzer.dashboard.widgets import what_to_do
    from analyzer.errors import ModelUnavailableError

    assert what_to_do(ConfigError("x")).startswith("change the setting")
    assert what_to_do(TooFewCommentsError("x")).startswith("check the data")
    assert what_to_do(InputError("x", source="a.csv")).startswith("check the data")
    assert what_to_do(ModelUnavailableError("x")).startswith("fix the file or the setting")
