"""Builds tests/data/pii_world.jsonl: personal details as written in 80 countries, labelled.

    python tests/data/build_pii_world.py      # rewrites pii_world.jsonl (same output each run)

Everything it combines was written for this set, by hand, in `pii_world_src/`:

- `carriers.txt`: sentences of community feedback (schools, transit, housing, parks, clinics)
  in English, Spanish, French, German, Portuguese and Dutch, with slots such as {PHONE},
  {NAME}, {first} (a first name written in lower case) or {ID} with {id_label}.
- `details.txt`: per country, phones, emails, national identifiers, street addresses, web
  addresses and names, as people there write them, and the languages they are used with.
- `comments.txt`: whole comments with their details marked inline, and comments with none,
  which are full of what must not be taken for a detail (dates, money, bus and room numbers,
  postcodes alone, ticket numbers, "Main Street", "Lincoln Elementary", "will", "grace").

Each carrier is filled `INSTANCES[language]` times, each time with the details of a country
that writes in that language and has a detail for every slot: of those, in a fixed shuffled
rotation, the one with the most details not used yet. Details are dealt least-used first, and
each detail no carrier drew gets one more comment (`_top_up`), so every one is in the set.
Carriers and details alternate dev, test, dev, ... in the order written, and a carrier only
takes details of its own half: the test half shares no carrier and no detail with dev.

A third part, "fresh", is built from its own sources, written after the redactor had been
tuned on both halves (`fresh_carriers.txt`, `fresh_details.txt`, `fresh_comments.txt`, in
the same formats, with three countries more: Italy, Belgium, Portugal), with its own seeded
shuffle, after the two halves, so adding it left them as they were. It shares no carrier and
no detail with either half, and is kept out of all tuning: it is scored once per change.

A fourth part, "fresh2", was written blind after the redactor had been tuned on dev, test and
fresh, by someone who had not read the redactor's code nor run it on any part (`fresh2_*.txt`,
with Italian carriers too). It has 21 countries, ten new to the set: Argentina (CUIL),
Chile (RUT), Colombia, Austria (social insurance number), Switzerland (AHV number, in German,
French and Italian), South Africa (ID number), Poland (PESEL, a Polish person writing in
English), New Zealand (IRD number), Morocco (in French) and Ghana; the others are US, GB, ES,
MX, FR, BE, NL, DE, IT, BR and PT. It is built last, with its own seed (`FRESH2_SEED`), so the
three parts before it are as they were; it shares no carrier and no detail with them, and is
scored once, not tuned on.

A fifth part, "fresh3", was written blind in the same way after the redactor had been tuned on
dev, test, fresh and fresh2 (`fresh3_*.txt`). It has 24 countries, eleven new to the set: Peru,
Uruguay (cédula), Ecuador (cédula), Venezuela, Sweden (personnummer, a Swede writing in
English), Singapore (NRIC), Jamaica, Senegal and Luxembourg (in French; Luxembourg in German
too), Angola (Portuguese) and Suriname (Dutch); the others are US (in English and Spanish),
GB (Scottish and Welsh addresses), IE, CA (Québec French), ES, MX, FR, BE, NL, DE, IT, BR and
PT. It is built last, with its own seed (`FRESH3_SEED`), so the four parts before it are as
they were; it shares no carrier and no detail with them, and is scored once, not tuned on.

A sixth part, "fresh4", was written blind in the same way after the redactor had been tuned on
dev, test, fresh, fresh2 and fresh3 (`fresh4_*.txt`). It has 37 countries, twenty new to the
set: Norway (fødselsnummer), Finland (henkilötunnus), the Czech Republic (rodné číslo), Greece
(AMKA), Turkey (T.C. kimlik no) and Israel (identity number), people of those countries writing
in English; Costa Rica, the Dominican Republic (cédula), Puerto Rico (in Spanish and English)
and Guatemala; Côte d'Ivoire, Cameroon (in French and English), Tunisia and Haiti (in French);
Liechtenstein (German); Mozambique and Cape Verde (Portuguese); Curaçao and Aruba (Dutch); San
Marino (Italian). The others are US (in English and Spanish), GB, AU, IN, NG, KE, ES, MX, FR,
BE, DE, AT, CH (Ticino Italian and German), NL, IT, BR and PT. Its comments file holds more
hard negatives and names that are also words (Mercy, Dot, Pip, Ivy, Penny, Joy, Umut, Beat);
its few SSNs are from the advertising range below, written in forms (spaces, no separators)
no earlier part uses, as that range has only eleven numbers. It is built last, with its own
seed (`FRESH4_SEED`), so the five parts before it are as they were; it shares no carrier and
no detail with them, and is scored once, not tuned on.

A seventh part, "fresh5", was written blind in the same way after the redactor had been tuned
on dev, test, fresh, fresh2, fresh3 and fresh4 (`fresh5_*.txt`). It has 43 countries,
twenty-one new to the set: Malaysia, Pakistan, Sri Lanka, Vietnam, Egypt, Uganda, Zimbabwe,
Estonia (isikukood), Croatia (OIB, in English and German), Bulgaria (EGN) and Malta (in English
and Italian), people of those countries writing in English; Rwanda and Lebanon (English and
French); Algeria and Madagascar (French); Bolivia, Paraguay, Honduras and Cuba (Spanish); São
Tomé and Príncipe and Timor-Leste (Portuguese). The others are US (in English and Spanish), GB,
IE, CA (English and Québec French), AU, IN, NG, KE, ES, MX, AR, CO, FR, BE, CH (German, French
and Italian), DE, AT, NL, SR, IT, BR and PT. Many of its carriers and comments are typed the
way people fill in online forms (no capitals, run-on sentences, texting abbreviations), its
names include ones that are also words (Honor, Hunter, Mason, Chase, Holly, Olive, Iris, Fern,
Gift, Charity, Prosper, Innocent, Divine, Esperanza, Soledad) with hard negatives that use
those words plainly, and one Mexican phone is written with the old mobile "1" (marked "odd").
It is built last, with its own seed (`FRESH5_SEED`), so the six parts before it are as they
were; it shares no carrier and no detail with them, and is scored once, not tuned on.

The build refuses a detail that is not what it claims: a national identifier must pass its
scheme's published rule (check digits included, `CHECKS`), a phone must be a possible number
for its country under libphonenumber (unless marked "odd": written as people write it, like
"(555) 0101-9779"), and spans must be non-empty, exact and apart. Where a scheme has a range
never issued to people, the set uses it, so no number can be a real person's:

- US SSN: 987-65-4320 to 987-65-4329, the range the Social Security Administration keeps for
  advertisements, and 219-09-9999, the number on its sample card;
- Canadian SIN: a leading 0, not given to people (the widely printed sample 046 454 286
  starts with 0 too); its Luhn check still holds.

A validator that rejects those ranges (python-stdnum rejects both) misses these numbers. The
other schemes have no such range: their numbers are made up, with valid check digits. Phones
use the ranges set aside for drama where they exist (UK 07700 900xxx and 020 7946 0xxx, US and
Canada 555-01xx, Australia 0491 570 xxx, France 06 39 98 xx xx); libphonenumber calls some of
them possible but not valid (07700 900xxx, 06 39 98 xx xx).
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "pii_world_src"
OUTPUT = HERE / "pii_world.jsonl"
SEED = 14
SPLITS = ("dev", "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5")
HALVES = ("dev", "test")
"""The parts built from the first sources, which alternate between them."""
FRESH_SEED = 1414
FRESH2_SEED = 2828
FRESH3_SEED = 4242
FRESH4_SEED = 8484
FRESH5_SEED = 16968
LATER_PARTS = (("fresh", FRESH_SEED), ("fresh2", FRESH2_SEED),
               ("fresh3", FRESH3_SEED), ("fresh4", FRESH4_SEED), ("fresh5", FRESH5_SEED))
"""The parts built after the halves from their own `<part>_*.txt` sources, in this order."""
KINDS = ("PHONE", "EMAIL", "ID", "ADDRESS", "URL", "NAME")
INSTANCES = {"en": 2, "es": 3, "fr": 3, "de": 2, "pt": 3, "nl": 3, "it": 3}
"""How many comments each carrier sentence of a language becomes (fewer carriers, more uses)."""

SLOT_POOLS = {"PHONE": ("PHONE",), "EMAIL": ("EMAIL",), "ID": ("ID",), "URL": ("URL",),
              "ADDRESS": ("ADDRESS",), "address": ("ADDRESS",),
              "NAME": ("NAME", "FIRST"), "name": ("NAME", "FIRST"),
              "FIRST": ("FIRST",), "first": ("FIRST",)}
"""Slot in a carrier -> the detail lines it draws from; a lower-case slot writes it lower case."""
SLOT_KINDS = {"PHONE": "PHONE", "EMAIL": "EMAIL", "ID": "ID", "URL": "URL", "ADDRESS": "ADDRESS",
              "NAME": "NAME", "FIRST": "NAME"}
_SLOT = re.compile(r"\{(\w+)\}")
_MARK = re.compile(r"\[\[(PHONE|EMAIL|ADDRESS|URL|NAME|ID/(\w+)):(.+?)\]\]")
_DETAIL = re.compile(r"(PHONE|EMAIL|ID|ADDRESS|URL|NAME|FIRST)(?: (\w+))?: (.+)")


@dataclass(frozen=True)
class Carrier:
    language: str
    countries: tuple[str, ...]  # empty: any country writing in `language`
    text: str
    split: str


@dataclass(frozen=True)
class Detail:
    country: str
    pool: str  # a key of the detail lines: PHONE, EMAIL, ID, ADDRESS, URL, NAME or FIRST
    value: str
    split: str
    labels: tuple[tuple[str, str], ...] = ()  # IDs: (language, the words naming the ID)

    def label(self, language: str) -> str | None:
        return dict(self.labels).get(language)


def _lines(name: str) -> Iterable[tuple[int, str]]:
    for number, line in enumerate((SOURCES / name).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield number, line.rstrip()


def read_carriers(name: str = "carriers.txt", split: str | None = None) -> list[Carrier]:
    """carriers.txt, each sentence given its half (alternating within its language), or
    another file of carriers that all go to `split`."""
    carriers, seen = [], Counter()
    for number, line in _lines(name):
        head, _, text = line.partition(" | ")
        language, *countries = head.split()
        slots = _SLOT.findall(text)
        unknown = [slot for slot in slots if slot not in SLOT_POOLS and slot != "id_label"]
        if unknown or ("id_label" in slots) != ("ID" in slots) or slots.count("ID") > 1:
            raise ValueError(f"{name} line {number}: bad slots {slots}")
        carriers.append(Carrier(language, tuple(countries[0].split(",")) if countries else (),
                                text, split or HALVES[seen[language] % 2]))
        seen[language] += 1
    return carriers


def read_details(name: str = "details.txt", split: str | None = None
                 ) -> tuple[dict[str, tuple[str, ...]], list[Detail]]:
    """details.txt: each country's languages, and its details with their halves; or another
    file of details that all go to `split`."""
    import phonenumbers

    languages: dict[str, tuple[str, ...]] = {}
    details, seen, country = [], Counter(), ""
    for number, line in _lines(name):
        if line.startswith("== "):
            country, *spoken = line[3:].split()
            languages[country] = tuple(spoken)
            continue
        match = _DETAIL.fullmatch(line)
        if not match or not country:
            raise ValueError(f"{name} line {number}: not a detail: {line!r}")
        pool, tag, rest = match.groups()
        value, *named = [part.strip() for part in rest.split(" | ")]
        labels = tuple(tuple(item.split("=", 1)) for item in named)
        if pool == "ID" and not valid_id(tag, value):
            raise ValueError(f"{name} line {number}: {value!r} fails the {tag} rule")
        if pool == "PHONE" and tag != "odd" and not phonenumbers.is_possible_number(
                phonenumbers.parse(value, country)):
            raise ValueError(f"{name} line {number}: {value!r} is no {country} phone")
        key = (country, pool, tag if pool == "ID" else "")
        details.append(Detail(country, pool, value, split or HALVES[seen[key] % 2], labels))
        seen[key] += 1
    return languages, details


def read_comments(name: str = "comments.txt") -> list[dict[str, Any]]:
    """comments.txt (or another file of whole comments) as records: the inline marks dropped
    and turned into spans."""
    import phonenumbers

    records = []
    for number, line in _lines(name):
        head, _, marked = line.partition(" | ")
        split, country, language = head.split()
        if split not in SPLITS:
            raise ValueError(f"{name} line {number}: no part is called {split!r}")
        text, spans, position = "", [], 0
        for match in _MARK.finditer(marked):
            text += marked[position:match.start()]
            kind, scheme, value = match.groups()
            if scheme and not valid_id(scheme, value):
                raise ValueError(f"{name} line {number}: {value!r} fails the {scheme} rule")
            if kind == "PHONE" and not phonenumbers.is_possible_number(
                    phonenumbers.parse(value, country)):
                raise ValueError(f"{name} line {number}: {value!r} is no {country} phone")
            spans.append({"start": len(text), "end": len(text) + len(value),
                          "kind": "ID" if scheme else kind})
            text += value
            position = match.end()
        text += marked[position:]
        if "[[" in text or "]]" in text:
            raise ValueError(f"{name} line {number}: a mark is not closed")
        records.append(_record(text, spans, country, split, language))
    return records


class _Decks:
    """Details per (half, country, slot, language), each deck shuffled once; a draw takes the
    least-used detail, in deck order after the last one drawn, so each is used about equally."""

    def __init__(self, details: list[Detail], rng: random.Random):
        self.details, self.rng = details, rng
        self.decks: dict[tuple[str, str, str, str], list[Detail]] = {}
        self.turns: Counter = Counter()
        self.uses: Counter = Counter()

    def deck(self, split: str, country: str, slot: str, language: str) -> list[Detail]:
        key = (split, country, slot, language if slot == "ID" else "")
        if key not in self.decks:
            deck = [d for d in self.details if d.split == split and d.country == country
                    and d.pool in SLOT_POOLS[slot]
                    and (slot != "ID" or d.label(language) is not None)]
            self.rng.shuffle(deck)
            self.decks[key] = deck
        return self.decks[key]

    def unused(self, split: str, country: str, slot: str, language: str) -> int:
        return sum(not self.uses[d] for d in self.deck(split, country, slot, language))

    def draw(self, split: str, country: str, slot: str, language: str,
             taken: set[str]) -> Detail:
        deck = self.deck(split, country, slot, language)
        key = (split, country, slot, language if slot == "ID" else "")
        turn = self.turns[key]
        order = sorted((i for i, d in enumerate(deck) if d.value.casefold() not in taken),
                       key=lambda i: (self.uses[deck[i]], (i - turn) % len(deck)))
        if not order:
            raise ValueError(f"not enough {slot} details for {country} ({split})")
        self.turns[key] = order[0] + 1
        self.uses[deck[order[0]]] += 1
        return deck[order[0]]


def fill(carrier: Carrier, country: str, decks: _Decks) -> dict[str, Any]:
    """One record: the carrier with each slot replaced by a drawn detail, spans computed."""
    slots = _SLOT.findall(carrier.text)
    drawn: list[Detail | None] = []
    taken: set[str] = set()
    for slot in slots:  # all drawn first: {id_label} may come before its {ID}
        detail = None
        if slot != "id_label":
            detail = decks.draw(carrier.split, country, slot, carrier.language, taken)
            taken.add(detail.value.casefold())
        drawn.append(detail)
    id_detail = drawn[slots.index("ID")] if "ID" in slots else None
    text, spans, position = "", [], 0
    for match, detail in zip(_SLOT.finditer(carrier.text), drawn):
        text += carrier.text[position:match.start()]
        position = match.end()
        if detail is None:
            text += id_detail.label(carrier.language)
            continue
        value = detail.value.lower() if match[1].islower() else detail.value
        spans.append({"start": len(text), "end": len(text) + len(value),
                      "kind": SLOT_KINDS[match[1].upper()]})
        text += value
    text += carrier.text[position:]
    return _record(text, spans, country, carrier.split, carrier.language)


def _eligible(carrier: Carrier, country: str, decks: _Decks) -> bool:
    if carrier.countries and country not in carrier.countries:
        return False
    needed = Counter(slot for slot in _SLOT.findall(carrier.text) if slot != "id_label")
    return all(len(decks.deck(carrier.split, country, slot, carrier.language)) >= count
               for slot, count in needed.items())


def _fresh(carrier: Carrier, country: str, decks: _Decks) -> int:
    """How many of the carrier's slots would get a detail not used yet."""
    needed = Counter(slot for slot in _SLOT.findall(carrier.text) if slot != "id_label")
    return sum(min(count, decks.unused(carrier.split, country, slot, carrier.language))
               for slot, count in needed.items())


