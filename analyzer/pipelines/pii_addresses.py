"""Street addresses and P.O. boxes in free text, for the redactor (`analyzer.pipelines.pii`).

An address starts at a street line with a house number, written as each country writes it:

- number first, street type last (US, UK, Ireland, Australia, Canada, Nigeria, Kenya, India,
  the Philippines): "1423 Maple Street", "Flat 3, 14 Baker Road", "201/45 Lonsdale St",
  "15-B Aguinaldo Highway", "12A, Lake View Road", "9 tamarack crescent";
- a German, Austrian, Swiss or Dutch street name and then the number: "Hauptstraße 5",
  "Bahnhofstr. 12a", "Karl-Marx-Allee 91", "Mariahilfer Straße 45", "Kerkstraat 12";
- a Spanish, Portuguese, Italian or Dutch street type first and the number last: "Calle de
  Alcalá 45", "Av. Insurgentes Sur 1602", "Rua das Flores, 123", "Laan van Meerdervoort 52";
- a number and a French or Spanish street type: "12 rue de la Paix", "3470, chemin de la
  Côte-des-Neiges", "2315 Calle Olivo";
- a house, flat, plot or door number followed by at least two more parts (India, Kenya, the
  Philippines): "House No. 56, 4th Main, Jayanagar 9th Block, Bengaluru 560069", "Purok 3,
  Brgy. Maa, Davao City", "B-14, Lajpat Nagar II, New Delhi 110024".

The address then runs on over the parts that follow it, each after a comma or a dash: a
unit ("Apt 3C", "Wohnung 12", "3º B", "app. 6"), a place name in capitals ("Col. Del Valle",
"Co. Kildare", "Dublin 9"), a state or province ("VIC", "QC", "- SP") and a postcode (UK,
Irish Eircode, Canadian, Dutch, Brazilian, Indian, and four- and five-digit ones), so
"Flat 3, 14 Baker Road, London NW1 6XE" is one span. A sentence that goes on after a comma
in capitals ("..., Maria said") gives its first words to the address: still redacted.

A street named without a house number ("Main Street", "Calle de Alcalá") is a place, not an
address. `address_spans` returns (start, end) offsets; the redactor gives them their kind.
"""

from __future__ import annotations

import re

from analyzer.pipelines.pii_name_words import UPPER, stop_words

__all__ = ["address_spans"]

_CAPITALISED = rf"[{UPPER}][^\W_]*(?:['’-][^\W\d_]+)*"
_ORDINAL = r"\d{1,3}(?:st|nd|rd|th)\b"
_HOUSE = r"(?<![\w$#.,:/-])\d{1,5}(?!\d)(?:\s?[A-Za-z](?![\w'’])|-[A-Za-z]\b|[-/]\d{1,4}[A-Za-z]?)?"
_NUMBER_AFTER = r"\d{1,5}(?!\d)(?:\s?[A-Za-z](?![\w'’])|[-/]\d{1,4})?(?![\w,.]\d)"
_PARTICLE = (r"(?:de|del|de la|de los|de las|do|da|dos|das|du|des|la|le|les|van|von|der|den|"
             r"na|an|y|e|am|im|of|upon|sur|en|di|el|los|las)")

# --- the street line -------------------------------------------------------------------------

_STREET_TYPES = (
    "Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|"
    "Terrace|Ter|Tce|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Loop|Square|Sq|Alley|Row|"
    "Pike|Crescent|Cres|Close|Path|Plaza|Run|Crossing|Xing|Gardens|Gdns|Grove|Lawn|Mews|Rise|"
    "Walk|Hill|Green|Parade|Pde|Esplanade|Quay|Wharf|Marg")
_STREET_TYPES_LOWER = ("street|st|ave|rd|blvd|ln|dr|ct|pl|pkwy|hwy|road|avenue|lane|drive|"
                       "crescent|gardens|terrace")
