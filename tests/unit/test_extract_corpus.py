"""The scored extraction gate: every corpus page against its expected fields.

The score is the share of (page, field) pairs extracted exactly as expected. It must not drop below
the floor pinned in `tests/corpus/score_floor.json`; raise the floor when extraction improves.
"""

from __future__ import annotations

import json

import pytest
from paths import CORPUS

from monitor_scraper.extract import NotAnArticle, extract_article

EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FLOOR = json.loads((CORPUS / "score_floor.json").read_text(encoding="utf-8"))["score"]

FIELDS = (
    "url", "title", "published", "published_text", "author", "body", "images", "videos", "links",
    "latest_news", "announcements", "warnings",
)


def paragraphs(body: str) -> list[str]:
    return [" ".join(part.split()) for part in body.split("\n\n") if part.strip()]


def actual_fields(article) -> dict:
    return {
        "url": article.url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "published_text": article.published_text,
        "author": article.author,
        "body": paragraphs(article.body),
        "images": [[m.url, m.caption] for m in article.images],
        "videos": [[m.url, m.caption] for m in article.videos],
        "links": [[link.url, link.text] for link in article.links],
        "latest_news": [[i.title, i.url, i.time, i.teaser] for i in article.latest_news],
        "announcements": [[a.title, a.url, a.when, a.teaser] for a in article.announcements],
        "warnings": article.warnings,
    }


def score_page(name: str, case: dict) -> dict[str, bool]:
    """Field name -> matched, for one corpus page."""
    body = (CORPUS / name).read_bytes()
    try:
        article = extract_article(body, case["url"], case.get("content_type"))
    except NotAnArticle as exc:
        if "error" in case:
            return {"error": case["error"] in exc.reason}
        return dict.fromkeys(FIELDS, False)
    if "error" in case:
        return {"error": False}
    got = actual_fields(article)
    want = case["expected"]
    result = {field: got[field] == want[field] for field in FIELDS if field != "warnings"}
    result["warnings"] = all(warning in got["warnings"] for warning in want["warnings"])
    result["positions"] = [i.position for i in article.latest_news] == list(
        range(1, len(article.latest_news) + 1)
    )
    return result


def corpus_score() -> tuple[float, dict[str, dict[str, bool]]]:
    results = {name: score_page(name, case) for name, case in sorted(EXPECTED.items())}
    checks = [ok for fields in results.values() for ok in fields.values()]
    return sum(checks) / len(checks), results


def test_corpus_is_big_and_varied():
    templates = {case.get("template") for case in EXPECTED.values() if "expected" in case}
    assert len(EXPECTED) >= 30
    assert {"2008", "2012", "2020"} <= templates
    assert sum("error" in case for case in EXPECTED.values()) >= 4


def test_score_not_below_floor():
    score, results = corpus_score()
    misses = {name: [f for f, ok in fields.items() if not ok] for name, fields in results.items()}
    misses = {name: fields for name, fields in misses.items() if fields}
    print(f"corpus score {score:.4f} (floor {FLOOR})")
    assert score >= FLOOR, f"score {score:.4f} < floor {FLOOR}; misses: {misses}"


@pytest.mark.parametrize("name", sorted(n for n, c in EXPECTED.items() if "expected" in c))
def test_body_has_no_boilerplate(name):
    case = EXPECTED[name]
    article = extract_article((CORPUS / name).read_bytes(), case["url"], case.get("content_type"))
    junk_texts = ("Поділитися", "Facebook", "березня, 07:49", "©", "Останні новини", "АНОНСИ")
    for junk in (*junk_texts, "Головна", "Всі новини"):
        assert junk not in article.body
        assert junk not in article.body_html
    for tag in ("<script", "<style", "<div", "<font", "<span", "class=", "<iframe", "onclick"):
        assert tag not in article.body_html
