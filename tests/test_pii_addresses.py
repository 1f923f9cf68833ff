"""Street addresses as written in several countries, whole (street, unit, place, postcode),
and look-alikes that stay."""

from __future__ import annotations

import pytest

from analyzer.pipelines.pii import PiiSpan, Redactor
from benchmarks.pii_eval import DEFAULT_DATA, PHONES_DATA, SPANISH_DATA, load_records
from benchmarks.pii_world import WORLD_DATA


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(redact_names=False)


ADDRESSES = [
    # UK and Ireland
    "Flat 3, 14 Baker Road, London NW1 6XE",
    "27 Hollybush Gardens, Leeds LS6 2PN",
    "5 The Crescent, Ballsbridge, Dublin 4, D04 C2N8",
    "8 Oakpark Lawn, Tralee, Co. Kerry V92 K7P1",
    # Germany, Austria, Switzerland, the Netherlands
    "Hauptstraße 5",
    "Bahnhofstr. 12a, 10115 Berlin",
    "Mariahilfer Straße 45/3, 1060 Wien",
    "Seefeldstrasse 7, 8008 Zürich",
    "Prinsengracht 263-2, 1016 GV Amsterdam",
    "Laan van Nieuw Oost-Indië 4, 2593 BK Den Haag",
    # Spain, Mexico, Brazil, Portugal
    "Calle de Alcalá 45",
    "Av. Insurgentes Sur 1602, Col. Del Valle",
    "Calle 16 de Septiembre 210 int. 4, Col. Centro, 44100 Guadalajara",
    "Paseo de Gracia 92, 4º 2ª, 08008 Barcelona",
    "Rua Oscar Freire, 379, apto 12, São Paulo - SP, 01426-001",
    # France and Quebec
    "12 rue de la Paix, 75002 Paris",
    "8 bis avenue Jean Jaurès, 69007 Lyon",
    "1250, boulevard René-Lévesque Ouest, Montréal, QC H3B 4W8",
    # Australia, Canada, US
    "Unit 2/14 Acacia Street, Parramatta NSW 2150",
    "77 Wellington St W, Toronto, ON M5K 1A1",
    "3300 Lakeview Rd, Springfield, IL 62704",
    "9 spruce crescent, whitehorse, yt y1a 4n6",
    # India, Kenya, Nigeria, the Philippines
    "Flat 12B, Lotus Towers, Andheri East, Mumbai 400069",
    "Plot 18, Ngong Road, Kilimani, Nairobi",
    "21 Awolowo Road, Ikoyi, Lagos",
    "Blk 5 Lot 12, Brgy. Malanday, Marikina City",
    "C-7, Vasant Kunj, New Delhi 110070",
    # a street name of any words, then its number, a postcode and the city
    "Beim Alten Zollhaus 6b, 28195 Bremen",
    "Rue de la Station 27, 4020 Liège",
    "Chaussée de Wavre 310, 1040 Etterbeek",
    "Lange Nieuwstraat 45, 3512 PD Utrecht",
    "Corso Buenos Aires 33, 20124 Milano",
    "ul. Marszałkowska 84, 00-514 Warszawa",
    "Rua de Cedofeita, 412, 4050-174 Porto",
    "Avenida Almirante Reis, 88, 2.º Esq., 1150-020 Lisboa",
    "Calle Zaragoza 305, Centro, 64000 Monterrey, N.L.",
    "Bahnhofstr. 9, 3. OG links, 70173 Stuttgart",
    "1234, rue Saint-Denis, Montréal (Québec) H2X 3K8",
    # written in lower case
    "viale monza 240, 20126 milano",
    "carrer de sants 208, 08028 barcelona",
    "am kirchberg 3, 01067 dresden",
    "grote markt 21, 9711 lv groningen",
    "22 ardilaun grove, galway h91 x2k4",
    "221 p. burgos street, brgy. poblacion, makati city",
    "plot 22, gana street, maitama, abuja",
    "14/2, gandhi nagar, adyar, chennai 600020",
    # units and buildings before the street, a street before its plot, places only
    "Flat 12, Ashcroft House, 31 Mill Lane, Leeds LS6 2QX",
    "H.No. 8-2-293, Road No. 6, Banjara Hills, Hyderabad 500034",
    "Ngong Road, Plot 118, Kilimani, Nairobi",
    "Moi Avenue 41, Mombasa",
    "4 Church View, Ennistymon, Co. Clare",
    "Knockbrack, Kilmallock, Co. Limerick V35 CA62",
    "PO Box 1187, Bozeman, MT 59771",
    # the Nordic countries, Czechia, Poland, Colombia, Argentina, Quebec
    "Karl Johans gate 1, 0154 Oslo",
    "Kungsgatan 12, 411 19 Göteborg",
    "Nørregade 10, 1165 København K",
    "Václavské náměstí 1, 110 00 Praha 1",
    "ul. Długa 5 m. 3, 00-263 Warszawa",
    "Carrera 7 # 71-21, Bogotá",
    "Av. Corrientes 1234, C1043AAZ CABA",
    "Apt 4, 55 Rue Sherbrooke Ouest, Montréal, QC H2X 1X2",
    # round 2: lower-case compounds and four-digit postcodes, a street type first in lower case
    "Noorderpark 12b, 1031 KN Amsterdam",
    "mechelsesteenweg 88, 2018 antwerpen",
    "sporgasse 14, 8010 graz",
    "badenerstrasse 120, 8004 zürich",
    "via pretorio 7, 6900 lugano",
    "van speijkstraat 31, 2518 ev leiden",
    "bv. oroño 845, s2000 rosario",
    "pasaje las camelias 318, puente alto",
    "rua barata ribeiro 502, ap. 71, copacabana, rio de janeiro - rj, 22040-002",
    "av. oceânica 2400, salvador - ba, 40170-010",
    "travessa da queimada 23, 1.º dto., 1200-365 lisboa",
    "7 ter rue des orfèvres, 67000 strasbourg",
    "flat 2c, 41 salisbury road, cardiff cf24 4ab",
    "Av. Santa Fe 2450, piso 3 dpto. A, C1123AAN CABA",
    "Av. Juárez 100, Col. Centro, 58000 Morelia, Mich.",
    "calle 59 no. 502-b x 60 y 62, centro, 97000 mérida",
    "Nyayo House, 5th floor, Kenyatta Avenue, Nairobi",
    # Added with the world set's fresh4 part: a one-word street before a postcode no count is
    # written like, doors after the house number, type-first streets of Curaçao, Israel and
    # Italy, Turkish and numbered Caribbean and Guatemalan streets, "n.º" before the number.
    "Patission 318, 104 34 Athens",
    "Margaretengürtel 12/3/7, 1050 Wien",
    "Kaya Grandi 27, Willemstad",
    "Rehov Herzl 12, Haifa",
    "Borgo San Frediano 8, 50124 Firenze",
    "Bağdat Cad. No: 118 D: 4, Kadıköy, İstanbul",
    "Calle 12 #33, Los Alcarrizos",
    "4a. Avenida 3-21, Zona 9, Guatemala",
    "Rua 7 de Setembro n.º 40, Maputo",
    # And from fresh3's remaining misses: Luxembourg's postcodes, Welsh and Malay types after
    # the number, Peru's jirón, Canada's "boul.", Dutch compounds in lower case.
    "5 Grand-Rue, L-4132 Esch-sur-Alzette",
    "14 Heol y Parc, Caerdydd CF14 3AB",
    "9 Jalan Besar, Singapore 208790",
    "Jr. Cusco 312, Cercado de Lima",
    "640, boul. René-Lévesque Ouest, Montréal QC H3B 1R2",
    "kerkstraat 88, haarlem",
    # And from fresh5's: Cuba's cross streets, Sri Lanka's door numbers before the street.
    "Calle 17 No. 512 e/ 4 y 6, Vedado",
    "28/4, Flower Road, Colombo 07",
    # A neighbourhood first and the house numbered further on.
    "Bairro Maxaquene, Rua 7, casa 14, Maputo",
    "Col. Las Palmas, bloque 9, casa 118, Tegucigalpa",
    "Cité El Bahia, bloc 3, Oran",
]
"""One address of each form `address_spans` knows, written as people write it."""


