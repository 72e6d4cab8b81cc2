"""Search over an archive of the stand-in site: every article page rendered, extracted and stored
as a crawl would, then labelled queries whose relevant articles come from the site's own truth."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from monitor_scraper.archive import Archive
from monitor_scraper.extract import extract_article
from monitor_scraper.standin import build_site
from monitor_scraper.standin.routes import respond

# Each query, and the words (as printed, any apostrophe) that make an article relevant to it.
APOSTROPHE = "[’'ʼ`]"
LABELLED = {
    "Кременчук": r"Кременчу(к|ка|ку|ці|ком)",
    "Чернігів": r"Черніг(ів|ова|ові|ову|овом)",
    "пам'ять": rf"[Пп]ам{APOSTROPHE}(ять|яті|яттю)",
    "Чернігівщина": r"Чернігівщин(а|и|і|у|ою)",
    "Ніжин": r"Ніжин(а|і|у|ом)?",
    "Прилуки": r"Прилук(и|ах|ам|ами)?",
    "Козелець": r"Козел(ець|ьця|ьці|ьцю|ьцем)",
    "Київ": r"Ки(їв|єва|єві|єву|євом)",
    "п'ятниця": rf"П{APOSTROPHE}ятниц(я|і|ю|ею)",
    "агенція": r"Агенц[iі](я|ї|ю|єю)",
    "волонтер": r"[Вв]олонтер(и|ів|ам|ами|а|у|ом)?",
    "школа": r"(шкіл|школ(а|и|і|у|ою|ам|ами|ах))",
    "фестиваль": r"[Фф]естивал(ь|ю|і|ем|ів)",
    "допомога": r"[Дд]опомог(а|и|у|ою|ам)",
    "лікар": r"[Лл]ікар(і|ів|ям|ями|я|ю|ем)?",
    '"обласна рада"': r"обласна рада",
}
# Measured when this was written: recall 1.00, precision 1.00.
MIN_RECALL = 0.98
MIN_PRECISION = 0.98


@pytest.fixture(scope="module")
def standin(tmp_path_factory):
    site = build_site(240, hostile=False)
    path = tmp_path_factory.mktemp("standin_search") / "monitor.db"
    fetched = datetime(2026, 2, 27, 10, 0, tzinfo=UTC)
    with Archive(path, commit_every=100) as archive:
        for article in site.live_articles():
            page = respond(site, article.path)
            extracted = extract_article(page.body, article.url, page.content_type, fetched)
            archive.store_article(extracted, crawl_id=None)
    with Archive(path, readonly=True) as archive:
        yield site, archive


def relevant(site, pattern: str) -> set[str]:
    word = re.compile(rf"(?<!\w){pattern}(?!\w)")
    return {a.url for a in site.live_articles() if word.search(a.title) or word.search(a.body)}


def found(archive: Archive, query: str) -> set[str]:
    return {hit.url for hit in archive.search(query, limit=1000)}


def test_every_article_is_archived(standin):
    site, archive = standin
    assert archive.totals()["articles"] == len(site.live_articles())


def test_inflected_forms_are_found(standin):
    site, archive = standin
    in_kremenchuk = site.containing("Кременчуці")
    assert in_kremenchuk and in_kremenchuk <= found(archive, "Кременчук")
    chernihiv = site.containing("Чернігова") | site.containing("Чернігові")
    assert chernihiv and chernihiv <= found(archive, "Чернігів")
    memory = site.containing("пам’яті") | site.containing("пам'яті")
    assert memory and memory <= found(archive, "пам'ять")


def test_recall_and_precision_on_labelled_queries(standin):
    site, archive = standin
    hits = wanted = correct = 0
    for query, pattern in LABELLED.items():
        truth = relevant(site, pattern)
        assert truth, f"no article is relevant to {query!r}: the label is wrong"
        results = found(archive, query)
        hits += len(results)
        wanted += len(truth)
        correct += len(results & truth)
    assert correct / wanted >= MIN_RECALL
    assert correct / hits >= MIN_PRECISION


def test_words_of_other_lemmas_are_not_found(standin):
    site, archive = standin
    # `Чернігівщина` is another word than `Чернігів`, though it starts the same.
    only_region = relevant(site, LABELLED["Чернігівщина"]) - relevant(site, LABELLED["Чернігів"])
    assert only_region and not only_region & found(archive, "Чернігів")
