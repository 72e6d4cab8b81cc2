"""The `monitor-scraper` command line: a thin click layer over the library.

Each command opens what it needs, calls one library function and turns library errors into a
one-line message and a non-zero exit status. `crawling`: crawl, reparse, demo; `reading`: search,
status, verify, export, serve; `pages`: extract, doctor; `common`: defaults from the settings and
the archive options.
"""

from __future__ import annotations

import click

from monitor_scraper import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="monitor-scraper")
def cli() -> None:
    """Crawl, archive and search «Чернігівський монітор» (monitor.cn.ua).

    Example: monitor-scraper crawl --mode latest
    """


def main() -> None:
    cli()


from monitor_scraper.cli import crawling, pages, reading  # noqa: E402, F401 - they add commands
