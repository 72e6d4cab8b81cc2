"""Putting an `Article` together: landmarks first, selectors next, the fallback extractor last.

Every field records how it was found, so that `explain` can tell which path produced it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from lxml import etree

from monitor_scraper import urls
from monitor_scraper.extract import (
    NotAnArticle,
    blocks,
    body,
    decode,
    page,
    reading,
    selectors,
)
from monitor_scraper.extract.landmarks import Landmarks, TextLine
from monitor_scraper.extract.page import Block, Element, text_of
from monitor_scraper.extract.reading import Reading
from monitor_scraper.items import Article

logger = logging.getLogger(__name__)

_TAIL_BYTES = 2048


def build_article(
    raw: bytes, url: str, content_type: str | None, fetched_at: datetime | None
) -> tuple[Article, dict[str, str]]:
    article = _empty_article(url)
    article.fetched_at = fetched_at
    how: dict[str, str] = {}
    root, article.encoding, how["encoding"] = _parse(raw, content_type)
    layout = reading.read(root, article.url)
    how["blocks"] = layout.how
    _read_title(article, how, root, layout.blocks, layout.marks)
    _read_date(article, how, layout.marks)
    if layout.marks.date is None:
        _refuse_non_article(article, root)
    _read_body(article, how, root, layout)
    _read_side_blocks(article, how, layout.lines, layout.side)
    if _looks_truncated(raw):
        article.warnings.append("truncated HTML?")
    return article, how


def _empty_article(url: str) -> Article:
    key = urls.article_key(url)
    if key is None:
        if urls.listing_offset(url) is not None:
            raise NotAnArticle(f"listing page, not an article: {url}")
        raise NotAnArticle(f"not an article URL: {url}")
    section, article_id = key
    canonical = f"{urls.CANONICAL_ORIGIN}/ua/{section}/{article_id}"  # urls.canonical_article_url
    return Article(url=canonical, article_id=article_id, section=section)


def _parse(raw: bytes, content_type: str | None) -> tuple[Element, str, str]:
    try:
        decode.check_text(raw)
    except decode.NotText as exc:
        raise NotAnArticle(str(exc)) from exc
    encoding, chosen = decode.choose_encoding(raw, content_type)
    try:
        root = page.parse(raw, encoding)
    except (etree.ParserError, LookupError, ValueError):
        root = page.parse(raw.decode(encoding, errors="replace"))
    if root is None or page.body_of(root) is None and len(root) == 0:
        raise NotAnArticle("empty document")
    return root, encoding, chosen


def _read_title(
    article: Article, how: dict[str, str], root: Element, page_blocks: list[Block], marks: Landmarks
) -> None:
    if marks.title_index is not None:
        article.title = page_blocks[marks.title_index].text
        how["title"] = "landmark: the line before the date line"
        return
    for xpath in selectors.TITLE_XPATHS:
        text = _first_text(root, xpath)
        if text:
            article.title, how["title"] = text, f"selector: {xpath}"
            article.warnings.append("title from selector")
            return
    text = selectors.TITLE_SITE_SUFFIX.sub("", page.page_title(root)).strip()
    if text:
        article.title, how["title"] = text, "<title> element"
        article.warnings.append("title from <title>")
        return
    article.warnings.append("no title")
    how["title"] = "not found"


def _first_text(root: Element, xpath: str) -> str:
    for found in root.xpath(xpath):
        text = found if isinstance(found, str) else text_of(found)
        text = " ".join(text.split())
        if text:
            return text
    return ""


def _read_date(article: Article, how: dict[str, str], marks: Landmarks) -> None:
    if marks.date is None:
        article.warnings.append("no date line")
        how["published"] = how["author"] = "not found"
        return
    line = marks.date
    article.published, article.published_text = line.published, line.text
    article.author = line.label
    article.warnings.extend(line.warnings)
    how["published"] = "landmark: date line dd.mm.yyyy HH:MM"
    how["author"] = "landmark: label run on after the date line" if line.label else "not found"
    if not line.label:
        article.warnings.append("no source label")


def _refuse_non_article(article: Article, root: Element) -> None:
    if "title from" in " ".join(article.warnings) and _is_error_page(article.title, root):
        raise NotAnArticle(f"error page: {article.title}")
    if not article.title:
        raise NotAnArticle("no title and no date line")


def _is_error_page(title: str, root: Element) -> bool:
    return any(selectors.ERROR_PAGE.search(text) for text in (title, page.page_title(root)))


def _read_body(article: Article, how: dict[str, str], root: Element, layout: Reading) -> None:
    found = None
    date_index = layout.marks.date_index
    if date_index is not None:
        found = body.build(layout.blocks[date_index + 1 : layout.body_end], article.url)
        how["body"] = f"landmark: between the date line and {layout.body_end_name}"
    if found is None or not (found.text or found.images or found.videos):
        found = _body_by_selector(root, article, how) or _body_by_fallback(root, article, how)
    if found is None or not (found.text or found.images or found.videos):
        article.warnings.append("no body")
        return
    article.body, article.body_html = found.text, found.html
    article.images, article.videos, article.links = found.images, found.videos, found.links


def _body_by_selector(root: Element, article: Article, how: dict[str, str]) -> body.Body | None:
    for xpath in selectors.BODY_XPATHS:
        for element in root.xpath(xpath):
            found = body.build(page.blocks_of_element(element), article.url)
            if found.text:
                how["body"] = f"selector: {xpath}"
                article.warnings.append("body from selector")
                return found
    return None


def _body_by_fallback(root: Element, article: Article, how: dict[str, str]) -> body.Body | None:
    import trafilatura

    text = trafilatura.extract(page.serialize(root), include_comments=False, include_tables=True)
    if not text:
        return None
    how["body"] = "fallback extractor (trafilatura)"
    article.warnings.append("body from fallback extractor")
    return body.text_to_body(text)


def _read_side_blocks(
    article: Article, how: dict[str, str], lines: Sequence[TextLine], marks: Landmarks
) -> None:
    total = len(lines)
    if marks.latest_index is None:
        article.warnings.append("no latest-news block")
        how["latest_news"] = "not found"
    else:
        end = marks.end_after(marks.latest_index, total)
        area = blocks.region(lines, marks.latest_index, end)
        article.latest_news = blocks.latest_news(area, article.url)
        how["latest_news"] = "landmark: items after «Останні новини Чернігівщини»"
    if marks.announcements_index is None:
        article.warnings.append("no announcements block")
        how["announcements"] = "not found"
    else:
        end = marks.end_after(marks.announcements_index, total)
        area = blocks.region(lines, marks.announcements_index, end)
        article.announcements = blocks.announcements(area, article.url)
        how["announcements"] = "landmark: items after «АНОНСИ ПОДІЙ»"


def _looks_truncated(raw: bytes) -> bool:
    return b"</html" not in raw[-_TAIL_BYTES:].lower()
