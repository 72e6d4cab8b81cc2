"""The `monitor-scraper` command line: a thin click layer over the library.

Each command opens what it needs, calls one library function and turns library errors into a
one-line message and a non-zero exit status.
"""

from __future__ import annotations

import logging
from typing import TextIO

import click

from monitor_scraper import __version__

logger = logging.getLogger(__name__)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="monitor-scraper")
def cli() -> None:
    """Crawl, archive and search «Чернігівський монітор» (monitor.cn.ua).

    Example: monitor-scraper crawl --mode latest
    """


def _setting_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="--set")
        settings[name.strip()] = value
    return settings


@cli.command()
@click.option(
    "--mode", type=click.Choice(["latest", "backfill"]), default="latest", show_default=True,
    help="latest: feeds, first listing page, blocks, recent edits. backfill: walk the listing.",
)
@click.option("--since", metavar="YYYY-MM-DD", help="backfill: stop at articles older than this.")
@click.option("--max-pages", type=click.IntRange(min=1), help="backfill: listing pages at most.")
@click.option("--base-url", envvar="MONITOR_BASE_URL", help="Where requests go (MONITOR_BASE_URL).")
@click.option(
    "--db", envvar="MONITOR_DB", help="The archive (MONITOR_DB) [default: data/monitor.db]."
)
@click.option("--jobdir", help="Keep the crawl's state here so it can be stopped and resumed.")
@click.option("--images", is_flag=True,
              help="Also fetch the images inside article bodies into the raw captures "
                   "(MONITOR_IMAGES).")
@click.option("--set", "pairs", multiple=True, metavar="NAME=VALUE", help="Any Scrapy setting.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def crawl(
    mode: str,
    since: str | None,
    max_pages: int | None,
    base_url: str | None,
    db: str | None,
    jobdir: str | None,
    images: bool,
    pairs: tuple[str, ...],
    as_json: bool,
) -> None:
    """Crawl monitor.cn.ua into the archive; exit status 0 when the crawl worked.

    Example: monitor-scraper crawl --mode backfill --since 2024-01-01 --jobdir data/jobs/backfill
    """
    import json

    from spiders.monitor import CrawlArgumentError, parse_arguments

    try:
        parse_arguments(mode, since, max_pages)
    except CrawlArgumentError as error:
        raise click.UsageError(str(error)) from None
    settings = _setting_pairs(pairs)
    for name, value in (("MONITOR_BASE_URL", base_url), ("MONITOR_DB", db), ("JOBDIR", jobdir)):
        if value:
            settings[name] = value
    if images:
        settings["MONITOR_IMAGES"] = "True"
    from monitor_scraper.crawl.report import EXIT_LOCKED, format_summary
    from monitor_scraper.crawl.run import run_crawl

    result = run_crawl(mode, since, max_pages, settings)
    summary = {**result.summary, "exit_status": result.exit_status, "reason": result.reason}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    elif result.exit_status != EXIT_LOCKED:
        click.echo(format_summary(summary))
    if result.exit_status:
        click.echo(f"Error: {result.reason}", err=True)
        raise SystemExit(result.exit_status)


def _open_archive(db: str):  # noqa: ANN202 - the Archive type is imported lazily
    """The archive at `db`, read-only; a missing file is a one-line error with exit status 2."""
    from pathlib import Path

    from monitor_scraper.archive import Archive

    if not Path(db).is_file():
        click.echo(f"Error: no archive at {db} (crawl first, or give --db)", err=True)
        raise SystemExit(2)
    return Archive(db, readonly=True)


@cli.command("search")
@click.argument("query")
@click.option("--db", envvar="MONITOR_DB", default="data/monitor.db", show_default=True,
              help="The archive (MONITOR_DB).")
