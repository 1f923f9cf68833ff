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
    ("my son Will loves it", "my son [NAME] loves it"),  # a verb, and a given name
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
    # A run-on sentence: the next one's capitalised verb is no name (a given name would be).
    "the bus takes an hour each way for my kids Fix it soon.",
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


@pytest.mark.parametrize("text, language, expected", [
    ("We were helped by tavita leiataua at the counter.", "en",
     "We were helped by [NAME] at the counter."),
    ("hi its tolu again from flat 2", "en", "hi its [NAME] again from flat 2"),
    ("the receptionist, ashwin, was rude", "en", "the receptionist, [NAME], was rude"),
    ("Our caseworker, Yusuf, moved on.", "en", "Our caseworker, [NAME], moved on."),
    ("my father, emmanuel okoro, retired in 2016", "en", "my father, [NAME], retired in 2016"),
    ("my lola florencia mercado waits since 5 am", "en", "my lola [NAME] waits since 5 am"),
    ("Contact person: Amarjit Sandhu, tel. below", "und", "Contact person: [NAME], tel. below"),
    ("Callum at the front desk was so patient.", "en", "[NAME] at the front desk was so patient."),
    ("josée thibodeau from the council came out", "en", "[NAME] from the council came out"),
    ("A enfermeira que nos atendeu foi Yasmin, muito atenciosa.", "pt",
     "A enfermeira que nos atendeu foi [NAME], muito atenciosa."),
    ("valeu raimundo nonato ferreira do posto", "pt", "valeu [NAME] do posto"),
    ("Parabéns à professora Cleonice da escola!", "pt", "Parabéns à professora [NAME] da escola!"),
    ("Vielen Dank an Hans-Dieter Böhm für das Fest", "de", "Vielen Dank an [NAME] für das Fest"),
    ("Fragen Sie am Empfang nach Anselm, bitte.", "de",
     "Fragen Sie am Empfang nach [NAME], bitte."),
])
def test_cues_added_for_the_world_sets_misses(redactor, text, language, expected):
    assert redactor.redact(text, language) == expected


@pytest.mark.parametrize("text, expected", [
    # The Spanish model calls these unseen names adjectives or verbs; its word lists lack them.
    ("mi hijo mateo tiene asma", "mi hijo [NAME] tiene asma"),
    ("gracias a emiliano salazar ortiz del centro de salud",
     "gracias a [NAME] del centro de salud"),
    ("la maestra tonatiuh mendoza nunca contesta", "la maestra [NAME] nunca contesta"),
])
def test_lower_case_spanish_names_the_model_mistags(redactor, text, expected):
    from analyzer.pipelines.pii import spanish_model_available

    if not spanish_model_available():
        pytest.skip("the optional Spanish model is not installed")
    assert redactor.redact(text, "es") == expected


@pytest.mark.parametrize("text, language", [
    ("mi hijo aprendió a leer en la biblioteca", "es"),  # a verb opens it
    ("mi hijo pequeño no tiene plaza", "es"),  # an adjective the Spanish lists know
    ("Staff at the front desk were kind.", "en"),  # a noun the English lists know
    ("The nurse at the front desk was kind.", "en"),
    ("Parking at the front desk side is impossible.", "en"),
    ("Contacto: el ayuntamiento no contesta.", "es"),
    ("Needles behind Kaunda House again.", "en"),
    ("The Purple Line was shut on Sunday.", "en"),
])
def test_what_the_added_cues_leave(redactor, text, language):
    assert "[NAME]" not in redactor.redact(text, language)


@pytest.mark.parametrize("text, read", [
    ("Quick comment: the buses are late.", False),  # an adjective alone opens the sentence
    ("Kids need more time to eat.", False),  # a noun that is no one's given name
    ("The ATM took my card again.", False),  # an acronym between lower-case words
    ("We asked the PTA about it.", False),
    ("Priya helped us with the forms.", True),  # a name opening a sentence
    ("Will Turner drives route 4.", True),  # a given name that is also a word
    ("Ask Maria at the ATM.", True),  # the name is read, whatever the acronym
    ("The IEP Coordinator Bashir was great.", True),  # Bashir is read, beside an acronym
    ("Quick Fernandez fixed the heater.", True),  # the word has a capitalised neighbour
])
def test_sentences_the_recogniser_is_given(text, read):
    """`passages_to_read` gives the recogniser nothing for cues `checked_name` would reject as
    one-word names: a common word opening a sentence with no capital after it, an acronym
    with no capital beside it."""
    from analyzer.pipelines.pii_names import passages_to_read

    assert bool(passages_to_read(text, frozenset(), frozenset())) is read


