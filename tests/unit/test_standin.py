"""The stand-in site over HTTP on 127.0.0.1: pages, listing, feeds, states, hostile endpoints."""

from __future__ import annotations

import http.client
import re
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from monitor_scraper import urls
from monitor_scraper.standin import build_site, serve


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def get(server, path: str, user_agent: str = "standin-test") -> tuple[int, dict, bytes]:
    request = urllib.request.Request(server.base_url + path, headers={"User-Agent": user_agent})
    try:
        with _OPENER.open(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def path_of(url: str) -> str:
    return urls.fetch_url(url, "")


@pytest.fixture(scope="module")
def site():
    return build_site(240, slow_delay=0.2, hang_seconds=2.0)


@pytest.fixture(scope="module")
def server(site):
    with serve(site) as running:
        yield running


def test_article_pages_are_windows_1251_with_the_landmarks(site, server):
    for name in ("egov", "style_69664", "dst_fold"):  # old, div and modern layouts
        article = site.article(name)
        status, _, body = get(server, article.path)
        assert status == 200
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        page = body.decode("cp1251")
        for landmark in (
            'Інформ-агенція «Чернігівський монітор»: <a href="/news_author-58.xml">RSS</a>',
            'type="application/rss+xml" href="/news_author-58.xml"',
            "Останні новини Чернігівщини",
            "АНОНСИ ПОДІЙ",
            '<a href="/ua/">Всі новини</a>',
            f"{article.published:%d.%m.%Y}&nbsp;&nbsp; {article.published:%H:%M}<",
            "27 лютого: цей день в Україні і світі",
            "День 1465 Російська агресія - Day 1465 Russian aggression",
        ):
            assert landmark in page, (name, landmark)
        assert article.paragraphs[0] in page
        assert "127.0.0.1" not in page
    egov = get(server, site.article("egov").path)[2].decode("cp1251")
    assert '06:39</font><font size="1"><b>Агенцiя</b>' in egov


def test_truth_knows_dates_and_word_forms(site):
    fold = site.article("dst_fold")
    assert fold.published.utcoffset() == timedelta(hours=2)
    assert fold.published_text == "31.10.2021 03:30"
    assert site.article("summer_night").published.utcoffset() == timedelta(hours=3)
    assert site.article("kremenchuk").url in site.containing("у Кременчуці")
    for form in ("Чернігова", "Чернігові", "Чернігів", "пам’ять", "пам'яті", "сім’ї", "П`ятниц"):
        assert site.containing(form), form
    assert site.article("egov").author == "Агенцiя"
    photo_only = site.article("photo_only")
    assert photo_only.images and photo_only.body == photo_only.images[0].caption
    assert site.article("video").videos


def test_listing_paginates_to_the_end_by_its_links(site, server):
    path, seen, pages = "/ua/", [], 0
    while path:
        status, _, body = get(server, path)
        assert status == 200
        page = body.decode("cp1251")
        items = re.findall(r'<div class="item"><a href="([^"]+)"', page)
        seen += [urls.canonical_article_url(urls.absolute(h, server.base_url)) for h in items]
        following = re.search(r'<a href="([^"]+)">Наступна', page)
        path = following.group(1) if following else None
        pages += 1
    assert seen == site.live_article_urls()
    assert pages == len(site.listing_urls())
    assert get(server, f"/ua/?start={pages * 20}")[0] == 404


def test_feeds_parse_and_carry_kyiv_offsets(site, server):
    for feed_url in site.feed_urls():
        status, headers, body = get(server, path_of(feed_url))
        assert status == 200 and b'encoding="windows-1251"' in body
        items = ET.fromstring(body).findall("./channel/item")
        assert 0 < len(items) <= 20
        for item in items:
            assert urls.canonical_article_url(item.findtext("link")) in site.articles
            assert re.search(r"[+]0[23]00$", item.findtext("pubDate"))
    main = ET.fromstring(get(server, "/rss.xml")[2])
    assert "Суспільство" in {c.text for c in main.iter("category")}


def test_robots_forbids_private_search_and_login(server):
    robots = get(server, "/robots.txt")[2].decode()
    for prefix in ("/ua/search", "/ua/login", "/ua/private/"):
        assert f"Disallow: {prefix}" in robots


def test_state_two_adds_edits_and_withdraws(site):
    later = build_site(240, state=2, slow_delay=0.2)
    assert later.new_urls() and not site.new_urls()
    assert later.live_article_urls()[0] in later.new_urls()
    assert len(later.withdrawn_urls()) == 2
    edited = later.edited_urls()
    assert any(later.articles[u].title != site.articles[u].title for u in edited)
    assert any(later.articles[u].body != site.articles[u].body for u in edited)
    with serve(later) as server:
        assert get(server, path_of(later.withdrawn_urls()[0]))[0] == 404
        title = later.articles[edited[0]].title
        assert title in get(server, path_of(edited[0]))[2].decode("cp1251")
        server.set_site(site)
        assert get(server, path_of(later.withdrawn_urls()[0]))[0] == 200


def test_drift_markup_drops_the_date_line():
    drifted = build_site(240, markup="drift", hostile=False)
    with serve(drifted) as server:
        article = drifted.article("dst_fold")
        page = get(server, article.path)[2].decode("cp1251")
    assert article.title in page and "31.10.2021&nbsp;" not in page


def test_hostile_endpoints_misbehave_as_promised(site, server):
    paths = site.hostile_paths
    flaky = path_of(site.hostile_articles("flaky")[0])
    assert get(server, flaky)[0] == 500 and get(server, flaky)[0] == 200
    status, headers, _ = get(server, paths["old_style_redirect"])
    assert status == 301 and headers["Location"] == site.article("egov").path
    status, headers, _ = get(server, paths["offsite_redirect"])
    assert status == 302 and headers["Location"].startswith("http://example.org/")
    assert get(server, paths["redirect_loop"])[1]["Location"] == paths["redirect_loop_back"]
    assert get(server, paths["missing_404"])[0] == 404
    assert get(server, paths["empty_body"])[2] == b""
    assert len(get(server, paths["huge_page"])[2]) > 5_000_000
    with pytest.raises(ET.ParseError):
        ET.fromstring(get(server, paths["broken_feed"])[2])
    with pytest.raises((ConnectionError, http.client.HTTPException, urllib.error.URLError)):
        get(server, paths["reset"])
    started = time.monotonic()
    get(server, path_of(site.hostile_articles("slow")[0]))
    assert time.monotonic() - started >= 0.2


def test_calendar_is_an_endless_chain_of_days(server):
    page = get(server, "/ua/calendar/2031/12/31")[2].decode("cp1251")
    assert 'href="/ua/calendar/2032/01/01"' in page


def test_server_logs_requests_in_order(server):
    get(server, "/ua/?start=20", user_agent="logger-check/1.0")
    assert server.requests[-1] == ("GET", "/ua/?start=20", "logger-check/1.0")


def test_large_site_builds_fast_and_without_hostile_corners():
    started = time.monotonic()
    big = build_site(10_000, hostile=False)
    assert time.monotonic() - started < 3
    assert len(big.live_article_urls()) == 10_000 and not big.hostile_urls()
    ids = [a.article_id for a in reversed(big.live_articles())]
    assert ids == sorted(set(ids)) and ids[0] < 13000 and 90000 < ids[len(ids) * 10 // 14] < 96000


def test_a_few_pages_are_utf8_and_say_so(site, server):
    article = next(a for a in site.live_articles() if a.encoding == "utf-8")
    status, headers, body = get(server, article.path)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<meta charset="utf-8">' in body.decode("utf-8")


def test_a_hanging_answer_ends_when_the_server_stops():
    hanging = build_site(240, hang_seconds=30)
    errors = []

    def ask() -> None:
        try:
            get(server, hanging.hostile_paths["hang"])
        except (ConnectionError, http.client.HTTPException, urllib.error.URLError) as error:
            errors.append(error)

    with serve(hanging) as server:
        thread = threading.Thread(target=ask)
        thread.start()
        time.sleep(0.3)
    started = time.monotonic()
    thread.join(timeout=5)
    assert not thread.is_alive() and errors and time.monotonic() - started < 5
