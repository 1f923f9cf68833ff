"""Cleaning: text repair, non-answers, languages, campaigns, repeats, redaction, the ledger."""

from __future__ import annotations

import os
import random

import numpy as np
import pandas as pd
import pytest

from analyzer.config import CleaningConfig
from analyzer.errors import ConfigError
from analyzer.pipelines.clean import (
    CLEAN_COLUMNS,
    EMPTY_AFTER_CLEANING,
    clean_comments,
    cleaning_summary,
    detect_languages,
    find_campaigns,
    find_respondent_repeats,
    fingerprint,
    is_non_answer,
    normalize_text,
)
from analyzer.themes.ledger import Ledger

NO_NAMES = CleaningConfig(redact_names=False)
LETTER = ("Dear school board we the parents of this district ask you to keep the neighborhood "
          "school open because our children need safe walking routes small classes and "
          "teachers who know them well").split()
OTHER_LETTER = ("We strongly oppose the proposed cuts to the evening bus service since many "
                "workers and students rely on late routes to get home safely after their shifts "
                "and classes").split()
FILLER_WORDS = "please really also strongly urge kindly today now".split()


def edited_copies(words: list[str], n: int, seed: int = 0) -> list[str]:
    """`n` copies of a letter, each with 0-2 small edits (a word changed, added or dropped)."""
    rng = random.Random(seed)
    copies = []
    for _ in range(n):
        copy = list(words)
        for _ in range(rng.randint(0, 2)):
            i, edit = rng.randrange(len(copy)), rng.random()
            if edit < 0.4:
                copy[i] = rng.choice(FILLER_WORDS)
            elif edit < 0.7:
                copy.insert(i, rng.choice(FILLER_WORDS))
            else:
                del copy[i]
        copies.append(" ".join(copy))
    return copies


def intake_frame(texts, rows=None, respondents=None, questions=None) -> pd.DataFrame:
    """A comments frame shaped like intake's, one file 'survey.csv'."""
    n = len(texts)
    rows = list(rows) if rows is not None else list(range(1, n + 1))
    return pd.DataFrame({
        "comment_id": [f"c{i}" for i in range(n)], "source": "survey.csv", "row": rows,
        "partner": "", "question": list(questions) if questions is not None else "comment",
        "respondent_id": list(respondents) if respondents is not None
        else [f"survey.csv:{r}" for r in rows],
        "text_original": list(texts), "role": (["Parent", "Student"] * n)[:n]})


def intake_ledger(n_rows: int) -> Ledger:
    entries = pd.DataFrame({"source": "survey.csv", "row": range(1, n_rows + 1),
                            "status": "kept", "reason": ""})
    return Ledger(entries, {"survey.csv": n_rows})


# --- normalize_text ----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("donâ€™t", "don't"),
    ("cafÃ© con leche", "café con leche"),
    ("<p>Buses&amp;routes</p>", "Buses&routes"),
    ("Line one<br/>line two<BR />three", "Line one line two three"),
    ("<div class='x'>Safer <b>crossings</b></div>", "Safer crossings"),
    ("x < y and 3 > 2", "x < y and 3 > 2"),
    ("&lt;p&gt;double escaped&lt;/p&gt;", "double escaped"),
    ("  more\t\tbuses \n\n please\u00a0 ", "more buses please"),
    ("zero\u200b-width\ufeff\u200d marks", "zero-width marks"),
    ("<br>", ""),
    ("   \u200b ", ""),
])
def test_normalize_text_repairs_export_damage(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("No sé... ¡Don't KNOW!", "no se dont know"),
    ("N/A", "n a"),
    ("  Más   AUTOBUSES, por favor ", "mas autobuses por favor"),
    ("---", ""),
])
def test_fingerprint_ignores_case_accents_and_punctuation(raw, expected):
    assert fingerprint(raw) == expected


