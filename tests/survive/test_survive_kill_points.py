"""A backfill killed with SIGKILL at each point between an article's fetch and its commit, then
resumed with the same command and JOBDIR, archives every article of the site exactly once.

The ledger marks a request settled only once the archive has committed what its answer gave (or
recorded its failure), so a kill anywhere before that commit leaves the article to be asked for
again; and a resumed crawl asks again for a settled article that the archive does not hold.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest
from survive_support import crawl_command, rows

from monitor_scraper import settings as project
from monitor_scraper.crawl.frontier import LEDGER_NAME
from monitor_scraper.standin import build_site, serve

TESTS = Path(__file__).parent
KILLERS = {
    "fetched": ("DOWNLOADER_MIDDLEWARES", "kill_points.KillWhenFetched", 960),
    "extracted": ("SPIDER_MIDDLEWARES", "kill_points.KillWhenExtracted", 10),
    "storing": ("ITEM_PIPELINES", "kill_points.KillWhenStoring", 450),
    "stored": ("ITEM_PIPELINES", "kill_points.KillWhenStored", 600),
}
KILL_AT = 6  # the Nth article to reach the point: a few are stored before it
SLOW = {"CONCURRENT_REQUESTS": "2", "CONCURRENT_REQUESTS_PER_DOMAIN": "2"}


def killer_settings(point: str) -> dict[str, str]:
    setting, component, order = KILLERS[point]
    components = {**getattr(project, setting, {}), component: order}
    return {**SLOW, setting: json.dumps(components), "KILL_POINT": point, "KILL_AT": str(KILL_AT)}


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
        str(TESTS), os.environ.get("PYTHONPATH", "")]))}
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=240, check=False)


@pytest.fixture(scope="module")
def site():
    return build_site(30, hostile=False)


@pytest.mark.parametrize("point", list(KILLERS))
def test_a_kill_between_fetch_and_commit_loses_no_article(tmp_path, site, point):
    db, jobdir = tmp_path / "monitor.db", tmp_path / "job"
    with serve(site) as server:
        args = ("--jobdir", str(jobdir))
        killed = run(crawl_command(server.base_url, db, args=args,
                                   settings=killer_settings(point)), tmp_path)
        assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
        at_kill = rows(db, "SELECT count(*) FROM articles")[0][0]
        assert at_kill < len(site.live_article_urls())
        resumed = run(crawl_command(server.base_url, db, args=args), tmp_path)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    found = rows(db, "SELECT url, versions FROM articles")
    assert sorted(url for url, _ in found) == sorted(site.live_article_urls())
    assert {versions for _, versions in found} == {1}


def test_a_settled_article_the_archive_lacks_is_asked_again(tmp_path, site):
    """An older ledger (or one written ahead of a lost commit) says an article is settled; the
    archive does not hold it: the resumed crawl fetches it."""
    db, jobdir = tmp_path / "monitor.db", tmp_path / "job"
    with serve(site) as server:
        command = crawl_command(server.base_url, db, args=("--jobdir", str(jobdir)))
        first = run(command, tmp_path)
        assert first.returncode == 0, first.stderr[-2000:]
        lost = sorted(site.live_article_urls())[:3]
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == len(site.live_article_urls())
        with sqlite3.connect(db) as connection:
            for url in lost:
                connection.execute("DELETE FROM article_versions WHERE url = ?", [url])
                connection.execute("DELETE FROM articles WHERE url = ?", [url])
        ledger = (jobdir / LEDGER_NAME).read_text(encoding="utf-8")
        assert all(f"-\t{url}\n" in ledger for url in lost)
        # The crawl is unfinished in the ledger's eyes: one listing page was never settled.
        listing = next(line.split("\t")[2] for line in ledger.splitlines()
                       if line.startswith("+\tlisting\t"))
        (jobdir / LEDGER_NAME).write_text(ledger.replace(f"-\t{listing}\n", ""),
                                          encoding="utf-8")
        before = len(server.requests)
        resumed = run(command, tmp_path)
        again = {path for _method, path, _agent in server.requests[before:]}
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert {url.removeprefix("https://monitor.cn.ua") for url in lost} <= again
    assert sorted(url for (url,) in rows(db, "SELECT url FROM articles")) == sorted(
        site.live_article_urls())
