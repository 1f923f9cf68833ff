"""Phone numbers from many countries (libphonenumber), the numbers that are not phones, the
`phone_regions` setting, and the labelled phone set."""

from __future__ import annotations

import pytest

from analyzer.errors import ConfigError
from analyzer.pipelines.phones import DEFAULT_PHONE_REGIONS, phone_spans
from analyzer.pipelines.pii import Redactor
from benchmarks.pii_eval import PHONES_DATA, evaluate, load_records


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(redact_names=False)


@pytest.mark.parametrize("country, text, expected", [
    ("US", "Call (555) 318-2270 after lunch.", "Call [PHONE] after lunch."),
    ("US", "Office 1-800-555-0123 ext. 7 is useless.", "Office [PHONE] is useless."),
    ("US", "Try 555.777.1212 or 555-0142.", "Try [PHONE] or [PHONE]."),
    ("US", "Odd grouping (555) 0101-9779 still counts.", "Odd grouping [PHONE] still counts."),
    ("CA", "Toronto line 647-555-0190 please.", "Toronto line [PHONE] please."),
    ("GB", "Ring 07700 900321 tonight.", "Ring [PHONE] tonight."),
    ("GB", "Office (0161) 496 0999, mornings.", "Office [PHONE], mornings."),
    ("GB", "Dial +44 (0)20 7946 0555 to book.", "Dial [PHONE] to book."),
    ("IE", "Mobile 086 555 1234 or (01) 555 4321.", "Mobile [PHONE] or [PHONE]."),
    ("AU", "Text 0423 456 789 for the excursion.", "Text [PHONE] for the excursion."),
    ("AU", "Perth office (08) 9123 4567.", "Perth office [PHONE]."),
    ("DE", "Handy 0170 1234567, bitte.", "Handy [PHONE], bitte."),
    ("DE", "Munich +49 89 12345678 evenings.", "Munich [PHONE] evenings."),
    ("FR", "Portable 07 11 22 33 44 merci.", "Portable [PHONE] merci."),
    ("FR", "Lyon: 04.78.12.34.56 le matin.", "Lyon: [PHONE] le matin."),
    ("MX", "Celular 55 8765 4321, por favor.", "Celular [PHONE], por favor."),
    ("MX", "WhatsApp +52 1 55 8765 4321.", "WhatsApp [PHONE]."),
    ("ES", "Móvil 622 11 22 33 gracias.", "Móvil [PHONE] gracias."),
    ("ES", "Madrid 91 555 12 34.", "Madrid [PHONE]."),
    ("IN", "Call +91 99887 76655 after 7.", "Call [PHONE] after 7."),
    ("IN", "Mobile 98123 45678 please.", "Mobile [PHONE] please."),
    ("NG", "Line 0802 555 6677 before noon.", "Line [PHONE] before noon."),
    ("KE", "Call 0722 123 456 about fees.", "Call [PHONE] about fees."),
    ("PH", "Text 0927 555 1234 po.", "Text [PHONE] po."),
    ("any", "Our cousin +81 3-1234-5678 in Tokyo.", "Our cousin [PHONE] in Tokyo."),
])
def test_phones_by_country(redactor, country, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize("text", [
    "The meeting moved to 2026-03-14 at 7:30 pm.",
    "Deadline was 14/03/2026, and 14.03.2026 in the German letter.",
    "I paid $1,250.00 and then €3.499,00.",
    "ZIP 60614, postcode M1 1AE, PLZ 80331.",
    "Room 214, bus route 8, 45% of parents, since 2019.",
    "Order number 20260314-5521 is missing.",
    "Grades 6-8 vote count 1,204 to 987.",
    "Classes run 08:15-15:30 on weekdays.",
    "Case 2026-0000123 and account 100-2200-6300.",
])
def test_numbers_that_are_not_phones_stay(redactor, text):
    assert redactor.redact(text) == text


def test_an_iban_is_no_phone_but_an_identifier(redactor):
    assert (redactor.redact("IBAN DE89 3704 0044 0532 0130 00 was charged.")
            == "IBAN [ID] was charged.")


def test_regions_decide_national_formats_but_plus_numbers_always_count():
    # A US number in its national layout, with no phone word and no trunk 0 for the lenient
    # rule to go by: only a region that knows the layout reads it.
    text = "Office 312 555 0199, intl +44 7700 900321."
    gb_only = Redactor(redact_names=False, phone_regions=("GB",))
    assert gb_only.redact(text) == "Office 312 555 0199, intl [PHONE]."
    none = Redactor(redact_names=False, phone_regions=())
    assert none.redact(text) == "Office 312 555 0199, intl [PHONE]."
    assert Redactor(redact_names=False).redact(text) == "Office [PHONE], intl [PHONE]."


def test_phone_spans_are_offsets_into_the_text():
    text = "Call 0412 345 678 now."
    assert [text[start:end] for start, end in phone_spans(text)] == ["0412 345 678"]
    assert phone_spans("No digits here.") == []
    assert DEFAULT_PHONE_REGIONS[0] == "US"


@pytest.mark.parametrize("regions, message", [
    ("US", r"phone_regions='US' should be a list of region codes"),
    (["US", "XX"], r"unknown region code\(s\) \['XX'\]; use ISO 3166 two-letter codes"),
])
def test_bad_phone_regions(regions, message):
    with pytest.raises(ConfigError, match=message):
        Redactor(phone_regions=regions)


def test_region_codes_are_case_insensitive():
    assert Redactor(phone_regions=["gb", "us"]).phone_regions == ("GB", "US")


@pytest.mark.parametrize("split", ["dev", "test"])
def test_labelled_phone_set(redactor, split):
    records = [r for r in load_records(PHONES_DATA) if r["split"] == split]
    assert len({r["country"] for r in records} - {"neg"}) >= 8
    phone = evaluate(redactor, records)["kinds"]["PHONE"]
    assert phone["recall"] >= 0.98
    assert phone["precision"] >= 0.95


@pytest.mark.parametrize("text, expected", [
    # Brazil is not among the default regions: the lenient rule reads the bracketed area code
    ("Liga pra mim: (11) 98765-0012", "Liga pra mim: [PHONE]"),
    ("WhatsApp 9 8765 4321 0 after six", "WhatsApp [PHONE] after six"),
    ("call me on 0044 20 7946 0018 tonight", "call me on [PHONE] tonight"),
])
def test_lenient_rule_reads_phone_like_digit_runs(text, expected):
    assert Redactor(redact_names=False).redact(text) == expected


@pytest.mark.parametrize("text", [
    "The budget line 100-2200-6300 was cut without explanation.",
    "The fundraiser got 1 234 567 views online.",
    "Ticket 2024-118877 is still open, reference 2025/004417.",
    "Our CEP is 01234-567 in the form.",
    "The number of students went from 1.234.567 to 1.300.000.",
    "Forms were due 14.03.2026 and the call came on 3-15-2024.",
])
def test_lenient_rule_leaves_numbers_that_are_no_phones(text):
    assert [s for s in Redactor(redact_names=False).find(text) if s.kind == "PHONE"] == [], text


def test_a_uk_mobile_in_the_drama_range_is_redacted_with_only_gb_regions():
    # libphonenumber calls 07700 900xxx invalid (Ofcom keeps it for fiction); people write it
    # as a phone, so the lenient rule takes it: a six-digit second group, opening with 0.
    redactor = Redactor(phone_regions=["GB"])
    assert redactor.redact("Leave a message on 07700 900123.") == "Leave a message on [PHONE]."
    assert redactor.redact("Ticket 1 234567 closed.") == "Ticket 1 234567 closed."


@pytest.mark.parametrize("text, expected", [
    ("Joignable au 77 555 41 28 le soir.", "Joignable au [PHONE] le soir."),
    ("Happy to be contacted on 6555 7214 about it.", "Happy to be contacted on [PHONE] about it."),
    ("Erreichbar unter 26 55 47 81 abends.", "Erreichbar unter [PHONE] abends."),
    # Seven digits in groups, and a number grouped as thousands, right after a word naming a
    # phone or calling, or opening with a trunk 0; a second number joined to a phone found.
    ("mobiel 585 4471, na zes uur", "mobiel [PHONE], na zes uur"),
    ("Liguem-me para o 991 40 12.", "Liguem-me para o [PHONE]."),
    ("Vous pouvez me rappeler au 71 555 908.", "Vous pouvez me rappeler au [PHONE]."),
    ("Ring +47 481 55 270 or 22 55 91 04 after work.", "Ring [PHONE] or [PHONE] after work."),
    ("fisso 7955 3128 oppure whatsapp 9955 0713", "fisso [PHONE] oppure whatsapp [PHONE]"),
    ("me chama no zap 7755 3120", "me chama no zap [PHONE]"),
    ("The right one is 01 555 637.", "The right one is [PHONE]."),
])
def test_a_local_number_from_outside_the_regions_after_a_phone_word(text, expected):
    assert Redactor(redact_names=False).redact(text) == expected


@pytest.mark.parametrize("text", [
    "Case number 555 1234 is still open.",  # "number" also introduces references
    "Room 204 7 seats, then 301 12 seats.",
    "Call us about the 2024 0915 meeting.",  # a year and a date, after a calling word
    "They counted 12 555 217 visitors last year.",
])
def test_short_numbers_that_are_no_phones_stay(text):
    assert [s for s in Redactor(redact_names=False).find(text) if s.kind == "PHONE"] == [], text
