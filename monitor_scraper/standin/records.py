"""What one stand-in article is: its metadata, its body blocks, and the record a crawl should yield.

An `ExpectedArticle` is both the source the pages are rendered from and the truth that tests
compare the archive against. Bodies are generated lazily from the article's own seed, so a site
of ten thousand articles costs little until its pages are asked for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from monitor_scraper.items import Link, Media
from monitor_scraper.standin import text

KYIV = ZoneInfo("Europe/Kyiv")
ORIGIN = "https://monitor.cn.ua"

# Host variants the live site uses for its own links; a stand-in page never links 127.0.0.1.
HOST_VARIANTS = (
    "https://monitor.cn.ua",
    "http://monitor.cn.ua",
    "http://www.monitor.cn.ua",
    "https://www.monitor.cn.ua",
    "",  # relative
)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text; `links` are (anchor text inside `text`, href as printed)."""

    text: str
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Image:
    src: str  # as printed, site-relative
    caption: str


@dataclass(frozen=True)
class Video:
    src: str  # an embed address, off-site
    caption: str


Block = Paragraph | Image | Video


def variant_href(path: str, key: int) -> str:
    """`path` on one of the site's host variants, chosen by `key`."""
    return HOST_VARIANTS[key % len(HOST_VARIANTS)] + path


@dataclass
class ExpectedArticle:
    """One article of the stand-in site and the record an extractor should produce for it.

    `flags` names what is special: photo, video, links, offsite, long, utf8, noteaser,
    handwritten, and the hostile roles flaky, slow, truncated, hub.
    """

    article_id: int
    section: str
    title: str
    published: datetime  # aware, Europe/Kyiv
    author_id: int
    seed: int = 0
    flags: frozenset[str] = frozenset()
    link_hrefs: tuple[str, ...] = ()  # hrefs (as printed) put into the body
    fixed_blocks: tuple[Block, ...] | None = None
    when: str = ""  # for announcements: when the event takes place, as printed
    state_added: int = 1
    version: int = 1  # 2 when edited in state 2
    withdrawn: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"{ORIGIN}{self.path}"

    @property
    def path(self) -> str:
        return f"/ua/{self.section}/{self.article_id}"

    @property
    def author(self) -> str:
        return text.AUTHORS[self.author_id]

    @property
    def category(self) -> str:
        """The section's name as the feeds print it, e.g. «Стиль»."""
        return text.SECTIONS[self.section]

    @property
    def published_text(self) -> str:
        """The date line with its spaces collapsed: `25.05.2012 06:39`."""
        return f"{self.published:%d.%m.%Y %H:%M}"

    @property
    def date_line(self) -> str:
        """The date line exactly as a text rendering shows it: `25.05.2012   06:39`."""
        return text.date_line(self.published)

    @property
    def template(self) -> str:
        """Which of the three page layouts the article is rendered with."""
        if self.article_id < 40000:
            return "old"
        if self.article_id < 80000:
            return "div"
        return "modern"

    @property
    def encoding(self) -> str:
        return "utf-8" if "utf8" in self.flags else "windows-1251"

    @property
    def live(self) -> bool:
        return not self.withdrawn

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        if self.fixed_blocks is not None:
            return self.fixed_blocks
        return _generated_blocks(self)

    @property
    def paragraphs(self) -> list[str]:
        """The body as a reader sees it: paragraphs, and photo and video captions where they
        stand (so a photo-only article's body is its caption). Captions are also in `images` and
        `videos`."""
        return [
            block.text if isinstance(block, Paragraph) else block.caption
            for block in self.blocks
            if (block.text if isinstance(block, Paragraph) else block.caption)
        ]

    @property
    def body(self) -> str:
        """Plain text, paragraphs separated by a blank line (the form of `items.Article.body`)."""
        return "\n\n".join(self.paragraphs)

    @property
    def images(self) -> list[Media]:
        return [Media(ORIGIN + b.src, b.caption) for b in self.blocks if isinstance(b, Image)]

    @property
    def videos(self) -> list[Media]:
        return [Media(b.src, b.caption) for b in self.blocks if isinstance(b, Video)]

    @property
    def links(self) -> list[Link]:
        """Links inside the body, hrefs resolved against the article's canonical URL."""
        found = []
        for block in self.blocks:
            for anchor, href in getattr(block, "links", ()):
                absolute = ORIGIN + href if href.startswith("/") else href
                found.append(Link(absolute, anchor))
        return found

    @property
    def teaser(self) -> str:
        """What listings and the latest-news block print under the title ("" for none)."""
        if "noteaser" in self.flags or not self.paragraphs:
            return ""
        return self.paragraphs[0]

    def contains(self, form: str) -> bool:
        """True when `form` occurs verbatim in the title or the body."""
        return form in self.title or form in self.body


def _generated_blocks(article: ExpectedArticle) -> tuple[Block, ...]:
    rng = random.Random(f"{article.seed}:{article.article_id}:{article.version}")
    if "photo" in article.flags:
        return (_image(article, rng, 1),)
    count = 150 if "long" in article.flags else rng.randint(2, 6)
    blocks: list[Block] = [Paragraph(p) for p in text.paragraphs(rng, count)]
    if "video" in article.flags:
        code = "".join(rng.choice("abcdefghijkLMNOPQ0123456789_-") for _ in range(11))
        caption = f"Відео: {rng.choice(text.OBJECTS)}"
        blocks.insert(1, Video(f"https://www.youtube.com/embed/{code}", caption))
    elif rng.random() < 0.2:
        blocks.insert(1, _image(article, rng, 1))
    for number, href in enumerate(article.link_hrefs):
        anchor = "читайте тут" if number % 2 else "Раніше ми писали"
        blocks.append(Paragraph(f"{anchor}: {text.sentence(rng)}", ((anchor, href),)))
    return tuple(blocks)


def _image(article: ExpectedArticle, rng: random.Random, number: int) -> Image:
    src = f"/images/{article.published:%Y}/{article.article_id}_{number}.jpg"
    return Image(src, f"Фото: {text.subject(rng).lower()} {rng.choice(text.PLACES)}")
