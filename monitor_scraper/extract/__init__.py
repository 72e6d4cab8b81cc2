"""Extraction: page bytes (plus URL and Content-Type) in, structured records out.

Pure functions: no Scrapy, no network. `extract_article` is the entry point for article pages;
`explain` says, field by field, what was found and which landmark, selector or fallback found it.

The path, one module per concern: `decode` (bytes to text), `page` (the tree cut into text blocks
in one walk), `reading` (where the walk starts and stops) and `lines` (the side blocks as plain
lines), `landmarks` (title, date line and block headings found on the text), `body`, `blocks`
(latest news and announcements), `dates`, `addresses` (absolute links), `article` (the `Article`
put together), and `selectors` (all markup knowledge, used only as a fallback). Besides: `feed`
(RSS), `links` (which links of a page the crawler wants), `images` (is an answer an image).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from monitor_scraper.items import Article

logger = logging.getLogger(__name__)

__all__ = ["NotAnArticle", "explain", "extract_article"]


class NotAnArticle(Exception):
    """The page is not an article (listing, error page, empty, garbage). `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def extract_article(
    body: bytes,
    url: str,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
) -> Article:
    """Extract one article page. Raises NotAnArticle and nothing else."""
    article, _how = extract_with_methods(body, url, content_type, fetched_at)
    return article


def extract_with_methods(
    body: bytes,
    url: str,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
) -> tuple[Article, dict[str, str]]:
    """The Article and, per field, how it was found. Raises NotAnArticle and nothing else."""
    from monitor_scraper.extract.article import build_article

    try:
        return build_article(body, url, content_type, fetched_at)
    except NotAnArticle:
        raise
    except Exception as exc:  # the contract: nothing but NotAnArticle escapes
        logger.exception("extraction failed on %s", url)
        raise NotAnArticle(f"extraction failed: {type(exc).__name__}: {exc}") from exc


def explain(body: bytes, url: str, content_type: str | None = None) -> dict[str, Any]:
    """For each field, what was found and how: the report a `doctor` command prints."""
    try:
        article, how = extract_with_methods(body, url, content_type)
    except NotAnArticle as exc:
        return {"url": url, "article": False, "reason": exc.reason}
    paragraphs = [part for part in article.body.split("\n\n") if part.strip()]
    found = {
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "author": article.author,
        "body": f"{len(article.body)} characters, {len(paragraphs)} paragraphs",
        "latest_news": f"{len(article.latest_news)} items",
        "announcements": f"{len(article.announcements)} items",
    }
    return {
        "url": article.url,
        "article": True,
        "encoding": f"{article.encoding} ({how.get('encoding', '')})",
        "blocks": how.get("blocks", ""),
        "fields": {name: {"found": found[name], "via": how.get(name, "")} for name in found},
        "warnings": list(article.warnings),
    }
