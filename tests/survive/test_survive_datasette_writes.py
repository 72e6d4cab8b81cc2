"""Nothing a visitor types into Datasette can write to the archive.

Every write a visitor could try through the SQL box, a canned query's parameters or the search
filter is refused, and the archive's schema and every row are the same afterwards; no file appears
beside it.
"""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import pytest
from datasette.app import Datasette

from monitor_scraper.archive import Archive
from monitor_scraper.datasette.serving import archive_datasette
from monitor_scraper.items import Article

KYIV = timezone(timedelta(hours=3))
WRITES = [
    "insert into crawls (mode, started) values ('x', 'y')",
    "insert into articles select * from articles",
    "update articles set title = 'змінено'",
    "delete from articles",
    "replace into crawls (id, mode, started) values (1, 'x', 'y')",
    "drop table articles",
    "create table visitor (x)",
    "alter table articles add column visitor text",
    "attach database '{outside}' as visitor",
    "pragma writable_schema = 1",
    "pragma journal_mode = delete",
    "pragma user_version = 99",
    "vacuum into '{outside}'",
    "select 1; delete from articles",
    "with gone as (delete from articles returning url) select * from gone",
    "select * from articles where 1 = 1; drop table crawls",
    "insert into article_search (article_search) values ('delete-all')",
    "reindex",
    "analyze",
]


@pytest.fixture
def archive_path(tmp_path) -> Path:
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        crawl_id = archive.begin_crawl("latest", {})
        for number, section in enumerate(("politics", "culture"), 1):
            archive.store_article(Article(
                url=f"https://monitor.cn.ua/ua/{section}/{number}", article_id=number,
                section=section, title=f"Новина {number}", body="У Кременчуці відкрили міст.",
                author="Агенцiя", published=datetime(2022, 5, number, 9, 30, tzinfo=KYIV),
                fetched_at=datetime(2026, 3, number, tzinfo=UTC)), crawl_id=crawl_id)
        archive.end_crawl(crawl_id, exit_status=0, summary={})
    return path


@pytest.fixture
def ds(archive_path) -> Datasette:
    return archive_datasette(archive_path)


def fingerprint(path: Path) -> str:
    """The schema and every row of every table, hashed."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in connection.iterdump():
            digest.update(line.encode())
        return digest.hexdigest()
    finally:
        connection.close()


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path))


@pytest.mark.parametrize("statement", WRITES)
def test_the_sql_box_cannot_write(ds, archive_path, tmp_path, statement):
    outside = tmp_path / "visitor.db"
    before = fingerprint(archive_path)
    sql = statement.format(outside=outside)
    for path in (f"/monitor?sql={quote(sql)}", f"/monitor.json?sql={quote(sql)}"):
        response = get(ds, path)
        assert response.status_code != 200 or "error" in response.text.lower(), path
    assert fingerprint(archive_path) == before
    assert not outside.exists()


def test_the_database_connection_itself_refuses_writes(ds, archive_path):
    before = fingerprint(archive_path)
    database = ds.get_database("monitor")
    for statement in ("delete from articles", "pragma writable_schema = 1; drop table crawls"):
        with pytest.raises(Exception, match="readonly|query_only|attempt to write|one statement"):
            asyncio.run(database.execute(statement))
    assert fingerprint(archive_path) == before


@pytest.mark.parametrize("value", [
    "'); delete from articles; --", '" OR 1=1 --', "NEAR(", "*", "x' union select 1 --",
])
def test_canned_query_and_search_parameters_are_only_values(ds, archive_path, value):
    before = fingerprint(archive_path)
    for path in (f"/monitor/search.json?q={quote(value)}&since=&until=",
                 f"/monitor/search.json?q=міст&since={quote(value)}&until=",
                 f"/monitor/articles.json?_q={quote(value)}"):
        response = get(ds, path)
        assert response.status_code in (200, 400), (path, response.status_code)
    assert fingerprint(archive_path) == before


def test_a_post_to_a_canned_query_writes_nothing(ds, archive_path):
    before = fingerprint(archive_path)
    for path, data in (("/monitor/search", {"q": "міст"}),
                       ("/monitor", {"sql": "delete from articles"})):
        response = asyncio.run(ds.client.post(path, data=data))
        assert response.status_code >= 400, path  # Datasette 0.65 answers 500 here, not 405
    assert fingerprint(archive_path) == before
