"""Re-extraction from raw captures: WARC files in, archive rows out, without the network.

`reparse` reads the response records of WARC files in order and does with each what a crawl does
with the same answer: a feed's entries are kept (and their offsets settle the doubled October hour
of the article pages that follow); an article page is extracted and stored; a 404/410 of an article
marks it withdrawn; an image (`crawl --images`) is noted where it lies. A damaged record is
reported and skipped, and reading goes on with the next record that can be found, then the next
file.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.timeutils import iso_date_to_datetime

from monitor_scraper import urls
from monitor_scraper.archive import Archive
from monitor_scraper.extract import NotAnArticle, extract_article
from monitor_scraper.extract.feed import NotAFeed, confirm_with_feed, parse_feed
from monitor_scraper.extract.images import NotAnImage, read_image
from monitor_scraper.items import FeedEntry, FetchFailure

logger = logging.getLogger(__name__)

# Reparse stores in batches of this many calls (`Archive(commit_every=...)`): its input can be
# replayed, so a batch lost to a kill is only work to do again.
COMMIT_EVERY = 500

WITHDRAWN_STATUSES = frozenset({404, 410})
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


@dataclass
class ReparseReport:
    crawl_id: int = 0
    files: int = 0
    responses: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    feed_entries: int = 0
    images: int = 0
    failures: int = 0
    skipped: int = 0
    errors: int = 0
    damaged: list[Damage] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """False when nothing at all could be read: every record that was tried was damaged."""
        return self.responses > 0 or not self.damaged

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "responses": self.responses,
            "new": self.outcomes["new"],
            "changed": self.outcomes["changed"],
            "unchanged": self.outcomes["unchanged"],
            "withdrawn": self.outcomes["withdrawn"],
            "failed": self.failures,
            "feed_entries": self.feed_entries,
            "images": self.images,
            "skipped": self.skipped,
            "errors": self.errors,
            "damaged": len(self.damaged),
        }

    def summary_line(self) -> str:
        return " ".join(f"{key}={value}" for key, value in self.summary().items())


def reparse(
    paths: Iterable[str | Path],
    archive: Archive,
    *,
    on_damage: Callable[[Damage], None] | None = None,
) -> ReparseReport:
    """Re-extract every capture in `paths`, in order, into `archive` as one crawl "reparse"."""
    files = [Path(path) for path in paths]
    names = [path.name for path in files]
    report = ReparseReport(crawl_id=archive.begin_crawl("reparse", {"warc_files": names}))
    hints: dict[str, FeedEntry] = {}
    for path in files:
        report.files += 1
        for item in read_captures(path):
            if isinstance(item, Damage):
                _damaged(report, item, on_damage)
                continue
            report.responses += 1
            _handle(item, archive, report, hints)
    summary = {**report.summary(), "warc_files": names}
    archive.end_crawl(report.crawl_id, exit_status=0 if report.readable else 1, summary=summary)
    return report


def _damaged(report: ReparseReport, damage: Damage, on_damage: Callable[[Damage], None] | None,
             ) -> None:
    report.damaged.append(damage)
    logger.warning("Damaged record skipped: %s", damage)
    if on_damage is not None:
        on_damage(damage)


# --- what one capture means -----------------------------------------------------------------------

def _handle(capture: Capture, archive: Archive, report: ReparseReport,
            hints: dict[str, FeedEntry]) -> None:
    article_url = urls.canonical_article_url(capture.url)
    if article_url is not None:
        _handle_article(capture, article_url, archive, report, hints)
    elif urls.is_feed_path(capture.url) and capture.status == 200:
        _handle_feed(capture, archive, report, hints)
    elif capture.status == 200 and _handle_image(capture, archive, report):
        pass
    else:
        report.skipped += 1  # robots.txt, listings, redirects, retried errors


def _handle_image(capture: Capture, archive: Archive, report: ReparseReport) -> bool:
    """Note an image's capture, as the crawl that fetched it did; False when it is none."""
    # Fetched from MONITOR_BASE_URL, whatever host that was: the site's address.
    address = urls.image_key(urls.canonical(capture.url))
    try:
        image = read_image(capture.body, address, capture.content_type, capture.fetched_at)
    except NotAnImage:
        return False
    image.warc_file, image.warc_offset = capture.file, capture.offset
    if archive.store_image(image, crawl_id=report.crawl_id):
        report.images += 1
    return True


def _handle_feed(capture: Capture, archive: Archive, report: ReparseReport,
                 hints: dict[str, FeedEntry]) -> None:
    try:
        entries = parse_feed(capture.body, urls.canonical(capture.url))
    except NotAFeed as error:
        _fail(archive, report, FetchFailure(urls.canonical(capture.url), capture.status,
                                            error.reason, "feed"))
        return
    for entry in entries:
        archive.store_feed_entry(entry, crawl_id=report.crawl_id)
        hints[entry.url] = entry
        report.feed_entries += 1


def _handle_article(capture: Capture, article_url: str, archive: Archive, report: ReparseReport,
                    hints: dict[str, FeedEntry]) -> None:
    if capture.status in WITHDRAWN_STATUSES:
        failure = FetchFailure(article_url, capture.status, f"HTTP {capture.status}", "article")
        _fail(archive, report, failure)
        return
    if capture.status != 200:
        report.skipped += 1
        return
    try:
        article = extract_article(capture.body, capture.url, capture.content_type,
                                  fetched_at=capture.fetched_at)
    except NotAnArticle as error:
        _fail(archive, report, FetchFailure(article_url, capture.status, error.reason, "article"))
        return
    except Exception:
        # As in a crawl, where a failing callback loses its page and the crawl goes on.
        logger.exception("Extraction failed on %s (%s at %d)", capture.url, capture.file,
                         capture.offset)
        report.errors += 1
        return
    entry = hints.get(article.url)
    if entry is not None:
        confirm_with_feed(article, entry)
    outcome = archive.store_article(article, crawl_id=report.crawl_id, warc_file=capture.file,
                                    warc_offset=capture.offset)
    report.outcomes[outcome] += 1


def _fail(archive: Archive, report: ReparseReport, failure: FetchFailure) -> None:
    outcome = archive.store_failure(failure, crawl_id=report.crawl_id)
    report.failures += 1
    if outcome:
        report.outcomes[outcome] += 1


# --- reading WARC files ---------------------------------------------------------------------------

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
