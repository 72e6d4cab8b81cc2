"""Reading from the article's start gives what reading the whole page gives.

The quick path (`reading.read`) walks from the block around the title on, and reads the side
blocks as lines; these tests hold it to the whole-page walk on every corpus page and on stand-in
pages of the three layouts, block by block and article by article.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from paths import CORPUS

from monitor_scraper.extract import decode, explain, extract_article, lines, page, reading
from monitor_scraper.standin import build_site
from monitor_scraper.standin.routes import respond

EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
URL = "https://monitor.cn.ua/ua/politics/11000"


@cache
def pages() -> list[tuple[str, bytes, str, str | None]]:
    """(name, body, URL, Content-Type) of every corpus page and of stand-in article pages."""
    found = [
        (name, (CORPUS / name).read_bytes(), case["url"], case.get("content_type"))
        for name, case in sorted(EXPECTED.items())
    ]
    site = build_site(240)
    for truth in site.live_articles()[::4]:
        answer = respond(site, truth.path, site.now)
        found.append((truth.url, answer.body, truth.url, answer.content_type))
    return found


def parsed(body: bytes, content_type: str | None):
    try:
        decode.check_text(body)
    except decode.NotText:
        return None
    return page.parse(body, decode.choose_encoding(body, content_type)[0])


def block_view(block: page.Block) -> tuple:
    pieces = tuple(piece[:2] if piece[0] != "m" else piece for piece in block.pieces)
    return (block.text, block.element, block.boiler, block.footer, block.soft,
            tuple(block.links), tuple(block.media), pieces)  # fmt: skip


def starts(root) -> list:
    body = root.find("body")
    if body is None:
        return []
    return [element for element in body.iter() if isinstance(element.tag, str)
            and page.is_block_level(element)]  # fmt: skip


@pytest.mark.parametrize("number", range(len(pages())))
def test_a_walk_from_any_block_is_the_end_of_the_whole_walk(number):
    _name, body, _url, content_type = pages()[number]
    root = parsed(body, content_type)
    if root is None:
        return
    whole = [block_view(block) for block in page.blocks_of(root)]
    for start in starts(root):
        walk = page.start_walk(start, root.find("body"))
        if walk is None:
            continue
        blocks, stopped = walk.finish()
        assert not stopped
        tail = [block_view(block) for block in blocks]
        assert tail and whole[-len(tail) :] == tail, start


@pytest.mark.parametrize("number", range(len(pages())))
def test_lines_are_the_blocks_as_the_side_reads_them(number):
    _name, body, _url, content_type = pages()[number]
    root = parsed(body, content_type)
    if root is None:
        return
    for start in starts(root):
        walk = page.start_walk(start, root.find("body"))
        found = lines.lines_from(start, root.find("body"))
        if walk is None:
            assert found is None
            continue
        assert found == lines.lines_of(walk.finish()[0]), start


@pytest.mark.parametrize("number", range(len(pages())))
def test_reading_from_the_article_gives_the_whole_pages_article(number, monkeypatch):
    name, body, url, content_type = pages()[number]
    quick = _extracted(body, url, content_type)
    monkeypatch.setattr(reading, "read", reading.read_whole)
    assert _extracted(body, url, content_type) == quick, name


def _extracted(body: bytes, url: str, content_type: str | None):
    try:
        return extract_article(body, url, content_type).to_dict()
    except Exception as exc:  # NotAnArticle: the same refusal either way
        return repr(exc)


def test_the_quick_path_is_taken_on_every_article_of_the_corpus():
    for name, case in EXPECTED.items():
        if "expected" not in case:
            continue
        report = explain((CORPUS / name).read_bytes(), case["url"], case.get("content_type"))
        assert report["blocks"] == reading.FROM_ARTICLE, name


SIDEBAR_FIRST = """<html><body>
<div class="side"><h3>Останні новини Чернігівщини</h3>
<div><a href="/ua/politics/10999">Сесія міськради</a> 10:22</div></div>
<div class="main"><h1>Нова школа у Чернігові</h1>
<div>25.05.2012 06:39Агенцiя</div><p>Перший абзац.</p></div>
<h3>АНОНСИ ПОДІЙ</h3><p><a href="/ua/anons/11001">Концерт</a> 18:00</p>
</body></html>"""


def test_a_side_block_before_the_article_makes_it_read_the_whole_page():
    report = explain(SIDEBAR_FIRST.encode("cp1251"), URL)
    assert report["blocks"] == reading.WHOLE_PAGE
    article = extract_article(SIDEBAR_FIRST.encode("cp1251"), URL)
    assert [item.title for item in article.latest_news] == ["Сесія міськради"]
    assert article.body == "Перший абзац."
    assert [item.title for item in article.announcements] == ["Концерт"]


def test_a_page_without_a_date_line_is_read_whole():
    body = "<html><head><title>Нова школа</title></head><body><h1>Нова школа</h1><p>Текст.</p>"
    report = explain((body + "</body></html>").encode("cp1251"), URL)
    assert report["blocks"] == reading.WHOLE_PAGE
