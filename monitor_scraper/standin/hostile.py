"""The hostile corners of the stand-in: every way a page can fail a crawler, at known paths.

`plan_endpoints` picks free article-looking paths for them (ids among the newest of state 1, so they
stay the same in state 2); `respond` answers them; `links` is the block of links to all of them
that the all-news page and the hub article print.
"""

from __future__ import annotations

import random
import zlib
from typing import TYPE_CHECKING

from monitor_scraper.standin.response import Response, not_found, redirect

if TYPE_CHECKING:
    from monitor_scraper.standin.model import Site

# Real articles with a hostile role (flags on their records).
ARTICLE_ROLES = ("hub", "flaky", "slow", "truncated")

# name -> section of the article-looking path it answers at.
ARTICLE_LIKE = {
    "missing_404": "society",
    "hang": "society",
    "reset": "politics",
    "redirect_loop": "sport",
    "redirect_loop_back": "sport",
    "empty_body": "culture",
    "binary_junk": "economy",
    "huge_page": "style",
    "offsite_redirect": "economy",
}
OTHER_PATHS = {
    "html_at_feed": "/news_author-99.xml",
    "broken_feed": "/news_author-77.xml",
    "calendar_trap": "/ua/calendar/2026/02/27",
}
# What becomes of an article's image on a hostile site, by its path: most load, some are gone,
# some answer with the CMS's error page labelled as a JPEG.
IMAGE_FATES = ("missing", "not_image", "ok", "ok", "ok", "ok")
MALFORMED_HREFS = ("http://[bad", "/ua/style/abc", "//", "http://monitor.cn.ua:99999/ua/", " ")
HUGE_BYTES = 6 * 1024 * 1024


def plan_endpoints(site: Site) -> dict[str, str]:
    """name -> path of each hostile endpoint of `site`."""
    old = [a for a in site.articles.values() if a.state_added == 1]
    used = {a.article_id for a in site.articles.values()}
    candidate = max(a.article_id for a in old) - 1
    paths = {}
    for name, section in ARTICLE_LIKE.items():
        while candidate in used:
            candidate -= 1
        paths[name] = f"/ua/{section}/{candidate}"
        used.add(candidate)
    paths.update(OTHER_PATHS)
    paths["old_style_redirect"] = f"/news/{site.article('egov').article_id}"
    return paths


def links(site: Site) -> list[tuple[str, str]]:
    """(text, href) of links to every hostile endpoint, with duplicates and malformed ones."""
    hrefs = [
        (name, path) for name, path in site.hostile_paths.items() if name != "redirect_loop_back"
    ]
    hrefs.append(("private", f"/ua/private/{site.private_id}"))
    hub = site.hostile_articles("hub")
    if hub:  # the same article under three spellings: one record
        hrefs += [("duplicate", hub[0]), ("duplicate", hub[0].replace("https://", "http://www."))]
    hrefs += [("malformed", href) for href in MALFORMED_HREFS]
    return hrefs


def respond(site: Site, name: str) -> Response | None:
    """The answer of hostile endpoint `name`, or None for one that pages answer normally."""
    paths = site.hostile_paths
    answers = {
        "hang": lambda: Response(200, action="hang", delay=site.hang_seconds),
        "reset": lambda: Response(action="reset"),
        "redirect_loop": lambda: redirect(paths["redirect_loop_back"], 302),
        "redirect_loop_back": lambda: redirect(paths["redirect_loop"], 302),
        "empty_body": lambda: Response(200, b""),
        "binary_junk": lambda: Response(200, _junk(site.seed)),
        "huge_page": lambda: Response(200, _huge_page()),
        "offsite_redirect": lambda: redirect("http://example.org" + paths["offsite_redirect"], 302),
        "html_at_feed": lambda: Response(200, _html_at_feed(), "application/rss+xml"),
        "broken_feed": lambda: Response(200, _broken_feed(), "application/rss+xml"),
    }
    answer = answers.get(name)
    return answer() if answer else None


def _junk(seed: int) -> bytes:
    return random.Random(f"{seed}:junk").randbytes(64 * 1024)


def _huge_page() -> bytes:
    row = "<p>Архівний запис: " + "Чернігів, Ніжин, Прилуки. " * 20 + "</p>\n"
    head = "<html><head><title>Архів</title></head><body><h1>Архів</h1>\n"
    chunk = row.encode("cp1251")
    return head.encode("cp1251") + chunk * (HUGE_BYTES // len(chunk) + 1) + b"</body></html>"


def _html_at_feed() -> bytes:
    return ("<!DOCTYPE html><html><head><title>Стрічка переїхала</title></head>"
            "<body><p>Стрічку перенесено.</p></body></html>").encode("cp1251")  # fmt: skip


def _broken_feed() -> bytes:
    return (
        '<?xml version="1.0" encoding="windows-1251"?>\n<rss version="2.0"><channel>'
        "<title>Чернігівський монітор</title><item><title>Ціни & тарифи <b>зросли</title>"
        "<link>http://monitor.cn.ua/ua/economy/1</link></item>"
    ).encode("cp1251")


def image_fate(site: Site, path: str) -> str:
    """"ok", "missing" (404) or "not_image" for the image at `path`; always "ok" on a site with
    its hostile corners turned off."""
    if not site.hostile:
        return "ok"
    return IMAGE_FATES[zlib.crc32(path.encode()) % len(IMAGE_FATES)]


def image_answer(site: Site, path: str, image: bytes) -> Response:
    """The answer to an image address: `image`, or what its fate makes of it."""
    fate = image_fate(site, path)
    if fate == "missing":
        return not_found()
    if fate == "not_image":
        page = "<html><body><h1>Помилка сервера</h1></body></html>".encode("cp1251")
        return Response(200, page, "image/jpeg")
    return Response(200, image, "image/jpeg")
