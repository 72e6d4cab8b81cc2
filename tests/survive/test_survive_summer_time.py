"""Time: publication times across the changes to and from summer time are stored with the right
offset, including the hour that occurs twice in October, where the page alone cannot tell and the
feed's RFC 822 offset settles it.

Kyiv: on 2021-03-28 the clocks went from 03:00 (+02:00) to 04:00 (+03:00); on 2021-10-31 from
04:00 (+03:00) back to 03:00 (+02:00), so 03:00-03:59 happened twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from survive_support import crawl_command, rows, run

from monitor_scraper.extract.dates import (
    AMBIGUOUS,
    NONEXISTENT,
    local_time_issue,
    parse_date_line,
    parse_rfc822,
)
from monitor_scraper.extract.feed import apply_offset_hint
from monitor_scraper.standin import build_site, serve

HOUR = timedelta(hours=1)


@pytest.mark.parametrize(("printed", "offset", "issue"), [
    ("28.03.2021 01:59", "+02:00", None),
    ("28.03.2021 02:59", "+02:00", None),
    ("28.03.2021 03:30", None, NONEXISTENT),  # skipped: no such wall-clock time
    ("28.03.2021 04:00", "+03:00", None),
    ("28.03.2021 04:15", "+03:00", None),
    ("20.06.2021 03:30", "+03:00", None),
    ("31.10.2021 02:59", "+03:00", None),
    ("31.10.2021 03:00", "+03:00", AMBIGUOUS),  # the first 03:00; the second is +02:00
    ("31.10.2021 03:59", "+03:00", AMBIGUOUS),
    ("31.10.2021 04:00", "+02:00", None),
    ("01.11.2021 03:30", "+02:00", None),
    ("27.03.2011 04:00", "+03:00", None),
    ("30.10.2011 03:30", "+03:00", AMBIGUOUS),
])
def test_date_lines_around_both_changes(printed, offset, issue):
    line = parse_date_line(printed + "Агенцiя")
    assert line is not None and line.published is not None
    assert line.warnings == ((issue,) if issue else ())
    if offset is not None:
        assert line.published.isoformat().endswith(offset)


def test_the_doubled_hour_has_two_instants_one_hour_apart():
    first = parse_rfc822("Sun, 31 Oct 2021 03:30:00 +0300")
    second = parse_rfc822("Sun, 31 Oct 2021 03:30:00 +0200")
    assert first is not None and second is not None
    # In UTC: Python subtracts two times of the same zone by wall clock, ignoring `fold`.
    assert second.astimezone(UTC) - first.astimezone(UTC) == HOUR
    assert (first.isoformat(), second.isoformat()) == (
        "2021-10-31T03:30:00+03:00", "2021-10-31T03:30:00+02:00")
    assert local_time_issue(first) == AMBIGUOUS


def test_instants_around_the_changes_are_an_hour_of_real_time():
    before = parse_rfc822("Sun, 28 Mar 2021 00:59:00 +0000")
    after = parse_rfc822("Sun, 28 Mar 2021 01:00:00 +0000")
    assert before is not None and after is not None
    assert (before.isoformat(), after.isoformat()) == (
        "2021-03-28T02:59:00+02:00", "2021-03-28T04:00:00+03:00")
    autumn = [parse_rfc822(f"Sun, 31 Oct 2021 0{hour}:30:00 +0000") for hour in (0, 1)]
    assert [moment.isoformat() for moment in autumn if moment] == [
        "2021-10-31T03:30:00+03:00", "2021-10-31T03:30:00+02:00"]


@pytest.mark.parametrize(("hint", "expected"), [
    ("Sun, 31 Oct 2021 03:30:00 +0200", "2021-10-31T03:30:00+02:00"),  # the second 03:30
    ("Sun, 31 Oct 2021 03:30:00 +0300", "2021-10-31T03:30:00+03:00"),  # the first
    ("Sun, 31 Oct 2021 01:30:00 +0000", "2021-10-31T03:30:00+02:00"),  # same instant in UTC
    ("Sun, 31 Oct 2021 05:30:00 +0200", "2021-10-31T03:30:00+03:00"),  # another time: no hint
])
def test_a_feed_offset_settles_the_doubled_hour(hint, expected):
    page = parse_date_line("31.10.2021 03:30Агенцiя")
    hinted = parse_rfc822(hint)
    assert page is not None and hinted is not None
    assert apply_offset_hint(page.published, hinted).isoformat() == expected


def test_a_crawl_stores_the_right_offsets(tmp_path):
    site = build_site(60, hostile=False)
    with serve(site) as server:
        result = run(crawl_command(server.base_url, tmp_path / "monitor.db"), tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    stored = dict(rows(tmp_path / "monitor.db", "SELECT url, published FROM articles"))
    expected = {
        "dst_fold": "2021-10-31T03:30:00+02:00",  # the second 03:30: only the feed can tell
        "dst_spring": "2021-03-28T04:15:00+03:00",
        "summer_night": "2021-06-20T03:30:00+03:00",
    }
    for name, published in expected.items():
        assert stored[site.article(name).url] == published, name
    for url, published in stored.items():
        assert published == site.articles[url].published.isoformat(), url
    instants = {url: datetime.fromisoformat(value).astimezone(UTC) for url, value in
                stored.items()}
    assert instants[site.article("dst_fold").url] == datetime(2021, 10, 31, 1, 30, tzinfo=UTC)
