"""The page's side blocks: «Останні новини Чернігівщини» and «АНОНСИ ПОДІЙ».

A latest-news item is a title (maybe printed twice, once as an image's text), a time `HH:MM`
(on the title's line or on its own) and a teaser, which may be missing. An announcement is a link
to `/ua/anons/<id>`, maybe a date or time, maybe a teaser.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from monitor_scraper.extract import addresses
from monitor_scraper.extract.body import is_junk_text
from monitor_scraper.extract.dates import CLOCK_AT_END, clock_time
from monitor_scraper.extract.landmarks import TextLine
from monitor_scraper.extract.page import normal_spaces, text_of
from monitor_scraper.items import Announcement, LatestNewsItem

logger = logging.getLogger(__name__)

_TRAILING_TIME = re.compile(r"[\s\u00a0]*\d{1,2}:\d{2}[\s\u00a0]*$")
_WHEN = re.compile(
    r"^\s*(\d{1,2}[./]\d{1,2}([./]\d{2,4})?|\d{1,2}\s+\w+)?[\s,]*(\d{1,2}:\d{2})?\s*$"
)
_MAX_TIMED_LINE = 400
_ANNOUNCEMENT_PATH = re.compile(r"/ua/anons/\d+/?$")


def region(blocks: Sequence[TextLine], start: int, end: int) -> Sequence[TextLine]:
    """The blocks after heading `start` up to `end`, stopping at the page footer."""
    found = []
    for block in blocks[start + 1 : end]:
        if block.footer:
            break
        found.append(block)
    return found


def latest_news(blocks: Sequence[TextLine], base_url: str) -> list[LatestNewsItem]:
    """Items of the latest-news block; `blocks` is the region after its heading."""
    items: list[LatestNewsItem] = []
    places: list[tuple[int, int]] = []  # (title block, time block) of each item
    for index, block in enumerate(blocks):
        text = block.text
        if text and text[-1].isdigit() and len(text) <= _MAX_TIMED_LINE:
            found = _timed(blocks, index, text)
            if found is not None:
                title_at, title, time = found
                url = _item_url(blocks, title_at, index, base_url)
                items.append(LatestNewsItem(title, url, time, "", len(items) + 1))
                places.append((title_at, index))
    count = len(items)
    for number, item in enumerate(items, 1):
        after = places[number - 1][1] + 1
        if number == count:
            item.teaser = _teaser(blocks[after : after + 1], item.title, None)
        else:
            until = places[number][0]
            item.teaser = _teaser(blocks[after:until], item.title, items[number].title)
    return items


def _timed(blocks: Sequence[TextLine], index: int, text: str) -> tuple[int, str, str] | None:
    """(where the title is, the title, the time) when `text`, block `index`, ends with a time."""
    # Texts are space-normalised: a time at the end is in the last five characters.
    match = CLOCK_AT_END.search(text, max(0, len(text) - 5))
    if match is None:
        return None
    time = clock_time(match)
    if time is None:
        return None
    title = text[: match.start()].rstrip()
    if title:
        return index, title, time
    title_at = _previous_text(blocks, index)
    if title_at is None:
        return None
    return title_at, _without_time(blocks[title_at].text), time


def _without_time(text: str) -> str:
    """`text` without a time at its end (with the space before it)."""
    if not text[-1:].isdigit():
        return text
    match = _TRAILING_TIME.search(text, max(0, len(text) - 6))  # space-normalised text
    return text[: match.start()] if match else text


def _previous_text(blocks: Sequence[TextLine], index: int) -> int | None:
    for i in range(index - 1, -1, -1):
        if blocks[i].text:
            return i
    return None


def _item_url(blocks: Sequence[TextLine], title_at: int, time_at: int, base_url: str) -> str | None:
    """The first link of the title's line, the time's line, or the line before the title."""
    places = (title_at, time_at, title_at - 1) if title_at > 0 else (title_at, time_at)
    for place in places:
        for anchor in blocks[place].links:
            url = addresses.article_or_absolute(anchor.get("href"), base_url)
            if url:
                return url
    return None


def _teaser(blocks: Sequence[TextLine], title: str, next_title: str | None) -> str:
    parts = []
    for block in blocks:
        text = block.text
        if text and text != title and text != next_title and not is_junk_text(text):
            parts.append(text)
    return " ".join(parts)


def announcements(blocks: Sequence[TextLine], base_url: str) -> list[Announcement]:
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


def _announcement_link(block: TextLine, base_url: str) -> tuple[str, str] | None:
    for anchor in block.links:
        href = anchor.get("href")
        url = addresses.absolute(href, base_url)
        if url and _ANNOUNCEMENT_PATH.search(url.split("?")[0]) and addresses.is_site_url(url):
            text = normal_spaces(text_of(anchor))
            return addresses.article_or_absolute(href, base_url) or url, text
    return None


def _new_announcement(line: str, url: str, link_text: str, position: int) -> Announcement:
    title = link_text or line
    rest = line.replace(link_text, " ", 1).strip(" ,–—-") if link_text else ""
    when = rest if rest and _WHEN.match(rest) else ""
    return Announcement(title=title, url=url, when=when, position=position)
