"""Datasette metadata for the archive: titles, descriptions, facets, sorting and canned queries.

Lives beside the schema because its SQL knows the schema; `monitor-scraper serve` uses it. The
canned searches rank with the archive's own bm25 expression (`schema.RANK_EXPRESSION`).
"""

from __future__ import annotations

import logging
from typing import Any

from monitor_scraper.archive.schema import EARLIER_RANK_EXPRESSION, RANK_EXPRESSION

logger = logging.getLogger(__name__)

SEARCH_SQL = f"""
with top as (
  select article_search.rowid as version_id,
         {RANK_EXPRESSION} as score
  from article_search join articles on articles.version_id = article_search.rowid
  where article_search match uk_fts_query(:q)
    and (:since = '' or articles.published >= :since)
    and (:until = '' or articles.published < date(:until, '+1 day'))
  order by score, article_search.rowid
  limit 50
)
select articles.url, articles.title, articles.published, articles.section, articles.status,
       uk_snippet(articles.body, :q) as snippet
from top join articles on articles.version_id = top.version_id
order by top.score, top.version_id
"""

EARLIER_SEARCH_SQL = f"""
with top as (
  select earlier_search.rowid as version_id,
         {EARLIER_RANK_EXPRESSION} as score
  from earlier_search
  where earlier_search match uk_fts_query(:q)
  order by score, earlier_search.rowid
  limit 50
)
select v.url, v.version, v.fetched_at, v.title, articles.title as current_title,
       articles.versions, uk_snippet(v.body, :q) as snippet
from top join article_versions v on v.id = top.version_id
join articles on articles.url = v.url
order by top.score, top.version_id
"""

QUERIES: dict[str, dict[str, Any]] = {
    "search": {
        "title": "Search the archive",
        "description": "Words match any of their forms (Кременчук finds «у Кременчуці»); "
        '"..." is an exact phrase; word* a prefix; OR an alternative; -word excludes. '
        "Dates are YYYY-MM-DD (either may be empty). The 50 best matches, best first.",
        "sql": SEARCH_SQL,
    },
    "search_earlier_versions": {
        "title": "Search what articles used to say",
        "description": "The same search over the versions that edits superseded: text that "
        "was removed or reworded. Each hit is one earlier version; the article's diffs show "
        "what replaced it. The 50 best matches, best first.",
        "sql": EARLIER_SEARCH_SQL,
    },
    "articles_per_month": {
        "title": "Articles per month",
        "sql": "select published_month as month, count(*) as articles from articles "
        "group by published_month order by published_month desc",
    },
    "articles_with_versions": {
        "title": "Articles with more than one version",
        "sql": "select url, title, versions, first_seen, last_changed from articles "
        "where versions > 1 order by versions desc, last_changed desc",
    },
    "recently_edited": {
        "title": "Recently edited articles",
        "description": "Articles whose title, text, date or author changed after first capture.",
        "sql": "select url, title, versions, last_changed, published from articles "
        "where versions > 1 order by last_changed desc limit 100",
    },
    "article_photos": {
        "title": "Photos of articles",
        "description": "Each image inside an article's body, newest articles first, and whether a "
        "crawl with --images holds it (its type, size and when it was fetched).",
        "sql": "select a.url, a.title, a.published, json_extract(i.value, '$.url') as image_url, "
        "json_extract(i.value, '$.caption') as caption, c.content_type, c.length, "
        "c.fetched_at as captured from articles a join json_each(a.images) i "
        "left join image_captures c on c.url = image_key(json_extract(i.value, '$.url')) "
        "order by a.published desc, a.url, i.key limit 1000",
    },
    "most_seen_latest_news": {
        "title": "The most-seen latest-news items",
        "description": "How many page captures showed each item, and from when to when.",
        # Counted per block first: the blocks are few, the pages that showed them many.
        "sql": "with seen as (select block_id, count(*) as pages, min(seen_at) as first_seen, "
        "max(seen_at) as last_seen from latest_news_block_sightings group by block_id) "
        "select i.title, i.url, i.time, i.published, sum(seen.pages) as sightings, "
        "min(seen.first_seen) as first_seen, max(seen.last_seen) as last_seen "
        "from seen join latest_news_block_items b on b.block_id = seen.block_id "
        "join latest_news_items i on i.id = b.item_id "
        "group by i.id order by sightings desc limit 100",
    },
}

TABLES: dict[str, dict[str, Any]] = {
    "articles": {
        "description": "One row per article (canonical URL), showing its newest version. "
        "Add ?_q=word for a Ukrainian-aware search.",
        "label_column": "title",
        "sort_desc": "published",
        "sortable_columns": ["published", "first_seen", "last_seen", "last_changed", "versions",
                             "article_id"],
        "facets": ["section", "author", "published_month", "status"],
    },
    "article_versions": {
        "description": "Every distinct version of every article; the first capture is version 1.",
        "sort_desc": "fetched_at",
        "facets": ["version"],
    },
    "latest_news": {
        "description": "Every sighting of an item of the «Останні новини Чернігівщини» block.",
        "facets": ["page_url"],
    },
    "announcements": {"description": "Every sighting of an item of the «АНОНСИ ПОДІЙ» block."},
    "latest_news_items": {"description": "Each distinct «Останні новини» item, as printed.",
                          "label_column": "title"},
    "latest_news_blocks": {"description": "Each distinct «Останні новини» block: its items in "
                           "their positions are in latest_news_block_items."},
    "latest_news_block_sightings": {"description": "Each page capture that showed a "
                                    "«Останні новини» block (the latest_news view expands them "
                                    "to a row per item).", "sort_desc": "seen_at"},
    "announcement_items": {"description": "Each distinct «АНОНСИ ПОДІЙ» item, as printed.",
                           "label_column": "title"},
    "announcement_blocks": {"description": "Each distinct «АНОНСИ ПОДІЙ» block."},
    "announcement_block_sightings": {"description": "Each page capture that showed an "
                                     "«АНОНСИ ПОДІЙ» block.", "sort_desc": "seen_at"},
    "crawls": {"description": "One row per crawl run.", "sort_desc": "started"},
    "fetch_errors": {"description": "Pages that could not be archived.",
                     "facets": ["status", "kind"]},
    "feed_entries": {"description": "RSS items: early values for articles."},
    "image_captures": {"description": "Images of article bodies fetched by crawls with --images: "
                       "where each lies in the raw captures (its page is /-/image?url=...).",
                       "sort_desc": "fetched_at", "facets": ["content_type"]},
    "article_search": {"hidden": True},
    "earlier_search": {"hidden": True},
    "archive_info": {"description": "What the archive says of itself: search_reading, how its "
                     "search index read the words (a program that reads them otherwise "
                     "rebuilds the index)."},
    "search_queue": {"description": "Changes waiting to go into the search index (empty once "
                     "a crawl has ended)."},
}


def datasette_metadata(database: str) -> dict[str, Any]:
    """The metadata dict for a Datasette serving the archive under the name `database`."""
    return {
        "title": "«Чернігівський монітор»: the archive",
        "description": "Articles of the news agency «Чернігівський монітор» (monitor.cn.ua), "
        "with every version, the latest-news and announcement blocks as seen, and crawls.",
        "source": "monitor.cn.ua",
        "source_url": "https://monitor.cn.ua/ua/",
        "databases": {database: {"tables": TABLES, "queries": QUERIES}},
    }