@pytest.mark.parametrize("address", ADDRESSES)
def test_address_is_one_span(redactor, address):
    text = f"Please send it to {address} by Friday."
    assert redactor.find(text) == [PiiSpan(18, 18 + len(address), "ADDRESS")], (
        [text[s.start:s.end] for s in redactor.find(text)])


def test_a_street_named_after_a_person_is_an_address_not_a_name():
    # Was NAME "Calle de Alcalá" with its number left.
    text = "Vivo en Calle de Alcalá 45. Es un piso antiguo."
    assert Redactor().redact(text) == "Vivo en [ADDRESS]. Es un piso antiguo."
    assert Redactor().redact(text, "es") == "Vivo en [ADDRESS]. Es un piso antiguo."


@pytest.mark.parametrize("text", [
    "In 2050, Bowling Green will be a distinctive city.",
    "Tempo 30 in der Stadt, Landstraße 80, Autobahn 100 km/h.",
    "Spring 2024 was wet, and Klimamarkt 2030 starts soon.",
    "We walked down Main Street and the Calle de Alcalá at night.",
    "In 2009 and the road was still unpaved.",
    "Room 12, which is on the second floor, is cold.",
    "The 3 best way to help is to call.",
    "We sent it via Facebook 3 times.",
    "On May 12, 2024 City Council voted.",
    "We counted 300, 12345 people came.",
    "Version 2, 10000 Users signed up.",
    "Gleis 3, 10115 Berlin Hbf, stand dort.",
    "Ticket 4521, 12345 Berlin office lost it.",
    "Take bus 42, 1200 metres further.",
    "It costs 12,50 EUR, 1200 Euro in total.",
    "The meeting is at 10:30, 2024 Agenda attached.",
    "I had 2 big close calls, then left.",
    "Donate 50 Red Cross, UNICEF and more.",
    "We walked down Main Street and Avenue Brugmann at night.",
    "Postcode 1040 only, and 28195 is Bremen's.",
    "Am Montag 3, 12 Leute kamen.",
    "The Fire Brigade 112 came at once.",
    "am montag 3, 1200 leute kamen zur versammlung.",
    "Der Freizeitpark 2 ist toll, der Spielplatz auch.",
    "we talked via zoom 3, 1200 people joined",
    "calle 5 minutes away, 2000 people live there",
    "el tema 2, 1200 personas lo apoyan",
    "Version 2, 10000 Users signed up.",
    "Rue de la Paix is closed, Kaya is a name.",
    "Kapitel 12, 104 Seiten lang.",
    "Wir haben 3 Kinder, 1200 Euro Miete.",
    "de weg 2, dan links",
    "Quartier Latin, 5 bars, 2 cinemas, great vibe",
    "En la Zona 3, 4 y 5 tienen agua.",
])
def test_look_alikes_stay(redactor, text):
    assert [s for s in redactor.find(text) if s.kind == "ADDRESS"] == [], text


