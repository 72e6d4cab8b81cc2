"""Extraction speed on one core, beside a bare lxml parse of the same pages in the same run.

Two sets of pages: the test corpus (the target: extraction at 40% or more of the bare
`lxml.html.fromstring` rate) and about 300 article pages of the stand-in site, rendered by its own
page renderer (no server). Rates are the best of several passes, so the figures are what one warm
core does; every pass extracts every page afresh (nothing is cached between pages). Parsing and
extraction passes take turns, so that the machine's busier spells weigh on both alike.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from time import perf_counter

import lxml.html

from monitor_scraper.extract import NotAnArticle, extract_article
from monitor_scraper.standin import build_site
from monitor_scraper.standin.records import KYIV
from monitor_scraper.standin.routes import respond

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
ROUNDS = 30
STANDIN_ARTICLES = 300
STANDIN_CLOCK = datetime(2026, 2, 27, 12, 0, 0, tzinfo=KYIV)

Page = tuple[bytes, str, str | None]  # body, URL, Content-Type


def corpus_pages() -> list[Page]:
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    return [
        ((CORPUS / name).read_bytes(), case["url"], case.get("content_type"))
        for name, case in sorted(expected.items())
        if "expected" in case  # articles only: refusals are cheaper and would flatter the rate
    ]


def standin_pages(count: int = STANDIN_ARTICLES) -> list[Page]:
    """The live article pages of `build_site(count)`, as the stand-in renders them."""
    site = build_site(count)
    pages = []
    for article in site.live_articles():
        answer = respond(site, article.path, STANDIN_CLOCK)
        if answer.status == 200:
            pages.append((answer.body, article.url, answer.content_type))
    return pages


def rates(works: list[Callable[[Page], object]], pages: list[Page],
          rounds: int = ROUNDS) -> list[float]:
    """Pages per second of each of `works` over `pages`, best of `rounds` passes each. The passes
    take turns (one of each, then again), so that a busier spell of the machine slows them all
    alike and their ratio holds."""
    best = [float("inf")] * len(works)
    for _ in range(rounds):
        for number, work in enumerate(works):
            start = perf_counter()
            for page in pages:
                work(page)
            best[number] = min(best[number], perf_counter() - start)
    return [len(pages) / seconds for seconds in best]


def extract(page: Page) -> None:
    with contextlib.suppress(NotAnArticle):
        extract_article(*page)


def bare_parse(page: Page) -> None:
    lxml.html.fromstring(page[0])


def compare(name: str, pages: list[Page], rounds: int = ROUNDS) -> float:
    """Print extraction beside bare parsing for `pages`; the ratio of the two rates."""
    size = sum(len(page[0]) for page in pages) / len(pages)
    extract(pages[0])  # imports and caches outside the timing
    parse_rate, extract_rate = rates([bare_parse, extract], pages, rounds)
    ratio = extract_rate / parse_rate
    print(f"{name}: {len(pages)} article pages, mean {size / 1024:.1f} KB")
    print(f"  bare lxml.html.fromstring: {parse_rate:8.0f} pages/s")
    print(f"  extract_article:           {extract_rate:8.0f} pages/s "
          f"({1000 / extract_rate:.2f} ms/page)")  # fmt: skip
    print(f"  ratio: {ratio:.0%} of the bare-parse rate")
    return ratio


def main() -> None:
    pages = corpus_pages()
    ratio = compare("corpus", pages)
    print(f"  target: 40% or more ({'met' if ratio >= 0.4 else 'NOT met'})")
    long_page = [max(pages, key=lambda page: len(page[0]))]
    long_parse, long_extract = rates([bare_parse, extract], long_page)
    print(
        f"  largest page ({len(long_page[0][0]) / 1024:.0f} KB): parse {1000 / long_parse:.2f} ms,"
        f" extract {1000 / long_extract:.2f} ms, ratio {long_extract / long_parse:.0%}"
    )
    compare("stand-in", standin_pages(), rounds=10)


if __name__ == "__main__":
    main()
