"""The progress line: counts, rate, and for a backfill the listing pages left and the time left."""

from __future__ import annotations

import io

from monitor_scraper.crawl.progress import ListingProgress, format_duration, progress_line, wanted

STATS = {"downloader/response_count": 120, "monitor/articles_new": 90,
         "monitor/articles_unchanged": 10, "monitor/failed": 2}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_latest_line_has_pages_rate_articles_errors():
    assert progress_line(STATS, 60.0, None) == "120 pages, 2.0/s · 100 articles (90 new) · 2 errors"


def test_backfill_line_estimates_listing_pages_and_time_left():
    listing = ListingProgress(done=5, offsets={0, 20, 40, 60, 80})
    stats = {**STATS, "monitor/listing_last_offset": 1980}  # 100 pages of 20
    line = progress_line(stats, 50.0, listing)
    assert line.endswith("listing 5/100, ~15m50s left")  # 95 pages at 10 s each


def test_the_step_is_the_one_seen_and_max_pages_caps_the_total():
    listing = ListingProgress(done=2, offsets={0, 15})
    assert listing.step() == 15
    assert listing.total(300, None) == 21
    assert listing.total(300, 5) == 5
    assert ListingProgress().step() == 20


def test_durations():
    assert [format_duration(s) for s in (5, 75, 7300)] == ["5s", "1m15s", "2h01m"]


def test_auto_follows_the_terminal():
    assert wanted("auto", Terminal()) and not wanted("auto", io.StringIO())
    assert wanted("on", io.StringIO()) and not wanted("off", Terminal())
    assert not wanted("sometimes", io.StringIO())
