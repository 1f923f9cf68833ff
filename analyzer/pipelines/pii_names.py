"""Person names in free text, for the redactor (`analyzer.pipelines.pii`).

Two sources. Patterns for what the small spaCy model misses (`pattern_names`): a name after a
title ("Ms. Okafor", "Coach Dre", "Señora Morales"), after a family word ("my son Diego", "mi
hija Lupe"), after "my name is" or "thanks to", in a sign-off ("Thanks, Lupe") or alone on the
closing line; and `coordinated_names` adds the other half of "Sean and Katarzyna". The
recogniser's PERSON entities are read only in the passages that could hold a name
(`passages_to_read`) and every candidate, from either source, passes `checked_name`: titles
stay visible ("Ms. [NAME]"), and capitalised words that are rarely names here (days, school
words, holidays, apps, slang such as "Idk"), names used for a school, park, street or holiday
("Lincoln Elementary", "Dr. Seuss week") and place-like words ("Eastview", "Maple Grove") are
not taken for people. Spanish comments add the rules of `analyzer.pipelines.pii_spanish`.

Every function returns (start, end) character offsets; the redactor gives them their kind.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from typing import Iterator, Sequence

from analyzer.pipelines.pii_given_names import (
    UNLISTED_NAME_ZIPF,
    given_name_runs,
    is_given_name,
    is_rare_word,
    lower_case_given_names,
)
from analyzer.pipelines.pii_name_cues import (
    LONG_COMPOUND,
    cued_names,
    names_before_cues,
    placed_names,
    stands_as_a_name,
    unknown_names,
)
from analyzer.pipelines.pii_name_words import (
    MONTHS,
    NAME,
    NAME_WORD,
    NAMES_A_STREET,
    NOT_NAMES,
    NOUN_ENDINGS,
    PARTICLE,
    PLACE_ENDINGS,
    PLACE_LAST_WORDS,
    PLACE_SUFFIXES,
    PLACE_WORDS_ANY_CASE,
    TITLE_WORDS,
    WORD_NAMES,
    ends_like,
    english_parts_of_speech,
    is_place_word,
    plain,
    stop_words,
)
from analyzer.pipelines.pii_spanish import (
    SPANISH_MONTHS,
    SPANISH_NAME_AFTER,
    SPANISH_NOT_NAMES,
    SPANISH_PLACE_BEFORE,
    SPANISH_SIGN_OFF,
    SPANISH_TITLE_WORDS,
)
from analyzer.pipelines.stopwords import listed_stop_words

__all__ = ["checked_name", "coordinated_names", "kept_phrases", "lowercase_words",
           "names_a_place", "opens_a_clause", "passages_to_read", "pattern_names", "plain_phrase"]

Span = tuple[int, int]

_ABBREVIATED_TITLE = r"\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Sra|Srta)\.?\s+"
_WORD_TITLE = (r"\b(?i:miss|principal|vice principal|coach|officer|nurse|teacher|"
               r"superintendent|señora|señor|señorita|senora|senor|maestra|maestro|profe|"
               r"profesora|profesor|pastor|mayor|councilmember|councilman|councilwoman|"
               r"trustee|director|dean|counselor|sergeant|sgt\.?|deputy|chef|auntie|tía|tío|frau|herr|"
               r"herrn|madame|monsieur|mme|mevrouw|meneer|dona|senhora|senhor)"
               r"\s+")
_KIN = (r"\b(?i:my|our|his|her|their)\s+(?i:(?:oldest|eldest|youngest|little|older|younger|"
        r"middle|twin|step|foster)[ -]?)?(?i:son|daughter|child|kid|boy|girl|grandson|"
        r"granddaughter|grandchild|nephew|niece|stepson|stepdaughter|wife|husband|partner|"
        r"brother|sister|cousin|neighbou?r|friend|sons|daughters|kids|children|twins|"
        r"grandkids|grandchildren|boys|girls)(?:,)?\s+")
_SPANISH_KIN = (r"\b(?i:mi|mis|nuestro|nuestra)\s+(?i:hijo|hija|nieto|nieta|sobrino|sobrina|"
                r"esposo|esposa|niño|niña|hermano|hermana)(?:,)?\s+")
_INTRODUCTION = r"\b(?i:my name is|me llamo|mi nombre es)\s+"
# Every title, kin word and introduction starts a word; `(?=\w)` says so first, so the
# alternatives are tried only where a word starts, as for `pii_name_cues._CUE` (0.72 -> 0.51 s
# on 11,205 comments, 8,000 synthetic and the labelled PII sets, the same 269 matches).
_NAME_AFTER = re.compile(
    rf"(?=\w)(?:{_ABBREVIATED_TITLE}|{_WORD_TITLE}|{_KIN}|{_SPANISH_KIN}|{_INTRODUCTION})"
    rf"(?P<name>{NAME})")
_SIGN_OFF = re.compile(
    r"(?:^|[.!?]\s+|\n\s*)(?i:thanks|thank you|thx|sincerely|regards|best regards|"
    r"kind regards|best|cheers|respectfully|cordially|warmly|signed|gracias|atentamente|"
    r"saludos|love|mit freundlichen grüßen|viele grüße|liebe grüße|met vriendelijke groet|"
    r"groeten|cordialement|bien à vous|assinado|atenciosamente|abraços|groetjes|"
    r"distinti saluti|cordiali saluti|saludos cordiales|un saludo|bien cordialement|"
    r"cumprimentos|beste grüße|herzliche grüße|lg|vg|mfg|firmado|signé|assinado)"
    r"\s*[,!.:\-–—]?\s+"
    r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?"
    rf"(?P<name>{NAME})(?:\s*(?:and|&|y)\s+(?P<name2>{NAME}))?\s*[.!]?\s*$")
_DASH_SIGNATURE = re.compile(rf"(?:^|(?<=\s))[-–—]{{1,2}}\s*(?P<name>{NAME})(?=\s*(?:,|$))")
_NAME_LINE = re.compile(rf"(?:[.!?]\s+|\n\s*)(?P<name>{NAME})\s*[.!]?\s*$")
"""A closing line of nothing but a name ("... Call me. Grace")."""
_GRATITUDE = re.compile(
    r"(?=\w)\b(?i:thank|thanks,?|thank you,?|thanks to|thank you to|shout ?outs? to|shout-outs? to|"
    rf"kudos to|props to|ask for|spoke with|spoke to|talked to|talked with)\s+(?P<name>{NAME})")
_WINDOW_WORDS = 5
"""Words read on each side of a name cue. The recogniser judges a token by about four tokens
on each side (its tok2vec: windows of one token, four layers deep), and a word here is one
token or more. Against whole sentences, on about 22,000 comments (synthetic, Polis, the
sample, every labelled PII set), windows of five words changed the names found in 12 texts:
11 false names fewer ("Offer", "Hire") and one more ("veio R$", which `_NOT_IN_A_NAME` now
rejects); the recogniser read 45 % fewer words."""
_WORDS_BEFORE = re.compile(rf"(?<!\S)(?:\S+\s+){{1,{_WINDOW_WORDS}}}$")
_WORDS_AFTER = re.compile(rf"\S*(?:\s+\S+){{0,{_WINDOW_WORDS}}}")
_TOKEN_HEAD = re.compile(r"\S*$")
_SAINT = re.compile(r"(?:\bSt\.?|\bSaint|\bSan|\bSanta)\s*$")
_WORD_LISTS = {False: (NOT_NAMES, MONTHS, TITLE_WORDS),
               True: (NOT_NAMES | SPANISH_NOT_NAMES, MONTHS | SPANISH_MONTHS,
                      TITLE_WORDS | SPANISH_TITLE_WORDS)}
"""(words rarely a name, months, titles) for English and for Spanish comments."""
_OPENING_PUNCTUATION = ".!?:;,-–—()\"“"
_CONTRACTION = re.compile(r"['’](?:m|ll|d|ve|re|s)$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_TOKEN = re.compile(r"\S+")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")
_PREVIOUS_TOKEN = re.compile(r"(\S+)\s*$")


def plain_phrase(phrase: str) -> str:
    """`phrase` as `plain` words joined by single spaces, for comparing names with `keep`."""
    return " ".join(plain(word) for word in phrase.split())


def kept_phrases(keep: tuple[str, ...]) -> frozenset[str]:
    """Each phrase of `keep` and its leading words, as `plain_phrase`: "maple grove
    elementary", "maple grove", "maple"."""
    phrases = set()
    for phrase in keep:
        words = plain_phrase(phrase).split()
        phrases.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
    return frozenset(phrases)


