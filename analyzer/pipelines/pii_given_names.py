"""Given names of many countries, as data, for the name redactor (`pii_names`, `pii_name_cues`).

The cue lists of `pii_name_cues` know the words people put before a name, and only in the
languages someone wrote them for; the small English recogniser knows the names common in
English text. Neither knows that "Jikke", "Gaspard", "Nyokabi" or "wout" are names. On the
world set's fresh part, written after both had been tuned on two other parts, 83 of 229 names
were missed, most of them single given names after cues in Dutch, French or German, or names
the English model had not seen.

The names come from Faker's person providers (86 locales, from Arabic and Yoruba to Dutch and
Tagalog-speaking English; about 25,600 given names once the words below are left out), read
as data: nothing is generated.
A word of that list is a name word when it has three letters at least, is not a stop word of
English, Spanish, French, German, Dutch, Portuguese or Italian, nor a word the redactor lists
as rarely a name (months, titles, school words), nor an English verb, adjective or adverb
("will", "may", "frank", "sunny"). That leaves common words of the other languages in it
("vida", "paz", "terra", "avis": about a thousand of each language's 20,000 most frequent
words), so the finders below ask more where those can stand (a Zipf frequency, the batch's
own lower-case words, a surname). English nouns stay ("grace", "john": WordNet lists many
names as nouns), and the callers decide what a noun needs.

`given_name_runs` finds such names without a cue: a capitalised given name anywhere, with the
capitalised words after it (a surname and its particles: "Itzel Monroy", "Stijn De Smedt"),
unless the batch writes the word in lower case (then it is a word of its language: "Rosa",
"Dolores" in Spanish comments), the text capitalises its stop words (a heading), the word
before it is part of the same proper noun ("San Diego", "Rua Afonso Pena"), or the name is an
English noun standing alone ("Maria", "Victor": the recogniser and the cues decide those).
`lower_case_given_names` finds the rare ones written in lower case with no cue ("kojo at the
library").
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re

from analyzer.pipelines.pii_name_words import (
    MONTHS,
    NAMES_A_STREET,
    NOT_NAMES,
    PARTICLE,
    TITLE_WORDS,
    UPPER,
    english_parts_of_speech,
    is_place_word,
)
from analyzer.pipelines.pii_spanish import SPANISH_MONTHS, SPANISH_NOT_NAMES, SPANISH_TITLE_WORDS
from analyzer.pipelines.stopwords import listed_stop_words

__all__ = ["COVERED_LANGUAGES", "given_name_runs", "given_names", "is_given_name",
           "is_listed_surname", "is_rare_word", "lower_case_given_names",
           "UNLISTED_NAME_ZIPF"]

Span = tuple[int, int]

COVERED_LANGUAGES = ("en", "es", "fr", "de", "nl", "pt", "it")
"""The languages whose stop words are never names, whatever a locale's list says."""
_NEVER_GIVEN = frozenset("""
beste liebe lieber chère cher querida querido cara caro prezado prezada estimado estimada
noël navidad natal weihnachten kerst pasqua pâques pascua ostern
arent dont cant wont isnt didnt doesnt wasnt werent couldnt shouldnt wouldnt hasnt havent
""".split())
"""Words of the covered languages that some locale lists as a given name and that open
letters ("Beste gemeente", Dutch for "Dear council"), name a feast ("marché de Noël"), or
are English contractions written without their apostrophe ("arent", a Dutch given name)."""
_NAME_ATTRIBUTES = ("first_names", "first_names_male", "first_names_female",
                    "first_names_nonbinary")
_PLACE_ATTRIBUTES = ("countries", "states", "provinces", "regions", "region_names", "cities",
                     "city_names", "real_city_names", "counties", "municipalities", "towns",
                     "districts", "cantons", "departments", "estados", "places", "prefectures",
                     "boroughs", "localities")
"""Faker's address lists that name places (not streets, which are often named for people)."""
_NAME = re.compile(r"[^\W\d_]{3,}(?:['’-][^\W\d_]+)*")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CAPITALISED = re.compile(rf"[{UPPER}]")
_SURNAME = re.compile(rf"[^\S\n]{{1,3}}(?:(?i:{PARTICLE}|d['’]|van ['’]t)[^\S\n]*)?"
                      rf"[{UPPER}][^\W\d_]+(?:['’-][^\W\d_]+)*")