def _record(text: str, spans: list[dict], country: str, split: str,
            language: str) -> dict[str, Any]:
    spans = sorted(spans, key=lambda span: span["start"])
    for span, after in zip(spans, spans[1:] + [None]):
        piece = text[span["start"]:span["end"]]
        if not piece or piece != piece.strip() or span["kind"] not in KINDS:
            raise ValueError(f"bad span {span} in {text!r}")
        if after is not None and after["start"] < span["end"]:
            raise ValueError(f"overlapping spans in {text!r}")
    return {"text": text, "spans": spans, "country": country, "split": split,
            "language": language}


def build_records() -> list[dict[str, Any]]:
    """The whole set: the two halves in a fixed shuffled order, then each later part
    (`LATER_PARTS`) in its own, so adding a part leaves those before it as they were."""
    rng = random.Random(SEED)
    languages, details = read_details()
    records = _filled(read_carriers(), languages, details, rng) + read_comments()
    rng.shuffle(records)
    for part, seed in LATER_PARTS:
        part_rng = random.Random(seed)
        part_languages, part_details = read_details(f"{part}_details.txt", part)
        later = (_filled(read_carriers(f"{part}_carriers.txt", part), part_languages,
                         part_details, part_rng) + read_comments(f"{part}_comments.txt"))
        if any(record["split"] != part for record in later):
            raise ValueError(f"{part}_comments.txt holds a comment of another part")
        part_rng.shuffle(later)
        records += later
    leaked = leaks(records)
    if leaked:
        raise ValueError(f"details in two parts: {leaked[:5]}")
    return records


