"""A page as the reader sees it: a flat list of text blocks, cut from the tree by one walker.

A block is a run of text between block-level boundaries (a `<p>`, `<div>`, `<td>`, `<li>`...) or
line breaks. Each block keeps what rendering its HTML needs (inline tags, links, media) and whether
it sits in navigation, a sidebar, share buttons or a footer. The text landmarks in `landmarks.py`
are found on these blocks, whatever the markup around them was.

The walker can cut the whole page (`blocks_of`) or start at one element and go on to the end of
the page (`start_walk`, then `Walk.finish`): it then takes the state the whole-page walk would have
there from the element's ancestors, so the blocks are the same as the whole walk's from that point.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeAlias

from lxml import etree

from monitor_scraper.extract import selectors

logger = logging.getLogger(__name__)

Element: TypeAlias = etree._Element

# Inline pieces of a block: ("t", text) | ("o", tag, element) | ("c", tag) | ("m", element)
Piece = tuple

_BLOCK_TAGS = selectors.BLOCK_TAGS
_SKIP_TAGS = selectors.SKIP_TAGS
_MEDIA_TAGS = selectors.MEDIA_TAGS

# What the walkers do with an element, by its tag; None (not listed) is an inline element.
SKIP, BLOCK, BREAK, MEDIA = range(4)
TAG_KINDS: dict[object, int] = {
    **dict.fromkeys(_SKIP_TAGS, SKIP),
    **dict.fromkeys(_BLOCK_TAGS, BLOCK),
    "br": BREAK,
    **dict.fromkeys(_MEDIA_TAGS, MEDIA),
    # Comments, processing instructions and entities have these functions as their tag.
    etree.Comment: SKIP,
    etree.ProcessingInstruction: SKIP,
    etree.Entity: SKIP,
}
_INLINE_KEPT = {"a": "a", "b": "strong", "strong": "strong", "i": "em", "em": "em"}
_FLAGS_CACHE_SIZE = 4096


class Block(NamedTuple):
    """One visual line or paragraph of the page."""

    text: str
    element: Element  # the nearest block-level element holding it
    boiler: bool  # inside navigation, a sidebar, share buttons...
    footer: bool  # inside the page footer
    soft: bool  # separated from the block before by a single <br> only
    pieces: list[Piece]
    links: list[Element]
    media: list[Element]


# Made by the walker with tuple.__new__, which skips NamedTuple's Python-level constructor: the
# walker makes a block for every line of a page.
_new_block = tuple.__new__


def normal_spaces(text: str) -> str:
    """`" ".join(text.split())`, without splitting text that is already so (the common case):
    printable text has no whitespace but the ASCII space."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _class_words(element: Element) -> set[str]:
    value = f"{element.get('class', '')} {element.get('id', '')}".lower()
    if not value.strip():
        return set()
    words = set(selectors.CLASS_SPLIT.split(value))
    return words | {part for word in words for part in word.split("-")}


_flags_seen: dict[tuple[str, str | None, str | None], tuple[bool, bool]] = {}


def container_flags(element: Element, tag: str) -> tuple[bool, bool]:
    """(boilerplate, footer) for a block-level element, from its tag and class/id words."""
    css_class, css_id = element.get("class"), element.get("id")
    if css_class is None and css_id is None:
        return tag in selectors.BOILER_TAGS, tag == "footer"
    key = (tag, css_class, css_id)
    flags = _flags_seen.get(key)
    if flags is None:
        words = _class_words(element)
        boiler = tag in selectors.BOILER_TAGS or bool(words & selectors.BOILER_WORDS)
        footer = tag == "footer" or bool(words & selectors.FOOTER_WORDS)
        flags = (boiler, footer)
        if len(_flags_seen) >= _FLAGS_CACHE_SIZE:
            _flags_seen.clear()
        _flags_seen[key] = flags
    return flags


