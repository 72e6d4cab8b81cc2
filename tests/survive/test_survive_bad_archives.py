"""`--db` naming something that is not an archive this program reads: every reading command
(search, status, verify, export, serve) × every kind of bad file gives one `Error:` line naming
the file and what is wrong with it, and exit status 2, never a traceback; and nothing is written
to what it was given.

The matrix runs in-process through click's runner (serve is refused before Datasette starts).
"""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor_scraper.archive import Archive
from monitor_scraper.archive.schema import SCHEMA_VERSION
from monitor_scraper.cli import cli
from monitor_scraper.datasette import serving

COMMANDS = {
    "search": ["search", "Кременчук"],
    "status": ["status"],
    "verify": ["verify"],
    "export": ["export"],
    "serve": ["serve"],
}


def text_file(path: Path) -> str:
    path.write_text("Це не архів, а звичайний текст.\n" * 50, encoding="utf-8")
    return "not an SQLite database"


def random_bytes(path: Path) -> str:
    path.write_bytes(random.Random(7).randbytes(8192))
    return "not an SQLite database"


def empty_file(path: Path) -> str:
    path.write_bytes(b"")
    return "empty file"


def folder(path: Path) -> str:
    path.mkdir()
    return "is a folder"


def missing(path: Path) -> str:
    return "no archive at"


def another_schema(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE people (name TEXT)")
        connection.execute("INSERT INTO people VALUES ('Тарас')")
        connection.commit()
    return "not a monitor-scraper archive"


def newer_schema(path: Path) -> str:
    Archive(path).close()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return "made by a newer monitor-scraper"


KINDS = [text_file, random_bytes, empty_file, folder, missing, another_schema, newer_schema]


def snapshot(path: Path) -> dict[str, bytes]:
    """Every file at or beside `path`, with its bytes, but SQLite's own index of a WAL file (a
    reader of a WAL archive makes one in a folder it can write)."""
    return {item.name: item.read_bytes() for item in path.parent.iterdir()
            if item.is_file() and not item.name.endswith(("-shm", "-wal"))}


@pytest.mark.parametrize("kind", KINDS, ids=[kind.__name__ for kind in KINDS])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_bad_archive_is_one_error_line_and_status_2(tmp_path, monkeypatch, command, kind):
    monkeypatch.setattr(serving, "serve", lambda *args: pytest.fail("served a bad archive"))
    path = tmp_path / "archive" / "monitor.db"
    path.parent.mkdir()
    what = kind(path)
    before = snapshot(path)
    result = CliRunner().invoke(cli, [*COMMANDS[command], "--db", str(path)])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert str(path) in lines[0] and what in lines[0], lines[0]
    assert "Traceback" not in result.output
    assert snapshot(path) == before  # nothing written beside it, nothing changed in it