# --- non-answers -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "n/a", "N/A.", "NA", "none", "Nothing", "no comment", "No comments!", "nope", "Don't know",
    "dont know", "IDK", "not sure", "No opinion", "see above", "Same as above", "as above", "-",
    "--", ".", "?", "Nothing to add", "nothing else", "None at this time, thanks!",
    "N/A - nothing.", "nada", "Ninguno", "ninguna", "No sé", "no se", "Sin comentarios",
    "ver arriba", "Igual que arriba", "Nada, gracias.",
])
def test_non_answers_are_recognised(text):
    assert is_non_answer(text)


@pytest.mark.parametrize("text", [
    "Nothing works on the bus", "No, the bus is late every day", "Not sure the new schedule helps",
    "More buses", "all good", "very good", "ok", "Nada funciona en el autobús", "", "   ",
])
def test_answers_are_not_non_answers(text):
    assert not is_non_answer(text)


# --- campaigns ---------------------------------------------------------------------------------

def test_a_lightly_edited_letter_is_one_campaign_and_short_repeats_are_not():
    texts = edited_copies(LETTER, 20) + ["very good"] * 50 + ["The lunch line is far too long"]
    result = find_campaigns(texts, min_words=15, similarity=0.8)
    assert result[:20] == [("C001", 20)] * 20
    assert set(result[20:]) == {("", 0)}


def test_two_letters_are_two_campaigns_numbered_by_size():
    texts = edited_copies(OTHER_LETTER, 4, seed=1) + edited_copies(LETTER, 6, seed=2)
    result = find_campaigns(texts, min_words=15, similarity=0.8)
    assert result == [("C002", 4)] * 4 + [("C001", 6)] * 6


def test_equal_sized_campaigns_are_numbered_by_first_occurrence():
    first, second = " ".join(OTHER_LETTER), " ".join(LETTER)
    result = find_campaigns([first, second, first, second, first, second], 15, 0.8)
    assert result == [("C001", 3), ("C002", 3)] * 3


def test_a_campaign_needs_min_copies():
    letter = " ".join(LETTER)
    assert find_campaigns([letter, letter], 15, 0.8) == [("", 0)] * 2
    assert find_campaigns([letter, letter], 15, 0.8, min_copies=2) == [("C001", 2)] * 2


@pytest.mark.parametrize("settings, message", [
    ({"min_words": 0}, r"min_words=0 should be >= 1"),
    ({"similarity": 1.5}, r"similarity=1.5 should be in \(0, 1\]"),
    ({"min_copies": 1}, r"min_copies=1 should be >= 2"),
])
def test_find_campaigns_rejects_bad_settings(settings, message):
    arguments = {"min_words": 15, "similarity": 0.8, **settings}
    with pytest.raises(ConfigError, match=message):
        find_campaigns(["a text"], **arguments)


# --- languages ---------------------------------------------------------------------------------

def test_languages_of_clear_sentences_and_und_for_short_ones():
    texts = ["The school bus is always late in the morning",
             "El autobús escolar siempre llega tarde por la mañana", "ok", "", "very good"]
    assert detect_languages(texts) == ["en", "es", "und", "und", "und"]


# --- respondent repeats ------------------------------------------------------------------------

def test_a_respondent_repeating_an_earlier_answer_is_marked():
    respondents = ["r1", "r1", "r1", "r2", "r2", "r3"]
    keys = [fingerprint(t) for t in [
        "The bus is late every morning", "the bus is late every morning!",
        "Lunch is cold", "The bus is late every morning", "The bus is late every single morning",
        "The bus is late every morning"]]
    # r1 repeats exactly; r2 near-identically; r3 only matches other people, which is fine.
    repeats = find_respondent_repeats(respondents, keys, similarity=0.8)
    assert repeats.tolist() == [False, True, False, False, True, False]


def test_non_answers_are_never_repeats():
    repeats = find_respondent_repeats(["r1", "r1"], ["n a", "n a"], 0.8, eligible=[False, False])
    assert repeats.tolist() == [False, False]


