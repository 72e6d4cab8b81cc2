"""Hostile input to extraction: mutated corpus pages, random bytes, HTML-ish noise, wrong charsets.

The contracts: `extract_article` raises NotAnArticle and nothing else, `parse_feed` raises NotAFeed
and nothing else, `page_links` never raises. Beyond the contract, extraction must refuse bad pages
by itself: a refusal that only the last-resort catch-all in `extract_with_methods` produced (its
reason starts "extraction failed:") means a crash inside extraction, and fails the test too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import CORPUS

from monitor_scraper.extract import NotAnArticle, extract_article
from monitor_scraper.extract.feed import NotAFeed, parse_feed
from monitor_scraper.extract.links import PageLinks, page_links
from monitor_scraper.items import Article

PAGES = sorted(path for path in CORPUS.glob("*.html"))
URL = "https://monitor.cn.ua/ua/politics/11000"
FEED_URL = "https://monitor.cn.ua/news_author-58.xml"
CRASH = "extraction failed:"
FEED_BODY = """<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel><title>Чернігівський монітор</title>
<item><title>Вечір у Кременчуці</title><link>http://monitor.cn.ua/ua/style/69664</link>
<description>Опис &amp; більше</description><category>Стиль</category>
<pubDate>Sun, 31 Oct 2021 03:30:00 +0200</pubDate></item>
</channel></rss>""".encode("cp1251")

CHARSET_HEADERS = st.sampled_from([
    None, "text/html", "text/html; charset=windows-1251", "text/html; charset=utf-8",
    "text/html; charset=koi8-u", "text/html; charset=utf-16", "text/html; charset=nonsense",
    "text/html; charset=", "application/octet-stream", "image/jpeg", "text/html; charset=\x00",
    "text/html; charset=utf-8; charset=latin-1",
])
JUNK = st.sampled_from([
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"<", b">", b"</p>", b"<br><br>", b"<!--", b"]]>",
    b"<script>", b"</html>", b"&#x110000;", b"&#0;", b"&nbsp;", "Останні новини Чернігівщини"
    .encode("cp1251"), "АНОНСИ ПОДІЙ".encode(), b"31.10.2021 03:30", b"99.99.9999 99:99",
    b"29.02.2023 25:61", b"<meta charset=utf-16>", b'<meta http-equiv="Content-Type" '
    b'content="text/html; charset=x-unknown">', b"<a href='http://[bad'>x</a>",
])
HTML_WORDS = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<br>", "<table><tr><td>", "</td></tr></table>", "<b>",
    "<a href='/ua/politics/5'>", "</a>", "<img src='x.jpg' alt='Фото'>", "<figure>", "<script>",
    "<!-- ", " -->", "&amp;", "&#1047;", "Чернігів", "Агенцiя", "25.05.2012 06:39Агенцiя",
    "Неділя, 1 березня, 07:49:52", "Останні новини Чернігівщини", "АНОНСИ ПОДІЙ", "Всі новини",
    "10:22", "\n", " ", "\u00a0", "<h1>", "</h1>", "<html>", "<body>", "<iframe src='//x'>",
])
ARTICLE_URLS = st.sampled_from([
    URL, "http://www.monitor.cn.ua/ua/style/69664", "https://monitor.cn.ua/ua/anons/93000",
    "http://127.0.0.1:8000/ua/culture/1",
])
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def corpus_pages() -> st.SearchStrategy[bytes]:
    return st.sampled_from(PAGES).map(Path.read_bytes)


@st.composite
def mutated_pages(draw: st.DrawFn) -> bytes:
    """A corpus page truncated, with bytes flipped, and junk inserted, in any combination."""
    page = bytearray(draw(corpus_pages()))
    if draw(st.booleans()):
        del page[draw(st.integers(0, len(page))):]
    for _ in range(draw(st.integers(0, 8))):
        if page:
            page[draw(st.integers(0, len(page) - 1))] = draw(st.integers(0, 255))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(page)))
        page[at:at] = draw(st.one_of(JUNK, st.binary(max_size=64)))
    return bytes(page)


def html_ish() -> st.SearchStrategy[bytes]:
    text = st.lists(st.one_of(HTML_WORDS, st.text(max_size=12)), max_size=80).map("".join)
    encoding = st.sampled_from(["utf-8", "cp1251", "utf-16", "latin-1"])
    return st.tuples(text, encoding).map(lambda pair: pair[0].encode(pair[1], "replace"))


ANY_PAGE = st.one_of(mutated_pages(), st.binary(max_size=4096), html_ish())


def extract_or_refuse(body: bytes, url: str, content_type: str | None) -> Article | None:
    """The Article, or None for a refusal that extraction itself made."""
    try:
        article = extract_article(body, url, content_type)
    except NotAnArticle as error:
        assert not error.reason.startswith(CRASH), error.reason
        assert error.reason and "\n" not in error.reason
        return None
    assert isinstance(article, Article)
    return article


@FAST
@given(body=ANY_PAGE, url=ARTICLE_URLS, content_type=CHARSET_HEADERS)
def test_extraction_only_ever_refuses(body, url, content_type):
    article = extract_or_refuse(body, url, content_type)
    if article is not None:
        assert article.url.startswith("https://monitor.cn.ua/ua/")
        assert isinstance(article.title, str) and isinstance(article.body, str)


@FAST
@given(body=ANY_PAGE, content_type=CHARSET_HEADERS)
def test_extraction_refuses_urls_that_are_not_articles(body, content_type):
    with pytest.raises(NotAnArticle):
        extract_article(body, "https://monitor.cn.ua/ua/?start=20", content_type)


@pytest.mark.parametrize("page", PAGES, ids=[path.name for path in PAGES])
def test_every_truncation_of_a_corpus_page(page):
    body = page.read_bytes()
    for cut in range(0, len(body), max(1, len(body) // 40)):
        extract_or_refuse(body[:cut], URL, "text/html; charset=windows-1251")


@FAST
@given(body=st.one_of(st.binary(max_size=2048), html_ish(), st.builds(
    lambda cut, junk: FEED_BODY[:cut] + junk, st.integers(0, len(FEED_BODY)), JUNK)))
def test_feeds_only_ever_refuse(body):
    try:
        entries = parse_feed(body, FEED_URL)
    except NotAFeed as error:
        assert error.reason
        return
    assert all(entry.url.startswith("https://monitor.cn.ua/ua/") for entry in entries)


def test_a_feed_with_an_entity_bomb_is_refused_not_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            b"<rss><channel><item><title>&c;</title><link>http://monitor.cn.ua/ua/style/1</link>"
            b"</item></channel></rss>")
    try:
        entries = parse_feed(bomb, FEED_URL)
    except NotAFeed:
        return
    assert all(len(entry.title) < 1000 for entry in entries)


@FAST
@given(body=ANY_PAGE, encoding=st.sampled_from([None, "utf-8", "cp1251", "nonsense", "utf-16"]),
       page_url=st.sampled_from(["https://monitor.cn.ua/ua/", "http://127.0.0.1:1/ua/?start=20",
                                 "not a url", ""]))
def test_page_links_never_raise(body, encoding, page_url):
    found = page_links(body, page_url, encoding)
    assert isinstance(found, PageLinks)
    for url in found.articles:
        assert "://" in url


def test_page_links_with_a_charset_libxml2_does_not_know():
    body = '<a href="/ua/politics/5">Чернігів</a><a href="/ua/?start=20">далі</a>'.encode("koi8_u")
    found = page_links(body, "https://monitor.cn.ua/ua/", "koi8_u")
    assert found.articles == ["https://monitor.cn.ua/ua/politics/5"]
    assert found.listings == ["https://monitor.cn.ua/ua/?start=20"]
