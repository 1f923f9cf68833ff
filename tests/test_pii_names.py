"""Names after cue words in any case, capitalised names the small model does not know, and
what must stay: common words after the same cues, and nouns in German comments."""

from __future__ import annotations

import pytest

from analyzer.pipelines.pii import Redactor
from analyzer.pipelines.pii_name_cues import cued_names
from analyzer.pipelines.pii_name_words import english_parts_of_speech


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


@pytest.mark.parametrize("text, expected", [
    ("my son jake rides bus 4", "my son [NAME] rides bus 4"),
    ("the nurse who helped was olamide adeyemi, please thank her",
     "the nurse who helped was [NAME], please thank her"),
    ("if you call, ask for maria at the desk", "if you call, ask for [NAME] at the desk"),
    ("my daughter sophia loves the library", "my daughter [NAME] loves the library"),
    ("thanks to mr. okafor for the help", "thanks to mr. [NAME] for the help"),
    ("big thanks to ronja and jannik at the food bank",
     "big thanks to [NAME] and [NAME] at the food bank"),
    ("i'm geneviève, i run the breakfast club", "i'm [NAME], i run the breakfast club"),
    ("the bus driver tobi is always kind", "the bus driver [NAME] is always kind"),
    ("I'm Kirra Mundine and I ride it daily.", "I'm [NAME] and I ride it daily."),
    ("The secretary is Efren, reachable by phone.", "The secretary is [NAME], reachable by phone."),
    ("Siobhán O'Sullivan fixed it. Thanks to Siobhán O'Sullivan!",
     "[NAME] fixed it. Thanks to [NAME]!"),
    ("My son Jean-Luc Picard-Dubois is in grade 3.", "My son [NAME] is in grade 3."),
    ("My neighbour Nguyễn Thị Lan helps everyone.", "My neighbour [NAME] helps everyone."),
])
def test_name_after_a_cue(redactor, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Mein Sohn Fynn wurde vergessen.", "de", "Mein Sohn [NAME] wurde vergessen."),
    ("mein sohn fynn wurde an der haltestelle vergessen", "de",
     "mein sohn [NAME] wurde an der haltestelle vergessen"),
    ("merci à fatoumata traoré de la mairie", "fr", "merci à [NAME] de la mairie"),
    ("Soy Rosalba Cuevas, vivo aquí.", "es", "Soy [NAME], vivo aquí."),
    ("Ik ben Daan de Wit, bewoner van het blok.", "nl", "Ik ben [NAME], bewoner van het blok."),
    ("Mit freundlichen Grüßen, Friederike von Arnim", "de",
     "Mit freundlichen Grüßen, [NAME]"),
    ("Obrigado a Thiago por organizar tudo.", "pt", "Obrigado a [NAME] por organizar tudo."),
])
def test_name_after_a_cue_in_other_languages(redactor, text, language, expected):
    assert redactor.redact(text, language) == expected


@pytest.mark.parametrize("text", [
    "my son will be there on monday",
    "if you need it, ask for help at the office",
    "my daughter loves the new library",
    "the nurse was kind and patient",
    "I'm tired of the potholes.",
    "I'm pro-union.",
    "thanks to donors the park reopened",
    "the bus driver shortage is awful",
    "My mum doesn't use email.",
    "the teacher said no",
])
def test_common_words_after_cues_stay(redactor, text):
    assert redactor.redact(text) == text


@pytest.mark.parametrize("text", [
    "Die Heizung im Haus ist seit Montag kaputt.",
    "Für die Anmeldung im Sportverein braucht man viel Geduld.",
    "Bedingungsloses Grundeinkommen wäre gut, Preise massiv senken.",
    "Mijn dochter staat al een jaar op de wachtlijst.",
    "Appelez-moi demain, s'il vous plaît.",
])
def test_words_of_other_languages_stay(redactor, text):
    language = {"M": "nl", "A": "fr"}.get(text[0], "de")
    assert [s for s in redactor.find(text, language) if s.kind == "NAME"] == [], text


def test_spanish_lower_case_after_a_family_word_needs_the_spanish_word_classes():
    text = "mi hijo aprendió a leer con ella"
    assert Redactor().redact(text, "es") == text


def test_the_english_models_word_lists_tell_common_words_from_names():
    assert english_parts_of_speech("loves") >= {"verb"}
    assert "adj" in english_parts_of_speech("kind")
    assert english_parts_of_speech("olamide") == frozenset()
    assert english_parts_of_speech("maria") == {"noun"}  # so a noun alone is only a hint
    assert english_parts_of_speech("directions") == {"noun"}
    assert english_parts_of_speech("directions", inflected=False) == frozenset()


def test_a_word_the_batch_writes_often_is_no_name_after_a_weak_cue():
    assert cued_names("the teacher gonna call") == [(12, 17)]
    assert cued_names("the teacher gonna call", batch_words=frozenset({"gonna"})) == []
    # after a strong cue the batch does not count: "jake" may recur
    assert cued_names("my son jake", batch_words=frozenset({"jake"})) == [(7, 11)]


@pytest.mark.parametrize("text, expected", [
    ("Olamide Adeyemi helped us a lot.", "[NAME] helped us a lot."),
    ("Ananya and Priya run the homework club.", "[NAME] and [NAME] run the homework club."),
    ("We met at Bowling Green and Scottsville Rd.", "We met at Bowling Green and Scottsville Rd."),
])
def test_capitalised_names_the_model_does_not_know(redactor, text, expected):
    assert redactor.redact(text, "en") == expected


def test_unknown_capitalised_words_are_names_only_in_english_comments(redactor):
    text = "Gesunde Böden und Regionale Lebensmittel."
    assert redactor.redact(text, "de") == text
    assert cued_names(text) == []
