"""Commands that write an archive: crawl, reparse, demo."""

from __future__ import annotations

import logging

import click

from monitor_scraper.cli import cli
from monitor_scraper.cli.common import program, setting

logger = logging.getLogger(__name__)


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
@click.option("--db", envvar="MONITOR_DB",
              help=f"The archive (MONITOR_DB) [default: {setting('MONITOR_DB')}].")
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

    from monitor_scraper.crawl.arguments import CrawlArgumentError, parse_arguments

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


@cli.command()
@click.argument("warc_files", metavar="WARC...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--db", required=True,
              help="The archive to write, named every time (never the default archive by "
                   "chance): a new file to rebuild one from the captures, or an existing "
                   "archive to add to.")
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
        me = program()
        click.echo("\nNext, from this folder:")
        for hint in (f"search Чернігів --db {DEMO_DB}", f"status --db {DEMO_DB}",
                     f"search Чернігів --earlier-versions --db {DEMO_DB}", "demo --serve"):
            click.echo(f"  {me} {hint}")
        return
    click.echo(f"\nDatasette on http://127.0.0.1:{port}/ (Ctrl-C stops it)", err=True)
    from monitor_scraper.cli.reading import serve_archive

    serve_archive(str(DEMO_DB), "127.0.0.1", port, str(DEMO_WARC_DIR))
