"""A theme's quotes are never copies of each other and speak in several voices: one quote per
form-letter campaign, no near-duplicates, spread across groups. Hand-made rankings for the
rules, then the bundled sample through the command line (TF-IDF) and its HTML report, and
the curation edits on a real fitted analysis."""

from __future__ import annotations

import dataclasses
import html
import itertools
import re

import pandas as pd
import pytest

from analyzer.cli import main
from analyzer.errors import ConfigError
from analyzer.pipelines.curate import merge_themes, move_comment, split_theme
from analyzer.themes.languages import LANGUAGE_ATTRIBUTE
from analyzer.themes.quotes import (
    NEAR_DUPLICATE_SIMILARITY,
    are_near_duplicates,
    pick_quotes,
    quote_group,
    similarity,
)
from tests.conftest import SAMPLE
from tests.fitted import fitted_result, theme_of_topic

LETTER = ("Please keep the music and art program at every school because band and painting "
          "are why my children want to come to class")


def ranking(texts, **columns) -> pd.DataFrame:
    """A theme's comments, best first, with ids c0, c1, ... and optional extra columns."""
    frame = pd.DataFrame({"comment_id": [f"c{n}" for n in range(len(texts))], "text": texts})
    for name, values in columns.items():
        frame[name] = values
    return frame


def test_a_campaign_ranked_first_is_quoted_once_and_other_comments_fill_the_rest():
    copies = [LETTER, LETTER.replace("keep", "save"), LETTER.replace("every", "each"),
              LETTER + " thank you"]
    others = ["The kiln in the art room has been broken since last autumn",
              "Our choir has no piano and sings along to a phone speaker",
              "Instruments are shared by three students and many are cracked"]
    ranked = ranking(copies + others, campaign_id=["C001"] * 4 + [""] * 3)
    picks = pick_quotes(ranked, 3, near_duplicate=1.0)  # only the campaign rule at work
    assert picks["comment_id"].tolist() == ["c0", "c4", "c5"]
    assert picks["campaign_id"].tolist() == ["C001", "", ""]


def test_near_duplicates_are_skipped_but_opposite_short_statements_are_both_quoted():
    ranked = ranking([
        "The late bus makes my son miss the first lesson most mornings",
        "The late bus makes my son miss the first lesson most mornings!!",     # a repeat
        "Honestly the late bus makes my son miss the first lesson most mornings",
        "The town should ban phones in class",
        "The town should not ban phones in class",
        "Lunch is served cold and the line is far too long for the younger kids"])
    assert similarity(ranked["text"][0], ranked["text"][2]) >= NEAR_DUPLICATE_SIMILARITY
    # 7 of 8 words in common, but one says the opposite of the other
    assert similarity(ranked["text"][3], ranked["text"][4]) >= NEAR_DUPLICATE_SIMILARITY
    assert not are_near_duplicates(ranked["text"][3], ranked["text"][4])
    picks = pick_quotes(ranked, 4)
    assert picks["comment_id"].tolist() == ["c0", "c3", "c4", "c5"]
    assert not any(are_near_duplicates(a, b)
                   for a, b in itertools.combinations(picks["text"], 2))
    # a theme that repeats one comment gets one quote, not copies
    assert pick_quotes(ranked.head(3), 3)["comment_id"].tolist() == ["c0"]
    # a quote's whole sentence inside a longer comment reads as a copy, however much else
    # the longer one says
    longer = ranking(["The gym roof leaks every time it rains.",
                      "I am tired of asking. The gym roof leaks every time it rains. The music "
                      "room is tiny and the band rehearses in a hallway.",
                      "The music room is far too small for the whole band"])
    assert similarity(longer["text"][0], longer["text"][1]) < NEAR_DUPLICATE_SIMILARITY
    assert pick_quotes(longer, 3)["comment_id"].tolist() == ["c0", "c2"]


def test_quotes_span_groups_and_a_lone_group_comment_is_not_quoted_on_its_own():
    texts = [f"{topic} need attention, note {n}" for n, topic in enumerate(
        ["buses", "lunches", "roofs", "heating", "library", "choir", "parking", "grades"])]
    roles = ["Parent", "Parent", "Parent", "Teacher", "Parent", "Student", "Teacher", "Parent"]
    ranked = ranking(texts, role=roles)
    picks = pick_quotes(ranked, 3, group="role")
    # the best of the largest group, then the best Teacher (two comments); the Student wrote
    # one comment, so the third place goes to the next best
    assert picks["comment_id"].tolist() == ["c0", "c3", "c1"]
    roles[6], roles[7] = "Student", "Teacher"  # Parent 4, Student 2, Teacher 2
    picks = pick_quotes(ranking(texts, role=roles), 3, group="role")
    assert picks["comment_id"].tolist() == ["c0", "c5", "c3"]
    assert picks["role"].tolist() == ["Parent", "Student", "Teacher"]
    # without a group column the ranking alone decides
    assert pick_quotes(ranked, 3)["comment_id"].tolist() == ["c0", "c1", "c2"]


def test_groups_and_languages_are_spread_together_and_kept_quotes_stay_first():
    texts = [f"{topic} need attention, note {n}" for n, topic in enumerate(
        ["buses", "lunches", "roofs", "heating", "library", "choir", "parking"])]
    ranked = ranking(texts, role=["Parent", "Parent", "Student", "Student", "Parent",
                                  "Parent", "Parent"],
                     language=["en", "es", "en", "en", "es", "en", "en"])
    picks = pick_quotes(ranked, 3, group="role")
    assert picks["comment_id"].tolist() == ["c0", "c1", "c2"]  # en Parent, es, a Student
    kept = pick_quotes(ranked, 3, group="role", keep=["c5", "c0"])
    assert kept["comment_id"].tolist() == ["c5", "c0", "c1"]


