"""National identifiers (kind ID): one hand-worked example per country, and look-alikes kept.

Check digits worked by hand for the examples below:
- DNI 12345678Z: 12345678 mod 23 = 14, the 15th letter of TRWAGMYFPDXBNJZSQVHLCKE is Z.
- NIE X1234567L: X reads 0, 01234567 mod 23 = 19, the 20th letter is L.
- TFN 123 456 782: weights 1,4,3,7,5,8,6,9,10 sum to 253 = 11 x 23.
- SIN 046 454 286: Luhn, doubling every second digit from the right: 0+8+6+8+5+8+2+7+6 = 50.
- CPF 111.444.777-35: 1x10+1x9+1x8+4x7+4x6+4x5+7x4+7x3+7x2 = 162, 162 mod 11 = 8, 11-8 = 3;
  with the 3 and weights 11..2 the sum is 204, mod 11 = 6, 11-6 = 5.
- PPSN 1234567T: 1x8+2x7+3x6+4x5+5x4+6x3+7x2 = 112, 112 mod 23 = 20, letter 20 of
  WABCDEFGHIJKLMNOPQRSTUV is T.
- BSN 111222333: 1x9+1x8+1x7+2x6+2x5+2x4+3x3+3x2 - 3 = 66 = 11 x 6.
- NIR 2 84 12 75 123 456 87: 97 - (2841275123456 mod 97) = 97 - 10 = 87.
- CURP HEGG560427MVZRRL04: RENAPO's weighted sum of the first 17 characters gives check 4.
"""

from __future__ import annotations

import pytest

from analyzer.pipelines.pii import PiiSpan, Redactor
from analyzer.pipelines.pii_ids import id_spans


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(redact_names=False)


