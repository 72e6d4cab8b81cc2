"""`monitor-scraper status`: the last runs and the archive's totals, read off `crawls`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from monitor_scraper.archive import Archive
from monitor_scraper.cli import cli
from monitor_scraper.crawl import runlock

DRIFT = "extraction drift: published found on 0% of 57 article pages (threshold 90%), e.g. URL"


def make_archive(path):
    with Archive(path) as archive:
        done = archive.begin_crawl("latest", {})
        archive.end_crawl(done, exit_status=0, summary={"pages_fetched": 42,
                                                        "duration_seconds": 61.0})
        drifted = archive.begin_crawl("backfill", {})
        archive.end_crawl(drifted, exit_status=5, summary={"reason": DRIFT})
        archive.begin_crawl("latest", {})  # never finished


def status(*args: str):
    return CliRunner().invoke(cli, ["status", *args])


def test_status_lists_runs_newest_first_with_exit_and_reason(tmp_path):
    db = tmp_path / "monitor.db"
    make_archive(db)
    result = status("--db", str(db))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"Archive {db}: 0 articles (0 live, 0 withdrawn)")
    runs = [line.split() for line in lines if line.startswith("  ") and line.split()[0].isdigit()]
    assert [(row[0], row[1], row[-1]) for row in runs] == [
        ("3", "latest", "unfinished"), ("2", "backfill", "drift"), ("1", "latest", "ok")]
    assert runs[2][4:6] == ["61s", "42"]
    assert f"  run 2: {DRIFT}" in lines


def test_status_says_when_articles_wait_for_the_search_index(tmp_path):
    from archives import make_article

    db = tmp_path / "monitor.db"
    make_archive(db)
    assert "search index" not in status("--db", str(db)).output
    archive = Archive(db, index_every=1000, index_seconds=3600)
    archive.store_article(make_article(), crawl_id=None)
    archive.db.conn.close()  # killed before the queue went into the index
    assert "  search index: 1 waiting" in status("--db", str(db)).output.splitlines()[2]
    Archive(db).close()
    assert "search index" not in status("--db", str(db)).output


def test_a_run_holding_the_lock_is_running(tmp_path):
    db = tmp_path / "monitor.db"
    make_archive(db)
    with runlock.crawl_lock(db):
        result = status("--db", str(db), "--last", "1")
    assert "a crawl is running now (pid" in result.output
    assert result.output.rstrip().endswith("running")


def test_status_json(tmp_path):
    db = tmp_path / "monitor.db"
    make_archive(db)
    report = json.loads(status("--db", str(db), "--json", "--last", "2").output)
    assert [(run["id"], run["state"]) for run in report["crawls"]] == [(3, "unfinished"),
                                                                       (2, "drift")]
    assert report["totals"]["crawls"] == 3 and report["running_pid"] is None


def test_no_archive_is_a_one_line_error(tmp_path):
    result = status("--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: no archive at {tmp_path / 'none.db'} (crawl first, or give --db)"]



def test_status_says_what_the_archive_and_its_raw_captures_take_on_disk(tmp_path):
    db = tmp_path / "monitor.db"
    make_archive(db)
    warc = tmp_path / "warc"
    warc.mkdir()
    (warc / "monitor-20260301T000000Z-00000.warc.gz").write_bytes(b"x" * 3000)
    (warc / "monitor-20260301T000000Z-00001.warc.gz").write_bytes(b"x" * 2000)
    (warc / "notes.txt").write_text("not a capture")
    report = json.loads(status("--db", str(db), "--json", "--warc-dir", str(warc)).output)
    archive_files = [path for path in tmp_path.glob("monitor.db*") if path.suffix != ".lock"]
    assert report["disk"] == {
        "archive_bytes": sum(path.stat().st_size for path in archive_files),
        "warc_dir": str(warc), "warc_files": 2, "warc_bytes": 5000}
    line = status("--db", str(db), "--warc-dir", str(warc)).output.splitlines()[2]
    assert line.startswith("  on disk: archive ")
    assert line.endswith(f"; raw captures 4.9 KB in 2 WARC files ({warc})")
    none = tmp_path / "none"
    line = status("--db", str(db), "--warc-dir", str(none)).output.splitlines()[2]
    assert line.endswith(f"; no raw captures in {none}")
