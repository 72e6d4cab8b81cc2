"""What one answer of the site gives: the items a crawl stores for it.

The spider's callbacks call these as answers come in, and `reparse` calls them on the same answers
read back from the raw captures, so that a crawl and a re-extraction cannot read a page apart.
Pure: bytes in, items out (no Scrapy, no network).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from monitor_scraper import urls
from monitor_scraper.extract import NotAnArticle, extract_article
from monitor_scraper.extract.feed import NotAFeed, confirm_with_feed, parse_feed
from monitor_scraper.extract.images import NotAnImage, read_image
from monitor_scraper.items import Article, CapturedImage, FeedEntry, FetchFailure

logger = logging.getLogger(__name__)

# Answers of these statuses say an article is gone: it is marked withdrawn, its text kept.
WITHDRAWN_STATUSES = frozenset({404, 410})


@dataclass
class Answer:
    """One answer as it came off the wire (content-decoded), and where it was captured."""

    url: str  # the address asked for
    status: int
    content_type: str | None
    body: bytes
    fetched_at: datetime | None = None
    warc_file: str | None = None  # None: not written to the raw captures
    warc_offset: int | None = None


def kind_of(url: str) -> str:
    """What a crawl asked for at `url`: an article, a listing, a feed, robots.txt, or else an
    image (the only other thing a crawl fetches)."""
    if urls.canonical_article_url(url) is not None:
        return "article"
    if urls.listing_offset(url) is not None:
        return "listing"
    if urls.is_feed_path(url):
        return "feed"
    if url.split("?")[0].endswith("/robots.txt"):
        return "robots"
    return "image"


def failure(url: str, status: int | None, reason: str, kind: str) -> FetchFailure:
    """A failed fetch, under the article's canonical address when it is one."""
    canonical = urls.canonical_article_url(url) or urls.canonical(url)
    return FetchFailure(url=canonical, status=status, reason=reason, kind=kind)


def article(answer: Answer, feed_hints: dict[str, FeedEntry]) -> Article | FetchFailure:
    """An article page: the article, confirmed by its feed entry when one was read; or why it is
    not one. `feed_hints` holds the entries of the feeds read so far, by article URL."""
    try:
        found = extract_article(answer.body, answer.url, answer.content_type,
                                fetched_at=answer.fetched_at)
    except NotAnArticle as error:
        return failure(answer.url, answer.status, error.reason, "article")
    entry = feed_hints.get(found.url)
    if entry is not None:
        confirm_with_feed(found, entry)
    found.warc_file, found.warc_offset = answer.warc_file, answer.warc_offset
    return found


def feed(answer: Answer, feed_hints: dict[str, FeedEntry]) -> list[FeedEntry] | FetchFailure:
    """A feed's entries, each also kept in `feed_hints` for the article pages that follow (its
    offset settles the doubled October hour); or why it is not a feed."""
    feed_url = urls.canonical(answer.url)
    try:
        entries = parse_feed(answer.body, feed_url)
    except NotAFeed as error:
        return failure(feed_url, answer.status, error.reason, "feed")
    for entry in entries:
        feed_hints[entry.url] = entry
    return entries


def image(answer: Answer) -> CapturedImage | FetchFailure:
    """An article's image, noted where its capture lies; a failure when the bytes are not an
    image, or when no capture holds them (images live only in the raw captures)."""
    # Fetched from MONITOR_BASE_URL, whatever host that was: the site's address.
    address = urls.image_key(urls.canonical(answer.url))
    try:
        found = read_image(answer.body, address, answer.content_type, answer.fetched_at)
    except NotAnImage as error:
        return failure(address, answer.status, error.reason, "image")
    if answer.warc_file is None:  # a cached answer, or a failed write
        return failure(address, answer.status, "not kept: no raw capture of it", "image")
    found.warc_file, found.warc_offset = answer.warc_file, answer.warc_offset
    return found
