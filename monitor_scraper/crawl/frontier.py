"""The crawl's frontier ledger: what a resumable crawl asked for, and what it has settled.

Scrapy's own JOBDIR keeps the request queue pickled on disk, but a request taken off that queue
is gone from it: a crawl killed with `kill -9` loses every request that was in flight, and the
persisted duplicate filter then stops them from ever being asked again. So when JOBDIR is set, the
spider writes each request it makes to an append-only ledger in JOBDIR before making it, and
marks it settled once its answer has been handled: an article, image or failure once the archive
has committed it, a listing or feed once the requests it gave are in the ledger. A resumed
crawl re-issues what was asked for but never settled, and nothing else: nothing is fetched twice
but what a kill interrupted.

`LedgerScheduler` is Scrapy's scheduler with its disk queue and persistent duplicate filter left
out, since the ledger does their job; without JOBDIR it is Scrapy's scheduler unchanged.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scrapy.core.scheduler import Scheduler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.misc import build_from_crawler, load_object

logger = logging.getLogger(__name__)

LEDGER_NAME = "monitor-frontier.log"


class Frontier:
    """An append-only ledger of requests: `+ kind url` when asked, `- url` when settled.

    Each line is written with one unbuffered `os.write`, so a killed process leaves every line
    it wrote; a torn last line is ignored on reading.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.asked: dict[str, str] = {}  # url -> kind, in the order asked
        self.settled: set[str] = set()
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            self._load()
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    @classmethod
    def in_jobdir(cls, jobdir: str | None) -> Frontier | None:
        return cls(Path(jobdir) / LEDGER_NAME) if jobdir else None

    def _load(self) -> None:
        with self.path.open(encoding="utf-8", errors="replace") as ledger:
            for line in ledger:
                if not line.endswith("\n"):
                    break  # torn by a kill: that request was never made
                fields = line.rstrip("\n").split("\t")
                if fields[0] == "+" and len(fields) == 3:
                    self.asked.setdefault(fields[2], fields[1])
                elif fields[0] == "-" and len(fields) == 2:
                    self.settled.add(fields[1])

    @property
    def resumed(self) -> bool:
        return bool(self.asked)

    def __contains__(self, url: str) -> bool:
        return url in self.asked

    def ask(self, url: str, kind: str) -> bool:
        """Record a request about to be made; False if it was asked for before."""
        if url in self.asked:
            return False
        self.asked[url] = kind
        self._write(f"+\t{kind}\t{url}\n")
        return True

    def settle(self, url: str) -> None:
        if url in self.settled or url not in self.asked:
            return
        self.settled.add(url)
        self._write(f"-\t{url}\n")

    def unsettled(self) -> Iterator[tuple[str, str]]:
        """(url, kind) of requests asked for but never settled, in the order asked."""
        for url, kind in self.asked.items():
            if url not in self.settled:
                yield url, kind

    def settled_of_kind(self, kind: str) -> Iterator[str]:
        """The urls of settled requests of one kind, in the order asked."""
        for url, asked_kind in self.asked.items():
            if asked_kind == kind and url in self.settled:
                yield url

    def count(self, kind: str) -> int:
        return sum(1 for asked_kind in self.asked.values() if asked_kind == kind)

    def close(self) -> None:
        os.close(self._fd)

    def _write(self, line: str) -> None:
        os.write(self._fd, line.encode("utf-8"))


class LedgerScheduler(Scheduler):
    """Scrapy's scheduler, in memory only: with JOBDIR, the frontier ledger persists the crawl."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> LedgerScheduler:
        settings = crawler.settings
        dupefilter_cls = load_object(settings["DUPEFILTER_CLASS"])
        if issubclass(dupefilter_cls, RFPDupeFilter):
            dupefilter = dupefilter_cls(
                None, settings.getbool("DUPEFILTER_DEBUG"),
                fingerprinter=crawler.request_fingerprinter,
            )
        else:
            dupefilter = build_from_crawler(dupefilter_cls, crawler)
        return cls(
            dupefilter=dupefilter,
            jobdir=None,
            dqclass=load_object(settings["SCHEDULER_DISK_QUEUE"]),
            mqclass=load_object(settings["SCHEDULER_MEMORY_QUEUE"]),
            logunser=settings.getbool("SCHEDULER_DEBUG"),
            stats=crawler.stats,
            pqclass=load_object(settings["SCHEDULER_PRIORITY_QUEUE"]),
            crawler=crawler,
        )