def lowercase_words(texts: Sequence[str], times: int = 2) -> frozenset[str]:
    """Words written in lower case at least `times` times in `texts`, less common first
    names."""
    counts: Counter[str] = Counter()
    for start in range(0, len(texts), 10_000):  # one regex pass per block: C loops, not Python
        counts.update(filter(str.islower, _WORD.findall("\n".join(texts[start:start + 10_000]))))
    return frozenset(word for word, count in counts.items()
                     if count >= times and word not in WORD_NAMES)


def _name_cues(text: str, common: frozenset[str],
               kept_words: frozenset[str]) -> Iterator[re.Match]:
    """Capitalised words where a name that `checked_name` would accept could end.

    Not cues: stop words, months, titles, words rarely a name (`NOT_NAMES`), the leading
    words of phrases to keep ("Maple" of "Maple Grove Elementary"), words that name a place
    or stand before one ("Eastview", "Lincoln Park"), and a word the batch writes in lower
    case elsewhere (`common`) where it opens a sentence, a line, or follows a colon, comma or
    dash, since there it is capitalised by habit ("Quick comment: Kids ..."); so a surname
    that is also an everyday word ("..., Brown pushed my son") is read only within a few
    words of another cue. Nor is a sentence-opening word with a common-noun ending
    ("Bullying is ..."), nor one that is a common word and stands alone ("Quick comment:"),
    nor an acronym between words in lower case ("the ATM took"): the checks reject these.
    """
    for word in _WORD.finditer(text):
        if not word.group()[0].isupper():
            continue
        bare = _CONTRACTION.sub("", plain(word.group()))
        if (bare in NOT_NAMES or bare in stop_words() or bare in MONTHS
                or bare in TITLE_WORDS or bare in kept_words):
            continue
        if _ends_a_place(text, word.end(), word.group(), bare, ner=True):
            continue
        if bare in common and opens_a_clause(text, word.start()):
            continue
        if ends_like(bare, NOUN_ENDINGS) and _starts_a_sentence(text, word.start()):
            continue
        if _alone_at_a_sentence_start(text, word) and _common_word_alone(plain(word.group())):
            continue
        if _acronym_alone(text, word):
            continue
        yield word