class _Walker:
    """Walks the tree and cuts it into blocks. Hot code: kept flat on purpose."""

    __slots__ = ("blocks", "texts", "pieces", "links", "media", "soft", "boiler", "footer",
                 "containers", "closing", "stop")  # fmt: skip

    def __init__(self, container: Element) -> None:
        self.blocks: list[Block] = []
        self.texts: list[str] = []
        self.pieces: list[Piece] = []
        self.links: list[Element] = []
        self.media: list[Element] = []
        self.soft = False
        self.boiler = 0
        self.footer = 0
        self.containers: list[Element] = [container]
        self.closing: list[tuple[bool, bool]] = []  # flags of the open containers
        self.stop: Callable[[Block], bool] | None = None

    def flush(self, soft_next: bool) -> None:
        texts = self.texts
        if texts:
            text = normal_spaces(texts[0] if len(texts) == 1 else "".join(texts))
            texts.clear()  # emptied in place: `walk_nodes` holds this list
        else:
            text = ""
        if text or self.media:
            blocks = self.blocks
            block = _new_block(Block, (text, self.containers[-1], self.boiler > 0, self.footer > 0,
                                       self.soft, self.pieces, self.links, self.media))  # fmt: skip
            blocks.append(block)
            self.soft = soft_next
            self.links = []
            self.pieces, self.media = [], []
            if self.stop is not None and self.stop(block):
                raise StopWalk
            return
        if not soft_next:
            self.soft = False
        # A link opened before a block boundary (`<a><h3>title</h3></a>`) belongs to what follows.
        if self.pieces:
            self.pieces = []

    def add_text(self, text: str | None) -> None:
        if text:
            self.texts.append(text)
            self.pieces.append(("t", text))

    def walk(self, element: Element) -> None:
        """One element, its subtree and its tail."""
        self.walk_nodes((element,))

    def walk_children(self, element: Element) -> None:
        self.walk_nodes(element)

    def walk_nodes(self, nodes: Iterable[Element]) -> None:
        """Each node, its subtree and its tail. The hot loop of the walker: inline elements are
        walked here rather than by a method of their own, and the text list is held locally
        (`flush` empties it in place)."""
        texts = self.texts
        add = texts.append
        kinds = TAG_KINDS
        for child in nodes:
            tag = child.tag
            kind = kinds.get(tag)
            if kind is None:
                kept = _INLINE_KEPT.get(tag)
                if kept:
                    if tag == "a" and child.get("href"):
                        self.links.append(child)
                    self.pieces.append(("o", kept, child))
                text = child.text
                if text:
                    add(text)
                    self.pieces.append(("t", text))
                if len(child):
                    self.walk_nodes(child)
                if kept:
                    self.pieces.append(("c", kept))
            elif kind == BLOCK:
                self.walk_block(child, tag)
            elif kind == BREAK:
                self.line_break()
            elif kind == MEDIA:
                self.media.append(child)
                self.pieces.append(("m", child))
            tail = child.tail
            if tail:
                add(tail)
                self.pieces.append(("t", tail))

    def open_block(self, element: Element, tag: str) -> None:
        self.flush(False)
        boiler, footer = container_flags(element, tag)
        self.boiler += boiler
        self.footer += footer
        self.closing.append((boiler, footer))
        self.containers.append(element)

    def close_block(self, _element: Element | None = None) -> None:
        self.flush(False)
        self.containers.pop()
        boiler, footer = self.closing.pop()
        self.boiler -= boiler
        self.footer -= footer

    def walk_block(self, element: Element, tag: str) -> None:
        """A block-level element (read as a `tag`) and its subtree, without its tail."""
        if self.pieces:  # else the flush would only end a soft run
            self.flush(False)
        else:
            self.soft = False
        if not len(element):
            # A leaf: one block at most, made here directly (the same as `flush` would make).
            raw = element.text
            text = normal_spaces(raw) if raw else ""
            if not text:
                return
            boiler, footer = container_flags(element, tag)
            block = _new_block(Block, (text, element, boiler or self.boiler > 0,
                                       footer or self.footer > 0, False, [("t", raw)], self.links,
                                       []))  # fmt: skip
            self.blocks.append(block)
            self.links = []
            if self.stop is not None and self.stop(block):
                raise StopWalk
            return
        boiler, footer = container_flags(element, tag)
        self.boiler += boiler
        self.footer += footer
        self.containers.append(element)
        text = element.text
        if text:
            self.texts.append(text)
            self.pieces.append(("t", text))
        self.walk_nodes(element)
        if self.pieces:
            self.flush(False)
        else:
            self.soft = False
        self.containers.pop()
        self.boiler -= boiler
        self.footer -= footer

    def line_break(self) -> None:
        texts = self.texts
        if self.media or (texts and "".join(texts).strip()):
            self.flush(True)
        else:
            self.soft = False
            texts.clear()
            if self.pieces:
                self.pieces = []

    def close_inline(self, tag: str) -> None:
        kept = _INLINE_KEPT.get(tag)
        if kept:
            self.pieces.append(("c", kept))


class StopWalk(Exception):
    """Raised by a walker's stop test: the walk ends at the block just made."""


class Walk:
    """A walk started at one element: its blocks so far; `finish` walks on to the page's end."""

    def __init__(self, walker: _Walker, start: Element, body: Element) -> None:
        self._walker = walker
        self._start = start
        self._body = body

    @property
    def blocks(self) -> list[Block]:
        return self._walker.blocks

    def finish(self, stop: Callable[[Block], bool] | None = None) -> tuple[list[Block], bool]:
        """Walk on after the start element, as the whole-page walk does, to the end of the page
        or to the first block that `stop` holds (kept, last). True when it stopped there."""
        walker = self._walker
        walker.stop = stop
        try:
            walk_after(walker, self._start, self._body)
        except StopWalk:
            return walker.blocks, True
        finally:
            walker.stop = None
        return walker.blocks, False


