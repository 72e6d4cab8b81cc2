"""End to end: a crawl of the stand-in site with raw capture on, then a reparse of its WARC files
into a fresh archive, which must hold the same articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from monitor_scraper.archive import Archive
from monitor_scraper.captures.reparse import reparse
from monitor_scraper.standin import build_site, serve

# The crawl's own parts: without them there is nothing to run end to end.
project_settings = pytest.importorskip("monitor_scraper.settings")
pytest.importorskip("spiders.monitor")

BIN = Path(sys.executable).parent
CAPTURE = "monitor_scraper.captures.warc.WarcCaptureMiddleware"
CONTENT = ("url", "article_id", "section", "title", "published_text", "author", "body",
           "body_html", "images", "videos", "links", "status", "versions")
WHERE_AND_WHEN = ("published", "content_hash", "first_seen", "warc_file", "warc_offset")


def middlewares() -> str:
    """The project's downloader middlewares, with the capture added if settings lack it."""
    configured = dict(project_settings.DOWNLOADER_MIDDLEWARES)
    configured.setdefault(CAPTURE, 950)
    return json.dumps(configured)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warc_e2e")
    site = build_site(60, slow_delay=0.2, hang_seconds=1.0)
    with serve(site) as server:
        command = [
            str(BIN / "monitor-scraper"), "crawl", "--mode", "backfill", "--json",
            "--base-url", server.base_url, "--db", str(folder / "crawl.db"),
            "--set", f"MONITOR_WARC_DIR={folder / 'warc'}", "--set", "DOWNLOAD_DELAY=0",
            "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "MONITOR_RETRY_BACKOFF=0",
            "--set", "DOWNLOAD_TIMEOUT=3", "--set", f"DOWNLOADER_MIDDLEWARES={middlewares()}",
        ]
        result = subprocess.run(command, capture_output=True, text=True, cwd=folder,
                                timeout=240, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    files = sorted((folder / "warc").glob("*.warc.gz"))
    with Archive(folder / "rebuilt.db") as archive:
        report = reparse(files, archive)
    return {"folder": folder, "site": site, "summary": json.loads(result.stdout),
            "files": files, "report": report}


def rows(db: Path, columns: tuple[str, ...]) -> dict[str, dict]:
    with Archive(db, readonly=True) as archive:
        found = archive.db.execute(f"SELECT {', '.join(columns)} FROM articles").fetchall()
    return {row[0]: dict(zip(columns, row, strict=True)) for row in found}


def test_every_exchange_is_captured(crawled):
    assert crawled["files"]
    responses = 0
    for path in crawled["files"]:
        check = subprocess.run([str(BIN / "warcio"), "check", str(path)], capture_output=True,
                               text=True, check=False)
        assert check.returncode == 0, check.stdout + check.stderr
        with path.open("rb") as handle:
            records = [record.rec_type for record in ArchiveIterator(handle)]
        responses += records.count("response")
        assert records.count("request") == records.count("response")
    assert responses == crawled["summary"]["pages_fetched"]


def test_reparse_gives_the_articles_of_the_crawl(crawled):
    folder = crawled["folder"]
    report = crawled["report"]
    assert not report.damaged and report.readable
    crawl = rows(folder / "crawl.db", CONTENT)
    rebuilt = rows(folder / "rebuilt.db", CONTENT)
    assert rebuilt == crawl
    assert len(rebuilt) == crawled["summary"]["new"] > 0


def test_reparse_dates_match_the_site(crawled):
    site = crawled["site"]
    rebuilt = rows(crawled["folder"] / "rebuilt.db", ("url", "published"))
    for url, row in rebuilt.items():
        assert row["published"] == site.article(url).published.isoformat(), url


def test_crawl_records_where_its_captures_lie(crawled):
    folder = crawled["folder"]
    columns = ("url", *WHERE_AND_WHEN)
    assert rows(folder / "crawl.db", columns) == rows(folder / "rebuilt.db", columns)
    with Archive(folder / "crawl.db", readonly=True) as archive:
        stored = archive.db.execute("SELECT warc_files FROM crawls").fetchone()[0]
    assert json.loads(stored) == [path.name for path in crawled["files"]]
