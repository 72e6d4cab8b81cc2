"""How a page is read: into blocks for the title, date line and body, and lines for the side.

Cutting the whole page into blocks costs most of extraction, and nothing before the title is
needed. A quick scan over the tree's text nodes finds the first text that starts like a date
(`25.05.2012`); the walk starts at the smallest block-level element around it that also holds a
line before the date line (the title, or whatever stands there), and ends at the first heading or
all-news link after the date line, where the body ends. From that landmark's element on, the side
blocks are read as plain lines (`lines.py`), which costs less. Both give exactly what the
whole-page walk gives from where they start (see `page.start_walk`).

The whole page is walked instead when the scan finds no date line, or when a heading is missing
after the article while the page's text has it somewhere: it may then stand before the article.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

from monitor_scraper.extract import landmarks, lines, page
from monitor_scraper.extract.dates import DateLine
from monitor_scraper.extract.landmarks import Landmarks
from monitor_scraper.extract.lines import Line
from monitor_scraper.extract.page import Block, Element

logger = logging.getLogger(__name__)

_DATE_START = re.compile(r"[\s\u00a0\u2007\u202f]*\d{1,2}\.\d{1,2}\.\d{4}")
_MAX_CANDIDATES = 8
_I = "[іi]"  # the site writes a Latin i inside Cyrillic words
_HEADING_TEXT = {
    "latest": re.compile(rf"останн{_I}\W*новини\W*черн{_I}г{_I}вщини", re.I),
    "announcements": re.compile(rf"анонси\W*под{_I}й", re.I),
}
WHOLE_PAGE = "the whole page"
FROM_ARTICLE = "from the title's block on; side blocks as lines"


@dataclass
class Reading:
    """A page read for extraction. `marks` index `blocks` (title, date line); `side` indexes
    `lines` (headings, all-news link); the body is `blocks[marks.date_index + 1 : body_end]`."""

    blocks: list[Block]
    marks: Landmarks
    body_end: int
    body_end_name: str
    lines: Sequence[Line | Block]
    side: Landmarks
    how: str


def read(root: Element, page_url: str) -> Reading:
    """The page read from the article on when the scan finds it, else as a whole."""
    body = page.body_of(root)
    found = _read_from_article(body, page_url) if body is not None else None
    return found if found is not None else read_whole(root, page_url)


def read_whole(root: Element, page_url: str) -> Reading:
    blocks = page.blocks_of(root)
    marks = landmarks.find(blocks, page_url)
    end = marks.end_after(marks.date_index, len(blocks)) if marks.date_index is not None else 0
    return Reading(blocks, marks, end, marks.name_of(end), blocks, marks, WHOLE_PAGE)


def _read_from_article(body: Element, page_url: str) -> Reading | None:
    for number, (element, is_tail) in enumerate(date_candidates(body)):
        if number == _MAX_CANDIDATES:
            return None
        found = _walk_around(element, is_tail, body, page_url)
        if found is not None:
            return _read_on(found[0], found[1], body, page_url)
    return None


def _read_on(
    walk: page.Walk, date: tuple[int, DateLine], body: Element, page_url: str
) -> Reading | None:
    """The body up to the first closing landmark after the date line, the side from there."""
    date_index = date[0]
    stop = _first_closing(walk.blocks, date_index + 1)
    blocks = walk.blocks
    if stop is None:
        blocks, stopped = walk.finish(landmarks.closes_body)
        stop = len(blocks) - 1 if stopped else None
    marks = landmarks.article_marks(blocks, date)
    side_lines: list[Line] = []
    side = Landmarks()
    if stop is not None:
        found = lines.side_lines(blocks[stop].element, body)
        if found is None:
            return None
        side_lines, side = found
    if _heading_elsewhere(body, side):
        return None
    end = len(blocks) if stop is None else stop
    name = Landmarks.NAMES["end"] if stop is None else landmarks.closing_name(blocks[stop])
    return Reading(blocks, marks, end, name, side_lines, side, FROM_ARTICLE)


def _first_closing(blocks: list[Block], start: int) -> int | None:
    for index in range(start, len(blocks)):
        if landmarks.closes_body(blocks[index]):
            return index
    return None


def date_candidates(body: Element) -> Iterator[tuple[Element, bool]]:
    """Text nodes starting with a `d.m.yyyy` date, in document order: (element, is it a tail)."""
    match = _DATE_START.match
    for element in body.iter():
        text = element.text
        if text and match(text):
            yield element, False
        tail = element.tail
        if tail and match(tail) and element is not body:
            yield element, True


def _walk_around(
    element: Element, is_tail: bool, body: Element, page_url: str
) -> tuple[page.Walk, tuple[int, DateLine]] | None:
    """A walk from the smallest block-level element holding the date line and a line before it,
    and the date line; None when the text at `element` does not make a date line."""
    start = _container(element.getparent() if is_tail else element, body)
    while start is not None and start is not body and _opens_with_date(start):
        start = _container(start.getparent(), body)  # no line before the date in it: go wider
    while start is not None:
        walk = page.start_walk(start, body)
        if walk is None:
            return None
        dated = _first_dated(walk.blocks)
        if dated is None:
            return None
        if start is body or landmarks.has_line_before(walk.blocks, dated):
            index, line = landmarks.date_line(walk.blocks, page_url)
            return (walk, (index, line)) if index is not None and line is not None else None
        start = _container(start.getparent(), body)
    return None


def _opens_with_date(element: Element) -> bool:
    """The element's text starts with a date: no line stands before it there."""
    for text in element.itertext():
        if not text.isspace():
            return _DATE_START.match(text) is not None
    return False


def _first_dated(blocks: list[Block]) -> int | None:
    """The first block that starts like a date (parsed only once the walk is wide enough)."""
    for index, block in enumerate(blocks):
        if _DATE_START.match(block.text):
            return index
    return None


def _container(element: Element | None, body: Element) -> Element | None:
    """`element` itself or its nearest ancestor that is block-level; None outside the body."""
    while element is not None:
        if element is body or page.is_block_level(element):
            return element
        element = element.getparent()
    return None


def _heading_elsewhere(body: Element, side: Landmarks) -> bool:
    """A heading missing after the article, but present somewhere in the page's text."""
    missing = [
        name
        for name, index in (
            ("latest", side.latest_index),
            ("announcements", side.announcements_index),
        )
        if index is None
    ]
    if not missing:
        return False
    text = etree.tostring(body, method="text", encoding="unicode")
    return any(_HEADING_TEXT[name].search(text) for name in missing)
