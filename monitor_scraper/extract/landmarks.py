"""The text landmarks of an article page, found on its blocks whatever the markup.

Top to bottom: the live clock (never a date), the title, the date line `dd.mm.yyyy HH:MM<label>`,
the body, the `Останні новини Чернігівщини` heading, the `АНОНСИ ПОДІЙ` heading, the `Всі новини`
link. See the site notes for where these facts come from.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from monitor_scraper import urls
from monitor_scraper.extract import addresses, selectors
from monitor_scraper.extract.dates import DateLine, is_live_clock, parse_date_line
from monitor_scraper.extract.page import Block, Element

logger = logging.getLogger(__name__)

_NOT_WORD = re.compile(r"[^\w\s]+")
_MAX_DATE_LINE = 160
_MAX_TITLE = 500


def fold(text: str) -> str:
    """Lower case, Latin i read as Cyrillic і, punctuation dropped, spaces normalised."""
    lowered = text.lower().replace("i", "і")
    return " ".join(_NOT_WORD.sub(" ", lowered).split())


class TextLine(Protocol):
    """A block or a line: what the landmarks and the side blocks read of either."""

    @property
    def text(self) -> str: ...

    @property
    def links(self) -> list[Element]: ...

    @property
    def footer(self) -> bool: ...


@dataclass
class Landmarks:
    """Indices of each landmark (None when missing) and the parsed date line."""

    NAMES: ClassVar[dict[str, str]] = {
        "latest": "the latest-news heading",
        "announcements": "the announcements heading",
        "all_news": "the all-news link",
        "end": "the end of the page",
    }

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

    def name_of(self, index: int) -> str:
        """Which landmark stands at `index`, in words."""
        names = {
            self.all_news_index: self.NAMES["all_news"],
            self.announcements_index: self.NAMES["announcements"],
            self.latest_index: self.NAMES["latest"],
        }
        return names.get(index, self.NAMES["end"])


def find(
    blocks: Sequence[Block], page_url: str, date: tuple[int, DateLine] | None = None
) -> Landmarks:
    """The landmarks of `blocks`; `date` is the date line when it is already known."""
    found = find_side(blocks)
    found.date_index, found.date = date if date is not None else date_line(blocks, page_url)
    if found.date_index is not None:
        found.title_index = _title_before(blocks, found.date_index)
    return found


def find_side(lines: Sequence[TextLine]) -> Landmarks:
    """The headings and the all-news link (the first of each) among `lines`."""
    found = Landmarks()
    for index, line in enumerate(lines):
        if len(line.text) <= MAX_LANDMARK:
            kind = closing_kind(line)
            if kind and getattr(found, f"{kind}_index") is None:
                setattr(found, f"{kind}_index", index)
    return found


def closes_body(line: TextLine) -> bool:
    """True for a heading or the all-news link: the body ends before it."""
    text = line.text
    if len(text) > MAX_LANDMARK:
        return False
    lowered = text.lower()  # the test `closing_kind` starts with, before its call (most lines)
    if "нов" not in lowered and "анонс" not in lowered:
        return False
    return closing_kind(line) is not None


def closing_name(line: TextLine) -> str:
    """Which closing landmark `line` is, in words."""
    return Landmarks.NAMES[closing_kind(line) or "end"]


MAX_LANDMARK = len(selectors.LATEST_HEADING) + 4


def closing_kind(line: TextLine) -> str | None:
    """ "latest", "announcements" or "all_news" when the line is that landmark, else None."""
    text = line.text
    lowered = text.lower()
    if "нов" not in lowered and "анонс" not in lowered:  # in every heading, before folding
        return None
    folded = fold(text)
    if folded == selectors.LATEST_HEADING:
        return "latest"
    if folded == selectors.ANNOUNCEMENTS_HEADING and len(text) <= len(folded) + 4:
        return "announcements"
    if folded == selectors.ALL_NEWS_LINK and line.links and len(text) < 30:
        return "all_news"
    return None


def article_marks(blocks: Sequence[Block], date: tuple[int, DateLine]) -> Landmarks:
    """The date line (known) and the title before it."""
    found = Landmarks(date_index=date[0], date=date[1])
    found.title_index = _title_before(blocks, date[0])
    return found


def date_line(blocks: Sequence[Block], page_url: str) -> tuple[int | None, DateLine | None]:
    """The first date line that is not the date of a listed item (whose title links elsewhere)."""
    own = addresses.canonical_article(page_url)
    for index, block in enumerate(blocks):
        if len(block.text) > _MAX_DATE_LINE or not block.text[:1].isdigit():
            continue
        line = parse_date_line(block.text)
        if line is None or _follows_foreign_link(blocks, index, own):
            continue
        return index, line
    return None, None


def _follows_foreign_link(blocks: Sequence[Block], index: int, own: str | None) -> bool:
    previous = _previous_text_block(blocks, index)
    if previous is None:
        return False
    for link in previous.links:
        href = addresses.absolute(link.get("href"), urls.CANONICAL_ORIGIN) or ""
        target = addresses.canonical_article(href) if href else None
        if target is not None and target != own:
            return True
    return False


def _previous_text_block(blocks: Sequence[Block], index: int) -> Block | None:
    for block in reversed(blocks[:index]):
        if block.text:
            return block
    return None


def has_line_before(blocks: Sequence[Block], date_index: int) -> bool:
    """True when some text other than the live clock comes before the date line."""
    return any(block.text and not is_live_clock(block.text) for block in blocks[:date_index])


def _title_before(blocks: Sequence[Block], date_index: int) -> int | None:
    """The title is the text right before the date line: skip empty lines and the clock only."""
    for index in range(date_index - 1, -1, -1):
        text = blocks[index].text
        if not text or is_live_clock(text):
            continue
        return index if _is_title_like(text) else None
    return None


def _is_title_like(text: str) -> bool:
    if len(text) > _MAX_TITLE:
        return False
    folded = fold(text)
    if folded in (selectors.LATEST_HEADING, selectors.ANNOUNCEMENTS_HEADING):
        return False
    return not (selectors.SITE_NAME in folded and len(folded) < 60)
