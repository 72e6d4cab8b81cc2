"""An analyst's read-only copy of the archive: the file read-only in a read-only folder, opened
by someone whom permissions stop. `search`, `status`, `verify`, `export` and `serve` all work and
write nothing at all, whether the copy is the database file alone or came with the WAL files of
an archive that was being written (whose last article lives only in the WAL)."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from archives import KREMENCHUK, store_texts
from crawling import BIN
from survive_support import as_unprivileged, can_drop_overrides

from monitor_scraper.archive import Archive
from monitor_scraper.items import Article

pytestmark = pytest.mark.skipif(not can_drop_overrides(), reason="root without CAP_SETPCAP")

IN_WAL_ONLY = "https://monitor.cn.ua/ua/society/4"


def read_only(folder: Path) -> None:
    for item in folder.iterdir():
        item.chmod(0o444)
    folder.chmod(0o555)


def writable(folder: Path) -> None:
    folder.chmod(0o755)
    for item in folder.iterdir():
        item.chmod(0o644)


@pytest.fixture(params=["file alone", "with its WAL"])
def copy(request, tmp_path):
    source = store_texts(tmp_path / "source" / "monitor.db", KREMENCHUK)
    folder = tmp_path / "copy"
    folder.mkdir()
    if request.param == "file alone":
        shutil.copy(source, folder / "monitor.db")
    else:  # copied while a crawl held the archive open, its last commit still in the WAL
        with Archive(source) as archive, closing(sqlite3.connect(source)) as holder:
            holder.execute("PRAGMA wal_autocheckpoint = 0")
            holder.execute("SELECT count(*) FROM articles").fetchone()  # keeps the WAL open
            archive.db.execute("PRAGMA wal_autocheckpoint = 0")
            archive.store_article(Article(
                url=IN_WAL_ONLY, article_id=4, section="society", title="Міст у Кременчуці знову",
                body="Кременчук чекає.", fetched_at=datetime(2026, 3, 2, tzinfo=UTC)),
                crawl_id=None)
            archive.flush()  # indexed for search, in the WAL too
            for suffix in ("", "-wal", "-shm"):
                shutil.copy(f"{source}{suffix}", folder / f"monitor.db{suffix}")
    read_only(folder)
    yield folder / "monitor.db", request.param
    writable(folder)


def files(folder: Path) -> dict[str, bytes]:
    return {item.name: item.read_bytes() for item in sorted(folder.iterdir())}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*as_unprivileged(), str(BIN / "monitor-scraper"), *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_reading_commands_work_on_a_read_only_copy(copy):
    db, kind = copy
    before = files(db.parent)
    found = run("search", "Кременчук", "--db", str(db), "--json")
    assert found.returncode == 0, found.stderr
    urls = {hit["url"] for hit in json.loads(found.stdout)}
    assert "https://monitor.cn.ua/ua/politics/1" in urls
    assert (IN_WAL_ONLY in urls) == (kind == "with its WAL")
    status = run("status", "--db", str(db), "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["totals"]["articles"] == 3 + (kind == "with its WAL")
    checked = run("verify", "--db", str(db))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    exported = run("export", "--db", str(db))
    assert exported.returncode == 0, exported.stderr
    assert len(exported.stdout.splitlines()) == 3 + (kind == "with its WAL")
    assert files(db.parent) == before


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_read_only_copy_is_served(copy):
    db, _kind = copy
    before = files(db.parent)
    port = free_port()
    server = subprocess.Popen([*as_unprivileged(), str(BIN / "monitor-scraper"), "serve",
                               "--db", str(db), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        page = None
        for _ in range(150):
            try:
                with urllib.request.urlopen(  # noqa: S310 - our own server on 127.0.0.1
                        f"http://127.0.0.1:{port}/-/search?q=%D0%9A%D1%80%D0%B5%D0%BC%D0%B5%D0%BD"
                        "%D1%87%D1%83%D0%BA", timeout=5) as answer:
                    page = answer.read().decode("utf-8")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"serve ended: {server.communicate()[1][-2000:]}")
                time.sleep(0.2)
        assert page is not None and "/-/article/politics/1" in page
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert files(db.parent) == before
