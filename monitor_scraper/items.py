"""The records the crawler produces: one typed dataclass per kind of record.

Extraction returns these; pipelines hand them to the archive (`Archive`); `to_dict()` gives the
JSON form printed by `monitor-scraper extract` (datetimes in ISO 8601 with their offset).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Media:
    """An image or a video inside an article's body, with its caption as printed."""

    url: str
    caption: str = ""


@dataclass
class Link:
    """A link inside an article's body."""

    url: str
    text: str = ""


@dataclass
class LatestNewsItem:
    """One item of the «Останні новини Чернігівщини» block, as seen on one page."""

    title: str
    url: str | None
    time: str | None  # "HH:MM" as printed; the date is resolved later from the linked article
    teaser: str = ""
    position: int = 0


@dataclass
class Announcement:
    """One item of the «АНОНСИ ПОДІЙ» block, as seen on one page."""

    title: str
    url: str | None
    when: str = ""  # the date/time text as printed, if any
    teaser: str = ""
    position: int = 0


@dataclass
class Article:
    """One article (or announcement, section `anons`) page, as extracted."""

    url: str  # canonical https://monitor.cn.ua/ua/<section>/<id>
    article_id: int
    section: str
    title: str = ""
    published: datetime | None = None  # aware, Europe/Kyiv
    published_text: str = ""  # the date line as printed, e.g. "25.05.2012 06:39"
    author: str = ""  # the source label as printed, e.g. "Агенцiя"
    body: str = ""  # plain text, paragraphs separated by a blank line
    body_html: str = ""  # the cleaned main content
    images: list[Media] = field(default_factory=list)
    videos: list[Media] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    latest_news: list[LatestNewsItem] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)
    fetched_at: datetime | None = None
    encoding: str = ""
    warnings: list[str] = field(default_factory=list)
    # Where the raw answer was captured (set by the crawl or reparse, never by extraction).
    warc_file: str | None = None
    warc_offset: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(dataclasses.asdict(self))


@dataclass
class FetchFailure:
    """A page that could not be archived: HTTP error, timeout, not an article, oversize..."""

    url: str
    status: int | None  # HTTP status, None when there was no answer
    reason: str
    kind: str = "page"  # article | listing | feed | image | robots | page


@dataclass
class CapturedImage:
    """An image of an article's body, fetched and kept in the raw captures (MONITOR_IMAGES)."""

    url: str  # canonical https://monitor.cn.ua/... address, as the article names it
    content_type: str
    length: int
    sha1: str  # hex digest of the bytes
    fetched_at: datetime | None = None
    warc_file: str | None = None
    warc_offset: int | None = None


@dataclass
class FeedEntry:
    """One RSS item: early values for an article that its page confirms."""

    url: str  # canonical
    title: str = ""
    description: str = ""
    category: str = ""
    published: datetime | None = None
    feed_url: str = ""


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value
