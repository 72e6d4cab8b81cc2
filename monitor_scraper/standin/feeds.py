"""RSS 2.0 feeds of the stand-in: the main one and one per author, in windows-1251.

Items link mostly in the `http://monitor.cn.ua/ua/style/69664` form, as the live feeds do,
and carry the section's Ukrainian name as `category` and an RFC 822 `pubDate` with the Kyiv
offset of the article's own date (+0200 in winter, +0300 in summer).
"""

from __future__ import annotations

from email.utils import format_datetime
from xml.sax.saxutils import escape

from monitor_scraper.standin import text
from monitor_scraper.standin.records import ExpectedArticle

FEED_LINK_FORMS = ("http://monitor.cn.ua", "http://monitor.cn.ua", "https://monitor.cn.ua",
                   "http://www.monitor.cn.ua")  # fmt: skip


def feed_link(article: ExpectedArticle) -> str:
    return FEED_LINK_FORMS[article.article_id % len(FEED_LINK_FORMS)] + article.path


def render_feed(site, author_id: int | None) -> bytes:
    """The feed of one author (or of all news when `author_id` is None), encoded."""
    items = site.feed_items(author_id)
    name = "Всі новини" if author_id is None else text.AUTHORS[author_id]
    build_date = format_datetime(site.now)
    body = "\n".join(_item(article) for article in items)
    xml = (
        '<?xml version="1.0" encoding="windows-1251"?>\n<rss version="2.0">\n<channel>\n'
        f"<title>Інформ-агенція «Чернігівський монітор»: {escape(name)}</title>\n"
        "<link>http://monitor.cn.ua/ua/</link>\n"
        "<description>Новини Чернігова та Чернігівщини</description>\n"
        f"<language>uk</language>\n<lastBuildDate>{build_date}</lastBuildDate>\n"
        f"{body}\n</channel>\n</rss>\n"
    )
    return xml.encode("cp1251", "xmlcharrefreplace")


def _item(article: ExpectedArticle) -> str:
    link = feed_link(article)
    return (
        f"<item>\n<title>{escape(article.title)}</title>\n<link>{link}</link>\n"
        f"<description>{escape(article.teaser)}</description>\n"
        f"<category>{escape(article.category)}</category>\n"
        f"<author>{escape(article.author)}</author>\n"
        f'<guid isPermaLink="true">{link}</guid>\n'
        f"<pubDate>{format_datetime(article.published)}</pubDate>\n</item>"
    )