_CAPITALISED_WORD = re.compile(rf"(?<![^\W\d_])[{UPPER}][^\W\d_]+")
_SURNAME_WORDS = 2
_POSSESSIVE = re.compile(r"['’]s?$")
_PLACE_BEFORE = re.compile(
    r"(?:(?<![^\W\d_])(?i:in|near|nach|à|em|en|from|to|at|de|du|des|di|da|do|co\.)|\d[\w,]*)"
    r"\s+$")
"""What puts a place after it: a preposition ("in Valencia", "from Ennis", "to Bronson",
"marché de Noël", "Co. Clare") or a number ("15705 Santiago de Compostela"). A name after
"from" or "de" that is a person ("complaint from Tobiloba", "parent de Gaspard") is the cue
lists' to find (`pii_name_cues`). Without this, 8 places of the world set's three parts were
taken for people."""
_NEXT_WORD = re.compile(r"[\s.'’s]*(?:[JS]r\.?\s*)?([^\W\d_]+)")
_HEADING_SHARE, _HEADING_WORDS = 0.5, 3
"""A text that capitalises more than half of the stop words inside its sentences (three or
more of them: "Why Does The Council Never Fix The Road") is written as a heading, where
capitals say nothing of names. Counting every word instead took addresses, which capitalise
most of theirs, for headings ("Brayden, 57 Birchmount Crescent, Winnipeg MB")."""


@functools.lru_cache(maxsize=65_536)
def is_given_name(word: str) -> bool:
    """Whether `word` (any case) is a given name that is no common word: see the module."""
    plain = word.lower()
    return plain in given_names() and not english_parts_of_speech(plain) - {"noun"}


@functools.cache
def given_names() -> frozenset[str]:
    """Every given name of Faker's person providers, in lower case, less common words and
    the names of places (one word: "America", "Victoria", "Valencia", "Clare")."""
    return _listed("person", _NAME_ATTRIBUTES) - _common_words() - _listed("address",
                                                                           _PLACE_ATTRIBUTES)


@functools.cache
def _surnames() -> frozenset[str]:
    return _listed("person", ("last_names",))


def is_listed_surname(word: str) -> bool:
    """Whether `word` (any case) is a surname of Faker's person providers ("mendoza")."""
    return word.lower() in _surnames()


def _listed(kind: str, attributes: tuple[str, ...]) -> frozenset[str]:
    """The one-word entries, in lower case, of these lists of Faker's `kind` providers in
    every locale (some locales compute a list in a property: only lists written as data)."""
    providers = importlib.import_module(f"faker.providers.{kind}")
    words: set[str] = set()
    for module in pkgutil.iter_modules(providers.__path__):
        provider = importlib.import_module(f"{providers.__name__}.{module.name}").Provider
        for attribute in attributes:
            listed = inspect.getattr_static(provider, attribute, ())
            if isinstance(listed, (tuple, list, dict)):
                words.update(entry.lower() for entry in listed
                             if isinstance(entry, str) and _NAME.fullmatch(entry))
    return frozenset(words)


@functools.cache
def _common_words() -> frozenset[str]:
    stops = frozenset().union(*(listed_stop_words(code) for code in COVERED_LANGUAGES))
    rarely_names = (NOT_NAMES | MONTHS | TITLE_WORDS | SPANISH_NOT_NAMES | SPANISH_MONTHS
                    | SPANISH_TITLE_WORDS)
    return stops | rarely_names | _NEVER_GIVEN


