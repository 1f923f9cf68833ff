"""The extractive theme summary: one sentence of the theme's own comments, chosen for content."""

from __future__ import annotations

import pytest

from analyzer.errors import ConfigError
from analyzer.themes.summaries import SummaryPicker, split_sentences, summarise_themes

OPENER = "Thank you so much for asking all of us what we think about this."

BUSES = [
    ("b1", f"{OPENER} The morning bus is late every single day and kids miss first period.", ""),
    ("b2", f"{OPENER} Our bus driver waits at the stop but the bus is always late.", ""),
    ("b3", "The bus is late and my son misses breakfast at school most days.", ""),
    ("b4", f"Call [NAME] at [PHONE] or [EMAIL] about [NAME]. {OPENER}", ""),
]
LUNCH = [
    ("l1", f"{OPENER} The cafeteria lunch is cold and the portions are far too small.", ""),
    ("l2", f"{OPENER} Lunch in the cafeteria runs out before the last lunch period.", ""),
    ("l3", "Please put fresh fruit and a salad bar in the cafeteria for lunch.", ""),
]
KEYWORDS = {0: ("bus", "late", "stop"), 1: ("cafeteria", "lunch", "fruit")}


def sentences_of(rows):
    return {s for _, text, _ in rows for s in split_sentences(text)}


def test_the_summary_is_a_sentence_of_the_themes_own_comments_and_about_its_subject():
    summaries = summarise_themes({0: BUSES, 1: LUNCH}, KEYWORDS)
    bus, lunch = summaries[0], summaries[1]
    assert bus.sentence in sentences_of(BUSES) and lunch.sentence in sentences_of(LUNCH)
    assert "bus" in bus.sentence.lower() and "late" in bus.sentence.lower()
    assert "cafeteria" in lunch.sentence.lower() or "lunch" in lunch.sentence.lower()
    assert bus.comment_id in {"b1", "b2", "b3"} and lunch.comment_id in {"l1", "l2", "l3"}


def test_an_opener_every_theme_shares_is_not_a_summary_even_when_it_is_most_common():
    summaries = summarise_themes({0: BUSES, 1: LUNCH})  # no keywords: the contrast alone
    assert OPENER not in {summaries[0].sentence, summaries[1].sentence}


def test_sentences_mostly_placeholders_are_never_chosen():
    only_redacted = [("r1", "Call [NAME] at [PHONE] or [EMAIL] about [NAME] and [NAME].", "")]
    assert summarise_themes({0: only_redacted, 1: LUNCH})[0] is None
    chosen = summarise_themes({0: BUSES, 1: LUNCH}, KEYWORDS)[0].sentence
    assert "[NAME]" not in chosen


def test_a_campaign_counts_once_and_its_copy_is_chosen_only_without_an_independent_voice():
    letter = "We the undersigned demand the cafeteria serve hot lunch food every day now."
    copies = [(f"c{i}", letter, "C1") for i in range(50)]
    with_voices = summarise_themes({0: BUSES, 1: copies + LUNCH}, KEYWORDS)[1]
    assert with_voices.sentence != letter and with_voices.comment_id.startswith("l")
    alone = summarise_themes({0: BUSES, 1: copies}, KEYWORDS)[1]
    assert alone.sentence == letter and alone.comment_id == "c0"


def test_a_sentence_of_eight_to_thirty_words_is_preferred_to_a_short_one():
    rows = [("s1", "Buses late. Buses late again.", ""),
            ("s2", "The buses on route nine are late again every morning this month.", "")]
    assert summarise_themes({0: rows, 1: LUNCH})[0].comment_id == "s2"
    short_only = [("s1", "Buses late. Buses late again.", "")]
    assert summarise_themes({0: short_only, 1: LUNCH})[0].sentence in {"Buses late.",
                                                                      "Buses late again."}


def test_the_choice_is_the_same_whatever_the_run_and_ties_go_to_the_first_seen():
    twins = [("t1", "The bus stop needs a crossing guard right now please.", ""),
             ("t2", "The bus stop needs a crossing guard right now please!", "")]
    first = summarise_themes({0: twins, 1: LUNCH})
    assert first == summarise_themes({0: twins, 1: LUNCH})
    assert first[0].comment_id == "t1"


def test_sentences_are_cut_at_their_ends_but_not_after_a_title():
    assert split_sentences("Ms. [NAME] is kind. Is the bus late?\nYes!") == [
        "Ms. [NAME] is kind.", "Is the bus late?", "Yes!"]
    assert split_sentences("¿Por qué? La escuela no responde.") == [
        "¿Por qué?", "La escuela no responde."]


def test_a_theme_without_comments_gets_no_summary():
    assert summarise_themes({0: [], 1: LUNCH})[0] is None
    assert summarise_themes({0: []}) == {0: None}


@pytest.mark.parametrize("settings, quoted", [({"min_words": 0}, "0"),
                                              ({"min_words": 40, "max_words": 30}, "40"),
                                              ({"max_placeholder_share": 2}, "2"),
                                              ({"min_words": 8.5}, "8.5")])
def test_bad_settings_are_refused_with_the_value_quoted(settings, quoted):
    with pytest.raises(ConfigError, match=quoted):
        SummaryPicker(**settings)


def test_an_analysis_is_summarised_from_each_themes_own_comments():
    from analyzer.themes.summaries import summarise_result
    from tests.fitted import fitted_result

    result = fitted_result()
    summaries = summarise_result(result)
    assert sorted(summaries) == sorted(t.theme_id for t in result.themes if t.is_real)
    for theme_id, summary in summaries.items():
        own = result.comments_in(theme_id)["text_redacted"]
        assert summary is not None and any(summary.sentence in split_sentences(text)
                                           for text in own)
