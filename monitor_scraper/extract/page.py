"""A page as the reader sees it: a flat list of text blocks, built in one walk over the tree.

A block is a run of text between block-level boundaries (a `<p>`, `<div>`, `<td>`, `<li>`...) or
line breaks. Each block keeps what rendering its HTML needs (inline tags, links, media) and whether
it sits in navigation, a sidebar, share buttons or a footer. The text landmarks in `landmarks.py`
are found on these blocks, whatever the markup around them was.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field

from lxml import etree

from monitor_scraper.extract import selectors

logger = logging.getLogger(__name__)

Element = etree._Element

# Inline pieces of a block: ("t", text) | ("o", tag, element) | ("c", tag) | ("m", element)
Piece = tuple


@dataclass
class Block:
    """One visual line or paragraph of the page."""

    text: str
    element: Element  # the nearest block-level element holding it
    boiler: bool  # inside navigation, a sidebar, share buttons...
    footer: bool  # inside the page footer
    soft: bool  # separated from the block before by a single <br> only
    pieces: list[Piece] = field(default_factory=list)
    links: list[Element] = field(default_factory=list)
    media: list[Element] = field(default_factory=list)
    index: int = 0


_INLINE_KEPT = {"a": "a", "b": "strong", "strong": "strong", "i": "em", "em": "em"}


def _class_words(element: Element) -> set[str]:
    value = f"{element.get('class', '')} {element.get('id', '')}".lower()
    if not value.strip():
        return set()
    words = set(selectors.CLASS_SPLIT.split(value))
    return words | {part for word in words for part in word.split("-")}


class _Walker:
    """Walks the tree once and cuts it into blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.texts: list[str] = []
        self.pieces: list[Piece] = []
        self.links: list[Element] = []
        self.media: list[Element] = []
        self.soft = False
        self.boiler = 0
        self.footer = 0
        self.containers: list[Element] = []

    def flush(self, soft_next: bool) -> None:
        text = " ".join("".join(self.texts).split())
        if text or self.media:
            self.blocks.append(
                Block(
                    text=text,
                    element=self.containers[-1],
                    boiler=self.boiler > 0,
                    footer=self.footer > 0,
                    soft=self.soft,
                    pieces=self.pieces,
                    links=self.links,
                    media=self.media,
                    index=len(self.blocks),
                )
            )
            self.soft = soft_next
            self.links = []
        elif not soft_next:
            self.soft = False
        # A link opened before a block boundary (`<a><h3>title</h3></a>`) belongs to what follows.
        self.texts, self.pieces, self.media = [], [], []

    def add_text(self, text: str | None) -> None:
        if text:
            self.texts.append(text)
            self.pieces.append(("t", text))

    def walk(self, element: Element) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # comment or processing instruction
            self.add_text(element.tail)
            return
        tag = tag.lower()
        if tag in selectors.SKIP_TAGS:
            self.add_text(element.tail)
            return
        if tag in selectors.BLOCK_TAGS:
            self.walk_block(element, tag)
        elif tag == "br":
            self.line_break()
        else:
            self.walk_inline(element, tag)
        self.add_text(element.tail)

    def walk_block(self, element: Element, tag: str) -> None:
        self.flush(False)
        words = _class_words(element)
        boiler = tag in selectors.BOILER_TAGS or bool(words & selectors.BOILER_WORDS)
        footer = tag == "footer" or bool(words & selectors.FOOTER_WORDS)
        self.boiler += boiler
        self.footer += footer
        self.containers.append(element)
        self.add_text(element.text)
        for child in element:
            self.walk(child)
        self.flush(False)
        self.containers.pop()
        self.boiler -= boiler
        self.footer -= footer

    def line_break(self) -> None:
        if self.texts and "".join(self.texts).strip() or self.media:
            self.flush(True)
        else:
            self.soft = False
            self.texts, self.pieces = [], []

    def walk_inline(self, element: Element, tag: str) -> None:
        if tag in selectors.MEDIA_TAGS:
            self.media.append(element)
            self.pieces.append(("m", element))
            return
        kept = _INLINE_KEPT.get(tag)
        if tag == "a" and element.get("href"):
            self.links.append(element)
        if kept:
            self.pieces.append(("o", kept, element))
        self.add_text(element.text)
        for child in element:
            self.walk(child)
        if kept:
            self.pieces.append(("c", kept))


def parse(text_or_bytes: str | bytes, encoding: str | None = None) -> Element:
    """Parse a page with lxml; bytes are read in `encoding`."""
    if isinstance(text_or_bytes, bytes):
        parser = _parser(encoding)
        return etree.fromstring(text_or_bytes, parser=parser)
    return etree.fromstring(text_or_bytes, parser=_parser(None))


@functools.lru_cache(maxsize=16)
def _parser(encoding: str | None) -> etree.HTMLParser:
    # Plain elements, not lxml.html's: its class lookup costs a third of a walk.
    return etree.HTMLParser(encoding=encoding, no_network=True)


def blocks_of(root: Element) -> list[Block]:
    """Cut a parsed page into text blocks, in document order."""
    walker = _Walker()
    walker.containers.append(root)
    body = root.find("body")
    for element in (body,) if body is not None else tuple(root):
        walker.walk(element)
    walker.flush(False)
    return walker.blocks


def blocks_of_element(element: Element) -> list[Block]:
    """Cut one element (a body container found by a selector) into text blocks."""
    walker = _Walker()
    walker.containers.append(element)
    walker.walk_block(element, "div")
    walker.flush(False)
    return walker.blocks


def page_title(root: Element) -> str:
    """The `<title>` text, spaces normalised."""
    found = root.find(".//title")
    if found is None:
        return ""
    return " ".join(text_of(found).split())


def text_of(element: Element) -> str:
    """All the text inside `element` (no comments, no tail)."""
    return str(element.xpath("string()"))


def serialize(element: Element) -> str:
    return etree.tostring(element, encoding="unicode", method="html")
