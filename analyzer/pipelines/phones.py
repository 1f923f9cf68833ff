"""Phone numbers in free text, from any country, for the redactor (`analyzer.pipelines.pii`).

Google's libphonenumber (the `phonenumbers` package) does the finding: its matcher reads every
number valid in one of the declared regions (`DEFAULT_PHONE_REGIONS`, US first), and a number
written with "+" and a country code whatever the region. Two narrow patterns add what it
rejects but a person wrote as a phone (each missed one in tests/data/pii_phones.jsonl,
tests/data/pii_labelled.jsonl or tests/test_pii.py): a seven-digit local number with a dash
("555-0142") and a number opening with a bracketed area code ("(555) 0101-9779",
"1 (555) 014-2231"). A "+" number libphonenumber calls invalid ("+52 1 33 1234 5678", with
Mexico's retired mobile prefix; "+1 555 014 2231") is redacted all the same.

When in doubt, redact: a lenient rule (`_lenient_spans`) also takes a run of 8 to 15 digits in
two groups or more (spaces, dots, dashes, brackets) that opens as phones do, with a bracketed
area code, a trunk 0 or "+", or follows a word such as "call", "phone", "cel", "Telefon" or
"WhatsApp" within four words. It found the Brazilian numbers of the world set's dev half
("(11) 98765-0012", a region outside the default list: 4 of 112 phones), and leaves the
hard negatives of tests/data/pii_phones.jsonl as they were: dates, money, IBANs, a budget
line "100-2200-6300", "1 234 567 views".
"""

from __future__ import annotations

import re
from typing import Iterator, Sequence

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from analyzer.errors import ConfigError

__all__ = ["DEFAULT_PHONE_REGIONS", "check_regions", "phone_spans"]

DEFAULT_PHONE_REGIONS: tuple[str, ...] = (
    "US", "CA", "GB", "IE", "AU", "DE", "FR", "ES", "MX", "IN", "NG", "KE", "PH")
"""Regions whose national formats (with trunk 0, without country code) are read as phones."""

# Seven or more digits with at most a few separators between them: a text without such a run
# holds no phone number, and skipping the matcher for it keeps redaction fast.
_CANDIDATE = re.compile(r"\d(?:[\s().\-/]{0,3}\d){6,}")
_EXTENSION = r"(?:\s*(?:ext\.?|extension|x)\s*\d{1,5})?"
# libphonenumber rejects these; each missed a number in the labelled sets (see docstring).
_LOCAL = re.compile(r"(?<![\w+/.$,-])[2-9]\d{2}-\d{4}(?![\w/-])")
_BRACKETED_AREA = re.compile(
    r"(?<![\w+/-])(?:\+?1[ .-]?)?\(\d{2,5}\)[ .-]?\d{3,4}[ .-]\d{3,4}(?![\w/-])")
_PLUS = re.compile(
    r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,6}" + _EXTENSION + r"(?![\w/-])",
    re.IGNORECASE)


_GROUPED_DIGITS = re.compile(
    r"(?<![\w+/.,:-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,5}(?:[ .-]\d{1,6}){1,5}"
    r"(?![\w/-]|[.,]\d)")
_YEAR_OR_DATE = (r"(?:19|20)\d\d[ ./-]\d+"                 # a year first: "2024-118877"
                 r"|\d{1,2}[.-]\d{1,2}[.-](?:19|20)?\d\d")  # a date: "14.03.2026", "3-15-24"
_NOT_A_PHONE = re.compile(
    rf"{_YEAR_OR_DATE}"
    r"|\d{1,3}(?:[ .,]\d{3})+"                       # thousands: "1 234 567", "4.500.000"
    r"|\d{5}-\d{3}")                                 # a Brazilian postcode: "01234-567"
_YEAR_FIRST = re.compile(r"(?:19|20)\d\d[./-]\d{4,}")
_CALLING_WORDS = (
    "call phone tel tél telephone cell mobile mob whatsapp ring cel celular móvil movil telefon "
    "handy téléphone portable telefoon bel ligue mobiel mobil festnetz fixe fixo telemóvel "
    "cellulare gsm natel landline teléfono contacto contato reach reachable bereiken "
    "bereikbaar liguem ligar llamar llamen llámame rappeler appelez joindre joignable "
    "erreichbar anrufen chiamare chiamatemi fisso zap").split()
"""Words that name a phone or calling. They came from the labelled sets: the world set's
fresh3 and fresh4 parts, after each was scored once, added the ones its phones from
countries outside the default regions followed ("joignable", "mobiel", "Festnetz")."""
_PHONE_WORDS = re.compile(
    r"(?i:\b(?:" + "|".join(_CALLING_WORDS + (
        "cellphone text sms contact number no fax telefono tel[eé]fono llámenme rufnummer "
        "mij whats called calling phoned contacted hp appeler llamarme tlf tfno número "
        "numero numéro nummer numer rappelez telemovel contactez vast").split()) + r")\b)")
