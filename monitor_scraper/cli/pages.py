"""Commands about one page of the site: extract a saved page, diagnose live ones."""

from __future__ import annotations

import logging

import click

from monitor_scraper.cli import cli

logger = logging.getLogger(__name__)


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
