"""Which links on a page lead to pages the crawler wants: articles, listing pages and feeds.

Only those three kinds are ever requested, so everything else a page links to (calendars, search,
login, other sites, images) is dropped here. Pure: bytes in, URLs out.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from monitor_scraper import urls

logger = logging.getLogger(__name__)

_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")
_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"}


@dataclass
class PageLinks:
    """The links of one page that matter to the crawler, absolute and in page order."""

    articles: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)  # dd.mm.yyyy dates printed on the page


def page_links(body: bytes, page_url: str, encoding: str | None = None) -> PageLinks:
    """Classify the links of an HTML page. Never raises on bad markup: returns what it can."""
    found = PageLinks()
    root = _parse(body, encoding)
    if root is None:
        return found
    own_host = frozenset({urlsplit(page_url).netloc.lower()})
    seen: set[str] = set()
    for element in root.iter("a", "link", "area"):
        href = element.get("href")
        url = urls.absolute(href or "", page_url)
        if url is None or url in seen or not urls.is_site_url(url, own_host):
            continue
        seen.add(url)
        _classify(url, element, found)
    found.dates = _dates(root)
    return found


def _parse(body: bytes, encoding: str | None) -> etree._Element | None:
    if not body or not body.strip():
        return None
    try:
        parser = lxml.html.HTMLParser(encoding=encoding) if encoding else None
    except LookupError:  # a codec name Python knows (koi8_u) may be unknown to libxml2
        parser = None
    try:
        return lxml.html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError, LookupError):
        return None


def _classify(url: str, element: etree._Element, found: PageLinks) -> None:
    if urls.article_key(url) is not None:
        found.articles.append(url)
    elif urls.listing_offset(url) is not None:
        found.listings.append(url)
    elif _is_feed_link(url, element):
        found.feeds.append(url)


def _is_feed_link(url: str, element: etree._Element) -> bool:
    if element.tag == "link":
        rel = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").lower()
        return "alternate" in rel and kind in _FEED_TYPES
    text = (element.text_content() or "").strip().upper()
    return urls.is_feed_path(url) or (text == "RSS" and url.endswith((".xml", ".rss")))


def _dates(root: etree._Element) -> list[date]:
    text = root.text_content() or ""
    found = []
    for day, month, year in _DATE.findall(text):
        try:
            found.append(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return found
