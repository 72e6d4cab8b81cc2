"""The side blocks' view of a page: lines of text with their links, and nothing else.

The latest-news and announcements blocks need only what `page.Block` has of text, links, footer
and whether there is an image: not the inline pieces the body's HTML is made from, nor the
container or the boilerplate marks. This walker cuts the same lines as `page`'s, at the same
boundaries, for less: it runs over the whole side of the page, the most elements of it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import NamedTuple

from monitor_scraper.extract import landmarks, page, selectors
from monitor_scraper.extract.page import BLOCK, BREAK, MEDIA, TAG_KINDS, Element

logger = logging.getLogger(__name__)

_BLOCK_TAGS = selectors.BLOCK_TAGS
_MAX_LANDMARK = landmarks.MAX_LANDMARK


class Line(NamedTuple):
    """A block of the page as the side blocks read it (`page.Block` reads the same way)."""

    text: str
    links: list[Element]
    footer: bool  # inside the page footer
    media: bool  # holds an image or a player


_new_line = tuple.__new__  # see page._new_block


class _LineWalker:
    """`page._Walker` without pieces, containers, boilerplate marks or soft breaks.

    The footer is marked by the element that opened it (`footer_from`), not by a count. The texts
    of the line being cut stay in one list, emptied in place, so that the hot loop can hold it.
    """

    __slots__ = ("lines", "texts", "links", "media", "footer_from", "sides")

    def __init__(self, sides: _SidesRead | None) -> None:
        self.lines: list[Line] = []
        self.texts: list[str] = []
        self.links: list[Element] = []
        self.media = False
        self.footer_from: Element | None = None
        self.sides = sides

    def flush(self, _soft_next: bool = False) -> None:
        texts = self.texts
        if texts:
            text = page.normal_spaces(texts[0] if len(texts) == 1 else "".join(texts))
            texts.clear()  # emptied in place: `walk_nodes` holds this list
            if not text and not self.media:
                return
        elif self.media:
            text = ""
        else:
            return
        footer = self.footer_from is not None
        line = _new_line(Line, (text, self.links, footer, self.media))
        found = self.lines
        found.append(line)
        self.links = []
        self.media = False
        sides = self.sides
        if sides is not None and (footer or len(text) <= _MAX_LANDMARK):
            sides.see(line, text, footer, len(found) - 1)

    def add_text(self, text: str | None) -> None:
        if text:
            self.texts.append(text)

    def walk(self, element: Element) -> None:
        """One element, its subtree and its tail."""
        self.walk_nodes((element,))

    def walk_children(self, element: Element) -> None:
        self.walk_nodes(element)

    def walk_nodes(self, nodes: Iterable[Element]) -> None:
        """Each node, its subtree and its tail: the whole walker in one loop (hot code)."""
        texts = self.texts
        add = texts.append
        kinds = TAG_KINDS
        for child in nodes:
            tag = child.tag
            kind = kinds.get(tag)
            if kind is None:  # inline: its text, its children
                if tag == "a" and child.get("href"):
                    self.links.append(child)
                text = child.text
                if text:
                    add(text)
                if len(child):
                    self.walk_nodes(child)
            elif kind == BLOCK:
                if texts or self.media:
                    self.flush()
                text = child.text
                if not len(child):  # a leaf: one line at most
                    if text:
                        add(text)
                        footer_before = self.footer_from
                        if footer_before is None and page.container_flags(child, tag)[1]:
                            self.footer_from = child
                        self.flush()
                        self.footer_from = footer_before
                else:
                    opens_footer = self.footer_from is None and page.container_flags(child, tag)[1]
                    if opens_footer:
                        self.footer_from = child
                    if text:
                        add(text)
                    self.walk_nodes(child)
                    if texts or self.media:
                        self.flush()
                    if opens_footer:
                        self.footer_from = None
            elif kind == BREAK:
                if texts or self.media:
                    self.flush()
            elif kind == MEDIA:
                self.media = True
            tail = child.tail
            if tail:
                add(tail)

    def walk_block(self, element: Element, _tag: str) -> None:
        """A block-level element and its subtree, without its tail."""
        self.walk_nodes((element,))
        if element.tail:  # added last, by `walk_nodes`: the start of a walk goes without it
            self.texts.pop()

    def close_block(self, element: Element | None = None) -> None:
        if self.texts or self.media:
            self.flush()
        if element is None or self.footer_from is element:
            self.footer_from = None

    def open_block(self, element: Element, tag: str) -> None:
        if self.texts or self.media:
            self.flush()
        if self.footer_from is None and page.container_flags(element, tag)[1]:
            self.footer_from = element

    def close_inline(self, tag: str) -> None:
        pass

class _SidesRead:
    """Notes the side blocks' landmarks as lines are made (`marks`, as `landmarks.find_side`
    gives them), and ends the walk once both blocks are closed: each heading seen, and after the
    later one a closing landmark or the footer."""

    def __init__(self) -> None:
        self.marks = landmarks.Landmarks()
        self.headings: list[int] = []

    def see(self, line: Line, text: str, footer: bool, index: int) -> None:
        kind = None
        if len(text) <= _MAX_LANDMARK:
            lowered = text.lower()
            # Every closing landmark holds one of these: most lines end here, for less.
            if "нов" in lowered or "анонс" in lowered:
                kind = landmarks.closing_kind(line)
        if kind is not None and getattr(self.marks, f"{kind}_index") is None:
            setattr(self.marks, f"{kind}_index", index)
            if kind != "all_news":
                self.headings.append(index)
                return
        if len(self.headings) == 2 and (footer or kind is not None):
            raise page.StopWalk


def side_lines(start: Element, body: Element) -> tuple[list[Line], landmarks.Landmarks] | None:
    """`lines_from(start, body)` up to where nothing more of the side blocks can follow, and
    the side blocks' landmarks among them."""
    sides = _SidesRead()
    found = _lines(start, body, sides)
    return None if found is None else (found, sides.marks)


def lines_from(start: Element, body: Element) -> list[Line] | None:
    """The lines of the block-level element `start` and of everything after it in the page, as
    a whole-page walk cuts them; None when such a walk never reaches `start`."""
    return _lines(start, body, None)


def _lines(start: Element, body: Element, sides: _SidesRead | None) -> list[Line] | None:
    ancestors = page.ancestors_below(start, body)
    if ancestors is None:
        return None
    walker = _LineWalker(sides)
    walker.open_block(body, "body")
    for ancestor in ancestors:
        tag = ancestor.tag
        if tag in _BLOCK_TAGS:
            walker.open_block(ancestor, tag)
        elif tag == "a" and ancestor.get("href"):
            walker.links.append(ancestor)
    try:
        if start is body:
            walker.add_text(body.text)
            walker.walk_children(body)
        else:
            walker.walk_block(start, start.tag)
        page.walk_after(walker, start, body)
    except page.StopWalk:
        pass
    return walker.lines


def lines_of(blocks: list[page.Block]) -> list[Line]:
    """The lines of blocks already cut by `page` (the whole-page path)."""
    return [Line(block.text, block.links, block.footer, bool(block.media)) for block in blocks]
