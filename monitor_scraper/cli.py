"""The `monitor-scraper` command line: a thin click layer over the library.

Each command opens what it needs, calls one library function and turns library errors into a
one-line message and a non-zero exit status.
"""

from __future__ import annotations

import logging

import click

from monitor_scraper import __version__

logger = logging.getLogger(__name__)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="monitor-scraper")
def cli() -> None:
    """Crawl, archive and search «Чернігівський монітор» (monitor.cn.ua).

    Example: monitor-scraper crawl --mode latest
    """


def main() -> None:
    cli()
