import pytest

from monitor_scraper.extract.feed import NotAFeed, apply_offset_hint, confirm_with_feed, parse_feed
from monitor_scraper.items import Article

FEED = """<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel><title>Чернігівський монітор</title>
<item><title>Вечір у Кременчуці</title><link>http://monitor.cn.ua/ua/style/69664</link>
<description>Опис &amp; більше</description><category>Стиль</category>
<pubDate>Sun, 31 Oct 2021 03:30:00 +0200</pubDate></item>
<item><title>Літо</title><link>http://www.monitor.cn.ua/ua/politics/70001</link>
<pubDate>Mon, 12 Jul 2021 10:00:00 +0300</pubDate></item>
<item><title>Не стаття</title><link>http://monitor.cn.ua/ua/</link></item>
</channel></rss>""".encode("cp1251")


def test_items_become_feed_entries_with_kyiv_offsets():
    entries = parse_feed(FEED, "https://monitor.cn.ua/news_author-58.xml")
    assert [entry.url for entry in entries] == [
        "https://monitor.cn.ua/ua/style/69664",
        "https://monitor.cn.ua/ua/politics/70001",
    ]
    first, second = entries
    assert first.title == "Вечір у Кременчуці"
    assert first.category == "Стиль"
    assert first.description == "Опис & більше"
    assert first.published.isoformat() == "2021-10-31T03:30:00+02:00"
    assert second.published.isoformat() == "2021-07-12T10:00:00+03:00"


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"", "empty"),
        (b"<html><body><p>Not a feed</p></body></html>", "not an RSS feed"),
        (b"<rss><channel><item><title>cut", "broken XML"),
        (bytes(range(256)), "broken XML"),
    ],
)
def test_anything_else_is_not_a_feed(body, reason):
    with pytest.raises(NotAFeed) as error:
        parse_feed(body, "https://monitor.cn.ua/news_author-58.xml")
    assert reason in error.value.reason


def test_entities_are_never_resolved():
    evil = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&e;</title><link>http://monitor.cn.ua/ua/style/1</link></item>
</channel></rss>"""
    entries = parse_feed(evil, "u")
    assert "root:" not in entries[0].title


def test_feed_offset_settles_the_doubled_october_hour():
    page_time = parse_feed(FEED, "u")[0].published.replace(fold=0)
    assert page_time.isoformat() == "2021-10-31T03:30:00+03:00"  # what the page alone can say
    hint = parse_feed(FEED, "u")[0].published
    assert apply_offset_hint(page_time, hint).isoformat() == "2021-10-31T03:30:00+02:00"
    other = parse_feed(FEED, "u")[1].published
    assert apply_offset_hint(page_time, other) is page_time
    assert apply_offset_hint(None, hint) is None


def test_the_page_is_confirmed_by_the_feed_and_disagreement_noted():
    entry = parse_feed(FEED, "https://monitor.cn.ua/news_author-58.xml")[0]
    article = Article(url=entry.url, article_id=69664, section="style",
                      published=entry.published.replace(fold=0))
    confirm_with_feed(article, entry)
    assert article.published.isoformat() == "2021-10-31T03:30:00+02:00"
    assert article.warnings == []
    other = parse_feed(FEED, "u")[1]
    other.url = article.url
    confirm_with_feed(article, other)
    assert article.published.isoformat() == "2021-10-31T03:30:00+02:00"
    assert "2021-07-12T10:00:00+03:00" in article.warnings[0]


def _feed_dated(pub_date: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item>'
            f"<title>Т</title><link>https://monitor.cn.ua/ua/politics/70001</link>"
            f"<pubDate>{pub_date}</pubDate></item></channel></rss>").encode()


@pytest.mark.parametrize(("pub_date", "expected"), [
    ("Mon, 12 Jul 2021 10:00:00 +0300", "2021-07-12T10:00:00+03:00"),
    # Not RFC 822, which email.utils refuses: read leniently (python-dateutil).
    ("2021-07-12T10:00:00+03:00", "2021-07-12T10:00:00+03:00"),
    ("12.07.2021 10:00", "2021-07-12T10:00:00+03:00"),
    ("2021-01-05 10:00 EET", "2021-01-05T10:00:00+02:00"),
    # Not dates at all: nothing, not today's date filled in.
    ("12", None),
    ("вчора", None),
])
def test_a_feed_date_is_read_leniently_but_never_invented(pub_date, expected):
    (entry,) = parse_feed(_feed_dated(pub_date), "https://monitor.cn.ua/news_politics.xml")
    assert (entry.published.isoformat() if entry.published else None) == expected