def _capitalised_next(text: str, end: int) -> bool:
    """Whether the next character after `end` that is not a space is a capital."""
    following = _NEXT_CHARACTER.match(text, end)
    return following is not None and following.group(1).isupper()


def _acronym_alone(text: str, word: re.Match) -> bool:
    """Whether `word` is an acronym (`_is_acronym`) with no word starting with a capital just
    after it, nor just before it unless a stop word ("The ATM took"). `checked_name` rejects
    an entity made of acronyms, or opening with a stop word, so its sentence need not go to
    the recogniser: 57 % of the sentence passages of banking77 (1,959 -> 846) and 8 % of
    Polis's, with the same spans found in them, in the sample, the synthetic comments and
    every labelled PII set."""
    if not _is_acronym(word.group()):
        return False
    before = _PREVIOUS_TOKEN.search(text, max(0, word.start() - 40), word.start())
    return not _capitalised_next(text, word.end()) and not (
        before and before.group(1)[:1].isupper() and plain(before.group(1)) not in stop_words())


def _is_acronym(word: str) -> bool:
    """Whether `word` is an acronym such as IEP or PTA: at most five letters, all capitals."""
    return word.isupper() and len(word) <= 5


def _alone_at_a_sentence_start(text: str, word: re.Match) -> bool:
    """Whether `word` opens a sentence as a whole word ("Jean" of "Jean-Pierre" is not one)
    and no capitalised word follows it, so that a name the recogniser could find there is
    this word alone."""
    if not _starts_a_sentence(text, word.start()):
        return False
    token = _TOKEN.match(text, word.start())
    if token is None or token.group().rstrip(".,;:!?") != word.group():
        return False
    return not _capitalised_next(text, word.end())


