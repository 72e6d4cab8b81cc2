"""A Datasette plugin: Ukrainian-aware search functions, a `_q` filter, and nothing that writes.

`uk_fts_query(q)` turns a user's query into the FTS5 expression the archive's own search uses;
`uk_snippet(text, q)` is a snippet of the original text with hits in [brackets]. On the articles
table, `?_q=Кременчук` filters to matching articles (facets and sorting still apply).
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.filters import FilterArguments

from monitor_scraper import urls
from monitor_scraper.archive import browsing, textsearch
from monitor_scraper.datasette.config import config_of

logger = logging.getLogger(__name__)

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
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    conn.create_function("uk_fts_query", 1, uk_fts_query, deterministic=True)
    conn.create_function("uk_snippet", 2, uk_snippet, deterministic=True)
    conn.create_function("image_key", 1, urls.sql_image_key, deterministic=True)
    if database == config_of(datasette).database:
        # The crawl writes this file concurrently; nothing served here ever may.
        conn.execute("PRAGMA query_only = 1")


@hookimpl
def filters_from_request(request: Any, database: str, table: str,
                         datasette: Any) -> FilterArguments | None:
    query = request.args.get("_q")
    if database != config_of(datasette).database or table != browsing.ARTICLES_TABLE or not query:
        return None
    return FilterArguments(
        [browsing.matching_articles("uk_query")],
        {"uk_query": query},
        [f'match the search "{query}"'],
    )
