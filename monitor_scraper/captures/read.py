"""Reading raw captures back: every response record of a WARC file, or the one at an offset.

A damaged record is reported (`Damage`) and reading goes on with the next record that can be
found, then the next file: `reparse` and `verify` read captures here, and Datasette's image page
reads one record.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.timeutils import iso_date_to_datetime

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/"


@dataclass
class Damage:
    """A record that could not be read: where it starts and why."""

    file: str
    offset: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file} at byte {self.offset}: {self.reason}"


@dataclass
class Capture:
    """One complete response record."""

    file: str  # the file's name, as the crawl recorded it
    offset: int
    url: str  # WARC-Target-URI: where the request went
    status: int
    content_type: str | None
    body: bytes  # content-decoded (gzip, chunked) as a browser would see it
    fetched_at: datetime



def read_captures(path: Path) -> Iterator[Capture | Damage]:
    """Every complete response record of one file, in order, and a Damage for each broken stretch.

    After a damaged record, reading resumes at the next record boundary found in the file (the
    next gzip member, or the next `WARC/` line of an uncompressed file).
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, the generator may pause
    except OSError as error:
        yield Damage(path.name, 0, f"cannot open: {error.strerror or error}")
        return
    with handle:
        size = os.fstat(handle.fileno()).st_size
        magic = GZIP_MAGIC if handle.read(2) == GZIP_MAGIC[:2] else WARC_MAGIC
        start: int | None = 0
        while start is not None and start < size:
            start = yield from _read_from(handle, path.name, start, magic)


def capture_at(path: Path, offset: int) -> Capture | None:
    """The response record at `offset` of one file (where a crawl noted it); None when the
    record there is not a response. OSError when the file cannot be read, ValueError (or
    whatever a damaged record makes warcio raise) when the record is broken."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        for record in ArchiveIterator(handle, check_digests="raise"):
            capture = _capture(record, path.name)
            if capture is not None:
                capture.offset = offset
            return capture
    return None


def _read_from(handle: IO[bytes], name: str, start: int,
               magic: bytes) -> Generator[Capture | Damage, None, int | None]:
    """Read records from `start` on; on damage, report it and return where to resume (or None)."""
    handle.seek(start)
    position = start
    iterator = ArchiveIterator(handle, check_digests="raise")
    try:
        for record in iterator:
            capture = _capture(record, name)
            position, length = iterator.get_record_offset(), iterator.get_record_length()
            if capture is not None:
                capture.offset = position
                yield capture
            position += length
    except Exception as error:
        # Whatever a damaged file makes warcio, zlib or a header parser raise. Only reading is
        # inside this try: what the caller does with a capture never raises in here.
        yield Damage(name, position, _reason(error))
        return _next_boundary(handle, position + 1, magic)
    return None


def _capture(record: Any, name: str) -> Capture | None:
    if record.format != "warc":  # warcio reads stray text lines as ARC headers
        raise ValueError(f"not a WARC record ({record.format})")
    if record.rec_type != "response" or record.http_headers is None:
        return None
    body = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise EOFError(f"record cut short: {record.raw_stream.limit} bytes missing")
    headers = record.http_headers
    return Capture(
        file=name,
        offset=0,
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        status=int(headers.get_statuscode() or 0),
        content_type=headers.get_header("Content-Type"),
        body=body,
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
    )


def _warc_date(value: str | None) -> datetime:
    if not value:
        raise ValueError("response record without WARC-Date")
    return iso_date_to_datetime(value).replace(tzinfo=UTC)


def _next_boundary(handle: IO[bytes], start: int, magic: bytes) -> int | None:
    """Offset of the next `magic` at or after `start`, or None at the end of the file."""
    handle.seek(start)
    carry = b""
    offset = start
    while chunk := handle.read(1 << 20):
        data = carry + chunk
        found = data.find(magic)
        if found >= 0:
            return offset - len(carry) + found
        carry = data[-(len(magic) - 1):]
        offset += len(chunk)
    return None


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:300] if text else type(error).__name__