@pytest.mark.parametrize("text, expected", [
    # US social security numbers, the published sample numbers included (when in doubt, redact)
    ("My SSN is 123-45-6789.", "My SSN is [ID]."),
    ("social security 219-09-9999 please", "social security [ID] please"),
    ("ssn 123456789", "ssn [ID]"),
    ("my social is 123456789 if needed", "my social is [ID] if needed"),
    ("078-05-1120", "[ID]"),
    # UK National Insurance, with the QQ prefix of HMRC's examples
    ("NI number QQ 12 34 56 C", "NI number [ID]"),
    ("my national insurance is AB123456C.", "my national insurance is [ID]."),
    # Canada: the government's own example SIN starts with 0
    ("SIN 046 454 286", "SIN [ID]"),
    ("my social insurance number is 046-454-286", "my social insurance number is [ID]"),
    # Spain
    ("DNI 12345678Z", "DNI [ID]"),
    ("mi NIE es X1234567L", "mi NIE es [ID]"),
    ("12345678-Z", "[ID]"),
    # Mexico
    ("CURP HEGG560427MVZRRL04", "CURP [ID]"),
    ("mi curp: hegg560427mvzrrl04", "mi curp: [ID]"),
    # India
    ("Aadhaar 2345 6789 0124", "Aadhaar [ID]"),
    ("PAN ABCPE1234F", "PAN [ID]"),
    # Australia
    ("TFN 123 456 782", "TFN [ID]"),
    ("my tax file number is 123456782", "my tax file number is [ID]"),
    # Brazil
    ("CPF 111.444.777-35", "CPF [ID]"),
    ("111.444.777-35", "[ID]"),
    ("cpf 11144477735", "cpf [ID]"),
    # Ireland
    ("PPSN 1234567T", "PPSN [ID]"),
    ("1234567T", "[ID]"),
    # Netherlands
    ("BSN 111222333", "BSN [ID]"),
    # France
    ("numéro de sécurité sociale 2 84 12 75 123 456 87", "numéro de sécurité sociale [ID]"),
    # Germany, Nigeria, Italy
    ("Steuer-ID 86095742719", "Steuer-ID [ID]"),
    ("NIN 12345678902", "NIN [ID]"),
    ("codice fiscale RSSMRA85T10A562S", "codice fiscale [ID]"),
    # an identity number where no recogniser of its own applies (Argentina, Colombia)
    ("DNI 12.345.678", "DNI [ID]"),
    ("cédula 1.023.456.789", "cédula [ID]"),
    ("passport number 533380006", "passport number [ID]"),
    # Greece, Israel, Czechia, the Dominican Republic (made-up numbers, valid check digits)
    ("my AMKA is 12038512344", "my AMKA is [ID]"),
    ("teudat zehut 123456782", "teudat zehut [ID]"),
    ("rodné číslo 905315/1008", "rodné číslo [ID]"),
    ("905315/1008", "[ID]"),
    ("Mi cédula es 001-1234567-3.", "Mi cédula es [ID]."),
    # Estonia, Bulgaria, Croatia
    ("my personal code is 38501010002", "my personal code is [ID]"),
    ("EGN 8501010006, please check", "EGN [ID], please check"),
    ("OIB: 72940135513", "OIB: [ID]"),
])
def test_identifier(redactor, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize("text", [
    "order 123456789 shipped",                  # nine digits, no context word
    "12345678A",                                # wrong DNI letter (Z)
    "X1234567A",                                # wrong NIE letter (L)
    "HEGG560427MVZRRL05",                       # wrong CURP check digit (4)
    "1234567A",                                 # wrong PPSN letter (T)
    "BSN 111222334",                            # fails the 11-proef
    "the 2023-2024 budget was $123,456,789",
    "we raised 1234567 dollars",
    "PAN 2023-05-01 meeting",
    "case 4711 in room 220",
])
def test_look_alikes_stay(redactor, text):
    assert not [span for span in redactor.find(text) if span.kind == "ID"], text


def test_an_ssn_is_an_id_not_a_phone(redactor):
    # "123 45 6789" is also a valid German number; the kinds' order makes the span an ID.
    assert redactor.find("SSN: 123 45 6789") == [PiiSpan(5, 16, "ID")]
    assert redactor.find("My SSN is 123-45-6789.") == [PiiSpan(10, 21, "ID")]


def test_a_layout_phones_share_is_a_phone_without_a_context_word(redactor):
    # 612 345 603 is a Spanish mobile number and passes the SIN's Luhn check (sum 30).
    assert redactor.find("SIN 612 345 603") == [PiiSpan(4, 15, "ID")]
    assert redactor.find("Call 612 345 603") == [PiiSpan(5, 16, "PHONE")]
    assert id_spans("Call 612 345 603", [(5, 16)]) == []
    assert id_spans("Call 612 345 603") == [(5, 16)]
    # 130 692 544 passes too and is no phone number of the default regions: an ID alone,
    # but after "Call" the lenient rule reads the grouped digits as a phone of elsewhere.
    assert redactor.find("SIN: 130 692 544") == [PiiSpan(5, 16, "ID")]
    assert redactor.find("Call 130 692 544") == [PiiSpan(5, 16, "PHONE")]


def test_context_is_a_dozen_words_before_or_five_after():
    assert id_spans("123456789 is my SSN") == [(0, 9)]
    near = "Please take my SSN off the sign-in sheet. I wrote 123456789 there."
    assert id_spans(near) == [(near.index("1"), near.index("1") + 9)]
    far = ("my SSN is private, and I never share it with anyone at all, not even the school: "
           "123456789")
    assert id_spans(far) == []
    assert id_spans("the ssnx 123456789") == []  # a context word is a whole word


def test_an_identity_number_needs_its_word_right_before_it(redactor):
    text = "Su DNI es 48150121N. Mi teléfono es el 678 90 12 34. Gracias."
    assert [(span.kind, text[span.start:span.end]) for span in redactor.find(text)] == [
        ("ID", "48150121N"), ("PHONE", "678 90 12 34")]


def test_text_without_an_identifier_shape_skips_the_recognisers(monkeypatch):
    from analyzer.pipelines import pii_ids

    monkeypatch.setattr(pii_ids, "_compiled_rules", lambda: pytest.fail("rules were run"))
    assert pii_ids.id_spans("Room 12 was 88 degrees in September 2023.") == []
    assert not pii_ids.may_hold_an_id("call 555-01 or room 12345, grade 5b")
    for text in ("PAN ABCPE1234F", "RSSMRA85T10A562S", "call 555-0142", "QQ 12 34 56 C"):
        assert pii_ids.may_hold_an_id(text), text


def test_a_batch_shared_between_processes_finds_the_same_identifiers(monkeypatch):
    from analyzer.pipelines import pii

    texts = [f"Comment {i}: my SSN is 123-45-{6789 - i:04d}, mail ana.{i}@correo.es"
             for i in range(120)] + ["nothing here"] * 120
    monkeypatch.setattr(pii, "PARALLEL_FROM", 10**9)
    alone = pii.Redactor(redact_names=False).redact_many(texts)
    monkeypatch.setattr(pii, "PARALLEL_FROM", 100)
    monkeypatch.setattr(pii, "TEXTS_PER_TASK", 40)
    assert pii.Redactor(redact_names=False).redact_many(texts) == alone
    assert alone[0] == "Comment 0: my SSN is [ID], mail [EMAIL]"


def test_a_bsn_read_out_in_threes_after_its_word(redactor):
    text = "Mijn BSN? Ik heb 805 127 367 gegeven."
    assert redactor.redact(text) == "Mijn BSN? Ik heb [ID] gegeven."
    assert redactor.redact("Order 805 127 367 arrived late.").count("[ID]") == 0


def test_a_phone_word_before_a_number_makes_it_a_phone_not_an_id(redactor):
    text = "My NIN is 20583746192 if you need it. Call 0813 555 4432."
    assert [(text[s.start:s.end], s.kind) for s in redactor.find(text)] == [
        ("20583746192", "ID"), ("0813 555 4432", "PHONE")]


@pytest.mark.parametrize("text, expected", [
    ("They charged my card 4111 1111 1111 1111 twice.", "They charged my card [ID] twice."),
    ("Visa 5500-0000-0000-0004 was declined", "Visa [ID] was declined"),
    ("Refund to GB29 NWBK 6016 1331 9268 19 please", "Refund to [ID] please"),
    ("my iban is NL91ABNA0417164300", "my iban is [ID]"),
])
def test_card_numbers_and_ibans(redactor, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize("text", [
    "They charged my card 4111 1111 1111 1112 twice.",  # fails Luhn
    "Refund to GB29 NWBK 6016 1331 9268 18 please",  # fails mod 97
])
def test_card_numbers_and_ibans_with_a_wrong_digit_stay(redactor, text):
    assert "[ID]" not in redactor.redact(text)


@pytest.mark.parametrize("text, expected", [
    # Belgium: 97 - (750312123 mod 97) = 46; the printed layout stands alone
    ("Mijn rijksregisternummer is 75031212346.", "Mijn rijksregisternummer is [ID]."),
    ("Carte: 75.03.12-123.46, merci", "Carte: [ID], merci"),
    # Portugal: weights 9..2 over 23456781 sum to 151, 11 - 151 mod 11 = 3
    ("O meu NIF é 234 567 813.", "O meu NIF é [ID]."),
    # Switzerland: EAN-13 check of 756123456789 is 7
    ("AHV-Nummer 756.1234.5678.97", "AHV-Nummer [ID]"),
    ("my SA ID number is 8803155123085", "my SA ID number is [ID]"),
    ("PESEL 90010212346", "PESEL [ID]"),
    ("Mi RUT: 12.345.678-5", "Mi RUT: [ID]"),
    ("CUIT 20-12345678-6 del titular", "CUIT [ID] del titular"),
])
def test_identifiers_checked_by_python_stdnum(redactor, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize("text", [
    "Mijn rijksregisternummer is 75031212347.",  # the check is 46
    "O meu NIF é 234 567 814.",  # the check is 3
    "ticket 234567813 was closed",  # a valid NIF's digits with no NIF word near
    "PESEL 90010212347",
])
def test_numbers_failing_their_check_or_without_their_word_stay(redactor, text):
    assert "[ID]" not in redactor.redact(text)


@pytest.mark.parametrize("text, expected", [
    ("Mi cédula es 1712345675, por si la necesitan.", "Mi cédula es [ID], por si la necesitan."),
    ("IC number S1234567D, in case you need it.", "IC number [ID], in case you need it."),
])
def test_ecuadorian_cedula_and_singapore_nric(redactor, text, expected):
    assert redactor.redact(text) == expected