def test_those_cues_left_out_change_no_name_found(monkeypatch):
    """On every comment of the labelled PII sets whose passages the two rules leave out, the
    recogniser and the checks find the same spans as when every cue is read."""
    from analyzer.pipelines import pii_names
    from analyzer.pipelines.clean.language import detect_languages
    from benchmarks.pii_eval import DEFAULT_DATA, PHONES_DATA, SPANISH_DATA, load_records
    from benchmarks.pii_world import WORLD_DATA

    texts = list(dict.fromkeys(record["text"] for path in (WORLD_DATA, DEFAULT_DATA,
                                                           SPANISH_DATA, PHONES_DATA)
                               for record in load_records(path)))
    common = pii_names.lowercase_words(texts)
    left_out = [pii_names.passages_to_read(text, common, frozenset()) for text in texts]
    with monkeypatch.context() as patch:
        patch.setattr(pii_names, "_acronym_alone", lambda text, word: False)
        patch.setattr(pii_names, "_alone_at_a_sentence_start", lambda text, word: False)
        every_cue = [pii_names.passages_to_read(text, common, frozenset()) for text in texts]
        changed = [text for text, fewer, full in zip(texts, left_out, every_cue)
                   if fewer != full]
        assert len(changed) > 100  # the rules left passages out: the claim is put to the test
        languages = detect_languages(changed)
        with_every_cue = Redactor().find_many(changed, languages)
    assert Redactor().find_many(changed, languages) == with_every_cue


@pytest.mark.parametrize("entity, text, language", [
    ("veio R$", "A conta de luz veio R$ 487,90 e a Light não explica o aumento.", "pt"),
    ("Tram M10", "Tram M10 was late again this morning.", "en"),
    ("Ana @home", "Ana @home says the wifi drops.", "en"),
])
def test_an_entity_with_a_digit_or_a_symbol_is_no_name(entity, text, language):
    from analyzer.pipelines.pii_names import checked_name

    start = text.index(entity)
    assert checked_name(text, start, start + len(entity), ner=True, language=language) == []


def test_a_name_next_to_a_symbol_is_still_a_name():
    from analyzer.pipelines.pii_names import checked_name

    text = "Ana @home says the wifi drops."
    assert checked_name(text, 0, 3, ner=True, language="en") == [(0, 3)]


@pytest.mark.parametrize("text, language", [
    ("Ich bin strikt dagegen, das Freibad zu schließen.", "de"),  # after "I am": no name
    ("Wir brauchen Radwege, Bodenversiegelung und Stadtbäume.", "de"),  # German nouns
    ("Fotos vom Spielplatz: www.example.org/bilder", "und"),  # a common word of a language
    ("Landline (614) 555-0199, mornings only.", "en"),  # an English word before a phone
    ("The bus to the depot, Route 9, never comes.", "en"),  # a role's comma, then no name
    ("Atentamente, la junta vecinal.", "es"),  # a letter's opening, not a list
    ("Carer here. The respite beds have gone.", "en"),  # a writer describing themselves
])
def test_what_lists_and_places_leave_as_it_is(redactor, text, language):
    assert "[NAME]" not in redactor.redact(text, language)


@pytest.mark.parametrize("text, language", [
    ("Ich bin der Ansicht, wir brauchen mehr Busse.", "de"),
    ("Kernreaktoren der neuen Generation lösen das nicht.", "de"),
    ("Die Stadt ist nicht bereit Lärm, Umweltverschmutzung, Ressourcenverschwendung zu stoppen.",
     "de"),
    ("Pregunten por la caseta de vigilancia en la entrada.", "es"),
    ("A carrinha da escola deixou de parar no bairro.", "pt"),
    ("Gegevens: Hanne, rijksregisternummer 79.11.02-245.05.", "nl"),
])
def test_german_nouns_and_common_words_stay(redactor, text, language):
    redacted = redactor.redact(text, language)
    assert redacted.count("[NAME]") <= ("Hanne" in text), redacted


@pytest.mark.parametrize("text, language, place", [
    ("Le lycée Victor Hugo manque de profs de maths.", "fr", "Victor Hugo"),
    ("Im Freibad Ottensen ist das Wasser zu kalt.", "de", "Ottensen"),
    ("A escola municipal Cecília Meireles não tem merenda.", "pt", "Cecília Meireles"),
    ("El CEIP Antonio Machado sigue sin calefacción.", "es", "Antonio Machado"),
    ("The Hospital Maria Pia waiting room has no chairs.", "en", "Maria Pia"),
])
def test_a_facility_named_after_someone_is_no_name(redactor, text, language, place):
    assert place in redactor.redact(text, language)


