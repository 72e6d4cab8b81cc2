"""A Datasette plugin: Ukrainian-aware search functions, a `_q` filter, and nothing that writes.

`uk_fts_query(q)` turns a user's query into the FTS5 expression the archive's own search uses;
`uk_snippet(text, q)` is a snippet of the original text with hits in [brackets]. On the articles
table, `?_q=Кременчук` filters to matching articles (facets and sorting still apply).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.filters import FilterArguments

from monitor_scraper import urls
from monitor_scraper.archive import textsearch

logger = logging.getLogger(__name__)

# The name Datasette gives the archive (its file's stem); `register()` sets it.
DATABASE = "monitor"
# Where the crawls kept their raw captures, for the images served from them; `register()` sets it.
WARC_DIR = Path("data/warc")
# Matches nothing: what a query with no words becomes inside SQL, where an error would show.
NOTHING = '"qqqnothingqqq"'


def uk_fts_query(query: str | None) -> str:
    try:
        return textsearch.parse_query(query or "").expression
    except textsearch.BadQuery:
        return NOTHING


def uk_snippet(text: str | None, query: str | None) -> str:
    try:
        parsed = textsearch.parse_query(query or "")
    except textsearch.BadQuery:
        return (text or "")[:200]
    return textsearch.snippet(text or "", parsed)


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str) -> None:
    conn.create_function("uk_fts_query", 1, uk_fts_query, deterministic=True)
    conn.create_function("uk_snippet", 2, uk_snippet, deterministic=True)
    conn.create_function("image_key", 1, urls.sql_image_key, deterministic=True)
    if database == DATABASE:
        # The crawl writes this file concurrently; nothing served here ever may.
        conn.execute("PRAGMA query_only = 1")


@hookimpl
def filters_from_request(request: Any, database: str, table: str) -> FilterArguments | None:
    query = request.args.get("_q")
    if database != DATABASE or table != "articles" or not query:
        return None
    return FilterArguments(
        ["version_id IN (SELECT rowid FROM article_search "
         "WHERE article_search MATCH uk_fts_query(:uk_query))"],
        {"uk_query": query},
        [f'match the search "{query}"'],
    )


def register(database: str = DATABASE, warc_dir: str | Path | None = None) -> None:
    """Load this plugin and the browsing pages into Datasette (once) for the archive served
    under `database`, whose raw captures are in `warc_dir`."""
    import sys

    from datasette.plugins import pm

    global DATABASE, WARC_DIR
    DATABASE = database
    if warc_dir is not None:
        WARC_DIR = Path(warc_dir)
    module = sys.modules[__name__]
    if not pm.is_registered(module):
        pm.register(module, name="monitor_scraper")
    from monitor_scraper.datasette import browse

    browse.register()
