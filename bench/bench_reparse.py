"""Reparse speed: article pages per second re-extracted from WARC files into a fresh archive.

The captures are the stand-in site's pages (windows-1251, with latest-news and announcement
blocks), written by the capture middleware itself, half of them gzip-encoded as a server
might send them. One core: read WARC, decode, extract, store with the search index, in
batches as `monitor-scraper reparse` stores.
Target: >= 300 pages/s. `BENCH_REPARSE_PAGES` (default 2,000) sets the number of article pages.
"""

from __future__ import annotations

import gzip
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from monitor_scraper.archive import Archive
from monitor_scraper.captures.reparse import COMMIT_EVERY, reparse
from monitor_scraper.captures.warc import WarcCaptureMiddleware
from monitor_scraper.standin import build_site
from monitor_scraper.standin.routes import respond

PAGES = int(os.environ.get("BENCH_REPARSE_PAGES", "2000"))
TARGET = 300.0
BASE = "http://127.0.0.1:8000"


def write_captures(warc_dir: Path, pages: int) -> int:
    """Capture `pages` stand-in article pages (plus the main feed); returns the bytes written."""
    site = build_site(max(pages, 60), hostile=False)
    crawler = get_crawler(settings_dict={"MONITOR_WARC_DIR": str(warc_dir)})
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    urls = site.feed_urls()[:1] + site.live_article_urls()[:pages]
    for number, url in enumerate(urls):
        path = urlsplit(url).path
        answer = respond(site, path)
        headers = {"Content-Type": answer.content_type}
        body = answer.body
        if number % 2:
            body = gzip.compress(body, compresslevel=6)
            headers["Content-Encoding"] = "gzip"
        request = Request(BASE + path)
        middleware.process_request(request)
        response = Response(request.url, status=answer.status, headers=headers, body=body,
                            request=request)
        middleware.process_response(request, response)
    middleware.spider_closed()
    return sum(path.stat().st_size for path in warc_dir.glob("*.warc.gz"))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        warc_dir = Path(folder) / "warc"
        started = time.perf_counter()
        size = write_captures(warc_dir, PAGES)
        written = time.perf_counter() - started
        print(f"capture: {PAGES} pages, {size / 1e6:.1f} MB WARC in {written:.1f} s "
              f"({PAGES / written:.0f} pages/s through the middleware)")
        with Archive(Path(folder) / "rebuilt.db", commit_every=COMMIT_EVERY) as archive:
            started = time.perf_counter()
            report = reparse(sorted(warc_dir.glob("*.warc.gz")), archive)
            elapsed = time.perf_counter() - started
        stored = sum(report.outcomes.values())
        rate = report.responses / elapsed
        verdict = "ok" if rate >= TARGET else f"BELOW the {TARGET:.0f} pages/s target"
        print(f"reparse: {report.responses} responses, {stored} articles stored in {elapsed:.1f} s"
              f" = {rate:.0f} pages/s ({verdict})")
        print(f"         {report.summary_line()}")


if __name__ == "__main__":
    main()
