"""Datasette hooks for reading the archive as a person would: pages, template filters, links.

Routes (all read-only):

- `/-/search?q=&since=&until=&section=&page=` — ranked Ukrainian-aware search, snippets with the
  matched words highlighted, and a timeline of the matches;
- `/-/timeline?q=&section=...` — articles per month by section, for the archive or a search;
- `/-/article/<section>/<id>` (`?version=N` for an older version) — the article as a reader sees it;
  `/-/article?url=...` redirects there from any spelling of the article's address;
- `/-/article/<section>/<id>/diff?from=N&to=M` — what changed between two versions, word by word;
- `/-/image?url=...` — an article's image from the raw captures (`crawl --images`), which the
  article page shows instead of the site's copy.

The templates (`templates/`, including an `index.html` that puts a search box on the front page)
and the style sheet (`static/`) are found by Datasette beside the package
`monitor_scraper.datasette`, which `serving.register()` loads as a plugin of its own for that
purpose.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from markupsafe import Markup, escape

from monitor_scraper import urls
from monitor_scraper.archive import browsing
from monitor_scraper.datasette import pages, render
from monitor_scraper.datasette.config import config_of

logger = logging.getLogger(__name__)

# The name Datasette lists the package under (its module name): static files are served there.
FILES_PLUGIN = "monitor_scraper.datasette"
URL_COLUMNS = frozenset({"url", "page_url"})


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/search$", pages.search_page),
        (r"^/-/timeline$", pages.timeline_page),
        (r"^/-/article$", pages.article_by_url),
        (r"^/-/article/(?P<section>[a-z][a-z0-9_-]*)/(?P<id>\d+)$", pages.article_page),
        (r"^/-/article/(?P<section>[a-z][a-z0-9_-]*)/(?P<id>\d+)/diff$", pages.diff_page),
        (r"^/-/image$", pages.image_page),
    ]


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["kyiv_time"] = render.kyiv_time
    env.filters["kyiv_short"] = render.kyiv_short
    env.filters["section_label"] = render.section_label
    env.filters["month_label"] = render.month_label


@hookimpl
def extra_template_vars(datasette: Any) -> dict[str, str]:
    return {"archive_database": config_of(datasette).database,
            "articles_table": browsing.ARTICLES_TABLE}


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.static_plugins(FILES_PLUGIN, "monitor.css")]


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [
        {"href": datasette.urls.path("-/search"), "label": "Пошук в архіві"},
        {"href": datasette.urls.path("-/timeline"), "label": "Хронологія"},
        {"href": datasette.urls.query(config_of(datasette).database, "recently_edited"),
         "label": "Нещодавно змінені статті"},
    ]


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str,
                datasette: Any) -> Markup | None:
    """An article address in any table or query links to its page in the archive as well; an
    image's in `image_captures`, to the image as captured."""
    if (database != config_of(datasette).database or column not in URL_COLUMNS
            or not isinstance(value, str)):
        return None
    if table == browsing.IMAGES_TABLE and column == "url":
        return _linked(value, datasette.urls.path("-/image") + "?" + urlencode({"url": value}))
    key = urls.article_key(value)
    if key is None or not urls.is_site_url(value):
        return None
    return _linked(value, pages.article_path(datasette, *key))


def _linked(address: str, archived: str) -> Markup:
    """An address linking to its copy in the archive, with a small link to the site's own."""
    return Markup(  # noqa: S704 - every part escaped
        f'<a href="{escape(archived)}">{escape(address)}</a> '
        f'<a href="{escape(address)}" title="на сайті" rel="noopener noreferrer">↗</a>'
    )
