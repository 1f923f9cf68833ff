"""Non-answers: "n/a", "nothing", "no sé", "see above", "-" and the like.

A comment is a non-answer when, compared by `fingerprint` (case, accents, apostrophes and
punctuation ignored), it is one of `NON_ANSWER_PHRASES`, optionally wrapped in politeness or
hedging from `FILLERS` ("None at this time, thanks!"), or a short list of such pieces
separated by punctuation ("N/A - nothing."). A text with no letters or digits at all
("-", "?", "...", an emoji alone) is a non-answer too. Only short texts qualify: a long text
is never a non-answer, so "Nothing works on the bus" stays an answer.

Decision: satisfaction is an answer, not a non-answer. "All good", "fine", "ok", "yes",
"everything is great" say something about the subject and go to the themes; the phrases here
decline, defer ("see above") or say there is nothing to add.
Non-answers are kept, not dropped: they become the visible "(no answer)" bucket.
"""

from __future__ import annotations

import re

from analyzer.pipelines.clean.normalize import fingerprint

MAX_WORDS = 10
"""Texts with more words than this (after fingerprinting) are never non-answers."""

ENGLISH_PHRASES = (
    "n/a", "n.a.", "na", "n a", "none", "nothing", "nil", "null", "nan", "no", "nope", "nah",
    "no comment", "no comments", "no comment at all", "no further comments",
    "no additional comments", "no other comments", "no answer", "no response", "blank",
    "not applicable", "does not apply", "doesn't apply", "not relevant",
    "don't know", "dont know", "do not know", "i don't know", "i do not know", "idk", "dunno",
    "no idea", "no clue", "not sure", "i'm not sure", "i am not sure", "unsure", "no opinion",
    "i have no opinion", "not really", "not at this time", "not now", "no thanks",
    "see above", "same as above", "as above", "same as before", "see previous",
    "see previous answer", "see previous comment", "see my previous answer",
    "as previously stated", "as stated above", "already answered", "already said",
    "same", "ditto", "same here", "same as previous",
    "nothing to add", "nothing else", "nothing more", "nothing more to add",
    "nothing at all", "nothing to say", "nothing to report", "nothing comes to mind",
    "nothing in particular", "nothing specific", "not anything", "none that i can think of",
    "can't think of anything", "cannot think of anything", "i can't think of anything",
    "no suggestions", "no concerns", "no other concerns", "no questions", "none so far",
    "i have nothing to add", "i have no comments", "i have none", "i have nothing",
    "pass", "skip", "x", "xx", "xxx", "asdf",
)
SPANISH_PHRASES = (
    "nada", "ninguno", "ninguna", "ningun", "ningún", "no sé", "no se", "yo no sé",
    "no lo sé", "no sabe", "no sabría", "no sabria", "no estoy seguro", "no estoy segura",
    "no tengo idea", "ni idea", "no opino", "sin opinión", "no tengo opinión",
    "sin comentarios", "sin comentario", "ningún comentario", "no tengo comentarios",
    "no hay comentarios", "sin respuesta", "no aplica", "no corresponde",
    "ver arriba", "igual que arriba", "lo mismo que arriba", "lo mismo", "igual", "ídem",
    "idem", "ya lo dije", "como dije antes", "ver respuesta anterior",
    "nada más", "nada que agregar", "nada que añadir", "no tengo nada que agregar",
    "no tengo nada que añadir", "nada que decir", "no tengo nada", "no, gracias",
    "ninguna sugerencia", "no tengo sugerencias", "ninguna por ahora", "ninguno por ahora",
)
NON_ANSWER_PHRASES: tuple[str, ...] = ENGLISH_PHRASES + SPANISH_PHRASES
"""Whole answers that say nothing about the subject, in English and Spanish."""

FILLERS: tuple[str, ...] = (
    "thanks", "thank you", "thank you very much", "thanks so much", "thanks again", "thx",
    "ty", "sorry", "really", "honestly", "i think", "at this time", "at the moment",
    "right now", "for now", "so far", "that's all", "thats all", "that is all",
    "gracias", "muchas gracias", "por ahora", "por el momento", "de momento", "la verdad",
    "eso es todo", "lo siento", "perdón",
)
"""Politeness and hedging that may surround a non-answer without changing it."""

_PHRASE_KEYS = frozenset(fingerprint(p) for p in NON_ANSWER_PHRASES)
_FILLER_KEYS = tuple(sorted({fingerprint(f) for f in FILLERS}, key=len, reverse=True))
_VOCABULARY = frozenset(w for k in _PHRASE_KEYS.union(_FILLER_KEYS) for w in k.split())
_PIECE_BREAK = re.compile(r"\s[-\u2013\u2014]+\s|[,;:.!?¡¿()]+|\s[-\u2013\u2014]+$")


def is_non_answer(text: str, key: str | None = None) -> bool:
    """Whether a (normalised) comment says nothing about the subject. `key`: its
    `fingerprint`, when the caller has it already.

    >>> is_non_answer("N/A"), is_non_answer("No sé."), is_non_answer("Nothing works on the bus")
    (True, True, False)
    """
    if not isinstance(text, str) or not text.strip():
        return False  # empty is "empty after cleaning", not a non-answer
    key = fingerprint(text) if key is None else key
    if not key:
        return True  # punctuation, symbols or emoji only
    words = key.split()
    if len(words) > MAX_WORDS or not _VOCABULARY.issuperset(words):
        return False  # a word no non-answer uses: fast exit for most answers
    if _is_phrase(key) or (key in _FILLER_KEYS):
        return True
    pieces = [fingerprint(p) for p in _PIECE_BREAK.split(text)]
    pieces = [p for p in pieces if p]
    return len(pieces) > 1 and all(_is_phrase(p) or p in _FILLER_KEYS for p in pieces) \
        and any(_is_phrase(p) for p in pieces)


def _is_phrase(key: str) -> bool:
    """A phrase key, possibly with fillers before or after it."""
    if key in _PHRASE_KEYS:
        return True
    changed = True
    while changed and key:
        changed = False
        for filler in _FILLER_KEYS:
            if key.startswith(filler + " "):
                key, changed = key[len(filler) + 1:], True
            elif key.endswith(" " + filler):
                key, changed = key[:-len(filler) - 1], True
            if key in _PHRASE_KEYS:
                return True
    return False
