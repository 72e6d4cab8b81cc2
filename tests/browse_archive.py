"""An archive built by real crawls of the stand-in site, for the browsing-page tests.

State 1 is crawled in full (backfill); then, with the site switched to state 2 ("a day later"), a
latest run re-fetches recent articles, so the edited ones get a second version and two go missing.
"""

from __future__ import annotations

from pathlib import Path

from crawling import crawl

from monitor_scraper.standin import build_site, serve
from monitor_scraper.standin.model import STATE_NOW

ARTICLES = 60


def _crawl(base_url: str, db: Path, mode: str, settings: dict[str, str]) -> dict:
    run = crawl(base_url, db, "--json", mode=mode, settings=settings)
    assert run.returncode == 0, run.stderr[-3000:]
    return run.json()


def crawl_two_states(folder: Path) -> Path:
    """Crawl state 1, then a latest run of state 2, into `folder`/monitor.db; its path."""
    db = folder / "monitor.db"
    with serve(build_site(ARTICLES, hostile=False)) as server:
        first = _crawl(server.base_url, db, "backfill", {})
        assert first["new"] >= ARTICLES
        server.set_site(build_site(ARTICLES, state=2, hostile=False))
        second = _crawl(server.base_url, db, "latest", {"MONITOR_NOW": STATE_NOW[2].isoformat()})
        assert second["changed"] >= 2, second
    return db