@functools.lru_cache(maxsize=100_000)
def _common_word_alone(bare: str) -> bool:
    """Whether `bare` (as `plain`), alone as a name opening a sentence, is a common word and
    nobody's name: a verb, adjective or adverb ("Ridiculous", "Quick comment: ..."), or a noun
    that is no given name ("Landlord's emergency number", 4 false names of the world set's
    dev half). `checked_name` rejects such an entity, so `_name_cues` does not send its
    sentence to the recogniser: 28 % fewer sentence passages on 19,177 synthetic comments and
    38 % fewer on the sample, with the same spans found in them, in 5,242 Polis comments
    and in every labelled PII set."""
    parts = english_parts_of_speech(bare)
    return bool(parts - {"noun"} or (parts and not is_given_name(bare))) and \
        bare not in WORD_NAMES


def _ends_a_place(text: str, end: int, word: str, bare: str, *, ner: bool) -> bool:
    """Whether a name whose last word is `word` (`bare`: as `plain`; ending at `end`) is a
    place, however it starts: "Jefferson High", "Martin Luther King Jr. Day", "Lincoln Park"
    and, for a recogniser's entity, "Eastview". `checked_name` rejects these; `_name_cues`
    skips them."""
    return (word in PLACE_ENDINGS or bare in PLACE_WORDS_ANY_CASE
            or (ner and ends_like(bare, PLACE_SUFFIXES)) or _names_a_place(text, end))


