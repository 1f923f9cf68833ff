"""Street addresses and P.O. boxes in free text, for the redactor (`analyzer.pipelines.pii`).

An address is a house number, a street name and a street type (Street, St, Ave, Blvd, Ln,
...), with an optional unit and city/state/ZIP; Spanish-style "2315 Calle Olivo"; a P.O. box.
A street named without a house number ("Main Street") is a place, not an address.
`address_spans` returns (start, end) offsets; the redactor gives them their kind.
"""

from __future__ import annotations

import re

__all__ = ["address_spans"]

_STREET_TYPES = (
    "Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|"
    "Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Loop|Square|Sq|Alley|Row|Pike|"
    "Crescent|Close|Path|Plaza|Run|Crossing|Xing")
_STREET_TYPES_LOWER = "street|st|ave|rd|blvd|ln|dr|ct|pl|pkwy|hwy|road|avenue|lane|drive"
_HOUSE_NUMBER = r"(?<![\w$#.,:/-])\d{1,6}[A-Za-z]?(?:-\d{1,4})?"
_DIRECTION = r"(?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.?\s+)?"
_STREET_WORD = r"(?:[A-Z][A-Za-z'’-]*\.?|\d{1,3}(?:st|nd|rd|th))"
_UNIT = (r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Ste|Fl|Floor|Rm|Room)\.?\s*#?\s*[A-Za-z0-9-]+"
         r"|\s*#\s*[A-Za-z0-9-]+)?")
_CITY_STATE_ZIP = (r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,?\s+[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?"
                   r"(?![A-Za-z]))?")
_STREET_ADDRESS = re.compile(
    rf"{_HOUSE_NUMBER}\s+{_DIRECTION}(?:{_STREET_WORD}\s+){{1,4}}(?:{_STREET_TYPES})\b\.?"
    rf"{_UNIT}{_CITY_STATE_ZIP}")
_LOWERCASE_ADDRESS = re.compile(
    rf"{_HOUSE_NUMBER}\s+(?:[a-z]+\s+){{1,2}}(?:{_STREET_TYPES_LOWER})\b\.?{_UNIT}")
_PREFIX_ADDRESS = re.compile(
    rf"{_HOUSE_NUMBER}\s+(?:Calle|Camino|Avenida|Via|Vía|Paseo|Rue|Rancho|Plaza)"
    r"(?:\s+(?:(?:de|del|la|las|los|el)\s+)*[A-ZÁÉÍÓÚÑ][\w'’-]*){1,3}" + _UNIT)
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s*Box\s+\d+\b", re.IGNORECASE)
_ADDRESSES = (_STREET_ADDRESS, _LOWERCASE_ADDRESS, _PREFIX_ADDRESS, _PO_BOX)
_ABBREVIATION_END = re.compile(r"\b(?:St|Ave|Av|Rd|Blvd|Ln|Dr|Ct|Pl|Ter|Cir|Pkwy|Hwy|Trl|Sq|"
                               r"Apt|Ste|Fl|Rm|Box|[A-Z])\.$", re.IGNORECASE)
"""An address ending like this keeps its final period ("12 Elm St.")."""


def address_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each address in `text` (which should hold a digit: every address
    does, and the caller skips the others); spans may overlap."""
    return [(m.start(), _rstrip_end(text, m.start(), m.end()))
            for pattern in _ADDRESSES for m in pattern.finditer(text)]


def _rstrip_end(text: str, start: int, end: int) -> int:
    """Drop a comma, or a period that ends the sentence rather than an abbreviation."""
    while end > start:
        if text[end - 1] in ",;:":
            end -= 1
        elif text[end - 1] == "." and not _ABBREVIATION_END.search(text[start:end]):
            end -= 1
        else:
            break
    return end
