"""The browsing pages: search, an article, the difference between two versions, the timeline, and
an article's images from the raw captures.

Each view reads the request, asks the archive's `browsing` queries for rows and renders one
template from `templates/`. Routes are registered by `browse`.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from datasette.app import Datasette
from datasette.database import Database
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Request, Response
from markupsafe import Markup

from monitor_scraper import urls
from monitor_scraper.archive import browsing, textsearch
from monitor_scraper.archive.search import date_bound
from monitor_scraper.captures import read
from monitor_scraper.datasette.config import config_of
from monitor_scraper.datasette.diff import word_diff
from monitor_scraper.datasette.render import article_body, image_sources, with_local_images
from monitor_scraper.datasette.timeline import Chart, build_chart
from monitor_scraper.extract.images import SERVED_TYPES, digest

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
NOTHING_TO_SEARCH = "Немає що шукати: введіть хоча б одне слово (не лише «у», «в», «і»…)."
BAD_DATE = "Дату пишіть як РРРР-ММ-ДД, наприклад 2022-05-01."


@dataclass
class SearchForm:
    """The search and timeline form, as the request gave it."""

    q: str = ""
    since: str = ""
    until: str = ""
    section: str = ""
    page: int = 1

    @classmethod
    def from_request(cls, request: Request) -> SearchForm:
        values = {f.name: (request.args.get(f.name) or "").strip() for f in fields(cls)}
        page = values.pop("page")
        return cls(**values, page=int(page) if page.isdigit() and int(page) > 0 else 1)

    def filters(self) -> browsing.Filters:
        """The filters this form asks for; BadQuery with a message for the reader."""
        expression = ""
        if self.q:
            try:
                expression = textsearch.parse_query(self.q).expression
            except textsearch.BadQuery:
                raise textsearch.BadQuery(NOTHING_TO_SEARCH) from None
        try:
            since = date_bound(self.since, end=False) or ""
            until = date_bound(self.until, end=True) or ""
        except textsearch.BadQuery:
            raise textsearch.BadQuery(BAD_DATE) from None
        return browsing.Filters(expression, since, until, self.section)

    def query_string(self, **changes: Any) -> str:
        values = {**asdict(self), **changes}
        if values.get("page") == 1:
            values.pop("page")
        return urlencode({name: value for name, value in values.items() if value})


def archive_db(datasette: Datasette) -> Database:
    """The archive's database in this Datasette, or a 404."""
    try:
        return datasette.get_database(config_of(datasette).database)
    except KeyError:
        name = config_of(datasette).database
        raise NotFound(f"no archive named {name!r} is served here") from None


def article_path(datasette: Datasette, section: str, article_id: int | str) -> str:
    return datasette.urls.path(f"-/article/{section}/{article_id}")


def articles_table_link(datasette: Datasette, month: str, section: str, q: str = "") -> str:
    """The articles table filtered to one month and section (and a search)."""
    params = {"published_month": month, "section": section}
    if q:
        params["_q"] = q
    table = datasette.urls.table(config_of(datasette).database, browsing.ARTICLES_TABLE)
    return table + "?" + urlencode(params)


async def render(datasette: Datasette, request: Request, template: str,
                 context: dict[str, Any], status: int = 200) -> Response:
    page = await datasette.render_template(
        template, {"database": config_of(datasette).database, **context}, request=request)
    return Response.html(page, status=status)


# --- search and timeline -------------------------------------------------------------------------


async def search_page(datasette: Datasette, request: Request) -> Response:
    db = archive_db(datasette)
    form = SearchForm.from_request(request)
    context: dict[str, Any] = {"form": form, "sections": await browsing.sections(db),
                               "error": "", "hits": [], "total": 0, "chart": None}
    if form.q:
        try:
            filters = form.filters()
        except textsearch.BadQuery as error:
            context["error"] = str(error)
        else:
            await _fill_search(datasette, db, form, filters, context)
    return await render(datasette, request, "monitor_search.html", context)


