"""The quick link resolver answers exactly what `urls.absolute` answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor_scraper import urls
from monitor_scraper.extract.addresses import (
    absolute,
    article_or_absolute,
    canonical_article,
    is_site_url,
)

BASES = (
    "https://monitor.cn.ua/ua/politics/1",
    "http://127.0.0.1:8000/ua/culture/1",
    "https://monitor.cn.ua",
    "http://x",
    "ftp://x/y",
    "http://:80/x",
    "http://[bad/x",
    "",
)
HREFS = (
    "http://monitor.cn.ua/ua/x/1",
    "https://www.monitor.cn.ua/ua/x/1",
    "/ua/x/1",
    "//x.org/a",
    "/a/../b",
    "/a/./b",
    "/.",
    "/..",
    "HTTP://x/a",
    "http://x/a?",
    "http://x/a#",
    "http://x:80/a",
    "http://x:/a",
    "http://[::1]/a",
    "/ua/Головна",
    " /ua/x/2 ",
    "",
    "#x",
    "javascript:void(0)",
    "mailto:a@b",
    "http://user@x/a",
    "ua/x/1",
    "?start=20",
    "http://x",
    "https://x",
    "/",
    "http://x/a;b",
    "/a b",
    "http://x/a\\b",
    "https://monitor.cn.ua//ua/x",
    "/ua/?start=20",
)
PIECES = st.sampled_from(
    [
        *"/.:?#;%@abcAB019-_~ \\[]",
        "http://",
        "https://",
        "//",
        "ш",
        "\x00",
        "\t",
        "..",
        "/ua/",
        "politics",
        "12",
        "monitor.cn.ua",
        "www.",
    ]
)


def resolved(resolver, href: str, base: str):
    try:
        return resolver(href, base)
    except Exception as exc:  # the two must fail alike too
        return type(exc)


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("href", HREFS)
def test_known_forms(href, base):
    assert resolved(absolute, href, base) == resolved(urls.absolute, href, base)


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join), st.sampled_from(BASES))
def test_any_form(href, base):
    assert resolved(absolute, href, base) == resolved(urls.absolute, href, base)


URLS = (
    "https://monitor.cn.ua/ua/politics/11000",
    "http://www.monitor.cn.ua/ua/style/69664/",
    "http://127.0.0.1:8000/ua/culture/007",
    "https://example.org/ua/x/1",
    "https://monitor.cn.ua/ua/",
    "https://monitor.cn.ua",
    "https://monitor.cn.ua/ua/Політика/1",
    "https://monitor.cn.ua/ua/a/1?x=1",
    "https://MONITOR.cn.ua:443/ua/anons/5",
    "http://monitor.cn.ua/ua/x_y-z/12#top",
    "ftp://x/ua/a/1",
    "https://monitor.cn.ua/UA/a/1",
    "https://monitor.cn.ua/ua/1a/1",
    "http://[::1]/ua/a/1",
)


@pytest.mark.parametrize("url", URLS)
def test_article_and_site_forms(url):
    assert canonical_article(url) == urls.canonical_article_url(url)
    assert is_site_url(url) == urls.is_site_url(url)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join), st.sampled_from(BASES))
def test_article_and_site_of_any_form(href, base):
    url = urls.absolute(href, base)
    if url is not None:
        assert canonical_article(url) == urls.canonical_article_url(url)
        assert is_site_url(url) == urls.is_site_url(url)


def either(href: str, base: str):
    url = resolved(urls.absolute, href, base)
    if not isinstance(url, str):
        return url
    return urls.canonical_article_url(url) or url


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("href", HREFS + URLS)
def test_article_or_absolute_forms(href, base):
    assert resolved(article_or_absolute, href, base) == either(href, base)


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join), st.sampled_from(BASES))
def test_article_or_absolute_of_any_form(href, base):
    assert resolved(article_or_absolute, href, base) == either(href, base)
