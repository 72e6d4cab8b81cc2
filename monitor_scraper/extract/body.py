"""An article's body from its blocks: plain text, cleaned HTML, images, videos and links.

Paragraphs are block boundaries and `<br><br>`; a single `<br>` is a line break inside one.
Navigation, sidebars, share buttons, the clock and the footer never reach the body. The cleaned HTML
keeps only p, br, a[href], img[src, alt], figure/figcaption, strong/em, ul/ol/li and blockquote;
embedded players become links.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html import escape

from monitor_scraper.extract import addresses, landmarks, selectors
from monitor_scraper.extract.dates import is_live_clock
from monitor_scraper.extract.page import Block, Element, text_of
from monitor_scraper.items import Link, Media

logger = logging.getLogger(__name__)

_MAX_CAPTION = 300
_MAX_JUNK = 300  # share rows, clocks and copyright lines are short
_WORD = re.compile(r"[\w-]+")
_SPACES = re.compile(r"\s+")
# One search for any of the hints, not one `in` test per hint.
_JUNK_HINT = re.compile("|".join(re.escape(hint) for hint in selectors.JUNK_HINTS))


@dataclass
class Body:
    text: str = ""
    html: str = ""
    images: list[Media] = field(default_factory=list)
    videos: list[Media] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class _Paragraph:
    kind: str  # p | ul | ol | quote | figure
    lines: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    caption: str = ""


def is_junk(block: Block) -> bool:
    """Boilerplate that may sit between the date line and the latest-news heading."""
    return (block.boiler or block.footer or is_junk_text(block.text)
            or bool(block.links) and is_see_also(block))


def is_see_also(block: Block) -> bool:
    """A «Читайте також: ...» row: a see-also phrase, then mostly links (see `selectors`)."""
    folded = landmarks.fold(block.text[:40])
    opening = next((phrase for phrase in selectors.SEE_ALSO if folded.startswith(phrase)), None)
    if opening is None:
        return False
    rest = len(_SPACES.sub("", block.text)) - len(opening.replace(" ", ""))
    linked = sum(len(_SPACES.sub("", text_of(link))) for link in block.links)
    return rest > 0 and linked >= selectors.SEE_ALSO_LINK_SHARE * rest


def is_junk_text(text: str) -> bool:
    """Share buttons, the clock, copyright lines: junk wherever they stand."""
    if not text or len(text) > _MAX_JUNK:
        return False
    lowered = text.lower()
    return _share_words_only(lowered) or is_live_clock(text) or _copyright(text, lowered)


def _share_words_only(lowered: str) -> bool:
    first = _WORD.search(lowered)  # most lines fail on their first word
    if first is None or first.group() not in selectors.SHARE_WORDS:
        return False
    return all(word in selectors.SHARE_WORDS for word in _WORD.findall(lowered))


def _copyright(text: str, lowered: str) -> bool:
    if _JUNK_HINT.search(lowered) is None:
        return False
    return selectors.JUNK_PATTERNS.search(text) is not None


def build(blocks: list[Block], base_url: str) -> Body:
    """The body made of `blocks` (already cut to the body's range)."""
    kept = [block for block in blocks if not is_junk(block)]
    body = Body()
    paragraphs: list[_Paragraph] = []
    captions_used: set[int] = set()
    for position, block in enumerate(kept):
        if position in captions_used:
            paragraphs.append(_Paragraph("p", [block.text], []))  # shown as the figcaption
            continue
        if block.media:
            _collect_media(kept, position, base_url, body, captions_used)
        _add_block(paragraphs, block, base_url, kept[position - 1] if position else None)
        if block.media and not block.text:
            _attach_caption(paragraphs, kept, position, captions_used)
    for block in kept:
        if block.links:
            body.links.extend(_links(block, base_url))
    body.text = "\n\n".join("\n".join(p.lines) for p in paragraphs if any(p.lines))
    body.html = _render(paragraphs)
    return body


def _add_block(
    paragraphs: list[_Paragraph], block: Block, base_url: str, previous: Block | None
) -> None:
    inline = _inline_html(block, base_url)
    media_only = bool(block.media) and not block.text
    if media_only:
        paragraphs.append(_Paragraph("figure", [], [inline]))
        return
    kind = _kind(block.element)
    last = paragraphs[-1] if paragraphs else None
    if block.soft and last is not None and last.kind == kind and previous and previous.text:
        last.lines.append(block.text)
        last.html.append(inline)
        return
    paragraphs.append(_Paragraph(kind, [block.text], [inline]))


def _attach_caption(
    paragraphs: list[_Paragraph], kept: list[Block], position: int, captions_used: set[int]
) -> None:
    block = kept[position]
    if not (block.media and not block.text) or position + 1 >= len(kept):
        return
    following = kept[position + 1]
    if _is_caption_of(block, following):
        paragraphs[-1].caption = following.text
        captions_used.add(position + 1)


def _kind(element: Element) -> str:
    tag = element.tag
    parent = element.getparent()
    if tag == "li":
        return "ol" if parent is not None and parent.tag == "ol" else "ul"
    if tag == "blockquote" or (parent is not None and parent.tag == "blockquote"):
        return "quote"
    return "p"


def _class_words(element: Element) -> set[str]:
    return set(f"{element.get('class', '')} {element.get('id', '')}".lower().split())


def _is_caption_of(media_block: Block, following: Block) -> bool:
    if not following.text or following.media or len(following.text) > _MAX_CAPTION:
        return False
    if following.element.tag == "figcaption" or following.soft:
        return True
    if _class_words(following.element) & selectors.CAPTION_WORDS:
        return True
    holder = media_block.element
    if holder.tag in ("body", "article", "td", "main", "section"):
        return False
    inside = any(ancestor is holder for ancestor in following.element.iterancestors())
    short = len(text_of(holder)) <= _MAX_CAPTION * 2
    return (inside or following.element is holder) and short


def _collect_media(
    kept: list[Block], position: int, base_url: str, body: Body, captions_used: set[int]
) -> None:
    block = kept[position]
    for element in block.media:
        url = addresses.absolute(_media_src(element), base_url)
        if url is None:
            continue
        caption = _caption(kept, position, element)
        target = body.images if element.tag == "img" else body.videos
        target.append(Media(url=url, caption=caption))


def _caption(kept: list[Block], position: int, element: Element) -> str:
    figure = next((a for a in element.iterancestors("figure")), None)
    if figure is not None:
        found = figure.find(".//figcaption")
        if found is not None:
            return " ".join(text_of(found).split())
    block = kept[position]
    if not block.text and position + 1 < len(kept) and _is_caption_of(block, kept[position + 1]):
        return kept[position + 1].text
    if block.text and len(block.text) <= _MAX_CAPTION and len(block.media) == 1:
        return block.text
    return " ".join((element.get("alt") or element.get("title") or "").split())


def _media_src(element: Element) -> str:
    src = element.get("src") or element.get("data-src") or element.get("data") or ""
    if not src and element.tag in ("video", "object"):
        inner = element.find(".//source") if element.tag == "video" else element.find(".//embed")
        if inner is not None:
            src = inner.get("src", "")
        else:
            movie = element.find(".//param[@name='movie']")
            src = movie.get("value", "") if movie is not None else ""
    return src


def _links(block: Block, base_url: str) -> list[Link]:
    found = []
    for anchor in block.links:
        url = addresses.absolute(anchor.get("href", ""), base_url)
        if url is not None:
            found.append(Link(url=url, text=" ".join(text_of(anchor).split())))
    return found


def _inline_html(block: Block, base_url: str) -> str:
    if all(piece[0] == "t" for piece in block.pieces):  # plain text: its spaces are normalised
        return escape(block.text, quote=False)
    out: list[str] = []
    stack: list[str | None] = []
    for piece in block.pieces:
        kind = piece[0]
        if kind == "t":
            out.append(escape(piece[1], quote=False))
        elif kind == "o":
            stack.append(_open_tag(piece[1], piece[2], base_url, out))
        elif kind == "c" and stack:
            closing = stack.pop()
            if closing:
                out.append(f"</{closing}>")
        elif kind == "m":
            out.append(_media_html(piece[1], base_url))
    out.extend(f"</{tag}>" for tag in reversed(stack) if tag)
    return _SPACES.sub(" ", "".join(out)).strip()


def _open_tag(tag: str, element: Element, base_url: str, out: list[str]) -> str | None:
    if tag != "a":
        out.append(f"<{tag}>")
        return tag
    href = addresses.absolute(element.get("href", ""), base_url)
    if href is None:
        return None
    out.append(f'<a href="{escape(href)}">')
    return "a"


def _media_html(element: Element, base_url: str) -> str:
    url = addresses.absolute(_media_src(element), base_url)
    if url is None:
        return ""
    if element.tag == "img":
        alt = escape(" ".join((element.get("alt") or "").split()))
        return f'<img src="{escape(url)}" alt="{alt}">'
    return f'<a href="{escape(url)}">{escape(url, quote=False)}</a>'


def _render(paragraphs: list[_Paragraph]) -> str:
    out: list[str] = []
    open_group = ""
    for paragraph in paragraphs:
        group = paragraph.kind if paragraph.kind in ("ul", "ol", "quote") else ""
        if group != open_group:
            if open_group:
                out.append("</blockquote>" if open_group == "quote" else f"</{open_group}>")
            if group:
                out.append("<blockquote>" if group == "quote" else f"<{group}>")
            open_group = group
        out.append(_render_one(paragraph))
    if open_group:
        out.append("</blockquote>" if open_group == "quote" else f"</{open_group}>")
    return "\n".join(part for part in out if part)


def _render_one(paragraph: _Paragraph) -> str:
    inner = "<br>".join(part for part in paragraph.html if part)
    if paragraph.kind == "figure":
        caption = f"<figcaption>{escape(paragraph.caption, quote=False)}</figcaption>"
        return f"<figure>{inner}{caption if paragraph.caption else ''}</figure>" if inner else ""
    if not inner:
        return ""
    return f"<li>{inner}</li>" if paragraph.kind in ("ul", "ol") else f"<p>{inner}</p>"


def text_to_body(text: str) -> Body:
    """A body from plain text (the fallback extractor's output), one paragraph per line."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    html = "\n".join(f"<p>{escape(line, quote=False)}</p>" for line in lines)
    return Body(text="\n\n".join(lines), html=html)
