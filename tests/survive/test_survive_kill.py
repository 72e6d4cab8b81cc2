"""Kill -9 in the middle of a backfill, then the same command again with the same JOBDIR.

The backfill completes; every article is archived exactly once, with one version; nothing archived
before the kill is fetched again (only what was in flight may be); `PRAGMA integrity_check` is ok;
every WARC file reads to its end, except that the file being written at the kill may end in one
torn record; every article points at a readable capture of its own page. A crawl run again within
the second it was killed in does not lose its captures to a file-name clash.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import zlib
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from survive_support import connect, crawl_command, integrity, rows
from warcio.archiveiterator import ArchiveIterator

from monitor_scraper import urls
from monitor_scraper.captures.warc import WarcFileSet
from monitor_scraper.standin import build_site, serve

KILL_AFTER = 25  # articles in the archive when the first run is killed
# Slow enough to be killed mid-way, quick enough for CI: ~150 pages at 20 ms each.
SETTINGS = {"DOWNLOAD_DELAY": "0.02", "CONCURRENT_REQUESTS": "4",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}


def archived_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with connect(db) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except Exception:  # noqa: BLE001 - not created yet, or the schema is being written
        return 0


def kill_mid_way(command: list[str], cwd: Path, db: Path) -> tuple[int, int]:
    """Start the crawl, SIGKILL it once KILL_AFTER articles are archived; (pid, articles)."""
    crawl = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        for _ in range(2400):
            if crawl.poll() is not None:
                pytest.fail(f"the crawl ended (status {crawl.returncode}) before it was killed")
            if archived_count(db) >= KILL_AFTER:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the crawl archived too little to be killed mid-way")
        os.kill(crawl.pid, signal.SIGKILL)
    finally:
        crawl.wait(timeout=60)
    assert crawl.returncode == -signal.SIGKILL
    return crawl.pid, archived_count(db)


@pytest.fixture(scope="module")
def killed_and_resumed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill")
    db, jobdir = folder / "monitor.db", folder / "job"
    site = build_site(120, hostile=False)
    with serve(site) as server:
        command = crawl_command(server.base_url, db, args=("--jobdir", str(jobdir)),
                                settings=SETTINGS)
        _pid, at_kill = kill_mid_way(command, folder, db)
        stored_at_kill = {url for (url,) in rows(db, "SELECT url FROM articles")}
        first_requests = len(server.requests)
        files_at_kill = sorted((folder / "warc").glob("*.warc.gz"))
        resumed = subprocess.run(command, capture_output=True, text=True, cwd=folder,
                                 timeout=240, check=False)
        second = [path for _method, path, _agent in server.requests[first_requests:]]
    return {"site": site, "db": db, "folder": folder, "resumed": resumed, "at_kill": at_kill,
            "stored_at_kill": stored_at_kill, "files_at_kill": files_at_kill,
            "second_requests": second}


def test_the_resumed_backfill_completes(killed_and_resumed):
    resumed = killed_and_resumed["resumed"]
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    site = killed_and_resumed["site"]
    assert KILL_AFTER <= killed_and_resumed["at_kill"] < len(site.live_article_urls())
    assert json.loads(resumed.stdout)["new"] == (
        len(site.live_article_urls()) - len(killed_and_resumed["stored_at_kill"]))


def test_every_article_is_archived_exactly_once(killed_and_resumed):
    db, site = killed_and_resumed["db"], killed_and_resumed["site"]
    found = rows(db, "SELECT url, versions FROM articles")
    assert sorted(url for url, _ in found) == sorted(site.live_article_urls())
    assert {versions for _, versions in found} == {1}
    per_url = Counter(url for (url,) in rows(db, "SELECT url FROM article_versions"))
    assert set(per_url.values()) == {1} and len(per_url) == len(found)
    assert rows(db, "SELECT count(*) FROM article_search") == [(len(found),)]
    assert rows(db, "SELECT count(*) FROM articles WHERE version_id NOT IN "
                    "(SELECT rowid FROM article_search)") == [(0,)]
    assert rows(db, "SELECT count(*) FROM search_queue") == [(0,)]
    assert integrity(db) == "ok"


def test_nothing_archived_before_the_kill_is_fetched_again(killed_and_resumed):
    stored = {urlsplit(url).path for url in killed_and_resumed["stored_at_kill"]}
    again = [path for path in killed_and_resumed["second_requests"] if path in stored]
    assert again == []


def test_the_listing_is_walked_to_its_end_across_both_runs(killed_and_resumed):
    db, site = killed_and_resumed["db"], killed_and_resumed["site"]
    crawls = rows(db, "SELECT mode, finished, exit_status FROM crawls ORDER BY id")
    assert [mode for mode, _, _ in crawls] == ["backfill", "backfill"]
    assert crawls[0][1:] == (None, None)  # the killed run never finished
    assert crawls[1][2] == 0
    last_listing = urlsplit(site.listing_urls()[-1])
    assert f"{last_listing.path}?{last_listing.query}" in killed_and_resumed["second_requests"]


def whole_records(path: Path) -> tuple[list[tuple[str, str, int]], bytes]:
    """(type, target URI, offset) of each record read, and the bytes left unread after them."""
    data = path.read_bytes()
    found: list[tuple[str, str, int]] = []
    end = 0
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        try:
            for record in iterator:
                record.content_stream().read()
                found.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI")
                              or "", iterator.get_record_offset()))
                end = iterator.get_record_offset() + iterator.get_record_length()
        except Exception:  # noqa: BLE001, S110 - a torn record: what is left is checked below
            pass
    return found, data[end:]


def is_one_torn_member(tail: bytes) -> bool:
    """True when `tail` is the start of one gzip member that never ended."""
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        inflate.decompress(tail)
    except zlib.error:
        return False
    return not inflate.eof


def test_every_warc_file_reads_to_its_end(killed_and_resumed):
    folder = killed_and_resumed["folder"]
    killed_last = killed_and_resumed["files_at_kill"][-1]
    files = sorted((folder / "warc").glob("*.warc.gz"))
    assert len(files) > len(killed_and_resumed["files_at_kill"])  # the resumed run wrote its own
    for path in files:
        records, tail = whole_records(path)
        assert records and records[0][0] == "warcinfo", path.name
        if path == killed_last and tail:
            assert is_one_torn_member(tail), path.name  # the record being written at the kill
        else:
            assert tail == b"", path.name


def test_every_article_points_at_a_capture_of_its_page(killed_and_resumed):
    folder, db = killed_and_resumed["folder"], killed_and_resumed["db"]
    for url, warc_file, offset in rows(db, "SELECT url, warc_file, warc_offset FROM articles"):
        with (folder / "warc" / warc_file).open("rb") as handle:
            handle.seek(offset)
            record = next(iter(ArchiveIterator(handle)))
            assert record.rec_type == "response", url
            target = record.rec_headers.get_header("WARC-Target-URI")
            assert urls.canonical_article_url(target) == url
            assert record.content_stream().read(), url


def test_a_crawl_run_again_within_the_same_second_keeps_its_captures(tmp_path):
    started = datetime(2026, 11, 15, 6, 0, tzinfo=UTC)
    killed = WarcFileSet(tmp_path, 1024 * 1024, started, {"crawl": "killed"})
    again = WarcFileSet(tmp_path, 1024 * 1024, started, {"crawl": "again"})
    killed.writer()
    again.writer()
    killed.close()
    again.close()
    assert killed.names != again.names
    for name in (*killed.names, *again.names):
        records, tail = whole_records(tmp_path / name)
        assert [kind for kind, _, _ in records] == ["warcinfo"] and tail == b""
