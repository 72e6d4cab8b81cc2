"""The `monitor` spider: which pages of monitor.cn.ua to request, and in what order.

It only wires requests. What a page says is read by `monitor_scraper.extract`; what is stored is
decided by the pipelines and `monitor_scraper.archive`. Two modes:

- latest (default): robots.txt, the feeds, the first all-news listing page, the latest-news and
  announcement blocks, and a refresh of articles published in the last MONITOR_REFRESH_DAYS (each
  once MONITOR_REFRESH_AGE_SHARE of its age has passed since it was last fetched).
- backfill: walks the all-news listing page by page, through the pagination links it finds, to its
  end, back to `since`, or for `max_pages` pages, and fetches every article the archive lacks.

With MONITOR_IMAGES, the images inside each fetched article's body are asked for too, and a
backfill also asks for those of articles archived earlier that no capture holds yet.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from monitor_scraper import __version__, urls
from monitor_scraper.archive import Archive
from monitor_scraper.captures import answers
from monitor_scraper.crawl.arguments import crawl_moment, parse_arguments
from monitor_scraper.crawl.frontier import Frontier
from monitor_scraper.crawl.middlewares import SiteUnreachable
from monitor_scraper.extract.links import page_links
from monitor_scraper.items import Article, CapturedImage, FeedEntry, FetchFailure

logger = logging.getLogger(__name__)

# Articles before the next listing page, so the queue stays one listing page deep.
ARTICLE_PRIORITY = 10
LISTING_PRIORITY = 0
FEED_PRIORITY = 20
# An article's images before the next listing page, after the articles already queued.
IMAGE_PRIORITY = 5
# What an article's or image's request gives: settled once the archive has stored it.
STORED_ANSWERS = (Article, CapturedImage, FetchFailure)


def _warn_of_a_placeholder_contact(contact: str, base_url: str) -> None:
    """Once per crawl of the live site: its operators can reach whoever crawls only through
    the User-Agent's contact, and the one shipped is a placeholder (an `.invalid` address)."""
    if urls.is_site_url(base_url) and ".invalid" in (contact or ""):
        logger.warning("MONITOR_CONTACT is still the placeholder %s: the site's operators "
                       "cannot reach you. Set yours with --set MONITOR_CONTACT=mailto:you@"
                       "example.org, or in monitor_scraper/settings.py", contact)