@click.option("--since", metavar="YYYY-MM-DD", help="Only articles published on or after this.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only articles published on or before this.")
@click.option("--section", help="Only this section, e.g. politics.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
@click.option("--earlier-versions", is_flag=True,
              help="Search the versions edits superseded instead: what articles used to say.")
def search_command(query: str, db: str, since: str | None, until: str | None,
                   section: str | None, limit: int, as_json: bool,
                   earlier_versions: bool) -> None:
    """Search the archive, best match first.

    Words match any of their forms (Кременчук finds «у Кременчуці»); "..." is an exact phrase;
    word* a prefix; OR an alternative; -word excludes. Hits in the snippet are in [brackets].

    Example: monitor-scraper search "у Кременчуці" --since 2022-01-01 --limit 5
    """
    import json

    from monitor_scraper.archive import BadQuery

    try:
        with _open_archive(db) as archive:
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


@cli.command()
@click.argument("warc_files", metavar="WARC...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--db", envvar="MONITOR_DB", default="data/monitor.db", show_default=True,
              help="The archive to write (MONITOR_DB); created if missing.")
def reparse(warc_files: tuple[str, ...], db: str) -> None:
    """Re-extract articles from raw captures (WARC files), without the network.

    Damaged records are reported on stderr and skipped.

    Example: monitor-scraper reparse data/warc/*.warc.gz --db data/rebuilt.db
    """
    from monitor_scraper.archive import Archive
    from monitor_scraper.captures.reparse import COMMIT_EVERY
    from monitor_scraper.captures.reparse import reparse as reparse_files

    def report_damage(damage: object) -> None:
        click.echo(f"damaged: {damage}", err=True)

    with Archive(db, commit_every=COMMIT_EVERY) as archive:
        report = reparse_files(warc_files, archive, on_damage=report_damage)
    click.echo(report.summary_line())
    if not report.readable:
        click.echo("Error: nothing could be read from the WARC files given", err=True)
        raise SystemExit(1)


@cli.command()
@click.option("--db", envvar="MONITOR_DB", default="data/monitor.db", show_default=True,
              help="The archive to read (MONITOR_DB).")
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
        count = export_articles(db, output, output_format, since=since, until=until,
                                section=section)
    except (BadFilter, FileNotFoundError) as error:
        raise click.ClickException(str(error)) from None
    logger.info("Exported %d articles", count)


@cli.command("extract")
@click.argument("file", type=click.File("rb"))
@click.option("--url", required=True, help="The page's address: it decides section and id.")
@click.option("--content-type", help="The HTTP Content-Type the page came with, if known.")
def extract_command(file: object, url: str, content_type: str | None) -> None:
    """Extract one saved article page (FILE, or - for stdin) and print it as JSON.

    A page that is not an article prints the reason and exits with status 1.

    Example: monitor-scraper extract page.html --url https://monitor.cn.ua/ua/politics/11000
    """
    import json

    from monitor_scraper.extract import NotAnArticle, extract_article

    try:
        article = extract_article(file.read(), url, content_type)  # type: ignore[attr-defined]
    except NotAnArticle as error:
        click.echo(f"Error: not an article: {error.reason}", err=True)
        raise SystemExit(1) from None
    click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))


@cli.command("serve")
@click.option("--db", envvar="MONITOR_DB", default="data/monitor.db", show_default=True,
              help="The archive (MONITOR_DB).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--warc-dir", envvar="MONITOR_WARC_DIR", default="data/warc", show_default=True,
              help="The crawls' raw captures (MONITOR_WARC_DIR): captured images are shown "
                   "from there.")
def serve_command(db: str, host: str, port: int, warc_dir: str) -> None:
    """Browse and search the archive in Datasette, read-only (a crawl may write meanwhile).

    Example: monitor-scraper serve --db data/monitor.db --port 8001
    """
    serve_archive(db, host, port, warc_dir)


def serve_archive(db: str, host: str, port: int, warc_dir: str = "data/warc") -> None:
    from monitor_scraper.datasette.serving import serve

    _open_archive(db).close()  # a one-line error if there is none
    serve(db, host, port, warc_dir)


@cli.command("status")
@click.option("--db", envvar="MONITOR_DB", default="data/monitor.db", show_default=True,
              help="The archive (MONITOR_DB).")
