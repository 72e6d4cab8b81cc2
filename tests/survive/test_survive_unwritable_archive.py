"""The archive cannot be written: a read-only file, a read-only folder, a full disk.

The crawl stops with exit status 7 and one `Error:` line saying why, and nothing already archived
is damaged: `PRAGMA integrity_check` is ok and the earlier rows are exactly as they were.

A full disk is simulated with `PRAGMA max_page_count` (a per-connection limit, so it is set on
every connection the crawl opens, just above the archive's size at the start): writes then fail
with SQLITE_FULL, "database or disk is full". Permissions do not stop root, so under root the crawl
runs without the capabilities that let it ignore them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
import sys
from pathlib import Path

import pytest
from paths import REPO
from survive_support import (
    as_unprivileged,
    can_drop_overrides,
    crawl_command,
    integrity,
    rows,
    run,
)

from monitor_scraper.archive import Archive
from monitor_scraper.crawl import report
from monitor_scraper.extract import extract_article
from monitor_scraper.standin import build_site, routes, serve

EXIT = 7
EARLIER = 5
# Run the console script argv[2] with argv[3:], every SQLite connection limited to argv[1] pages.
FULL_DISK = """
import runpy, sqlite3, sys
limit, script = int(sys.argv[1]), sys.argv[2]
connect = sqlite3.connect
def limited(*args, **kwargs):
    connection = connect(*args, **kwargs)
    connection.execute(f"PRAGMA max_page_count = {limit}")
    return connection
sqlite3.connect = limited
sys.argv = [script, *sys.argv[3:]]
runpy.run_path(script, run_name="__main__")
"""


@pytest.fixture(scope="module")
def site():
    return build_site(60, hostile=False)


def archive_with_earlier_articles(folder: Path, site) -> Path:
    """An archive holding the five newest articles of `site`, stored as a crawl would."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "monitor.db"
    with Archive(db) as archive:
        for article in site.live_articles()[:EARLIER]:
            answer = routes.respond(site, article.path)
            stored = extract_article(answer.body, article.url, answer.content_type)
            archive.store_article(stored, crawl_id=None)
    return db


# What was archived before the crawl, as it must stay. A latest-news item's `published` is left
# out: it is filled in, as it should be, when the article it links to is archived.
EARLIER_TABLES = {
    "articles": "*",
    "article_versions": "*",
    "latest_news_block_sightings": "*",
    "latest_news_blocks": "*",
    "latest_news_items": "id, item_key, url, title, time, teaser",
}


def earlier_rows(db: Path, upto: dict[str, int] | None = None
                 ) -> tuple[dict[str, int], dict[str, str]]:
    """The rows already archived (rowid up to `upto`, else all), hashed, and their last rowids."""
    last = upto or {table: rows(db, f"SELECT max(rowid) FROM {table}")[0][0]
                    for table in EARLIER_TABLES}
    digests = {}
    for table, columns in EARLIER_TABLES.items():
        digest = hashlib.sha256()
        for row in rows(db, f"SELECT {columns} FROM {table} WHERE rowid <= ? ORDER BY rowid",
                        last[table]):
            digest.update(repr(row).encode())
        digests[table] = digest.hexdigest()
    return last, digests


def assert_intact(db: Path, before: tuple[dict[str, int], dict[str, str]]) -> None:
    assert integrity(db) == "ok"
    assert earlier_rows(db, before[0]) == before


def assert_stopped_cleanly(result, expected_words: str) -> None:
    assert result.returncode == EXIT, result.stderr[-3000:]
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1, result.stderr[-3000:]
    assert error_lines[0].startswith("Error: the archive cannot be written")
    assert expected_words in error_lines[0], error_lines[0]
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["exit_status"] == EXIT


def test_the_exit_status_is_documented():
    assert report.EXIT_ARCHIVE_UNWRITABLE == EXIT
    crawling = (REPO / "docs" / "crawling.md").read_text(encoding="utf-8")
    assert f"| {EXIT} | the archive cannot be written" in crawling


