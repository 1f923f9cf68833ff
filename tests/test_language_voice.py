"""Language as a voice: "Language of comment" as a group attribute, counts per theme, quotes
drawn across languages and marked with theirs, in the result, the files, the reports and the
dashboard. Real analyses (TF-IDF embedder) of small hand-written bilingual corpora."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from analyzer import AnalysisConfig, FeedbackAnalyzer
from analyzer.pipelines.groups import groups_to_follow, rounds_among, tables_by
from analyzer.pipelines.ingest import ColumnRoles, read_inputs
from analyzer.pipelines.write import write_outputs
from analyzer.reports import ReportData
from analyzer.reports.html import render_html
from analyzer.themes.languages import (
    LANGUAGE_ATTRIBUTE,
    is_multilingual,
    language_name,
    languages_line,
    main_language,
    theme_languages,
)
from analyzer.themes.quotes import pick_quotes

BUS_EN = ["The school bus is late every single morning this month.",
          "Our bus stop moved and the school bus now comes far too early.",
          "The school bus driver skipped our stop twice this week.",
          "Please add a second school bus on the east route, it is full."]
LUNCH_EN = ["The lunch menu never matches what the cafeteria serves at lunch.",
            "Lunch portions are small and the cafeteria runs out of food.",
            "Please post the lunch menu online before the week starts.",
            "The cafeteria lunch line is so long kids skip lunch."]
BUS_ES = ["El autobús escolar llega tarde todas las mañanas este mes.",
          "El autobús escolar no pasó por nuestra parada dos veces.",
          "Necesitamos otro autobús escolar en la ruta del este, va lleno.",
          "El chofer del autobús escolar no espera a los niños."]


def _corpus(tmp_path: Path, *, spanish: bool, rounds: bool = False):
    rows = []
    for n in range(15):
        rows.append({"comment": f"{BUS_EN[n % 4]} Week {n}.", "role": "Parent"})
        rows.append({"comment": f"{LUNCH_EN[n % 4]} Week {n}.", "role": "Student"})
        if spanish:
            rows.append({"comment": f"{BUS_ES[n % 4]} Semana {n}.", "role": "Parent"})
    rows += [{"comment": text, "role": "Parent"} for text in ("n/a", "-", "no", "N/A", "?")]
    frame = pd.DataFrame(rows)
    if rounds:
        frame["round"] = ["Fall" if n % 2 else "Spring" for n in range(len(frame))]
    path = tmp_path / "survey.csv"
    frame.to_csv(path, index=False)
    roles = ColumnRoles(text=("comment",), groups=("role",),
                        round="round" if rounds else None)
    return read_inputs([path], roles)


@lru_cache(maxsize=2)
def _fitted(folder: str, spanish: bool = True):
    corpus = _corpus(Path(folder), spanish=spanish, rounds=True)
    return FeedbackAnalyzer(AnalysisConfig(embedder="tfidf", n_themes=3, min_group_size=5),
                            use_cache=False).fit(corpus)


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    return _fitted(str(tmp_path_factory.mktemp("bilingual")))


def test_language_names_and_the_main_language():
    assert language_name("es") == "Spanish" and language_name("und") == "Too short to tell"
    assert main_language(["und", "es", "es", "en"]) == "es"
    assert main_language(["en", "es"]) == "en"  # a tie goes to the first code
    assert is_multilingual(["en"] * 20 + ["es"] * 10, min_comments=10)
    assert not is_multilingual(["en"] * 20 + ["es"] * 9 + ["und"] * 30, min_comments=10)


def test_counts_per_theme_run_from_the_largest_language_down():
    comments = pd.DataFrame({"theme_id": [0, 0, 0, 1, 1, -2],
                             "language": ["es", "en", "en", "fr", None, "en"]})
    counts = theme_languages(comments)
    assert counts[counts["theme_id"] == 0]["language"].tolist() == ["en", "es"]
    assert languages_line(counts, 0) == "English 2, Spanish 1"
    assert languages_line(counts, 1, by_name=False) == "fr 1; und 1"
    assert counts.loc[counts["theme_id"] == 0, "share_of_theme"].tolist() == [2 / 3, 1 / 3]


def test_quotes_are_drawn_across_languages_but_never_from_a_lone_comment():
    ranked = pd.DataFrame({
        "comment_id": [f"c{n}" for n in range(8)],
        "text": [f"comment number {n} about the {topic} here" for n, topic in enumerate(
            ["bus", "lunch", "library", "gym", "roof", "choir", "heating", "parking"])],
        "language": ["en", "en", "en", "en", "vi", "es", "en", "es"]})
    picks = pick_quotes(ranked, 3)
    # best English, then best Spanish (two in the theme); the lone Vietnamese comment is not
    # quoted on its own, so the third place goes to the next-best English comment
    assert picks["comment_id"].tolist() == ["c0", "c5", "c1"]
    english_only = ranked.assign(language="en")
    assert pick_quotes(english_only, 3)["comment_id"].tolist() == ["c0", "c1", "c2"]
    # a minority language ranked best still gets one place, not most of them
    minority_first = ranked.assign(language=["es", "es", "en", "en", "en", "en", "en", "en"])
    assert pick_quotes(minority_first, 3)["comment_id"].tolist() == ["c2", "c0", "c3"]


def test_language_of_comment_becomes_a_group_attribute(bilingual):
    assert bilingual.group_columns == ("role", LANGUAGE_ATTRIBUTE)
    assert bilingual.method["columns"]["groups"] == ["role"]
    assert bilingual.method["columns"]["derived_groups"] == [LANGUAGE_ATTRIBUTE]
    spanish = bilingual.comments[bilingual.comments["text"].str.contains("autobús")]
    assert set(spanish[LANGUAGE_ATTRIBUTE]) == {"Spanish"}

    by_language = tables_by(bilingual, LANGUAGE_ATTRIBUTE)
    # the five non-answers are too short to tell: no group of their own, said in a note
    assert set(bilingual.comments.loc[bilingual.comments["is_non_answer"],
                                      LANGUAGE_ATTRIBUTE]) == {"Too short to tell"}
    assert set(by_language["groups"]["group"]) == {"English", "Spanish"}
    assert "5 comments too short to tell their language (5 of them non-answers)" in \
        by_language["suppression_notes"]["note"].iloc[0]
    assert by_language["common_ground"]["n_groups"].eq(2).all()
    assert set(by_language["representation"]["group"]) == {"English", "Spanish"}
    distinctive = by_language["distinctive"]
    spanish_theme = int(spanish["theme_id"].mode()[0])
    top = distinctive[distinctive["group"] == "Spanish"].sort_values("z").iloc[-1]
    assert int(top["theme_id"]) == spanish_theme
    # the result's own tables stay by the first group column
    assert set(bilingual.tables["groups"]["group"]) == {"Parent", "Student"}
    assert tables_by(bilingual, "role")["groups"].equals(bilingual.tables["groups"])


def test_rounds_can_follow_one_language(bilingual):
    assert groups_to_follow(bilingual, LANGUAGE_ATTRIBUTE) == ["English", "Spanish"]
    spanish = rounds_among(bilingual, LANGUAGE_ATTRIBUTE, "Spanish")
    english = rounds_among(bilingual, LANGUAGE_ATTRIBUTE, "English")
    everyone = rounds_among(bilingual)
    assert set(spanish["round"]) == {"Fall", "Spring"}
    short = rounds_among(bilingual, LANGUAGE_ATTRIBUTE, "Too short to tell")
    assert spanish["count"].sum() + english["count"].sum() + short["count"].sum() \
        == everyone["count"].sum()
    assert "Too short to tell" not in groups_to_follow(bilingual, LANGUAGE_ATTRIBUTE)
    bus = int(bilingual.comments.loc[bilingual.comments["text"].str.contains("autobús"),
                                     "theme_id"].mode()[0])
    assert spanish.loc[spanish["theme_id"] == bus, "count"].sum() >= 12
    assert rounds_among(bilingual, LANGUAGE_ATTRIBUTE, "Klingon") is None


def test_an_english_only_corpus_gets_no_language_attribute(tmp_path):
    result = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf", n_themes=2),
                              use_cache=False).fit(_corpus(tmp_path, spanish=False))
    assert result.group_columns == ("role",)
    assert "derived_groups" not in result.method["columns"]
    assert set(result.themes_frame()["languages"].str.split().str[0]) == {"en"}


def test_files_and_reports_show_languages_per_theme_and_per_quote(bilingual, tmp_path):
    write_outputs(bilingual, tmp_path)
    themes = pd.read_csv(tmp_path / "themes.csv")
    spanish_theme = int(bilingual.comments.loc[
        bilingual.comments["text"].str.contains("autobús"), "theme_id"].mode()[0])
    comments = bilingual.comments
    n_spanish = int(((comments["theme_id"] == spanish_theme)
                     & (comments["language"] == "es")).sum())
    assert n_spanish >= 10
    cell = themes.loc[themes["theme_id"] == spanish_theme, "languages"].iloc[0]
    assert f"es {n_spanish}" in cell
    assignments = pd.read_csv(tmp_path / "assignments.csv")
    assert LANGUAGE_ATTRIBUTE in assignments.columns

    for data in (ReportData.from_result(bilingual), ReportData.from_outdir(tmp_path)):
        assert data.group_columns == ("role", LANGUAGE_ATTRIBUTE)
        theme = data.real_themes[[t.theme_id for t in data.real_themes].index(spanish_theme)]
        assert "Spanish" in data.quote_languages(theme)
        html = render_html(data)
        assert f"Spanish {n_spanish}" in html
        assert '<cite class="language">(Spanish)</cite>' in html