_DIRECTION = r"(?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.?\s+)?"
_STREET_WORD = rf"(?:{_CAPITALISED}\.?|{_ORDINAL})"
_UNIT_WORDS = (r"apt|apto|ap|app|apartment|unit|suite|ste|flat|fl|floor|piso|planta|wohnung|"
               r"whg|int|interior|depto|dpto|casa|bloco|bloque|bâtiment|bât|escalera|esc|"
               r"puerta|room|rm|bldg|building|tower|block|blk|lot")
_UNIT = (rf"(?:(?i:{_UNIT_WORDS})\b\.?\s*(?:(?i:no)\.?\s*)?#?\s*[A-Za-z0-9]{{1,5}}(?:-\w{{1,4}})?\b"
         r"|#\s*[A-Za-z0-9-]+|\d{1,2}\s?[º°ª](?:\s?(?:\d{1,2}\s?[º°ª]|[A-Z]\b))?"
         r"|(?i:huis|bis|ter|bajo)\b)")
_UNIT_PREFIX = (r"(?:(?i:unit|flat|apt|apartment|suite|shop|villa|house|hse|door|room)\b\.?\s*"
                r"(?:(?i:no)\.?\s*)?(?:[A-Z]?\d{1,5}[A-Z]?,?\s+)?)?")
_AFTER_TYPE = r"(?:\s+(?:NE|NW|SE|SW|N|S|E|W|North|South|East|West|Upper|Lower)\b\.?)?"

_NUMBER_FIRST = re.compile(
    rf"{_UNIT_PREFIX}{_HOUSE}(?:(?<=[A-Za-z]),)?\s+{_DIRECTION}(?:{_STREET_WORD}\s+){{1,4}}(?:{_STREET_TYPES})"
    rf"\b\.?{_AFTER_TYPE}")
_NUMBER_FIRST_LOWER = re.compile(
    rf"{_HOUSE}\s+(?:[a-z]+\s+){{1,2}}(?:{_STREET_TYPES_LOWER})\b\.?")
# German, Austrian, Swiss and Dutch streets: a compound ending in the street word (no "ring"
# or "berg": "Spring 2024"), or a word and a separate one, then a number of up to three
# digits, so a year ("Klimamarkt 2030") is not one.
_COMPOUND_TYPES = (r"straße|strasse|str\.|gasse|weg|allee|platz|damm|ufer|chaussee|steig|pfad|"
                   r"graben|markt|straat|laan|gracht|kade|plein|singel|dijk|steeg|hof")
_NAME_THEN_NUMBER = re.compile(
    rf"(?<![\w-])(?:[{UPPER}][^\W\d_]*(?:-[^\W\d_]+)*?-?(?i:{_COMPOUND_TYPES})"
    rf"|{_CAPITALISED}\s+(?:Straße|Strasse|Str\.|Gasse|Weg|Allee|Platz|Ring|Damm))"
    r"\s+\d{1,3}(?!\d)(?:\s?[a-zA-Z](?![\w'’])|(?:[-/]\d{1,3}){1,2})?(?![\w,.]\d)")
_ROAD_CLASSES = frozenset(
    "landstraße landstrasse landstr. bundesstraße bundesstrasse bundesstr. schnellstraße "
    "kreisstraße staatsstraße ortsstraße gemeindestraße nebenstraße hauptverkehrsstraße "
    "wohnstraße fahrradstraße spielstraße einbahnstraße radweg gehweg feldweg snelweg "
    "autoweg".split())
"""Kinds of road, not names of one: "Landstraße 80, Autobahn 100" is a speed limit (Polis,
Austrian climate conversations: 2 of the 4 German streets with a number found there)."""
_TYPE_FIRST_TYPES = (
    r"[Cc]alle|C/|[Aa]venida|[Aa]vda\.?|Av\.?|[Pp]aseo|Plaza|[Cc]amino|[Cc]arretera|Ctra\.|"
    r"[Pp]rivada|[Cc]alzada|Calz\.|[Bb]ulevar|[Cc]allejón|[Cc]errada|[Aa]ndador|"
    r"[Pp]rolongación|[Rr]ua|R\.|[Tt]ravessa|Alameda|Largo|[Pp]raça|[Ee]strada|[Rr]odovia|"
    r"Via|Viale|Piazza|Corso|Laan")
