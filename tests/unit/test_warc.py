"""Raw capture: the WARC middleware writes readable request/response records, rolls files over,
and tells the spider where each response lies."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from warcio.archiveiterator import ArchiveIterator

from monitor_scraper.captures.warc import WarcCaptureMiddleware

WARCIO = Path(sys.executable).parent / "warcio"
PAGE = "<html><body><h1>Заголовок</h1></body></html>".encode("cp1251")


def make_middleware(warc_dir: Path, **settings: object) -> WarcCaptureMiddleware:
    crawler = get_crawler(settings_dict={"MONITOR_WARC_DIR": str(warc_dir), **settings})
    return WarcCaptureMiddleware.from_crawler(crawler)


def exchange(middleware: WarcCaptureMiddleware, url: str, status: int = 200,
             body: bytes = PAGE, headers: dict[str, str] | None = None) -> Request:
    request = Request(url, headers={"Accept-Encoding": "gzip"})
    middleware.process_request(request)
    headers = headers or {"Content-Type": "text/html; charset=windows-1251"}
    response = HtmlResponse(url, status=status, headers=headers, body=body, request=request,
                            protocol="HTTP/1.1")
    assert middleware.process_response(request, response) is response
    return request


def records(path: Path) -> list[tuple[str, object]]:
    """(type, record headers, http headers, raw payload) of every record, digests checked."""
    found = []
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle, check_digests="raise"):
            payload = record.raw_stream.read()
            found.append((record.rec_type, record.rec_headers, record.http_headers, payload))
    return found


def test_writes_warcinfo_then_response_and_request(tmp_path):
    middleware = make_middleware(tmp_path)
    body = gzip.compress(PAGE)
    exchange(middleware, "http://127.0.0.1:8000/ua/politics/101", body=body, headers={
        "Content-Type": "text/html; charset=windows-1251",
        "Content-Encoding": "gzip",
        "Transfer-Encoding": "chunked",
    })
    middleware.spider_closed()
    [path] = list(tmp_path.glob("*.warc.gz"))
    found = records(path)
    assert [kind for kind, *_ in found] == ["warcinfo", "response", "request"]
    warcinfo, response, request = found
    assert b"software: monitor-scraper/" in warcinfo[3]
    assert response[2].statusline == "200 OK"
    assert response[2].get_header("Content-Encoding") == "gzip"
    assert response[2].get_header("Transfer-Encoding") is None
    assert response[3] == body  # the bytes as received, still compressed
    assert response[1].get_header("WARC-Date").endswith("Z")
    assert request[2].protocol == "GET"
    assert request[2].statusline == "/ua/politics/101 HTTP/1.1"
    assert request[2].get_header("Host") == "127.0.0.1:8000"
    assert request[1].get_header("WARC-Concurrent-To") == response[1].get_header("WARC-Record-ID")


def test_warcio_check_accepts_the_files(tmp_path):
    middleware = make_middleware(tmp_path)
    for number in range(3):
        exchange(middleware, f"http://127.0.0.1:8000/ua/culture/{number}")
    middleware.spider_closed()
    for path in tmp_path.glob("*.warc.gz"):
        result = subprocess.run([str(WARCIO), "check", str(path)], capture_output=True,
                                text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def test_meta_offset_points_at_the_response_record(tmp_path):
    middleware = make_middleware(tmp_path)
    requests = [exchange(middleware, f"http://127.0.0.1:8000/ua/style/{n}") for n in range(5)]
    middleware.spider_closed()
    for request in requests:
        path = tmp_path / request.meta["warc_file"]
        with path.open("rb") as handle:
            handle.seek(request.meta["warc_offset"])
            record = next(iter(ArchiveIterator(handle)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == request.url
            assert record.content_stream().read() == PAGE
        assert request.meta["warc_date"].tzinfo is not None


def test_error_answers_and_redirects_are_captured(tmp_path):
    middleware = make_middleware(tmp_path)
    exchange(middleware, "http://127.0.0.1:8000/robots.txt", status=404, body=b"")
    exchange(middleware, "http://127.0.0.1:8000/ua/politics/7", status=500, body=b"oops")
    exchange(middleware, "http://127.0.0.1:8000/ua/politics/8", status=301, body=b"",
             headers={"Location": "/ua/politics/9"})
    middleware.spider_closed()
    [path] = list(tmp_path.glob("*.warc.gz"))
    statuses = [http.statusline for kind, _, http, _ in records(path) if kind == "response"]
    assert statuses == ["404 Not Found", "500 Internal Server Error", "301 Moved Permanently"]


def test_rolls_over_at_max_size(tmp_path):
    middleware = make_middleware(tmp_path, MONITOR_WARC_MAX_MB=0.002)  # about 2 KB
    noise = bytes(range(256)) * 16  # 4 KB that gzip cannot shrink much
    for number in range(6):
        exchange(middleware, f"http://127.0.0.1:8000/ua/anons/{number}", body=noise)
    middleware.spider_closed()
    paths = sorted(tmp_path.glob("*.warc.gz"))
    assert len(paths) >= 3
    assert paths[0].name.endswith("-00000.warc.gz")
    assert paths[1].name.endswith("-00001.warc.gz")
    for path in paths:
        assert records(path)[0][0] == "warcinfo"
    stats = middleware.crawler.stats
    assert stats.get_value("monitor/warc_files") == [path.name for path in paths]
    assert stats.get_value("monitor/warc_dir") == str(tmp_path.resolve())
    responses = sum(kind == "response" for path in paths for kind, *_ in records(path))
    assert responses == 6


def test_records_are_on_disk_before_the_crawl_ends(tmp_path):
    """What a kill -9 leaves: the file is never closed, yet every record is readable."""
    middleware = make_middleware(tmp_path)
    for number in range(4):
        exchange(middleware, f"http://127.0.0.1:8000/ua/politics/{number}")
    [path] = list(tmp_path.glob("*.warc.gz"))
    assert sum(kind == "response" for kind, *_ in records(path)) == 4
    middleware.spider_closed()


def test_failed_fetch_becomes_a_metadata_record(tmp_path):
    middleware = make_middleware(tmp_path)
    request = Request("http://127.0.0.1:8000/ua/politics/5")
    middleware.process_request(request)
    assert middleware.process_exception(request, TwistedTimeoutError("took too long")) is None
    refused = Request("http://127.0.0.1:8000/ua/politics/6")
    middleware.process_exception(refused, IgnoreRequest("Forbidden by robots.txt"))
    middleware.spider_closed()
    [path] = list(tmp_path.glob("*.warc.gz"))
    found = records(path)
    assert [kind for kind, *_ in found] == ["warcinfo", "metadata"]
    assert b"fetch-error: TimeoutError" in found[1][3]


def test_cached_answers_are_not_recorded_again(tmp_path):
    middleware = make_middleware(tmp_path)
    request = Request("http://127.0.0.1:8000/ua/politics/5")
    response = Response(request.url, body=b"x", flags=["cached"], request=request)
    middleware.process_response(request, response)
    assert "warc_file" not in request.meta
    assert not list(tmp_path.glob("*.warc.gz"))


def test_a_retry_does_not_carry_the_capture_of_the_attempt_before(tmp_path):
    middleware = make_middleware(tmp_path)
    first = exchange(middleware, "http://127.0.0.1:8000/images/1.jpg", status=503)
    assert first.meta["warc_file"]
    retry = first.replace(dont_filter=True)  # as RetryMiddleware makes it: the meta copied
    middleware.process_request(retry)
    assert not {"warc_file", "warc_offset", "warc_date"} & set(retry.meta)
    cached = Response(retry.url, body=b"x", flags=["cached"], request=retry)
    middleware.process_response(retry, cached)  # an answer not written: no location to trust
    assert "warc_file" not in retry.meta


def test_capture_can_be_switched_off(tmp_path):
    crawler = get_crawler(settings_dict={"MONITOR_WARC_ENABLED": False,
                                         "MONITOR_WARC_DIR": str(tmp_path)})
    with pytest.raises(NotConfigured):
        WarcCaptureMiddleware.from_crawler(crawler)
