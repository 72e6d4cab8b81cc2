"""Commands that read an archive: search, status, verify, export, serve."""

from __future__ import annotations

import logging
from typing import TextIO

import click

from monitor_scraper.cli import cli
from monitor_scraper.cli.common import captures_folder, db_option, open_archive, warc_dir_option

logger = logging.getLogger(__name__)


@cli.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("words", metavar="QUERY", nargs=-1, required=True)
@db_option("The archive (MONITOR_DB).")
@click.option("--since", metavar="YYYY-MM-DD", help="Only articles published on or after this.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only articles published on or before this.")
@click.option("--section", help="Only this section, e.g. politics.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
@click.option("--earlier-versions", is_flag=True,
              help="Search the versions edits superseded instead: what articles used to say.")
def search_command(words: tuple[str, ...], db: str, since: str | None, until: str | None,
                   section: str | None, limit: int, as_json: bool,
                   earlier_versions: bool) -> None:
    """Search the archive, best match first.

    Words match any of their forms (Кременчук finds «у Кременчуці»); "..." is an exact phrase;
    word* a prefix; OR an alternative; -word excludes (a query may start with one). Hits in the
    snippet are in [brackets].

    Example: monitor-scraper search "у Кременчуці" --since 2022-01-01 --limit 5
    """
    import json

    from monitor_scraper.archive import BadQuery

    unknown = next((word for word in words if word.startswith("--")), None)
    if unknown is not None:  # a mistyped option, not words to search
        raise click.UsageError(f"No such option: {unknown.split('=')[0]}")
    query = " ".join(words)
    try:
        with open_archive(db) as archive:
            hits = archive.search(query, since=since, until=until, section=section, limit=limit,
                                  earlier_versions=earlier_versions)
    except BadQuery as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(2) from None
    if as_json:
        fields = ["url", "title", "published", "section", "snippet"]
        if earlier_versions:
            fields.append("version")
        payload = [{name: getattr(hit, name) for name in fields} for hit in hits]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for number, hit in enumerate(hits, 1):
        when = (hit.published or "")[:16].replace("T", " ")
        version = f" · version {hit.version}" if hit.version else ""
        click.echo(f"{number}. {hit.title} — {when} · {hit.section}{version}\n   {hit.url}\n"
                   f"   {hit.snippet}\n")
    if not hits:
        click.echo("No articles found.", err=True)


@cli.command("status")
@db_option("The archive (MONITOR_DB).")
@click.option("--last", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many of the last runs to show.")
@click.option("--json", "as_json", is_flag=True, help="Print totals and runs as JSON.")
@warc_dir_option("Where the crawls keep their raw captures (MONITOR_WARC_DIR), for their size.")
def status_command(db: str, last: int, as_json: bool, warc_dir: str | None) -> None:
    """Show the archive's last runs (mode, start, duration, counts, exit status) and its totals.

    A run with no finish is `running` while a crawl holds the archive's lock, else `unfinished`.

    Example: monitor-scraper status --last 5
    """
    import json

    from monitor_scraper.ops.status import format_status, status_report

    with open_archive(db) as archive:
        report = status_report(archive, last, captures_folder(archive, warc_dir))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(format_status(report))


@cli.command("verify")
@db_option("The archive (MONITOR_DB).")
@warc_dir_option("Where the crawls keep their raw captures (MONITOR_WARC_DIR).")
@click.option("--deep", is_flag=True, help="Also read back every capture the archive points at.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def verify_command(db: str, warc_dir: str | None, deep: bool, as_json: bool) -> None:
    """Check the archive and the raw captures it points at; exit status 1 when anything is wrong.

    Example: monitor-scraper verify --deep
    """
    import json

    from monitor_scraper.ops.verify import format_report, verify_archive

    with open_archive(db) as archive:
        report = verify_archive(archive, captures_folder(archive, warc_dir), deep=deep)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json
               else format_report(report))
    if not report["ok"]:
        raise SystemExit(1)


@cli.command()
@db_option("The archive to read (MONITOR_DB).")
@click.option("--format", "output_format", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True, help="jsonl: one JSON object a line; csv: one row an article.")
@click.option("--since", metavar="YYYY-MM-DD", help="Articles published on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Articles published on or before this day.")
@click.option("--section", help="Only this section, e.g. politics.")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="Write here instead of stdout.")
def export(db: str, output_format: str, since: str | None, until: str | None,
           section: str | None, output: TextIO) -> None:
    """Write the archived articles as JSON lines or CSV, oldest first, for pandas or R.

    Example: monitor-scraper export --format csv --since 2024-01-01 --output articles.csv
    """
    from monitor_scraper.ops.export import BadFilter, export_articles

    try:
        with open_archive(db) as archive:
            count = export_articles(archive, output, output_format, since=since, until=until,
                                    section=section)
    except BadFilter as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(2) from None
    logger.info("Exported %d articles", count)


@cli.command("serve")
@db_option("The archive (MONITOR_DB).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8001, show_default=True)
@warc_dir_option("The crawls' raw captures (MONITOR_WARC_DIR): captured images are shown "
                   "from there.")
def serve_command(db: str, host: str, port: int, warc_dir: str | None) -> None:
    """Browse and search the archive in Datasette, read-only (a crawl may write meanwhile).

    Example: monitor-scraper serve --db data/monitor.db --port 8001
    """
    serve_archive(db, host, port, warc_dir)


def serve_archive(db: str, host: str, port: int, warc_dir: str | None) -> None:
    from monitor_scraper.datasette.serving import serve

    with open_archive(db) as archive:  # a one-line error if it is not one
        captures = captures_folder(archive, warc_dir)
    serve(db, host, port, captures)
