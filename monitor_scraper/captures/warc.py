"""Raw capture of every HTTP exchange of a crawl in WARC files (ISO 28500), for replay and reparse.

`WarcCaptureMiddleware` sits next to the downloader (order ~950), so it sees each answer as it came
off the wire: before decompression, redirects and retries act on it. Each exchange becomes a
`response` and a `request` record, one gzip member each, flushed at once, so a crawl killed
mid-way leaves every finished record readable. Files are
`monitor-<UTC start stamp>-<seq>.warc.gz` in MONITOR_WARC_DIR, rolled over at MONITOR_WARC_MAX_MB,
each opening with a `warcinfo` record.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from http import HTTPStatus
from importlib.metadata import version
from io import BytesIO
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from monitor_scraper import __version__
from monitor_scraper import settings as project

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

SOFTWARE = (
    f"monitor-scraper/{__version__} (Scrapy/{scrapy.__version__}, warcio/{version('warcio')})"
)
# Scrapy hands over de-chunked bodies: a recorded chunked header would make replay tools
# try to de-chunk them again.
DROPPED_RESPONSE_HEADERS = frozenset({b"transfer-encoding"})


def status_line(status: int) -> str:
    """`200 OK`: Scrapy keeps the status code only, so the reason phrase is the standard one."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def response_headers(response: Response) -> list[tuple[str, str]]:
    headers = []
    for name, values in response.headers.items():
        if name.lower() in DROPPED_RESPONSE_HEADERS:
            continue
        for value in values:
            headers.append((name.decode("latin-1"), value.decode("latin-1")))
    return headers


def request_headers(request: Request) -> list[tuple[str, str]]:
    headers = [("Host", urlsplit(request.url).netloc)]
    for name, values in request.headers.items():
        for value in values:
            headers.append((name.decode("latin-1"), value.decode("latin-1")))
    return headers


def request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def warc_date(moment: datetime) -> str:
    return datetime_to_iso_date(moment.astimezone(UTC).replace(tzinfo=None))


