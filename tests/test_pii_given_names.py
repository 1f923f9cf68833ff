"""Given names of many countries (Faker's lists, read as data) as evidence of a name: after
cue words in any of the covered languages, and capitalised anywhere, with their surname;
and the words, places and headings that must stay."""

from __future__ import annotations

import pytest

from analyzer.pipelines.pii import Redactor
from analyzer.pipelines.pii_given_names import (
    given_name_runs,
    given_names,
    is_given_name,
    lower_case_given_names,
)


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


def test_the_lists_hold_names_of_many_countries_and_no_common_word():
    names = given_names()
    assert len(names) > 20_000
    assert {"imogen", "gaspard", "wout", "stijn", "marisela", "afonso", "itzel"} <= names
    # Stop words, months, English verbs and adjectives, and one-word places are left out.
    assert not any(is_given_name(word) for word in
                   ("will", "may", "june", "frank", "sunny", "america", "victoria", "israel"))


@pytest.mark.parametrize("text, language, expected", [
    ("Vraag naar noor bij de receptie, zij helpt je.", "nl",
     "Vraag naar [NAME] bij de receptie, zij helpt je."),
    ("Je suis la mère de Gaspard et le car est encore en retard.", "fr",
     "Je suis la mère de [NAME] et le car est encore en retard."),
    ("we asked for callum twice at the desk", "en", "we asked for [NAME] twice at the desk"),
    ("Perguntem pelo duarte na portaria.", "pt", "Perguntem pelo [NAME] na portaria."),
    ("Mio figlio Matteo non ha il posto sul bus.", "it",
     "Mio figlio [NAME] non ha il posto sul bus."),
])
def test_a_given_name_after_a_cue_in_any_covered_language(redactor, text, language, expected):
    assert redactor.redact(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Imogen from the residents' panel chased the landlord for us.", "en",
     "[NAME] from the residents' panel chased the landlord for us."),
    ("Met vriendelijke groet, Stijn De Smedt, tel. 06 4321 8765", "nl",
     "Met vriendelijke groet, [NAME], tel. [PHONE]"),
    ("The crossing on Elm is unsafe, Marisela Ortega nearly got hit.", "en",
     "The crossing on Elm is unsafe, [NAME] nearly got hit."),
])
def test_a_capitalised_given_name_with_its_surname_and_no_cue(redactor, text, language,
                                                              expected):
    assert redactor.redact(text, language) == expected


@pytest.mark.parametrize("text", [
    "Visiting from Valencia, the ticket machine ate my note.",
    "Make America Kind",
    "The path to Victoria Park was not gritted.",
    "Le marché de Noël était très réussi.",
    "Moro em São Paulo e o lixo não passa.",
    "Some of my ancestors came through Ellis Island.",
    "Martin Luther King Jr. Day assembly was beautiful.",
    "Delivered to 15705 Santiago de Compostela by mistake.",
])
def test_places_feasts_and_words_named_like_people_are_no_given_name_runs(text):
    assert given_name_runs(text) == []


def test_a_word_the_batch_writes_in_lower_case_is_a_word_not_a_name():
    text = "Tenemos Luz en la calle desde ayer."
    assert [text[start:end] for start, end in given_name_runs(text)] == ["Luz"]
    assert given_name_runs(text, batch_words=frozenset({"luz"})) == []


def test_a_text_capitalising_most_of_its_words_is_read_as_a_heading():
    heading = "Why Does The Council Never Fix The Road Near Tamsin"
    assert given_name_runs(heading) == []
    sentence = "Why does the council never fix the road past Imogen's house"
    assert [sentence[start:end] for start, end in given_name_runs(sentence)] == ["Imogen's"]


def test_a_name_before_an_address_is_no_heading(redactor):
    text = "Brayden, 57 Birchmount Crescent, Winnipeg. Please process the refund."
    assert redactor.redact(text, "en").startswith("[NAME], [ADDRESS]")


def test_a_title_before_a_given_name_is_kept_out_of_the_name(redactor):
    assert redactor.redact("Please reach our landlord, Chief Emeka Obi, today.", "en") == (
        "Please reach our landlord, Chief [NAME], today.")


@pytest.mark.parametrize("text", [
    "Rückbau von Parkplätzen in der Innenstadt.",
    "Umbau von Kreuzungen für Radfahrer.",
])
def test_german_nouns_joined_by_a_particle_are_no_name(redactor, text):
    assert redactor.redact(text, "de") == text


def test_a_noun_opening_a_sentence_that_is_no_given_name_stays(redactor):
    text = "Landlord's emergency number is never answered after six."
    assert redactor.redact(text, "en") == text


@pytest.mark.parametrize("text, language, expected", [
    ("kojo at the library is an absolute star", "en",
     "[NAME] at the library is an absolute star"),
    ("De medewerker, hanne oudshoorn, was onbeleefd.", "nl",
     "De medewerker, [NAME], was onbeleefd."),
    ("ringrazio ludovica per aver pulito il parco", "it",
     "ringrazio [NAME] per aver pulito il parco"),
])
def test_a_rare_given_name_in_lower_case_needs_no_cue(redactor, text, language, expected):
    assert redactor.redact(text, language) == expected


@pytest.mark.parametrize("text, language", [
    ("the ticket office opens every domingo at nine", "en"),  # a common Spanish word
    ("who arent yet ready for bingo nights", "en"),
    ("the memo was a fairy-tale from start to end", "en"),
])
def test_lower_case_words_that_some_locale_lists_as_names_stay(text, language):
    assert lower_case_given_names(text, language=language) == []


def test_a_word_the_batch_writes_often_is_no_lower_case_name():
    assert lower_case_given_names("kojo at the library", language="en") != []
    assert lower_case_given_names("kojo at the library", language="en",
                                  batch_words=frozenset({"kojo"})) == []


@pytest.mark.parametrize("text, language", [
    ("The 70 bus to Botany skipped three stops on Friday.", "en"),
    ("Escríbanle al ayuntamiento, nadie contesta.", "es"),
])
def test_a_place_after_a_journey_and_a_lone_foreign_opening_word_are_no_names(
        redactor, text, language):
    assert redactor.redact(text, language) == text


@pytest.mark.parametrize("text, language", [
    ("Vida de barrio: necesitamos más luz en la plaza.", "es"),
    ("Paz y seguridad para todos los vecinos.", "es"),
    ("Avis aux habitants du quartier nord.", "fr"),
    ("Vero, il centro è sporco da mesi.", "it"),
    ("Vorm een werkgroep voor het park.", "nl"),
])
def test_a_common_word_opening_a_sentence_in_another_language_stays(redactor, text, language):
    assert redactor.redact(text, language) == text


def test_a_surname_is_read_on_the_same_line_only():
    assert given_name_runs("Marisela\nOrtega came", language="en") == [(0, 8)]
    text = "Ask Marisela Ortega today"
    assert [text[start:end] for start, end in given_name_runs(text)] == ["Marisela Ortega"]
