"""User text is data: helpers that keep it from being read as markup or terminal commands.

Comments, theme labels, group names, column headers and file names all come from people we
do not control. Wherever such text meets a renderer that interprets it, it goes through one
of these first:

- `escape_markdown` for Streamlit's Markdown (CommonMark, GitHub tables and autolinks, plus
  Streamlit's own `:color[...]` directives and `$...$` maths). A comment holding
  `![x](//evil.example/p.png)` would otherwise make every viewer's browser fetch an image.
- `escape_plotly` for Plotly labels and hover text, which understand a few HTML tags
  (`<a href>`, `<b>`, `<span style>`).
- `printable` for messages printed to a terminal or shown in an error box: control
  characters (ANSI escape sequences, NUL, bidirectional overrides) are dropped.
"""

from __future__ import annotations

import re
import string
import unicodedata

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
"""Every ASCII punctuation character: CommonMark lets a backslash make any of them literal,
and escaping all of them also covers extensions (tables, directives, maths) by construction."""

_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")

_ANSI_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
"""CSI sequences (colours, cursor moves), OSC sequences (window titles, hyperlinks) and the
two-character escapes; whatever is left of a broken sequence goes with the other controls."""

_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates, which can make a message read backwards. Other format
characters stay: zero-width joiners belong to emoji and to Persian and Indic spelling."""


def escape_markdown(text: object) -> str:
    """`text` as Markdown that renders as exactly that text, on one line.

    Line breaks become spaces, because a newline inside a quote or a list item would let the
    rest of the text start a heading, a table or a code block of its own; leading spaces and
    tabs go, because four of them start a code block.

    >>> escape_markdown("![x](//evil.example/p.png)")
    '\\\\!\\\\[x\\\\]\\\\(\\\\/\\\\/evil\\\\.example\\\\/p\\\\.png\\\\)'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text).strip())


def escape_plotly(text: object) -> str:
    """`text` for a Plotly label or hover box: its tags shown, not followed.

    Plotly reads `&lt;`, `&gt;` and `&amp;` back as the characters, so the text looks
    the same to the reader.

    >>> escape_plotly('<a href="//x">bus</a>')
    '&lt;a href="//x"&gt;bus&lt;/a&gt;'
    """
    return (printable(text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def one_line(text: object) -> str:
    """`printable(text)` with its line breaks folded into spaces, for one-line messages.

    >>> one_line("file 'a.csv':\\r\\n\\x1b[2Jcolumn 'b'")
    "file 'a.csv': column 'b'"
    """
    return _LINE_BREAKS.sub(" ", printable(text))


def printable(text: object) -> str:
    """`text` without control characters: no ANSI sequences, NULs or direction overrides.

    Tabs and line breaks survive (callers that need one line fold them).

    >>> printable("name\\x1b[31mred\\x1b[0m\\x00")
    'namered'
    """
    cleaned = _ANSI_SEQUENCE.sub("", str(text))
    return "".join(ch for ch in cleaned if ch in "\t\n" or not (
        unicodedata.category(ch) == "Cc" or ch in _DIRECTION_CONTROLS))


__all__ = ["escape_markdown", "escape_plotly", "one_line", "printable"]