# --- clean_comments ----------------------------------------------------------------------------

def test_clean_comments_adds_columns_and_keeps_non_answers():
    texts = ["<p>We need more buses&amp;routes on weekends</p>", "n/a",
             "El autobús siempre llega tarde por la mañana"]
    cleaned, ledger = clean_comments(intake_frame(texts), intake_ledger(3), NO_NAMES)
    assert set(CLEAN_COLUMNS) <= set(cleaned.columns)
    assert cleaned["text"].tolist() == ["We need more buses&routes on weekends", "n/a", texts[2]]
    assert cleaned["text_original"].tolist() == texts
    assert cleaned["is_non_answer"].tolist() == [False, True, False]
    assert cleaned["language"].tolist() == ["en", "und", "es"]
    assert cleaned["campaign_id"].tolist() == ["", "", ""]
    assert cleaned["campaign_size"].tolist() == [0, 0, 0]
    assert ledger.n_kept == 3


def test_only_rows_whose_every_comment_is_empty_are_dropped():
    # Rows 1 and 2 each have two questions; row 1 keeps one answer, row 2 has none left.
    frame = intake_frame(["<br>", "Fix the crossing", "&nbsp;", "<p></p>", "Longer hours"],
                         rows=[1, 1, 2, 2, 3], questions=["q1", "q2", "q1", "q2", "q1"])
    cleaned, ledger = clean_comments(frame, intake_ledger(3), NO_NAMES)
    assert cleaned["row"].tolist() == [1, 3]
    assert cleaned.index.tolist() == [0, 1]
    entries = ledger.entries.set_index("row")
    assert entries["status"].to_dict() == {1: "kept", 2: "dropped", 3: "kept"}
    assert entries.loc[2, "reason"] == EMPTY_AFTER_CLEANING
    ledger.check()


def test_campaigns_repeats_and_non_answers_in_the_frame():
    letter_copies = edited_copies(LETTER, 5)
    texts = letter_copies + ["very good"] * 4 + ["n/a"] * 3 + ["Fix the crossing now",
                                                                 "fix the crossing now!"]
    respondents = [f"p{i}" for i in range(12)] + ["p99", "p99"]
    frame = intake_frame(texts, respondents=respondents)
    config = CleaningConfig(campaign_min_words=1, redact_names=False)
    cleaned, _ = clean_comments(frame, intake_ledger(len(texts)), config)
    assert cleaned["campaign_id"].tolist()[:5] == ["C001"] * 5
    # With min words 1, "very good" x4 becomes a campaign; "n/a" x3 never does.
    assert cleaned["campaign_id"].tolist()[5:9] == ["C002"] * 4
    assert cleaned["campaign_size"].tolist()[9:12] == [0, 0, 0]
    assert cleaned["respondent_repeat"].tolist() == [False] * 13 + [True]


def test_personal_information_is_redacted_only_in_text_redacted():
    texts = ["Email me at jane.doe@example.org about the bus",
             "Call 555-123-4567 if the crossing guard is missing"]
    cleaned, _ = clean_comments(intake_frame(texts), intake_ledger(2), NO_NAMES)
    redacted = cleaned["text_redacted"].tolist()
    assert "jane.doe@example.org" not in redacted[0] and "[EMAIL]" in redacted[0]
    assert "555-123-4567" not in redacted[1] and "[PHONE]" in redacted[1]
    assert cleaned["text"].tolist() == texts


def test_cleaning_summary_counts_everything():
    texts = edited_copies(LETTER, 4) + ["n/a", "nothing", "More buses on route 9 please"]
    frame = intake_frame(texts, respondents=["a", "b", "c", "d", "e", "e", "e"])
    cleaned, _ = clean_comments(frame, intake_ledger(len(texts)), NO_NAMES)
    summary = cleaning_summary(cleaned)
    assert summary["comments"] == 7
    assert summary["non_answers"] == 2
    assert summary["non_answer_wordings"] == {"n/a": 1, "nothing": 1}
    assert [(c["campaign_id"], c["size"]) for c in summary["campaigns"]] == [("C001", 4)]
    assert summary["campaigns"][0]["example"] == texts[0]
    assert summary["comments_in_campaigns"] == 4
    assert summary["languages"]["en"] == 5
    assert summary["respondent_repeats"] == 0


