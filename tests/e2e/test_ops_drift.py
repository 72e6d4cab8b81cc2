"""The drift alarm: field rates counted per article page, judged against thresholds, and a crawl
of a stand-in whose article pages lost their date line exiting with status 5."""

from __future__ import annotations

import json
from datetime import datetime
from types import SimpleNamespace

import pytest
from crawling import crawl
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from monitor_scraper.archive import Archive
from monitor_scraper.crawl import drift, report
from monitor_scraper.crawl.pipelines import FieldRatePipeline
from monitor_scraper.items import Article, FetchFailure, LatestNewsItem
from monitor_scraper.standin import build_site, serve

ANSWERED = {"downloader/response_status_count/200": 20, "monitor/articles_new": 10}


def rates(pages: int, **found: int) -> dict:
    stats = {**ANSWERED, drift.PAGES_KEY: pages}
    for name in drift.REQUIRED_FIELDS:
        stats[drift.found_key(name)] = found.get(name, pages)
    return stats


def article(number: int, published: bool = True) -> Article:
    return Article(
        url=f"https://monitor.cn.ua/ua/politics/{number}", article_id=number, section="politics",
        title="Заголовок", body="Текст.",
        published=datetime.fromisoformat("2024-05-01T10:00:00+03:00") if published else None,
        latest_news=[LatestNewsItem(title="Новина", url=None, time="10:00")],
    )


def test_a_field_under_the_threshold_is_exit_status_5_naming_it():
    stats = rates(10, published=2)
    stats[drift.missing_key("published")] = ["https://monitor.cn.ua/ua/politics/1"]
    outcome = report.outcome(stats, drift.DriftRules())
    assert outcome.exit_status == report.EXIT_DRIFT == 5
    assert "published" in outcome.reason and "20%" in outcome.reason
    assert "https://monitor.cn.ua/ua/politics/1" in outcome.reason
    assert "\n" not in outcome.reason
    assert outcome.drift[0]["field"] == "published"


def test_fields_at_their_threshold_pass():
    assert report.outcome(rates(10, body=9), drift.DriftRules()).exit_status == report.EXIT_OK


def test_too_few_pages_are_not_judged():
    stats = rates(4, title=0)
    assert report.outcome(stats, drift.DriftRules(min_pages=5)).exit_status == report.EXIT_OK
    assert report.outcome(stats, drift.DriftRules(min_pages=4)).exit_status == report.EXIT_DRIFT


def test_per_field_thresholds_from_settings():
    settings = Settings({"MONITOR_DRIFT_THRESHOLD": 0.9, "MONITOR_DRIFT_MIN_PAGES": 5,
                         "MONITOR_DRIFT_THRESHOLDS": json.dumps({"latest_news": 0.5})})
    rules = drift.DriftRules.from_settings(settings)
    assert report.outcome(rates(10, latest_news=6), rules).exit_status == report.EXIT_OK
    assert report.outcome(rates(10, latest_news=4), rules).exit_status == report.EXIT_DRIFT


def test_unreachable_and_nothing_parsed_come_before_drift():
    assert report.outcome({drift.PAGES_KEY: 10}).exit_status == report.EXIT_UNREACHABLE


def test_field_rate_pipeline_counts_found_fields_and_samples_missing_ones():
    stats = MemoryStatsCollector(SimpleNamespace(settings=Settings()))
    pipeline = FieldRatePipeline(SimpleNamespace(stats=stats))
    for number in range(8):
        pipeline.process_item(article(number, published=number < 2))
    pipeline.process_item(FetchFailure(url="https://monitor.cn.ua/ua/x/1", status=404, reason="x"))
    values = stats.get_stats()
    assert values[drift.PAGES_KEY] == 8
    assert values[drift.found_key("published")] == 2
    assert values[drift.found_key("title")] == 8
    assert len(values[drift.missing_key("published")]) == drift.SAMPLE_SIZE
    assert drift.field_rates(values)["published"] == 0.25


@pytest.fixture(scope="module")
def drifted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("drift")
    site = build_site(60, markup="drift", hostile=False)
    with serve(site) as server:
        run = crawl(server.base_url, folder / "monitor.db", "--json")
    return {"folder": folder, "run": run, "site": site}


def test_a_crawl_of_pages_without_date_lines_exits_5_naming_published(drifted):
    run = drifted["run"]
    assert run.returncode == report.EXIT_DRIFT, run.stderr[-2000:]
    error = [line for line in run.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1
    assert "published" in error[0] and "0%" in error[0] and "https://monitor.cn.ua/ua/" in error[0]
    summary = run.json()
    assert summary["exit_status"] == 5
    assert [item["field"] for item in summary["drift"]] == ["published"]
    assert summary["fields"]["published"] == 0.0 and summary["fields"]["title"] == 1.0


def test_a_drifted_crawl_still_keeps_its_captures_and_its_record(drifted):
    folder = drifted["folder"]
    assert list((folder / "warc").glob("*.warc.gz"))
    with Archive(folder / "monitor.db", readonly=True) as archive:
        exit_status, summary = archive.db.execute(
            "SELECT exit_status, summary FROM crawls").fetchone()
        stored = archive.totals()["articles"]
    assert exit_status == 5
    assert json.loads(summary)["drift"][0]["field"] == "published"
    assert stored == len(drifted["site"].live_article_urls())
