"""The text landmarks of an article page, found on its blocks whatever the markup.

Top to bottom: the live clock (never a date), the title, the date line `dd.mm.yyyy HH:MM<label>`,
the body, the `Останні новини Чернігівщини` heading, the `АНОНСИ ПОДІЙ` heading, the `Всі новини`
link. See the site notes for where these facts come from.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from monitor_scraper import urls
from monitor_scraper.extract import selectors
from monitor_scraper.extract.dates import DateLine, is_live_clock, parse_date_line
from monitor_scraper.extract.page import Block

logger = logging.getLogger(__name__)

_NOT_WORD = re.compile(r"[^\w\s]+")
_MAX_DATE_LINE = 160
_MAX_TITLE = 500


def fold(text: str) -> str:
    """Lower case, Latin i read as Cyrillic і, punctuation dropped, spaces normalised."""
    lowered = text.lower().replace("i", "і")
    return " ".join(_NOT_WORD.sub(" ", lowered).split())


@dataclass
class Landmarks:
    """Block indices of each landmark (None when missing) and the parsed date line."""

    date_index: int | None = None
    date: DateLine | None = None
    title_index: int | None = None
    latest_index: int | None = None
    announcements_index: int | None = None
    all_news_index: int | None = None

    def end_after(self, start: int, total: int) -> int:
        """The first of the block-closing landmarks after `start`, else the end of the page."""
        ends = [
            index
            for index in (self.latest_index, self.announcements_index, self.all_news_index)
            if index is not None and index > start
        ]
        return min(ends, default=total)


def find(blocks: list[Block], page_url: str) -> Landmarks:
    found = Landmarks()
    found.latest_index = _heading(blocks, selectors.LATEST_HEADING)
    found.announcements_index = _heading(blocks, selectors.ANNOUNCEMENTS_HEADING)
    found.all_news_index = _all_news(blocks)
    found.date_index, found.date = _date_line(blocks, page_url)
    if found.date_index is not None:
        found.title_index = _title_before(blocks, found.date_index)
    return found


def _heading(blocks: list[Block], wanted: str) -> int | None:
    for block in blocks:
        if len(block.text) <= len(wanted) + 4 and fold(block.text) == wanted:
            return block.index
    return None


def _all_news(blocks: list[Block]) -> int | None:
    for block in blocks:
        if block.links and len(block.text) < 30 and fold(block.text) == selectors.ALL_NEWS_LINK:
            return block.index
    return None


def _date_line(blocks: list[Block], page_url: str) -> tuple[int | None, DateLine | None]:
    """The first date line that is not the date of a listed item (whose title links elsewhere)."""
    own = urls.canonical_article_url(page_url)
    for block in blocks:
        if len(block.text) > _MAX_DATE_LINE or not block.text[:1].isdigit():
            continue
        line = parse_date_line(block.text)
        if line is None or _follows_foreign_link(blocks, block.index, own):
            continue
        return block.index, line
    return None, None


def _follows_foreign_link(blocks: list[Block], index: int, own: str | None) -> bool:
    previous = _previous_text_block(blocks, index)
    if previous is None:
        return False
    for link in previous.links:
        href = urls.absolute(link.get("href", ""), urls.CANONICAL_ORIGIN) or ""
        target = urls.canonical_article_url(href)
        if target is not None and target != own:
            return True
    return False


def _previous_text_block(blocks: list[Block], index: int) -> Block | None:
    for block in reversed(blocks[:index]):
        if block.text:
            return block
    return None


def _title_before(blocks: list[Block], date_index: int) -> int | None:
    """The title is the text right before the date line: skip empty lines and the clock only."""
    for block in reversed(blocks[:date_index]):
        if not block.text or is_live_clock(block.text):
            continue
        if _is_title_like(block.text):
            return block.index
        return None
    return None


def _is_title_like(text: str) -> bool:
    if len(text) > _MAX_TITLE:
        return False
    folded = fold(text)
    if folded in (selectors.LATEST_HEADING, selectors.ANNOUNCEMENTS_HEADING):
        return False
    return not (selectors.SITE_NAME in folded and len(folded) < 60)