def _filled(carriers: list[Carrier], languages: dict[str, tuple[str, ...]],
            details: list[Detail], rng: random.Random) -> list[dict[str, Any]]:
    """Each carrier filled `INSTANCES` times with the details of its part, then the top-up."""
    decks = _Decks(details, rng)
    rotations: dict[tuple[str, str], list[str]] = {}
    turns: Counter = Counter()
    records = []
    for carrier in carriers:
        key = (carrier.split, carrier.language)
        if key not in rotations:
            rotations[key] = [c for c in languages if carrier.language in languages[c]]
            rng.shuffle(rotations[key])
        rotation = rotations[key]
        for _ in range(INSTANCES[carrier.language]):
            # The next eligible country in the rotation that has the most unused details
            # for this carrier's slots, so that every detail gets used.
            start = turns[key]
            candidates = [(-_fresh(carrier, country, decks), offset, country)
                          for offset in range(len(rotation))
                          for country in [rotation[(start + offset) % len(rotation)]]
                          if _eligible(carrier, country, decks)]
            if not candidates:
                raise ValueError(f"no country has details for {carrier.text!r}")
            _, offset, country = min(candidates)
            turns[key] = start + offset + 1
            records.append(fill(carrier, country, decks))
    return records + _top_up(carriers, languages, decks)