class WarcFileSet:
    """The numbered files of one crawl: opens the next file once the current one is full."""

    def __init__(self, directory: Path, max_bytes: int, started: datetime,
                 info: dict[str, Any]) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self.prefix = f"monitor-{started.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        self.info = info
        self.names: list[str] = []
        self._file: IO[bytes] | None = None
        self._writer: WARCWriter | None = None

    def writer(self) -> tuple[WARCWriter, IO[bytes], bool]:
        """The writer for the next record, opening a fresh file when none is open or it is full.

        The flag says whether a new file was opened.
        """
        if self._file is not None and self._file.tell() >= self.max_bytes:
            self.close()
        opened = self._file is None or self._writer is None
        if opened:
            self._open_next()
        assert self._file is not None and self._writer is not None
        return self._writer, self._file, opened

    def _open_next(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        sequence = len(self.names)
        while True:
            name = f"{self.prefix}-{sequence:05d}.warc.gz"
            # "xb": two crawls started in the same second (a crawl killed at once and run
            # again) must never share a file; the later one takes the next free number.
            try:
                self._file = open(self.directory / name, "xb")  # noqa: SIM115 - see close()
                break
            except FileExistsError:
                sequence += 1
        self._writer = WARCWriter(self._file, gzip=True)
        self.names.append(name)
        self._writer.write_record(self._writer.create_warcinfo_record(name, self.info))
        self._file.flush()
        logger.info("Writing raw captures to %s", self.directory / name)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file = None
        self._writer = None


class WarcCaptureMiddleware:
    """Writes every request and raw response to WARC; tells the spider where each response lies.

    After a response is written, `request.meta["warc_file"]` (name inside MONITOR_WARC_DIR),
    `["warc_offset"]` (byte offset of its response record) and `["warc_date"]` (its WARC-Date, a
    datetime in UTC, whole seconds) are set.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.directory = Path(settings.get("MONITOR_WARC_DIR") or project.MONITOR_WARC_DIR)
        max_mb = settings.getfloat("MONITOR_WARC_MAX_MB", project.MONITOR_WARC_MAX_MB)
        self.max_bytes = max(1, int(max_mb * 1024 * 1024))
        self.started = datetime.now(UTC).replace(microsecond=0)
        self.files: WarcFileSet | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        if not crawler.settings.getbool("MONITOR_WARC_ENABLED", True):
            raise NotConfigured("raw capture is off (MONITOR_WARC_ENABLED)")
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        # A retry or a redirect carries the meta of the attempt before: its capture is not this.
        for key in ("warc_file", "warc_offset", "warc_date"):
            request.meta.pop(key, None)
        request.meta["warc_request_date"] = datetime.now(UTC).replace(microsecond=0)

    def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags:
            return response  # not received now: HTTPCACHE answered it
        try:
            self._write_exchange(request, response)
        except OSError as error:
            logger.error("Could not write the raw capture of %s: %s", response.url, error)
            self._stat_inc("monitor/warc_write_errors")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest) or "warc_request_date" not in request.meta:
            return None
        try:
            self._write_failure(request, exception)
        except OSError as error:
            logger.error("Could not record the failed fetch of %s: %s", request.url, error)
        return None

    def spider_closed(self) -> None:
        if self.files is not None:
            self.files.close()

    # --- records --------------------------------------------------------------------------------

    def _write_exchange(self, request: Request, response: Response) -> None:
        writer, out, name = self._writer()
        received = datetime.now(UTC).replace(microsecond=0)
        response_record = writer.create_warc_record(
            response.url, "response",
            payload=BytesIO(response.body), length=len(response.body),
            http_headers=StatusAndHeaders(status_line(response.status),
                                          response_headers(response),
                                          protocol=response.protocol or "HTTP/1.1"),
            warc_headers_dict=self._response_warc_headers(response, received),
        )
        sent = request.meta.get("warc_request_date", received)
        request_record = writer.create_warc_record(
            request.url, "request",
            payload=BytesIO(request.body), length=len(request.body),
            http_headers=StatusAndHeaders(
                f"{request.method} {request_target(request.url)} HTTP/1.1",
                request_headers(request), is_http_request=True,
            ),
            warc_headers_dict={"WARC-Date": warc_date(sent)},
        )
        response_id = response_record.rec_headers.get_header("WARC-Record-ID")
        request_record.rec_headers.add_header("WARC-Concurrent-To", response_id)
        offset = out.tell()
        # Not write_request_response_pair: it would give the request the response's date.
        writer.write_record(response_record)
        writer.write_record(request_record)
        out.flush()
        request.meta["warc_file"] = name
        request.meta["warc_offset"] = offset
        request.meta["warc_date"] = received
        self._stat_inc("monitor/warc_records", 2)

    def _response_warc_headers(self, response: Response, received: datetime) -> dict[str, str]:
        headers = {"WARC-Date": warc_date(received)}
        if response.ip_address is not None:
            headers["WARC-IP-Address"] = str(response.ip_address)
        return headers

    def _write_failure(self, request: Request, exception: Exception) -> None:
        writer, out, _ = self._writer()
        reason = f"{type(exception).__name__}: {exception}".strip().rstrip(":")
        fields = f"fetch-error: {reason[:500]}\r\n".encode()
        record = writer.create_warc_record(
            request.url, "metadata", payload=BytesIO(fields), length=len(fields),
            warc_headers_dict={"WARC-Date": warc_date(datetime.now(UTC))},
        )
        writer.write_record(record)
        out.flush()
        self._stat_inc("monitor/warc_records")

    # --- files and stats ------------------------------------------------------------------------

    def _writer(self) -> tuple[WARCWriter, IO[bytes], str]:
        if self.files is None:
            self.files = WarcFileSet(self.directory, self.max_bytes, self.started, self._info())
        writer, out, opened = self.files.writer()
        if opened:
            self._record_files()
        return writer, out, self.files.names[-1]

    def _info(self) -> dict[str, Any]:
        settings = self.crawler.settings
        spider = self.crawler.spider
        stats = self.crawler.stats
        crawl_id = stats.get_value("monitor/crawl_id") if stats is not None else None
        return {
            "software": SOFTWARE,
            "format": "WARC File Format 1.0",
            "conformsTo": "http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf",
            "isPartOf": f"monitor-{self.started:%Y%m%dT%H%M%SZ}",
            "description": "Raw HTTP exchanges of a crawl of monitor.cn.ua",
            "crawl-id": crawl_id,
            "crawl-started": self.started.isoformat(),
            "spider": getattr(spider, "name", None),
            "mode": getattr(spider, "mode", None),
            "base-url": settings.get("MONITOR_BASE_URL"),
            "http-header-user-agent": settings.get("USER_AGENT"),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        }

    def _record_files(self) -> None:
        stats = self.crawler.stats
        if stats is None or self.files is None:
            return
        stats.set_value("monitor/warc_dir", str(self.directory.resolve()))
        stats.set_value("monitor/warc_files", list(self.files.names))

    def _stat_inc(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)
