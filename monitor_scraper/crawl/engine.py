"""Asking Scrapy's engine to end a crawl from inside one of its components."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)


def close_soon(crawler: Any, reason: str) -> None:
    """Close the spider with `reason` once the engine is free to (not inside its own call to
    the component asking)."""
    def close() -> None:
        engine = crawler.engine
        if engine is not None:
            closing = deferred_from_coro(engine.close_spider_async(reason=reason))
            closing.addErrback(lambda why: logger.error("Could not stop the crawl: %s", why))
    call_later(0, close)
