"""The frame every stand-in page shares: header with the RSS link, site name, live clock, menu,
the «Останні новини Чернігівщини» and «АНОНСИ ПОДІЙ» blocks, the «Всі новини» link and the footer.

Three layouts, as the live site's pages differ by age: "old" (tables and fonts), "div" and
"modern" (HTML5). `frame` puts a page's main content into one of them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from monitor_scraper.standin import text
from monitor_scraper.standin.records import ExpectedArticle, variant_href

SITE_NAME = "Інформ-агенція «Чернігівський монітор»"
RSS_PATH = "/news_author-58.xml"
TWITTER = "https://twitter.com/monitor_cn"
FACEBOOK = "https://www.facebook.com/monitor.cn.ua"
DOCTYPES = {
    "old": '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">',
    "div": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
    "modern": "<!DOCTYPE html>",
}


def frame(site, *, title: str, main: str, template: str, clock: datetime, charset: str,
          page_key: int = 0, head_extra: str = "") -> str:  # fmt: skip
    """A whole page around `main`; `page_key` varies link spellings and the block's lag."""
    head = _head(title, charset, head_extra)
    top = _top(site, clock, template)
    aside = latest_block(site, page_key, template) + anons_block(site, page_key)
    aside += '\n<p class="all-news"><a href="/ua/">Всі новини</a></p>'
    body = _arrange(template, top, main, aside, _footer(site))
    return f'{DOCTYPES[template]}\n<html lang="uk">\n{head}\n{body}\n</html>\n'


def _head(title: str, charset: str, extra: str) -> str:
    meta = (
        '<meta charset="utf-8">'
        if charset == "utf-8"
        else '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    )
    return (
        f"<head>{meta}\n<title>{escape(title, quote=False)}</title>\n"
        f'<link rel="alternate" type="application/rss+xml" href="{RSS_PATH}">\n'
        '<link rel="alternate" type="application/rss+xml" title="Всі новини" href="/rss.xml">\n'
        f'<link rel="stylesheet" href="/css/style.css">{extra}\n</head>'
    )


def _top(site, clock: datetime, template: str) -> str:
    header = (
        f'{SITE_NAME}: <a href="{RSS_PATH}">RSS</a> <a href="{TWITTER}">Twitter</a> '
        f'<a href="{FACEBOOK}">Facebook</a>'
    )
    logo = f'<a href="/ua/">{SITE_NAME}</a>'
    clock_text = text.live_clock(clock)
    if template == "old":
        return (
            f'<tr><td colspan="2"><font size="1">{header}</font></td></tr>\n'
            f'<tr><td><font size="5"><b>{logo}</b></font></td>'
            f'<td align="right"><font size="1" id="clock">{clock_text}</font></td></tr>\n'
            f'<tr><td colspan="2">{menu(site)}</td></tr>'
        )
    return (
        f'<div class="topline">{header}</div>\n<div class="logo">{logo}</div>\n'
        f'<div class="clock" id="clock">{clock_text}</div>\n<nav class="menu">{menu(site)}</nav>'
    )


def menu(site) -> str:
    sections = " ".join(f'<a href="/ua/{slug}/">{name}</a>' for slug, name in text.SECTIONS.items())
    day = site.now
    return (
        f'{sections} <a href="/ua/calendar/{day:%Y/%m/%d}">Календар</a> '
        '<a href="/ua/login">Вхід</a> <a href="/ua/search?q=%D0%A7%D0%B5%D1%80%D0%BD%D1%96%D0%B3'
        '%D1%96%D0%B2">Пошук</a>\n<form action="/ua/search" method="get">'
        '<input type="text" name="q"><input type="submit" value="Пошук"></form>'
    )


def _arrange(template: str, top: str, main: str, aside: str, footer: str) -> str:
    if template == "old":
        return (
            '<body bgcolor="#FFFFFF"><table width="980" align="center" border="0">\n'
            f'{top}\n<tr><td valign="top" class="content">{main}</td>\n'
            f'<td valign="top" width="300">{aside}</td></tr>\n'
            f'<tr><td colspan="2">{footer}</td></tr></table></body>'
        )
    if template == "div":
        return (
            f'<body><div id="wrapper"><div id="header">{top}</div>\n'
            f'<div id="content">{main}</div>\n<div id="sidebar">{aside}</div>\n'
            f'<div id="footer">{footer}</div></div></body>'
        )
    return (
        f"<body><header>{top}</header>\n<main>{main}</main>\n"
        f"<aside>{aside}</aside>\n<footer>{footer}</footer></body>"
    )


def as_of(site, page_key: int) -> datetime:
    """The cached blocks of one page in four lag three hours behind the site."""
    return site.now - timedelta(hours=3) if page_key % 4 == 3 else site.now


def latest_block(site, page_key: int, template: str) -> str:
    items = site.latest_news(as_of(site, page_key))
    rows = "\n".join(_latest_item(a, page_key, template) for a in items)
    return f'<div class="last-news"><h3>Останні новини Чернігівщини</h3>\n{rows}\n</div>'


def _latest_item(article: ExpectedArticle, page_key: int, template: str) -> str:
    href = variant_href(article.path, article.article_id + page_key)
    title = escape(article.title)
    thumb = ""
    if template != "modern" and (article.article_id % 3 == 0 or "цей день" in article.title):
        image = f'<img src="/images/thumbs/{article.article_id}.jpg" alt="{title}">'
        thumb = f'<a href="{href}">{image}</a>\n'
    teaser = f"<p>{escape(article.teaser)}</p>" if article.teaser else ""
    return (
        f'<div class="last-news-item">{thumb}<a class="title" href="{href}">{title}</a> '
        f'<span class="time">{article.published:%H:%M}</span>{teaser}</div>'
    )


def anons_block(site, page_key: int) -> str:
    rows = "\n".join(
        f'<li><a href="/ua/anons/{a.article_id}">{escape(a.title)}</a> '
        f'<span class="when">{escape(a.when)}</span></li>'
        for a in site.announcements(as_of(site, page_key))
    )
    return f'<div class="anons"><h3>АНОНСИ ПОДІЙ</h3>\n<ul>{rows}</ul></div>'


def _footer(site) -> str:
    return (
        f"<p>© 2006–{site.now:%Y} {SITE_NAME}. Передрук — з посиланням на monitor.cn.ua</p>\n"
        f'<p><a href="{FACEBOOK}">Facebook</a> <a href="{TWITTER}">Twitter</a> '
        '<a href="http://example.org/partners">Партнери</a> '
        f'<a href="/ua/private/{site.private_id}">Для редакції</a></p>'
    )
