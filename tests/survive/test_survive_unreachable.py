"""The site cannot be reached (no network, a name that does not resolve, a refused connection):
a crawl stops at once with exit status 3 and writes a few lines to stderr, which cron mails, not a
traceback; a name that does not resolve is not retried as if the server were busy."""

from __future__ import annotations

import socket
from types import SimpleNamespace

import pytest
from crawling import crawl
from scrapy import Request
from scrapy.exceptions import DownloadConnectionRefusedError
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from monitor_scraper.crawl import middlewares, report
from monitor_scraper.crawl.middlewares import ReachabilityMiddleware, SiteUnreachable


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def crawl_log(folder) -> str:
    return next((folder / "data" / "logs").glob("crawl-*.log")).read_text(encoding="utf-8")


@pytest.mark.parametrize("base_url", [
    f"http://127.0.0.1:{closed_port()}",  # connection refused
    "http://monitor-scraper-test.invalid",  # a name that never resolves (RFC 6761)
])
def test_an_unreachable_site_ends_the_crawl_in_a_few_lines(tmp_path, base_url):
    run = crawl(base_url, tmp_path / "monitor.db", mode="latest",
                settings={"MONITOR_RETRY_BACKOFF": "0.05"})
    lines = run.stderr.strip().splitlines()
    assert run.returncode == report.EXIT_UNREACHABLE
    assert len(lines) <= 4, run.stderr
    assert "Traceback" not in run.stderr
    assert lines[-1].startswith("Error: the site could not be reached: ")
    assert "Stopping: the site cannot be reached" in crawl_log(tmp_path)


def test_a_name_that_does_not_resolve_is_asked_once(tmp_path):
    run = crawl("http://monitor-scraper-test.invalid", tmp_path / "monitor.db", mode="latest",
                settings={"MONITOR_RETRY_BACKOFF": "0.05"})
    assert run.returncode == report.EXIT_UNREACHABLE
    log = crawl_log(tmp_path)
    assert "'downloader/request_count': 1," in log  # robots.txt, not retried
    assert "Gave up retrying" not in log


def test_a_connection_refused_is_retried_before_giving_up(tmp_path):
    run = crawl(f"http://127.0.0.1:{closed_port()}", tmp_path / "monitor.db", mode="latest",
                settings={"MONITOR_RETRY_BACKOFF": "0.05", "RETRY_TIMES": "2"})
    assert run.returncode == report.EXIT_UNREACHABLE
    assert "'downloader/request_count': 3," in crawl_log(tmp_path)


def test_failures_to_connect_in_a_row_stop_the_crawl_and_every_later_request(monkeypatch):
    closed = []
    monkeypatch.setattr(middlewares, "close_soon", lambda _crawler, why: closed.append(why))
    crawler = get_crawler(settings_dict={"MONITOR_UNREACHABLE_AFTER": 3})
    crawler.stats = MemoryStatsCollector(crawler)
    middleware = ReachabilityMiddleware(crawler)
    page = Request("https://monitor.cn.ua/ua/politics/1")
    refused = DownloadConnectionRefusedError("Connection refused")
    middleware.process_exception(page, refused)
    middleware.process_response(page, SimpleNamespace())  # an answer: the count starts again
    middleware.process_exception(page, refused)
    middleware.process_exception(page, refused)
    assert middleware.process_request(page) is None and closed == []
    middleware.process_exception(page, refused)
    with pytest.raises(SiteUnreachable):
        middleware.process_request(page)
    assert "Connection refused" in crawler.stats.get_value(report.UNREACHABLE_KEY)
    assert closed == ["site_unreachable"]
