"""Small archives for tests: a few articles stored straight into a new archive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from monitor_scraper.archive import Archive
from monitor_scraper.items import Article

SUMMER = timezone(timedelta(hours=3))
# Three articles in three sections: a Ukrainian word in two of its forms, and one without it.
KREMENCHUK = [
    ("politics", "Міст у Кременчуці", "У Кременчуці відкрили новий міст через Дніпро."),
    ("culture", "Концерт", "До Кременчука приїхав оркестр."),
    ("style", "Мода", "Чернігівські дизайнери показали колекцію."),
]


def store_texts(path: Path, texts: list[tuple[str, str, str]]) -> Path:
    """An archive at `path` holding one article per (section, title, body), numbered from 1,
    published on the 1st, 2nd, ... of May 2022 at 09:30 Kyiv time."""
    with Archive(path) as opened:
        for number, (section, title, body) in enumerate(texts, 1):
            opened.store_article(Article(
                url=f"https://monitor.cn.ua/ua/{section}/{number}", article_id=number,
                section=section, title=title, body=body,
                published=datetime(2022, 5, number, 9, 30, tzinfo=SUMMER),
                fetched_at=datetime(2026, 3, 1, tzinfo=UTC),
            ), crawl_id=None)
    return path


URL = "https://monitor.cn.ua/ua/politics/11234"


def make_article(url: str = URL, *, title: str = "Сесія у Чернігові",
                 body: str = "Депутати зібралися.", fetched_at: datetime | None = None,
                 **extra) -> Article:
    section, article_id = url.rsplit("/", 2)[-2:]
    return Article(
        url=url,
        article_id=int(article_id),
        section=section,
        title=title,
        body=body,
        body_html=f"<p>{body}</p>",
        published=extra.pop("published", datetime(2012, 5, 25, 6, 39, tzinfo=SUMMER)),
        published_text="25.05.2012 06:39",
        author="Агенцiя",
        fetched_at=fetched_at or datetime(2026, 3, 1, 7, 0, tzinfo=UTC),
        **extra,
    )
