"""Extraction speed on one core: pages/s over the test corpus beside a bare lxml parse.

The landmark path should cost little more than parsing: the target is extraction at 40% or more
of the bare `lxml.html.fromstring` rate, measured on the same pages in the same run.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

import lxml.html

from monitor_scraper.extract import NotAnArticle, extract_article

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
ROUNDS = 30


def load_pages() -> list[tuple[bytes, str, str | None]]:
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    return [
        ((CORPUS / name).read_bytes(), case["url"], case.get("content_type"))
        for name, case in sorted(expected.items())
        if "expected" in case  # articles only: refusals are cheaper and would flatter the rate
    ]


def rate(work, pages, rounds: int = ROUNDS) -> float:
    """Pages per second of `work(page)` over `pages`, best of `rounds` passes."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            work(page)
        best = min(best, time.perf_counter() - start)
    return len(pages) / best


def extract(page: tuple[bytes, str, str | None]) -> None:
    with contextlib.suppress(NotAnArticle):
        extract_article(*page)


def bare_parse(page: tuple[bytes, str, str | None]) -> None:
    lxml.html.fromstring(page[0])


def main() -> None:
    pages = load_pages()
    size = sum(len(page[0]) for page in pages) / len(pages)
    extract(pages[0])  # imports and caches outside the timing
    parse_rate = rate(bare_parse, pages)
    extract_rate = rate(extract, pages)
    print(f"pages: {len(pages)} articles, mean {size / 1024:.1f} KB")
    print(f"bare lxml.html.fromstring: {parse_rate:8.0f} pages/s")
    print(f"extract_article:           {extract_rate:8.0f} pages/s")
    print(f"ratio: {extract_rate / parse_rate:.0%} of the bare-parse rate (target 40%)")
    long_page = [max(pages, key=lambda page: len(page[0]))]
    long_parse, long_extract = rate(bare_parse, long_page), rate(extract, long_page)
    print(
        f"largest page ({len(long_page[0][0]) / 1024:.0f} KB): parse {1000 / long_parse:.2f} ms, "
        f"extract {1000 / long_extract:.2f} ms, ratio {long_extract / long_parse:.0%}"
    )


if __name__ == "__main__":
    main()