def given_name_runs(text: str, *, language: str = "und",
                    batch_words: frozenset[str] = frozenset()) -> list[Span]:
    """(start, end) of each capitalised given name in `text` and its surname; `language`:
    the comment's; `batch_words`: the words the batch writes in lower case
    (`pii_names.lowercase_words`). In a comment in another language than English, a name
    standing alone or opening a sentence must also be a rare word there (`RARE_WORD_ZIPF`):
    "Vida de barrio", "Paz y seguridad", "Avis aux habitants" open sentences with words some
    locale lists as names."""
    names = given_names()
    if not any(word.lower() in names for word in _CAPITALISED_WORD.findall(text)):
        return []  # most texts: one regex pass and set look-ups
    words = list(_WORD.finditer(text))
    stops = _common_words()
    small = [word.group() for word in words if word.group().lower() in stops
             and not _opens_a_sentence(text, word.start())]
    if len(small) >= _HEADING_WORDS and len(
            [word for word in small if _CAPITALISED.match(word)]) > _HEADING_SHARE * len(small):
        return []
    spans: list[Span] = []
    for index, word in enumerate(words):
        name = word.group()
        if (not _CAPITALISED.match(name) or name.isupper() or name.lower() in batch_words
                or not is_given_name(re.split(r"['’-]", name)[0])):
            continue
        if spans and word.start() < spans[-1][1]:
            continue  # the surname of the name before
        before = words[index - 1] if index else None
        if before is not None and _part_of_a_longer_name(text, before, word.start(), stops):
            continue
        end = word.end()
        for _ in range(_SURNAME_WORDS):
            surname = _SURNAME.match(text, end)
            if surname is None or not _is_surname(surname.group().split()[-1], stops):
                break
            end = surname.end()
        plain = _POSSESSIVE.sub("", name).lower()
        if end == word.end() and english_parts_of_speech(plain):
            continue
        if language not in ("en", "und") and (
                end == word.end() or _opens_a_sentence(text, word.start())) and not is_rare_word(
                plain, language):
            continue
        following = _NEXT_WORD.match(text, end)
        if not (NAMES_A_STREET.search(text, word.start(), end)
                or _PLACE_BEFORE.search(text, max(0, word.start() - 12), word.start())
                or (following and is_place_word(following.group(1)))):
            spans.append((word.start(), end))
    return spans


def _opens_a_sentence(text: str, position: int) -> bool:
    """Whether only spaces and the end of a sentence (or the text's start) come before
    `position`, read from 40 characters back (the whole text before, for every word, would be
    quadratic) and from the start only after 40 spaces."""
    before = text[max(0, position - 40):position].rstrip() or text[:position].rstrip()
    return not before or before[-1] in ".!?:"


def _is_surname(word: str, stops: frozenset[str]) -> bool:
    """Whether the capitalised `word` after a given name is a surname: listed as one, or no
    English word ("Monroy"), and never a stop word, a place word or in capitals ("Ellis
    Island", "America Great", "Werner Koglers DIENSTWAGEN" on real feedback)."""
    plain = _POSSESSIVE.sub("", word).lower()
    return (not word.isupper() and plain not in stops and not is_place_word(word)
            and (plain in _surnames() or not english_parts_of_speech(plain)))


def _part_of_a_longer_name(text: str, before: re.Match, start: int,
                           stops: frozenset[str]) -> bool:
    """Whether the capitalised word `before`, right before the name at `start`, makes it
    part of a longer proper noun: "São Paulo" and "Tante Gerda" inside a sentence (a title
    such as "Ms" aside), "Rua Afonso Pena" or "Martin Luther King" opening one (unless the
    word before is a verb or an adjective to the English lists: "Dear Imogen")."""
    previous = before.group()
    if text[before.end():start].strip() or not _CAPITALISED.match(previous):
        return False
    if not _opens_a_sentence(text, before.start()):
        return previous.lower().rstrip(".") not in TITLE_WORDS
    return previous.lower() not in stops and not english_parts_of_speech(
        previous.lower()) - {"noun"}


RARE_WORD_ZIPF = 3.9
"""Below this Zipf frequency (wordfreq: 3 is once per million words) a given name written in
lower case is taken for a name without a cue: "benicio", "kojo", "ludovica" (2 to 3), while
the words of the covered languages that are also names sit above it ("domingo" 5.0, "clara"
4.7, "pilar" 4.2 in Spanish; "speranza" 4.9 in Italian). Common names sit above it too
("cristina", "gary"): those need a cue (`pii_name_cues`)."""
_POSSESSIVE_BEFORE = re.compile(
    r"(?<![^\W\d_])(?i:my|our|your|his|her|their|mi|tu|su|mon|ma|mein|meine|mijn|meu|minha|mio|mia)"
    r"\s+$")
