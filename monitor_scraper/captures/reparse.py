"""Re-extraction from raw captures: WARC files in, archive rows out, without the network.

`reparse` reads the response records of WARC files in order (`read`) and does with each what a
crawl does with the same answer, through the same code (`answers`): a feed's entries are kept
(their offsets settle the doubled October hour of the article pages that follow); an article page
is extracted and stored; a 404/410 of an article marks it withdrawn; an image (`crawl --images`)
is noted where it lies. A damaged record is reported and skipped, and reading goes on with the
next record that can be found, then the next file.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor_scraper.archive import Archive
from monitor_scraper.captures import answers
from monitor_scraper.captures.read import Capture, Damage, read_captures
from monitor_scraper.items import FeedEntry, FetchFailure

logger = logging.getLogger(__name__)

# Reparse stores in batches of this many calls (`Archive(commit_every=...)`): its input can be
# replayed, so a batch lost to a kill is only work to do again.
COMMIT_EVERY = 500



@dataclass
class ReparseReport:
    crawl_id: int = 0
    files: int = 0
    responses: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    feed_entries: int = 0
    images: int = 0
    failures: int = 0
    skipped: int = 0
    errors: int = 0
    damaged: list[Damage] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """False when nothing at all could be read: every record that was tried was damaged."""
        return self.responses > 0 or not self.damaged

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "responses": self.responses,
            "new": self.outcomes["new"],
            "changed": self.outcomes["changed"],
            "unchanged": self.outcomes["unchanged"],
            "withdrawn": self.outcomes["withdrawn"],
            "failed": self.failures,
            "feed_entries": self.feed_entries,
            "images": self.images,
            "skipped": self.skipped,
            "errors": self.errors,
            "damaged": len(self.damaged),
        }

    def summary_line(self) -> str:
        return " ".join(f"{key}={value}" for key, value in self.summary().items())


def reparse(
    paths: Iterable[str | Path],
    archive: Archive,
    *,
    on_damage: Callable[[Damage], None] | None = None,
) -> ReparseReport:
    """Re-extract every capture in `paths`, in order, into `archive` as one crawl "reparse"."""
    files = [Path(path) for path in paths]
    names = [path.name for path in files]
    report = ReparseReport(crawl_id=archive.begin_crawl("reparse", {"warc_files": names}))
    hints: dict[str, FeedEntry] = {}
    for path in files:
        report.files += 1
        for item in read_captures(path):
            if isinstance(item, Damage):
                _damaged(report, item, on_damage)
                continue
            report.responses += 1
            _handle(item, archive, report, hints)
    summary = {**report.summary(), "warc_files": names}
    archive.end_crawl(report.crawl_id, exit_status=0 if report.readable else 1, summary=summary)
    return report


def _damaged(report: ReparseReport, damage: Damage, on_damage: Callable[[Damage], None] | None,
             ) -> None:
    report.damaged.append(damage)
    logger.warning("Damaged record skipped: %s", damage)
    if on_damage is not None:
        on_damage(damage)


# --- what one capture means -----------------------------------------------------------------------

def _handle(capture: Capture, archive: Archive, report: ReparseReport,
            hints: dict[str, FeedEntry]) -> None:
    """Do with one capture what the crawl did with the same answer (`answers`)."""
    kind = answers.kind_of(capture.url)
    answer = answers.Answer(capture.url, capture.status, capture.content_type, capture.body,
                            capture.fetched_at, capture.file, capture.offset)
    if kind == "article" and capture.status in answers.WITHDRAWN_STATUSES:
        _fail(archive, report, answers.failure(capture.url, capture.status,
                                               f"HTTP {capture.status}", "article"))
    elif capture.status != 200 or kind not in ("article", "feed", "image"):
        report.skipped += 1  # robots.txt, listings, redirects, retried errors
    elif kind == "article":
        _handle_article(answer, archive, report, hints)
    elif kind == "feed":
        _handle_feed(answer, archive, report, hints)
    else:
        _handle_image(answer, archive, report)


def _handle_image(answer: answers.Answer, archive: Archive, report: ReparseReport) -> None:
    image = answers.image(answer)
    if isinstance(image, FetchFailure):
        _fail(archive, report, image)
    elif archive.store_image(image, crawl_id=report.crawl_id):
        report.images += 1


def _handle_feed(answer: answers.Answer, archive: Archive, report: ReparseReport,
                 hints: dict[str, FeedEntry]) -> None:
    entries = answers.feed(answer, hints)
    if isinstance(entries, FetchFailure):
        _fail(archive, report, entries)
        return
    for entry in entries:
        archive.store_feed_entry(entry, crawl_id=report.crawl_id)
        report.feed_entries += 1


def _handle_article(answer: answers.Answer, archive: Archive, report: ReparseReport,
                    hints: dict[str, FeedEntry]) -> None:
    try:
        article = answers.article(answer, hints)
    except Exception:
        # As in a crawl, where a failing callback loses its page and the crawl goes on.
        logger.exception("Extraction failed on %s (%s at %s)", answer.url, answer.warc_file,
                         answer.warc_offset)
        report.errors += 1
        return
    if isinstance(article, FetchFailure):
        _fail(archive, report, article)
        return
    outcome = archive.store_article(article, crawl_id=report.crawl_id,
                                    warc_file=article.warc_file, warc_offset=article.warc_offset)
    report.outcomes[outcome] += 1


def _fail(archive: Archive, report: ReparseReport, failure: FetchFailure) -> None:
    outcome = archive.store_failure(failure, crawl_id=report.crawl_id)
    report.failures += 1
    if outcome:
        report.outcomes[outcome] += 1