async def _fill_search(datasette: Datasette, db: Database, form: SearchForm,
                       filters: browsing.Filters, context: dict[str, Any]) -> None:
    query = textsearch.parse_query(form.q)
    total, rows = await browsing.search(db, filters, limit=PAGE_SIZE,
                                       offset=(form.page - 1) * PAGE_SIZE)
    context["total"] = total
    context["hits"] = [_hit(datasette, row, query) for row in rows]
    context["first"] = (form.page - 1) * PAGE_SIZE + 1
    if form.page * PAGE_SIZE < total:
        context["next_page"] = "?" + form.query_string(page=form.page + 1)
    if form.page > 1:
        context["previous_page"] = "?" + form.query_string(page=form.page - 1)
    context["chart"] = await timeline_chart(datasette, db, filters, form.q)
    context["timeline_link"] = datasette.urls.path("-/timeline") + "?" + form.query_string(page=1)
    if await browsing.has_earlier_search(db):
        context["earlier_link"] = (datasette.urls.query(config_of(datasette).database,
                                                        browsing.EARLIER_SEARCH_QUERY)
                                   + "?" + urlencode({"q": form.q}))


def _hit(datasette: Datasette, row: dict[str, Any], query: textsearch.Query) -> dict[str, Any]:
    return {
        **row,
        "href": article_path(datasette, row["section"], row["article_id"]),
        "title_html": Markup(textsearch.html_snippet(row["title"], query, width=500)),  # noqa: S704
        "snippet": Markup(textsearch.html_snippet(row["body"] or row["title"], query)),  # noqa: S704
    }


async def timeline_chart(datasette: Datasette, db: Database, filters: browsing.Filters,
                         q: str = "") -> Chart | None:
    counts = await browsing.month_counts(db, filters)
    return build_chart(counts, lambda month, section: articles_table_link(
        datasette, month, section, q))


async def timeline_page(datasette: Datasette, request: Request) -> Response:
    db = archive_db(datasette)
    form = SearchForm.from_request(request)
    context: dict[str, Any] = {"form": form, "sections": await browsing.sections(db),
                               "error": "", "chart": None, "years": []}
    try:
        filters = form.filters()
    except textsearch.BadQuery as error:
        context["error"] = str(error)
        return await render(datasette, request, "monitor_timeline.html", context)
    chart = await timeline_chart(datasette, db, filters, form.q)
    context["chart"] = chart
    context["years"] = _years(chart)
    return await render(datasette, request, "monitor_timeline.html", context)


def _years(chart: Chart | None) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for bar in chart.bars if chart else []:
        totals[bar.month[:4]] = totals.get(bar.month[:4], 0) + bar.count
    return sorted(totals.items(), reverse=True)


# --- an article and its versions ----------------------------------------------------------------


def _article_url(request: Request) -> str:
    return f"{urls.CANONICAL_ORIGIN}/ua/{request.url_vars['section']}/{request.url_vars['id']}"


async def article_by_url(datasette: Datasette, request: Request) -> Response:
    """`/-/article?url=...`, any spelling of an article's address: on to its page."""
    key = urls.article_key(request.args.get("url") or "")
    if key is None:
        raise NotFound("Це не адреса статті monitor.cn.ua")
    return Response.redirect(article_path(datasette, *key))


async def article_page(datasette: Datasette, request: Request) -> Response:
    db = archive_db(datasette)
    url = _article_url(request)
    row = await browsing.article(db, url)
    if row is None:
        raise NotFound(f"Статті {url} немає в архіві")
    versions = await browsing.versions(db, url)
    shown = _requested_version(request, versions) or {**row, "version": row["versions"]}
    context = {
        "article": row,
        "shown": shown,
        "is_current": shown["version"] == row["versions"],
        "body": await _body_with_local_images(datasette, db, shown),
        "versions": versions,
        "latest_news": [_news_item(datasette, item)
                        for item in await browsing.latest_news_seen(db, url)],
        "row_link": datasette.urls.row(config_of(datasette).database, browsing.ARTICLES_TABLE,
                                       tilde_encode(url)),
        "article_link": article_path(datasette, row["section"], row["article_id"]),
        "recently_edited": datasette.urls.query(config_of(datasette).database, "recently_edited"),
    }
    return await render(datasette, request, "monitor_article.html", context)