def passages_to_read(text: str, common: frozenset[str],
                     kept_words: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of the stretches of `text` the recogniser reads: each name cue with
    `_WINDOW_WORDS` words on either side, overlapping stretches joined."""
    passages: list[tuple[int, int]] = []
    for cue in _name_cues(text, common, kept_words):
        start, end = _window(text, cue.start(), cue.end())
        if passages and passages[-1][1] >= start:
            start = passages.pop()[0]
        passages.append((start, end))
    return passages


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole words around text[start:end] and `_WINDOW_WORDS` words on either side."""
    start = _TOKEN_HEAD.search(text, max(0, start - 40), start).start()
    before = _WORDS_BEFORE.search(text, max(0, start - 20 * _WINDOW_WORDS), start)
    return (before.start() if before else start), _WORDS_AFTER.match(text, end).end()


def opens_a_clause(text: str, position: int) -> bool:
    """Whether the word at `position` starts the text, a line, or follows punctuation."""
    position -= 1
    while position >= 0 and text[position].isspace():
        if text[position] == "\n":
            return True
        position -= 1
    return position < 0 or text[position] in _OPENING_PUNCTUATION


def pattern_names(text: str, *, spanish: bool = False, language: str = "und",
                  batch_words: frozenset[str] = frozenset()) -> list[Span]:
    """Names the patterns find: after a title, a family word, "my name is" or "thanks to",
    in a sign-off or a dash signature, alone on the closing line; with the Spanish patterns
    when `spanish`; and the names after cue words in any case (`cued_names`), for a
    comment in `language`, `batch_words` being the batch's `lowercase_words`."""
    patterns = (_NAME_AFTER, _SIGN_OFF, _DASH_SIGNATURE, _GRATITUDE) + (
        (SPANISH_NAME_AFTER, SPANISH_SIGN_OFF) if spanish else ())
    spans = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            for group in ("name", "name2"):
                if group in pattern.groupindex and match.group(group):
                    spans += checked_name(text, match.start(group), match.end(group),
                                          spanish=spanish)
    spans += [span for match in _NAME_LINE.finditer(text)
              for span in checked_name(text, match.start("name"), match.end("name"),
                                       strict=True, spanish=spanish)]
    for start, end in cued_names(text, language=language, batch_words=batch_words):
        if text[start].islower():
            spans.append((start, end))
        else:
            spans += checked_name(text, start, end, spanish=spanish)
    for start, end in unknown_names(text, language=language):
        spans += checked_name(text, start, end, ner=True, spanish=spanish, language=language)
    for start, end in given_name_runs(text, language=language, batch_words=batch_words):
        spans += checked_name(text, start, end, ner=True, spanish=spanish, language=language)
    spans += lower_case_given_names(text, language=language, batch_words=batch_words)
    for start, end in placed_names(text, language=language, batch_words=batch_words):
        spans += ([(start, end)] if text[start].islower()
                  else checked_name(text, start, end, language=language))
    for start, end in names_before_cues(text, language=language):
        spans += ([(start, end)] if text[start].islower()
                  else checked_name(text, start, end, ner=True, language=language))
    return spans


def coordinated_names(text: str, names: list[Span], *, spanish: bool = False,
                      language: str = "und",
                      batch_words: frozenset[str] = frozenset()) -> list[Span]:
    """The other names of a list that holds a name of `names`: "Sean and Katarzyna",
    "Parabéns a [Ana], Cida e [Rute]", "mes enfants, sokhna et babacar", each name found
    drawing in its neighbours, theirs in turn (`_LIST_ROUNDS` times at most).

    A neighbour is a name word there, in either case ("Merci à margaux, [Youssouf] et
    perrine"): capitalised, it passes `checked_name` (strict) and, after a comma or in a
    comment in another language than English, its first word is a given name or rare in the
    comment's language and in English ("Complimenti a [Nunzia], Ghezzi" but not
    "Ein Lob an [Nico], Kinder und Eltern"); in lower case, every word is. On the world
    set's fresh3 part, 19 names stood in lists beside a name found; the old rule, one word
    in the same case joined by "and" or "y", drew in 2 of them."""
    extra: list[Span] = []
    known = set(names)
    latest = list(names)
    for _ in range(_LIST_ROUNDS):
        found = []
        for start, end in latest:
            after = _LISTED_AFTER.match(text, end)
            if after:
                found += _list_neighbour(text, after, spanish, language, batch_words)
            window = max(0, start - 60)
            before = _LISTED_BEFORE.search(text, window, start)
            if before and ("," not in before.group("join")
                           or _LIST_GOES_ON.search(text, window, before.start())):
                found += _list_neighbour(text, before, spanish, language, batch_words)
        latest = [span for span in found if span not in known
                  and not any(a < span[1] and span[0] < b for a, b in known)]
        if not latest:
            break
        known.update(latest)
        extra += latest
    return extra


_LIST_ROUNDS = 4
_LIST_WORDS = r"(?i:and|&|y|e|et|und|en|i|ou|o|or)"
"""The words that join the last names of a list, in the seven languages."""
_LIST_GOES_ON_AFTER = re.compile(rf"\s*(?:,|[.!?;:)]|$)|\s+{_LIST_WORDS}\s")
"""After a name in lower case set off by a comma, what says it is a list's ("odile, Karim et
sidonie"), not a role ("..., maman de léo", "..., habitante de Pikine")."""
_DIGIT_NEXT = re.compile(r"[^\S\n]*[:#(]?[^\S\n]*\d")
_LIST_JOIN = (rf"(?P<join>\s*,\s*|\s+{_LIST_WORDS}\s+)"
              r"(?:(?i:a|à|to)\s+)?(?:(?i:la|el|le|il)\s+(?=[A-ZÀ-ÖØ-ÞĀ-Ž]))?")
_LOWER_NAME_WORD = r"[a-zß-öø-ÿ](?:[^\W\d_]|['’-](?=[^\W\d_]))+"
_LISTED_AFTER = re.compile(
    rf"{_LIST_JOIN}(?P<name>{NAME}|{_LOWER_NAME_WORD}(?:\s+{_LOWER_NAME_WORD})?)"
    r"(?![^\W\d_]|['’-][^\W\d_])")
_LIST_GOES_ON = re.compile(r"(?:,|\s(?i:and|y|e|et|en|und|i|a|à))\s*$")
"""Before a list's middle word: a comma or a joining word, not "Atentamente" opening a
letter, whose comma then reads as a list's."""
_LISTED_BEFORE = re.compile(
    rf"(?<![^\W\d_'’-])(?P<name>{NAME_WORD}(?:\s+{NAME_WORD})?|{_LOWER_NAME_WORD})"
    rf"{_LIST_JOIN}$")


def _list_neighbour(text: str, match: re.Match, spanish: bool, language: str,
                    batch_words: frozenset[str]) -> list[Span]:
    """The name `match` holds beside a name, or []: see `coordinated_names`."""
    start, end = match.start("name"), match.end("name")
    words = text[start:end].split()
    if _DIGIT_NEXT.match(text, end):
        return []  # "Hanne Claes, rijksregisternummer 79.11.02-245.05": a number's label
    if language in ("nl", "de") and len(words[0]) >= LONG_COMPOUND and not is_given_name(
            words[0]):
        return []  # Dutch and German compounds are rare words too
    if text[start].islower():
        # The words that read as names, from the first on: "et sidonie pour" is "sidonie".
        stops = stop_words()
        taken = list(itertools.takewhile(lambda word: stands_as_a_name(
            word.group(), 0, language, stops, batch_words), re.finditer(r"\S+", text[start:end])))
        if not taken:
            return []
        end = start + taken[-1].end()
        if "," in match.group("join") and not _LIST_GOES_ON_AFTER.match(text, end):
            return []  # "Marie-Soleil Paquette, éducatrice au CPE": a role, not a name
        return [(start, end)]
    first = plain(words[0])
    if any(word.isupper() for word in words):
        return []  # "Gallatin, TN"
    if language in ("de", "und") and not is_given_name(first):
        # German compounds are rare words too ("Hotelanlagen, Ferienwohnungen"), and short
        # German comments are often of no detected language ("Bodenfraß, Umweltverschmutzung").
        return []
    if ("," in match.group("join") or language not in ("en", "und")) and not (
            is_given_name(first) or is_rare_word(first, language, UNLISTED_NAME_ZIPF)):
        return []
    return checked_name(text, start, end, strict=True, spanish=spanish)


def checked_name(text: str, start: int, end: int, *, ner: bool = False,
                 strict: bool = False, spanish: bool = False,
                 language: str = "und") -> list[Span]:
    """The name in text[start:end], trimmed of titles and possessives; [] if not a name.

    `ner` marks a spaCy entity (more false alarms, so more checks); `strict` rejects the name
    when any word is a common word, for patterns with little context around the name;
    `spanish` adds Spanish titles, months and words rarely a name, drops the lower-case
    words a Spanish entity starts with ("señor Abdullahi Hassan") and rejects a name after a
    place word ("la primaria Jefferson"). An entity of a comment in another `language` than
    English or Spanish (`_foreign_entity`) has checks of its own.
    """
    not_names, months, titles = _WORD_LISTS[spanish]
    words = [(m.start() + start, m.end() + start, m.group())
             for m in re.finditer(r"\S+", text[start:end])]
    while words and (words[0][2].lower().rstrip(",") in titles
                     or (spanish and ner and words[0][2][:1].islower())):
        words.pop(0)
    while words and plain(words[-1][2]) in not_names:
        words.pop()
    if not words:
        return []
    first, last = words[0][0], words[-1][1]
    last_word = text[words[-1][0]:last]
    for suffix in ("'s", "’s", "'", "’", ",", ".", ";", ":"):
        if last_word.endswith(suffix) and len(last_word) > len(suffix) + 1:
            last -= len(suffix)
            last_word = last_word[:-len(suffix)]
    bare = [plain(w) for _, _, w in words]
    if not any(w[:1].isupper() for _, _, w in words):
        return []
    if all(p in not_names or p in stop_words() for p in bare):
        return []
    if bare[0] in not_names or (ner and (bare[0] in stop_words() or bare[0] in months)):
        return []
    if strict and any(p in not_names or p in stop_words() or p in months for p in bare):
        return []
    if (spanish and SPANISH_PLACE_BEFORE.search(text, max(0, first - 40), first)) or \
            _FACILITY_BEFORE.search(text, max(0, first - 40), first) or \
            _FACILITY_OPENS.match(text, first, last):
        return []  # "la primaria Jefferson", "Hospital Josina Machel", "lycée Victor Hugo"
    if spanish and ner and any(w[:1].islower() and not re.fullmatch(PARTICLE, w)
                               for _, _, w in words):
        return []  # a run of words such as "Guadalajara la escuela mandaba avisos"
    if _ends_a_place(text, last, words[-1][2].strip(".,;:!?"), bare[-1], ner=ner):
        return []
    if ner and all(_is_acronym(w) for _, _, w in words):
        return []  # an acronym such as IEP or PTA
    if ner and _looks_like_place_or_noun(text, first, bare):
        return []
    if _SAINT.search(text[max(0, first - 8):first]):
        return []
    if ner and (NAMES_A_STREET.search(text, first, last) or _SAINT_FIRST.match(text, first)):
        return []  # "Avenida Paulista", "Sydney Rd", "Hauptstraße", "San Isidro"
    if ner and language not in ("en", "es", "und") and not _foreign_entity(
            text[first:last], language):
        return []
    if (ner or strict) and len(words) == 1 and _starts_a_sentence(text, first) and \
            _common_word_alone(bare[0]):
        return []
    if (not ner and len(words) == 1 and language in ("en", "und")
            and bare[0] not in WORD_NAMES and english_parts_of_speech(bare[0]) - {"noun"}
            and not is_given_name(bare[0])):
        # A run-on sentence's verb after a cue: "for my kids Fix it soon". Not for the
        # recogniser's entities: there it also dropped surnames that are verbs ("Trump", 10
        # times in six Polis conversations), and a surname alone must stay redacted.
        return []
    if ner and _NOT_IN_A_NAME.search(text, first, last):
        return []  # "Tram M10", "veio R$ 487" (of a Portuguese comment)
    if ner and not is_given_name(bare[0]) and (
            _TRAVEL_BEFORE.search(text, max(0, first - 30), first)
            or NAMES_A_STREET.search(text, max(0, first - 12), first)
            or (len(words) == 1 and language not in ("en", "und")
                and _starts_a_sentence(text, first))):
        # A place after a preposition or a street word ("the bus to Bondi", "de Indios
        # Verdes", "Avenue Jean Jaurès"), and a lone word opening a sentence in another
        # language ("Escríbanle", "Gegevens"), unless a given name: 18 false names of the
        # world set's fresh2 part were these.
        return []
    return [(first, last)]


_NOT_IN_A_NAME = re.compile(r"[\d$€£¥₹¢%@#/\\=+*<>|~^_]")
"""A digit or a symbol that no one's name holds: the recogniser's entity is then something
else. Beyond digits, this rejected 15 entities of 5,242 Polis comments, all false names
("Strom + Wärme", "Stricter Landlord/Tenant"), and none of the world set's names."""
_TRAVEL_BEFORE = re.compile(
    r"(?<![^\W\d_])(?i:(?:bus|tram|train|metro|trip|road|route|ride|line|way|drive|flight|"
    r"journey)(?:\s+\w+)?\s+(?:to|from)|in|near|at|naar|nach|à|em|en|de|di|da|do|du)\s+$")
"""Before a place: "the bus to Bondi", "the 70 bus to Botany", "de Indios Verdes". "To"
alone is not enough ("pass my thanks on to Babatunde Adewuyi")."""
_FACILITY_WORDS = (
    r"(?i:hospital|clinic|"
    r"escuela|colegio|instituto|biblioteca|parque|estadio|polideportivo|ceip|ies|"
    r"école|ecole|lycée|lycee|collège|piscine|parc|gare|hôpital|clinique|bibliothèque|"
    r"médiathèque|stade|salle|gymnase|résidence|foyer|"
    r"schule|grundschule|gymnasium|realschule|gesamtschule|kita|klinikum|krankenhaus|"
    r"freibad|hallenbad|bahnhof|stadion|bibliothek|rathaus|spielplatz|"
    r"basisschool|wijkcentrum|buurthuis|ziekenhuis|zwembad|bibliotheek|"
    r"escola|colégio|creche|posto|estação|estádio|clínica|liceu|"
    r"scuola|liceo|istituto|ospedale|parco|stazione|palestra|piscina|sala|asilo)")
_FACILITY_BEFORE = re.compile(
    rf"(?<![^\W\d_]){_FACILITY_WORDS}"
    r"(?:\s+(?i:municipal|municipale|fiscal|estadual|pública|público|publique|comunale|"
    r"statale|primaria|secundaria|primaire|élémentaire|maternelle|infantil|"
    r"de|del|de la|do|da|dos|des|du|di|della|van|von|der|am|an))*\s+$")
"""A facility named after someone, in any of the languages, so the name is a place: "CEIP
Miguel Hernández", "piscine Jean Bouin", "Freibad Ohlsdorf", "Basisschool De Regenboog",
"escuela fiscal Rosa Zárate" (11 false names of the world set's fresh3 and fresh4 parts;
Spanish comments also have `SPANISH_PLACE_BEFORE`)."""
_FACILITY_OPENS = re.compile(rf"{_FACILITY_WORDS}\s+\S")
"""The same facility words opening a recogniser's entity: "Freibad Ottensen"."""
_SAINT_FIRST = re.compile(r"(?:St|Saint|San|Santa|Santo|São|Sainte?)\.?\s")
_GERMAN_ADJECTIVE = re.compile(
    r"(?:lich|ig|isch|los|bar|sam|haft|al|ell|iv|är|ös)(?:e|es|er|en|em)$")
"""An inflected German adjective: "Bedingungsloses", "Gemeinnützige", "Regionale"."""
_GERMAN_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "ität", "tion", "nis", "tum", "thek",
                        "amt", "verein", "schule", "ei")


