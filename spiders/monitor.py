"""The `monitor` spider: which pages of monitor.cn.ua to request, and in what order.

It only wires requests. What a page says is read by `monitor_scraper.extract`; what is stored is
decided by the pipelines and `monitor_scraper.archive`. Two modes:

- latest (default): robots.txt, the feeds, the first all-news listing page, the latest-news and
  announcement blocks, and a refresh of articles published in the last MONITOR_REFRESH_DAYS.
- backfill: walks the all-news listing page by page, through the pagination links it finds, to its
  end, back to `since`, or for `max_pages` pages, and fetches every article the archive lacks.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from monitor_scraper import __version__, urls
from monitor_scraper.archive import Archive
from monitor_scraper.extract import NotAnArticle, extract_article
from monitor_scraper.extract.feed import NotAFeed, apply_offset_hint, parse_feed
from monitor_scraper.extract.links import page_links
from monitor_scraper.items import FeedEntry, FetchFailure

logger = logging.getLogger(__name__)

MODES = ("latest", "backfill")
# Articles before the next listing page, so the queue stays one listing page deep.
ARTICLE_PRIORITY = 10
LISTING_PRIORITY = 0
FEED_PRIORITY = 20


class CrawlArgumentError(ValueError):
    """A spider argument that makes no sense (unknown mode, bad date, bad number)."""


def parse_arguments(
    mode: str | None, since: str | date | None, max_pages: str | int | None
) -> tuple[str, date | None, int | None]:
    """Validate the spider arguments; raise CrawlArgumentError with a one-line reason."""
    mode = mode or "latest"
    if mode not in MODES:
        raise CrawlArgumentError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    since_date: date | None = None
    if since not in (None, ""):
        try:
            since_date = since if isinstance(since, date) else date.fromisoformat(str(since))
        except ValueError:
            raise CrawlArgumentError(f"since must be a date YYYY-MM-DD, not {since!r}") from None
    pages: int | None = None
    if max_pages not in (None, ""):
        try:
            pages = int(str(max_pages))
        except ValueError:
            pages = 0
        if pages < 1:
            raise CrawlArgumentError(f"max_pages must be a whole number >= 1, not {max_pages!r}")
    return mode, since_date, pages


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CrawlArgumentError(f"MONITOR_NOW must be an ISO 8601 time, not {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class MonitorSpider(scrapy.Spider):
    name = "monitor"

    def __init__(
        self,
        mode: str | None = None,
        since: str | None = None,
        max_pages: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.mode, self.since, self.max_pages = parse_arguments(mode, since, max_pages)
        self.listing_pages_requested = 0
        # Feed entries by URL: a feed's offset settles the doubled October hour on the page.
        self.feed_hints: dict[str, FeedEntry] = {}

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        if not settings.get("USER_AGENT"):
            contact = settings.get("MONITOR_CONTACT")
            user_agent = f"monitor-scraper/{__version__} (+{contact})"
            settings.set("USER_AGENT", user_agent, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> MonitorSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.base_url = settings.get("MONITOR_BASE_URL").rstrip("/")
        spider.allowed_domains = [urlsplit(spider.base_url).hostname or ""]
        spider.refresh_days = settings.getint("MONITOR_REFRESH_DAYS")
        spider.now = _moment(settings.get("MONITOR_NOW"))
        spider.extra_feeds = settings.getlist("MONITOR_FEEDS")
        spider.archive = Archive(settings.get("MONITOR_DB"))
        return spider

    # --- where the crawl starts ---------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self._listing_request(urls.CANONICAL_ORIGIN + "/ua/")
        for feed in self.extra_feeds:
            yield self._feed_request(urls.absolute(feed, urls.CANONICAL_ORIGIN) or feed)
        if self.mode == "latest":
            for request in self._refresh_requests():
                yield request

    def _refresh_requests(self) -> Iterator[scrapy.Request]:
        since = datetime.now(UTC) - timedelta(days=self.refresh_days)
        for url in self.archive.recent_article_urls(since):
            yield self._article_request(url)

    # --- callbacks ----------------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            yield self._failure(response.url, response.status, "listing is not HTML", "listing")
            return
        links = page_links(response.body, response.url, response.encoding)
        for feed in links.feeds:
            yield self._feed_request(feed)
        if self.since and links.dates and max(links.dates) < self.since:
            return
        yield from self._article_requests(links.articles)
        if self.mode == "backfill":
            yield from self._next_listing(response.url, links.listings, links.dates)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        try:
            entries = parse_feed(response.body, urls.canonical(response.url))
        except NotAFeed as error:
            yield self._failure(response.url, response.status, error.reason, "feed")
            return
        for entry in entries:
            self.feed_hints[entry.url] = entry
            yield entry
            if self._wanted(entry.url):
                yield self._article_request(entry.url, feed_entry=entry)

    def parse_article(self, response: Response) -> Iterator[Any]:
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        try:
            article = extract_article(
                response.body, response.url, content_type, fetched_at=datetime.now(UTC)
            )
        except NotAnArticle as error:
            yield self._failure(response.url, response.status, error.reason, "article")
            return
        hint = response.meta.get("feed_entry") or self.feed_hints.get(article.url)
        if hint is not None and hint.url == article.url and hint.published is not None:
            article.published = apply_offset_hint(article.published, hint.published)
        article.warc_file = response.meta.get("warc_file")
        article.warc_offset = response.meta.get("warc_offset")
        yield article
        block_links = [item.url for item in article.latest_news + article.announcements]
        yield from self._article_requests(url for url in block_links if url)

    def errback(self, failure: Failure) -> Iterator[FetchFailure]:
        request = failure.request  # type: ignore[attr-defined]
        kind = request.meta.get("kind", "page")
        error = failure.value
        if isinstance(error, HttpError):
            response = error.response
            yield self._failure(request.url, response.status, f"HTTP {response.status}", kind)
            return
        if isinstance(error, IgnoreRequest) and "robots.txt" in str(error):
            return  # never fetched: robots.txt said no
        reason = str(error) or type(error).__name__
        yield self._failure(request.url, None, f"{type(error).__name__}: {reason}"[:300], kind)

    # --- which requests ------------------------------------------------------------------------

    def _next_listing(self, current: str, listings: list[str], dates: list[date]) -> Iterator[Any]:
        if self.since and dates and min(dates) < self.since:
            return
        if self.max_pages and self.listing_pages_requested >= self.max_pages:
            return
        here = urls.listing_offset(current) or 0
        offsets = ((urls.listing_offset(url), url) for url in listings)
        later = [(offset, url) for offset, url in offsets if offset is not None]
        self._note_last_listing_offset(max((offset for offset, _ in later), default=here))
        following = sorted(item for item in later if item[0] > here)
        if following:
            yield self._listing_request(following[0][1])

    def _note_last_listing_offset(self, offset: int) -> None:
        stats = self.crawler.stats
        if stats is not None and offset > (stats.get_value("monitor/listing_last_offset") or 0):
            stats.set_value("monitor/listing_last_offset", offset)

    def _article_requests(self, links: Iterable[str]) -> Iterator[scrapy.Request]:
        for link in links:
            url = urls.canonical_article_url(link)
            if url is not None and self._wanted(url):
                yield self._article_request(url)

    def _wanted(self, url: str) -> bool:
        return not self.archive.has_article(url)

    def _article_request(self, url: str, feed_entry: FeedEntry | None = None) -> scrapy.Request:
        meta: dict[str, Any] = {"kind": "article"}
        if feed_entry is not None:
            meta["feed_entry"] = feed_entry
        return scrapy.Request(
            urls.fetch_url(url, self.base_url),
            callback=self.parse_article,
            errback=self.errback,
            priority=ARTICLE_PRIORITY,
            meta=meta,
        )

    def _listing_request(self, url: str) -> scrapy.Request:
        self.listing_pages_requested += 1
        return scrapy.Request(
            urls.fetch_url(url, self.base_url),
            callback=self.parse_listing,
            errback=self.errback,
            priority=LISTING_PRIORITY,
            meta={"kind": "listing"},
        )

    def _feed_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(
            urls.fetch_url(url, self.base_url),
            callback=self.parse_feed,
            errback=self.errback,
            priority=FEED_PRIORITY,
            meta={"kind": "feed"},
        )

    def _failure(self, url: str, status: int | None, reason: str, kind: str) -> FetchFailure:
        canonical = urls.canonical_article_url(url) or urls.canonical(url)
        return FetchFailure(url=canonical, status=status, reason=reason, kind=kind)
