"""The stand-in site as data: which articles exist in a state, and the truth tests check against.

`build_site` is deterministic: one (n_articles, seed) gives the same articles, ids and texts in
every state; state 2 ("a day later") adds, edits and withdraws on top of state 1.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor_scraper.standin import handwritten, text
from monitor_scraper.standin.hostile import ARTICLE_ROLES, plan_endpoints
from monitor_scraper.standin.records import (
    KYIV,
    ORIGIN,
    ExpectedArticle,
    Paragraph,
    variant_href,
)

STATE_NOW = {
    1: datetime(2026, 2, 27, 12, 0, tzinfo=KYIV),
    2: datetime(2026, 2, 28, 12, 0, tzinfo=KYIV),
}
FIRST_DAY = datetime(2012, 3, 1, tzinfo=KYIV)
LAST_RANDOM_DAY = datetime(2026, 2, 26, tzinfo=KYIV)
RECENT_SPAN = timedelta(hours=23)
RECENT_ARTICLES = 14
ID_EPOCH = datetime(2012, 1, 1, tzinfo=KYIV)
PER_PAGE = 20
FEED_SIZE = 20
LATEST_SIZE = 6
MAIN_FEED = "/rss.xml"
SECTION_WEIGHTS = {
    "politics": 5, "society": 6, "culture": 3, "economy": 3, "sport": 2, "style": 1, "anons": 2,
}  # fmt: skip
OFFSITE_LINKS = (
    "https://www.facebook.com/monitor.cn.ua",
    "https://twitter.com/monitor_cn",
    "http://example.org/docs/report.html",
    "https://example.org/",
)
TRAP_PREFIX = "/ua/calendar/"
DISALLOWED_PREFIXES = ("/ua/search", "/ua/login", "/ua/private/")


def id_for(moment: datetime) -> int:
    """Ids grow with time: about 11000 in 2012, 93000 in 2022."""
    days = (moment - ID_EPOCH).total_seconds() / 86400
    return 11000 + int(days * 82000 / 3653)


@dataclass
class Site:
    """One state of the stand-in site. Pages are rendered from it per request."""

    seed: int
    state: int
    markup: str
    hostile: bool
    now: datetime
    articles: dict[str, ExpectedArticle]  # canonical URL -> record, withdrawn ones included
    handwritten: dict[str, str]  # name -> canonical URL of a hand-written article
    hostile_paths: dict[str, str] = field(default_factory=dict)  # name -> path
    slow_delay: float = 1.5
    hang_seconds: float = 30.0
    crawl_delay: float | None = None  # a Crawl-delay line in robots.txt, when set
    by_path: dict[str, ExpectedArticle] = field(init=False, repr=False)
    _ascending: list[ExpectedArticle] = field(init=False, repr=False)
    _stamps: list[float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_path = {a.path: a for a in self.articles.values()}
        live = sorted((a for a in self.articles.values() if a.live), key=_order)
        self._ascending = live
        self._stamps = [a.published.timestamp() for a in live]

    # -- the truth, as canonical https://monitor.cn.ua URLs --------------------------------------
    def live_articles(self) -> list[ExpectedArticle]:
        """Articles answering with their page, newest first."""
        return self._ascending[::-1]

    def live_article_urls(self) -> list[str]:
        return [a.url for a in self.live_articles()]

    def withdrawn_urls(self) -> list[str]:
        return sorted(a.url for a in self.articles.values() if a.withdrawn)

    def new_urls(self) -> list[str]:
        """Articles first published in this state (empty in state 1)."""
        return sorted(a.url for a in self.articles.values() if a.state_added == self.state > 1)

    def edited_urls(self) -> list[str]:
        return sorted(a.url for a in self.articles.values() if "edited" in a.extra)

    def listing_urls(self) -> list[str]:
        """Every page of the all-news listing: /ua/ then /ua/?start=20, 40, ..."""
        count = len(self._ascending)
        pages = range(PER_PAGE, count, PER_PAGE)
        return [f"{ORIGIN}/ua/"] + [f"{ORIGIN}/ua/?start={n}" for n in pages]

    def feed_urls(self) -> list[str]:
        """Well-formed RSS feeds: the main one and one per author."""
        authors = sorted({a.author_id for a in self._ascending})
        return [ORIGIN + MAIN_FEED] + [ORIGIN + author_feed_path(n) for n in authors]

    def hostile_urls(self) -> dict[str, str]:
        """Hostile endpoint name -> canonical URL (see `hostile.py`); empty when turned off."""
        return {name: ORIGIN + path for name, path in self.hostile_paths.items()}

    def hostile_articles(self, role: str) -> list[str]:
        """Real articles with a hostile role: flaky, slow, truncated, hub."""
        return sorted(a.url for a in self.articles.values() if role in a.flags)

    def private_urls(self) -> list[str]:
        """Article-looking URLs under /ua/private/ that robots.txt forbids and pages link to."""
        return [f"{ORIGIN}/ua/private/{self.private_id}"]

    @property
    def private_id(self) -> int:
        return self._ascending[-1].article_id + 7 if self._ascending else 1

    trap_prefixes = (TRAP_PREFIX,)
    disallowed_prefixes = DISALLOWED_PREFIXES
    offsite_urls = OFFSITE_LINKS

    def containing(self, form: str) -> set[str]:
        """Live articles whose title or body contains `form` verbatim."""
        return {a.url for a in self._ascending if a.contains(form)}

    def article(self, name_or_url: str) -> ExpectedArticle:
        """A record by canonical URL or by hand-written name (e.g. "dst_fold")."""
        url = self.handwritten.get(name_or_url, name_or_url)
        return self.articles[url]

    # -- what pages show ---------------------------------------------------------------------------
    def listing_page(self, start: int, section: str | None = None) -> list[ExpectedArticle]:
        items = self.live_articles() if section is None else self.section_articles(section)
        return items[start : start + PER_PAGE]

    def section_articles(self, section: str) -> list[ExpectedArticle]:
        return [a for a in self.live_articles() if a.section == section]

    def published_until(self, as_of: datetime) -> list[ExpectedArticle]:
        """Live articles published at or before `as_of`, newest first."""
        end = bisect_right(self._stamps, as_of.timestamp())
        return self._ascending[end - 1 :: -1] if end else []

    def latest_news(self, as_of: datetime) -> list[ExpectedArticle]:
        """The «Останні новини» block as of `as_of`; the day's «цей день» item always stays."""
        items = self.published_until(as_of)[:LATEST_SIZE]
        pinned = self.articles.get(self.handwritten.get("this_day", ""))
        if pinned and pinned.live and pinned not in items and pinned.published <= as_of:
            items.append(pinned)
        return items

    def announcements(self, as_of: datetime, count: int = 3) -> list[ExpectedArticle]:
        found = []
        for article in self.published_until(as_of):
            if article.section == "anons":
                found.append(article)
                if len(found) == count:
                    break
        return found

    def feed_items(self, author_id: int | None = None) -> list[ExpectedArticle]:
        found = []
        for article in reversed(self._ascending):
            if author_id is None or article.author_id == author_id:
                found.append(article)
                if len(found) == FEED_SIZE:
                    break
        return found


