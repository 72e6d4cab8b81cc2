"""The browsing pages in-process, over an archive built by real crawls of the stand-in site."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from browse_archive import crawl_two_states
from datasette.app import Datasette
from markupsafe import escape

from monitor_scraper.archive import Archive
from monitor_scraper.datasette.render import kyiv_time, section_label
from monitor_scraper.datasette.serving import archive_datasette
from monitor_scraper.items import Article

KYIV = timezone(timedelta(hours=2))
HOSTILE_HTML = (
    '<p>Перший абзац.</p><script>alert("site")</script>'
    '<p onclick="alert(1)">Другий <a href="javascript:alert(2)">абзац</a>'
    '<img src="https://monitor.cn.ua/x.jpg" onerror="alert(3)"></p>'
    '<style>body{display:none}</style><iframe src="https://evil.invalid/"></iframe>'
)


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory):
    return crawl_two_states(tmp_path_factory.mktemp("browse"))


@pytest.fixture(scope="module")
def ds(archive_db):
    return archive_datasette(archive_db)


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path))


def page(ds: Datasette, path: str) -> str:
    response = get(ds, path)
    assert response.status_code == 200, response.text[:2000]
    return response.text


def query(db, sql: str, *params):
    with Archive(db, readonly=True) as archive:
        return archive.db.execute(sql, params).fetchall()


def article_path(url: str) -> str:
    section, number = url.rsplit("/", 2)[-2:]
    return f"/-/article/{section}/{number}"


def test_front_page_searches(ds):
    html = page(ds, "/")
    assert re.search(r'<form class="monitor-search" action="/-/search"', html)
    assert 'name="q"' in html and "/monitor/recently_edited" in html and "/-/timeline" in html


def test_search_finds_inflected_forms_ranked_with_highlights(ds, archive_db):
    html = page(ds, "/-/search?q=Кременчук")
    with Archive(archive_db, readonly=True) as archive:
        expected = archive.search("Кременчук", limit=20)
    assert expected, "the stand-in has articles about Кременчук"
    links = re.findall(r'<h3><a href="(/-/article/[a-z]+/\d+)">', html)
    assert links == [article_path(hit.url) for hit in expected]
    assert "<mark>Кременчуці</mark>" in html
    first = expected[0]
    assert kyiv_time(first.published) in html
    assert section_label(first.section) in html
    total = query(archive_db, "SELECT count(*) FROM articles WHERE body LIKE '%Кременчу%' "
                              "OR title LIKE '%Кременчу%'")[0][0]
    assert f"Знайдено статей: <strong>{total}</strong>" in html


def test_search_leads_to_what_edited_articles_used_to_say(ds, archive_db):
    html = page(ds, "/-/search?q=Чернігів")
    assert 'href="/monitor/search_earlier_versions?q=%D0%A7%D0%B5' in html
    url, old_title = query(archive_db, "SELECT v.url, v.title FROM article_versions v "
                                       "JOIN articles a ON a.url = v.url AND a.version_id != v.id "
                                       "WHERE v.title != a.title ORDER BY v.id LIMIT 1")[0]
    word = max(re.findall(r"\w+", old_title), key=len)
    response = get(ds, f"/monitor/search_earlier_versions.json?q={word}&_shape=objects")
    assert response.status_code == 200, response.text[:2000]
    assert url in [row["url"] for row in response.json()["rows"]]


def test_an_archive_made_before_the_earlier_index_is_searched_without_the_link(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        archive.store_article(Article(
            url="https://monitor.cn.ua/ua/politics/1", article_id=1, section="politics",
            title="Міст у Кременчуці", body="У Кременчуці відкрили міст.",
            published=datetime(2022, 5, 1, 9, 30, tzinfo=KYIV),
            fetched_at=datetime(2026, 3, 1, tzinfo=UTC)), crawl_id=None)
        archive.db.execute("DROP TABLE earlier_search")
    old = archive_datasette(path)
    html = page(old, "/-/search?q=Кременчук")
    assert "<mark>Кременчуці</mark>" in html and "search_earlier_versions" not in html


def test_search_narrowed_by_section_and_paged(ds, archive_db):
    html = page(ds, "/-/search?q=Чернігів&section=politics")
    sections = set(re.findall(r'<h3><a href="/-/article/([a-z]+)/\d+">', html))
    assert sections == {"politics"}
    first = page(ds, "/-/search?q=Чернігів")
    assert "показано 1–20" in first and 'href="?q=%D0%A7%D0%B5' in first
    second = page(ds, "/-/search?q=Чернігів&page=2")
    assert "показано 21–" in second and "попередні" in second
    assert not set(re.findall(r'<h3><a href="([^"]+)"', first)) & set(
        re.findall(r'<h3><a href="([^"]+)"', second))


@pytest.mark.parametrize(("path", "message"), [
    ("/-/search?q=у", "Немає що шукати"),
    ("/-/search?q=Чернігів&since=вчора", "РРРР-ММ-ДД"),
    ("/-/timeline?q=і", "Немає що шукати"),
])
def test_search_explains_what_it_cannot_search(ds, path, message):
    html = page(ds, path)
    assert message in html and "<mark>" not in html


def test_article_page(ds, archive_db):
    url, title, published, author, body, section = query(
        archive_db, "SELECT url, title, published, author, body, section FROM articles "
                    "WHERE versions = 1 AND body LIKE '%Кременчуці%' LIMIT 1")[0]
    html = page(ds, article_path(url))
    assert f"<h1>{escape(title)}</h1>" in html
    assert kyiv_time(published) in html and "за київським часом" in html
    assert section_label(section) in html and f"Джерело: {author}" in html
    content = html.split('<div class="monitor-body">')[1].split("</div>")[0]
    first_paragraph = body.split("\n\n")[0]
    assert content.count("<p>") >= 2 and f"<p>{escape(first_paragraph)}</p>" in content
    assert f'href="{url}"' in html
    news = query(archive_db, "SELECT DISTINCT title FROM latest_news WHERE page_url = ?", url)
    assert news and all(escape(row[0]) in html for row in news)
    assert "Версії (1)" in html


def test_article_with_versions_links_its_diffs(ds, archive_db):
    url, versions = query(archive_db, "SELECT url, versions FROM articles WHERE versions > 1 "
                                      "ORDER BY url LIMIT 1")[0]
    html = page(ds, article_path(url))
    assert f"Версії ({versions})" in html
    assert f"{article_path(url)}/diff?from=1&amp;to=2" in html
    assert "/monitor/recently_edited" in html
    old_title = query(archive_db, "SELECT title FROM article_versions WHERE url = ? AND "
                                  "version = 1", url)[0][0]
    older = page(ds, article_path(url) + "?version=1")
    assert f"<h1>{escape(old_title)}</h1>" in older and "Це версія 1 з 2" in older


def test_article_by_any_address_redirects(ds, archive_db):
    url = query(archive_db, "SELECT url FROM articles LIMIT 1")[0][0]
    spelled = url.replace("https://", "http://www.")
    response = get(ds, f"/-/article?url={spelled}")
    assert response.status_code == 302
    assert response.headers["location"] == article_path(url)


@pytest.mark.parametrize("path", ["/-/article/politics/1", "/-/article?url=https://example.org/",
                                  "/-/article/politics/1/diff"])
def test_unknown_articles_are_not_found(ds, path):
    assert get(ds, path).status_code == 404


def test_unknown_version_is_not_found(ds, archive_db):
    url = query(archive_db, "SELECT url FROM articles WHERE versions > 1 LIMIT 1")[0][0]
    assert get(ds, article_path(url) + "?version=9").status_code == 404
    assert get(ds, article_path(url) + "/diff?from=1&to=9").status_code == 404


def test_diff_of_an_edited_title_and_body(ds, archive_db):
    rows = query(archive_db, "SELECT a.url, a.title, b.title, a.body, b.body "
                             "FROM article_versions a JOIN article_versions b "
                             "ON a.url = b.url AND a.version = 1 AND b.version = 2")
    title_edit = next(row for row in rows if row[1] != row[2])
    html = page(ds, article_path(title_edit[0]) + "/diff")
    title_cell = html.split('class="monitor-diff-title">')[1].split("</td>")[0]
    assert "<del>" in title_cell and "<ins>" in title_cell
    removed = " ".join(re.findall(r"<del>(.*?)</del>", title_cell))
    added = " ".join(re.findall(r"<ins>(.*?)</ins>", title_cell))
    assert set(removed.split()) <= set(title_edit[1].split())
    assert set(added.split()) <= set(title_edit[2].split())
    body_edit = next(row for row in rows if row[3] != row[4])
    html = page(ds, article_path(body_edit[0]) + "/diff?from=1&to=2")
    body = html.split('<div class="monitor-diff-body">')[1].split("</div>")[0]
    assert "<ins>" in body or "<del>" in body
    assert "прибрано" in html


def test_diff_of_a_single_version(ds, archive_db):
    url = query(archive_db, "SELECT url FROM articles WHERE versions = 1 LIMIT 1")[0][0]
    assert "одна версія" in page(ds, article_path(url) + "/diff")


def test_timeline_of_the_archive_and_of_a_search(ds, archive_db):
    html = page(ds, "/-/timeline")
    dated = query(archive_db, "SELECT count(*) FROM articles WHERE published IS NOT NULL")[0][0]
    assert "<svg" in html and f"усього {dated}." in html
    bars = re.findall(r'<rect class="bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)" '
                      r'height="([\d.]+)"', html)
    assert bars and all(float(w) > 0 and float(h) > 0 for w, h in bars)
    assert "/monitor/articles?published_month=" in html
    search = page(ds, "/-/timeline?q=Кременчук")
    total = re.search(r"усього (\d+)\.", search).group(1)
    assert f"Знайдено статей: <strong>{total}</strong>" in page(ds, "/-/search?q=Кременчук")
    assert "_q=%D0%9A" in search


def test_tables_link_articles_to_their_pages(ds, archive_db):
    html = page(ds, "/monitor/recently_edited")
    url = query(archive_db, "SELECT url FROM articles WHERE versions > 1 LIMIT 1")[0][0]
    assert f'<a href="{article_path(url)}">{url}</a>' in html


def test_style_sheet_is_served(ds):
    response = get(ds, "/-/static-plugins/monitor_scraper.datasette/monitor.css")
    assert response.status_code == 200 and ".monitor-body" in response.text
    assert "/-/static-plugins/monitor_scraper.datasette/monitor.css" in page(ds, "/-/search")


def test_article_body_is_sanitised_at_render_time(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        for number, body_html in ((1, HOSTILE_HTML), (2, "")):
            archive.store_article(Article(
                url=f"https://monitor.cn.ua/ua/politics/{number}", article_id=number,
                section="politics", title="Заголовок", body="Перший абзац.\n\nДругий <b>абзац</b>.",
                body_html=body_html, author="Агенцiя",
                published=datetime(2022, 1, 5, 9, 30, tzinfo=KYIV),
                fetched_at=datetime(2026, 3, 1, tzinfo=UTC)), crawl_id=None)
    ds = archive_datasette(path)
    html = page(ds, "/-/article/politics/1")
    body = html.split('<div class="monitor-body">')[1].split("</div>")[0]
    assert "<p>Перший абзац.</p>" in body and "Другий" in body
    for bad in ("<script", "alert", "onclick", "onerror", "javascript:", "<style", "<iframe"):
        assert bad not in body, bad
    assert 'referrerpolicy="no-referrer"' in body
    assert "5 січня 2022, 09:30" in html
    plain = page(ds, "/-/article/politics/2").split('<div class="monitor-body">')[1]
    assert "<p>Перший абзац.</p>" in plain and "<p>Другий &lt;b&gt;абзац&lt;/b&gt;.</p>" in plain
