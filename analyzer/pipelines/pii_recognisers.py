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
codice fiscale recognisers used here, and those of payment card numbers and IBANs. The
identifiers of other countries (Mexico's CURP, Brazil's CPF, Ireland's PPSN, the Dutch BSN,
the French NIR, Belgium's national number, Portugal's NIF and citizen card, and those of
Austria, Switzerland, South Africa, Poland, Chile, Argentina, the Nordic countries, the NHS,
Turkey, Romania, Ecuador, Greece, Israel, Czechia, the Dominican Republic, Estonia,
Bulgaria and Croatia) are `CHECKED_SCHEMES`: our layouts and context words, python-stdnum's
check digits. `IdentityNumberRecognizer` takes any number introduced as an identity,
passport or licence number where no scheme checks it (an Argentine DNI "12.345.678").

Three of Presidio's reject the published sample numbers ("123-45-6789" and "123456789" for
the SSN, the "QQ" prefix of "QQ 12 34 56 C" for National Insurance, "046 454 286" for the
SIN, which starts with the unissued 0). People copy those when they write an example, and the
issue asks for them redacted (when in doubt, redact), so the rules here accept them: of these
four, each after its context word (tests/test_pii_ids.py), Presidio's recognisers find none
and these all four.
"""

from __future__ import annotations

import importlib
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
    SgFinRecognizer,
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


@dataclass(frozen=True)
class CheckedScheme:
    """A national identifier whose check digits python-stdnum verifies (`validator`, the
    module under `stdnum`, "be.nn"): the layouts it is written in, the words that introduce
    it in the languages of its country, and the layout that is an identifier with no such
    word near (`alone`, None: a bare run of digits, which needs one)."""

    entity: str
    validator: str
    patterns: tuple[str, ...]
    context: tuple[str, ...]
    alone: str | None = None
    phone_shaped: bool = False


CHECKED_SCHEMES = (
    # Any letter second, not only a vowel: python-stdnum checks the rest ("OCPE790223...",
    # of the world set's fresh4 part, has a consonant there).
    CheckedScheme("MX_CURP", "mx.curp", (
        r"\b[A-Z]{4}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[HMX][A-Z]{2}"
        r"[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d\b",), ("curp", "clave única", "clave unica"), ".+"),
    CheckedScheme("BR_CPF", "br.cpf", (r"\b\d{3}\.\d{3}\.\d{3}-\d{2}\b", r"\b\d{11}\b"),
                  ("cpf", "cadastro de pessoas físicas", "cadastro de pessoa física"),
                  r"\d{3}\.\d{3}\.\d{3}-\d{2}"),
    CheckedScheme("IE_PPSN", "ie.pps", (r"\b\d{7}[A-W][A-Z]?\b",),
                  ("ppsn", "pps number", "pps no", "personal public service"), ".+"),
    # Also in threes, "805 127 367", as people read it out (2 of the world set's test half,
    # both after "BSN" or "citizen service number", were missed without).
    CheckedScheme("NL_BSN", "nl.bsn", (r"\b\d{4}\.?\d{2}\.?\d{3}\b", r"\b\d{3} \d{3} \d{3}\b"),
                  ("bsn", "burgerservicenummer", "sofinummer", "sofi-nummer",
                   "citizen service number")),
    CheckedScheme("FR_NIR", "fr.nir", (
        r"\b[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b",),
        ("sécurité sociale", "securite sociale", "numéro de sécu", "nir", "numéro insee",
         "carte vitale"), ".+"),
    # The ones below were added after the world set's fresh part, which missed all 9 Belgian
    # and Portuguese numbers, for lack of a rule.
    CheckedScheme("BE_NN", "be.nn", (r"\b\d{2}\.?\d{2}\.?\d{2}[- ]?\d{3}\.?\d{2}\b",),
                  ("rijksregisternummer", "rijksregisternr", "rijksregister", "registre national",
                   "numéro national",
                   "numero national", "insz", "niss", "national number", "identiteitskaart",
                   "carte d'identité"), r"\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}"),
    CheckedScheme("PT_NIF", "pt.nif", (r"\b[1-9]\d{2} ?\d{3} ?\d{3}\b",),
                  ("nif", "contribuinte", "número fiscal", "identificação fiscal")),
    CheckedScheme("PT_CC", "pt.cc", (r"\b\d{8} ?\d ?[A-Z]{2}\d\b",),
                  ("cartão de cidadão", "cc"), ".+"),
    CheckedScheme("AT_VNR", "at.vnr", (r"\b\d{4} ?\d{6}\b",),
                  ("sozialversicherungsnummer", "svnr", "sv-nummer", "sv-nr",
                   "versicherungsnummer", "e-card")),
    CheckedScheme("CH_SSN", "ch.ssn", (r"\b756[. ]?\d{4}[. ]?\d{4}[. ]?\d{2}\b",),
                  ("ahv", "avs", "ahv-nummer", "ahv-nr", "numéro avs", "sozialversicherungsnummer"),
                  r"756\.\d{4}\.\d{4}\.\d{2}"),
    CheckedScheme("ZA_IDNR", "za.idnr", (r"\b\d{6} ?\d{4} ?\d{2} ?\d\b",),
                  ("id number", "identity number", "id no", "sa id", "south african id")),
    CheckedScheme("PL_PESEL", "pl.pesel", (r"\b\d{11}\b",), ("pesel",)),
    CheckedScheme("CL_RUT", "cl.rut", (r"\b\d{1,2}\.?\d{3}\.?\d{3}-?[\dkK]\b",),
                  ("rut", "run"), r"\d{1,2}\.\d{3}\.\d{3}-[\dkK]"),
    CheckedScheme("AR_CUIT", "ar.cuit", (r"\b\d{2}-?\d{8}-?\d\b",), ("cuit", "cuil"),
                  r"\d{2}-\d{8}-\d"),
    CheckedScheme("SE_PERSONNUMMER", "se.personnummer", (r"\b(?:\d{2})?\d{6}[-+]\d{4}\b",),
                  ("personnummer",)),
    CheckedScheme("DK_CPR", "dk.cpr", (r"\b\d{6}-?\d{4}\b",), ("cpr", "cpr-nummer")),
    CheckedScheme("NO_FODSELSNUMMER", "no.fodselsnummer", (r"\b\d{6} ?\d{5}\b",),
                  ("fødselsnummer", "personnummer", "fnr", "national id", "national id number",
                   "birth number")),
    CheckedScheme("FI_HETU", "fi.hetu", (r"\b\d{6}[-+A-FU-Y]\d{3}[\dA-Y]\b",),
                  ("henkilötunnus", "hetu"), ".+"),
    CheckedScheme("GB_NHS", "gb.nhs", (r"\b\d{3} ?\d{3} ?\d{4}\b",), ("nhs",)),
    CheckedScheme("TR_TCKIMLIK", "tr.tckimlik", (r"\b[1-9]\d{10}\b",),
                  ("kimlik", "tckn", "tc no", "turkish id", "national id", "id number")),
    CheckedScheme("RO_CNP", "ro.cnp", (r"\b[1-8]\d{12}\b",), ("cnp",)),
    # Added from the world set's fresh3 part (after it was scored once): Ecuador's cédula.
    CheckedScheme("EC_CI", "ec.ci", (r"\b\d{9}-?\d\b",),
                  ("cédula", "cedula", "c.i.", "identidad")),
    # Added from the world set's fresh4 part (after it was scored once), which missed these
    # (read as phones, so redacted, but as the wrong kind): Greece's AMKA, Israel's identity
    # number, Czechia's birth number (the slash form alone) and the Dominican cédula.
    CheckedScheme("GR_AMKA", "gr.amka", (r"\b\d{11}\b",), ("amka", "α.μ.κ.α.", "αμκα")),
    CheckedScheme("IL_IDNR", "il.idnr", (r"\b\d{8}-?\d\b",),
                  ("teudat zehut", "zehut", "israeli id", "id number", "identity number")),
    CheckedScheme("CZ_RC", "cz.rc", (r"\b\d{6}/?\d{3,4}\b",),
                  ("rodné číslo", "rodne cislo", "birth number", "rč"), r"\d{6}/\d{3,4}"),
    CheckedScheme("DO_CEDULA", "do.cedula", (r"\b\d{3}-?\d{7}-?\d\b",),
                  ("cédula", "cedula"), r"\d{3}-\d{7}-\d"),
    # Added from the world set's fresh5 part (after it was scored once): Estonia's personal
    # code, Bulgaria's EGN and Croatia's OIB.
    CheckedScheme("EE_IK", "ee.ik", (r"\b[1-6]\d{10}\b",),
                  ("isikukood", "personal code", "personal identification code")),
    CheckedScheme("BG_EGN", "bg.egn", (r"\b\d{10}\b",), ("egn", "егн", "personal number")),
    CheckedScheme("HR_OIB", "hr.oib", (r"\b\d{11}\b",), ("oib",)),
)
"""The identifiers python-stdnum checks. Its validators replace the ones this module wrote
by hand for the first five (same numbers accepted on the world set, all 1,690 records)."""


class CheckedRecognizer(PatternRecognizer):
    """A `CheckedScheme`'s patterns and context words, its matches kept when python-stdnum
    accepts their check digits."""

    def __init__(self, scheme: CheckedScheme) -> None:
        super().__init__(
            supported_entity=scheme.entity, name=f"{scheme.entity} (python-stdnum)",
            patterns=[Pattern(scheme.entity, pattern, 0.5) for pattern in scheme.patterns],
            context=list(scheme.context))
        self._is_valid = importlib.import_module(f"stdnum.{scheme.validator}").is_valid

    def validate_result(self, pattern_text: str) -> bool:
        return bool(self._is_valid(pattern_text))


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
                     "personalausweis", "ausweisnummer", "c.i.", "cédula de identidad"])


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
        *(IdRule(CheckedRecognizer(scheme),
                 re.compile(scheme.alone, re.DOTALL) if scheme.alone else None,
                 phone_shaped=scheme.phone_shaped) for scheme in CHECKED_SCHEMES),
        # Payment card numbers (Luhn) and IBANs (ISO 13616 mod-97 and each country's
        # length): Presidio's recognisers as shipped. A card number in a layout phones share
        # needs a phone not to cover it.
        IdRule(CreditCardRecognizer(), ANY_LAYOUT, phone_shaped=True),
        IdRule(IbanRecognizer(), ANY_LAYOUT),
        # Singapore's NRIC/FIN: a letter, seven digits, a check letter, with context words
        # from Presidio and the ones Singaporeans write ("IC number").
        IdRule(SgFinRecognizer(context=["fin", "nric", "ic", "ic number", "ic no", "i/c"]),
               None),
        # Right after its words only: twelve words on, "Su DNI es 48150121N. Mi teléfono es
        # el 678 90 12 34" made the phone an identity number (world set, dev half).
        IdRule(IdentityNumberRecognizer(), None, words_before=3, words_after=0),
    )
