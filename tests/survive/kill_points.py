"""Scrapy components that kill their own crawl with SIGKILL at one point between an article's
fetch and its commit, for `test_survive_kill_points.py`.

`KILL_POINT` names the point and `KILL_AT` which article (the Nth to reach it):
- `fetched`: its answer came back from the site, before the spider reads it;
- `extracted`: the spider made it an item, before any pipeline sees it;
- `storing`: the last pipeline before the archive's is about to hand it on;
- `stored`: the archive has committed it, before anything else hears of it.
"""

from __future__ import annotations

import os
import signal
from typing import Any

from monitor_scraper.items import Article


class _Killer:
    point = ""

    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.armed = settings.get("KILL_POINT") == self.point
        self.at = settings.getint("KILL_AT", 1)
        self.seen = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        return cls(crawler)

    def count(self) -> None:
        if not self.armed:
            return
        self.seen += 1
        if self.seen >= self.at:
            os.kill(os.getpid(), signal.SIGKILL)


class KillWhenFetched(_Killer):
    """A downloader middleware: its answers come in before the spider's callback."""

    point = "fetched"

    def process_response(self, request: Any, response: Any) -> Any:
        if request.meta.get("kind") == "article" and response.status == 200:
            self.count()
        return response


class KillWhenExtracted(_Killer):
    """A spider middleware: the callback's output, before the pipelines."""

    point = "extracted"

    def process_spider_output(self, response: Any, result: Any) -> Any:
        for output in result:
            if isinstance(output, Article):
                self.count()
            yield output

    async def process_spider_output_async(self, response: Any, result: Any) -> Any:
        async for output in result:
            if isinstance(output, Article):
                self.count()
            yield output


class KillWhenStoring(_Killer):
    """An item pipeline just before the archive's."""

    point = "storing"

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            self.count()
        return item


class KillWhenStored(KillWhenStoring):
    """An item pipeline just after the archive's: the article is committed."""

    point = "stored"