def test_empty_input_gives_an_empty_frame_with_the_new_columns():
    cleaned, ledger = clean_comments(intake_frame([]), intake_ledger(0), NO_NAMES)
    assert cleaned.empty and set(CLEAN_COLUMNS) <= set(cleaned.columns)
    assert ledger.n_read == 0


def test_a_campaign_of_many_variants_is_one_group_and_unrelated_letters_stay_apart():
    # 300 variants: each bucket proposes about two pairs per member, not all pairs, and the
    # exact Jaccard check still joins every variant to one campaign.
    texts = edited_copies(LETTER, 300, seed=5) + edited_copies(OTHER_LETTER, 5, seed=6)
    result = find_campaigns(texts, min_words=15, similarity=0.8)
    assert set(result[:300]) == {("C001", 300)}
    assert set(result[300:]) == {("C002", 5)}


def test_campaign_detection_is_deterministic_for_a_seed():
    texts = edited_copies(LETTER, 40, seed=8) + edited_copies(OTHER_LETTER, 40, seed=9)
    assert find_campaigns(texts, 15, 0.8, seed=3) == find_campaigns(texts, 15, 0.8, seed=3)


def test_campaign_signatures_hashed_in_blocks_of_texts_equal_all_at_once(monkeypatch):
    from analyzer.pipelines.clean import campaigns

    texts = edited_copies(LETTER, 7, seed=2) + edited_copies(OTHER_LETTER, 4, seed=3)
    pointers, columns = campaigns._incidence(texts, 1)
    functions = campaigns.hash_functions(32, 7)
    whole = campaigns._minhash(pointers, columns, *functions)
    monkeypatch.setattr(campaigns, "TEXT_BLOCK", 3)  # blocks of 3, 3, 3 and 2 texts
    assert np.array_equal(campaigns._minhash(pointers, columns, *functions), whole)
    assert find_campaigns(texts, 15, 0.8) == [("C001", 7)] * 7 + [("C002", 4)] * 4


def test_campaign_signatures_are_the_same_in_every_process():
    # Python salts string hashes per process (PYTHONHASHSEED); the same texts must get the
    # same MinHash signatures, hence the same campaigns and themes, in every run.
    import subprocess
    import sys

    script = ("from analyzer.pipelines.clean.campaigns import _incidence, _minhash, "
              "hash_functions\n"
              f"texts = {edited_copies(LETTER, 6, seed=4)!r}\n"
              "pointers, columns = _incidence(texts, 3)\n"
              "print(_minhash(pointers, columns, *hash_functions(32, 7)).tolist())")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1 and outputs.pop().startswith("[[")


def test_school_names_from_the_group_column_are_not_redacted_as_people():
    texts = ["Lincoln is a wonderful school and the teachers care",
             "Ms. Okafor at Lincoln should be thanked",
             "Maria Delgado drives the bus and never says hello to the kids"]
    frame = intake_frame(texts).assign(
        school=["Lincoln Park Elementary", "Lincoln Park Elementary", "Cedar Hills"],
        facilitator=["Maria Delgado"] * 3)
    cleaned, _ = clean_comments(frame, intake_ledger(3), CleaningConfig(),
                                ["school", "facilitator"])
    redacted = cleaned["text_redacted"].tolist()
    assert redacted[0] == texts[0]
    assert redacted[1] == "Ms. [NAME] at Lincoln should be thanked"
    # A group value that is not a place (a facilitator's name) is still redacted.
    assert "Maria" not in redacted[2] and "Delgado" not in redacted[2]