@pytest.mark.parametrize("text, language, expected", [
    # Lists: a name found draws in the names listed beside it, in the list's own language.
    ("Un grand bravo à Lisette Marchal, Oriane et Baptiste Roux pour le marché.", "fr",
     "Un grand bravo à [NAME], [NAME] et [NAME] pour le marché."),
    ("mes enfants, tiago et inaya, adorent la piscine", "fr",
     "mes enfants, [NAME] et [NAME], adorent la piscine"),
    ("Complimenti a Rosaria Iannone, Ottavio e Ciro per la sagra.", "it",
     "Complimenti a [NAME], [NAME] e [NAME] per la sagra."),
    # A word rare in the comment's language, after a cue, in a capitalised comment.
    ("Escriban a mi esposa yuleisy, ella tiene los papeles.", "es",
     "Escriban a mi esposa [NAME], ella tiene los papeles."),
    ("Mail liever mijn broer kwaku, hij weet het.", "nl",
     "Mail liever mijn broer [NAME], hij weet het."),
    ("Il bidello, un certo gennarino, chiude il cancello alle sette.", "it",
     "Il bidello, un certo [NAME], chiude il cancello alle sette."),
    # Where the name stands: set off after a role, before where its bearer works, or
    # signing off before a phone.
    ("The caretaker at the depot, oyelaran, never answers the door.", "en",
     "The caretaker at the depot, [NAME], never answers the door."),
    ("Ekow from the youth centre fixed the nets in a day.", "en",
     "[NAME] from the youth centre fixed the nets in a day."),
    ("c'est nadiya du centre social qui répond au téléphone", "fr",
     "c'est [NAME] du centre social qui répond au téléphone"),
    ("Merci d'avance pour votre aide, Ysaline — +33 6 39 98 12 34", "fr",
     "Merci d'avance pour votre aide, [NAME] — [PHONE]"),
    # Family words and titles of each language, lists in either case, a list of names as a
    # sentence's subject, "c'est ... qui", "Signed,".
    ("ma grand-mère ouria attend depuis mars", "fr", "ma grand-mère [NAME] attend depuis mars"),
    ("mein opa gerwin kommt nicht mehr die treppe hoch", "de",
     "mein opa [NAME] kommt nicht mehr die treppe hoch"),
    ("Hablen con Yulissa en la oficina, ella sabe.", "es",
     "Hablen con [NAME] en la oficina, ella sabe."),
    ("Merci à odile, Karim et sidonie pour la kermesse.", "fr",
     "Merci à [NAME], [NAME] et [NAME] pour la kermesse."),
    ("De conciërge, ineke de meulemeester, zegt dat het onze schuld is.", "nl",
     "De conciërge, [NAME], zegt dat het onze schuld is."),
    ("wietse, anouk en Sven hebben het buurtfeest georganiseerd.", "nl",
     "[NAME], [NAME] en [NAME] hebben het buurtfeest georganiseerd."),
    ("C'est Oriane qui a lancé la chorale du quartier.", "fr",
     "C'est [NAME] qui a lancé la chorale du quartier."),
    ("Signed, Tamsin, a parent at the school", "en", "Signed, [NAME], a parent at the school"),
    ("L'agent qui m'a reçu, gwendal le bihan, n'a rien noté.", "fr",
     "L'agent qui m'a reçu, [NAME], n'a rien noté."),
    ("O atendente caio moraes foi muito grosso.", "pt", "O atendente [NAME] foi muito grosso."),
    ("ringrazio ornella e tiziano per la festa", "it", "ringrazio [NAME] e [NAME] per la festa"),
    ("Could you pass this on to Tendai? Thanks.", "en",
     "Could you pass this on to [NAME]? Thanks."),
    ("Oisín here (the one with the broken gate). Call me back.", "en",
     "[NAME] here (the one with the broken gate). Call me back."),
    ("Ich bitte um Rückruf: Wiebke, 0176 55598123.", "de",
     "Ich bitte um Rückruf: [NAME], [PHONE]."),
    ("My grandad Tunde walks there every day.", "en", "My grandad [NAME] walks there every day."),
    ("mi suegra yaritzel no puede subir las escaleras", "es",
     "mi suegra [NAME] no puede subir las escaleras"),
    ("mon beau-père anatole attend depuis trois heures", "fr",
     "mon beau-père [NAME] attend depuis trois heures"),
    ("My colleague radoslava translated the whole form.", "en",
     "My colleague [NAME] translated the whole form."),
    ("Please pass this on to Blessing, she runs the club.", "en",
     "Please pass this on to [NAME], she runs the club."),
    ("Kayode's mum runs the stall by the gate.", "en", "[NAME]'s mum runs the stall by the gate."),
    ("Der Spielplatz ist seit Mai zu. lg Vroni", "de", "Der Spielplatz ist seit Mai zu. lg [NAME]"),
    ("Name: Trần Minh Khoa, flat 3", "en", "Name: [NAME], flat 3"),
])
def test_names_the_blind_parts_taught(redactor, text, language, expected):
    """Names in lists, after family words, roles and thanks of each language, before one's
    details, set off after a role or where their bearer works: forms the world set's fresh3
    to fresh5 parts showed, in sentences written for these tests."""
    assert redactor.redact(text, language) == expected