def _foreign_entity(entity: str, language: str) -> bool:
    """Whether the English recogniser's PERSON `entity`, in a comment in `language` (not
    English or Spanish), may be a name: none of its words is a stop word of that language
    ("Mijn", "Sie das", "L'infirmière qui", "Appelez-moi"), and in German, which writes
    every noun in capitals, it has two words at least, none with a noun ending ("Heizung",
    "Liebe Stadtbibliothek"), no inflected adjective ("Bedingungsloses Grundeinkommen") and
    none in lower case but a particle ("Preise massiv", "z.B. Möbel"). On the world set's
    dev half 57 of the recogniser's 83 false alarms were in such comments; on 3,000 Polis
    comments with their detected languages these checks took the redacted "names" from 1,491
    to 196, most of them German nouns before."""
    stops = listed_stop_words(language)
    parts = [part.lower() for part in re.split(r"[\s'’-]+", entity) if part]
    # A particle inside a name is a stop word too ("Stijn De Smedt", "Femke van der Heijden"),
    # but not in German, where every noun is capitalised: on 2,138 Austrian Polis comments
    # the exception made 90 phrases such as "Verbot von Rasenrobotern" names.
    if any(part in stops and not (index and language != "de" and re.fullmatch(PARTICLE, part))
           for index, part in enumerate(parts)):
        return False
    if language == "de":
        words = entity.split()
        return len(words) > 1 and not any(
            ends_like(word.lower(), _GERMAN_NOUN_ENDINGS)
            or (word[:1].islower() and word not in ("von", "zu", "van", "de", "der"))
            or _GERMAN_ADJECTIVE.search(word) for word in words)
    return True


def _looks_like_place_or_noun(text: str, start: int, bare: list[str]) -> bool:
    last = bare[-1]
    if last.capitalize() in PLACE_LAST_WORDS and len(bare) > 1:
        return True
    return len(bare) == 1 and _starts_a_sentence(text, start) and ends_like(last, NOUN_ENDINGS)


def _starts_a_sentence(text: str, position: int) -> bool:
    """Whether only spaces, or the end of a sentence or a colon, come before `position`."""
    before = text[:position].rstrip()
    return not before or before[-1] in ".!?:"


def _names_a_place(text: str, end: int) -> bool:
    following = re.match(r"[\s.'’s]*([^\W\d_]+)", text[end:])
    if not following:
        return False
    return is_place_word(following.group(1))


def names_a_place(phrase: str) -> bool:
    """Whether `phrase` reads as the name of a school, park, street or neighbourhood: its
    last word is one such ("Lincoln Park Elementary", "Cedar Hills") or ends like one
    ("Eastview")."""
    words = phrase.split()
    if not words:
        return False
    last = words[-1].strip(".,;:")
    return (is_place_word(last) or last in PLACE_ENDINGS or last in PLACE_LAST_WORDS
            or ends_like(last.lower(), PLACE_SUFFIXES))

