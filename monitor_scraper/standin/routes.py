"""Which answer each path of the stand-in gets: the real site's paths, on 127.0.0.1.

`respond` is pure (site, path, clock in, `Response` out), so tests can call it without a server.
Past the last listing page `/ua/?start=N` answers 404.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from monitor_scraper.standin import feeds, hostile, pages
from monitor_scraper.standin.records import KYIV, ExpectedArticle
from monitor_scraper.standin.response import HTML_1251, Response, not_found, redirect
from monitor_scraper.standin.text import AUTHORS, SECTIONS

ROBOTS = """User-agent: *
Disallow: /ua/search
Disallow: /ua/login
Disallow: /ua/private/
"""
_ARTICLE = re.compile(r"^/ua/([a-z]+)/(\d+)/?$")
_SECTION = re.compile(r"^/ua/([a-z]+)/?$")
_CALENDAR = re.compile(r"^/ua/calendar/(\d{4})/(\d{2})/(\d{2})/?$")
_OLD_STYLE = re.compile(r"^/news/(\d+)/?$")
_AUTHOR_FEED = re.compile(r"^/news_author-(\d+)\.xml$")
_START = re.compile(r"^\d{1,7}$")
# 1x1 grey JPEG: enough for an <img> to load.
TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c"
    "1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc000"
    "0b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400"
    "b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c1"
    "1552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a63"
    "6465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6"
    "b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008"
    "010100003f00fbd3ffd9"
)


def respond(site, path_with_query: str, clock: datetime | None = None) -> Response:
    clock = clock or datetime.now(KYIV)
    parts = urlsplit(path_with_query)
    path, query = parts.path, parts.query
    for name, hostile_path in site.hostile_paths.items():
        answer = hostile.respond(site, name) if path == hostile_path else None
        if answer is not None:
            return answer
    if path == "/robots.txt":
        delay = f"Crawl-delay: {site.crawl_delay}\n" if site.crawl_delay else ""
        return Response(200, (ROBOTS + delay).encode("ascii"), "text/plain")
    if path in ("", "/"):
        return redirect("/ua/", 302)
    if path == "/ua/" or path == "/ua":
        return _listing(site, query, clock, None)
    return _by_pattern(site, path, query, clock)


def _by_pattern(site, path: str, query: str, clock: datetime) -> Response:
    if match := _ARTICLE.match(path):
        if match.group(1) == "private":
            return _html(pages.service_page(site, "Службова сторінка", "Лише для редакції.", clock))
        return _article(site, site.by_path.get(f"/ua/{match.group(1)}/{match.group(2)}"), clock)
    if match := _SECTION.match(path):
        return _section_or_service(site, match.group(1), query, clock)
    if match := _CALENDAR.match(path):
        return _calendar(site, match, clock)
    if match := _OLD_STYLE.match(path):
        article = next(
            (a for a in site.by_path.values() if a.article_id == int(match.group(1))), None
        )
        return redirect(article.path) if article and article.live else not_found()
    if path == "/rss.xml":
        return _feed(site, None)
    if match := _AUTHOR_FEED.match(path):
        author_id = int(match.group(1))
        return _feed(site, author_id) if author_id in AUTHORS else not_found()
    if path.startswith("/images/") and path.endswith(".jpg"):
        return hostile.image_answer(site, path, TINY_JPEG)
    if path == "/css/style.css":
        return Response(200, b"body{font-family:Arial}", "text/css")
    return not_found()


def _section_or_service(site, name: str, query: str, clock: datetime) -> Response:
    if name in SECTIONS:
        return _listing(site, query, clock, name)
    if name == "search":
        words = parse_qs(query).get("q", [""])[0]
        return _html(pages.service_page(site, "Пошук", f"Результати пошуку: {words}", clock))
    if name == "login":
        return _html(pages.service_page(site, "Вхід", "Увійдіть, щоб продовжити.", clock))
    return not_found()


def _listing(site, query: str, clock: datetime, section: str | None) -> Response:
    values = parse_qs(query).get("start", ["0"])
    if not _START.match(values[0]):
        return not_found()
    html = pages.listing_page(site, int(values[0]), clock, section)
    return _html(html) if html is not None else not_found()


def _article(site, article: ExpectedArticle | None, clock: datetime) -> Response:
    if article is None or article.withdrawn:
        return not_found()
    response = _html(pages.article_page(site, article, clock), article)
    if not site.hostile:
        return response
    if "flaky" in article.flags:
        response.action = "flaky"
    if "slow" in article.flags:
        response.delay = site.slow_delay
    if "truncated" in article.flags:
        response.body = _truncate(response.body)
    return response


def _truncate(body: bytes) -> bytes:
    """Cut the page inside its body text, as a dropped connection or a full disk would."""
    cut = body.find(b"</p>", len(body) // 3)
    return body[: cut if cut > 0 else len(body) // 2]


def _calendar(site, match: re.Match[str], clock: datetime) -> Response:
    try:
        year, month, number = (int(group) for group in match.groups())
        day = datetime(year, month, number, tzinfo=KYIV)
    except ValueError:
        return not_found()
    return _html(pages.calendar_page(site, day, clock))


def _feed(site, author_id: int | None) -> Response:
    if author_id is not None and not site.feed_items(author_id):
        return not_found()
    return Response(
        200, feeds.render_feed(site, author_id), "application/rss+xml; charset=windows-1251"
    )


def _html(html: str, article: ExpectedArticle | None = None) -> Response:
    if article is not None and article.encoding == "utf-8":
        return Response(200, html.encode("utf-8"), "text/html; charset=utf-8")
    content_type = "text/html" if article is not None and article.template == "old" else HTML_1251
    return Response(200, html.encode("cp1251", "xmlcharrefreplace"), content_type)