@pytest.mark.parametrize(("text", "redacted"), [
    ("Mi dirección: av. hidalgo 1520, col. americana, 44160 guadalajara, jal. Gracias.",
     "Mi dirección: [ADDRESS]. Gracias."),
    ("Bus stop nearer viale monza 240, 20126 milano please",
     "Bus stop nearer [ADDRESS] please"),
    ("my address is p.o. box 220, nyeri if you need to send someone",
     "my address is [ADDRESS] if you need to send someone"),
    ("Wir wohnen am kirchberg 3, 01067 dresden seit Mai.",
     "Wir wohnen [ADDRESS] seit Mai."),
])
def test_an_address_in_lower_case_ends_before_the_sentence_goes_on(redactor, text, redacted):
    assert redactor.redact(text) == redacted


def test_each_quick_check_finds_something_wherever_its_pattern_matches():
    """`address_spans` skips a street-line pattern when its quick check (`_NEEDS`) finds
    nothing; that is only safe if no text the pattern matches fails the check. Checked on
    every comment of the labelled PII sets (addresses from 18 countries among them) and on
    the addresses above."""
    from analyzer.pipelines import pii_addresses

    texts = [record["text"] for path in (WORLD_DATA, DEFAULT_DATA, SPANISH_DATA, PHONES_DATA)
             for record in load_records(path)]
    texts += [f"Please write to {address}, thanks." for address in ADDRESSES]
    matched = 0
    for pattern, check in pii_addresses._NEEDS.items():
        for text in texts:
            if pattern.search(text):
                matched += 1
                assert check.search(text), (pattern.pattern[:60], text)
    assert matched > 200  # the patterns did match: the check was put to the test


def test_the_quick_checks_change_no_address_found(monkeypatch):
    """The same spans with the quick checks as with every pattern tried on every text."""
    from analyzer.pipelines import pii_addresses

    texts = [record["text"] for record in load_records(WORLD_DATA)
             if any(ch.isdigit() for ch in record["text"])]
    checked = [pii_addresses.address_spans(text) for text in texts]
    monkeypatch.setattr(pii_addresses, "_NEEDS", {})
    assert [pii_addresses.address_spans(text) for text in texts] == checked
    assert sum(map(bool, checked)) > 150
