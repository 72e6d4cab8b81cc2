"""End to end: real crawls of the stand-in site on 127.0.0.1, asserting on what the archive holds
and on what was requested."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from crawling import crawl, query

from monitor_scraper import urls
from monitor_scraper.standin import build_site, serve


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory):
    """A backfill of the hostile stand-in site in state 1."""
    folder = tmp_path_factory.mktemp("backfill")
    site = build_site(240, slow_delay=0.3, hang_seconds=2.0)
    with serve(site) as server:
        run = crawl(server.base_url, folder / "monitor.db", "--json", now=site.now)
        requests = list(server.requests)
    assert run.returncode == 0, run.stderr[-3000:]
    return {"site": site, "db": folder / "monitor.db", "run": run, "requests": requests,
            "folder": folder}


def paths(requests):
    return [path for _method, path, _agent in requests]


def test_every_live_article_is_archived_exactly_once(backfilled):
    site, db = backfilled["site"], backfilled["db"]
    rows = query(db, "SELECT url, versions, status FROM articles")
    assert sorted(row["url"] for row in rows) == sorted(site.live_article_urls())
    assert {row["versions"] for row in rows} == {1}
    assert {row["status"] for row in rows} == {"live"}
    assert backfilled["run"].json()["new"] == len(site.live_article_urls())


def test_every_field_is_right(backfilled):
    site, db = backfilled["site"], backfilled["db"]
    loose = set(site.hostile_articles("truncated"))
    for row in query(db, "SELECT * FROM articles"):
        truth = site.articles[row["url"]]
        got = (row["article_id"], row["section"], row["title"], row["published"],
               row["published_text"], row["author"])
        want = (truth.article_id, truth.section, truth.title, truth.published.isoformat(),
                truth.published_text, truth.author)
        assert got == want, row["url"]
        if row["url"] in loose:
            assert truth.body.startswith(row["body"][:100]), row["url"]
        else:
            assert row["body"] == truth.body, row["url"]


def test_robots_txt_comes_first_and_is_obeyed(backfilled):
    site, requested = backfilled["site"], paths(backfilled["requests"])
    assert requested[0] == "/robots.txt"
    for path in requested:
        assert not path.startswith(site.disallowed_prefixes), path


def test_only_articles_listings_and_feeds_are_requested(backfilled):
    site, requested = backfilled["site"], paths(backfilled["requests"])
    for path in requested[1:]:
        url = "https://monitor.cn.ua" + path
        kind_known = (urls.article_key(url) or urls.listing_offset(url) is not None
                      or urls.is_feed_path(url))
        assert kind_known, path
        assert not path.startswith(site.trap_prefixes), path


def test_nothing_is_fetched_twice_but_retries(backfilled):
    site, requested = backfilled["site"], paths(backfilled["requests"])
    retried = {urlsplit(url).path for url in site.hostile_articles("flaky")}
    retried |= {site.hostile_paths[name] for name in ("hang", "reset", "redirect_loop",
                                                        "redirect_loop_back")}
    twice = {path for path, count in Counter(requested).items() if count > 1}
    assert twice <= retried


def test_the_listing_is_walked_through_its_links_to_the_end(backfilled):
    site, requested = backfilled["site"], paths(backfilled["requests"])
    listings = [path for path in requested if urls.listing_offset("https://x" + path) is not None]
    assert listings == [urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query
                                              else "") for url in site.listing_urls()]


def test_requests_name_the_project(backfilled):
    agents = {agent for _method, _path, agent in backfilled["requests"]}
    assert len(agents) == 1
    assert agents.pop().startswith("monitor-scraper/")


def test_each_bad_page_is_recorded_and_the_crawl_goes_on(backfilled):
    site, db = backfilled["site"], backfilled["db"]
    errors = {row["url"]: row for row in query(db, "SELECT * FROM fetch_errors")}
    for name in ("missing_404", "hang", "reset", "redirect_loop", "empty_body", "binary_junk",
                 "huge_page", "offsite_redirect", "html_at_feed", "broken_feed"):
        url = "https://monitor.cn.ua" + site.hostile_paths[name]
        assert url in errors, name
        assert errors[url]["reason"], name
    assert errors["https://monitor.cn.ua" + site.hostile_paths["missing_404"]]["status"] == 404


def test_flaky_slow_and_truncated_articles_are_archived(backfilled):
    site, db = backfilled["site"], backfilled["db"]
    held = {row["url"] for row in query(db, "SELECT url FROM articles")}
    for role in ("flaky", "slow", "truncated"):
        assert set(site.hostile_articles(role)) <= held, role


def test_latest_news_sightings_are_stored(backfilled):
    rows = query(backfilled["db"], "SELECT * FROM latest_news")
    assert rows
    assert all(row["time"] and len(row["time"]) == 5 for row in rows)
    resolved = [row for row in rows if row["published"]]
    assert resolved, "sightings of archived articles get their publication time"


def test_a_later_latest_run_picks_up_new_edited_and_withdrawn(backfilled, tmp_path):
    db = tmp_path / "monitor.db"
    shutil.copy(backfilled["db"], db)
    site = build_site(240, state=2, slow_delay=0.3, hang_seconds=2.0)
    with serve(site) as server:
        run = crawl(server.base_url, db, "--json", mode="latest", now=site.now)
        requested = paths(server.requests)
    assert run.returncode == 0, run.stderr[-3000:]
    articles = {row["url"]: row for row in query(db, "SELECT * FROM articles")}
    assert set(site.new_urls()) <= set(articles)
    for url in site.edited_urls():
        assert articles[url]["versions"] == 2, url
        assert articles[url]["title"] == site.articles[url].title
    for url in site.withdrawn_urls():
        assert articles[url]["status"] == "withdrawn", url
        assert articles[url]["body"], "a withdrawn article keeps its content"
    versions = query(db, "SELECT url, version FROM article_versions WHERE url = ?",
                     site.edited_urls()[0])
    assert [row["version"] for row in versions] == [1, 2]
    assert len(requested) < 80, "a latest run needs few requests"
    assert [p for p in requested if "start=" in p] == []
    assert run.json()["new"] >= len(site.new_urls())
    assert run.json()["withdrawn"] == len(site.withdrawn_urls())


def test_rerunning_changes_nothing_but_last_seen(backfilled, tmp_path):
    db = tmp_path / "monitor.db"
    shutil.copy(backfilled["db"], db)
    before = query(db, "SELECT url, content_hash, versions, first_seen FROM articles ORDER BY url")
    site = backfilled["site"]
    with serve(site) as server:
        run = crawl(server.base_url, db, "--json", mode="latest", now=site.now)
    assert run.returncode == 0, run.stderr[-3000:]
    after = query(db, "SELECT url, content_hash, versions, first_seen FROM articles ORDER BY url")
    assert [tuple(row) for row in after] == [tuple(row) for row in before]
    assert run.json()["new"] == run.json()["changed"] == 0
    assert run.json()["unchanged"] > 0


def test_latest_on_an_empty_archive_takes_the_news_with_few_requests(tmp_path):
    site = build_site(240, hostile=False)
    with serve(site) as server:
        run = crawl(server.base_url, tmp_path / "monitor.db", "--json", mode="latest", now=site.now)
        requested = paths(server.requests)
    assert run.returncode == 0, run.stderr[-3000:]
    held = {row["url"] for row in query(tmp_path / "monitor.db", "SELECT url FROM articles")}
    assert set(site.live_article_urls()[:20]) <= held, "the first listing page"
    assert len(requested) < 100
    assert [p for p in requested if "start=" in p] == []


def test_backfill_stops_at_max_pages(tmp_path):
    site = build_site(240, hostile=False)
    with serve(site) as server:
        run = crawl(server.base_url, tmp_path / "monitor.db", "--max-pages", "2")
        requested = paths(server.requests)
    assert run.returncode == 0, run.stderr[-3000:]
    assert [p for p in requested if p.startswith("/ua/?") or p == "/ua/"] == ["/ua/",
                                                                            "/ua/?start=20"]


def test_backfill_stops_at_since(tmp_path):
    site = build_site(240, hostile=False)
    since = site.live_articles()[45].published.date()
    with serve(site) as server:
        run = crawl(server.base_url, tmp_path / "monitor.db", "--since", since.isoformat())
        requested = paths(server.requests)
    assert run.returncode == 0, run.stderr[-3000:]
    listings = [p for p in requested if p.startswith("/ua/?") or p == "/ua/"]
    assert 2 <= len(listings) <= 4
    held = {row["url"] for row in query(tmp_path / "monitor.db", "SELECT url FROM articles")}
    newer = {a.url for a in site.live_articles() if a.published.date() >= since}
    assert newer <= held


def test_a_stopped_backfill_resumes_without_fetching_twice(tmp_path):
    site = build_site(120, hostile=False)
    jobdir = tmp_path / "job"
    with serve(site) as server:
        first = crawl(server.base_url, tmp_path / "monitor.db", "--jobdir", str(jobdir),
                      settings={"CLOSESPIDER_ITEMCOUNT": "40"})
        held_after_first = query(tmp_path / "monitor.db", "SELECT count(*) FROM articles")[0][0]
        second = crawl(server.base_url, tmp_path / "monitor.db", "--jobdir", str(jobdir))
        requested = paths(server.requests)
    assert first.returncode == 0 and second.returncode == 0, second.stderr[-3000:]
    assert 0 < held_after_first < len(site.live_article_urls())
    held = [row["url"] for row in query(tmp_path / "monitor.db", "SELECT url FROM articles")]
    assert sorted(held) == sorted(site.live_article_urls())
    pages = [p for p in requested if p != "/robots.txt"]
    assert [p for p, n in Counter(pages).items() if n > 1] == []


def test_bad_arguments_get_one_line_and_exit_2(tmp_path):
    from click.testing import CliRunner

    from monitor_scraper.cli import cli

    for args in (["--since", "yesterday"], ["--max-pages", "0"], ["--mode", "everything"],
                 ["--set", "NOEQUALS"]):
        result = CliRunner().invoke(cli, ["crawl", "--db", str(tmp_path / "x.db"), *args])
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output


def test_a_latest_run_right_after_another_looks_again_only_at_what_is_due(tmp_path):
    """With the default MONITOR_REFRESH_AGE_SHARE, an article fetched seconds ago is not
    fetched again, however recent; with 0 every recent article is."""
    site = build_site(60, hostile=False)
    db = tmp_path / "monitor.db"
    with serve(site) as server:
        assert crawl(server.base_url, db, mode="latest", now=site.now).returncode == 0
        archived = {row["url"].removeprefix("https://monitor.cn.ua") for row in
                    query(db, "SELECT url FROM articles")}
        asked = []
        for share in ("0.25", "0"):
            before = len(server.requests)
            run = crawl(server.base_url, db, mode="latest", now=site.now,
                        settings={"MONITOR_REFRESH_AGE_SHARE": share})
            assert run.returncode == 0, run.stderr[-2000:]
            asked.append({path for _m, path, _a in server.requests[before:]} & archived)
    recent = {urlsplit(url).path for url in site.live_article_urls()
              if site.articles[url].published >= site.now - timedelta(days=3)}
    assert asked[0] == set()
    assert asked[1] == recent & archived and asked[1]
