"""Email and web addresses in free text, for the redactor (`analyzer.pipelines.pii`).

Each function returns (start, end) character offsets; the redactor gives them their kind and
merges overlaps.
"""

from __future__ import annotations

import re

__all__ = ["email_spans", "url_spans"]

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


def email_spans(text: str) -> list[tuple[int, int]]:
    """Ordinary addresses and spelled-out ones ("ana dot ruiz at gmail dot com")."""
    # Cheap tests first: most comments have no "@" and no "dot".
    patterns = ((_EMAIL,) if "@" in text else ()) + (
        (_SPELLED_EMAIL,) if "dot" in text.lower() else ())
    return [(m.start(), m.end()) for pattern in patterns for m in pattern.finditer(text)]


def url_spans(text: str) -> list[tuple[int, int]]:
    """Web addresses with or without "http" or "www", less trailing punctuation."""
    spans = []
    for match in _URL.finditer(text) if _URL_HINT.search(text) else ():
        end = match.end()
        while end > match.start() and text[end - 1] in _URL_TRAILING:
            end -= 1
        if end > match.start():
            spans.append((match.start(), end))
    return spans
