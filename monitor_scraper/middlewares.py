"""Downloader middlewares of the project.

`BackoffRetryMiddleware` is Scrapy's retry with a pause that doubles at each attempt, so that an
overloaded site is given time to recover instead of being asked again at once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import sleep

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries 5xx answers and timeouts after MONITOR_RETRY_BACKOFF * 2**(attempt-1) seconds."""

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
