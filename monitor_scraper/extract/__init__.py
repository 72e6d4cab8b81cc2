"""Extraction: page bytes (plus URL and Content-Type) in, structured records out.

Pure functions: no Scrapy, no network. `extract_article` is the entry point for article pages.
"""

from __future__ import annotations

from datetime import datetime

from monitor_scraper.items import Article


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
    raise NotAnArticle("extraction is not built yet")