def walk_after(walker: Any, start: Element, body: Element) -> None:
    """Everything after `start` to the end of the body, then the body's end, with `walker`:
    the siblings after it, then each ancestor's end, tail and siblings after it."""
    node = start
    if node is not body:
        walker.add_text(node.tail)
    while node is not body:
        walker.walk_nodes(node.itersiblings())
        parent = node.getparent()
        if parent is None or parent is body:
            break
        tag = parent.tag
        if tag in _BLOCK_TAGS:
            walker.close_block(parent)
        else:
            walker.close_inline(tag)
        walker.add_text(parent.tail)
        node = parent
    walker.close_block(body)
    walker.flush(False)


def ancestors_below(element: Element, body: Element) -> list[Element] | None:
    """The ancestors of `element` inside `body`, outermost first; None when a whole-page walk
    never reaches `element` (outside the body, or inside a script or a media element)."""
    found: list[Element] = []
    if element is body:
        return found
    for ancestor in element.iterancestors():
        if ancestor is body:
            found.reverse()
            return found
        tag = ancestor.tag
        if tag.__class__ is not str or tag in _SKIP_TAGS or tag in _MEDIA_TAGS:
            return None
        found.append(ancestor)
    return None


def start_walk(start: Element, body: Element) -> Walk | None:
    """Walk the block-level element `start` (without its tail) in the state the whole-page walk
    would be in there; None when that walk never reaches it (inside a script, say)."""
    ancestors = ancestors_below(start, body)
    if ancestors is None:
        return None
    root = body.getparent()
    walker = _Walker(root if root is not None else body)
    walker.open_block(body, "body")
    for ancestor in ancestors:
        tag = ancestor.tag
        if tag in _BLOCK_TAGS:
            walker.open_block(ancestor, tag)
        elif tag == "a" and ancestor.get("href"):
            walker.links.append(ancestor)
    if start is body:
        walker.add_text(body.text)
        walker.walk_children(body)
    else:
        walker.walk_block(start, start.tag)
    return Walk(walker, start, body)


# Single-byte encodings that Python's codec and libxml2 map alike: bytes in them are decoded here
# and handed to libxml2 as UTF-8, which it parses faster than it converts them itself.
_DECODED_HERE = frozenset({"windows-1251"})


def parse(text_or_bytes: str | bytes, encoding: str | None = None) -> Element:
    """Parse a page with lxml; bytes are read in `encoding`."""
    if isinstance(text_or_bytes, bytes):
        if encoding in _DECODED_HERE:
            try:
                utf8 = text_or_bytes.decode(encoding).encode("utf-8")
            except UnicodeError:  # a byte the codec leaves undefined: libxml2 reads it its way
                pass
            else:
                return etree.fromstring(utf8, parser=_parser("utf-8"))
        parser = _parser(encoding)
        return etree.fromstring(text_or_bytes, parser=parser)
    return etree.fromstring(text_or_bytes, parser=_parser(None))


@functools.lru_cache(maxsize=16)
def _parser(encoding: str | None) -> etree.HTMLParser:
    # Plain elements, not lxml.html's: its class lookup costs a third of a walk. No table of
    # ids either: nothing looks an element up by its id.
    return etree.HTMLParser(encoding=encoding, no_network=True, collect_ids=False)


def body_of(root: Element) -> Element | None:
    """`root.find("body")`: the first `<body>` child, found without the path machinery of
    `find` (a few times per page)."""
    for child in root:
        if child.tag == "body":
            return child
    return None


def blocks_of(root: Element) -> list[Block]:
    """Cut a parsed page into text blocks, in document order."""
    walker = _Walker(root)
    body = body_of(root)
    for element in (body,) if body is not None else tuple(root):
        walker.walk(element)
    walker.flush(False)
    return walker.blocks


def blocks_of_element(element: Element) -> list[Block]:
    """Cut one element (a body container found by a selector) into text blocks."""
    walker = _Walker(element)
    walker.walk_block(element, "div")
    walker.flush(False)
    return walker.blocks


def is_block_level(element: Element) -> bool:
    return element.tag in _BLOCK_TAGS


def page_title(root: Element) -> str:
    """The `<title>` text, spaces normalised."""
    found = root.find(".//title")
    if found is None:
        return ""
    return " ".join(text_of(found).split())


def text_of(element: Element) -> str:
    """All the text inside `element` (no comments, no tail)."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def serialize(element: Element) -> str:
    return etree.tostring(element, method="html", encoding="unicode")
