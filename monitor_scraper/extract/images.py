"""An image fetched for an article's body: is it one, and of which type.

The bytes decide, not only the header: a server that answers an image address with an HTML error
page, even one labelled `image/jpeg`, has not given an image. Pure: bytes in, record out.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from monitor_scraper.items import CapturedImage

logger = logging.getLogger(__name__)

# The raster formats a browser shows, by the bytes they open with.
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
# Formats whose signature is more than its first bytes: RIFF....WEBP, ....ftypavif, BM.
_WEBP = (b"RIFF", b"WEBP")
_AVIF_BRANDS = (b"avif", b"avis")
# The types `sniff` tells from the bytes, under every name servers give them.
_SNIFFED_TYPES = frozenset({"image/jpeg", "image/jpg", "image/pjpeg", "image/png", "image/gif",
                            "image/webp", "image/avif", "image/bmp", "image/x-ms-bmp"})
_TEXT_SNIFF_BYTES = 1024
_TEXT_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c")
# What the archive serves back to a reader: raster images only (an SVG can carry script).
SERVED_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif",
                          "image/bmp"})


class NotAnImage(Exception):
    """The answer to an image address is not an image; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def sniff(body: bytes) -> str | None:
    """The image type the bytes are in, when they open like a known raster format."""
    for signature, content_type in _SIGNATURES:
        if body.startswith(signature):
            return content_type
    if body[:4] == _WEBP[0] and body[8:12] == _WEBP[1]:
        return "image/webp"
    if body[4:8] == b"ftyp" and body[8:12] in _AVIF_BRANDS:
        return "image/avif"
    if body[:2] == b"BM" and body[6:10] == b"\0\0\0\0":  # "BM", its size, 4 reserved zeros
        return "image/bmp"
    return None


def digest(body: bytes) -> str:
    """The digest the archive notes of an image's bytes and checks them against (hex SHA-1)."""
    return hashlib.sha1(body).hexdigest()  # noqa: S324 - a content digest, not security


def media_type(content_type: str | None) -> str:
    """`image/jpeg` from `image/JPEG; charset=binary`; empty when there is none."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def read_image(body: bytes, url: str, content_type: str | None,
               fetched_at: datetime | None = None) -> CapturedImage:
    """The record of an image answer; NotAnImage with a reason when it is not one."""
    declared = media_type(content_type)
    if not body:
        raise NotAnImage("empty answer")
    found = sniff(body) or _declared_type(body, declared)
    return CapturedImage(
        url=url,
        content_type=found,
        length=len(body),
        sha1=digest(body),
        fetched_at=fetched_at,
    )


def _declared_type(body: bytes, declared: str) -> str:
    """The declared type of bytes `sniff` does not know, when they may be that; else NotAnImage.
    A type `sniff` knows is not taken on trust: its bytes would have shown it."""
    if not declared.startswith("image/"):
        raise NotAnImage(f"not an image: {declared or 'no Content-Type'}")
    text = _text_of(body)
    if declared == "image/svg+xml":
        if text is None or "<svg" not in text.lower():
            raise NotAnImage("not an SVG: no <svg> in it")
        return declared
    if text is not None:
        raise NotAnImage(f"{'markup' if text.lstrip().startswith('<') else 'text'} "
                         f"labelled {declared}")
    if declared in _SNIFFED_TYPES:
        raise NotAnImage(f"not {declared}: its bytes are not one")
    return declared


def _text_of(body: bytes) -> str | None:
    """The opening of `body` as text when it reads as text (UTF-8 or UTF-16 with a byte-order
    mark, or any bytes without control characters, read as UTF-8 loosely); None for binary."""
    head = body[:_TEXT_SNIFF_BYTES]
    for bom, codec in _TEXT_BOMS:
        if head.startswith(bom):
            return head.decode(codec, errors="replace")
    if any(byte < 0x20 and byte not in _TEXT_CONTROLS for byte in head):
        return None
    return head.decode("utf-8", errors="replace")
