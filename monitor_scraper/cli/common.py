"""What the commands share: defaults from the project's settings, the archive options, and
opening an archive to read with a one-line error."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from monitor_scraper import settings

if TYPE_CHECKING:
    from monitor_scraper.archive import Archive


def program() -> str:
    """This program as a shell in the current folder runs it again: its bare name when that is
    how it was found on PATH, else the path it was started by (`.venv/bin/monitor-scraper`
    after `make`). Hints the commands print start with it, so that they work when pasted."""
    invoked = sys.argv[0]
    if os.sep not in invoked and shutil.which(invoked):
        return invoked
    path = Path(invoked).resolve()
    try:
        shown = f"{Path(os.curdir) / path.relative_to(Path.cwd())}"
        shown = shown if os.sep in shown else f".{os.sep}{shown}"
    except ValueError:  # not under the current folder
        shown = str(path)
    return shlex.quote(shown)


def setting(name: str) -> Any:
    """A project setting as `monitor_scraper/settings.py` gives it: the one place every
    command's defaults come from."""
    return getattr(settings, name)


def db_option(help_text: str = "The archive (MONITOR_DB).") -> Callable[..., Any]:
    return click.option("--db", envvar="MONITOR_DB", default=setting("MONITOR_DB"),
                        show_default=True, help=help_text)


def warc_dir_option(help_text: str) -> Callable[..., Any]:
    """`--warc-dir`; when not given, `captures_folder` finds it."""
    return click.option("--warc-dir", envvar="MONITOR_WARC_DIR", default=None,
                        show_default=f"where the archive's last crawl kept them, else "
                                     f"{setting('MONITOR_WARC_DIR')}", help=help_text)


def captures_folder(archive: Archive, given: str | None) -> Path:
    """The raw captures of `archive`: the folder given, else where its last crawl kept them
    (each crawl records it), else the project's MONITOR_WARC_DIR."""
    if given:
        return Path(given)
    return Path(archive.captures_folder() or setting("MONITOR_WARC_DIR"))


# The exit status of a reading command given a bad argument, `--db` naming no archive included.
EXIT_USAGE = 2


def open_archive(db: str) -> Archive:
    """The archive at `db`, read-only, writing nothing; anything that is not an archive this
    program reads (missing, a folder, empty, not SQLite, another program's database, a newer
    schema) is one `Error:` line naming the file, and exit status 2."""
    from monitor_scraper.archive import Archive, NotAnArchive

    try:
        return Archive(db, readonly=True)
    except NotAnArchive as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(EXIT_USAGE) from None