@click.option("--last", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many of the last runs to show.")
@click.option("--json", "as_json", is_flag=True, help="Print totals and runs as JSON.")
@click.option("--warc-dir", envvar="MONITOR_WARC_DIR", default="data/warc", show_default=True,
              help="Where the crawls keep their raw captures (MONITOR_WARC_DIR), for their size.")
def status_command(db: str, last: int, as_json: bool, warc_dir: str) -> None:
    """Show the archive's last runs (mode, start, duration, counts, exit status) and its totals.

    A run with no finish is `running` while a crawl holds the archive's lock, else `unfinished`.

    Example: monitor-scraper status --last 5
    """
    import json
    from pathlib import Path

    from monitor_scraper.ops.status import format_status, status_report

    with _open_archive(db) as archive:
        report = status_report(archive, last, Path(warc_dir))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(format_status(report))


@cli.command("verify")
@click.option("--db", envvar="MONITOR_DB", default="data/monitor.db", show_default=True,
              help="The archive (MONITOR_DB).")
@click.option("--warc-dir", envvar="MONITOR_WARC_DIR", default="data/warc", show_default=True,
              help="Where the crawls keep their raw captures (MONITOR_WARC_DIR).")
@click.option("--deep", is_flag=True, help="Also read back every capture the archive points at.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def verify_command(db: str, warc_dir: str, deep: bool, as_json: bool) -> None:
    """Check the archive and the raw captures it points at; exit status 1 when anything is wrong.

    Example: monitor-scraper verify --deep
    """
    import json
    from pathlib import Path

    from monitor_scraper.ops.verify import format_report, verify_archive

    with _open_archive(db) as archive:
        report = verify_archive(archive, Path(warc_dir), deep=deep)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json
               else format_report(report))
    if not report["ok"]:
        raise SystemExit(1)


@cli.command("doctor")
@click.argument("urls", metavar="URL...", nargs=-1, required=True)
@click.option("--base-url", envvar="MONITOR_BASE_URL",
              help="Where monitor.cn.ua addresses are fetched from (MONITOR_BASE_URL).")
@click.option("--file", "saved", type=click.File("rb"),
              help="Read the page from this saved file instead; URL is where it was saved from.")
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
def doctor_command(urls: tuple[str, ...], base_url: str | None, saved: object,
                   as_json: bool) -> None:
    """Fetch pages live and show, field by field, what extraction found and how.

    Exit status 0 when every page had every required field (title, published, body,
    latest_news), 1 when one was missing or a page was not an article, 3 when a page could not
    be fetched. Run it on a few article URLs after a drift alarm (exit status 5).

    Example: monitor-scraper doctor https://monitor.cn.ua/ua/politics/93001
    """
    import json

    from monitor_scraper.crawl.run import project_settings
    from monitor_scraper.ops import doctor

    settings = project_settings()
    addresses = [doctor.page_address(url) for url in urls]
    if None in addresses:
        bad = urls[addresses.index(None)]
        raise click.UsageError(f"not a web address: {bad!r}")
    urls = tuple(address for address in addresses if address)
    if saved is not None:
        if len(urls) != 1:
            raise click.UsageError("with --file give exactly one URL: where the page came from")
        diagnoses = [doctor.diagnose_file(saved.read(), urls[0])]  # type: ignore[attr-defined]
    else:
        base = base_url or settings.get("MONITOR_BASE_URL")
        agent = doctor.user_agent(settings)
        timeout = settings.getfloat("DOWNLOAD_TIMEOUT")
        diagnoses = [doctor.diagnose_url(url, base, agent, timeout) for url in urls]
    if as_json:
        click.echo(json.dumps([item.to_dict() for item in diagnoses], ensure_ascii=False,
                              indent=2))
    else:
        click.echo("\n\n".join(doctor.format_diagnosis(item) for item in diagnoses))
    raise SystemExit(doctor.exit_status(diagnoses))


@cli.command("demo")
@click.option("--articles", type=click.IntRange(28, 20000), default=240, show_default=True,
              help="Articles on the stand-in site.")
@click.option("--serve", "then_serve", is_flag=True, help="Then browse the result in Datasette.")
@click.option("--port", type=int, default=8001, show_default=True, help="Datasette's port.")
def demo_command(articles: int, then_serve: bool, port: int) -> None:
    """Run the whole job offline: serve the bundled stand-in site on 127.0.0.1, crawl it into
    data/demo.db (starting afresh), crawl it again as it is a day later (new, edited and withdrawn
    articles), print both reports, a sample search and the edited articles.

    Example: monitor-scraper demo --articles 240 --serve
    """
    from monitor_scraper.crawl.report import format_summary
    from monitor_scraper.ops.demo import DEMO_DB, DEMO_WARC_DIR, run_demo

    click.echo(f"Crawling a stand-in of monitor.cn.ua ({articles} articles, served on "
               f"127.0.0.1) into {DEMO_DB}, then again as it is a day later ...", err=True)
    result = run_demo(articles)
    for crawl in result.crawls:
        summary = {**crawl.summary, "exit_status": crawl.exit_status, "reason": crawl.reason}
        click.echo(format_summary(summary) + "\n")
    if result.exit_status:
        failed = next(crawl for crawl in result.crawls if crawl.exit_status)
        click.echo(f"Error: {failed.reason}", err=True)
        raise SystemExit(result.exit_status)
    click.echo(f"Search «{result.query}» (any form of the word):")
    for number, hit in enumerate(result.hits, 1):
        click.echo(f"{number}. {hit.title}\n   {hit.url}\n   {hit.snippet}")
    if result.edited:
        click.echo("\nEdited since the first crawl (each a new version; see what changed on "
                   "its diff page with --serve):")
        for article in result.edited:
            click.echo(f"- {article.title} ({article.versions} versions)\n"
                       f"  http://127.0.0.1:{port}{article.diff_path}")
    if not then_serve:
        click.echo(f"\nNext: monitor-scraper search Чернігів --db {DEMO_DB}, "
                   f"monitor-scraper status --db {DEMO_DB}, or monitor-scraper demo --serve")
        return
    click.echo(f"\nDatasette on http://127.0.0.1:{port}/ (Ctrl-C stops it)", err=True)
    serve_archive(str(DEMO_DB), "127.0.0.1", port, str(DEMO_WARC_DIR))


def main() -> None:
    cli()
