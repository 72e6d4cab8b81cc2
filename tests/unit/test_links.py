from datetime import date

from monitor_scraper.extract.links import page_links

PAGE = """<html><head><meta charset="windows-1251">
<link rel="alternate" type="application/rss+xml" href="/news_author-58.xml">
</head><body>
<a href="/news_author-12.xml">RSS</a>
<a href="http://www.monitor.cn.ua/ua/politics/11000">Стаття</a>
<a href="https://monitor.cn.ua/ua/politics/11000">та сама</a>
<a href="/ua/style/69664">relative</a>
<a href="/ua/?start=20">2</a> <a href="/ua/?start=5000">Остання</a>
<a href="/ua/calendar/2012/05/25">calendar</a>
<a href="/ua/search?q=x">search</a> <a href="/ua/login">login</a>
<a href="https://facebook.com/monitor">fb</a> <a href="http://example.org/ua/style/5">off-site</a>
<a href="/images/photo.jpg">photo</a> <a href="http://[bad">bad</a>
<a href="javascript:void(0)">js</a>
<p>25.05.2012 06:39 and 31.02.2012 and 01.06.2012</p>
</body></html>""".encode("cp1251", errors="replace")


def test_only_articles_listings_and_feeds_are_kept():
    links = page_links(PAGE, "http://127.0.0.1:8000/ua/")
    assert links.articles == [
        "http://www.monitor.cn.ua/ua/politics/11000",
        "https://monitor.cn.ua/ua/politics/11000",
        "http://127.0.0.1:8000/ua/style/69664",
    ]
    assert links.listings == [
        "http://127.0.0.1:8000/ua/?start=20",
        "http://127.0.0.1:8000/ua/?start=5000",
    ]
    assert links.feeds == [
        "http://127.0.0.1:8000/news_author-58.xml",
        "http://127.0.0.1:8000/news_author-12.xml",
    ]


def test_printed_dates_are_read_and_impossible_ones_skipped():
    links = page_links(PAGE, "http://127.0.0.1:8000/ua/")
    assert links.dates == [date(2012, 5, 25), date(2012, 6, 1)]


def test_garbage_gives_no_links():
    assert page_links(b"", "http://127.0.0.1/ua/").articles == []
    assert page_links(b"\x00\xff" * 100, "http://127.0.0.1/ua/").articles == []
