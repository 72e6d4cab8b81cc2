"""robots.txt's Crawl-delay and Request-rate, which Scrapy reads but does not apply, kept by the
crawl: what a robots.txt asks for, and the spacing of a real crawl's requests at the stand-in."""

from __future__ import annotations

import pytest
from crawling import crawl

from monitor_scraper.crawl.middlewares import robots_delay
from monitor_scraper.standin import build_site, serve

AGENT = "monitor-scraper/0.1 (+https://example.invalid/contact)"


@pytest.mark.parametrize(("robots", "asked"), [
    ("User-agent: *\nCrawl-delay: 2.5\n", 2.5),
    ("User-agent: *\nRequest-rate: 1/10s\n", 10.0),
    ("User-agent: *\nCrawl-delay: 4\nRequest-rate: 3/6s\n", 4.0),
    ("User-agent: monitor-scraper\nCrawl-delay: 7\n\nUser-agent: *\nCrawl-delay: 1\n", 7.0),
    ("User-agent: otherbot\nCrawl-delay: 9\n", None),
    ("User-agent: *\nDisallow: /private/\n", None),
    ("\x00\xff garbage <html>", None),
])
def test_what_a_robots_txt_asks_for(robots, asked):
    assert robots_delay(robots.encode("latin-1"), AGENT) == asked


def spacing(server) -> list[float]:
    """Seconds between each request and the one before it, after robots.txt."""
    times = server.request_times[1:]
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


def test_a_crawl_keeps_the_crawl_delay(tmp_path):
    site = build_site(30, hostile=False)
    site.crawl_delay = 0.25
    with serve(site) as server:
        run = crawl(server.base_url, tmp_path / "monitor.db", mode="latest", now=site.now)
        gaps = spacing(server)
    assert run.returncode == 0, run.stderr[-3000:]
    assert server.paths()[0] == "/robots.txt" and len(gaps) >= 5
    assert min(gaps) >= 0.25 - 0.02  # the timer's grain
    log = next((tmp_path / "data" / "logs").glob("crawl-*.log")).read_text(encoding="utf-8")
    assert f"robots.txt of 127.0.0.1:{server.port} asks for 0.25 s between requests: kept" in log


def test_a_delay_longer_than_the_maximum_is_capped_and_said(tmp_path):
    site = build_site(30, hostile=False)
    site.crawl_delay = 30
    with serve(site) as server:
        run = crawl(server.base_url, tmp_path / "monitor.db", mode="latest", now=site.now,
                    settings={"MONITOR_ROBOTS_DELAY_MAX": "0.1"})
        gaps = spacing(server)
    assert run.returncode == 0, run.stderr[-3000:]
    assert min(gaps) >= 0.1 - 0.02 and len(gaps) >= 5
    assert (f"robots.txt of 127.0.0.1:{server.port} asks for 30 s between requests: keeping "
            "0.1 s (MONITOR_ROBOTS_DELAY_MAX)") in run.stderr


def test_requests_made_together_before_robots_txt_is_read_all_obey_it(tmp_path):
    """A resumed crawl starts with many requests at once, all waiting for robots.txt: each is
    judged by it (Scrapy's own middleware let all but the first through)."""
    from monitor_scraper.crawl.frontier import LEDGER_NAME

    site = build_site(30, hostile=False)
    jobdir = tmp_path / "job"
    jobdir.mkdir()
    wanted = sorted(site.live_article_urls())[:6]
    forbidden = site.private_urls()[0]
    lines = [f"+\tarticle\t{url}\n" for url in [*wanted[:3], forbidden, *wanted[3:]]]
    (jobdir / LEDGER_NAME).write_text("".join(lines), encoding="utf-8")
    with serve(site) as server:
        run = crawl(server.base_url, tmp_path / "monitor.db", "--jobdir", str(jobdir))
        asked = server.paths()
    assert run.returncode == 0, run.stderr[-3000:]
    assert {url.removeprefix("https://monitor.cn.ua") for url in wanted} <= set(asked)
    assert not [path for path in asked if path.startswith("/ua/private/")]
