"""Archive figures on a synthetic archive: indexing rate, search latency, size per 1,000 articles.

Text comes from `synthetic_text` (Zipf-like words, inflected forms, topics). Indexing is measured
twice from cold word caches: one transaction per article (the default), then `commit_every`
batches into a second, throw-away archive. The first archive is cached in the temporary folder
(`BENCH_ARTICLES`, default 100,000 articles); delete it to measure indexing again. The 50 queries
are single words: the 25 commonest content words, each in one of its forms (in about 30-70% of
articles), and 25 rare ones; the share of articles each query matches is printed with it.
Searches run in a freshly opened read-only archive with empty word caches, on the index as
stored and again after `optimize_search_index()`.
Each page carries a latest-news block of 10 items, which changes (a new item on top, the oldest
gone) every 20 pages stored. On the site a new item comes every 20 minutes or so while a polite
crawl fetches a page a second, so some 1,000 pages show one block: changing it every 20 pages is
the harsher case.
Targets: indexing >= 1,000 articles/s; search p50 < 20 ms, p95 < 100 ms; archive <= 3x its text.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from synthetic_text import TextModel, dictionary_lemmas

from monitor_scraper.archive import Archive, textsearch
from monitor_scraper.archive import schema as archive_schema
from monitor_scraper.items import Article, LatestNewsItem

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
PARAGRAPHS = 4
PARAGRAPH_WORDS = 65  # about 2,400 characters of body
TITLE_WORDS = 9
BATCH = 500  # commit_every for the batched figure
BLOCK_ITEMS = 10  # items in the latest-news block of each page
NEWS_EVERY = 20  # pages stored between two changes of the block
TEXT_VERSION = 3  # bump when synthetic_text changes, so a cached archive is rebuilt
KYIV = timezone(timedelta(hours=2))
SECTIONS = ["politics", "society", "culture", "economy", "style", "anons"]


def make_article(model: TextModel, number: int, items: list[LatestNewsItem]) -> Article:
    body = "\n\n".join(model.text(PARAGRAPH_WORDS) for _ in range(PARAGRAPHS))
    return Article(
        url=f"https://monitor.cn.ua/ua/politics/{number}", article_id=number,
        section=model.rng.choice(SECTIONS), title=model.text(TITLE_WORDS).rstrip("."),
        body=body, body_html="".join(f"<p>{para}</p>" for para in body.split("\n\n")),
        published=datetime(2008, 1, 1, tzinfo=KYIV) + timedelta(hours=number),
        fetched_at=datetime(2026, 3, 1, tzinfo=UTC),
        latest_news=latest_news_block(items, number),
    )


def latest_news_block(items: list[LatestNewsItem], number: int) -> list[LatestNewsItem]:
    """The block on the `number`th page stored: the newest BLOCK_ITEMS items, newest first; one
    more item comes in every NEWS_EVERY pages (see the module's docstring)."""
    newest = number // NEWS_EVERY + BLOCK_ITEMS
    return [LatestNewsItem(i.title, i.url, i.time, i.teaser, position)
            for position, i in enumerate(items[newest - BLOCK_ITEMS:newest][::-1])]


def build(path: Path, model: TextModel, commit_every: int = 1) -> tuple[float, int]:
    """Store ARTICLES articles, one `store_article` call each; returns (articles/s, text bytes)."""
    items = [LatestNewsItem(title=model.text(8), url=None, time="10:00", teaser=model.text(12))
             for _ in range(ARTICLES // NEWS_EVERY + BLOCK_ITEMS + 1)]
    text_bytes = 0
    storing = 0.0
    textsearch.clear_caches()
    with Archive(path, commit_every=commit_every) as archive:
        crawl_id = archive.begin_crawl("bench", {})
        for number in range(1, ARTICLES + 1):
            article = make_article(model, number, items)
            text_bytes += len((article.title + article.body + article.body_html).encode())
            start = time.perf_counter()
            archive.store_article(article, crawl_id=crawl_id)
            storing += time.perf_counter() - start
        start = time.perf_counter()
        archive.flush()
        storing += time.perf_counter() - start
    return ARTICLES / storing, text_bytes


def optimize(path: Path) -> float:
    start = time.perf_counter()
    with Archive(path) as archive:
        archive.optimize_search_index()
    return time.perf_counter() - start


def peak_memory() -> str:
    return f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"


def queries(model: TextModel) -> tuple[list[str], list[str]]:
    """(common, rare): a random form of each of the 25 commonest and of 25 rare content words."""
    rng = random.Random(2)
    common = [rng.choice(model.lexemes[rank]) for rank in range(25)]
    rare = [rng.choice(model.lexemes[rank]) for rank in rng.sample(range(2000, 20000), 25)]
    return common, rare


def shares(archive: Archive, words: list[str]) -> list[float]:
    """The share of articles each query matches."""
    total = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    found = []
    for word in words:
        expression = textsearch.parse_query(word).expression
        count = archive.db.execute(
            "SELECT count(*) FROM article_search WHERE article_search MATCH ?", [expression]
        ).fetchone()[0]
        found.append(count / total)
    return found


def latencies(archive: Archive, words: list[str]) -> list[float]:
    times = []
    for word in words:
        start = time.perf_counter()
        archive.search(word, limit=20)
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentiles(label: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"search {label}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
          f"max {times[-1]:.1f} ms")


def report_search(path: Path, model: TextModel, label: str) -> None:
    """Latencies from a freshly opened archive with the word caches emptied, like a new reader."""
    common, rare = queries(model)
    textsearch.clear_caches()
    with Archive(path, readonly=True) as archive:
        latencies(archive, common[:1])  # load the dictionaries
        textsearch.clear_caches()
        timed = dict(zip(common + rare, latencies(archive, common + rare), strict=True))
        found = dict(zip(common + rare, shares(archive, common + rare), strict=True))
    print(f"-- search, {label}")
    for group, words in (("common", common), ("rare", rare)):
        print(f"{group} words (share of articles matched, ms): " + ", ".join(
            f"{word} {found[word]:.0%} {timed[word]:.0f}" for word in words))
    print(f"queries matching 50-70% of articles: "
          f"{sum(0.5 <= share <= 0.7 for share in found.values())}; over 70%: "
          f"{sum(share > 0.7 for share in found.values())}")
    percentiles("common words", [timed[word] for word in common])
    percentiles("rare words", [timed[word] for word in rare])
    percentiles("all 50", list(timed.values()))


def remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".text-bytes"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    name = f"monitor-bench-{ARTICLES}-t{TEXT_VERSION}-s{archive_schema.SCHEMA_VERSION}.db"
    path = Path(tempfile.gettempdir()) / name
    model = TextModel(dictionary_lemmas(random.Random(1), 30_000), random.Random(1))
    if path.exists():
        print(f"reusing {path} (delete it to measure indexing)")
        text_bytes = int(Path(f"{path}.text-bytes").read_text())
    else:
        measure_indexing(path, model)
        text_bytes = int(Path(f"{path}.text-bytes").read_text())
    size = path.stat().st_size
    print(f"archive: {size / 2**20:,.1f} MiB, {size / ARTICLES * 1000 / 2**20:.2f} MiB per "
          f"1,000 articles; {size / text_bytes:.2f}x its text (title + body + body_html, "
          f"{text_bytes / 2**20:,.1f} MiB)")
    report_search(path, model, "index merged into one segment (optimize_search_index)")


def measure_indexing(path: Path, model: TextModel) -> None:
    """Index twice: one transaction per article (the default), then batches (commit_every)."""
    rate, text_bytes = build(path, model)
    print(f"indexing, one transaction per article: {rate:,.0f} articles/s over {ARTICLES:,} "
          "articles (store_article: tables, lemmatization, FTS5, 10 latest-news sightings "
          f"each); {peak_memory()}")
    report_search(path, model, "index as stored, before optimize_search_index")
    print(f"optimize_search_index: {optimize(path):.0f} s")
    Path(f"{path}.text-bytes").write_text(str(text_bytes))
    batched = path.with_name(f"batched-{path.name}")
    remove(batched)
    model = TextModel(model.lexemes, random.Random(1))
    rate, _ = build(batched, model, commit_every=BATCH)
    remove(batched)
    print(f"indexing, Archive(commit_every={BATCH}): {rate:,.0f} articles/s over {ARTICLES:,} "
          f"articles; {peak_memory()}")