def test_bad_settings_are_refused_with_the_value():
    ranked = ranking(["a comment with enough words in it"])
    with pytest.raises(ConfigError, match="n=-1"):
        pick_quotes(ranked, -1)
    with pytest.raises(ConfigError, match="'School'"):
        pick_quotes(ranked, 3, group="School")
    with pytest.raises(ConfigError, match="near_duplicate=0"):
        pick_quotes(ranked, 3, near_duplicate=0)
    assert quote_group([LANGUAGE_ATTRIBUTE, "Role"]) == "Role"
    assert quote_group([LANGUAGE_ATTRIBUTE]) is None


# -- the bundled sample, through the command line ------------------------------------------

@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample-quotes")
    assert main(["analyze", str(SAMPLE), "--text", "Comment", "--group", "Role", "--id",
                 "Response ID", "--round", "Round", "--embedder", "tfidf", "--no-cache",
                 "--out", str(out)]) == 0
    assert main(["report", str(out), "--format", "html"]) == 0
    assignments = pd.read_csv(out / "assignments.csv", dtype=str, keep_default_na=False)
    themes = pd.read_csv(out / "themes.csv", dtype=str, keep_default_na=False)
    return out, assignments, themes


def test_the_samples_themes_never_quote_one_campaign_twice_nor_near_duplicates(sample_out):
    _, assignments, themes = sample_out
    by_id = assignments.set_index("comment_id")
    assert (assignments["campaign_id"] != "").sum() >= 150  # the planted letter is found
    roles_spanned = []
    real = themes[themes["theme_id"].astype(int) >= 0]
    for theme_id, ids in zip(real["theme_id"], real["representative_comment_ids"]):
        quoted = by_id.loc[ids.split("; ")]
        assert len(quoted) == 3
        campaigns = quoted.loc[quoted["campaign_id"] != "", "campaign_id"]
        assert not campaigns.duplicated().any(), campaigns.tolist()
        for a, b in itertools.combinations(quoted["text_redacted"], 2):
            assert not are_near_duplicates(a, b), (a, b)
        members = assignments[assignments["theme_id"] == theme_id].drop_duplicates(
            "text_redacted")
        voiced = (members["Role"].value_counts() >= 2).sum()
        assert quoted["Role"].nunique() >= min(voiced, 2), (theme_id, quoted["Role"].tolist())
        roles_spanned.append(quoted["Role"].nunique())
    assert sum(roles_spanned) / len(roles_spanned) >= 2.5


def test_the_samples_html_report_has_no_theme_quoting_one_campaign_twice(sample_out):
    out, assignments, _ = sample_out
    campaign_of = dict(zip(assignments["text_redacted"], assignments["campaign_id"]))
    page = next(out.glob("*.html")).read_text(encoding="utf-8")
    articles = re.findall(r"<article><h3>(.*?)</h3>(.*?)</article>", page, flags=re.S)
    quoted_articles = 0
    for _, body in articles:
        quotes = [html.unescape(re.sub(r"\s*<cite.*?</cite>", "", q))
                  for q in re.findall(r"<blockquote>(.*?)</blockquote>", body, flags=re.S)]
        if not quotes:
            continue
        quoted_articles += 1
        campaigns = [campaign_of[q] for q in quotes]  # every quote is a comment of the file
        named = [c for c in campaigns if c]
        assert len(named) == len(set(named)), (quotes, campaigns)
    assert quoted_articles >= 10


# -- curation -------------------------------------------------------------------------------

def test_merging_two_themes_that_each_quote_one_letter_quotes_it_once():
    result = fitted_result()
    bus, lunch = theme_of_topic(result, "bus"), theme_of_topic(result, "lunch")
    # mark the first quote of each theme as a copy of one letter (the cleaning stage's
    # columns): a copy moved between themes, or themes fitted before a campaign was found
    comments = result.comments.copy()
    firsts = [result.theme(t).representative_comment_ids[0] for t in (bus, lunch)]
    comments.loc[comments["comment_id"].isin(firsts), ["campaign_id", "campaign_size"]] = \
        ["C900", 2]
    marked = dataclasses.replace(result, comments=comments)
    merged = merge_themes(marked, [bus, lunch], who="Ana").theme(min(bus, lunch))
    quoted = comments.set_index("comment_id").loc[list(merged.representative_comment_ids)]
    assert len(quoted) == 3
    assert (quoted["campaign_id"] == "C900").sum() == 1
    assert list(merged.representative_quotes) == quoted["text_redacted"].tolist()
    assert not any(are_near_duplicates(a, b)
                   for a, b in itertools.combinations(quoted["text_redacted"], 2))


def test_a_split_and_a_move_keep_the_rules():
    result = fitted_result()
    bus = theme_of_topic(result, "bus")
    split = split_theme(result, bus, 2, who="Bo")
    for theme in split.themes:
        if not theme.is_real:
            continue
        quoted = split.comments.set_index("comment_id").loc[list(
            theme.representative_comment_ids)]
        assert 1 <= len(quoted) <= result.config.n_representatives
        assert not quoted["campaign_id"].replace("", None).dropna().duplicated().any()
        assert not any(are_near_duplicates(a, b)
                       for a, b in itertools.combinations(quoted["text_redacted"], 2))
    before = result.theme(bus).representative_comment_ids
    moved = move_comment(result, before[0], -1, who="Cy").theme(bus)
    assert moved.representative_comment_ids[:2] == before[1:]
    assert len(moved.representative_comment_ids) == len(before)
    assert before[0] not in moved.representative_comment_ids
