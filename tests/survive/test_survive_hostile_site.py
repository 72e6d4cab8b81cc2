"""The site misbehaves: every hostile corner of the stand-in is recorded in `fetch_errors` (url,
status, reason) and the crawl goes on to archive every normal article with exit status 0.

One backfill of a small hostile stand-in, with a 1 s download timeout and one retry; the
assertions read the archive and what the stand-in was asked (`server.requests`).
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest
from survive_support import FAST, crawl_command, integrity, rows, run

from monitor_scraper.standin import build_site, serve
from monitor_scraper.standin.hostile import MALFORMED_HREFS

ORIGIN = "https://monitor.cn.ua"
ATTEMPTS = int(FAST["RETRY_TIMES"]) + 1


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile_site")
    site = build_site(60, slow_delay=0.2, hang_seconds=10.0)
    with serve(site) as server:
        result = run(crawl_command(server.base_url, folder / "monitor.db"), folder)
        requested = Counter(path for _method, path, _agent in server.requests)
    errors: dict[str, list[tuple]] = {}
    for url, status, reason, kind in rows(folder / "monitor.db",
                                          "SELECT url, status, reason, kind FROM fetch_errors"):
        errors.setdefault(url, []).append((status, reason, kind))
    return {"site": site, "db": folder / "monitor.db", "result": result, "errors": errors,
            "requested": requested}


def error_of(crawled, name: str) -> tuple:
    """The (status, reason, kind) recorded for hostile endpoint `name` (the last, if retried)."""
    url = ORIGIN + crawled["site"].hostile_paths[name]
    assert url in crawled["errors"], f"{name}: nothing recorded for {url}"
    return crawled["errors"][url][-1]


def times_asked(crawled, name: str) -> int:
    return crawled["requested"][crawled["site"].hostile_paths[name]]


def test_the_crawl_goes_on_and_archives_every_normal_article(crawled):
    result, site = crawled["result"], crawled["site"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout)["exit_status"] == 0
    stored = [url for (url,) in rows(crawled["db"], "SELECT url FROM articles")]
    assert sorted(stored) == sorted(site.live_article_urls())
    assert integrity(crawled["db"]) == "ok"


def test_a_hanging_answer_times_out(crawled):
    status, reason, _ = error_of(crawled, "hang")
    assert status is None
    assert "TimeoutError" in reason and f"{FAST['DOWNLOAD_TIMEOUT']}.0 seconds" in reason
    assert times_asked(crawled, "hang") == ATTEMPTS


def test_a_connection_reset(crawled):
    status, reason, _ = error_of(crawled, "reset")
    assert status is None and "Connection" in reason
    assert times_asked(crawled, "reset") >= ATTEMPTS


def test_a_redirect_loop(crawled):
    site = crawled["site"]
    loop = [ORIGIN + site.hostile_paths[name] for name in ("redirect_loop", "redirect_loop_back")]
    reasons = [reason for url in loop for _status, reason, _kind in crawled["errors"].get(url, [])]
    assert any("redirect loop" in reason for reason in reasons), reasons
    assert times_asked(crawled, "redirect_loop") == 1
    assert times_asked(crawled, "redirect_loop_back") == 1


def test_a_redirect_off_the_site(crawled):
    _status, reason, _ = error_of(crawled, "offsite_redirect")
    assert "off-site" in reason or "offsite" in reason


def test_html_where_a_feed_should_be(crawled):
    status, reason, kind = error_of(crawled, "html_at_feed")
    assert (status, kind) == (200, "feed") and reason


def test_a_feed_with_broken_xml(crawled):
    status, reason, kind = error_of(crawled, "broken_feed")
    assert (status, kind) == (200, "feed") and reason.startswith("broken XML")


def test_an_empty_200(crawled):
    assert error_of(crawled, "empty_body")[:2] == (200, "empty page")


def test_a_page_of_binary_junk(crawled):
    status, reason, _ = error_of(crawled, "binary_junk")
    assert status == 200 and "binary" in reason


def test_a_page_over_the_size_limit(crawled):
    status, reason, _ = error_of(crawled, "huge_page")
    assert status is None and "max size" in reason
    assert times_asked(crawled, "huge_page") == 1


def test_a_404_is_recorded_with_its_status(crawled):
    assert error_of(crawled, "missing_404")[:2] == (404, "HTTP 404")


def test_every_bad_page_is_one_line(crawled):
    for found in crawled["errors"].values():
        for _status, reason, kind in found:
            assert reason and "\n" not in reason and kind in ("article", "listing", "feed")


def test_duplicate_links_are_one_request_and_one_record(crawled):
    hub = crawled["site"].hostile_articles("hub")[0]
    assert crawled["requested"][urlsplit(hub).path] == 1
    assert rows(crawled["db"], "SELECT count(*) FROM articles WHERE url = ?", hub) == [(1,)]


def test_malformed_links_are_never_requested(crawled):
    asked = list(crawled["requested"])
    assert not [path for path in asked if "[" in path or "99999" in path or path == "//"]
    assert "/ua/style/abc" not in asked
    assert len(MALFORMED_HREFS) == 5  # the stand-in still serves them
