"""What a crawl may be asked: its modes and the checks of its arguments, for `monitor-scraper
crawl`, `scrapy crawl monitor -a ...` and the spider alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

MODES = ("latest", "backfill")


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


def crawl_moment(value: str | None) -> datetime | None:
    """MONITOR_NOW as an aware time (UTC when it names no offset); None when empty."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CrawlArgumentError(f"MONITOR_NOW must be an ISO 8601 time, not {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
