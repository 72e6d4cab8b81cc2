"""RSS feeds of the agency: bytes in, `FeedEntry` records out.

A feed item gives early values (title, section name, publication time with its Kyiv offset) that
the article page later confirms. Pure: no network, and no entity or DTD is ever resolved.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser
from lxml import etree

from monitor_scraper import urls
from monitor_scraper.items import Article, FeedEntry

logger = logging.getLogger(__name__)

KYIV = ZoneInfo("Europe/Kyiv")
_RFC_822 = re.compile(r"\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Zone names a feed may write instead of an offset.
ZONE_NAMES = {"EET": 2 * 3600, "EEST": 3 * 3600, "UTC": 0, "GMT": 0}


class NotAFeed(Exception):
    """The answer at a feed URL is not a readable RSS feed. `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        recover=False, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )


def parse_feed(body: bytes, feed_url: str) -> list[FeedEntry]:
    """The article items of an RSS 2.0 feed. Raises NotAFeed for anything else."""
    if not body or not body.strip():
        raise NotAFeed("empty answer")
    try:
        root = etree.fromstring(body, parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise NotAFeed(f"broken XML: {error}") from None
    if root is None:
        raise NotAFeed("not XML")
    if not isinstance(root.tag, str) or etree.QName(root).localname.lower() != "rss":
        raise NotAFeed(f"not an RSS feed (root element {root.tag!r})")
    entries = [entry for item in root.iter("item") if (entry := _entry(item, feed_url))]
    if not entries and root.find("channel") is None:
        raise NotAFeed("RSS without a channel")
    return entries


def _entry(item: etree._Element, feed_url: str) -> FeedEntry | None:
    link = _text(item, "link") or _text(item, "guid")
    url = urls.canonical_article_url(link) if link else None
    if url is None:
        return None
    return FeedEntry(
        url=url,
        title=_text(item, "title"),
        description=_text(item, "description"),
        category=_text(item, "category"),
        published=_pub_date(_text(item, "pubDate")),
        feed_url=feed_url,
    )


def _text(item: etree._Element, tag: str) -> str:
    child = item.find(tag)
    if child is None:
        return ""
    return " ".join("".join(child.itertext()).split())


def _pub_date(value: str) -> datetime | None:
    """An item's pubDate: RFC 822 as the site writes it; anything else read leniently (an ISO
    8601 time, `25.05.2012 06:39`, a zone named instead of an offset), since email.utils misreads
    those rather than refusing them. A time without an offset is Kyiv's."""
    if not value:
        return None
    try:
        if _RFC_822.match(value):
            parsed = parsedate_to_datetime(value)
        elif _YEAR.search(value):  # dateutil would fill a bare "12" in from today
            # Day first (25.05.2012) unless the year is (2012-05-25: ISO 8601).
            day_first = not value.strip()[:4].isdigit()
            parsed = dateutil_parser.parse(value, dayfirst=day_first, yearfirst=not day_first,
                                           tzinfos=ZONE_NAMES)
        else:
            return None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=KYIV)
    return parsed.astimezone(KYIV)


def apply_offset_hint(published: datetime | None, hint: datetime) -> datetime | None:
    """The page's publication time, with the feed's offset where the page's is ambiguous.

    A page prints Kyiv wall-clock time only, so in the hour that occurs twice in October it cannot
    say which of the two it means; the feed's RFC 822 date carries the offset and settles it.
    """
    if published is None:
        return None
    local_hint = hint.astimezone(KYIV)
    if local_hint.replace(tzinfo=None, fold=0) == published.replace(tzinfo=None, fold=0):
        return local_hint
    return published


def confirm_with_feed(article: Article, entry: FeedEntry) -> None:
    """Check the page's publication time against the feed's: settle the doubled October hour
    with the feed's offset, and warn when the two disagree. The page stays the authority."""
    if entry.published is None or article.published is None:
        return
    published = apply_offset_hint(article.published, entry.published) or article.published
    article.published = published
    if published != entry.published:
        article.warnings.append(
            f"feed {entry.feed_url} gives {entry.published.isoformat()}, "
            f"the page {published.isoformat()}"
        )