def _requested_version(request: Request, versions: list[dict[str, Any]]) -> dict[str, Any] | None:
    asked = request.args.get("version")
    if not asked:
        return None
    for version in versions:
        if str(version["version"]) == asked.strip():
            return version
    raise NotFound(f"Немає версії {asked}")


def _news_item(datasette: Datasette, item: dict[str, Any]) -> dict[str, Any]:
    archived = item["archived_section"] is not None
    return {**item, "href": (article_path(datasette, item["archived_section"],
                                          item["archived_id"]) if archived else item["url"]),
            "archived": archived}


async def diff_page(datasette: Datasette, request: Request) -> Response:
    db = archive_db(datasette)
    url = _article_url(request)
    versions = await browsing.versions(db, url)
    if not versions:
        raise NotFound(f"Статті {url} немає в архіві")
    by_number = {version["version"]: version for version in versions}
    new = _version_arg(request, "to", by_number, default=versions[-1]["version"])
    old = _version_arg(request, "from", by_number, default=max(new - 1, versions[0]["version"]))
    before, after = by_number[old], by_number[new]
    context = {
        "url": url, "versions": versions, "before": before, "after": after,
        "title": word_diff(before["title"], after["title"]),
        "body": word_diff(before["body"], after["body"]),
        "article_link": article_path(datasette, request.url_vars["section"],
                                     request.url_vars["id"]),
        "recently_edited": datasette.urls.query(config_of(datasette).database, "recently_edited"),
    }
    return await render(datasette, request, "monitor_diff.html", context)


def _version_arg(request: Request, name: str, by_number: dict[int, Any], *, default: int) -> int:
    asked = (request.args.get(name) or "").strip()
    if not asked:
        return default
    if not asked.isdigit() or int(asked) not in by_number:
        raise NotFound(f"Немає версії {asked}")
    return int(asked)


# --- images from the raw captures ---------------------------------------------------------------


async def _body_with_local_images(datasette: Datasette, db: Database,
                                  shown: dict[str, Any]) -> Markup:
    """The body to show, its images served from the raw captures where they are there."""
    body = article_body(shown["body_html"], shown["body"])
    # Captures are noted under one spelling of each address; the page may spell it otherwise.
    keys = {src: urls.image_key(src) for src in image_sources(body) if urls.is_site_url(src)}
    captured = await browsing.image_captures(db, sorted(set(keys.values())))
    warc_dir = config_of(datasette).warc_dir
    local = {src: datasette.urls.path("-/image") + "?" + urlencode({"url": key})
             for src, key in keys.items()
             if key in captured and _servable(captured[key], warc_dir) is not None}
    return with_local_images(body, local) if local else body


def _servable(row: dict[str, Any], warc_dir: Path | None) -> Path | None:
    """The WARC file holding a captured image, when it is one the archive shows and the file
    is where the crawl left it."""
    name = row["warc_file"] or ""
    if (warc_dir is None or row["content_type"] not in SERVED_TYPES or Path(name).name != name
            or not name):
        return None
    path = warc_dir / name
    return path if path.is_file() else None


async def image_page(datasette: Datasette, request: Request) -> Response:
    """`/-/image?url=...`: an article's image as a crawl captured it, checked against its digest."""
    db = archive_db(datasette)
    url = request.args.get("url") or ""
    url = urls.image_key(url) if urls.is_site_url(url) else url
    row = (await browsing.image_captures(db, [url])).get(url)
    path = _servable(row, config_of(datasette).warc_dir) if row is not None else None
    if row is None or path is None:
        raise NotFound("Цього зображення немає в архіві")
    try:
        capture = await asyncio.to_thread(read.capture_at, path, int(row["warc_offset"]))
    except Exception as error:  # a damaged file: whatever warcio or zlib raise
        logger.warning("Image %s unreadable at %s:%s: %s", url, path, row["warc_offset"], error)
        capture = None
    if capture is None or digest(capture.body) != row["sha1"]:
        raise NotFound("Знімок цього зображення пошкоджено")
    return Response(capture.body, content_type=row["content_type"], headers={
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'",
        "Cache-Control": "public, max-age=86400",
    })
