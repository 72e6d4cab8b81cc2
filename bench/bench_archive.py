"""Archive figures on a synthetic archive: indexing rate, search latency, size per 1,000 articles.

Text is synthetic Ukrainian: lemmas drawn from the pymorphy3 dictionary with a Zipf-like law, each
written in a random inflected form, among function words. The archive is cached in the temporary
folder (`BENCH_ARTICLES`, default 100,000 articles); delete it to measure indexing again.
Targets: indexing >= 1,000 articles/s; search p50 < 20 ms, p95 < 100 ms; archive <= 3x its text.
"""

from __future__ import annotations

import itertools
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from monitor_scraper import textsearch
from monitor_scraper.archive import Archive
from monitor_scraper.items import Article, LatestNewsItem

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
WORDS_PER_ARTICLE = 240
LEMMAS = 8000
FUNCTION_WORDS = ["у", "в", "на", "з", "і", "та", "що", "до", "за", "від", "не", "як", "це",
                  "по", "для", "про", "але"]
KYIV = timezone(timedelta(hours=2))


def vocabulary(rng: random.Random) -> list[list[str]]:
    """Inflected forms for each of LEMMAS dictionary lemmas, most frequent first."""
    morph = textsearch._morph()
    seen: dict[str, list[str]] = {}
    for prefix in "абвгдежзиклмнопрстуфхцчшщюяієї":
        for number, parse in enumerate(morph.iter_known_word_parses(prefix)):
            if parse.normal_form == parse.word and ("NOUN" in parse.tag or "VERB" in parse.tag):
                seen.setdefault(parse.normal_form, [])
            if number > 12000:
                break
    lemmas = rng.sample(sorted(seen), min(LEMMAS, len(seen)))
    forms = []
    for lemma in lemmas:
        lexeme = morph.parse(lemma)[0].lexeme
        forms.append(sorted({form.word for form in lexeme}) or [lemma])
    return forms


def text(rng: random.Random, forms: list[list[str]], weights: list[float], count: int) -> str:
    words = []
    chosen = rng.choices(forms, cum_weights=weights, k=count)
    for index, lexeme in enumerate(chosen):
        if rng.random() < 0.25:
            words.append(rng.choice(FUNCTION_WORDS))
        words.append(rng.choice(lexeme))
        if index % 14 == 13:
            words[-1] += "."
    return " ".join(words).capitalize()


def build(path: Path, rng: random.Random, forms: list[list[str]]) -> tuple[float, int]:
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(forms))))
    items = [LatestNewsItem(title=text(rng, forms, weights, 8), url=None, time="10:00",
                            teaser=text(rng, forms, weights, 12)) for _ in range(300)]
    text_bytes = 0
    storing = 0.0
    with Archive(path) as archive:
        crawl_id = archive.begin_crawl("bench", {})
        for number in range(1, ARTICLES + 1):
            body = "\n\n".join(text(rng, forms, weights, WORDS_PER_ARTICLE // 4) for _ in range(4))
            html = "".join(f"<p>{para}</p>" for para in body.split("\n\n"))
            article = Article(
                url=f"https://monitor.cn.ua/ua/politics/{number}", article_id=number,
                section=rng.choice(["politics", "style", "culture", "anons"]),
                title=text(rng, forms, weights, 9), body=body, body_html=html,
                published=datetime(2008, 1, 1, tzinfo=KYIV) + timedelta(hours=number),
                fetched_at=datetime(2026, 3, 1, tzinfo=UTC),
                latest_news=[LatestNewsItem(i.title, i.url, i.time, i.teaser, position)
                             for position, i in enumerate(rng.sample(items, 10))],
            )
            text_bytes += len((article.title + article.body + html).encode())
            start = time.perf_counter()
            archive.store_article(article, crawl_id=crawl_id)
            storing += time.perf_counter() - start
        archive.db.execute("INSERT INTO article_search(article_search) VALUES ('optimize')")
    rate = ARTICLES / storing
    (path.parent / f"{path.name}.text-bytes").write_text(str(text_bytes))
    return rate, text_bytes


def queries(rng: random.Random, forms: list[list[str]]) -> list[str]:
    common = [rng.choice(lexeme) for lexeme in forms[:25]]
    rare = [rng.choice(lexeme) for lexeme in rng.sample(forms[2000:], 25)]
    return common + rare


def main() -> None:
    path = Path(tempfile.gettempdir()) / f"monitor-bench-{ARTICLES}.db"
    forms = vocabulary(random.Random(1))
    if path.exists():
        print(f"reusing {path} (delete it to measure indexing)")
        text_bytes = int((path.parent / f"{path.name}.text-bytes").read_text())
    else:
        rate, text_bytes = build(path, random.Random(1), forms)
        print(f"indexing: {rate:,.0f} articles/s over {ARTICLES:,} articles "
              "(store_article: tables, lemmatization, FTS5, 10 latest-news sightings each)")
    size = path.stat().st_size
    print(f"archive: {size / 2**20:,.1f} MiB, {size / ARTICLES * 1000 / 2**20:.2f} MiB per "
          f"1,000 articles; {size / text_bytes:.2f}x its text (title + body + body_html, "
          f"{text_bytes / 2**20:,.1f} MiB)")
    with Archive(path, readonly=True) as archive:
        mix = queries(random.Random(2), forms)
        for label, batch in (("common words", mix[:25]), ("rare words", mix[25:]),
                             ("all 50", mix)):
            times = []
            for query in batch:
                start = time.perf_counter()
                archive.search(query, limit=20)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"search {label}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
                  f"max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