@pytest.mark.skipif(not can_drop_overrides(), reason="root without CAP_SETPCAP")
def test_a_read_only_archive_file(tmp_path, site):
    db = archive_with_earlier_articles(tmp_path / "archive", site)
    before = earlier_rows(db)
    db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    with serve(site) as server:
        command = crawl_command(server.base_url, db, prefix=as_unprivileged())
        result = run(command, tmp_path)
        asked = list(server.requests)
    assert_stopped_cleanly(result, "readonly")
    assert asked == []  # stopped before asking the site anything
    assert_intact(db, before)


@pytest.mark.skipif(not can_drop_overrides(), reason="root without CAP_SETPCAP")
@pytest.mark.parametrize("side_files", [False, True], ids=["closed", "wal_files_left"])
def test_a_read_only_archive_folder(tmp_path, site, side_files):
    """Closed, the archive cannot open its WAL; with -wal and -shm left behind by a reader it
    could, but the crawl's lock file cannot be made beside it."""
    folder = tmp_path / "archive"
    db = archive_with_earlier_articles(folder, site)
    Archive(db).close()  # the last writer to close removes the -wal and -shm files
    before = earlier_rows(db)  # a read-only reader leaves them behind
    if not side_files:
        Archive(db).close()
    left = {path.name for path in folder.iterdir()} - {"monitor.db"}
    assert left == ({"monitor.db-wal", "monitor.db-shm"} if side_files else set())
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        with serve(site) as server:
            command = crawl_command(server.base_url, db, prefix=as_unprivileged(),
                                    settings={"MONITOR_WARC_DIR": tmp_path / "warc"})
            result = run(command, tmp_path)
            asked = list(server.requests)
    finally:
        folder.chmod(stat.S_IRWXU)
    assert_stopped_cleanly(result, str(db))
    assert asked == []
    assert_intact(db, before)


def test_a_full_disk_in_the_middle_of_a_crawl(tmp_path, site):
    db = archive_with_earlier_articles(tmp_path / "archive", site)
    before = earlier_rows(db)
    pages = rows(db, "PRAGMA page_count")[0][0]
    command = crawl_command("http://127.0.0.1:1", db)
    script, arguments = command[0], command[1:]
    with serve(site) as server:
        arguments[arguments.index("--base-url") + 1] = server.base_url
        result = run([sys.executable, "-c", FULL_DISK, str(pages + 60), script, *arguments],
                     tmp_path)
        asked = len(server.requests)
    assert_stopped_cleanly(result, "full")
    assert_intact(db, before)
    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert EARLIER < stored < len(site.live_article_urls())  # some stored, then it stopped
    assert asked < len(site.live_article_urls())  # stopped asking for pages
    assert rows(db, "SELECT count(*) FROM articles a LEFT JOIN article_versions v "
                    "ON v.id = a.version_id WHERE v.id IS NULL") == [(0,)]
    with sqlite3.connect(db) as connection:  # the search index agrees with itself
        connection.execute("INSERT INTO article_search (article_search, rank) "
                           "VALUES ('integrity-check', 0)")


def test_a_full_archive_raises_its_own_error_and_stays_usable(tmp_path, site):
    db = archive_with_earlier_articles(tmp_path / "archive", site)
    before = earlier_rows(db)
    with Archive(db) as archive:
        pages = archive.db.execute("PRAGMA page_count").fetchone()[0]
        archive.db.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(sqlite3.OperationalError, match="full"):
            for article in site.live_articles()[EARLIER:]:
                answer = routes.respond(site, article.path)
                stored = extract_article(answer.body, article.url, answer.content_type)
                archive.store_article(stored, crawl_id=None)
        assert not archive.db.conn.in_transaction  # the failed write left nothing half-done
        assert archive.has_article(site.live_articles()[0].url)
    assert_intact(db, before)