_NAME_WORDS = (rf"(?:(?:{_PARTICLE}|\d{{1,2}}\s+de)\s+)*{_CAPITALISED}"
               rf"(?:\s+(?:(?:{_PARTICLE}|\d{{1,2}}\s+de)\s+)*{_CAPITALISED}){{0,4}}")
_TYPE_FIRST = re.compile(
    rf"(?<![\w/])(?:{_TYPE_FIRST_TYPES})\s+{_NAME_WORDS},?\s+(?:[Nn][º°o]\.?\s*)?{_NUMBER_AFTER}")
_NUMBER_THEN_TYPE = re.compile(
    rf"{_HOUSE}(?:\s?(?:bis|ter)\b)?,?\s+(?:[Rr]ue|[Aa]venue|av\.|[Bb]oulevard|bd|[Cc]hemin|"
    r"[Aa]llée|[Ii]mpasse|[Pp]lace|[Qq]uai|[Rr]oute|[Cc]ours|[Ss]quare|[Pp]assage|[Vv]oie|"
    r"[Ss]entier|Calle|Camino|Avenida|Via|Vía|Paseo|Rancho|Plaza)\s+"
    rf"(?:(?:de|du|des|de la|la|le|les|del|los|las|el)\s+|d['’]|de l['’])*{_CAPITALISED}"
    rf"(?:[\s-]+(?:(?:de|du|des|la|le|les|del)\s+)*{_CAPITALISED}){{0,3}}")
# A house, flat or plot number, or a block-house code, needing two more parts after it.
_UNIT_NUMBER = (r"(?i:house|hse|flat|plot|door|room|unit|apartment|apt|suite|block|blk|villa|"
                r"shop|purok|sitio|lot|bldg|building)\b\.?\s*(?:(?i:no)\.?\s*)?[A-Z]?\d{1,5}"
                r"[A-Z]?(?:[-/]\w{1,5})?")
_UNIT_FIRST = re.compile(
    rf"(?<![\w-])(?:(?:{_UNIT_NUMBER}\s+)*{_UNIT_NUMBER}|[A-Z]{{1,2}}-\d{{1,4}}[A-Z]?)(?=,)")
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s*Box\s+\d+\b", re.IGNORECASE)

# --- the parts after it ----------------------------------------------------------------------

_POSTCODE = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"                 # UK: NW1 6XE, M20 4QP
    r"|[AC-FHKNPRTV-Y]\d[\dW]\s?[AC-FHKNPRTV-Y\d]{4}"       # Irish Eircode: D09 E4X7
    r"|(?i:[A-Z]\d[A-Z]\s?\d[A-Z]\d)"                       # Canada: V6A 2S5, x1a 3k2
    r"|\d{4}\s?[A-Z]{2}"                                    # the Netherlands: 1017 GM
    r"|\d{5}-\d{3}"                                         # Brazil: 01234-567
    r"|\d{3}\s?\d{3}"                                       # India: 560069
    r"|\d{5}(?:-\d{4})?"                                    # US, DE, FR, ES, MX, IT
    r"|\d{4})(?![\w-])")                                    # AU, NZ, AT, CH, BE, DK
_PLACE_WORD = (r"(?:(?:Co|Col|Brgy|Bgy|Mt|Ft|St|Sta|Sto|Pto|Dist|Sec|Gral|[A-Z])\.(?=\s)"
               rf"|[{UPPER}][^\W\d_]*(?:['’-][^\W\d_]+)*|{_ORDINAL})")