def _top_up(carriers: list[Carrier], languages: dict[str, tuple[str, ...]],
            decks: _Decks) -> list[dict[str, Any]]:
    """One more comment for each detail no carrier drew yet, so every detail is in the set:
    a carrier of the detail's half and of a language of its country, with a slot that draws
    from the detail's deck (that deck's least-used detail is an unused one)."""
    records, turns = [], Counter()
    while unused := [d for d in decks.details if not decks.uses[d]]:
        detail = unused[0]
        fits = [(carrier, slot) for carrier in carriers
                if carrier.split == detail.split and carrier.language in languages[detail.country]
                for slot in dict.fromkeys(_SLOT.findall(carrier.text))
                if slot != "id_label" and detail.pool in SLOT_POOLS[slot]
                and detail in decks.deck(carrier.split, detail.country, slot, carrier.language)
                and _eligible(carrier, detail.country, decks)]
        if not fits:
            raise ValueError(f"no carrier can hold {detail}")
        key = (detail.split, detail.pool)
        carrier, _ = fits[turns[key] % len(fits)]
        turns[key] += 1
        records.append(fill(carrier, detail.country, decks))
    return records


def leaks(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(part, detail) for each labelled string of one part that appears in another's text.

    Compared case-blind, as whole words: "Priya" in dev and "Priya Raghunathan" in test leak.
    """
    texts = {split: [(r["text"].casefold(), set(re.findall(r"\w+", r["text"].casefold())))
                     for r in records if r["split"] == split] for split in SPLITS}
    found = []
    for split in SPLITS:
        strings = {r["text"][s["start"]:s["end"]].casefold()
                   for r in records if r["split"] == split for s in r["spans"]}
        others = [pair for other in SPLITS if other != split for pair in texts[other]]
        for string in sorted(strings):
            first = re.findall(r"\w+", string)[0]
            pattern = re.compile(rf"(?<!\w){re.escape(string)}(?!\w)")
            if any(first in words and pattern.search(text) for text, words in others):
                found.append((split, string))
    return found


def as_jsonl(records: list[dict[str, Any]]) -> str:
    """The file's text: one JSON record a line, UTF-8 characters as they are."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def summary(records: list[dict[str, Any]]) -> str:
    """Record and span counts per half, country and kind, for a person to read."""
    lines = []
    for split in SPLITS:
        part = [r for r in records if r["split"] == split]
        kinds = Counter(s["kind"] for r in part for s in r["spans"])
        lines.append(f"{split}: {len(part)} comments, {sum(not r['spans'] for r in part)} "
                     f"without PII; spans {dict(sorted(kinds.items()))}")
    countries = Counter(r["country"] for r in records)
    lines.append(f"countries: {dict(sorted(countries.items()))}")
    lines.append(f"languages: {dict(Counter(r['language'] for r in records).most_common())}")
    return "\n".join(lines)


# --- national identifiers: the published rules

_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
_PPSN_LETTERS = "WABCDEFGHIJKLMNOPQRSTUV"
_NINO_BARRED_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
# Verhoeff's dihedral-group tables (multiplication and position permutation).
_VERHOEFF_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_VERHOEFF_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]


