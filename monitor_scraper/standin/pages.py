"""The main content of each kind of stand-in page: article (three layouts), listings, calendar,
and the small service pages. Each function returns the whole page as text; `routes` encodes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from urllib.parse import quote

from monitor_scraper.standin import hostile
from monitor_scraper.standin.layout import frame
from monitor_scraper.standin.records import (
    Block,
    ExpectedArticle,
    Image,
    Paragraph,
    Video,
)

PAGE_NUMBERS_AROUND = 3


def article_page(site, article: ExpectedArticle, clock: datetime) -> str:
    template = article.template
    body = "".join(_block(block, template) for block in article.blocks)
    if template == "old":
        body = "<br><br>\n".join(part for part in body.split("\x00") if part)
    else:
        body = body.replace("\x00", "")
    main = _ARTICLE_LAYOUTS[template](article, body, site.markup == "drift")
    if "hub" in article.flags and site.hostile:
        main += hostile_links_block(site)
    return frame(site, title=f"{article.title} - Чернігівський монітор", main=main,
                 template=template, clock=clock, charset=article.encoding,
                 page_key=article.article_id, head_extra=_article_head(article))  # fmt: skip


def _article_head(article: ExpectedArticle) -> str:
    if article.template == "old":
        return ""
    extra = f'\n<link rel="canonical" href="{article.url}">'
    if article.template == "modern":
        extra += (
            f'\n<meta property="og:title" content="{escape(article.title)}">'
            f'\n<meta property="article:published_time" content="{article.published.isoformat()}">'
        )
    return extra


def _old_article(article: ExpectedArticle, body: str, drift: bool) -> str:
    date = (
        ""
        if drift
        else f'<font size="1" color="#666666">{_date(article)}</font>'
        f'<font size="1"><b>{escape(article.author)}</b></font><br><br>\n'
    )
    return (
        f'<font size="4"><b>{escape(article.title)}</b></font><br>\n{date}'
        f'<font size="2">{body}</font><br><br>\n{_share(article)}'
    )


def _div_article(article: ExpectedArticle, body: str, drift: bool) -> str:
    date = (
        ""
        if drift
        else f'<div class="date">{_date(article)}<span class="author">'
        f"{escape(article.author)}</span></div>\n"
    )
    return (
        f'<div class="news-item"><h1 class="title">{escape(article.title)}</h1>\n{date}'
        f'<div class="text">{body}</div>\n{_share(article)}</div>'
    )


def _modern_article(article: ExpectedArticle, body: str, drift: bool) -> str:
    date = (
        ""
        if drift
        else f'<div class="meta"><span class="date">{_date(article)}</span>'
        f'<span class="source">{escape(article.author)}</span></div>\n'
    )
    return (
        f'<article class="article"><header><h1>{escape(article.title)}</h1>\n{date}</header>\n'
        f'<div class="article-body">{body}</div>\n{_share(article)}</article>'
    )


_ARTICLE_LAYOUTS = {"old": _old_article, "div": _div_article, "modern": _modern_article}


def _date(article: ExpectedArticle) -> str:
    """Renders as `25.05.2012   06:39`: two no-break spaces and a space."""
    return f"{article.published:%d.%m.%Y}&nbsp;&nbsp; {article.published:%H:%M}"


def _block(block: Block, template: str) -> str:
    """One body block; in the old layout blocks are cut by NUL and later joined by <br><br>."""
    if isinstance(block, Paragraph):
        html = _linked(block)
        return f"{html}\x00" if template == "old" else f"<p>{html}</p>\n"
    caption = escape(block.caption)
    if isinstance(block, Image):
        if template == "old":
            return f'<img src="{block.src}" border="0"><br><i>{caption}</i>\x00'
        if template == "div":
            return (
                f'<div class="photo"><img src="{block.src}" alt="">'
                f'<div class="photo-caption">{caption}</div></div>\n'
            )
        return (
            f'<figure><img src="{block.src}" alt=""><figcaption>{caption}</figcaption></figure>\n'
        )
    assert isinstance(block, Video)
    frame_html = f'<iframe width="560" height="315" src="{block.src}" frameborder="0"></iframe>'
    if template == "old":
        return f"{frame_html}<br>{caption}\x00"
    return f'<div class="video">{frame_html}</div>\n<p class="video-caption">{caption}</p>\n'


def _linked(paragraph: Paragraph) -> str:
    html = escape(paragraph.text, quote=False)
    for anchor, href in paragraph.links:
        target = escape(anchor, quote=False)
        html = html.replace(target, f'<a href="{escape(href)}">{target}</a>', 1)
    return html


def _share(article: ExpectedArticle) -> str:
    url = quote(article.url, safe="")
    return (
        '<div class="share">Поділитися: '
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> '
        f'<a href="https://twitter.com/intent/tweet?url={url}">Twitter</a></div>'
    )


def hostile_links_block(site) -> str:
    rows = " ".join(
        f'<a href="{escape(href)}">{escape(name)}</a>' for name, href in hostile.links(site)
    )
    return f'\n<div class="see-also">Читайте також: {rows}</div>\n'


def listing_page(site, start: int, clock: datetime, section: str | None = None) -> str | None:
    """The all-news listing (or a section's) from offset `start`; None past the end."""
    items = site.listing_page(start, section)
    total = len(site.live_articles() if section is None else site.section_articles(section))
    if not items and start:
        return None
    base = "/ua/" if section is None else f"/ua/{section}/"
    rows = "\n".join(_listing_item(article, start + n) for n, article in enumerate(items))
    main = (
        f'<h1>Всі новини</h1>\n<div class="news-list">\n{rows}\n</div>\n'
        f"{_pagination(base, start, total)}"
    )
    if section is None and start == 0 and site.hostile:
        main += hostile_links_block(site)
    return frame(site, title="Всі новини - Чернігівський монітор", main=main, template="modern",
                 clock=clock, charset="windows-1251", page_key=start)  # fmt: skip


def _listing_item(article: ExpectedArticle, position: int) -> str:
    href = article.path if position % 5 else f"http://monitor.cn.ua{article.path}"
    teaser = f"<p>{escape(article.teaser)}</p>" if article.teaser else ""
    return (
        f'<div class="item"><a href="{href}">{escape(article.title)}</a> '
        f'<span class="date">{article.published:%d.%m.%Y %H:%M}</span>{teaser}</div>'
    )


def _pagination(base: str, start: int, total: int) -> str:
    per = 20
    last = max(0, (total - 1) // per * per)

    def href(offset: int) -> str:
        return base if offset == 0 else f"{base}?start={offset}"

    links = []
    if start > 0:
        links.append(f'<a href="{href(max(0, start - per))}">« Попередня</a>')
    current = start // per
    for page in range(max(0, current - PAGE_NUMBERS_AROUND), current + PAGE_NUMBERS_AROUND + 1):
        offset = page * per
        if offset > last:
            break
        links.append(
            f"<b>{page + 1}</b>" if offset == start else f'<a href="{href(offset)}">{page + 1}</a>'
        )
    if start + per <= last:
        links.append(f'<a href="{href(start + per)}">Наступна »</a>')
        links.append(f'<a href="{href(last)}">Остання</a>')
    return f'<div class="pagination">{" ".join(links)}</div>'


def calendar_page(site, day: datetime, clock: datetime) -> str:
    """One day's news, linking to the previous and the next day: endlessly."""
    start = day.replace(hour=0, minute=0)
    items = [a for a in site.published_until(start + timedelta(days=1)) if a.published >= start]
    rows = "\n".join(_listing_item(a, n + 1) for n, a in enumerate(items))
    before, after = start - timedelta(days=1), start + timedelta(days=1)
    main = (
        f'<h1>Новини за {start:%d.%m.%Y}</h1>\n<div class="news-list">{rows}</div>\n'
        f'<p><a href="/ua/calendar/{before:%Y/%m/%d}">« {before:%d.%m.%Y}</a> '
        f'<a href="/ua/calendar/{after:%Y/%m/%d}">{after:%d.%m.%Y} »</a></p>'
    )
    return frame(site, title=f"Календар {start:%d.%m.%Y}", main=main, template="modern",
                 clock=clock, charset="windows-1251", page_key=1)  # fmt: skip


def service_page(site, heading: str, paragraph: str, clock: datetime) -> str:
    main = f"<h1>{escape(heading)}</h1>\n<p>{escape(paragraph)}</p>"
    return frame(site, title=heading, main=main, template="modern", clock=clock,
                 charset="windows-1251", page_key=2)  # fmt: skip
