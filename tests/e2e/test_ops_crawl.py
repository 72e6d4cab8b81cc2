"""What each run reports: counts of a first and a second backfill, the summary block, the log file
per crawl, a quiet console without a terminal, the progress line, and `status` afterwards."""

from __future__ import annotations

import json
import os
import re
import time

import pytest
from crawling import crawl, monitor_scraper

from monitor_scraper.archive import Archive
from monitor_scraper.standin import build_site, serve


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """A backfill of state 1 (JSON summary), then one of state 2 (text summary, progress on)."""
    folder = tmp_path_factory.mktemp("ops_crawl")
    db = folder / "monitor.db"
    state1 = build_site(60, hostile=False)
    state2 = build_site(60, state=2, hostile=False)
    with serve(state1) as server:
        first = crawl(server.base_url, db, "--json")
        server.set_site(state2)
        second = crawl(server.base_url, db, settings={"MONITOR_PROGRESS": "on"})
    added = set(state2.live_article_urls()) - set(state1.live_article_urls())
    return {"folder": folder, "db": db, "first": first, "second": second, "added": added,
            "state1": state1}


def test_first_run_counts_every_article_new(two_runs):
    run = two_runs["first"]
    assert run.returncode == 0, run.stderr[-2000:]
    summary = run.json()
    live = len(two_runs["state1"].live_article_urls())
    assert (summary["new"], summary["changed"], summary["unchanged"], summary["withdrawn"],
            summary["failed"]) == (live, 0, 0, 0, 0)
    assert summary["exit_status"] == 0 and summary["reason"] == "ok" and summary["drift"] == []
    assert summary["pages_fetched"] > live and summary["duration_seconds"] > 0


def test_second_run_counts_only_what_state_2_added(two_runs):
    run = two_runs["second"]
    assert run.returncode == 0, run.stderr[-2000:]
    assert two_runs["added"]
    match = re.search(r"articles\s+(\d+) new, (\d+) changed, (\d+) unchanged, (\d+) withdrawn",
                      run.stdout)
    assert match and int(match.group(1)) == len(two_runs["added"])


def test_the_summary_is_stored_with_the_crawl(two_runs):
    with Archive(two_runs["db"], readonly=True) as archive:
        rows = archive.db.execute(
            "SELECT id, exit_status, articles_new, summary FROM crawls ORDER BY id").fetchall()
    first = two_runs["first"].json()
    assert [row[1] for row in rows] == [0, 0]
    stored = json.loads(rows[0][3])
    assert stored["new"] == rows[0][2] == first["new"]
    assert stored["duration_seconds"] is not None and stored["log_file"] == first["log_file"]


def test_the_text_summary_is_a_short_block(two_runs):
    lines = two_runs["second"].stdout.strip().splitlines()
    assert lines[0].startswith("Crawl 2 finished in ") and "exit status 0 (ok)" in lines[0]
    labels = [line.split()[0] for line in lines[1:]]
    assert labels == ["pages", "articles", "errors", "fields", "log", "warc"]
    assert len(lines) <= 8


def test_each_crawl_has_its_log_file_with_the_full_log(two_runs):
    folder = two_runs["folder"]
    logs = sorted((folder / "data" / "logs").glob("crawl-*-backfill.log"))
    assert len(logs) == 2
    assert re.fullmatch(r"crawl-\d{8}T\d{6}Z-backfill\.log", logs[0].name)
    assert two_runs["first"].json()["log_file"] == f"data/logs/{logs[0].name}"
    text = logs[0].read_text(encoding="utf-8")
    assert "INFO: Spider opened" in text and "Dumping Scrapy stats" in text


def test_without_a_terminal_the_console_is_quiet(two_runs):
    stderr = two_runs["first"].stderr
    assert " INFO" not in stderr and "Spider opened" not in stderr
    assert "\x1b[K" not in stderr  # no progress line


def test_progress_on_draws_a_line_on_stderr(two_runs):
    stderr = two_runs["second"].stderr
    last = stderr.split("\x1b[K")[-1].strip()  # text mode reads the "\r" before it as "\n"
    assert re.match(r"\d+ pages, [\d.]+/s · \d+ articles \(\d+ new\) · 0 errors · listing \d+/\d+",
                    last), stderr[-500:]


def test_status_shows_the_runs_and_the_totals(two_runs):
    run = monitor_scraper("status", "--db", str(two_runs["db"]), cwd=two_runs["folder"])
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"Archive {two_runs['db']}: ")
    rows = [line.split() for line in lines if re.match(r"\s+\d+\s+backfill", line)]
    assert [row[0] for row in rows] == ["2", "1"]
    assert rows[1][-2:] == ["0", "ok"]
    as_json = monitor_scraper("status", "--db", str(two_runs["db"]), "--json", "--last", "1",
                              cwd=two_runs["folder"]).json()
    assert [crawl["id"] for crawl in as_json["crawls"]] == [2]
    assert as_json["totals"]["crawls"] == 2 and as_json["running_pid"] is None


@pytest.mark.parametrize(("keep_days", "kept_old"), [(None, False), (0, True)])
def test_logs_older_than_the_kept_days_are_deleted_as_a_crawl_starts(tmp_path, keep_days,
                                                                      kept_old):
    logs = tmp_path / "data" / "logs"
    logs.mkdir(parents=True)
    old, recent, other = (logs / "crawl-20250101T000000Z-latest.log",
                          logs / "crawl-20261101T000000Z-latest.log", logs / "notes.txt")
    for path in (old, recent, other):
        path.write_text("x", encoding="utf-8")
    hundred_days_ago = time.time() - 100 * 86400
    os.utime(old, (hundred_days_ago, hundred_days_ago))
    os.utime(other, (hundred_days_ago, hundred_days_ago))
    settings = {} if keep_days is None else {"MONITOR_LOG_KEEP_DAYS": keep_days}
    run = crawl("http://127.0.0.1:9", tmp_path / "monitor.db", mode="latest", settings=settings)
    assert run.returncode == 3, run.stderr[-2000:]  # nothing listens there
    assert old.exists() is kept_old
    assert recent.exists() and other.exists()
    assert len(list(logs.glob("crawl-*.log"))) == (3 if kept_old else 2)  # with the new one
