"""The page's side blocks: «Останні новини Чернігівщини» and «АНОНСИ ПОДІЙ».

A latest-news item is a title (maybe printed twice, once as an image's text), a time `HH:MM`
(on the title's line or on its own) and a teaser, which may be missing. An announcement is a link
to `/ua/anons/<id>`, maybe a date or time, maybe a teaser.
"""

from __future__ import annotations

import logging
import re

from monitor_scraper import urls
from monitor_scraper.extract.body import is_junk_text
from monitor_scraper.extract.dates import parse_clock_time
from monitor_scraper.extract.page import Block, text_of
from monitor_scraper.items import Announcement, LatestNewsItem

logger = logging.getLogger(__name__)

_TRAILING_TIME = re.compile(r"[\s\u00a0]*\d{1,2}:\d{2}[\s\u00a0]*$")
_WHEN = re.compile(
    r"^\s*(\d{1,2}[./]\d{1,2}([./]\d{2,4})?|\d{1,2}\s+\w+)?[\s,]*(\d{1,2}:\d{2})?\s*$"
)
_MAX_TIMED_LINE = 400
_ANNOUNCEMENT_PATH = re.compile(r"/ua/anons/\d+/?$")


def region(blocks: list[Block], start: int, end: int) -> list[Block]:
    """The blocks after heading `start` up to `end`, stopping at the page footer."""
    found = []
    for block in blocks[start + 1 : end]:
        if block.footer:
            break
        found.append(block)
    return found


def latest_news(blocks: list[Block], base_url: str) -> list[LatestNewsItem]:
    """Items of the latest-news block; `blocks` is the region after its heading."""
    timed = [(i, time) for i, block in enumerate(blocks) if (time := _time_of(block))]
    items: list[LatestNewsItem] = []
    title_positions: list[int] = []
    for i, time in timed:
        title_at = i if _TRAILING_TIME.sub("", blocks[i].text) else _previous_text(blocks, i)
        if title_at is None:
            continue
        title = _TRAILING_TIME.sub("", blocks[title_at].text)
        url = _item_url(blocks, title_at, i, base_url)
        items.append(LatestNewsItem(title=title, url=url, time=time, position=len(items) + 1))
        title_positions.append(title_at)
    for n, item in enumerate(items):
        after = timed[n][0] + 1
        until = title_positions[n + 1] if n + 1 < len(items) else min(after + 1, len(blocks))
        next_title = items[n + 1].title if n + 1 < len(items) else None
        item.teaser = _teaser(blocks[after:until], item.title, next_title)
    return items


def _time_of(block: Block) -> str | None:
    if not block.text or len(block.text) > _MAX_TIMED_LINE or not block.text[-1:].isdigit():
        return None
    return parse_clock_time(block.text)


def _previous_text(blocks: list[Block], index: int) -> int | None:
    for i in range(index - 1, -1, -1):
        if blocks[i].text:
            return i
    return None


def _item_url(blocks: list[Block], title_at: int, time_at: int, base_url: str) -> str | None:
    candidates = [*blocks[title_at].links, *blocks[time_at].links]
    if title_at > 0:
        candidates.extend(blocks[title_at - 1].links)
    for anchor in candidates:
        url = urls.absolute(anchor.get("href", ""), base_url)
        if url:
            return urls.canonical_article_url(url) or url
    return None


def _teaser(blocks: list[Block], title: str, next_title: str | None) -> str:
    parts = [
        block.text
        for block in blocks
        if block.text and block.text not in (title, next_title) and not is_junk_text(block.text)
    ]
    return " ".join(parts)


def announcements(blocks: list[Block], base_url: str) -> list[Announcement]:
    """Items of the announcements block; `blocks` is the region after its heading."""
    items: list[Announcement] = []
    for block in blocks:
        link = _announcement_link(block, base_url)
        if link is not None:
            url, text = link
            if items and items[-1].url == url and not items[-1].title:
                items[-1] = _new_announcement(block.text, url, text, items[-1].position)
            elif not (items and items[-1].url == url):
                items.append(_new_announcement(block.text, url, text, len(items) + 1))
            continue
        if not items or not block.text or block.text == items[-1].title or is_junk_text(block.text):
            continue
        current = items[-1]
        if not current.when and _WHEN.match(block.text) and any(c.isdigit() for c in block.text):
            current.when = block.text
        else:
            current.teaser = f"{current.teaser} {block.text}".strip()
    return items


def _announcement_link(block: Block, base_url: str) -> tuple[str, str] | None:
    for anchor in block.links:
        url = urls.absolute(anchor.get("href", ""), base_url)
        if url and urls.is_site_url(url) and _ANNOUNCEMENT_PATH.search(url.split("?")[0]):
            text = " ".join(text_of(anchor).split())
            return urls.canonical_article_url(url) or url, text
    return None


def _new_announcement(line: str, url: str, link_text: str, position: int) -> Announcement:
    title = link_text or line
    rest = line.replace(link_text, " ", 1).strip(" ,–—-") if link_text else ""
    when = rest if rest and _WHEN.match(rest) else ""
    return Announcement(title=title, url=url, when=when, position=position)
