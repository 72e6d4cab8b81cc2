"""One crawl at a time per archive: a second crawl exits at once with status 6 and says who holds
the lock; a lock whose holder was killed does not block; `scrapy crawl` (and so Scrapyd) takes
the same lock."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from crawling import BIN, FAST, crawl, query
from paths import REPO

from monitor_scraper.archive import Archive
from monitor_scraper.crawl import report, runlock
from monitor_scraper.standin import build_site, serve

UNUSED = "http://127.0.0.1:9"  # nothing listens there; a locked crawl stops before asking


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


def scrapy_crawl(base_url: str, db: Path, mode: str = "latest") -> subprocess.CompletedProcess[str]:
    """`scrapy crawl monitor` as Scrapyd runs it: no `monitor-scraper crawl` around it."""
    settings = {**FAST, "MONITOR_DB": str(db), "MONITOR_BASE_URL": base_url,
                "MONITOR_WARC_DIR": str(db.parent / "warc"), "LOG_LEVEL": "INFO"}
    command = [str(BIN / "scrapy"), "crawl", "monitor", "-a", f"mode={mode}"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.run(command, capture_output=True, text=True, timeout=240, check=False,
                          cwd=REPO)  # where scrapy.cfg is


def test_a_scrapy_crawl_of_a_locked_archive_stores_nothing(tmp_path):
    db = tmp_path / "monitor.db"
    Archive(db).close()  # the archive another crawl is writing to
    with runlock.crawl_lock(db):
        run = scrapy_crawl(UNUSED, db)
    errors = [line for line in run.stderr.splitlines() if " ERROR: " in line]
    assert len(errors) == 1, run.stderr[-3000:]
    assert errors[0].endswith(f"Not crawling: another crawl (pid {os.getpid()}) is writing to "
                              f"{db}; lock file {db}.lock")
    assert "'finish_reason': 'archive_locked'" in run.stderr
    assert "Traceback" not in run.stderr
    assert query(db, "SELECT count(*) FROM crawls")[0][0] == 0
    assert run.returncode == report.EXIT_LOCKED
    assert run.stderr.rstrip().splitlines()[-1] == (
        f"Error: not crawling: another crawl (pid {os.getpid()}) is writing to {db}; "
        f"lock file {db}.lock")


def test_a_scrapy_crawl_takes_the_lock_itself(tmp_path):
    db = tmp_path / "monitor.db"
    site = build_site(30, hostile=False)
    with serve(site) as server:
        run = scrapy_crawl(server.base_url, db)
    assert "'finish_reason': 'finished'" in run.stderr, run.stderr[-3000:]
    assert run.returncode == 0
    holder = int((tmp_path / "monitor.db.lock").read_text())
    assert holder not in (0, os.getpid())  # the crawl's own process wrote it
    assert runlock.holder(db) is None
    crawls = query(db, "SELECT exit_status, articles_new FROM crawls")
    stored = query(db, "SELECT count(*) FROM articles")[0][0]
    assert [tuple(row) for row in crawls] == [(0, stored)] and stored > 0


def test_a_scrapy_crawl_of_an_unreachable_site_exits_3(tmp_path):
    run = scrapy_crawl(UNUSED, tmp_path / "monitor.db")
    assert run.returncode == report.EXIT_UNREACHABLE, run.stderr[-3000:]
    assert run.stderr.rstrip().splitlines()[-1].startswith(
        "Error: the site could not be reached")
    assert query(tmp_path / "monitor.db", "SELECT exit_status FROM crawls")[0][0] == 3


def test_a_scrapy_crawl_with_a_bad_argument_is_one_line_and_status_2(tmp_path):
    run = scrapy_crawl(UNUSED, tmp_path / "monitor.db", mode="sideways")
    assert run.returncode == 2
    assert run.stderr.strip().splitlines()[-1] == (
        "Error: mode must be one of latest, backfill, not 'sideways'")
    assert "Traceback" not in run.stderr and "Spider opened" not in run.stderr
    assert not (tmp_path / "monitor.db").exists()


def test_a_scrapy_crawl_that_cannot_write_its_archive_exits_7(tmp_path):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("", encoding="utf-8")
    run = scrapy_crawl(UNUSED, not_a_folder / "monitor.db")
    assert run.returncode == report.EXIT_ARCHIVE_UNWRITABLE
    assert run.stderr.strip().splitlines()[-1].startswith(
        f"Error: the archive cannot be written: {not_a_folder / 'monitor.db'}")
    assert "Traceback" not in run.stderr and "Spider opened" not in run.stderr


def test_a_scrapy_crawl_of_a_file_that_is_no_archive_exits_7(tmp_path):
    db = tmp_path / "monitor.db"
    db.write_bytes(b"this is not an SQLite file at all, just some text that came here " * 20)
    run = scrapy_crawl(UNUSED, db)
    assert run.returncode == report.EXIT_ARCHIVE_UNWRITABLE
    assert run.stderr.strip().splitlines()[-1].startswith(
        f"Error: the archive cannot be written: {db}")
    assert "Traceback" not in run.stderr
