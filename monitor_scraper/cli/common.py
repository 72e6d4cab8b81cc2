"""What the commands share: defaults from the project's settings, the archive options, and
opening an archive to read with a one-line error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from monitor_scraper import settings

if TYPE_CHECKING:
    from monitor_scraper.archive import Archive


def setting(name: str) -> Any:
    """A project setting as `monitor_scraper/settings.py` gives it: the one place every
    command's defaults come from."""
    return getattr(settings, name)


def db_option(help_text: str = "The archive (MONITOR_DB).") -> Callable[..., Any]:
    return click.option("--db", envvar="MONITOR_DB", default=setting("MONITOR_DB"),
                        show_default=True, help=help_text)


def warc_dir_option(help_text: str) -> Callable[..., Any]:
    return click.option("--warc-dir", envvar="MONITOR_WARC_DIR",
                        default=setting("MONITOR_WARC_DIR"), show_default=True, help=help_text)


def open_archive(db: str) -> Archive:
    """The archive at `db`, read-only; a missing file is a one-line error with exit status 2."""
    from monitor_scraper.archive import Archive

    if not Path(db).is_file():
        click.echo(f"Error: no archive at {db} (crawl first, or give --db)", err=True)
        raise SystemExit(2)
    return Archive(db, readonly=True)
