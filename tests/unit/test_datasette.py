"""Datasette over a fixture archive: metadata, facets, search, canned queries, read-only."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

import pytest
from datasette.app import Datasette

from monitor_scraper.archive import Archive
from monitor_scraper.datasette.serving import archive_datasette
from monitor_scraper.items import Article, LatestNewsItem

KYIV = timezone(timedelta(hours=3))


@pytest.fixture
def ds(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        news = [LatestNewsItem(title="Новина дня", url="https://monitor.cn.ua/ua/culture/2",
                               time="10:00")]
        for number, section, title, body, month in [
            (1, "politics", "Міст у Кременчуці", "У Кременчуці відкрили міст.", 4),
            (2, "culture", "Концерт", "До Кременчука приїхав оркестр.", 5),
            (3, "style", "Мода", "Чернігівські дизайнери.", 5),
        ]:
            archive.store_article(Article(
                url=f"https://monitor.cn.ua/ua/{section}/{number}", article_id=number,
                section=section, title=title, body=body, author="Агенцiя", latest_news=news,
                published=datetime(2022, month, number, 9, 30, tzinfo=KYIV),
                fetched_at=datetime(2026, 3, number, tzinfo=UTC)), crawl_id=None)
        archive.store_article(Article(
            url="https://monitor.cn.ua/ua/style/3", article_id=3, section="style", title="Мода",
            body="Чернігівські дизайнери показали колекцію.", author="Агенцiя",
            published=datetime(2022, 5, 3, 9, 30, tzinfo=KYIV),
            fetched_at=datetime(2026, 3, 9, tzinfo=UTC)), crawl_id=None)
    return archive_datasette(path)


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path))


def rows(ds: Datasette, path: str) -> list[dict]:
    response = get(ds, path)
    assert response.status_code == 200, response.text
    return response.json()["rows"]


def test_articles_facets_and_sorting(ds):
    response = get(ds, "/monitor/articles.json?_extra=facet_results")
    assert response.status_code == 200
    facets = response.json()["facet_results"]
    assert {"section", "author", "published_month"} <= set(facets)
    months = {item["value"]: item["count"] for item in facets["published_month"]["results"]}
    assert months == {"2022-04": 1, "2022-05": 2}
    published = [r["published"] for r in rows(ds, "/monitor/articles.json?_shape=objects")]
    assert published == sorted(published, reverse=True)


def test_ukrainian_search_filter_on_articles(ds):
    found = rows(ds, "/monitor/articles.json?_q=Кременчук&_shape=objects")
    assert {r["url"] for r in found} == {
        "https://monitor.cn.ua/ua/politics/1", "https://monitor.cn.ua/ua/culture/2"}
    assert rows(ds, "/monitor/articles.json?_q=*&_shape=objects") == []


def test_search_canned_query(ds):
    found = rows(ds, "/monitor/search.json?q=Кременчук&since=2022-05-01&until=&_shape=objects")
    assert [r["url"] for r in found] == ["https://monitor.cn.ua/ua/culture/2"]
    assert "[Кременчука]" in found[0]["snippet"]
    assert rows(ds, '/monitor/search.json?q="&since=&until=&_shape=objects') == []


def test_search_earlier_versions_canned_query(ds):
    found = rows(ds, "/monitor/search_earlier_versions.json?q=дизайнер&_shape=objects")
    assert [(r["url"], r["version"], r["versions"]) for r in found] == [
        ("https://monitor.cn.ua/ua/style/3", 1, 2)]
    assert "[дизайнери]" in found[0]["snippet"].lower()
    assert rows(ds, "/monitor/search_earlier_versions.json?q=колекцію&_shape=objects") == []


@pytest.mark.parametrize(("query", "expected"), [
    ("articles_per_month", [{"month": "2022-05", "articles": 2},
                            {"month": "2022-04", "articles": 1}]),
    ("articles_with_versions", None),
    ("recently_edited", None),
    ("most_seen_latest_news", None),
])
def test_canned_queries(ds, query, expected):
    found = rows(ds, f"/monitor/{query}.json?_shape=objects")
    if expected is not None:
        assert found == expected
    if query in ("articles_with_versions", "recently_edited"):
        assert [r["url"] for r in found] == ["https://monitor.cn.ua/ua/style/3"]
    if query == "most_seen_latest_news":
        assert found[0]["sightings"] == 3
        assert found[0]["published"] == "2022-05-02T09:30:00+03:00"
        per_item = rows(ds, "/monitor.json?_shape=objects&sql=" + quote(
            "select title, url, count(*) as sightings from latest_news group by item_id"))
        assert sorted((r["title"], r["url"], r["sightings"]) for r in found) == sorted(
            (r["title"], r["url"], r["sightings"]) for r in per_item)  # blocks counted right


def test_nothing_can_write(ds):
    response = get(ds, "/monitor.json?sql=" + "delete from articles")
    assert response.status_code == 400
    db = ds.get_database("monitor")
    with pytest.raises(Exception, match="readonly|query_only|attempt to write"):
        asyncio.run(db.execute("insert into crawls (mode, started) values ('x', 'y')"))


def test_metadata_titles(ds):
    response = get(ds, "/monitor/articles.json")
    assert response.status_code == 200
    page = get(ds, "/monitor/articles")
    assert "One row per article" in page.text


def test_serve_command_help_and_missing_archive(tmp_path):
    from click.testing import CliRunner

    from monitor_scraper.cli import cli

    assert "Example: monitor-scraper serve" in CliRunner().invoke(cli, ["serve", "--help"]).output
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and result.output.count("\n") == 1


def test_datasette_ranks_as_the_archive_does():
    from monitor_scraper.archive import browsing
    from monitor_scraper.archive import schema as archive_schema
    from monitor_scraper.archive.metadata import EARLIER_SEARCH_SQL, SEARCH_SQL

    assert browsing.RANK_EXPRESSION == archive_schema.RANK_EXPRESSION
    assert archive_schema.RANK_EXPRESSION in SEARCH_SQL
    assert archive_schema.EARLIER_RANK_EXPRESSION in EARLIER_SEARCH_SQL
