"""One crawl at a time per archive: a second crawl exits at once with status 6 and says who holds
the lock; a lock whose holder was killed does not block."""

from __future__ import annotations

import os
import signal

import pytest
from crawling import crawl

from monitor_scraper import report, runlock
from monitor_scraper.standin import build_site, serve

UNUSED = "http://127.0.0.1:9"  # never fetched: a locked crawl stops before its first request


def test_a_second_crawl_exits_at_once_naming_the_holder(tmp_path):
    db = tmp_path / "monitor.db"
    with runlock.crawl_lock(db):
        run = crawl(UNUSED, db)
    assert run.returncode == report.EXIT_LOCKED == 6
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        f"Error: another crawl (pid {os.getpid()}) is writing to {db}; lock file {db}.lock"
    ]


def test_a_locked_crawl_says_so_in_json(tmp_path):
    db = tmp_path / "monitor.db"
    with runlock.crawl_lock(db):
        run = crawl(UNUSED, db, "--json")
    assert run.returncode == 6
    assert run.json()["exit_status"] == 6 and "another crawl" in run.json()["reason"]


def test_the_lock_is_exclusive_and_released(tmp_path):
    db = tmp_path / "monitor.db"
    with runlock.crawl_lock(db):
        assert runlock.holder(db) == os.getpid()
        with pytest.raises(runlock.ArchiveLocked, match=f"pid {os.getpid()}"), \
                runlock.crawl_lock(db):
            pass
    assert runlock.holder(db) is None
    with runlock.crawl_lock(db):
        pass


def hold_lock_in_child(db) -> int:
    """Fork a child that takes the archive's lock and waits to be killed; its pid."""
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(ready_read)
            with runlock.crawl_lock(db):
                os.write(ready_write, b"x")
                signal.pause()
        finally:
            os._exit(0)
    os.close(ready_write)
    assert os.read(ready_read, 1) == b"x"
    os.close(ready_read)
    return pid


def test_a_lock_left_by_a_killed_crawl_does_not_block(tmp_path):
    db = tmp_path / "monitor.db"
    pid = hold_lock_in_child(db)
    assert runlock.holder(db) == pid
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    assert (tmp_path / "monitor.db.lock").read_text().strip() == str(pid)  # left behind
    assert runlock.holder(db) is None
    site = build_site(30, hostile=False)
    with serve(site) as server:
        run = crawl(server.base_url, db, "--json")
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.json()["new"] == len(site.live_article_urls())
