"""The pure parts of the browsing pages: word diffs, the timeline's layout, safe bodies, times."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor_scraper.datasette.diff import tokens, word_diff
from monitor_scraper.datasette.render import (
    article_body,
    clean_body_html,
    kyiv_short,
    kyiv_time,
    month_label,
    section_label,
)
from monitor_scraper.datasette.timeline import build_chart, month_range, nice_step


def test_word_diff_marks_changed_words():
    result = word_diff("Міст у Чернігові відкрили.", "Міст у Кременчуці відкрили вчора.")
    assert str(result.html) == ("Міст у <del>Чернігові</del><ins>Кременчуці</ins> "
                                "відкрили<ins> вчора</ins>.")
    assert (result.added, result.removed) == (2, 1) and result.changed


def test_word_diff_keeps_a_rewritten_phrase_together():
    result = word_diff("Обласна рада підтримала ремонт", "Міська влада обговорила ремонт")
    assert str(result.html) == ("<del>Обласна рада підтримала</del>"
                                "<ins>Міська влада обговорила</ins> ремонт")


def test_word_diff_escapes_and_keeps_paragraphs():
    result = word_diff("Перший.\n\n<b>Другий</b>", "Перший.\n\n<b>Третій</b>")
    assert str(result.html) == "Перший.\n\n&lt;b&gt;<del>Другий</del><ins>Третій</ins>&lt;/b&gt;"


def test_word_diff_of_equal_texts():
    result = word_diff("Той самий текст.", "Той самий текст.")
    assert str(result.html) == "Той самий текст." and not result.changed


def test_apostrophes_stay_inside_words():
    assert tokens("пам’ять п'ятниця") == ["пам’ять", " ", "п'ятниця"]


@given(st.text(), st.text())
def test_word_diff_loses_nothing(old, new):
    assert "".join(tokens(old)) == old
    html = str(word_diff(old, new).html)
    assert "<script" not in html


def test_month_range_and_nice_steps():
    assert month_range("2021-11", "2022-02") == ["2021-11", "2021-12", "2022-01", "2022-02"]
    assert [nice_step(n) for n in (1, 7, 40, 130, 999)] == [1, 2, 10, 50, 500]


def test_chart_stacks_sections_and_leaves_gaps():
    counts = [("2022-01", "politics", 4), ("2022-01", "culture", 2), ("2022-03", "culture", 1)]
    chart = build_chart(counts, lambda month, section: f"/{month}/{section}")
    assert chart is not None
    assert (chart.first_month, chart.last_month, chart.total) == ("2022-01", "2022-03", 7)
    assert [entry.section for entry in chart.legend] == ["politics", "culture"]
    january = [bar for bar in chart.bars if bar.month == "2022-01"]
    assert [bar.section for bar in january] == ["politics", "culture"]
    assert january[1].y + january[1].height == pytest.approx(january[0].y)
    assert january[0].y + january[0].height == pytest.approx(chart.plot_bottom)
    assert not [bar for bar in chart.bars if bar.month == "2022-02"]
    march = next(bar for bar in chart.bars if bar.month == "2022-03")
    assert march.x > january[0].x + january[0].width and march.href == "/2022-03/culture"
    assert january[0].height == pytest.approx(4 * march.height, abs=0.05)
    assert chart.y_ticks[0][1] == 0 and chart.y_ticks[-1][1] >= 6


def test_chart_of_nothing():
    assert build_chart([], lambda month, section: "") is None
    assert build_chart([(None, "politics", 3)], lambda month, section: "") is None


@pytest.mark.parametrize(("moment", "long", "short"), [
    ("2012-05-25T06:39:00+03:00", "25 травня 2012, 06:39", "25.05.2012 06:39"),
    ("2022-01-05T09:30:00+02:00", "5 січня 2022, 09:30", "05.01.2022 09:30"),
    ("2026-03-01T10:00:00+00:00", "1 березня 2026, 12:00", "01.03.2026 12:00"),
    ("2026-07-01T10:00:00Z", "1 липня 2026, 13:00", "01.07.2026 13:00"),
    (None, "", ""),
    ("не дата", "не дата", "не дата"),
])
def test_kyiv_times(moment, long, short):
    assert kyiv_time(moment) == long and kyiv_short(moment) == short


def test_labels():
    assert section_label("politics") == "Політика" and section_label("newsection") == "newsection"
    assert month_label("2022-05") == "тра 2022" and month_label("2022-13") == "2022-13"


def test_clean_body_html_keeps_reading_and_drops_the_rest():
    cleaned = clean_body_html(
        '<p class="x" style="color:red">Текст <a href="https://monitor.cn.ua/ua/a/1" '
        'onclick="x()">посилання</a> <a href="/relative">відносне</a></p>'
        '<script>alert(1)</script><figure><img src="https://m.cn.ua/1.jpg" alt="Фото" '
        'onerror="x()"><figcaption>Підпис</figcaption></figure>'
        '<a href="data:text/html,x">дані</a><svg onload="x()"></svg>')
    assert "<p>Текст <a" in cleaned and 'rel="noopener noreferrer nofollow"' in cleaned
    assert "<figcaption>Підпис</figcaption>" in cleaned and 'alt="Фото"' in cleaned
    for bad in ("class=", "style", "onclick", "onerror", "onload", "alert", "/relative",
                "data:", "<svg", "<script"):
        assert bad not in cleaned, bad


def test_article_body_falls_back_to_text():
    assert str(article_body("", "Один.\n\nДва\nрядки.")) == "<p>Один.</p>\n<p>Два<br>\nрядки.</p>"
    assert str(article_body("<script>x</script>", "Текст")) == "<p>Текст</p>"
    assert str(article_body("<p>Гарний</p>", "інше")) == "<p>Гарний</p>"
    photo_only = '<figure><img src="https://monitor.cn.ua/images/1.jpg" alt=""></figure>'
    assert 'src="https://monitor.cn.ua/images/1.jpg"' in str(article_body(photo_only, ""))