_LOWER_NAME = re.compile(r"(?<![\w@.'’/-])[a-zß-öø-ÿ][^\W\d_]{3,}(?:['’-][^\W\d_]+)*(?![\w@'’-])")
_LOWER_SURNAME = re.compile(
    rf"[^\S\n]{{1,3}}(?:(?:{PARTICLE}|d['’]|el)[^\S\n]+)?[a-zß-öø-ÿ][^\W\d_]+(?:['’-][^\W\d_]+)*"
    r"(?![\w@'’-])")
"""A surname after a lower-case given name, on the same line ("joost oudshoorn")."""


def lower_case_given_names(text: str, *, language: str = "und",
                           batch_words: frozenset[str] = frozenset()) -> list[Span]:
    """(start, end) of each given name written in lower case with no cue before it ("kojo
    at the library is a star", "de medewerker, joost oudshoorn, was onbeleefd"): a given name
    of four letters or more that English does not list as a word, that is rare in the
    comment's `language` and in English (`RARE_WORD_ZIPF`), and that the batch does not write
    in lower case elsewhere (`batch_words`); with a lower-case surname after it on the same
    line that is listed as one or is as rare ("joost oudshoorn")."""
    stops = _common_words()
    spans: list[Span] = []
    for word in _LOWER_NAME.finditer(text):
        if spans and word.start() < spans[-1][1]:
            continue
        if _POSSESSIVE_BEFORE.search(text, max(0, word.start() - 8), word.start()):
            continue  # "my lola florencia": a family word in the kin slot; the cue reads on
        if not _rare_given_name(word.group(), language, batch_words, stops):
            continue
        end = word.end()
        for _ in range(_SURNAME_WORDS):
            surname = _LOWER_SURNAME.match(text, end)
            if surname is None or not _is_lower_surname(surname.group().split()[-1], language,
                                                        batch_words, stops):
                break
            end = surname.end()
        spans.append((word.start(), end))
    return spans


def _is_lower_surname(word: str, language: str, batch_words: frozenset[str],
                      stops: frozenset[str]) -> bool:
    """Whether the lower-case `word` after a lower-case given name is its surname: listed as
    one or rare (`is_rare_word`), and no stop word, word of the batch or English word."""
    return (word not in stops and word not in batch_words
            and (word in _surnames() or is_rare_word(word, language))
            and not english_parts_of_speech(_POSSESSIVE.sub("", word)))


def _rare_given_name(word: str, language: str, batch_words: frozenset[str],
                     stops: frozenset[str]) -> bool:
    """Whether the lower-case `word` reads as a given name: see `lower_case_given_names`;
    a hyphenated word only when each part is a given name or a surname ("anne-marie", not
    "fairy-tale")."""
    plain = _POSSESSIVE.sub("", word)
    first, *rest = plain.split("-")
    return (first in given_names() and plain not in batch_words and plain not in stops
            and all(part in given_names() or part in _surnames() for part in rest)
            and not english_parts_of_speech(plain) and is_rare_word(plain, language))


UNLISTED_NAME_ZIPF = 3.4
"""Below this Zipf frequency a word that no list holds is taken for a name where a name is
expected (after "ma femme", beside a name in a list). On the world set's fresh3 part the
names missed there sat at 1.2 to 3.3 in their language ("yorgelis" 1.3, "khady" 1.7,
"lucrèce" 3.0, "osmar" 3.3), and the words wrongly taken at `RARE_WORD_ZIPF` at 3.45 to 3.9
("atendió", "tonton", "cordialement", "balie", "enfermeira")."""


@functools.lru_cache(maxsize=65_536)
def is_rare_word(word: str, language: str, below: float = RARE_WORD_ZIPF) -> bool:
    """Whether `word` (any case) is rarer than `below` in English and in `language`: in a
    comment in that language, a word no one writes but as a name. A comment of no detected
    language ("und") or of another language is read against every covered language: a
    short comment is often "und" ("telefone (61) 98123-4567", "Fotos vom kaputten Radweg")."""
    from wordfreq import zipf_frequency

    codes = {"en", language} if language in COVERED_LANGUAGES else set(COVERED_LANGUAGES)
    return all(zipf_frequency(word.lower(), code) < below for code in codes)