def digits(value: str) -> str:
    """The digits of `value`, separators dropped."""
    return re.sub(r"\D", "", value)


def luhn_ok(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def verhoeff_ok(number: str) -> bool:
    check = 0
    for position, char in enumerate(reversed(number)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[position % 8][int(char)]]
    return check == 0


def _ssn(value: str) -> bool:
    if not re.fullmatch(r"\d{3}([- ]?)\d{2}\1\d{4}", value):
        return False
    number = digits(value)
    return number[:8] == "98765432" or number == "219099999"


def _nino(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if not re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", compact):
        return False
    return compact[:2] not in _NINO_BARRED_PREFIXES


def _sin(value: str) -> bool:
    number = digits(value)
    return (bool(re.fullmatch(r"\d{3}[- ]?\d{3}[- ]?\d{3}", value))
            and number[0] == "0" and luhn_ok(number))


def _dni(value: str) -> bool:
    match = re.fullmatch(r"(\d{8})-?([A-Z])", value)
    return bool(match) and _DNI_LETTERS[int(match[1]) % 23] == match[2]


def _nie(value: str) -> bool:
    match = re.fullmatch(r"([XYZ])-?(\d{7})-?([A-Z])", value)
    if not match:
        return False
    number = int(str("XYZ".index(match[1])) + match[2])
    return _DNI_LETTERS[number % 23] == match[3]


def _curp(value: str) -> bool:
    if not re.fullmatch(r"[A-Z]{4}\d{6}[HM][A-Z]{5}[0-9A-Z]\d", value):
        return False
    total = sum(_CURP_ALPHABET.index(char) * (18 - position)
                for position, char in enumerate(value[:17]))
    return (10 - total % 10) % 10 == int(value[17])


def _aadhaar(value: str) -> bool:
    number = digits(value)
    return (bool(re.fullmatch(r"\d{4}([ -]?)\d{4}\1\d{4}", value))
            and number[0] not in "01" and verhoeff_ok(number))


def _pan(value: str) -> bool:
    # The last letter is a check character whose rule is not published; the structure is.
    return bool(re.fullmatch(r"[A-Z]{3}P[A-Z]\d{4}[A-Z]", value))


def _tfn(value: str) -> bool:
    number = digits(value)
    weights = (1, 4, 3, 7, 5, 8, 6, 9, 10)
    return len(number) == 9 and sum(int(d) * w for d, w in zip(number, weights)) % 11 == 0


def _steuer_id(value: str) -> bool:
    number = digits(value)
    if len(number) != 11 or number[0] == "0":
        return False
    counts = sorted((number[:10].count(d) for d in set(number[:10])), reverse=True)
    if counts[0] not in (2, 3) or counts[1:] != [1] * (len(counts) - 1):
        return False
    product = 10
    for char in number[:10]:  # ISO 7064 MOD 11,10
        total = (int(char) + product) % 10 or 10
        product = (total * 2) % 11
    return (11 - product) % 10 == int(number[10])


def _nir(value: str) -> bool:
    number = digits(value)
    if len(number) != 15 or number[0] not in "12" or not 1 <= int(number[3:5]) <= 12:
        return False
    return 97 - int(number[:13]) % 97 == int(number[13:])


def _cpf(value: str) -> bool:
    number = digits(value)
    if not re.fullmatch(r"\d{3}\.?\d{3}\.?\d{3}-?\d{2}", value) or len(set(number)) == 1:
        return False
    for length in (9, 10):
        total = sum(int(d) * (length + 1 - i) for i, d in enumerate(number[:length]))
        if (total * 10) % 11 % 10 != int(number[length]):
            return False
    return True


def _ppsn(value: str) -> bool:
    match = re.fullmatch(r"(\d{7})([A-W])([ABW]?)", value)
    if not match:
        return False
    total = sum(int(d) * (8 - i) for i, d in enumerate(match[1]))
    if match[3]:
        total += 9 * _PPSN_LETTERS.index(match[3])
    return _PPSN_LETTERS[total % 23] == match[2]


def _bsn(value: str) -> bool:
    number = digits(value)
    if not re.fullmatch(r"\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3}", value):
        return False
    total = sum(int(d) * w for d, w in zip(number, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0 and total > 0


def _nin(value: str) -> bool:
    # Nigeria's NIN is 11 digits; NIMC publishes no check-digit rule.
    return bool(re.fullmatch(r"\d{11}|\d{4} \d{3} \d{4}", value))


_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   (1, 0, 5, 7, 9, 13, 15, 17, 19, 21) * 2
                   + (2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23)))
"""Codice fiscale: what a character in an odd position (1st, 3rd, ...) adds to the sum."""


def _codice_fiscale(value: str) -> bool:
    if not re.fullmatch(r"[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", value):
        return False
    total = sum(_CF_ODD[char] if position % 2 == 0 else int(char) if char.isdigit()
                else ord(char) - ord("A") for position, char in enumerate(value[:15]))
    return chr(ord("A") + total % 26) == value[15]


def _belgian_register(value: str) -> bool:
    # YY.MM.DD-SSS.CC; CC = 97 - (the nine digits mod 97), with a 2 put before them for
    # people born from 2000.
    if not re.fullmatch(r"\d{2}\.?\d{2}\.?\d{2}-?\d{3}\.?\d{2}", value):
        return False
    number = digits(value)
    return int(number[9:]) in (97 - int(number[:9]) % 97, 97 - int("2" + number[:9]) % 97)


def _nif(value: str) -> bool:
    # Portugal's NIF: nine digits, the last a mod-11 check; people's start with 1, 2 or 3.
    number = digits(value)
    if not re.fullmatch(r"\d{9}|\d{3} \d{3} \d{3}", value) or number[0] not in "123":
        return False
    remainder = sum(int(d) * (9 - i) for i, d in enumerate(number[:8])) % 11
    return (0 if remainder < 2 else 11 - remainder) == int(number[8])


def _cuil(value: str) -> bool:
    # Argentina's CUIL/CUIT: 11 digits; the last is 11 - (weighted sum mod 11), 11 -> 0; a
    # sum that would give 10 is never issued (the prefix is changed instead).
    if not re.fullmatch(r"\d{2}-?\d{8}-?\d", value):
        return False
    number = digits(value)
    check = 11 - sum(int(d) * w for d, w in zip(number, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11
    return check != 10 and check % 11 == int(number[10])


def _rut(value: str) -> bool:
    # Chile's RUT/RUN: the body's digits from the right times 2, 3, ..., 7, 2, ...; the check
    # is 11 - (sum mod 11), with 11 written 0 and 10 written K.
    match = re.fullmatch(r"(\d{1,2}(?:\.?\d{3}){2})-([\dkK])", value)
    if not match:
        return False
    body = digits(match[1])
    total = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(body)))
    return "0123456789K0"[11 - total % 11] == match[2].upper()


def _svnr(value: str) -> bool:
    # Austria's social insurance number: NNNC DDMMYY, C = (weighted sum mod 11), never 10.
    if not re.fullmatch(r"[1-9]\d{3} ?\d{6}", value):
        return False
    number = digits(value)
    if not (1 <= int(number[4:6]) <= 31 and 1 <= int(number[6:8]) <= 12):
        return False
    check = sum(int(d) * w for d, w in zip(number, (3, 7, 9, 0, 5, 8, 4, 2, 1, 6))) % 11
    return check != 10 and check == int(number[3])


def _ahv(value: str) -> bool:
    # Switzerland's AHV/AVS number: 756.XXXX.XXXX.XC, an EAN-13 with the last digit its check.
    if not re.fullmatch(r"756\.?\d{4}\.?\d{4}\.?\d{2}", value):
        return False
    number = digits(value)
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(number[:12]))
    return (10 - total % 10) % 10 == int(number[12])


def _za_id(value: str) -> bool:
    # South Africa's ID number: YYMMDD SSSS C A Z, C 0 (citizen) or 1, Z a Luhn check.
    if not re.fullmatch(r"\d{13}|\d{6} \d{4} \d{3}", value):
        return False
    number = digits(value)
    return (1 <= int(number[2:4]) <= 12 and 1 <= int(number[4:6]) <= 31
            and number[10] in "01" and luhn_ok(number))


def _pesel(value: str) -> bool:
    # Poland's PESEL: YYMMDDZZZXQ, the month plus 20 for births from 2000; Q makes the sum
    # with weights 1, 3, 7, 9, ... end in 0.
    if not re.fullmatch(r"\d{11}", value):
        return False
    if not (1 <= int(value[2:4]) % 20 <= 12 and int(value[2:4]) < 40):
        return False
    total = sum(int(d) * w for d, w in zip(value, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)))
    return (10 - total % 10) % 10 == int(value[10])


