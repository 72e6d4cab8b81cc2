"""Unit tests of extraction: decoding, dates, refusals, unseen markup, purity."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from paths import REPO

from monitor_scraper.extract import NotAnArticle, explain, extract_article
from monitor_scraper.extract.dates import (
    AMBIGUOUS,
    NONEXISTENT,
    is_live_clock,
    kyiv_datetime,
    local_time_issue,
    parse_clock_time,
    parse_date_line,
    parse_rfc822,
)
from monitor_scraper.extract.decode import choose_encoding, decode

URL = "http://www.monitor.cn.ua/ua/politics/11000"

BARE = """<html><body>
Інформ-агенція «Чернігівський монітор»: RSS Twitter Facebook<br>
Неділя, 1 березня, 07:49:52<br><br>
Українське експертне середовище зміцнює свій потенціал<br>
25.05.2012&nbsp;&nbsp; 06:39Агенцiя<br><br>
Перший абзац статті.<br><br>
Другий абзац статті.<br><br>
Останні новини Чернігівщини<br>
Перша новина 10:22<br>
Тизер першої новини.<br><br>
27 лютого: цей день в Україні і світі<br>
27 лютого: цей день в Україні і світі 08:50<br>
День 1465 Російська агресія - Day 1465 Russian aggression<br><br>
АНОНСИ ПОДІЙ<br>
<a href="/ua/anons/5">Концерт</a><br>
Всі новини
</body></html>"""


# ---------------------------------------------------------------- decoding
def test_windows_1251_from_meta():
    body = '<meta charset="windows-1251"><p>Чернігів</p>'.encode("cp1251")
    text, encoding = decode(body)
    assert encoding == "windows-1251" and "Чернігів" in text


def test_header_charset_wins_over_meta():
    body = '<meta charset="koi8-u"><p>Чернігів</p>'.encode("cp1251")
    assert choose_encoding(body, "text/html; charset=cp1251") == ("windows-1251", "http header")


def test_windows_1251_never_decoded_as_utf8_even_if_declared():
    body = '<meta charset="utf-8"><p>Чернігівський монітор, новини області</p>'.encode("cp1251")
    encoding, how = choose_encoding(body, "text/html; charset=utf-8")
    assert encoding == "windows-1251" and how == "detected"


def test_undeclared_bytes_are_detected():
    text = "<p>Чернігівський монітор: новини Чернігова та області, політика, культура</p>"
    assert choose_encoding(text.encode("cp1251"))[0] == "windows-1251"
    assert choose_encoding(text.encode("utf-8"))[0] == "utf-8"


def test_encoding_recorded_on_article():
    article = extract_article(BARE.encode("utf-8"), URL)
    assert article.encoding == "utf-8"
    assert extract_article(BARE.encode("cp1251"), URL).encoding == "windows-1251"


# ---------------------------------------------------------------- dates
def test_summer_and_winter_offsets():
    assert kyiv_datetime(25, 5, 2012, 6, 39).isoformat() == "2012-05-25T06:39:00+03:00"
    assert kyiv_datetime(17, 1, 2012, 8, 20).isoformat() == "2012-01-17T08:20:00+02:00"


def test_doubled_october_hour_takes_first_and_warns():
    line = parse_date_line("27.10.2019 03:30Агенцiя")
    assert line.published.isoformat() == "2019-10-27T03:30:00+03:00"
    assert line.warnings == (AMBIGUOUS,)


def test_skipped_march_hour_is_flagged():
    assert local_time_issue(kyiv_datetime(31, 3, 2019, 3, 30)) == NONEXISTENT
    assert local_time_issue(kyiv_datetime(31, 3, 2019, 5, 30)) is None


def test_date_line_with_nbsp_and_run_on_label():
    line = parse_date_line("25.05.2012\u00a0\u00a0 06:39Агенцiя")
    assert (line.text, line.label) == ("25.05.2012 06:39", "Агенцiя")


def test_live_clock_is_never_a_date():
    clock = "Неділя, 1 березня, 07:49:52"
    assert is_live_clock(clock) and is_live_clock("П’ятниця, 13 грудня, 23:05:10")
    assert parse_date_line(clock) is None
    assert not is_live_clock("25.05.2012 06:39Агенцiя")


def test_clock_in_page_never_becomes_published():
    page = BARE.replace("25.05.2012&nbsp;&nbsp; 06:39Агенцiя<br><br>", "")
    page = page.replace("Українське експертне", "<h1>Українське експертне").replace(
        "потенціал<br>", "потенціал</h1>"
    )
    article = extract_article(page.encode("cp1251"), URL)
    assert article.published is None and article.published_text == ""
    assert "no date line" in article.warnings


def test_clock_time_and_rfc822():
    assert parse_clock_time("Перша новина 9:05") == "09:05"
    assert parse_clock_time("Рахунок 25:99") is None
    moment = parse_rfc822("Fri, 25 May 2012 03:39:00 +0000")
    assert moment.isoformat() == "2012-05-25T06:39:00+03:00"
    assert moment.utcoffset() == timedelta(hours=3)


# ---------------------------------------------------------------- refusals
@pytest.mark.parametrize(
    ("body", "url", "reason"),
    [
        (b"", URL, "empty page"),
        (b"   \n", URL, "empty page"),
        (bytes(range(256)) * 8, URL, "binary"),
        (b"just some text without markup", URL, "no HTML markup"),
        (BARE.encode(), "https://monitor.cn.ua/ua/?start=20", "listing page"),
        (BARE.encode(), "https://monitor.cn.ua/about", "not an article URL"),
        (b"<html><body><p>nothing here</p></body></html>", URL, "no title and no date line"),
        ("<h1>Помилка 404</h1><p>Сторінку не знайдено</p>".encode("cp1251"), URL, "error page"),
    ],
)
def test_not_an_article(body, url, reason):
    with pytest.raises(NotAnArticle) as caught:
        extract_article(body, url)
    assert reason in caught.value.reason


def test_unexpected_errors_become_not_an_article(monkeypatch):
    from monitor_scraper.extract import reading

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(reading, "read", broken)
    with pytest.raises(NotAnArticle, match="extraction failed"):
        extract_article(BARE.encode(), URL)


# ---------------------------------------------------------------- unseen markup
def test_bare_text_page_with_line_breaks_only():
    article = extract_article(BARE.encode("cp1251"), URL)
    assert article.url == "https://monitor.cn.ua/ua/politics/11000"
    assert article.title == "Українське експертне середовище зміцнює свій потенціал"
    assert article.published.isoformat() == "2012-05-25T06:39:00+03:00"
    assert article.author == "Агенцiя"
    assert article.body == "Перший абзац статті.\n\nДругий абзац статті."
    assert [(i.title, i.time, i.teaser) for i in article.latest_news] == [
        ("Перша новина", "10:22", "Тизер першої новини."),
        (
            "27 лютого: цей день в Україні і світі",
            "08:50",
            "День 1465 Російська агресія - Day 1465 Russian aggression",
        ),
    ]
    assert [(a.title, a.url) for a in article.announcements] == [
        ("Концерт", "https://monitor.cn.ua/ua/anons/5")
    ]
    assert article.warnings == []


def test_see_also_rows_of_links_are_not_body_text():
    see_also = ('<p>Читайте також: <a href="/ua/politics/10990">Сесія облради</a>, '
                '<a href="/ua/society/10991">Ремонт доріг у Ніжині</a></p>')
    prose = ('<p>Читайте також звіт комісії, який оприлюднили вчора ввечері на сайті '
             '<a href="/ua/politics/10992">облради</a>: у ньому всі цифри.</p>')
    page = BARE.replace("Перший абзац статті.<br><br>",
                        f"<p>Перший абзац статті.</p>{see_also}{prose}"
                        "<div class='related'>Дивiться також: <a href='/ua/style/7'>Мода</a></div>")
    article = extract_article(page.encode("cp1251"), URL)
    assert article.body == ("Перший абзац статті.\n\nЧитайте також звіт комісії, який "
                            "оприлюднили вчора ввечері на сайті облради: у ньому всі цифри."
                            "\n\nДругий абзац статті.")
    assert [link.url for link in article.links] == ["https://monitor.cn.ua/ua/politics/10992"]
    assert "10990" not in article.body_html and "10992" in article.body_html


def test_damaged_page_yields_what_it_can():
    page = BARE.split("Останні новини")[0]
    article = extract_article(page.encode("cp1251"), URL)
    assert article.body == "Перший абзац статті.\n\nДругий абзац статті."
    assert "truncated HTML?" in article.warnings
    assert "no latest-news block" in article.warnings


def test_fallback_when_there_is_no_date_line():
    paragraphs = "".join(
        f"<p>Абзац номер {n}: депутати обласної ради обговорили програму розвитку доріг.</p>"
        for n in range(6)
    )
    page = f"<html><body><nav>Головна</nav><h1>Дороги області</h1>{paragraphs}</body></html>"
    article = extract_article(page.encode("cp1251"), URL)
    assert article.title == "Дороги області"
    assert "no date line" in article.warnings
    assert "Абзац номер 3" in article.body
    assert article.published is None


def test_explain_names_the_path_of_each_field():
    report = explain(BARE.encode("cp1251"), URL)
    assert report["fields"]["title"]["via"].startswith("landmark")
    assert report["fields"]["published"]["found"] == "2012-05-25T06:39:00+03:00"
    assert set(report["fields"]) == {
        "title", "published", "author", "body", "latest_news", "announcements"
    }
    assert explain(b"", URL) == {"url": URL, "article": False, "reason": "empty page"}


def test_fetched_at_passes_through():
    moment = kyiv_datetime(1, 3, 2026, 7, 49)
    assert extract_article(BARE.encode(), URL, fetched_at=moment).fetched_at == moment


# ---------------------------------------------------------------- purity
def test_extraction_never_imports_scrapy():
    code = (
        "import sys\n"
        "from monitor_scraper.extract import extract_article\n"
        "from pathlib import Path\n"
        "for page in sorted(Path('tests/corpus').glob('*.html')):\n"
        "    try:\n"
        "        extract_article(page.read_bytes(), 'https://monitor.cn.ua/ua/politics/1')\n"
        "    except Exception:\n"
        "        pass\n"
        "assert not any(m == 'scrapy' or m.startswith('scrapy.') for m in sys.modules), 'scrapy'\n"
        "assert 'twisted' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=_repo_root())


def _repo_root():
    return REPO