"""Before a number of 8 digits or more, within four words: a calling word, or a word that
introduces a number of any kind ("number", "no", "número")."""
_SEVEN_DIGIT_WORDS = re.compile(r"(?i:\b(?:" + "|".join(_CALLING_WORDS + ["telefone"]) + r")\b)")
"""Within three words after one of these, not "number" or "no", which also introduce case
and ticket numbers, a local number of seven digits in groups ("mobiel 585 5318",
"Liguem-me para o 991 55 37") is a phone, and so is a number grouped as thousands are
("rappeler au 98 555 217")."""
_ANOTHER_PHONE = re.compile(
    r"\s*(?:,|/|;|(?i:or|ou|o|of|oder|u|oppure|and|y|e|et|en))\s*$")
"""What joins a second phone to the first: "+47 481 55 270 or 22 55 91 04"."""
_WORD = re.compile(r"\S+")


def check_regions(regions: Sequence[str]) -> tuple[str, ...]:
    """`regions` as a tuple of upper-case region codes; ConfigError for an unknown one."""
    if isinstance(regions, str) or not all(isinstance(code, str) for code in regions):
        raise ConfigError(f"phone_regions={regions!r} should be a list of region codes, "
                          "e.g. ['US', 'GB'].")
    codes = tuple(code.upper() for code in regions)
    unknown = [code for code in codes if code not in phonenumbers.SUPPORTED_REGIONS]
    if unknown:
        raise ConfigError(f"phone_regions has unknown region code(s) {unknown}; use ISO 3166 "
                          f"two-letter codes such as {', '.join(DEFAULT_PHONE_REGIONS)}.")
    return codes


def phone_spans(text: str, regions: Sequence[str] = DEFAULT_PHONE_REGIONS
                ) -> list[tuple[int, int]]:
    """(start, end) of each phone number in `text`; spans may overlap (the caller merges)."""
    runs = [(m.start(), m.end()) for m in _CANDIDATE.finditer(text)] if text else []
    if not runs:
        return []
    spans = {(m.start(), m.end()) for pattern in (_LOCAL, _BRACKETED_AREA, _PLUS)
             for m in pattern.finditer(text) if _plausible(m.group())}
    # Regions in order, stopping once every digit run lies inside a span found: most numbers
    # are read by the first region that knows them, and each region is a full pass.
    for region in regions or ("ZZ",):  # "ZZ": only numbers written with "+"
        if all(_covered(run, spans) for run in runs):
            break
        spans.update(_matches(text, region))
    spans.update(_lenient_spans(text, spans))  # after the regions, which read extensions
    # A reference opening with a year is no phone, though valid in some region: "2024-118877"
    # and "2025/004417" were taken so in the world set's dev half.
    return sorted(span for span in spans if not _YEAR_FIRST.fullmatch(text, *span))


def _lenient_spans(text: str, found: set[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Grouped digit runs read as phones (see the module), `found`: the phones found so far,
    one of which may come right before a run ("... or 22 55 91 04")."""
    for match in _GROUPED_DIGITS.finditer(text):
        number = match.group()
        digits = sum(character.isdigit() for character in number)
        if not 7 <= digits <= 15:
            continue
        words = _WORD.findall(text, max(0, match.start() - 60), match.start())
        called = _SEVEN_DIGIT_WORDS.search(" ".join(words[-3:])) is not None
        if digits == 7 or _NOT_A_PHONE.fullmatch(number):
            # Seven digits in groups, or digits grouped as thousands are, make a phone after a
            # calling word, or opening with a trunk 0, as no count does ("The right one is 01
            # 555 637", Lebanon).
            trunk = number[0] == "0"
            if (called or trunk) and " " in number and not re.fullmatch(_YEAR_OR_DATE, number):
                yield match.start(), match.end()
            continue
        after_a_phone = any(end <= match.start() and _ANOTHER_PHONE.fullmatch(
            text, end, match.start()) for _, end in found)
        if number[0] in "(+0" or after_a_phone or _PHONE_WORDS.search(" ".join(words[-4:])):
            yield match.start(), match.end()


def _covered(run: tuple[int, int], spans: set[tuple[int, int]]) -> bool:
    return any(start <= run[0] and run[1] <= end for start, end in spans)


def _matches(text: str, region: str) -> Iterator[tuple[int, int]]:
    for match in PhoneNumberMatcher(text, region, leniency=Leniency.VALID):
        yield match.start, match.end


def _plausible(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in re.sub(r"(?i)(ext\.?|extension|x)\s*\d+$", "", candidate))
    return 7 <= digits <= 15
