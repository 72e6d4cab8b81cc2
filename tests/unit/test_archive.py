"""The archive: versions, withdrawal, sightings, crawls, idempotence."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from archives import URL, make_article

from monitor_scraper.archive import Archive, BadQuery, textsearch
from monitor_scraper.archive import schema as archive_schema
from monitor_scraper.crawl import runlock
from monitor_scraper.datasette import serving
from monitor_scraper.items import (
    Announcement,
    Article,
    FeedEntry,
    FetchFailure,
    LatestNewsItem,
    Media,
)


@pytest.fixture
def crawl_id(archive):
    return archive.begin_crawl("latest", {"pages": 3})


def test_new_article_is_version_one(archive, crawl_id):
    assert archive.store_article(make_article(), crawl_id=crawl_id, warc_file="a.warc.gz",
                                 warc_offset=10) == "new"
    row = archive.db["articles"].get(URL)
    assert row["versions"] == 1
    assert row["status"] == "live"
    assert row["published"] == "2012-05-25T06:39:00+03:00"
    assert row["first_seen"] == row["last_seen"] == row["last_changed"]
    versions = list(archive.db["article_versions"].rows)
    assert [(v["version"], v["crawl_id"], v["warc_file"], v["warc_offset"]) for v in versions] == [
        (1, crawl_id, "a.warc.gz", 10)
    ]
    assert archive.has_article("http://www.monitor.cn.ua/ua/politics/11234")


def test_same_content_only_moves_last_seen(archive, crawl_id):
    archive.store_article(make_article(), crawl_id=crawl_id)
    later = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    assert archive.store_article(make_article(fetched_at=later), crawl_id=crawl_id) == "unchanged"
    row = archive.db["articles"].get(URL)
    assert row["last_seen"] == later.isoformat()
    assert row["last_changed"] == row["first_seen"] != row["last_seen"]
    assert row["versions"] == 1
    assert archive.db["article_versions"].count == 1


def test_changed_body_adds_version_two(archive, crawl_id):
    archive.store_article(make_article(), crawl_id=crawl_id)
    later = datetime(2026, 3, 2, tzinfo=UTC)
    outcome = archive.store_article(make_article(body="Депутати не зібралися.", fetched_at=later),
                                    crawl_id=crawl_id)
    assert outcome == "changed"
    row = archive.db["articles"].get(URL)
    assert (row["versions"], row["body"], row["last_changed"]) == (
        2, "Депутати не зібралися.", later.isoformat())
    bodies = [v["body"] for v in archive.db["article_versions"].rows_where(order_by="version")]
    assert bodies == ["Депутати зібралися.", "Депутати не зібралися."]
    # The old text is no longer found; the new text is.
    assert [hit.url for hit in archive.search("зібралися")] == [URL]
    assert archive.search('"не зібралися"')[0].url == URL
    assert archive.crawl_summary(crawl_id)["changed"] == 1


def test_withdrawn_article_stays_and_revives(archive, crawl_id):
    archive.store_article(make_article(), crawl_id=crawl_id)
    failure = FetchFailure(url="http://monitor.cn.ua/ua/politics/11234", status=404,
                           reason="Not Found", kind="article")
    assert archive.store_failure(failure, crawl_id=crawl_id) == "withdrawn"
    assert archive.store_failure(failure, crawl_id=crawl_id) == "withdrawn"
    row = archive.db["articles"].get(URL)
    assert row["status"] == "withdrawn" and row["withdrawn_at"]
    assert archive.db["fetch_errors"].count == 2
    assert archive.recent_article_urls(datetime(2012, 1, 1, tzinfo=UTC)) == []
    assert archive.store_article(make_article(), crawl_id=crawl_id) == "unchanged"
    assert archive.db["articles"].get(URL)["status"] == "live"
    summary = archive.crawl_summary(crawl_id)
    assert (summary["withdrawn"], summary["failed"]) == (1, 2)


def test_other_failures_do_not_withdraw(archive, crawl_id):
    archive.store_article(make_article(), crawl_id=crawl_id)
    assert archive.store_failure(FetchFailure(URL, 500, "Server Error"), crawl_id=crawl_id) is None
    assert archive.store_failure(
        FetchFailure("https://monitor.cn.ua/ua/politics/1", 404, "gone"), crawl_id=crawl_id
    ) is None
    assert archive.db["articles"].get(URL)["status"] == "live"


def latest(url: str, position: int = 0) -> LatestNewsItem:
    return LatestNewsItem(title="Новина", url=url, time="10:15", teaser="Коротко",
                          position=position)


def test_latest_news_published_resolved_when_article_already_archived(archive, crawl_id):
    linked = "https://monitor.cn.ua/ua/culture/20000"
    archive.store_article(make_article(linked), crawl_id=crawl_id)
    page = make_article(latest_news=[latest("http://www.monitor.cn.ua/ua/culture/20000")])
    archive.store_article(page, crawl_id=crawl_id)
    rows = list(archive.db["latest_news"].rows)
    assert [(r["url"], r["published"], r["page_url"], r["time"]) for r in rows] == [
        (linked, "2012-05-25T06:39:00+03:00", URL, "10:15")
    ]


def test_latest_news_published_filled_when_article_arrives_later(archive, crawl_id):
    linked = "https://monitor.cn.ua/ua/culture/20000"
    archive.store_article(make_article(latest_news=[latest(linked)]), crawl_id=crawl_id)
    assert next(archive.db["latest_news"].rows)["published"] is None
    archive.store_article(make_article(linked), crawl_id=crawl_id)
    assert next(archive.db["latest_news"].rows)["published"] == "2012-05-25T06:39:00+03:00"


def test_every_sighting_is_kept_but_a_rerun_adds_nothing(archive, crawl_id):
    items = [latest("https://monitor.cn.ua/ua/culture/1", 0), latest(None, 1)]
    announcements = [Announcement(title="Концерт", url=None, when="1 березня", position=0)]
    page = make_article(latest_news=items, announcements=announcements)
    archive.store_article(page, crawl_id=crawl_id)
    archive.store_article(page, crawl_id=crawl_id)  # the same capture again: idempotent
    assert archive.db["latest_news"].count == 2
    assert archive.db["announcements"].count == 1
    later = make_article(latest_news=items, fetched_at=datetime(2026, 3, 5, tzinfo=UTC))
    archive.store_article(later, crawl_id=crawl_id)
    assert archive.db["latest_news"].count == 4
    assert archive.db["latest_news_items"].count == 2


def test_a_block_shown_on_many_pages_is_stored_once(archive, crawl_id):
    items = [latest(f"https://monitor.cn.ua/ua/culture/{n}", n) for n in range(12)]
    for number in range(1, 6):
        archive.store_article(make_article(f"https://monitor.cn.ua/ua/politics/{number}",
                                           latest_news=items), crawl_id=crawl_id)
    news_came_in = [latest("https://monitor.cn.ua/ua/culture/99", 0),
                    *[latest(item.url, item.position + 1) for item in items[:11]]]
    archive.store_article(make_article(latest_news=news_came_in), crawl_id=crawl_id)
    assert archive.db["latest_news_blocks"].count == 2
    assert archive.db["latest_news_block_sightings"].count == 6
    assert archive.db["latest_news_items"].count == 13
    assert archive.db["latest_news"].count == 5 * 12 + 12  # a row per item per page, as seen
    assert archive.totals()["latest_news_sightings"] == 5 * 12 + 12
    on_page = archive.db.execute(
        "SELECT position, url, crawl_id FROM latest_news WHERE page_url = ? ORDER BY position",
        [URL]).fetchall()
    assert on_page == [(item.position, item.url, crawl_id) for item in news_came_in]


SEEN = ("SELECT page_url, seen_at, position, url, title, time, crawl_id FROM latest_news "
        "ORDER BY 1, 2, 3")


def archive_of_schema_3(path) -> list[tuple]:
    """An archive at `path` whose sightings are stored as schema 3 stored them, a row per item
    per page; the rows of its `latest_news` view."""
    items = [latest("https://monitor.cn.ua/ua/culture/1", 0), latest(None, 1)]
    with Archive(path) as archive:
        crawl_id = archive.begin_crawl("latest", {})
        for number, fetched in ((1, 1), (2, 1), (2, 2)):
            archive.store_article(make_article(
                f"https://monitor.cn.ua/ua/politics/{number}", latest_news=items,
                fetched_at=datetime(2026, 3, fetched, tzinfo=UTC),
                announcements=[Announcement(title="Концерт", url=None, when="1 березня")]),
                crawl_id=crawl_id)
        expected = archive.db.execute(SEEN).fetchall()
        conn = archive.db.conn
        for kind, view, when in (("latest_news", "latest_news", "time"),
                                 ("announcement", "announcements", "when_text")):
            conn.executescript(f"""
                CREATE TABLE {kind}_sightings (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL,
                    page_url TEXT NOT NULL, position INTEGER NOT NULL, seen_at TEXT NOT NULL,
                    crawl_id INTEGER, UNIQUE (page_url, seen_at, position));
                INSERT INTO {kind}_sightings (item_id, page_url, position, seen_at, crawl_id)
                    SELECT b.item_id, s.page_url, b.position, s.seen_at, s.crawl_id
                    FROM {kind}_block_sightings s
                    JOIN {kind}_block_items b ON b.block_id = s.block_id;
                DROP VIEW {view}; DROP TABLE {kind}_block_sightings;
                DROP TABLE {kind}_block_items; DROP TABLE {kind}_blocks;
                CREATE VIEW {view} AS SELECT s.id, s.page_url, i.url, i.title, i.{when},
                    i.published, i.teaser, s.position, s.seen_at, s.crawl_id, s.item_id
                    FROM {kind}_sightings s JOIN {kind}_items i ON i.id = s.item_id;""")
        conn.execute("PRAGMA user_version = 3")
    return expected


def test_sightings_of_an_older_archive_become_blocks_and_lose_nothing(tmp_path):
    path = tmp_path / "monitor.db"
    expected = archive_of_schema_3(path)
    with Archive(path, readonly=True) as reader:  # not converted: read as it is
        assert reader.totals()["latest_news_sightings"] == 6
        assert reader.db.execute(SEEN).fetchall() == expected
        announced = reader.db.execute("SELECT page_url, title FROM announcements").fetchall()
    with Archive(path) as archive:
        assert archive.db.execute(SEEN).fetchall() == expected and len(expected) == 6
        assert archive.db.execute("SELECT page_url, title FROM announcements").fetchall() == (
            announced) and len(announced) == 3
        assert archive.db["latest_news_blocks"].count == 1
        assert archive.totals()["latest_news_sightings"] == 6
        assert not archive.db["latest_news_sightings"].exists()
        assert not archive.db["announcement_sightings"].exists()


def test_serve_brings_an_older_archive_up_to_date_unless_a_crawl_writes_it(tmp_path):
    path = tmp_path / "monitor.db"
    expected = archive_of_schema_3(path)
    with runlock.crawl_lock(path):  # a crawl is writing: it converted what it needed itself
        serving.bring_up_to_date(str(path))
        assert count_in(path, "latest_news_sightings") == 6
    serving.bring_up_to_date(str(path))
    with Archive(path, readonly=True) as reader:
        assert not reader.db["latest_news_sightings"].exists()
        assert reader.db.execute(SEEN).fetchall() == expected


def test_rerun_is_idempotent(archive):
    first = archive.begin_crawl("latest", {})
    article = make_article(images=[Media("https://monitor.cn.ua/i.jpg", "Фото")])
    archive.store_article(article, crawl_id=first)
    second = archive.begin_crawl("latest", {})
    assert archive.store_article(article, crawl_id=second) == "unchanged"
    assert archive.db["article_versions"].count == 1
    assert json.loads(archive.db["articles"].get(URL)["images"]) == [
        {"url": "https://monitor.cn.ua/i.jpg", "caption": "Фото"}
    ]
    assert archive.crawl_summary(second)["unchanged"] == 1


def test_crawl_rows(archive):
    crawl_id = archive.begin_crawl("backfill", {"start": 0})
    archive.store_article(make_article(), crawl_id=crawl_id)
    archive.end_crawl(crawl_id, exit_status=0, summary={"warc_files": ["x.warc.gz"]})
    row = archive.db["crawls"].get(crawl_id)
    assert (row["mode"], row["exit_status"], row["articles_new"], row["pages"]) == (
        "backfill", 0, 1, 1)
    assert json.loads(row["warc_files"]) == ["x.warc.gz"]
    assert row["finished"]
    assert archive.crawl_summary(crawl_id) == {
        "new": 1, "changed": 0, "unchanged": 0, "withdrawn": 0, "failed": 0, "pages": 1}


def test_recent_article_urls(archive, crawl_id):
    old = make_article("https://monitor.cn.ua/ua/style/1")
    new = make_article("https://monitor.cn.ua/ua/style/2",
                       published=datetime(2026, 2, 28, 23, 30, tzinfo=timezone(timedelta(hours=2))))
    archive.store_article(old, crawl_id=crawl_id)
    archive.store_article(new, crawl_id=crawl_id)
    assert archive.recent_article_urls(datetime(2026, 2, 28, 21, 0, tzinfo=UTC)) == [new.url]
    assert archive.recent_article_urls(datetime(2026, 2, 28, 21, 31, tzinfo=UTC)) == []


def test_recent_articles_are_looked_at_again_by_their_age(archive, crawl_id):
    kyiv = timezone(timedelta(hours=2))
    now = datetime(2026, 3, 1, 12, 0, tzinfo=kyiv)
    fetched = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # every article last fetched then
    for hours_old, number in ((4, 1), (20, 2), (60, 3)):
        article = make_article(f"https://monitor.cn.ua/ua/style/{number}",
                               published=now - timedelta(hours=hours_old))
        article.fetched_at = fetched
        archive.store_article(article, crawl_id=crawl_id)

    def due(clock_hours_later: float) -> list[str]:
        clock = fetched + timedelta(hours=clock_hours_later)
        return [url.rsplit("/", 1)[1] for url in archive.recent_article_urls(
            now - timedelta(days=3), age_share=0.25, now=now, clock=clock)]

    # A quarter of its age since the last fetch: 1 h for the 4-hour-old article, 5 h for the
    # 20-hour-old, 15 h for the 60-hour-old.
    assert due(0.9) == []
    assert due(1.1) == ["1"]
    assert due(4.9) == ["1"]
    assert due(5.1) == ["1", "2"]
    assert due(14.9) == ["1", "2"]
    assert due(15.1) == ["1", "2", "3"]
    assert archive.recent_article_urls(now - timedelta(days=3), now=now) == [
        f"https://monitor.cn.ua/ua/style/{n}" for n in (1, 2, 3)]  # no share: all of them


def test_feed_entry_upserts(archive, crawl_id):
    entry = FeedEntry(url="http://monitor.cn.ua/ua/style/69664", title="Т", category="Стиль",
                      published=datetime(2026, 2, 1, 9, 0, tzinfo=UTC),
                      feed_url="/news_author-58.xml")
    archive.store_feed_entry(entry, crawl_id=crawl_id)
    archive.store_feed_entry(entry, crawl_id=crawl_id)
    rows = list(archive.db["feed_entries"].rows)
    assert len(rows) == 1 and rows[0]["url"] == "https://monitor.cn.ua/ua/style/69664"


def test_readonly_archive_cannot_write(tmp_path):
    path = tmp_path / "monitor.db"
    Archive(path).close()
    with Archive(path, readonly=True) as readonly:
        assert readonly.totals()["articles"] == 0
        with pytest.raises(sqlite3.OperationalError):
            readonly.begin_crawl("latest", {})
    with pytest.raises(FileNotFoundError):
        Archive(tmp_path / "missing.db", readonly=True)


def test_reopening_keeps_everything(tmp_path, crawl_id=None):
    path = tmp_path / "monitor.db"
    with Archive(path) as first:
        first.store_article(make_article(), crawl_id=None)
    with Archive(path) as again:
        assert again.totals()["articles"] == 1
        assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert again.search("Чернігів")[0].url == URL


def test_rebuild_search_index(archive):
    archive.store_article(make_article(), crawl_id=None)
    assert archive.rebuild_search_index() == 1
    assert archive.search("сесія")[0].url == URL


def article_number(number: int, body: str = "Депутати зібралися.") -> Article:
    return make_article(f"https://monitor.cn.ua/ua/politics/{number}", body=body)


def count_in(path, table: str) -> int:
    with Archive(path, readonly=True) as reader:
        return reader.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_each_call_is_durable_when_it_returns(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        archive.store_article(make_article(), crawl_id=None)
        assert count_in(path, "articles") == 1
        assert not archive.db.conn.in_transaction


def test_batch_is_committed_every_n_calls_and_on_flush(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path, commit_every=3, commit_seconds=3600) as archive:
        for number in (1, 2):
            archive.store_article(article_number(number), crawl_id=None)
        assert count_in(path, "articles") == 0  # readers see a batch once it is committed
        assert len(archive.search("депутат")) == 2  # the writer sees it at once
        archive.store_article(article_number(3), crawl_id=None)
        assert count_in(path, "articles") == 3
        archive.store_article(article_number(4), crawl_id=None)
        archive.flush()
        assert count_in(path, "articles") == 4
        archive.store_article(article_number(5), crawl_id=None)
    assert count_in(path, "articles") == 5  # close() commits
    with Archive(path, readonly=True) as reader:
        assert len(reader.search("депутат", limit=100)) == 5


def test_batch_is_committed_after_commit_seconds(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path, commit_every=1000, commit_seconds=0) as archive:
        archive.store_article(make_article(), crawl_id=None)
        assert count_in(path, "articles") == 1


def test_crawl_rows_are_committed_at_once_in_a_batch(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path, commit_every=100, commit_seconds=3600) as archive:
        crawl_id = archive.begin_crawl("backfill", {})
        assert count_in(path, "crawls") == 1
        archive.store_article(make_article(), crawl_id=crawl_id)
        archive.end_crawl(crawl_id, exit_status=0, summary={})
        assert count_in(path, "articles") == 1


def test_a_failed_call_in_a_batch_leaves_nothing_of_itself(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path, commit_every=10, commit_seconds=3600) as archive:
        archive.store_article(article_number(1), crawl_id=None)
        broken = article_number(2, body="Сесія у Ніжині.")
        broken.latest_news = [None]  # fails after the article's rows and index row are made
        with pytest.raises(AttributeError):
            archive.store_article(broken, crawl_id=None)
        archive.store_article(article_number(3), crawl_id=None)
    with Archive(path, readonly=True) as reader:
        urls = [row[0] for row in reader.db.execute("SELECT url FROM articles ORDER BY url")]
        assert urls == [article_number(1).url, article_number(3).url]
        assert reader.search("Ніжин") == []
        assert len(reader.search("депутат")) == 2
        assert reader.db.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 2


def test_an_article_changed_twice_in_one_batch_is_indexed_once(tmp_path):
    path = tmp_path / "monitor.db"
    later = datetime(2026, 3, 2, tzinfo=UTC)
    with Archive(path, commit_every=10, commit_seconds=3600) as archive:
        archive.store_article(make_article(body="Перша редакція."), crawl_id=None)
        assert archive.store_article(make_article(body="Друга редакція.", fetched_at=later),
                                     crawl_id=None) == "changed"
    with Archive(path, readonly=True) as reader:
        assert reader.search("перша") == []
        assert [hit.url for hit in reader.search("друга")] == [URL]
        rows = reader.db.execute("SELECT count(*) FROM article_search WHERE article_search "
                                 "MATCH 'редакція'").fetchone()[0]
        assert rows == 1


def test_rebuild_recreates_the_index_with_current_settings(archive):
    archive.store_article(make_article(), crawl_id=None)
    archive.db.execute("DROP TABLE article_search")
    archive.db.execute("CREATE VIRTUAL TABLE article_search USING fts5(title_lemmas, "
                       "body_lemmas, title_forms, body_forms, content='', "
                       "tokenize='unicode61 remove_diacritics 0')")
    assert archive.rebuild_search_index() == 1
    sql = archive.db.execute("SELECT sql FROM sqlite_master WHERE name = 'article_search'")
    assert "tokenize='ascii'" in sql.fetchone()[0]
    assert archive.search("сесія")[0].url == URL
    archive.optimize_search_index()
    assert archive.search("Чернігів")[0].url == URL


def readers_hits(path, query: str) -> list[str]:
    with Archive(path, readonly=True) as reader:
        return [hit.url for hit in reader.search(query, limit=100)]


def test_index_follows_in_runs_while_each_article_is_durable(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path, index_every=3, index_seconds=3600) as archive:
        for number in (1, 2):
            archive.store_article(article_number(number), crawl_id=None)
        assert count_in(path, "articles") == 2  # durable at once
        assert count_in(path, "search_queue") == 2
        assert readers_hits(path, "депутат") == []  # not in the index yet
        archive.store_article(article_number(3), crawl_id=None)
        assert count_in(path, "search_queue") == 0
        assert len(readers_hits(path, "депутат")) == 3


def test_index_is_due_index_seconds_after_the_oldest_queued_change(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path, index_every=1000, index_seconds=0) as archive:
        archive.store_article(make_article(), crawl_id=None)
        assert readers_hits(path, "сесія") == [URL]


def test_the_writers_own_search_and_flush_index_the_queue(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path, index_every=1000, index_seconds=3600) as archive:
        archive.store_article(make_article(), crawl_id=None)
        assert [hit.url for hit in archive.search("Чернігів")] == [URL]
        archive.store_article(article_number(2), crawl_id=None)
        archive.flush()
        assert count_in(path, "search_queue") == 0
        assert readers_hits(path, "депутат") == [URL, article_number(2).url]


def test_a_queue_left_by_a_killed_run_is_indexed_at_the_next_opening(tmp_path):
    path = tmp_path / "monitor.db"
    archive = Archive(path, index_every=1000, index_seconds=3600)
    archive.store_article(make_article(), crawl_id=None)
    archive.db.conn.close()  # as a kill would leave it: no flush, no close()
    assert readers_hits(path, "сесія") == []
    with Archive(path):
        pass
    assert count_in(path, "search_queue") == 0
    assert readers_hits(path, "сесія") == [URL]


def test_an_edit_of_an_indexed_article_takes_the_old_words_out_in_the_next_run(tmp_path):
    path = tmp_path / "monitor.db"
    later = datetime(2026, 3, 2, tzinfo=UTC)
    with Archive(path, index_every=1000, index_seconds=3600) as archive:
        archive.store_article(make_article(body="Перша редакція."), crawl_id=None)
        archive.flush()
        archive.store_article(make_article(body="Друга редакція.", fetched_at=later),
                              crawl_id=None)
        # Until the run, the old version's index row stands but leads to no hit.
        assert readers_hits(path, "перша") == readers_hits(path, "друга") == []
        queue = archive.db.execute("SELECT action FROM search_queue ORDER BY action").fetchall()
        assert queue == [("add",), ("remove",)]
    assert readers_hits(path, "перша") == []
    assert readers_hits(path, "друга") == [URL]
    with Archive(path, readonly=True) as reader:
        rows = reader.db.execute("SELECT count(*) FROM article_search WHERE article_search "
                                 "MATCH 'редакція'").fetchone()[0]
        assert rows == 1


def test_an_archive_of_schema_1_gains_the_queue_when_opened(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        archive.store_article(make_article(), crawl_id=None)
        archive.flush()
        archive.db.execute("DROP TABLE search_queue")
        archive.db.execute("PRAGMA user_version = 1")
    with Archive(path, readonly=True) as reader:  # read-only: works without the queue
        assert [hit.url for hit in reader.search("сесія")] == [URL]
    with Archive(path) as archive:
        version = archive.db.execute("PRAGMA user_version").fetchone()[0]
        assert version == archive_schema.SCHEMA_VERSION
        archive.store_article(article_number(2), crawl_id=None)
    assert readers_hits(path, "депутат") == [URL, article_number(2).url]


def test_an_archive_of_schema_2_trades_its_last_changed_index_for_one_over_edits(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        archive.store_article(make_article(), crawl_id=None)
        archive.db.execute("DROP INDEX idx_articles_edited")
        archive.db.execute("CREATE INDEX idx_articles_last_changed ON articles(last_changed)")
        archive.db.execute("PRAGMA user_version = 2")
    with Archive(path) as archive:
        archive.store_article(make_article(title="Сесія у Ніжині",
                                           fetched_at=datetime(2026, 3, 2, tzinfo=UTC)),
                              crawl_id=None)
        indexes = {row[0] for row in archive.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'articles'")}
        plan = " ".join(str(row[-1]) for row in archive.db.execute(
            "EXPLAIN QUERY PLAN SELECT url FROM articles WHERE versions > 1 "
            "ORDER BY last_changed DESC LIMIT 100"))
        edited = archive.db.execute("SELECT url FROM articles WHERE versions > 1 "
                                    "ORDER BY last_changed DESC LIMIT 100").fetchall()
    assert "idx_articles_edited" in indexes and "idx_articles_last_changed" not in indexes
    assert "idx_articles_edited" in plan  # "recently edited" reads it, no sort of every article
    assert edited == [(URL,)]


def test_an_index_built_with_another_reading_of_words_is_rebuilt_when_opened(tmp_path, caplog):
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        archive.store_article(make_article(), crawl_id=None)
        reading = archive.db.execute(
            "SELECT value FROM archive_info WHERE name = 'search_reading'").fetchone()[0]
        assert reading == textsearch.reading() and "pymorphy3-dicts-uk" in reading
    with Archive(path) as archive:  # as another dictionary would have left it: nothing matches
        archive.db.execute("INSERT INTO article_search (article_search) VALUES ('delete-all')")
        archive.db.execute("UPDATE archive_info SET value = 'textsearch 0'")
    assert readers_hits(path, "Чернігів") == []
    with caplog.at_level("WARNING"), Archive(path):
        pass
    assert "were read as textsearch 0" in caplog.text
    assert readers_hits(path, "Чернігів") == [URL]
    assert count_in(path, "archive_info WHERE value = 'textsearch 0'") == 0


def test_an_archive_that_never_said_how_it_read_words_is_not_rebuilt(tmp_path, caplog):
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        archive.store_article(make_article(), crawl_id=None)
        archive.db.execute("DELETE FROM archive_info")
    with caplog.at_level("WARNING"), Archive(path) as archive:
        assert archive.db.execute("SELECT value FROM archive_info").fetchall() == [
            (textsearch.reading(),)]
    assert "Re-indexing" not in caplog.text


def test_earlier_versions_are_searchable_apart_from_the_current_ones(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        archive.store_article(make_article(title="Сесія у Чернігові",
                                           body="Депутати обговорили Кременчук."), crawl_id=None)
        archive.flush()  # version 1 indexed as current, then superseded
        archive.store_article(make_article(title="Сесія у Ніжині", body="Депутати зібралися.",
                                           fetched_at=datetime(2026, 3, 2, tzinfo=UTC)),
                              crawl_id=None)
        archive.store_article(make_article(title="Сесія у Ніжині", body="Депутати розійшлися.",
                                           fetched_at=datetime(2026, 3, 3, tzinfo=UTC)),
                              crawl_id=None)  # version 2 superseded before it was indexed
    with Archive(path, readonly=True) as reader:
        assert reader.search("Кременчук") == []
        removed = reader.search("Кременчук", earlier_versions=True)
        assert [(hit.url, hit.version, hit.title) for hit in removed] == [
            (URL, 1, "Сесія у Чернігові")]
        assert "[Кременчук]" in removed[0].snippet
        assert [hit.version for hit in reader.search("зібралися", earlier_versions=True)] == [2]
        assert [hit.version for hit in reader.search("розійшлися")] == [None]
        assert reader.search("розійшлися", earlier_versions=True) == []
        assert sorted(hit.version for hit in reader.search("сесія", earlier_versions=True,
                                                            section="politics")) == [1, 2]
        with pytest.raises(BadQuery, match="no section 'culture'; it has politics"):
            reader.search("сесія", earlier_versions=True, section="culture")


def test_an_archive_without_the_earlier_index_gains_it_filled(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        archive.store_article(make_article(body="Перша редакція."), crawl_id=None)
        archive.store_article(make_article(body="Друга редакція.",
                                           fetched_at=datetime(2026, 3, 2, tzinfo=UTC)),
                              crawl_id=None)
        archive.db.execute("DROP TABLE earlier_search")
    with Archive(path, readonly=True) as reader, pytest.raises(BadQuery, match="earlier"):
        reader.search("перша", earlier_versions=True)
    with Archive(path):
        pass
    with Archive(path, readonly=True) as reader:
        assert [hit.version for hit in reader.search("перша", earlier_versions=True)] == [1]


def test_rebuild_fills_both_indexes(archive):
    archive.store_article(make_article(body="Перша редакція."), crawl_id=None)
    archive.store_article(make_article(body="Друга редакція.",
                                       fetched_at=datetime(2026, 3, 2, tzinfo=UTC)),
                          crawl_id=None)
    assert archive.rebuild_search_index() == 1
    assert [hit.version for hit in archive.search("перша", earlier_versions=True)] == [1]
    assert [hit.url for hit in archive.search("друга")] == [URL]
    assert archive.search("друга", earlier_versions=True) == []
