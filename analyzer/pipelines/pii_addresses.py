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

Much of Europe and Latin America writes "<street> <number>, <postcode> <city>" with any words
for the street ("Beim Alten Zollhaus 6b, 28195 Bremen", "Chaussée de Wavre 310, 1040
Etterbeek", "viale monza 240, 20126 milano"): there the postcode and city after the number
make the address, whatever the street is called. Written in lower case, the address starts at
its street type or a German preposition ("frente a [carrer de sants 208, ...]") and ends at
the first stop word. Rural Irish addresses are places and an Eircode; an Indian door number
("14/2, gandhi nagar, adyar, chennai 600020") needs two parts and a PIN code after it.

Hand-written because no kept library parses addresses offline: libpostal needs a 2 GB model
download, and Presidio has no address recogniser. On the world set (dev/test/fresh/fresh2)
these patterns find 0.99/0.99/1.00/1.00 of addresses with no false alarm there (fresh2, written
blind, was 0.82 before it tuned the lower-case forms); on fresh3 and fresh4, written blind
later, 0.72 and 0.61, fresh4 0.84 after the forms it showed (Turkish, Caribbean, Guatemalan,
Greek and Czech streets) were added. In 11,081 Polis comments they find 3, all addresses.
An address that opens with its neighbourhood is found when a later part numbers the house,
block or street ("Barrio Los Angeles, calle 3, avenida 8, casa 812, Heredia"); directions
from a landmark (Costa Rica's "del Palí 100 m sur y 25 oeste") are not.

A street named without a house number ("Main Street", "Calle de Alcalá") is a place, not an
address. `address_spans` returns (start, end) offsets; the redactor gives them their kind.
"""

from __future__ import annotations

import re

from analyzer.pipelines.pii_name_words import UPPER, english_parts_of_speech, stop_words

__all__ = ["address_spans"]

_CAPITALISED = rf"[{UPPER}][^\W_]*(?:['’-][^\W\d_]+)*"
_ORDINAL = r"\d{1,3}(?:st|nd|rd|th)\b"
_HOUSE = r"(?<![\w$#.,:/-])\d{1,5}(?!\d)(?:\s?[A-Za-z](?![\w'’])|-[A-Za-z]\b|[-/]\d{1,4}[A-Za-z]?)?"
_NUMBER_AFTER = r"\d{1,5}(?!\d)(?:\s?[A-Za-z](?![\w'’]|\.\s?\d)|[-/]\d{1,4})?(?![\w,.]\d)"
_PARTICLE = (r"(?:de|del|de la|de los|de las|do|da|dos|das|du|des|la|le|les|van|von|der|den|"
             r"na|an|y|e|am|im|of|upon|sur|en|di|dei|degli|della|delle|dello|al|alla|el|los|las)")

# --- the street line -------------------------------------------------------------------------

_STREET_TYPES = (
    "Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|"
    "Terrace|Ter|Tce|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Loop|Square|Sq|Alley|Row|"
    "Pike|Crescent|Cres|Close|Path|Plaza|Run|Crossing|Xing|Gardens|Gdns|Grove|Lawn|Mews|Rise|"
    "Walk|Hill|Green|Parade|Pde|Esplanade|Quay|Wharf|Marg")
_STREET_TYPES_LOWER = ("street|st|ave|rd|blvd|ln|dr|ct|pl|pkwy|hwy|road|avenue|lane|drive|"
                       "crescent|gardens|terrace")
_SOFT_STREET_TYPES_LOWER = "grove|close|court|place|boulevard|parade|mews|view"
# Words that end a street name but also a park or an estate ("4 Church View"): an address
# only with a place after it.
_SOFT_STREET_TYPES = "View|Vale|Heights|Manor|Meadows|Estate|Villas|Nagar"
_DIRECTION = r"(?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.?\s+)?"
_STREET_WORD = rf"(?:{_CAPITALISED}\.?|{_ORDINAL})"
_UNIT_WORDS = (r"apt|apto|ap|app|apartment|unit|suite|ste|flat|fl|floor|piso|planta|wohnung|"
               r"whg|int|interior|depto|dpto|casa|bloco|bloque|bâtiment|bât|escalera|esc|"
               r"puerta|room|rm|bldg|building|tower|block|blk|lot|appt")
_UNIT = (rf"(?:(?i:{_UNIT_WORDS})\b\.?\s*(?:(?i:no)\.?\s*)?#?\s*[A-Za-z0-9]{{1,5}}(?:-\w{{1,4}})?\b"
         r"|#\s*[A-Za-z0-9-]+|\d{1,2}\.?\s?[º°ª](?:\s?(?:\d{1,2}\s?[º°ª]|[A-Z]\b|(?i:andar|piso|"
         r"planta|esq|dto|dir|frt|izda|izq|dcha|der|drcha)\b\.?))?"
         r"|\d{1,2}\.\s?(?:OG|Stock|Etage|étage)\b(?:\s(?:links|rechts|li|re)\b)?"
         rf"|{_ORDINAL}\s(?i:floor|fl)\b"
         r"|m\.\s?\d{1,4}\b|(?i:huis|bis|ter|bajo)\b)")
_BUILDING_TYPES = ("House|Court|Towers?|Building|Mansions|Apartments|Heights|Lodge|Plaza|Centre|"
                   "Complex")
_BUILDING = rf"{_CAPITALISED}(?:\s+{_CAPITALISED})?\s+(?:{_BUILDING_TYPES}),\s+"
_UNIT_PREFIX = (r"(?:(?:(?i:unit|flat|apt|apartment|suite|shop|villa|house|hse|door|room)\b\.?\s*"
                r"(?:(?i:no)\.?\s*)?(?:[A-Za-z]?\d{1,5}[A-Za-z]?,?\s+)?"
                rf"|{_ORDINAL}\s+(?i:floor),\s+)(?:{_BUILDING})?|(?i:no)\.\s*)?")
_AFTER_TYPE = r"(?:\s+(?:NE|NW|SE|SW|N|S|E|W|North|South|East|West|Upper|Lower)\b\.?)?"

_NUMBER_FIRST = re.compile(
    rf"{_UNIT_PREFIX}{_HOUSE}(?:(?<=[A-Za-z]),|(?<=/\d),|(?<=/\d\d),)?\s+{_DIRECTION}"
    rf"(?:{_STREET_WORD}\s+){{1,4}}(?:{_STREET_TYPES})"
    rf"\b\.?{_AFTER_TYPE}")
_NUMBER_FIRST_LOWER = re.compile(
    rf"{_UNIT_PREFIX}{_HOUSE}\s+(?:[a-z]+(?:['’][a-z]+)?\.?\s+){{1,3}}(?:{_STREET_TYPES_LOWER})\b\.?")
_NUMBER_FIRST_LOWER_SOFT = re.compile(
    rf"{_HOUSE}\s+(?:[a-z]+(?:['’][a-z]+)?\.?\s+){{1,3}}(?:{_SOFT_STREET_TYPES_LOWER})\b")
_NUMBER_FIRST_SOFT = re.compile(
    rf"{_UNIT_PREFIX}{_HOUSE},?\s+(?:{_STREET_WORD}\s+){{1,3}}(?:{_SOFT_STREET_TYPES})\b")
# Kenya, Nigeria and India also put the number after an English street name ("Moi Avenue
# 41, Mombasa"): an address with a place after it.
_TYPE_THEN_NUMBER = re.compile(
    rf"(?<![\w-]){_CAPITALISED}(?:\s+{_CAPITALISED}){{0,2}}\s+(?:{_STREET_TYPES})\.?\s+"
    rf"{_NUMBER_AFTER}")
# German, Austrian, Swiss and Dutch streets: a compound ending in the street word (no "ring"
# or "berg": "Spring 2024"), or a word and a separate one, then a number of up to three
# digits, so a year ("Klimamarkt 2030") is not one.
_COMPOUND_TYPES = (r"straße|strasse|str\.|gasse|weg|allee|platz|damm|ufer|chaussee|steig|pfad|"
                   r"graben|markt|straat|laan|gracht|kade|plein|singel|dijk|steeg|hof|"
                   r"gade|gatan|gata|gaten|vej|vägen|väg|veien|tie|katu")
_POSTCODE_COMPOUND_TYPES = (r"park|ring|berg|dreef|baan|wal|haven|veld|plantsoen|zeile|gürtel|"
                            r"kai|feld")
"""Compound endings that are also a park, a hill or a field ("Freizeitpark 2"): a street only
with a postcode and a city after the number ("Zuiderpark 5a, 9724 AE Groningen")."""
_NAME_THEN_NUMBER = re.compile(
    rf"(?<![\w-])(?:[{UPPER}][^\W\d_]*(?:-[^\W\d_]+)*?-?(?i:{_COMPOUND_TYPES})"
    rf"|{_CAPITALISED}\s+(?:Straße|Strasse|Str\.|Gasse|Weg|Allee|Platz|Ring|Damm))"
    r"\s+\d{1,3}(?!\d)(?:\s?[a-zA-Z](?![\w'’])|(?:[-/]\d{1,3}){1,2}|-(?:bis|[A-Za-z]|[IVX]+)\b)?"
    r"(?![\w,.]\d)")
_ROAD_CLASSES = frozenset(
    "landstraße landstrasse landstr. bundesstraße bundesstrasse bundesstr. schnellstraße "
    "kreisstraße staatsstraße ortsstraße gemeindestraße nebenstraße hauptverkehrsstraße "
    "wohnstraße fahrradstraße spielstraße einbahnstraße radweg gehweg feldweg snelweg "
    "autoweg bahnsteig".split())
"""Kinds of road, not names of one: "Landstraße 80, Autobahn 100" is a speed limit (Polis,
Austrian climate conversations: 2 of the 4 German streets with a number found there)."""
_NOT_STREETS = frozenset("brigade renegade necktie bowtie".split())
"""Words that end like a Danish or Finnish street ("-gade", "-tie") and are none."""
_TYPE_FIRST_TYPES = (
    r"[Cc]alle|C/|[Aa]venida|[Aa]vda\.?|Av\.?|[Pp]aseo|Plaza|[Cc]amino|[Cc]arretera|Ctra\.|"
    r"[Pp]rivada|[Cc]alzada|Calz\.|[Bb]ulevar|[Cc]allejón|[Cc]errada|[Aa]ndador|"
    r"[Pp]rolongación|[Rr]ua|R\.|[Tt]ravessa|Alameda|Largo|[Pp]raça|[Ee]strada|[Rr]odovia|"
    r"Via|Viale|Piazza|Piazzale|Corso|Vicolo|Laan|Carrer|Passeig|Plaça|Avinguda|Rúa|Ronda|"
    r"Travesía|Blvd\.?|Bulevar|Bv\.|[Pp]asaje|Pje\.|Ul\.|ul\.|Al\.|al\.|Os\.|os\."
    # Added from the world set's fresh4 part (after it was scored once): Papiamento, Hebrew,
    # Italian and French streets named type first ("Kaya Flamboyan 14", "Derech HaAtzmaut
    # 61", "Borgo Pinti 51", "Rue Lamarre 18").
    r"|Kaya|Caya|Derech|Rehov|Sderot|Borgo|Contrada|Strada|Salita|Lungomare|Rue|Chaussée"
    r"|Jr\.|Jirón")
_NAME_WORDS = (rf"(?:(?:{_PARTICLE}|\d{{1,2}}\s+de)\s+)*(?:(?:Dr|Dra|Gral|Pres)\.\s+)?"
               rf"{_CAPITALISED}"
               rf"(?:\s+(?:(?:{_PARTICLE}|\d{{1,2}}\s+de)\s+)*{_CAPITALISED}){{0,4}}")
_NUMBER_WORD = r"(?:[Nn][º°o]\.?\s*|[Nn]\.\s?[º°]\s*|#\s*)"
"""What may introduce the house number: "nº", "no.", "n.º" (Portuguese), "#" (Caribbean)."""
_TYPE_FIRST = re.compile(
    rf"(?<![\w/])(?:{_TYPE_FIRST_TYPES})\s+{_NAME_WORDS},?\s+{_NUMBER_WORD}?{_NUMBER_AFTER}")
# Turkey names the street and then its type, and the number after "No:" ("Atatürk Bulvarı
# No:119/4", "Bağdat Cad. No: 214 D: 6"), a district first or not ("Cumhuriyet Mah. Gül Sok.").
_TURKISH = re.compile(
    rf"(?<![\w-])(?:{_CAPITALISED}\s+(?:Mah\.|Mahallesi)\s+)?{_CAPITALISED}(?:\s+{_CAPITALISED})?"
    r"\s+(?:Cad\.|Caddesi|Cd\.|Sok\.|Sokak|Sokağı|Sk\.|Bulvarı|Blv\.|Mah\.|Mahallesi)"
    r"\s*No\s?:\s?\d{1,4}(?:/\d{1,4})?(?:\s+(?:D|Daire|Kat)\s?:\s?\d{1,3})?")
# Streets known by number: the Caribbean's "Calle 8 #14", "Calle 42 Bloque 5 #12", and
# Guatemala's ordinal streets and house numbers ("4a. Calle 8-17", "6a. Avenida 12-45").
_NUMBERED_STREET = re.compile(
    r"(?<![\w-])(?:(?:Calle|Avenida|Av\.)\s+\d{1,3}[A-Z]?(?:\s+Bloque\s+\d{1,3})?\s*#\s*\d{1,4}\b"
    r"|\d{1,2}a\.?\s+(?:Calle|Avenida|Av\.)\s+\d{1,3}-\d{1,3}\b)")
_TYPES_AFTER_NUMBER = (r"[Rr]ue|[Aa]venue|av\.|[Bb]oulevard|bd|[Cc]hemin|[Aa]llée|[Ii]mpasse|"
                       r"[Pp]lace|[Qq]uai|[Rr]oute|[Cc]ours|[Ss]quare|[Pp]assage|[Vv]oie|"
                       r"[Ss]entier|Calle|Camino|Avenida|Via|Vía|Paseo|Rancho|Plaza|"
                       r"[Bb]oul\.|Heol|Ffordd|Stryd|Jalan|Lorong")
"""French, Spanish, Welsh and Malay street types written after the house number ("12 rue de
la Paix", "11 Heol Eglwys", "22 Jalan Kembangan")."""
_NUMBER_THEN_TYPE = re.compile(
    rf"{_UNIT_PREFIX}{_HOUSE}(?:\s?(?:bis|ter)\b)?,?\s+(?:{_TYPES_AFTER_NUMBER})\s+"
    rf"(?:(?:de|du|des|de la|la|le|les|del|los|las|el|y)\s+|d['’]|de l['’])*{_CAPITALISED}"
    rf"(?:[\s-]+(?:(?:de|du|des|la|le|les|del)\s+)*{_CAPITALISED}){{0,3}}")
# A house, flat or plot number, or a block-house code, needing two more parts after it.
_UNIT_NUMBER = (r"(?:H\.\s?(?=No)|(?i:house|hse|flat|plot|door|room|unit|apartment|apt|suite|"
                r"block|blk|villa|shop|purok|sitio|lot|bldg|building)\b\.?\s*)"
                r"(?:(?i:no)\.?\s*)?[A-Z]?\d{1,5}[A-Z]?(?:[-/]\w{1,5}){0,3}")
_UNIT_FIRST = re.compile(
    rf"(?<![\w-])(?:(?:{_UNIT_NUMBER}\s+)*{_UNIT_NUMBER}|[A-Z]{{1,2}}-\d{{1,4}}[A-Z]?)(?=,)")
# A street whose plot number comes after it ("Ngong Road, Plot 118, Kilimani").
_STREET_BEFORE_UNIT = re.compile(
    rf"(?<![\w-]){_CAPITALISED}(?:\s+{_CAPITALISED}){{0,2}}\s+(?:{_STREET_TYPES})\b\.?"
    rf"(?=,\s+{_UNIT_NUMBER},)")
# Kenya: a building and its floor stand for the house number ("Kaunda House, 3rd floor,
# Kenyatta Avenue, Nakuru"); a place must follow the street.
_BUILDING_FLOOR_STREET = re.compile(
    rf"(?<![\w-]){_BUILDING}(?:{_ORDINAL}\s+(?i:floor)|{_UNIT}),\s+{_CAPITALISED}"
    rf"(?:\s+{_CAPITALISED}){{0,2}}\s+(?:{_STREET_TYPES})\b\.?")
# Colombia numbers its streets and gives the cross street and the distance from it ("Calle
# 72 # 10-34", "Carrera 7 No. 71-21").
_COLOMBIAN = re.compile(
    r"(?<![\w-])(?:Calle|Carrera|Cra\.?|Cl\.?|Kr\.?|Avenida|Av\.?|Diagonal|Transversal|Tv\.?)"
    r"\s+\d{1,3}[A-Z]?(?:\s(?:Bis|Sur))?\s*(?:#|No\.?|N[º°])\s*\d{1,3}[A-Z]?\s?-\s?\d{1,3}\b")
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s*Box\s+\d+(?:-\d{5})?\b", re.IGNORECASE)

# --- the parts after it ----------------------------------------------------------------------

_POSTCODE = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"                 # UK: NW1 6XE, M20 4QP
    r"|[AC-FHKNPRTV-Y]\d[\dW]\s?[AC-FHKNPRTV-Y\d]{4}"       # Irish Eircode: D09 E4X7
    r"|(?i:[A-Z]\d[A-Z]\s?\d[A-Z]\d)"                       # Canada: V6A 2S5, x1a 3k2
    r"|\d{4}\s?[A-Z]{2}"                                    # the Netherlands: 1017 GM
    r"|\d{5}-\d{3}"                                         # Brazil: 01234-567
    r"|\d{4}-\d{3}"                                         # Portugal: 4050-174
    r"|\d{2}-\d{3}"                                         # Poland: 00-950
    r"|[A-Z]-\d{4}"                                        # Luxembourg: L-1531
    r"|\d{3}\s\d{2}"                                        # Sweden, Czechia: 111 51
    r"|[A-Z]\d{4}(?:[A-Z]{3})?"                             # Argentina: C1043AAZ, X5000
    r"|\d{3}\s?\d{3}"                                       # India: 560069
    r"|\d{5}(?:-\d{4})?"                                    # US, DE, FR, ES, MX, IT
    r"|\d{4})(?![\w-])(?!\s\d)")                           # AU, NZ, AT, CH, BE, DK
_MEXICAN_STATES = ("Ags|Camp|Chih|Chis|Coah|Dgo|Gro|Gto|Hgo|Jal|Mich|Mor|Nay|Oax|Pue|Qro|Sin|"
                   "Son|Tab|Tamps|Tlax|Ver|Yuc|Zac")
"""Mexico's states as its addresses shorten them, with a period ("44100 Guadalajara, Jal.")."""
_PLACE_WORD = (rf"(?:(?:{_MEXICAN_STATES})\.(?!\w)"
               rf"|(?:Co|Col|Brgy|Bgy|Mt|Ft|St|Sta|Sto|Pto|Dist|Sec|Gral|[A-Z])\.(?=\s)"
               rf"|[{UPPER}][a-z]{{1,4}}\.(?=,)"
               rf"|[{UPPER}][^\W\d_]*(?:['’-][^\W\d_]+)*|{_ORDINAL})")
_PLACE = (rf"(?!I\b){_PLACE_WORD}(?:(?:\s+|-)(?:{_PARTICLE}\s+)*(?!No\.){_PLACE_WORD}){{0,4}}"
          rf"(?:\s+(?:No\.\s*)?\d{{1,2}}(?:-[A-Z])?(?![\w-]))?(?:\s+\([{UPPER}][^\W\d_]+\))?")
_STATE = r"(?:[A-Z]{2,3}(?![\w-])|(?:[A-Z]\.){2,3})"
_PART = (rf"(?:(?:[A-Z]\.){{2,3}}|{_UNIT}(?:\s+{_UNIT})?|{_POSTCODE}(?:\s+{_PLACE})?"
         rf"|{_PLACE}(?:\s+{_STATE})?(?:\s+{_POSTCODE})?|{_STATE}(?:\s+{_POSTCODE})?)")
_NEXT_PART = re.compile(rf"(?:,\s*|\s+[-–]\s+)(?P<part>{_PART})(?![\w'’-])")
_LOWER_WORD = r"[a-zß-öø-ÿ]{2,}(?:-[a-zß-öø-ÿ]+)?"
_NEXT_LOWER_PART = re.compile(
    rf"(?:,\s*|\s+[-–]\s+)(?P<part>(?i:{_POSTCODE})"
    rf"(?:\s+{_LOWER_WORD}(?:\s+{_PARTICLE}\s+{_LOWER_WORD})?)?"
    rf"|{_LOWER_WORD}\.?(?:\s+{_LOWER_WORD}){{0,2}}(?:\s+(?i:{_POSTCODE})|\s+\d{{1,2}})?)"
    r"(?![\w'’-])")
_PLACE_PARTICLES = frozenset("de da do dos das del di du".split())
"""Particles inside a place in lower case ("rio de janeiro"), ending it only at its end."""
_UNIT_AFTER = re.compile(rf"\s+(?P<part>{_UNIT})")
_MAX_PARTS = 6
_ABBREVIATION_END = re.compile(r"\b(?:St|Ave|Av|Rd|Blvd|Ln|Dr|Ct|Pl|Ter|Cir|Pkwy|Hwy|Trl|Sq|"
                               r"Apt|Ste|Fl|Rm|Box|Co|Col|Brgy|[A-Z])\.$"
                               rf"|,\s(?-i:{_MEXICAN_STATES})\.$", re.IGNORECASE)
"""An address ending like this keeps its final period ("12 Elm St.", Mexico's "..., Jal.")."""

# --- a street line known by the postcode after it --------------------------------------------

# Much of Europe and Latin America writes "<street name> <number>, <postcode> <city>" with any
# words for the street ("Beim Alten Zollhaus 6b", "Chaussée de Wavre 310", "carrer de sants
# 208"); the postcode and city after the number make it an address. One part ("Col. Centro")
# may come between.
_HOUSE_LAST = (r"\d{1,4}(?!\d)(?:\s?[a-zA-Z](?![\w'’])|(?:[-/]\d{1,4}){1,2}"
               r"|-(?:bis|[A-Za-z]|[IVX]+)\b)?(?![\w.]\d)")
"""A house number last, with a stair and door after it too ("Lerchenfelder Gürtel 43/5/21")."""
_CITY_POSTCODE = (r"(?:\d{5}|\d{3}\s\d{2}|[A-Z]\d{4}(?:[A-Z]{3})?|\d{4}-\d{3}|\d{4}\s?[A-Z]{2}"
                  r"|[A-Z]-\d{4}"
                  r"|\d{4}"
                  rf"|\d{{2}}-\d{{3}})\s+[{UPPER}]")
_CITY_POSTCODE_LOWER = (r"(?:\d{5}|\d{4}-\d{3}|\d{4}\s?[a-z]{2}|\d{2}-\d{3}|l-\d{4})"
                        r"\s+[^\W\d_]{2,}")
_LOWER_STREET_WORDS = r"(?:gate|gata|vei|vej|gade|allé|náměstí|ulice|třída|utca|út|tér)"
"""Nordic, Czech and Hungarian street words written apart in lower case ("Karl Johans gate")."""
_NAME_WORD = rf"(?:{_CAPITALISED}|[{UPPER}][a-z]{{0,4}}\.|C/)"
_NAME_BEFORE_POSTCODE = re.compile(
    rf"(?<![\w/-])(?:{_NAME_WORD}|(?:rue|via|calle|avenue|av\.|ul\.|al\.|rua))"
    rf"(?:\s+(?:{_PARTICLE}\s+)*(?:[dl]['’])?(?:{_NAME_WORD}|{_LOWER_STREET_WORDS})){{0,4}}"
    rf"\s+{_HOUSE_LAST}(?=,?\s+(?:{_PLACE},\s+)?{_CITY_POSTCODE})")
_LOWER_BEFORE_POSTCODE = re.compile(
    rf"(?<![\w/-])(?:[^\W\d_A-Z]+\.?\s+){{1,5}}{_HOUSE_LAST}"
    rf"(?=,?\s+(?:[a-z]+\.?(?:\s+[a-z]+)?,\s+)?{_CITY_POSTCODE_LOWER})")
# A four-digit postcode ("herrengasse 9, 8010 graz", "bv. san juan 1120, x5000 córdoba") is
# also a count ("am montag 3, 1200 leute"): it counts after a street type or word only.
_LOWER_BEFORE_SHORT_POSTCODE = re.compile(
    rf"(?<![\w/-])(?:[^\W\d_A-Z]+\.?\s+){{1,5}}{_HOUSE_LAST}"
    r"(?=,?\s+[a-z]?\d{4}(?![\w-])\s+(?P<city>[^\W\d_]{2,}))")
_LOWER_NAME = rf"(?:{_PARTICLE}\s+)*{_LOWER_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_LOWER_WORD}){{0,3}}"
# In lower case a street type first needs a part after the number ("pasaje los aromos
# 2184, villa alemana"); "via" and "plaza" are English words too, and need a postcode.
_TYPE_FIRST_LOWER = re.compile(
    r"(?<![\w/])(?:calle|pasaje|rua|avenida|avda\.|av\.|bv\.|travessa|carrer|avinguda|rúa|"
    r"estrada|alameda|calzada|privada|viale|corso|rue|borgo|contrada|strada|kaya|caya)\s+"
    rf"{_LOWER_NAME},?\s+(?:n[º°o]\.?\s*|n\.\s?[º°]\s*)?"
    rf"{_NUMBER_AFTER}")
_NUMBER_THEN_TYPE_LOWER = re.compile(
    rf"{_HOUSE}(?:\s(?:bis|ter)\b)?,?\s+(?:rue|avenue|boulevard|boul\.|bd|chemin|allée|impasse|"
    rf"place|quai|route|cours|passage|calle|camino|avenida)\s+(?:d['’]|de l['’])?{_LOWER_NAME}"
    rf"(?=,?\s+{_CITY_POSTCODE_LOWER})")
# Yucatán numbers its streets and names the two between which a house stands ("calle 60
# no. 491-a x 57 y 59"), and so do Cuba and La Plata ("Calle 23 No. 1058 e/ 12 y 14").
_YUCATAN = re.compile(
    r"(?<![\w-])(?i:calle|c\.)\s+\d{1,3}[a-zA-Z]?\s+(?i:no\.?|n[º°]|#)\s*\d{1,4}(?:-?[a-zA-Z])?"
    r"\s+(?i:x|por|entre|e/)\s*\d{1,3}[a-zA-Z]?(?:\s+(?i:y)\s+\d{1,3}[a-zA-Z]?)?\b")
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "januar februar märz juni juli oktober dezember janvier février mars avril mai juin "
    "juillet août septembre octobre novembre décembre enero febrero marzo abril mayo junio "
    "julio agosto septiembre octubre noviembre diciembre janeiro fevereiro março maio junho "
    "julho setembro outubro novembro dezembro gennaio febbraio aprile maggio giugno luglio "
    "settembre ottobre dicembre januari februari maart mei augustus".split())
"""A date ("May 12, 2024 City Council") is not a street and a number."""
_LOWER_STREET_TYPE = re.compile(
    r"calle|c/|carrer|avenida|avda\.?|av\.?|avinguda|avenue|rua|rúa|viale|via|piazza|piazzale|"
    r"corso|largo|vicolo|camino|paseo|passeig|plaza|plaça|praça|travessa|travesía|ronda|rue|"
    r"chemin|chaussée|boulevard|bd|blvd\.?|bv\.|ul\.|al\.|calzada|privada|estrada|alameda|pasaje")
_DISTINCT_POSTCODE_AFTER = re.compile(
    rf",?\s+(?:\d{{3}}\s\d{{2}}|\d{{4}}\s?[A-Z]{{2}}|\d{{4}}-\d{{3}}|[A-Z]-\d{{4}})\s+[{UPPER}]")
"""A postcode no count or version is written like ("546 35 Thessaloniki", "1053 GN
Amsterdam", "2750-284 Cascais", "L-1531 Luxembourg"): after it, one word and a number are a
street ("Patission 212, 112 56 Athens"), as a date or a count are not."""
_KEPT_LEADING = frozenset("am im an auf beim zum zur".split())
"""German street names that start with a preposition English lists as a stop word."""
_ARTICLES = frozenset("der die das den dem het de la le il".split())
"""Articles before a street in a sentence ("in der herrengasse 9"), not its name."""
_DUTCH_LEADING = frozenset("van ten ter".split())
"""Dutch street names that start with a particle ("van oldenbarneveltstraat 88")."""
_ENDS_LIKE_A_STREET = re.compile(rf"(?:{_COMPOUND_TYPES}|{_POSTCODE_COMPOUND_TYPES})$")
_COMPOUND = re.compile(rf"[^\W\d_][\w-]*?(?:{_COMPOUND_TYPES}|{_POSTCODE_COMPOUND_TYPES})")
"""One word that is a street ("seefeldstrasse"), not a street word alone ("markt")."""

# India: a bare door number ("14/2, gandhi nagar, adyar, chennai 600020") is one only with
# two parts and a PIN code after it.
_DOOR_NUMBER = re.compile(r"(?<![\w$#.,:/-])\d{1,4}(?:[-/]\d{1,4}){0,3}(?=,\s)")
_PIN_END = re.compile(r"\d{3}\s?\d{3}$")
# Ireland: a rural address has no number, only places and an Eircode ("Knockbrack,
# Kilmallock, Co. Limerick V35 CA62"); its last four characters mix letters and digits.
_PLACES_THEN_EIRCODE = re.compile(
    rf"(?<![\w-])(?:{_PLACE},\s+){{1,3}}{_PLACE}\s+[AC-FHKNPRTV-Y]\d[\dW]\s?"
    r"(?=[A-Z\d]{0,3}[A-Z])(?=[A-Z\d]{0,3}\d)[AC-FHKNPRTV-Y\d]{4}(?![\w-])")

_LOWER_COMPOUND_THEN_NUMBER = re.compile(
    r"(?<![\w-])[a-zß-ÿ][a-zß-ÿ-]{2,}(?:straat|straße|strasse|gasse|weg|laan|gracht|plein|"
    r"allee|kade|singel|dijk)\s+\d{1,4}(?:-?[a-z]{1,3}\b)?(?![\w,.]\d)")
"""A street in lower case known by its compound ending, then the number, with a place after
it ("wanicastraat 113, paramaribo", "santa rosaweg 87, willemstad")."""
_NUMBER_FIRST_BEFORE_POSTCODE = re.compile(
    rf"{_HOUSE},?\s+{_CAPITALISED}(?:[\s-]+(?:{_PARTICLE}\s+)*{_CAPITALISED}){{0,3}}"
    rf"(?=,\s+(?:\d{{3}}\s\d{{2}}|\d{{4}}\s?[A-Z]{{2}}|\d{{4}}-\d{{3}}|[A-Z]-\d{{4}})\s+[{UPPER}])")
"""The number first and any street name, before a postcode no count is written like ("8
Grand-Rue, L-9530 Wiltz")."""
_STREET_LINES = ((_NUMBER_FIRST, 0), (_NAME_THEN_NUMBER, 0), (_TYPE_FIRST, 0),
                 (_NUMBER_THEN_TYPE, 0), (_UNIT_FIRST, 2), (_NUMBER_FIRST_LOWER, 0),
                 (_NUMBER_FIRST_SOFT, 1), (_TYPE_THEN_NUMBER, 1), (_NAME_BEFORE_POSTCODE, 1),
                 (_LOWER_BEFORE_POSTCODE, 1), (_PLACES_THEN_EIRCODE, 0), (_STREET_BEFORE_UNIT, 0),
                 (_PO_BOX, 0), (_NUMBER_FIRST_LOWER_SOFT, 1), (_COLOMBIAN, 0),
                 (_LOWER_BEFORE_SHORT_POSTCODE, 1), (_TYPE_FIRST_LOWER, 1),
                 (_NUMBER_THEN_TYPE_LOWER, 1), (_YUCATAN, 0), (_BUILDING_FLOOR_STREET, 1),
                 (_TURKISH, 0), (_NUMBERED_STREET, 0), (_LOWER_COMPOUND_THEN_NUMBER, 1),
                 (_NUMBER_FIRST_BEFORE_POSTCODE, 1))
"""Each street-line pattern, with how many parts must follow it."""

# A pattern that opens with an optional unit prefix or a run of words is tried at every
# position of the text: the address patterns took 4.1 of 6.6 s of pattern redaction on 20,000
# distinct synthetic comments (cProfile). Each pattern below has a part that no match can
# lack and that a plain search finds quickly: its street type after a space, the comma after
# a unit number, the Eircode, or the postcode and city its lookahead asks for. Where that is
# absent the pattern cannot match and is not tried. Measured on those 20,000 comments, the
# same spans: pattern redaction 6.8 -> 3.6 s; on 18,136 texts with a digit (the PII sets, the
# sample, Polis, synthetic), the same spans for each. For the other patterns a check cost as
# much as the pattern (a case-blind list of German endings: 0.77 s against 0.19 s).
_NEEDS = {
    _NUMBER_FIRST: re.compile(rf"\s(?:{_STREET_TYPES})\b"),
    _STREET_BEFORE_UNIT: re.compile(rf"\s(?:{_STREET_TYPES})\b\.?,"),
    _BUILDING_FLOOR_STREET: re.compile(rf"\s(?:{_BUILDING_TYPES}),"),
    _UNIT_FIRST: re.compile(r"\d[\w/-]*,"),
    _PLACES_THEN_EIRCODE: re.compile(r"[AC-FHKNPRTV-Y]\d[\dW]\s?[AC-FHKNPRTV-Y\d]{4}(?![\w-])"),
    _NUMBER_FIRST_SOFT: re.compile(rf"\s(?:{_SOFT_STREET_TYPES})\b"),
    _NUMBER_FIRST_LOWER: re.compile(rf"\s(?:{_STREET_TYPES_LOWER})\b"),
    _NUMBER_FIRST_LOWER_SOFT: re.compile(rf"\s(?:{_SOFT_STREET_TYPES_LOWER})\b"),
    _NUMBER_THEN_TYPE: re.compile(rf"\s(?:{_TYPES_AFTER_NUMBER})\s"),
    _LOWER_BEFORE_POSTCODE: re.compile(_CITY_POSTCODE_LOWER),
    _LOWER_BEFORE_SHORT_POSTCODE: re.compile(r"\d{4}(?![\w-])\s+[^\W\d_]{2,}"),
}
"""For a street-line pattern, a search that finds something in every text it matches."""
_LOWER_LINES = (_NUMBER_FIRST_LOWER, _NUMBER_FIRST_LOWER_SOFT, _LOWER_BEFORE_POSTCODE,
                _LOWER_BEFORE_SHORT_POSTCODE, _TYPE_FIRST_LOWER, _NUMBER_THEN_TYPE_LOWER,
                _LOWER_COMPOUND_THEN_NUMBER)
_WITH_PARTICLES = (_TYPE_FIRST_LOWER, _NUMBER_THEN_TYPE_LOWER)
"""Lower-case street lines whose names may hold particles ("travessa do alecrim 8")."""


_NEIGHBOURHOOD_FIRST = re.compile(
    r"(?<![\w-])(?:(?i:bairro|barrio|colonia|quartier|cité|urbanización|reparto|zh\.k\.)"
    r"|Col\.|Urb\.|Sector|Zona|Residencial|Conjunto|Quadra)\s+[^,.;:!?\n]{1,40}"
    r"(?:,\s*[^,;:!?\n]{1,30}){2,6}")
"""An address that opens with its neighbourhood and numbers the house further on, as much
of Latin America and Africa writes it ("Bairro Prenda, Rua 12, casa 31, Luanda", "Col.
Kennedy, bloque 14, casa 2306, Tegucigalpa", "Cité des 500 Logements, bloc 7, Bordj El
Kiffan, Alger": 14 addresses of the world set's fresh3 to fresh5 parts had no street line
the other patterns know)."""
_PART_WORDS = re.compile(r"[^\W\d_]+|\d")
_NUMBERED_PART = re.compile(
    r"(?<![\w-])(?i:casa|bloque|bloc|bloco|bl\.|lote|lot|portal|bâtiment|bât\.|porte|villa|"
    r"house|stall|plot|ap\.|apto|apt|piso|étage|calle|rua|rue|avenida|av\.|quarteirão|"
    r"manzana|mz|edificio|edif\.|immeuble|imm\.|n[º°o]\.?|#)\s*[A-Z]?\d")
"""A part that numbers a house, a block or a street ("casa 31", "bloc 7", "Rua 12"), not a
count ("Quartier Latin, 5 bars, 2 cinemas")."""
_MAX_PART_WORDS = 5
_JOINING_WORDS = _PLACE_PARTICLES | {"y", "e"}
"""Stop words an address part may hold: a place's particles, "y" and "e" between streets."""


def _neighbourhood_first(text: str) -> list[tuple[int, int]]:
    """(start, end) of each address `_NEIGHBOURHOOD_FIRST` finds: its comma-separated parts
    up to where the sentence goes on (a stop word that is no particle, or a part of more than
    `_MAX_PART_WORDS` words), with two parts at least after the neighbourhood, one of them
    numbering a house, a block or a street (`_NUMBERED_PART`)."""
    spans = []
    for match in _NEIGHBOURHOOD_FIRST.finditer(text):
        parts = match.group().split(",")
        kept = [parts[0]]
        for part in parts[1:]:
            words = list(_PART_WORDS.finditer(part))
            ends = [word for word in words if word.group().lower() in stop_words()
                    and word.group().lower() not in _JOINING_WORDS]
            if ends:  # "..., Maputo by Friday": the part up to the sentence's own words
                if ends[0].start() and part[:ends[0].start()].strip():
                    kept.append(part[:ends[0].start()])
                break
            if len(words) > _MAX_PART_WORDS:
                break
            kept.append(part)
        if len(kept) >= 3 and any(_NUMBERED_PART.search(part) for part in kept[1:]):
            end = match.start() + len(",".join(kept))
            spans.append((match.start(), _rstrip_end(text, match.start(), end)))
    return spans


def address_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each address in `text` (which should hold a digit: every address
    does, and the caller skips the others); spans may overlap."""
    spans = []
    for pattern, parts_needed in _STREET_LINES:
        if pattern in _NEEDS and not _NEEDS[pattern].search(text):
            continue
        lower = pattern in _LOWER_LINES
        for match in pattern.finditer(text):
            start, words = match.start(), match.group().split()
            if pattern in (_LOWER_BEFORE_POSTCODE, _LOWER_BEFORE_SHORT_POSTCODE):
                start = _lower_street_start(
                    match, by_preposition=pattern is _LOWER_BEFORE_POSTCODE)
                if start is None or (match.groupdict().get("city") or "") in stop_words():
                    continue
            elif lower and any(word in stop_words() and not (
                    pattern in _WITH_PARTICLES and re.fullmatch(_PARTICLE, word))
                    for word in words[1:-1]):
                continue  # "2009 and the road"
            if words[0].lower() in _ROAD_CLASSES | _NOT_STREETS or (
                    pattern is _NAME_BEFORE_POSTCODE and _looks_like_a_date_or_count(words)
                    and not _DISTINCT_POSTCODE_AFTER.match(text, match.end())):
                continue
            end, parts = _with_following_parts(text, match.end(),
                                               lower=lower or match.group().islower())
            if parts >= parts_needed:
                spans.append((start, _rstrip_end(text, start, end)))
    spans += _neighbourhood_first(text)
    for match in _DOOR_NUMBER.finditer(text):
        lower = text[match.end() + 2:match.end() + 3].islower()
        end, parts = _with_following_parts(text, match.end(), lower=lower)
        end = _rstrip_end(text, match.start(), end)
        if parts >= 2 and _PIN_END.search(text, match.start(), end):
            spans.append((match.start(), end))
    return _joined(text, spans)


def _looks_like_a_date_or_count(words: list[str]) -> bool:
    """One word and a number ("Version 2, 10000 Users", "Gleis 3, 10115 Berlin": one-word
    streets are compounds, found by their ending: "Zuiderpark 5a") or a month and a day ("On
    May 12, 2024 City Council")."""
    if len(words) == 2 and _COMPOUND.fullmatch(words[0]):
        return False  # "Zuiderpark 5a, 9724 AE Groningen"
    return len(words) < 3 or (words[-2].lower() in _MONTHS and words[-1].isdigit()
                              and int(words[-1]) <= 31)


def _lower_street_start(match: re.Match, *, by_preposition: bool = True) -> int | None:
    """Where a street in lower case starts, leaving out the sentence's words before it: at
    its street type ("frente a [carrer de sants 208]"), at a compound street word ("op
    [zuiderpark 5a]"), else its last two words and a preposition before them ("wohnen [am
    kirchberg 3]"); None when neither a street type, a compound street word ("grote markt")
    nor (if `by_preposition`) such a preposition is there ("counted 300, 12345 people")."""
    words = [(word.group(), match.start() + word.start())
             for word in re.finditer(r"\S+", match.group())][:-1]
    for index, (word, start) in enumerate(words):
        if word == "via" and index + 1 < len(words) and "verb" in english_parts_of_speech(
                words[index + 1][0]):
            return None  # "via zoom 3, 1200 people"
        if _LOWER_STREET_TYPE.fullmatch(word):
            return start
    if _COMPOUND.fullmatch(words[-1][0]):
        first = len(words) - 1
    else:
        kept = [(word, start) for word, start in words[-2:]
                if word not in stop_words() and word not in _ARTICLES]
        if not kept:
            return None
        first = words.index(kept[0])
    if first and words[first - 1][0] in _KEPT_LEADING | _DUTCH_LEADING:
        first -= 1
    elif first > 1 and words[first - 2][0] == "van" and words[first - 1][0] in _ARTICLES:
        first -= 2  # "van der helststraat"
    if (by_preposition and words[first][0] in _KEPT_LEADING) or any(
            _ENDS_LIKE_A_STREET.search(word) for word, _ in words[first:]):
        return words[first][1]
    return None


def _joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans apart only by a comma become one ("Ngong Road, Plot 118, Nairobi")."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1] + 2 and (
                start <= joined[-1][1] or text[joined[-1][1]:start].strip() in {",", ""}):
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


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
        part_end = part.end() if part else None
        lower_end = _lower_part_end(text, end) if lower else None
        if lower_end and (part_end is None or lower_end > part_end):
            part_end = lower_end
        if part_end is None:
            break
        end, parts = part_end, parts + 1
    return end, parts


def _lower_part_end(text: str, end: int) -> int | None:
    """Where a part in lower case after `end` ends, before any stop word in it ("..., nyeri
    if you need"); None without one."""
    part = _NEXT_LOWER_PART.match(text, end)
    if part is None:
        return None
    part_end = part.start("part")
    for word in re.finditer(r"\S+", part.group("part")):
        if word.group().rstrip(".") in stop_words():
            if word.group() in _PLACE_PARTICLES:
                continue  # "rio de janeiro", up to the word after it
            break
        part_end = part.start("part") + word.end()
    return part_end if part_end > part.start("part") else None


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
