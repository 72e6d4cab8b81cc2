"""Fixtures shared by every kind of test: fresh archives, and archives holding a few articles.

The tests are by kind: `unit/` (functions, callbacks, the command line through click's runner,
Datasette in-process), `e2e/` (real crawls of the stand-in site on 127.0.0.1), `survive/` (faults a
crawl or a reader must survive). Helpers they share are in this folder (`crawling`, `paths`,
`browse_archive`, `archives`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from archives import store_texts

from monitor_scraper.archive import Archive


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    """A new, empty archive, open for writing."""
    with Archive(tmp_path / "monitor.db") as opened:
        yield opened


@pytest.fixture(scope="session")
def archive_of_texts() -> Callable[[Path, list[tuple[str, str, str]]], Path]:
    """`store_texts`, for fixtures of any scope."""
    return store_texts