_PLACE = (rf"{_PLACE_WORD}(?:(?:\s+|-)(?:{_PARTICLE}\s+)*{_PLACE_WORD}){{0,4}}"
          r"(?:\s+\d{1,2}(?![\w-]))?")
_STATE = r"[A-Z]{2,3}(?![\w-])"
_PART = (rf"(?:{_UNIT}|{_POSTCODE}(?:\s+{_PLACE})?|{_PLACE}(?:\s+{_STATE})?(?:\s+{_POSTCODE})?"
         rf"|{_STATE}(?:\s+{_POSTCODE})?)")
_NEXT_PART = re.compile(rf"(?:,\s*|\s+[-–]\s+)(?P<part>{_PART})(?![\w'’-])")
_NEXT_LOWER_PART = re.compile(
    rf"(?:,\s*|\s+[-–]\s+)(?P<part>(?i:{_POSTCODE})|[a-z]{{2,}}(?:\s+[a-z]{{2,}})?"
    rf"(?:\s+(?i:{_POSTCODE}))?)(?![\w'’-])")
_UNIT_AFTER = re.compile(rf"\s+(?P<part>{_UNIT})")
_MAX_PARTS = 6
_ABBREVIATION_END = re.compile(r"\b(?:St|Ave|Av|Rd|Blvd|Ln|Dr|Ct|Pl|Ter|Cir|Pkwy|Hwy|Trl|Sq|"
                               r"Apt|Ste|Fl|Rm|Box|Co|Col|Brgy|[A-Z])\.$", re.IGNORECASE)
"""An address ending like this keeps its final period ("12 Elm St.")."""

_STREET_LINES = ((_NUMBER_FIRST, 0), (_NAME_THEN_NUMBER, 0), (_TYPE_FIRST, 0),
                 (_NUMBER_THEN_TYPE, 0), (_UNIT_FIRST, 2), (_NUMBER_FIRST_LOWER, 0))
"""Each street-line pattern, with how many parts must follow it."""


def address_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each address in `text` (which should hold a digit: every address
    does, and the caller skips the others); spans may overlap."""
    spans = [(m.start(), _rstrip_end(text, m.start(), m.end())) for m in _PO_BOX.finditer(text)]
    for pattern, parts_needed in _STREET_LINES:
        lower = pattern is _NUMBER_FIRST_LOWER
        for match in pattern.finditer(text):
            if lower and any(word in stop_words() for word in match.group().split()[1:-1]):
                continue  # "2009 and the road"
            if match.group().split()[0].lower() in _ROAD_CLASSES:
                continue
            end, parts = _with_following_parts(text, match.end(), lower=lower)
            if parts >= parts_needed:
                spans.append((match.start(), _rstrip_end(text, match.start(), end)))
    return spans


def _with_following_parts(text: str, end: int, *, lower: bool) -> tuple[int, int]:
    """Where the address starting with a street line that ends at `end` ends, and how many
    parts it took on. After a street line in lower case, lower-case parts that are no stop
    words ("9 tamarack crescent, yellowknife, nt x1a 3k2")."""
    unit = _UNIT_AFTER.match(text, end)
    if unit:
        end = unit.end()
    parts = 0
    while parts < _MAX_PARTS:
        part = _NEXT_PART.match(text, end)
        if part is None and lower:
            part = _NEXT_LOWER_PART.match(text, end)
            if part and any(word in stop_words() for word in part.group("part").split()):
                part = None
        if part is None:
            break
        end, parts = part.end(), parts + 1
    return end, parts


def _rstrip_end(text: str, start: int, end: int) -> int:
    """Drop a comma, or a period that ends the sentence rather than an abbreviation."""
    while end > start:
        if text[end - 1] in ",;: ":
            end -= 1
        elif text[end - 1] == "." and not _ABBREVIATION_END.search(text[start:end]):
            end -= 1
        else:
            break
    return end
