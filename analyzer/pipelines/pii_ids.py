"""National identifiers in free text (kind ID), for the redactor (`analyzer.pipelines.pii`).

The recognisers are Presidio's pattern recognisers and ours in its framework
(`analyzer.pipelines.pii_recognisers`: US SSN, UK National Insurance, Canadian SIN,
Spanish DNI/NIE, Mexican CURP, Indian Aadhaar and PAN, Australian TFN, Brazilian CPF, Irish
PPSN, Dutch BSN, French NIR, German Steuer-ID, Nigerian NIN, Italian codice fiscale, a
number introduced as an identity, passport or licence number, payment card numbers and
IBANs). Each runs on the text
directly, with `PatternRecognizer.analyze`, not through Presidio's `AnalyzerEngine`: the
engine would first run a spaCy pipeline over every comment to find its context words, 300
times slower on 3,000 Polis comments (benchmarks/results/pii_recognisers.md); the words
either side of a match, read here with a regular expression, serve the same purpose.

A match is an identifier when a context word of its recogniser ("SSN", "social security",
"NIE", "tax file number") is among the twelve words before it or the five after (see
`IdRule`), or when its layout stands alone (`IdRule.alone`: "123-45-6789", "QQ 12 34 56 C",
"12345678Z"). A bare run of digits ("123456789") needs a context word. A layout that phones
share ("130 692 544") stands alone only where no phone number covers it, and is no identifier
at all where a phone word ("call", "tel.") comes right before it.

Nothing is imported until a text holds something shaped like an identifier: six digits or
more, or a word of eight characters or more mixing letters and digits ("ABCPE1234F").
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from analyzer.pipelines.pii_recognisers import IdRule

__all__ = ["id_spans", "load_id_recognisers", "may_hold_an_id"]

Span = tuple[int, int]

_CANDIDATE = re.compile(r"\d(?:[\s./:-]?\d){5,}|\b(?=\w{8,}\b)(?:[A-Za-z]+\d|\d+[A-Za-z])")
"""Part of every identifier the rules find, far quicker to look for than running them."""
_WORD = re.compile(r"\S+")
_PHONE_WORD = re.compile(r"(?<![^\W\d_])(?i:call|ring|phone|tel|text|whatsapp|mobile|cell|"
                         r"móvil|celular|teléfono|telefone|handy|bel)(?![^\W\d_])")
"""A word right before a number that a phone number covers, which makes it that phone and
no identifier, whatever identifier word is near (1 false ID of the world set's test half)."""


def may_hold_an_id(text: str) -> bool:
    """Whether `text` has something shaped like an identifier (the rules then run)."""
    return _CANDIDATE.search(text) is not None


def id_spans(text: str, phones: Sequence[Span] = ()) -> list[Span]:
    """(start, end) of each national identifier in `text`; `phones`, the phone numbers found
    in it, veto the identifiers that are shaped like one and have no context word."""
    if not may_hold_an_id(text):
        return []
    spans = []
    for rule, context in _compiled_rules():
        for result in rule.recogniser.analyze(text, rule.recogniser.supported_entities):
            start, end = result.start, result.end
            if _overlaps(start, end, phones) and _PHONE_WORD.search(
                    " ".join(_WORD.findall(text, max(0, start - 30), start)[-2:])):
                continue  # "NIN is 20583746192 ... Call 0813 555 4432": the call decides
            if _has_context(text, start, end, context, rule):
                spans.append((start, end))
            elif rule.alone is not None and rule.alone.fullmatch(text, start, end):
                if not (rule.phone_shaped and _overlaps(start, end, phones)):
                    spans.append((start, end))
    return spans


def load_id_recognisers() -> None:
    """Build the recognisers now (before worker processes fork, so they share them)."""
    _compiled_rules()


@functools.cache
def _compiled_rules() -> tuple[tuple["IdRule", re.Pattern], ...]:
    """Each rule with a pattern matching any of its recogniser's context words."""
    from analyzer.pipelines.pii_recognisers import id_rules

    return tuple((rule, _context_pattern(rule.recogniser.context or ())) for rule in id_rules())


def _context_pattern(words: Sequence[str]) -> re.Pattern:
    if not words:
        return re.compile(r"(?!)")  # matches nothing
    alternatives = "|".join(sorted((re.escape(word.lower()) for word in words), key=len,
                                   reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])", re.IGNORECASE)


def _has_context(text: str, start: int, end: int, context: re.Pattern, rule: "IdRule") -> bool:
    """Whether one of the `context` words is among the rule's words before or after."""
    before = _WORD.findall(text, max(0, start - 20 * rule.words_before), start)
    after = _WORD.findall(text, end, end + 20 * rule.words_after)[:rule.words_after]
    before = before[max(0, len(before) - rule.words_before):]
    return context.search(" ".join(before + after)) is not None


def _overlaps(start: int, end: int, spans: Sequence[Span]) -> bool:
    return any(other_start < end and start < other_end for other_start, other_end in spans)
