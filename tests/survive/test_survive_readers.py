"""Readers during a crawl: `monitor-scraper serve` (Datasette) and a plain sqlite3 client query the
archive the whole time a crawl writes to it, and nobody sees "database is locked".

The archive is created empty first so that Datasette can be started before the crawl; the readers
run until the crawl exits, and must have seen the article count grow (they overlapped writes).
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import urlopen

import pytest
from survive_support import BIN, crawl_command, integrity

from monitor_scraper.archive import Archive
from monitor_scraper.standin import build_site, serve

LOCKED = "database is locked"
READER_QUERIES = (
    "SELECT count(*) FROM articles",
    "SELECT url, title, published FROM articles ORDER BY published DESC LIMIT 20",
    "SELECT count(*) FROM article_versions v JOIN articles a ON a.version_id = v.id",
    "SELECT count(*) FROM latest_news",
    "SELECT rowid FROM article_search WHERE article_search MATCH 'чернігів' LIMIT 5",
)
PAGES = (
    "/monitor/articles.json?_shape=objects&_size=20",
    "/monitor/articles.json?_q=" + quote("Чернігів") + "&_shape=objects",
    "/monitor.json?sql=" + quote("select count(*) as n from articles") + "&_shape=array",
    "/monitor/articles_per_month.json?_shape=objects",
    "/monitor/latest_news.json?_size=10",
)


class Reader(threading.Thread):
    """Runs `query(step)` over and over until told to stop; counts answers, keeps errors."""

    def __init__(self, query: Callable[[int], int | None]) -> None:
        super().__init__(daemon=True)
        self.query = query
        self.stop = threading.Event()
        self.answers = 0
        self.errors: list[str] = []
        self.counts: set[int] = set()

    def run(self) -> None:
        step = 0
        while not self.stop.is_set():
            try:
                count = self.query(step)
            except Exception as error:  # noqa: BLE001 - every failure is a finding
                self.errors.append(f"{type(error).__name__}: {error}")
            else:
                self.answers += 1
                if count is not None:
                    self.counts.add(count)
            step += 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sqlite_reader(db: Path) -> Reader:
    import sqlite3

    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)

    def query(step: int) -> int | None:
        sql = READER_QUERIES[step % len(READER_QUERIES)]
        if step % 10 == 0:  # now and then, hold one snapshot across several statements
            with connection:
                connection.execute("BEGIN")
                for statement in READER_QUERIES:
                    connection.execute(statement).fetchall()
        found = connection.execute(sql).fetchall()
        return int(found[0][0]) if step % len(READER_QUERIES) == 0 else None

    return Reader(query)


def datasette_reader(base: str) -> Reader:
    def query(step: int) -> int | None:
        path = PAGES[step % len(PAGES)]
        try:
            with urlopen(base + path, timeout=30) as answer:
                text = answer.read().decode()
        except HTTPError as error:
            raise RuntimeError(f"{path}: HTTP {error.code} {error.read()[:300]!r}") from None
        if LOCKED in text or '"error"' in text and '"error": null' not in text:
            raise RuntimeError(f"{path}: {text[:300]}")
        return int(json.loads(text)[0]["n"]) if "sql=" in path else None

    return Reader(query)


def wait_until_served(base: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            pytest.fail(f"serve exited: {server.communicate()[1][-2000:]}")
        try:
            with urlopen(base + "/-/versions.json", timeout=2):
                return
        except (URLError, ConnectionError):
            time.sleep(0.1)
    pytest.fail("Datasette did not start")


@pytest.fixture(scope="module")
def crawl_with_readers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readers")
    db = folder / "monitor.db"
    Archive(db).close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    served = subprocess.Popen([str(BIN / "monitor-scraper"), "serve", "--db", str(db),
                               "--port", str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=folder)
    try:
        wait_until_served(base, served)
        readers = [sqlite_reader(db), datasette_reader(base)]
        site = build_site(120, hostile=False)
        with serve(site) as stand_in:
            for reader in readers:
                reader.start()
            command = crawl_command(stand_in.base_url, db, settings={
                "DOWNLOAD_DELAY": "0.02", "LOG_LEVEL": "DEBUG", "LOG_FILE": folder / "crawl.log"})
            crawl = subprocess.run(command, capture_output=True, text=True, cwd=folder,
                                   timeout=240, check=False)
            for reader in readers:
                reader.stop.set()
                reader.join(timeout=60)
    finally:
        served.terminate()
        served.communicate(timeout=30)
    log = (folder / "crawl.log").read_text() if (folder / "crawl.log").exists() else ""
    return {"crawl": crawl, "readers": readers, "db": db, "site": site, "log": log}


def test_the_crawl_never_meets_a_locked_database(crawl_with_readers):
    crawl = crawl_with_readers["crawl"]
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert crawl_with_readers["log"] or "DEBUG" in crawl.stderr  # the log was read
    for text in (crawl.stderr, crawl.stdout, crawl_with_readers["log"]):
        assert LOCKED not in text
    stored = json.loads(crawl.stdout)["new"]
    assert stored == len(crawl_with_readers["site"].live_article_urls())
    assert integrity(crawl_with_readers["db"]) == "ok"


@pytest.mark.parametrize("which", [0, 1], ids=["sqlite3", "datasette"])
def test_readers_answer_every_query(crawl_with_readers, which):
    reader = crawl_with_readers["readers"][which]
    assert reader.errors == []
    assert reader.answers > 0


@pytest.mark.parametrize("which", [0, 1], ids=["sqlite3", "datasette"])
def test_readers_overlapped_the_writes(crawl_with_readers, which):
    counts = crawl_with_readers["readers"][which].counts
    assert len(counts) >= 2, counts  # saw the archive at two stages of the crawl
