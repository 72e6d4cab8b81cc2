"""Re-extraction from WARC captures: the same articles as a crawl, without the network, and
damaged files reported and skipped."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from monitor_scraper.archive import Archive
from monitor_scraper.captures.reparse import reparse
from monitor_scraper.captures.warc import WarcCaptureMiddleware
from monitor_scraper.cli import cli
from monitor_scraper.extract import extract_article
from monitor_scraper.standin import build_site
from monitor_scraper.standin.routes import respond

BASE = "http://127.0.0.1:8399"
COMPARED = ("url", "article_id", "section", "title", "published", "published_text", "author",
            "body", "body_html", "images", "videos", "links", "first_seen", "last_seen",
            "status", "versions", "content_hash", "warc_file", "warc_offset")


@pytest.fixture(scope="module")
def site():
    return build_site(60, hostile=False)


def capture(warc_dir: Path, answers: list[tuple[str, int, bytes, str]],
            **settings: object) -> list[Request]:
    """Drive the capture middleware with (path, status, body, content type) answers."""
    crawler = get_crawler(settings_dict={"MONITOR_WARC_DIR": str(warc_dir), **settings})
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    requests = []
    for path, status, body, content_type in answers:
        request = Request(BASE + path)
        middleware.process_request(request)
        response = Response(request.url, status=status, body=body, request=request,
                            headers={"Content-Type": content_type})
        middleware.process_response(request, response)
        requests.append(request)
    middleware.spider_closed()
    return requests


def site_answers(site, urls: list[str]) -> list[tuple[str, int, bytes, str]]:
    answers = []
    for url in urls:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        answer = respond(site, path)
        answers.append((path, answer.status, answer.body, answer.content_type))
    return answers


def warc_files(warc_dir: Path) -> list[Path]:
    return sorted(warc_dir.glob("*.warc.gz"))


def article_rows(archive: Archive) -> list[dict]:
    rows = archive.db.execute(f"SELECT {', '.join(COMPARED)} FROM articles ORDER BY url")
    return [dict(zip(COMPARED, row, strict=True)) for row in rows.fetchall()]


def test_reparse_gives_the_articles_a_crawl_stored(tmp_path, site):
    pages = ["https://monitor.cn.ua/robots.txt", site.feed_urls()[0], site.listing_urls()[0]]
    articles = site.live_article_urls()[:12]
    requests = capture(tmp_path / "warc", site_answers(site, pages + articles))
    # What the crawl's pipeline stores for the same answers.
    crawled = Archive(tmp_path / "crawl.db")
    crawl_id = crawled.begin_crawl("latest", {})
    for request in requests[len(pages):]:
        answer = respond(site, urlsplit(request.url).path)
        article = extract_article(answer.body, request.url, answer.content_type,
                                  fetched_at=request.meta["warc_date"])
        crawled.store_article(article, crawl_id=crawl_id, warc_file=request.meta["warc_file"],
                              warc_offset=request.meta["warc_offset"])

    rebuilt = Archive(tmp_path / "rebuilt.db")
    report = reparse(warc_files(tmp_path / "warc"), rebuilt)

    assert report.outcomes["new"] == 12 and not report.damaged and report.readable
    assert article_rows(rebuilt) == article_rows(crawled)
    assert len(article_rows(rebuilt)) == 12
    crawl = rebuilt.db.execute("SELECT mode, warc_files, exit_status FROM crawls").fetchone()
    assert crawl[0] == "reparse" and crawl[2] == 0
    assert json.loads(crawl[1]) == [path.name for path in warc_files(tmp_path / "warc")]
    assert report.feed_entries > 0
    seen = "SELECT page_url, seen_at, position, url, title FROM latest_news ORDER BY 1, 2, 3"
    sightings = rebuilt.db.execute(seen).fetchall()
    assert sightings and sightings == crawled.db.execute(seen).fetchall()


def test_a_feed_settles_the_doubled_october_hour(tmp_path, site):
    fold = site.article("dst_fold")
    path = urlsplit(fold.url).path
    answer = respond(site, path)
    unhinted = extract_article(answer.body, BASE + path, answer.content_type)
    winter = fold.published.strftime("%a, %d %b %Y %H:%M:%S +0200")
    feed = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            f"<item><title>{fold.title}</title><link>http://monitor.cn.ua{path}</link>"
            f"<pubDate>{winter}</pubDate></item></channel></rss>").encode()
    capture(tmp_path / "warc", [("/news_author-58.xml", 200, feed, "application/rss+xml"),
                                (path, 200, answer.body, answer.content_type)])
    archive = Archive(tmp_path / "db")
    reparse(warc_files(tmp_path / "warc"), archive)
    published = archive.db.execute("SELECT published FROM articles").fetchone()[0]
    assert published.endswith("+02:00")
    assert unhinted.published is not None and unhinted.published.isoformat() != published


def test_withdrawn_and_non_articles_become_failures(tmp_path, site):
    url = site.live_article_urls()[0]
    path = urlsplit(url).path
    answers = site_answers(site, [url]) + [
        (path, 404, b"<html>404</html>", "text/html"),
        ("/ua/politics/999999", 200, b"", "text/html"),
        ("/ua/politics/999998", 301, b"", "text/html"),
    ]
    capture(tmp_path / "warc", answers)
    archive = Archive(tmp_path / "db")
    report = reparse(warc_files(tmp_path / "warc"), archive)
    assert report.outcomes["new"] == 1 and report.outcomes["withdrawn"] == 1
    assert report.failures == 2 and report.skipped == 1
    status = archive.db.execute("SELECT status FROM articles").fetchone()[0]
    assert status == "withdrawn"
    reasons = archive.db.execute("SELECT status, url FROM fetch_errors ORDER BY id").fetchall()
    assert reasons == [(404, url), (200, "https://monitor.cn.ua/ua/politics/999999")]


def test_a_truncated_file_is_reported_and_the_next_file_read(tmp_path, site):
    urls = site.live_article_urls()
    capture(tmp_path / "a", site_answers(site, urls[:3]))
    capture(tmp_path / "b", site_answers(site, urls[3:5]))
    [first] = warc_files(tmp_path / "a")
    [second] = warc_files(tmp_path / "b")
    data = first.read_bytes()
    first.write_bytes(data[: len(data) - 900])  # into the last response record
    damaged = []
    archive = Archive(tmp_path / "db")
    report = reparse([first, second], archive, on_damage=damaged.append)
    assert report.outcomes["new"] == 4
    assert len(damaged) == 1 and damaged[0].file == first.name
    assert report.readable


def test_a_damaged_record_in_the_middle_is_skipped(tmp_path, site):
    urls = site.live_article_urls()[:3]
    requests = capture(tmp_path / "warc", site_answers(site, urls))
    [path] = warc_files(tmp_path / "warc")
    data = bytearray(path.read_bytes())
    middle = requests[1].meta["warc_offset"]
    data[middle + 40 : middle + 60] = b"\x00" * 20  # inside the second response's gzip member
    path.write_bytes(bytes(data))
    archive = Archive(tmp_path / "db")
    report = reparse([path], archive)
    assert len(report.damaged) == 1
    stored = {row[0] for row in archive.db.execute("SELECT url FROM articles").fetchall()}
    assert stored == {urls[0], urls[2]}


def test_a_file_that_is_not_warc_reads_nothing(tmp_path):
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"this is not a WARC file\n" * 10)
    report = reparse([junk], Archive(tmp_path / "db"))
    assert not report.readable and report.damaged


def test_reparse_command(tmp_path, site):
    capture(tmp_path / "warc", site_answers(site, site.live_article_urls()[:2]))
    db = tmp_path / "rebuilt.db"
    result = CliRunner().invoke(cli, ["reparse", *map(str, warc_files(tmp_path / "warc")),
                                      "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "new=2" in result.output


def test_reparse_command_fails_when_nothing_is_readable(tmp_path):
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"not a warc")
    result = CliRunner().invoke(cli, ["reparse", str(junk), "--db", str(tmp_path / "db")])
    assert result.exit_code == 1
    assert "damaged:" in result.stderr and "nothing could be read" in result.stderr


def test_reparse_command_missing_file(tmp_path):
    result = CliRunner().invoke(cli, ["reparse", str(tmp_path / "nope.warc.gz")])
    assert result.exit_code == 2