def author_feed_path(author_id: int) -> str:
    return f"/news_author-{author_id}.xml"


def _order(article: ExpectedArticle) -> tuple[float, int]:
    return (article.published.timestamp(), article.article_id)


def build_site(
    n_articles: int = 240,
    *,
    seed: int = 0,
    state: int = 1,
    markup: str = "normal",
    hostile: bool = True,
    slow_delay: float = 1.5,
    hang_seconds: float = 30.0,
) -> Site:
    """The stand-in site with `n_articles` articles in state 1 (state 2 adds a few)."""
    if state not in STATE_NOW:
        raise ValueError(f"state must be 1 or 2, not {state}")
    if markup not in ("normal", "drift"):
        raise ValueError(f"markup must be 'normal' or 'drift', not {markup!r}")
    named = handwritten.state1_articles()
    if n_articles < len(named) + 10:
        raise ValueError(f"n_articles must be at least {len(named) + 10}")
    rng = random.Random(f"{seed}:base")
    # Like the live agency, the last few days are busy: enough recent articles that the roles,
    # the edits and the withdrawals of state 2 fall inside a latest run's refresh window.
    recent = min(RECENT_ARTICLES, n_articles - len(named) - 10)
    generated = _random_articles(
        rng, n_articles - len(named) - recent, seed, FIRST_DAY, LAST_RANDOM_DAY - RECENT_SPAN
    ) + _random_articles(rng, recent, seed, LAST_RANDOM_DAY, LAST_RANDOM_DAY + RECENT_SPAN)
    ordered = _number(list(named.values()) + generated, first_id=0)
    _add_links(rng, ordered, named)
    if hostile:
        _give_hostile_roles(ordered)
    if state == 2:
        named2 = handwritten.state2_articles()
        ordered += _state2(seed, ordered, named2)
        named.update(named2)
    articles = {a.url: a for a in ordered}
    site = Site(seed, state, markup, hostile, STATE_NOW[state], articles,
                {name: a.url for name, a in named.items()},
                slow_delay=slow_delay, hang_seconds=hang_seconds)  # fmt: skip
    if hostile:
        site.hostile_paths = plan_endpoints(site)
    return site


