"""What a monitor.cn.ua address is: canonical form, kind of page, and where to fetch it.

Every part of the project that compares or stores URLs goes through here, so that the `http://`,
`https://`, `www.` and relative forms of one article are one article.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

CANONICAL_ORIGIN = "https://monitor.cn.ua"
SITE_HOSTS = frozenset({"monitor.cn.ua", "www.monitor.cn.ua"})

_ARTICLE_PATH = re.compile(r"^/ua/([a-z][a-z0-9_-]*)/(\d+)/?$")
_LISTING_PATH = re.compile(r"^/ua/?$")
_FEED_PATH = re.compile(r"^/[A-Za-z0-9_.-]+\.(?:xml|rss)$")
_START_PARAM = re.compile(r"^start=(\d+)$")


def absolute(href: str, base: str) -> str | None:
    """Resolve a link found on `base`; None for anything that is not http(s)."""
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    try:
        url = urljoin(base, href)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def is_site_url(url: str, extra_hosts: frozenset[str] = frozenset()) -> bool:
    """True when `url` is on monitor.cn.ua (any host variant) or on one of `extra_hosts`."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return False
    netloc = f"{host}:{port}" if port else host
    return host in SITE_HOSTS or netloc in extra_hosts


def article_key(url: str) -> tuple[str, int] | None:
    """(section, id) of an article URL on any host variant, or None if it is not one."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    match = _ARTICLE_PATH.match(path)
    if not match:
        return None
    return match.group(1), int(match.group(2))


def canonical_article_url(url: str) -> str | None:
    """https://monitor.cn.ua/ua/<section>/<id> for any form of an article URL, else None."""
    key = article_key(url)
    if key is None:
        return None
    section, article_id = key
    return f"{CANONICAL_ORIGIN}/ua/{section}/{article_id}"


def listing_offset(url: str) -> int | None:
    """The offset N of an all-news listing page `/ua/?start=N` (0 for `/ua/`), else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not _LISTING_PATH.match(parts.path):
        return None
    if not parts.query:
        return 0
    match = _START_PARAM.match(parts.query)
    return int(match.group(1)) if match else None


def is_feed_path(url: str) -> bool:
    try:
        return bool(_FEED_PATH.match(urlsplit(url).path))
    except ValueError:
        return False


def is_page_url(url: str) -> bool:
    """An article, listing or feed address: a page of the site, whatever an `<img>` says."""
    return article_key(url) is not None or listing_offset(url) is not None or is_feed_path(url)


def canonical(url: str) -> str:
    """The canonical https://monitor.cn.ua form of any site URL (path and query kept)."""
    parts = urlsplit(url)
    return urlunsplit(("https", "monitor.cn.ua", parts.path or "/", parts.query, ""))


def image_key(url: str) -> str:
    """The one spelling of an image's address that the archive keeps and looks up: path and
    query percent-encoded as a request sends them (and a WARC record names them), so
    `фото 1.jpg` and `%D1%84%D0%BE%D1%82%D0%BE%201.jpg` are one image, on the canonical host
    when it is on the site (another site's address keeps its host)."""
    encoded = safe_url_string(url.strip())
    return canonical(encoded) if is_site_url(encoded) else encoded


def sql_image_key(value: object) -> str | None:
    """`image_key` as an SQL function: NULL for NULL, and an address it cannot read as it is."""
    if not isinstance(value, str):
        return None
    try:
        return image_key(value)
    except ValueError:
        return value


def fetch_url(url: str, base_url: str = CANONICAL_ORIGIN) -> str:
    """Where to request a site URL: its path and query on `base_url` (MONITOR_BASE_URL)."""
    parts = urlsplit(url)
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))
