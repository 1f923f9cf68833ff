"""Email and web addresses in free text, for the redactor (`analyzer.pipelines.pii`).

Emails: Presidio's email recogniser (`OfflineEmailRecognizer`: any letters in the local part
and the domain, "josé.garcía@correo.es", "ñandú@ejemplo.com.ar", plus-addressing, and a
domain whose suffix is on the public suffix list, read offline), and a pattern of ours for
addresses spelled out to dodge filters ("ana dot ruiz at gmail dot com"), which Presidio does
not read: 1 of the 18 emails of tests/data/pii_labelled.jsonl is written so.

URLs: every web address, with or without "http" or "www", by a pattern of ours.

Each function returns (start, end) character offsets; the redactor gives them their kind and
merges overlaps.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analyzer.pipelines.pii_recognisers import OfflineEmailRecognizer

__all__ = ["email_spans", "load_email_recogniser", "url_spans"]

_SPELLED_EMAIL = re.compile(
    r"\b[A-Za-z0-9._%+-]+(?:\s+dot\s+[A-Za-z0-9_%+-]+)*"
    r"\s*(?:\bat\b|\[at\]|\(at\))\s*"
    r"[A-Za-z0-9-]+(?:\s*(?:\bdot\b|\[dot\]|\(dot\))\s*[A-Za-z0-9-]+)*"
    r"\s*(?:\bdot\b|\[dot\]|\(dot\))\s*(?:com|org|net|edu|gov|us|io)\b", re.IGNORECASE)

_COUNTRY_TLDS = ("ie|ke|ng|au|nz|za|de|fr|es|nl|br|ar|cl|pe|ph|gh|ug|tz|ch|se|dk|fi|pl|pt|jp|"
                 "sg|ru|eu")
"""Country domains read without "www", less those that are also English words (.in, .it,
.at, .is, .no, .be): "blessingscakes.ie", "achiengowino.co.ke", "ejemplo.com.ar"; the
world set's dev half has 3 of them in 53 web addresses."""
_TLDS = ("com|org|net|edu|gov|us|io|info|ly|me|co|uk|ca|mx|app|gl|tv|biz|link|"
         rf"(?:com|co|org|gov|net|edu|ac|or|ne|go)\.[a-z]{{2}}|{_COUNTRY_TLDS}")
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
    # Presidio's pattern admits "/" in the local part, so it reads "tiktok.com/@ana.go" of a
    # web address as an email (2 of the world set's 53 dev URLs); a real local part has none.
    spans = [(result.start, result.end) for result in _email_recogniser().analyze(
        text, ["EMAIL_ADDRESS"]) if "/" not in text[result.start:result.end]
             ] if "@" in text else []
    if "dot" in text.lower():
        spans += [(m.start(), m.end()) for m in _SPELLED_EMAIL.finditer(text)]
    return spans


def load_email_recogniser() -> None:
    """Build the email recogniser now (before worker processes fork, so they share it)."""
    _email_recogniser()


@functools.cache
def _email_recogniser() -> "OfflineEmailRecognizer":
    from analyzer.pipelines.pii_recognisers import OfflineEmailRecognizer

    return OfflineEmailRecognizer()


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