def _random_articles(
    rng: random.Random, count: int, seed: int, start: datetime, end: datetime, state: int = 1
) -> list[ExpectedArticle]:
    span = (end - start).total_seconds()
    sections = list(SECTION_WEIGHTS)
    weights = list(SECTION_WEIGHTS.values())
    authors = list(text.AUTHORS)
    found = []
    for _ in range(count):
        day = start + timedelta(seconds=span * rng.random())
        moment = datetime(day.year, day.month, day.day, rng.randint(7, 21), rng.randint(0, 59),
                          tzinfo=KYIV)  # fmt: skip
        if state == 2:
            moment = day.replace(second=0, microsecond=0)
        section = rng.choices(sections, weights)[0]
        found.append(_random_article(rng, seed, moment, section, rng.choice(authors), state))
    return found


def _random_article(
    rng: random.Random, seed: int, moment: datetime, section: str, author_id: int, state: int
) -> ExpectedArticle:
    roll = rng.random()
    flags = {"photo"} if roll < 0.04 else {"video"} if roll < 0.07 else set()
    if rng.random() < 0.12:
        flags.add("links")
    if rng.random() < 0.05:
        flags.add("offsite")
    if rng.random() < 0.03:
        flags.add("utf8")
    if rng.random() < 0.08:
        flags.add("noteaser")
    title = text.title(rng)
    when = ""
    if section == "anons":
        event = moment + timedelta(days=rng.randint(1, 10))
        when = f"{text.day_and_month(event)}, {rng.choice(['10:00', '15:00', '18:30'])}"
        title = f"Анонс: {title}"
    return ExpectedArticle(0, section, title, moment, author_id, seed=seed, flags=frozenset(flags),
                           when=when, state_added=state)  # fmt: skip


def _number(articles: list[ExpectedArticle], first_id: int) -> list[ExpectedArticle]:
    """Give ids in publication order, growing with time, honouring a hand-written fixed id."""
    articles.sort(key=lambda a: a.published.timestamp())
    previous = first_id
    for article in articles:
        wanted = int(article.extra.get("fixed_id", 0)) or id_for(article.published)
        article.article_id = max(previous + 1, wanted)
        previous = article.article_id
    return articles


def _add_links(
    rng: random.Random, ordered: list[ExpectedArticle], named: dict[str, ExpectedArticle]
) -> None:
    paths = {name: a.path for name, a in named.items()}
    for index, article in enumerate(ordered):
        if "handwritten" in article.flags:
            _resolve_named_links(article, paths)
            continue
        hrefs = []
        if "links" in article.flags and index:
            target = ordered[rng.randrange(index)]
            hrefs.append(variant_href(target.path, rng.randrange(5)))
        if "offsite" in article.flags:
            hrefs.append(rng.choice(OFFSITE_LINKS))
        article.link_hrefs = tuple(hrefs)


def _resolve_named_links(article: ExpectedArticle, paths: dict[str, str]) -> None:
    if article.fixed_blocks is None:
        return
    blocks = []
    for block in article.fixed_blocks:
        if isinstance(block, Paragraph) and block.links:
            resolved = tuple((anchor, href.format(**paths)) for anchor, href in block.links)
            block = Paragraph(block.text, resolved)
        blocks.append(block)
    article.fixed_blocks = tuple(blocks)


def _give_hostile_roles(ordered: list[ExpectedArticle]) -> None:
    """The newest generated articles of state 1 take the roles hub, flaky, slow, truncated."""
    candidates = [a for a in reversed(ordered) if not a.flags & {"handwritten", "photo"}]
    for role, article in zip(ARTICLE_ROLES, candidates, strict=False):
        article.flags = article.flags | {role}


def _state2(
    seed: int, ordered: list[ExpectedArticle], named2: dict[str, ExpectedArticle]
) -> list[ExpectedArticle]:
    """A day later: new articles, a few recent ones edited, two withdrawn."""
    rng = random.Random(f"{seed}:state2")
    recent = [a for a in reversed(ordered) if not a.flags & {"handwritten", *ARTICLE_ROLES}]
    for kind, article in zip(("title", "body", "both", "title"), recent[:4], strict=False):
        article.extra["edited"] = kind
        if kind in ("title", "both"):
            article.title = text.title(random.Random(f"{seed}:{article.article_id}:title2"))
        if kind in ("body", "both"):
            article.version = 2
    for article in recent[4:6]:
        article.withdrawn = True
    start = STATE_NOW[1] + timedelta(minutes=5)
    fresh = _random_articles(rng, max(6, len(ordered) // 40), seed, start, STATE_NOW[2], state=2)
    for article in named2.values():
        article.state_added = 2
        fresh.append(article)
    return _number(fresh, first_id=ordered[-1].article_id)