def _ird(value: str) -> bool:
    # New Zealand's IRD number: 8 or 9 digits (10-000-000 to 150-000-000); mod 11 with one
    # set of weights, and a second set when the first gives 10.
    if not re.fullmatch(r"\d{2,3}-?\d{3}-?\d{3}", value):
        return False
    number = digits(value).zfill(9)
    if not 10_000_000 <= int(number) <= 150_000_000:
        return False
    for weights in ((3, 2, 7, 6, 5, 4, 3, 2), (7, 4, 3, 2, 5, 2, 7, 6)):
        remainder = sum(int(d) * w for d, w in zip(number, weights)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return check == int(number[8])
    return False


def _uy_ci(value: str) -> bool:
    # Uruguay's cédula de identidad: up to 7 digits and a check digit, often 1.234.567-8;
    # the check is (10 - sum of the digits times 2, 9, 8, 7, 6, 3, 4 mod 10) mod 10.
    if not re.fullmatch(r"\d{1,3}(?:\.?\d{3}){1,2}-?\d", value):
        return False
    number = digits(value).zfill(8)
    total = sum(int(d) * w for d, w in zip(number, (2, 9, 8, 7, 6, 3, 4)))
    return (10 - total % 10) % 10 == int(number[7])


def _ec_cedula(value: str) -> bool:
    # Ecuador's cédula: 10 digits, the first two a province (01-24, 30 abroad), the third
    # below 6; the last is a mod-10 check with weights 2, 1, 2, 1, ... (a product over 9 less 9).
    if not re.fullmatch(r"\d{9}-?\d", value):
        return False
    number = digits(value)
    if not (1 <= int(number[:2]) <= 24 or number[:2] == "30") or int(number[2]) >= 6:
        return False
    total = 0
    for position, char in enumerate(number[:9]):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10 == int(number[9])


def _personnummer(value: str) -> bool:
    # Sweden's personnummer: (YY)YYMMDD-NNNC, C a Luhn check over the ten digits YYMMDDNNNC;
    # a "+" instead of "-" for people over 100.
    match = re.fullmatch(r"(?:\d{2})?(\d{6})[-+]?(\d{4})", value)
    if not match:
        return False
    number = match[1] + match[2]
    return (1 <= int(number[2:4]) <= 12 and 1 <= int(number[4:6]) <= 31
            and luhn_ok(number))


def _nric(value: str) -> bool:
    # Singapore's NRIC/FIN: a letter (S, T for citizens; F, G for foreigners), seven digits,
    # a check letter from the digits times 2, 7, 6, 5, 4, 3, 2 (plus 4 for T and G), mod 11.
    match = re.fullmatch(r"([STFG])(\d{7})([A-Z])", value.upper())
    if not match:
        return False
    total = sum(int(d) * w for d, w in zip(match[2], (2, 7, 6, 5, 4, 3, 2)))
    total += 4 if match[1] in "TG" else 0
    letters = "JZIHGFEDCBA" if match[1] in "ST" else "XWUTRQPNMLK"
    return letters[total % 11] == match[3]


def _fnr(value: str) -> bool:
    # Norway's fødselsnummer: DDMMYY III K1 K2, each check 11 - (weighted sum mod 11), 11
    # written 0 and 10 never issued; D-numbers add 4 to the first digit of the day. The
    # individual number III gives the century: 000-499 1900s, 500-749 with YY 54-99 1800s,
    # 500-999 with YY 00-39 2000s, 900-999 with YY 40-99 1900s.
    if not re.fullmatch(r"\d{6} ?\d{5}", value):
        return False
    number = digits(value)
    if not (1 <= int(number[:2]) % 40 <= 31 and int(number[:2]) < 72
            and 1 <= int(number[2:4]) <= 12):
        return False
    year, individual = int(number[4:6]), int(number[6:9])
    if not (individual < 500 or (individual < 750 and year >= 54)
            or (individual >= 500 and year < 40) or individual >= 900):
        return False
    for weights in ((3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)):
        check = 11 - sum(int(d) * w for d, w in zip(number, weights)) % 11
        if check == 10 or check % 11 != int(number[len(weights)]):
            return False
    return True


def _hetu(value: str) -> bool:
    # Finland's henkilötunnus: DDMMYY, a century sign (+, -, A; since 2023 also B-F, U-Y),
    # an individual number 002-899 and a check character: DDMMYYNNN mod 31 in
    # 0123456789ABCDEFHJKLMNPRSTUVWXY.
    match = re.fullmatch(r"(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])", value.upper())
    if not match or not (1 <= int(match[1][:2]) <= 31 and 1 <= int(match[1][2:4]) <= 12):
        return False
    if not 2 <= int(match[3]) <= 899:
        return False
    return "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(match[1] + match[3]) % 31] == match[4]


def _rodne_cislo(value: str) -> bool:
    # The Czech (and Slovak) rodné číslo from 1954: YYMMDD/SSSC, the month plus 50 for women
    # (plus 20 or 70 when a day's numbers ran out); C = the first nine digits mod 11, 10
    # written 0.
    if not re.fullmatch(r"\d{6}/?\d{4}", value):
        return False
    number = digits(value)
    if not (int(number[2:4]) % 50 in range(1, 13) or int(number[2:4]) % 50 in range(21, 33)):
        return False
    if not 1 <= int(number[4:6]) <= 31:
        return False
    return int(number[:9]) % 11 % 10 == int(number[9])


def _amka(value: str) -> bool:
    # Greece's AMKA: DDMMYY and five digits, the last a Luhn check.
    if not re.fullmatch(r"\d{11}", value):
        return False
    return (1 <= int(value[:2]) <= 31 and 1 <= int(value[2:4]) <= 12 and luhn_ok(value))


def _tckn(value: str) -> bool:
    # Turkey's T.C. kimlik no: 11 digits, not starting with 0; the 10th is 7 times the sum of
    # the 1st, 3rd, 5th, 7th and 9th less the sum of the 2nd, 4th, 6th and 8th, mod 10; the
    # 11th is the sum of the first ten mod 10.
    if not re.fullmatch(r"[1-9]\d{10}", value):
        return False
    d = [int(char) for char in value]
    return ((7 * sum(d[0:9:2]) - sum(d[1:8:2])) % 10 == d[9]
            and sum(d[:10]) % 10 == d[10])


def _il_id(value: str) -> bool:
    # Israel's identity number (mispar zehut): up to nine digits, zero-padded, the last a
    # Luhn check; often written with a dash before it.
    if not re.fullmatch(r"\d{4,8}-?\d", value):
        return False
    return luhn_ok(digits(value).zfill(9))


def _do_cedula(value: str) -> bool:
    # The Dominican Republic's cédula: 11 digits, 001-0000000-0, the last a Luhn check.
    if not re.fullmatch(r"\d{3}-?\d{7}-?\d", value):
        return False
    number = digits(value)
    return number[:3] != "000" and luhn_ok(number)


def _isikukood(value: str) -> bool:
    # Estonia's isikukood (personal identification code): GYYMMDDSSSC, G the sex and century
    # (1-2 1800s, 3-4 1900s, 5-6 2000s); C the sum of the first ten digits times 1, 2, ..., 9, 1
    # mod 11, or, where that is 10, times 3, 4, ..., 9, 1, 2, 3 mod 11, a second 10 written 0.
    if not re.fullmatch(r"[1-6]\d{10}", value):
        return False
    if not (1 <= int(value[3:5]) <= 12 and 1 <= int(value[5:7]) <= 31):
        return False
    for weights in ((1, 2, 3, 4, 5, 6, 7, 8, 9, 1), (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)):
        check = sum(int(d) * w for d, w in zip(value, weights)) % 11
        if check != 10:
            return check == int(value[10])
    return int(value[10]) == 0


def _oib(value: str) -> bool:
    # Croatia's OIB (personal identification number): 11 digits, the last an ISO 7064
    # MOD 11,10 check over the first ten.
    if not re.fullmatch(r"\d{11}", value):
        return False
    product = 10
    for char in value[:10]:
        total = (int(char) + product) % 10 or 10
        product = (total * 2) % 11
    return (11 - product) % 10 == int(value[10])


def _egn(value: str) -> bool:
    # Bulgaria's EGN (unified civil number): YYMMDDSSSC, the month plus 20 for births in the
    # 1800s and plus 40 from 2000; C the digits times 2, 4, 8, 5, 10, 9, 7, 3, 6 mod 11, 10
    # written 0.
    if not re.fullmatch(r"\d{10}", value):
        return False
    if not (int(value[2:4]) % 20 in range(1, 13) and int(value[2:4]) <= 52
            and 1 <= int(value[4:6]) <= 31):
        return False
    check = sum(int(d) * w for d, w in zip(value, (2, 4, 8, 5, 10, 9, 7, 3, 6))) % 11
    return check % 10 == int(value[9])


CHECKS = {"ssn": _ssn, "nino": _nino, "sin": _sin, "dni": _dni, "nie": _nie, "curp": _curp,
          "aadhaar": _aadhaar, "pan": _pan, "tfn": _tfn, "steuerid": _steuer_id, "nir": _nir,
          "cpf": _cpf, "ppsn": _ppsn, "bsn": _bsn, "nin": _nin, "cf": _codice_fiscale,
          "berrn": _belgian_register, "nif": _nif, "cuil": _cuil, "rut": _rut, "svnr": _svnr,
          "ahv": _ahv, "zaid": _za_id, "pesel": _pesel, "ird": _ird, "uyci": _uy_ci,
          "eccedula": _ec_cedula, "personnummer": _personnummer, "nric": _nric,
          "fnr": _fnr, "hetu": _hetu, "rodnecislo": _rodne_cislo, "amka": _amka,
          "tckn": _tckn, "ilid": _il_id, "docedula": _do_cedula,
          "isikukood": _isikukood, "oib": _oib, "egn": _egn}
"""Scheme -> the published rule its numbers must pass."""


def valid_id(scheme: str, value: str) -> bool:
    """Whether `value` passes the published rule of `scheme` (a key of `CHECKS`)."""
    return CHECKS[scheme](value)


def main() -> int:
    records = build_records()
    OUTPUT.write_text(as_jsonl(records), encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(records)} comments)\n{summary(records)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
