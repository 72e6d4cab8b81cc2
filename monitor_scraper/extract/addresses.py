"""Absolute addresses for the links of a page, without urllib for the two common forms.

A page has dozens of links and `urllib.parse.urljoin` costs microseconds each. `absolute` answers
exactly what `urls.absolute` answers: plain `http(s)://host/path` links and root-relative
`/path` links are settled here, anything else (queries, fragments, dot segments, other characters,
relative paths) goes to `urls.absolute`.
"""

from __future__ import annotations

import functools
import logging
import re
from urllib.parse import urlsplit

from monitor_scraper import urls

logger = logging.getLogger(__name__)

# Printable ASCII without the characters that make urljoin rewrite a link: ? # ; and backslash.
_PATH_CHARS = "".join(re.escape(chr(n)) for n in range(0x21, 0x7F) if chr(n) not in "?#;\\")
_PLAIN_ABSOLUTE = re.compile(rf"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[{_PATH_CHARS}]*)?")
_PLAIN_ROOT_PATH = re.compile(rf"/(?!/)[{_PATH_CHARS}]*")


def absolute(href: str | None, base: str) -> str | None:
    """`href` resolved against `base`; None for anything that is not http(s)."""
    href = (href or "").strip()
    origin = _origin(base)
    if origin is not None:
        if _PLAIN_ABSOLUTE.fullmatch(href):
            return href
        if origin and _PLAIN_ROOT_PATH.fullmatch(href) and "/." not in href:
            return origin + href
    return urls.absolute(href, base)


@functools.lru_cache(maxsize=64)
def _origin(base: str) -> str | None:
    """`scheme://netloc` of an http(s) base with a host, as urljoin keeps it; "" for another
    base that parses; None for a base that does not."""
    try:
        parts = urlsplit(base)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


# urls._ARTICLE_PATH: an article's path on any host (kept equal by a test).
_ARTICLE_PATH = re.compile(r"/ua/([a-z][a-z0-9_-]*)/(\d+)/?")


def canonical_article(url: str) -> str | None:
    """`urls.canonical_article_url(url)`, without urllib for a plain absolute address."""
    if not _PLAIN_ABSOLUTE.fullmatch(url):
        return urls.canonical_article_url(url)
    return _article_at(url, url.find("/", url.index("//") + 2))


def is_site_url(url: str) -> bool:
    """`urls.is_site_url(url)`, without urllib for a plain absolute address."""
    if not _PLAIN_ABSOLUTE.fullmatch(url):
        return urls.is_site_url(url)
    host = url.split("/", 3)[2].split(":", 1)[0].lower()
    return host in urls.SITE_HOSTS


def article_or_absolute(href: str | None, base: str) -> str | None:
    """The canonical article URL `href` leads to, else its absolute URL, else None: the same as
    `urls.canonical_article_url(absolute(href, base)) or absolute(href, base)`."""
    href = (href or "").strip()
    origin = _origin(base)
    if origin is not None:
        if _PLAIN_ABSOLUTE.fullmatch(href):
            slash = href.find("/", href.index("//") + 2)
            return _article_at(href, slash) or href
        if origin and _PLAIN_ROOT_PATH.fullmatch(href) and "/." not in href:
            return _article_at(href, 0) or origin + href
    url = urls.absolute(href, base)
    return None if url is None else canonical_article(url) or url


def _article_at(url: str, path_start: int) -> str | None:
    match = _ARTICLE_PATH.fullmatch(url, path_start) if path_start >= 0 else None
    if match is None:
        return None
    return f"{urls.CANONICAL_ORIGIN}/ua/{match.group(1)}/{int(match.group(2))}"