class MonitorSpider(scrapy.Spider):
    name = "monitor"
    # Set by from_crawler, from the crawl's settings.
    allowed_domains: list[str]
    base_url: str
    refresh_days: int
    refresh_age_share: float
    now: datetime | None
    extra_feeds: list[str]
    db_path: str
    frontier: Frontier | None
    capture_images: bool
    image_max_bytes: int
    image_retry_days: float

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
        self.images_caught_up = False

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        # At spider priority: it replaces Scrapy's default, not a USER_AGENT given with -s.
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
        spider.refresh_age_share = settings.getfloat("MONITOR_REFRESH_AGE_SHARE")
        spider.now = crawl_moment(settings.get("MONITOR_NOW"))
        spider.extra_feeds = settings.getlist("MONITOR_FEEDS")
        spider.db_path = settings.get("MONITOR_DB")
        spider.capture_images = settings.getbool("MONITOR_IMAGES")
        if spider.capture_images and not settings.getbool("MONITOR_WARC_ENABLED", True):
            logger.warning("Images are not fetched: they are kept only in the raw captures, "
                           "and MONITOR_WARC_ENABLED is off")
            spider.capture_images = False
        spider.image_max_bytes = int(settings.getfloat("MONITOR_IMAGE_MAX_MB") * 1024 * 1024)
        spider.image_retry_days = settings.getfloat("MONITOR_IMAGE_RETRY_DAYS")
        _warn_of_a_placeholder_contact(settings.get("MONITOR_CONTACT"), spider.base_url)
        spider.frontier = Frontier.in_jobdir(settings.get("JOBDIR"))
        if spider.frontier is not None:
            spider.listing_pages_requested = spider.frontier.count("listing")
        crawler.signals.connect(spider.catch_up_images, signal=signals.spider_idle)
        crawler.signals.connect(spider.settle_stored, signal=signals.item_scraped)
        return spider

    @functools.cached_property
    def archive(self) -> Archive:
        """The archive, read-only: which articles it holds. The crawl's one check
        (`crawl.run.archive_for_crawl`) has made it before anything starts; this only reads."""
        return Archive(self.db_path, readonly=True)

    # --- where the crawl starts ---------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.frontier is not None and self.frontier.resumed:
            for request in self._resumed_requests():
                yield request
            return
        for first in self._first_requests():
            if first is not None:
                yield first

    def _first_requests(self) -> Iterator[scrapy.Request | None]:
        yield self._request(urls.CANONICAL_ORIGIN + "/ua/", "listing")
        for feed in self.extra_feeds:
            yield self._request(urls.absolute(feed, urls.CANONICAL_ORIGIN) or feed, "feed")
        if self.mode == "latest":
            now = self.now or datetime.now(UTC)
            since = now - timedelta(days=self.refresh_days)
            for url in self.archive.recent_article_urls(since, age_share=self.refresh_age_share,
                                                        now=now):
                yield self._request(url, "article")

    def catch_up_images(self) -> None:
        """When a backfill has nothing left to do: the images of articles archived before images
        were asked for (or whose fetch failed long enough ago), so that the archive is whole in
        them too, without fetching those articles again. Once per crawl."""
        if self.mode != "backfill" or not self.capture_images or self.images_caught_up:
            return
        self.images_caught_up = True
        requests = list(self._image_requests(self.archive.images_not_held()))
        if not requests:
            return
        logger.info("Fetching %d images of articles archived before", len(requests))
        for request in requests:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def _resumed_requests(self) -> Iterator[scrapy.Request]:
        """What a killed or stopped crawl asked for but never settled, asked again; and the
        articles it settled that the archive holds no trace of (neither the article nor its
        failure), which a ledger written by an older version may have settled too early."""
        assert self.frontier is not None
        pending = list(self.frontier.unsettled())
        lost = [(url, "article") for url in self.frontier.settled_of_kind("article")
                if not self.archive.has_article(url) and not self.archive.has_failure(url)]
        if lost:
            logger.warning("Resuming from %s: %d articles settled but not archived are asked "
                           "for again", self.frontier.path, len(lost))
        logger.info("Resuming from %s: %d requests to finish", self.frontier.path, len(pending))
        for url, kind in pending + lost:
            if self._held(url, kind):
                self.frontier.settle(url)
                continue
            yield self._make_request(url, kind, {})

    # --- callbacks ----------------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            yield self._failure(response.url, response.status, "listing is not HTML", "listing")
        else:
            yield from self._from_listing(response)
        self._settle(response.meta)

    def _from_listing(self, response: TextResponse) -> Iterator[Any]:
        links = page_links(response.body, response.url, response.encoding)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("monitor/listing_links", len(links.articles))
        yield from self._requests(links.feeds, "feed")
        if self.since and links.dates and max(links.dates) < self.since:
            return
        yield from self._article_requests(links.articles)
        if self.mode == "backfill":
            yield from self._next_listing(response.url, links.listings, links.dates)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        entries = answers.feed(self._answer(response), self.feed_hints)
        if isinstance(entries, FetchFailure):
            yield entries
            entries = []
        for entry in entries:
            yield entry
            if self._wanted(entry.url):
                request = self._request(entry.url, "article", feed_entry=entry)
                if request is not None:
                    yield request
        self._settle(response.meta)

    def parse_article(self, response: Response) -> Iterator[Any]:
        article = answers.article(self._answer(response), self._hints_for(response))
        if isinstance(article, Article):
            # What the page links is in the ledger before the article can be settled (last).
            block_links = [item.url for item in article.latest_news + article.announcements]
            yield from self._article_requests(url for url in block_links if url)
            if self.capture_images:
                yield from self._image_requests(image.url for image in article.images)
        yield article

    def parse_image(self, response: Response) -> Iterator[Any]:
        yield answers.image(self._answer(response))

    def _answer(self, response: Response) -> answers.Answer:
        """The answer as `answers` reads it, under the address the crawl asked for."""
        meta = response.meta
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1") or None
        asked = meta.get("ledger_url") or response.url
        if meta.get("kind") == "article":
            asked = response.url  # the page's own address names the article (redirects)
        return answers.Answer(asked, response.status, content_type, response.body,
                              meta.get("warc_date") or datetime.now(UTC),
                              meta.get("warc_file"), meta.get("warc_offset"))

    def _hints_for(self, response: Response) -> dict[str, FeedEntry]:
        """The feed entries to confirm an article with: the one its request came from first."""
        entry = response.meta.get("feed_entry")
        if entry is None:
            return self.feed_hints
        return {**self.feed_hints, entry.url: entry}

    def errback(self, failure: Failure) -> Iterator[FetchFailure]:
        request = failure.request  # type: ignore[attr-defined]
        kind = request.meta.get("kind", "page")
        # What the crawl asked for, as the ledger has it (Scrapy percent-encodes request.url).
        asked_for = (request.meta.get("ledger_url")
                     or (request.meta.get("redirect_urls") or [request.url])[0])
        error = failure.value
        if isinstance(error, SiteUnreachable):
            return  # not asked: neither a failure of the page nor settled
        if isinstance(error, HttpError):
            response = error.response
            yield self._failure(asked_for, response.status, f"HTTP {response.status}", kind)
        elif not (isinstance(error, IgnoreRequest) and "robots.txt" in str(error)):
            reason = f"{type(error).__name__}: {str(error) or type(error).__name__}"
            yield self._failure(asked_for, None, reason[:300], kind)
        else:  # robots.txt forbids it: nothing to store, nothing to ask again
            self._settle(request.meta)

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
            yield from self._requests([following[0][1]], "listing")

    def _note_last_listing_offset(self, offset: int) -> None:
        stats = self.crawler.stats
        if stats is not None and offset > (stats.get_value("monitor/listing_last_offset") or 0):
            stats.set_value("monitor/listing_last_offset", offset)

    def _article_requests(self, links: Iterable[str]) -> Iterator[scrapy.Request]:
        wanted = []
        for link in links:
            url = urls.canonical_article_url(link)
            if url is not None and self._wanted(url):
                wanted.append(url)
        yield from self._requests(wanted, "article")

    def _image_requests(self, links: Iterable[str]) -> Iterator[scrapy.Request]:
        """Requests for the images among `links` that are on the site (any spelling of its
        address) and that the archive does not hold yet."""
        wanted = []
        for link in links:
            if urls.is_site_url(link) and not urls.is_page_url(link):
                url = urls.image_key(link)
                if not self._held(url, "image"):
                    wanted.append(url)
        yield from self._requests(wanted, "image")

    def _wanted(self, url: str) -> bool:
        return not self._held(url, "article")

    def _held(self, url: str, kind: str) -> bool:
        """Whether a request of `kind` for `url` is not worth making: the archive holds what it
        would fetch (or, for an image, failed to get it lately)."""
        if kind == "article":
            return self.archive.has_article(url)
        if kind == "image":
            # Failures are recorded by the clock, whatever MONITOR_NOW says.
            retry_after = datetime.now(UTC) - timedelta(days=self.image_retry_days)
            return self.archive.has_image(url) or self.archive.image_failed_since(url, retry_after)
        return False

    def _requests(self, links: Iterable[str], kind: str) -> Iterator[scrapy.Request]:
        for link in links:
            request = self._request(link, kind)
            if request is not None:
                yield request

    def _request(self, link: str, kind: str, **meta: Any) -> scrapy.Request | None:
        """A request for a site URL of one kind; None when a resumable crawl asked for it before."""
        canonical = {"article": urls.canonical_article_url, "image": urls.image_key}
        url = canonical.get(kind, urls.canonical)(link)
        if url is None:
            return None
        if self.frontier is not None and not self.frontier.ask(url, kind):
            return None
        if kind == "listing":
            self.listing_pages_requested += 1
        return self._make_request(url, kind, meta)

    def _make_request(self, url: str, kind: str, meta: dict[str, Any]) -> scrapy.Request:
        callback, priority = {
            "article": (self.parse_article, ARTICLE_PRIORITY),
            "listing": (self.parse_listing, LISTING_PRIORITY),
            "feed": (self.parse_feed, FEED_PRIORITY),
            "image": (self.parse_image, IMAGE_PRIORITY),
        }[kind]
        if kind == "image":
            meta = {"download_maxsize": self.image_max_bytes, **meta}
        return scrapy.Request(
            urls.fetch_url(url, self.base_url),
            callback=callback,
            errback=self.errback,
            priority=priority,
            meta={"kind": kind, "ledger_url": url, **meta},
        )

    def _settle(self, meta: dict[str, Any]) -> None:
        if self.frontier is not None and "ledger_url" in meta:
            self.frontier.settle(meta["ledger_url"])

    def settle_stored(self, item: Any, response: Response | Failure | None) -> None:
        """An article, image or failure has passed every pipeline, the archive's commit
        included: only now is its request settled, so that a kill before the commit leaves it
        to be asked again. (A listing or feed is settled by its callback: what it gives is
        requests, each in the ledger once yielded.)"""
        if not isinstance(item, STORED_ANSWERS):
            return
        if isinstance(response, Failure):
            request = getattr(response, "request", None)
            self._settle(request.meta if request is not None else {})
        elif response is not None:
            self._settle(response.meta)

    def _failure(self, url: str, status: int | None, reason: str, kind: str) -> FetchFailure:
        return answers.failure(url, status, reason, kind)
