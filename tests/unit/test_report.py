from datetime import datetime, timedelta

from monitor_scraper.crawl import report


def test_no_answer_means_unreachable():
    outcome = report.outcome({"downloader/response_status_count/503": 4})
    assert outcome.exit_status == report.EXIT_UNREACHABLE


def test_answers_but_nothing_stored_means_nothing_parsed():
    stats = {"downloader/response_status_count/200": 10, "monitor/failed": 9}
    assert report.outcome(stats).exit_status == report.EXIT_NOTHING_PARSED


def test_a_quiet_hour_that_read_the_listing_and_feeds_is_a_success():
    stats = {"downloader/response_status_count/200": 8, "monitor/failed": 1,
             "monitor/listing_links": 20, "monitor/feed_entries": 15}
    assert report.outcome(stats).exit_status == report.EXIT_OK


def test_stored_articles_mean_success():
    stats = {
        "downloader/response_status_count/200": 10,
        "monitor/articles_new": 3,
        "monitor/failed": 1,
    }
    assert report.outcome(stats).exit_status == report.EXIT_OK


def test_summary_counts_and_duration():
    start = datetime(2026, 1, 1, 12, 0, 0)
    stats = {
        "start_time": start,
        "finish_time": start + timedelta(seconds=90),
        "downloader/response_count": 12,
        "monitor/articles_new": 5,
        "monitor/articles_withdrawn": 1,
    }
    summary = report.summary(stats)
    assert summary["pages_fetched"] == 12
    assert summary["new"] == 5
    assert summary["withdrawn"] == 1
    assert summary["changed"] == 0
    assert summary["duration_seconds"] == 90.0
