"""Which encoding a page is in: the HTTP charset, then `<meta>`, then detection.

The site serves windows-1251; some pages are UTF-8. A declaration is only trusted when the bytes
agree with it: bytes that are not valid UTF-8 are never decoded as UTF-8, whatever a header says,
because that destroys the Cyrillic.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re

logger = logging.getLogger(__name__)

DEFAULT_ENCODING = "windows-1251"

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_SNIFF_BYTES = 4096
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])
_CP1251_UNDEFINED = b"\x98"
_BYTES_E0_FF = bytes(range(0xE0, 0x100))
_BYTES_C0_DF = bytes(range(0xC0, 0xE0))
_SNIFF_LETTERS = 65536
_MIN_LETTERS = 40


class NotText(ValueError):
    """The bytes are not a text document (empty, or binary data)."""


@functools.lru_cache(maxsize=64)
def encoding_name(label: str | None) -> str | None:
    """The WHATWG-style name for a charset label (`cp1251` -> `windows-1251`), None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return {"cp1251": "windows-1251", "utf-8": "utf-8", "koi8-u": "koi8-u"}.get(name, name)


def header_charset(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return encoding_name(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_SNIFF_BYTES])
    return encoding_name(match.group(1).decode("ascii", "replace")) if match else None


def check_text(body: bytes) -> None:
    """Raise NotText for empty bytes or binary data."""
    if not body or body.isspace():
        raise NotText("empty page")
    head = body[:_SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if b"\x00" in head or controls > len(head) // 50:
        raise NotText("binary data, not an HTML page")
    if b"<" not in head:
        raise NotText("no HTML markup")


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _agrees(body: bytes, encoding: str) -> bool:
    if encoding == "utf-8":
        return _is_utf8(body)
    if encoding == DEFAULT_ENCODING:
        if _CP1251_UNDEFINED in body:  # the one byte windows-1251 leaves undefined
            return False
    else:
        try:
            body.decode(encoding)
        except UnicodeDecodeError:
            return False
    # Valid UTF-8 with non-ASCII bytes declared as a single-byte charset is mis-declared UTF-8.
    return not (body.isascii() is False and _is_utf8(body) and encoding == DEFAULT_ENCODING)


def detect(body: bytes) -> str:
    """Guess the encoding of undeclared bytes: UTF-8 if valid, then a plain Cyrillic letter
    count, else charset-normalizer."""
    if body.isascii() or _is_utf8(body):
        return "utf-8"
    counted = _by_letter_case(body)
    if counted is not None:
        return counted
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536], cp_isolation=["cp1251", "koi8_u", "cp866", "latin_1"]).best()
    name = encoding_name(best.encoding) if best is not None else None
    return name or DEFAULT_ENCODING


def _by_letter_case(body: bytes) -> str | None:
    """windows-1251 or KOI8-U when the high bytes clearly read as one of them, else None.

    Running text is mostly small letters: windows-1251 puts а-я at 0xE0-0xFF, KOI8-U at
    0xC0-0xDF (its capitals are at 0xE0-0xFF). A clear majority either way settles it.
    """
    sample = body[:_SNIFF_LETTERS]
    upper_half = len(sample) - len(sample.translate(None, _BYTES_E0_FF))
    lower_half = len(sample) - len(sample.translate(None, _BYTES_C0_DF))
    if upper_half + lower_half < _MIN_LETTERS:
        return None
    if upper_half >= 4 * lower_half and _agrees(body, DEFAULT_ENCODING):
        return DEFAULT_ENCODING
    if lower_half >= 4 * upper_half and _agrees(body, "koi8-u"):
        return "koi8-u"
    return None


def choose_encoding(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(encoding, how it was chosen): 'http header', 'meta', or 'detected'."""
    declarations = (("http header", header_charset(content_type)), ("meta", meta_charset(body)))
    for how, declared in declarations:
        if declared and _agrees(body, declared):
            return declared, how
        if declared:
            logger.debug("declared %s (%s) does not fit the bytes", declared, how)
    return detect(body), "detected"


def decode(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The page as text and the encoding used. Raises NotText for empty or binary bytes."""
    check_text(body)
    encoding, _how = choose_encoding(body, content_type)
    return body.decode(encoding, errors="replace"), encoding
