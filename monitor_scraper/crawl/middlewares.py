"""Downloader middlewares of the project.

`BackoffRetryMiddleware` is Scrapy's retry with a pause that doubles at each attempt, so that an
overloaded site is given time to recover instead of being asked again at once.
`SiteRedirectMiddleware` keeps redirects on the site and out of loops, and says so when not.
`RobotsDelayMiddleware` keeps the pause between requests that robots.txt asks for (`Crawl-delay`,
`Request-rate`), which Scrapy reads but does not apply.
`RobotsTxtMiddleware` is Scrapy's, mended so that every request that waited for robots.txt is
judged by it, not only the first.
`ReachabilityMiddleware` stops a crawl that cannot reach the site at all, in one line.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from protego import Protego
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotConfigured,
)
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.internet.error import ConnectError, DNSLookupError

from monitor_scraper import urls
from monitor_scraper.crawl import report
from monitor_scraper.crawl.engine import close_soon

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries what RETRY_HTTP_CODES and RETRY_EXCEPTIONS name (5xx, 408 and 429 answers, timeouts,
    failed connections) after MONITOR_RETRY_BACKOFF * 2**(attempt-1) seconds."""

    backoff: float
    backoff_max: float

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.backoff = crawler.settings.getfloat("MONITOR_RETRY_BACKOFF")
        middleware.backoff_max = crawler.settings.getfloat("MONITOR_RETRY_BACKOFF_MAX")
        return middleware

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        outcome = super().process_response(request, response)
        return await self._after_pause(outcome)

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> Request | Response | None:
        outcome = super().process_exception(request, exception)
        return await self._after_pause(outcome)

    async def _after_pause(self, outcome):  # type: ignore[no-untyped-def]
        from scrapy import Request

        if isinstance(outcome, Request):
            attempt = int(outcome.meta.get("retry_times", 1))
            delay = min(self.backoff * 2 ** (attempt - 1), self.backoff_max)
            if delay > 0:
                await sleep(delay)
        return outcome


class SiteRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, kept on the site and out of loops, and said so when they are not.

    A redirect to another site or round in a loop is refused with IgnoreRequest, so the spider's
    errback records it (Scrapy would otherwise drop it silently in the scheduler or its duplicate
    filter); a redirect to any monitor.cn.ua host variant is fetched from MONITOR_BASE_URL, like
    every other request. A redirect's target is fetched even when it was seen before: the chain is
    bounded by REDIRECT_MAX_TIMES and the loop check, and its outcome is recorded either way.
    """

    base_url: str
    base_host: frozenset[str]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteRedirectMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.base_url = crawler.settings.get("MONITOR_BASE_URL").rstrip("/")
        middleware.base_host = frozenset({urlsplit(middleware.base_url).netloc.lower()})
        return middleware

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        target = redirected.url
        if not urls.is_site_url(target, self.base_host):
            raise IgnoreRequest(f"redirected off-site to {target}")
        mapped = urls.fetch_url(target, self.base_url)
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if mapped in chain:
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, mapped])}")
        if mapped != target:
            redirected = redirected.replace(url=mapped)
        redirected = super()._redirect(redirected, request, reason)
        redirected.dont_filter = True
        return redirected


def robots_delay(body: bytes, user_agent: str) -> float | None:
    """The seconds between requests that a robots.txt asks of `user_agent`: its `Crawl-delay`,
    or its `Request-rate` as seconds per request, whichever is longer; None when it asks none."""
    try:
        rules = Protego.parse(body.decode("utf-8", errors="replace"))
        crawl_delay = rules.crawl_delay(user_agent)
        rate = rules.request_rate(user_agent)
    except Exception as error:  # a robots.txt Protego cannot read asks for nothing
        logger.debug("robots.txt unreadable for its delay: %s", error)
        return None
    asked = [float(crawl_delay)] if crawl_delay else []
    if rate is not None and rate.requests:
        asked.append(rate.seconds / rate.requests)
    return max(asked) if asked else None


class RobotsDelayMiddleware:
    """Spaces the requests to a host by what its robots.txt asks (at most MONITOR_ROBOTS_DELAY_MAX
    seconds), on top of DOWNLOAD_DELAY and AutoThrottle: each request waits for its turn, one
    delay after the one before, whatever the concurrency. Off with ROBOTSTXT_OBEY or
    MONITOR_ROBOTS_DELAY off."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or ""
        self.max_delay = settings.getfloat("MONITOR_ROBOTS_DELAY_MAX")
        self.delays: dict[str, float] = {}  # host -> seconds between requests
        self.next_turn: dict[str, float] = {}  # host -> when its next request may go (monotonic)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsDelayMiddleware:
        settings = crawler.settings
        if not (settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("MONITOR_ROBOTS_DELAY")):
            raise NotConfigured("robots.txt, or its delay, is not obeyed (MONITOR_ROBOTS_DELAY)")
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        host = urlsplit(request.url).netloc
        delay = self.delays.get(host)
        if not delay:
            return
        now = time.monotonic()
        turn = max(now, self.next_turn.get(host, now))
        self.next_turn[host] = turn + delay
        if turn > now:
            await sleep(turn - now)

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Response:
        if urlsplit(request.url).path == "/robots.txt" and response.status == 200:
            self._observe(urlsplit(request.url).netloc, robots_delay(response.body,
                                                                     self.user_agent))
        return response

    def _observe(self, host: str, asked: float | None) -> None:
        if not asked or asked <= 0:
            return
        delay = min(asked, self.max_delay)
        self.delays[host] = delay
        if delay < asked:
            logger.warning("robots.txt of %s asks for %g s between requests: keeping %g s "
                           "(MONITOR_ROBOTS_DELAY_MAX)", host, asked, delay)
        else:
            logger.info("robots.txt of %s asks for %g s between requests: kept", host, delay)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("monitor/robots_delay", delay)


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    """Scrapy's robots.txt middleware, every waiting request judged.

    Scrapy 2.19 lets all the requests that arrive while robots.txt is being fetched wait on one
    Deferred; under the asyncio reactor only the first of them receives the parser (Twisted's
    `asFuture` hands None down the chain), and None means "allowed". A crawl that starts with
    several requests at once (a resumed backfill, a latest run) then fetched pages robots.txt
    forbids. Here a request that was handed None reads the parser the middleware has kept.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:
            kept = self._parsers.get(urlparse_cached(request).netloc)
            if not isinstance(kept, Deferred):
                parser = kept
        return parser


class SiteUnreachable(IgnoreRequest):
    """A request not made because the site cannot be reached: not recorded as a failure and not
    settled, so that a resumed crawl asks for it again."""


# Failures to reach the host at all (after their retries), as opposed to answers it gave.
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError,
    ConnectError, DNSLookupError,
)


class ReachabilityMiddleware:
    """Ends a crawl that cannot reach the site, rather than failing each request in turn.

    When robots.txt (the first request to the site) cannot be fetched for want of a connection
    (the name does not resolve, the connection is refused or times out), or MONITOR_UNREACHABLE
    _AFTER requests in a row fail so after their retries, it logs one warning, makes no further
    request and closes the crawl, which ends with exit status 3 and says why. It sits inside the
    retry middleware, so it sees a failure once the retries have given up.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.limit = max(1, crawler.settings.getint("MONITOR_UNREACHABLE_AFTER"))
        self.failures_in_a_row = 0
        self.reason: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReachabilityMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self.reason is not None:
            raise SiteUnreachable(f"not asked: {self.reason}")

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Response:
        self.failures_in_a_row = 0
        return response

    def process_exception(self, request: Request, exception: Exception,
                          spider: Spider | None = None) -> None:
        if not isinstance(exception, CONNECTION_ERRORS):
            return
        self.failures_in_a_row += 1
        parts = urlsplit(request.url)
        if parts.path == "/robots.txt" or self.failures_in_a_row >= self.limit:
            self._give_up(f"{parts.netloc}: {exception}".rstrip(". "))

    def _give_up(self, reason: str) -> None:
        if self.reason is not None:
            return
        self.reason = reason
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(report.UNREACHABLE_KEY, reason)
        logger.warning("Stopping: the site cannot be reached (%s)", reason)
        close_soon(self.crawler, "site_unreachable")
