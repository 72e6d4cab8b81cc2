"""`monitor-scraper verify`: an archive and its captures checked, and each way they can go wrong
found and named: a missing WARC file, a damaged or wrong record, image bytes that differ from
their digest, a broken foreign key, a damaged search index."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from crawling import crawl, monitor_scraper, query

from monitor_scraper.standin import build_site, serve


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("verify")
    site = build_site(40, hostile=False)
    with serve(site) as server:
        run = crawl(server.base_url, folder / "monitor.db", "--images", now=site.now)
    assert run.returncode == 0, run.stderr[-3000:]
    return folder


@pytest.fixture
def copy(crawled, tmp_path):
    """The crawled archive and its captures, copied so a test may damage them."""
    shutil.copytree(crawled, tmp_path / "a")
    return tmp_path / "a"


def verify(folder, *args):
    return monitor_scraper("verify", "--db", str(folder / "monitor.db"), "--warc-dir",
                           str(folder / "warc"), *args, cwd=folder)


def test_a_sound_archive_verifies(crawled):
    run = verify(crawled, "--deep", "--json")
    assert run.returncode == 0, run.stdout + run.stderr
    report = run.json()
    assert report["ok"] is True
    checks = {check["name"]: check for check in report["checks"]}
    assert set(checks) == {"database", "files", "records"}
    assert all(check["problems"] == 0 for check in checks.values())
    rows = sum(query(crawled / "monitor.db", sql)[0][0] for sql in (
        "SELECT count(*) FROM articles", "SELECT count(*) FROM article_versions",
        "SELECT count(*) FROM image_captures"))
    assert checks["records"]["checked"] == rows
    assert query(crawled / "monitor.db", "SELECT count(*) FROM image_captures")[0][0] > 0


def test_a_missing_warc_file_is_named_with_the_rows_that_need_it(copy):
    [name] = [path.name for path in (copy / "warc").glob("*.warc.gz")]
    (copy / "warc" / name).unlink()
    run = verify(copy)
    assert run.returncode == 1
    rows = query(copy / "monitor.db", "SELECT (SELECT count(*) FROM articles) + "
                 "(SELECT count(*) FROM article_versions) + (SELECT count(*) FROM image_captures)")
    assert f"    {name}: not in {copy / 'warc'} ({rows[0][0]} rows point at it)" in run.stdout
    assert "database (integrity, foreign keys, search indexes): ok" in run.stdout


def test_records_that_are_damaged_or_of_something_else_are_found_by_deep(copy):
    db = copy / "monitor.db"
    first, second = query(db, "SELECT url, warc_file, warc_offset FROM articles "
                              "ORDER BY warc_offset LIMIT 2")
    image = query(db, "SELECT url FROM image_captures LIMIT 1")[0]
    with sqlite3.connect(db) as conn:  # one article points at the other's capture
        conn.execute("UPDATE articles SET warc_offset = ? WHERE url = ?",
                     [second["warc_offset"], first["url"]])
        conn.execute("UPDATE image_captures SET sha1 = ? WHERE url = ?", ["0" * 40, image["url"]])
    victim = query(db, "SELECT url, warc_offset FROM article_versions WHERE url = ?",
                   second["url"])[0]
    with open(copy / "warc" / second["warc_file"], "r+b") as handle:
        handle.seek(victim["warc_offset"] + 60)
        handle.write(b"\xff" * 32)
    assert verify(copy).returncode == 0  # files are there: only reading them finds this
    run = verify(copy, "--deep", "--json")
    assert run.returncode == 1
    records = next(check for check in run.json()["checks"] if check["name"] == "records")
    shown = "\n".join(records["shown"])
    assert f"(image {image['url']}): bytes differ from the digest noted" in shown
    assert f"(version {second['url']}): unreadable" in shown
    assert f"(article {first['url']}): unreadable" in shown  # it points at the damaged record
    assert records["problems"] == 4  # the damaged record is pointed at by 3 rows


def test_an_article_pointing_at_another_articles_record_is_found(copy):
    db = copy / "monitor.db"
    first, second = query(db, "SELECT url, warc_offset FROM articles ORDER BY warc_offset LIMIT 2")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE article_versions SET warc_offset = ? WHERE url = ?",
                     [second["warc_offset"], first["url"]])
    run = verify(copy, "--deep")
    assert run.returncode == 1
    assert f"(version {first['url']}): the record is of " in run.stdout
    assert second["url"].rsplit("/", 2)[-2] in run.stdout


def test_a_broken_foreign_key_and_a_damaged_search_index_are_found(copy):
    db = copy / "monitor.db"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE article_versions SET crawl_id = 999 WHERE id = 1")
        conn.execute("DELETE FROM article_search_data WHERE id = "
                     "(SELECT max(id) FROM article_search_data)")
    run = verify(copy)
    assert run.returncode == 1
    assert "article_versions row 1 refers to a crawls row that is not there" in run.stdout
    assert "search index article_search:" in run.stdout


def test_no_archive_is_one_line_and_status_2(tmp_path):
    run = monitor_scraper("verify", "--db", str(tmp_path / "none.db"), cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        f"Error: no archive at {tmp_path / 'none.db'} (crawl first, or give --db)"]
