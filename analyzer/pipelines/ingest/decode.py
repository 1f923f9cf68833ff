"""Bytes to text: find the encoding, refuse binary files, mark bytes that cannot be decoded.

Bytes that fail to decode become lone surrogates (U+DC80..U+DCFF), which strict decoding can
never produce, so the cells holding them can be reported as unreadable instead of guessed at.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from analyzer.errors import UnreadableFileError

MARK_ERRORS = "analyzer-ingest-mark"
SURROGATE = re.compile("[\ud800-\udfff]")
"""Lone surrogates: undecodable bytes marked by `decode`, or broken escapes in JSON."""
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"{\\rtf", "a Word/RTF document"),
)
_LATIN_CANDIDATES = ("cp1252", "cp1250", "latin-1")
_APOSTROPHES = set("’‘'")
_WINDOWS_FOR_MAC = {"mac_cyrillic": "cp1251", "mac_greek": "cp1253", "mac_turkish": "cp1254",
                    "mac_arabic": "cp1256", "mac_hebrew": "cp1255"}
_DETECT_SAMPLE = 4 * 1024 * 1024
_MAX_CONTROL_SHARE = 0.01
_STRAY_CONTROLS = 8
"""Up to this many control codes are stray characters in a text file, however short (a NUL
pasted into a cell), left for the reader to locate rather than called binary data."""


def _mark(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start:error.end]
    return "".join(chr(0xDC00 + (b if b >= 0x80 else b + 0x80)) for b in bad), error.end


def _register() -> None:
    try:
        codecs.lookup_error(MARK_ERRORS)
    except LookupError:
        codecs.register_error(MARK_ERRORS, _mark)


def decode_marked(data: bytes, encoding: str = "utf-8") -> str:
    """Decode, marking undecodable bytes instead of failing."""
    _register()
    return data.decode(encoding, MARK_ERRORS)


def has_marks(text: str) -> bool:
    """True when `text` holds bytes that could not be decoded (or other lone surrogates)."""
    return SURROGATE.search(text) is not None


def unmark(text: str) -> str:
    """Replace undecodable-byte marks with U+FFFD so the text can be stored and written."""
    return SURROGATE.sub("\ufffd", text)


def binary_kind(data: bytes) -> str | None:
    """Describe a known binary format from its first bytes, or None."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _looks_like_damaged_utf8(data: bytes) -> bool:
    """Mostly valid UTF-8 with a few bad bytes (a line pasted in from elsewhere)."""
    text = data[:_DETECT_SAMPLE].decode("utf-8", MARK_ERRORS)
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return good > 2 * bad


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _stray_symbols(text: str) -> int:
    """Non-letters wedged inside a word (`Za¿ó³æ`), or C1 control codes: signs of mojibake."""
    count = 0
    for i in range(1, len(text) - 1):
        ch = text[i]
        if ord(ch) < 0x80 or ch in _APOSTROPHES or ch.isalpha():
            continue
        if unicodedata.category(ch) == "Cc" or (text[i - 1].isalpha() and text[i + 1].isalpha()):
            count += 1
    return count


def _non_latin_script(data: bytes, encoding: str) -> bool:
    """Whether `encoding` reads the bytes as mostly non-Latin letters (Cyrillic, CJK, ...)."""
    try:
        text = data[:_DETECT_SAMPLE].decode(encoding, "ignore")
    except LookupError:
        return False
    letters = [ch for ch in text if ord(ch) > 0x7F and ch.isalpha()]
    return bool(letters) and sum(ord(ch) > 0x24F for ch in letters) > 0.5 * len(letters)


def guess_encoding(data: bytes) -> str:
    """The most likely encoding of `data` (BOM, then UTF-16 shape, UTF-8, then a guess)."""
    _register()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_like_damaged_utf8(data):
        return "utf-8"
    from charset_normalizer import from_bytes  # deferred: slow to import

    best = from_bytes(data[:_DETECT_SAMPLE]).best()
    if best is not None and best.encoding and _non_latin_script(data, best.encoding):
        windows = _WINDOWS_FOR_MAC.get(best.encoding)
        return windows if windows and _decodes(data, windows) else best.encoding
    # For Latin-script text charset-normalizer often picks an exotic code page on small files.
    # Of the usual Windows code pages, take the one whose decoding has the fewest stray
    # symbols, preferring cp1252 (English and Western Europe) on ties.
    candidates = [e for e in _LATIN_CANDIDATES if _decodes(data, e)]
    sample = data[:_DETECT_SAMPLE]
    return min(candidates, key=lambda e: _stray_symbols(sample.decode(e)))


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode file bytes to text; return (text, encoding). Undecodable bytes are marked.

    Binary files are told apart by their signature or their share of control codes; a stray
    NUL in a text file is left to the reader, which can name the row and column holding it.
    """
    kind = binary_kind(data)
    if kind:
        raise UnreadableFileError(
            f"this is {kind}, not a table. Export the responses as CSV or Excel (.xlsx) and "
            "try again.", source=source)
    encoding = guess_encoding(data)
    text = data.decode(encoding, MARK_ERRORS)
    if text.startswith("\ufeff"):
        text = text[1:]
    sample = text[:100_000]
    controls = sum(1 for ch in sample
                   if ch not in "\t\n\r\f\v" and unicodedata.category(ch) == "Cc")
    if controls > max(_MAX_CONTROL_SHARE * len(sample), _STRAY_CONTROLS):
        raise _binary(source)
    return text, encoding


def _binary(source: str) -> UnreadableFileError:
    return UnreadableFileError(
        "this does not look like a text table (it holds binary data). Check that you picked "
        "the right file; export the responses as CSV or Excel (.xlsx) and try again.",
        source=source)
