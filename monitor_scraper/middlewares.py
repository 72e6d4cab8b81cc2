"""Downloader middlewares of the project.

`BackoffRetryMiddleware` is Scrapy's retry with a pause that doubles at each attempt, so that an
overloaded site is given time to recover instead of being asked again at once.
`SiteRedirectMiddleware` keeps redirects on the site and out of loops, and says so when not.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import sleep

from monitor_scraper import urls

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries 5xx answers and timeouts after MONITOR_RETRY_BACKOFF * 2**(attempt-1) seconds."""

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
