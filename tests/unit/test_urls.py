from monitor_scraper import urls


def test_host_variants_are_one_article():
    forms = [
        "http://monitor.cn.ua/ua/style/69664",
        "https://monitor.cn.ua/ua/style/69664",
        "http://www.monitor.cn.ua/ua/style/69664/",
        "https://www.monitor.cn.ua/ua/style/69664#top",
    ]
    assert {urls.canonical_article_url(u) for u in forms} == {
        "https://monitor.cn.ua/ua/style/69664"
    }


def test_relative_link_resolves_against_page():
    url = urls.absolute("/ua/politics/11000", "http://www.monitor.cn.ua/ua/")
    assert urls.canonical_article_url(url) == "https://monitor.cn.ua/ua/politics/11000"


def test_not_articles():
    assert urls.canonical_article_url("https://monitor.cn.ua/ua/") is None
    assert urls.canonical_article_url("https://monitor.cn.ua/ua/calendar/2012/05") is None
    assert urls.absolute("javascript:void(0)", "https://monitor.cn.ua/") is None


def test_listing_offset():
    assert urls.listing_offset("https://monitor.cn.ua/ua/") == 0
    assert urls.listing_offset("https://monitor.cn.ua/ua/?start=40") == 40
    assert urls.listing_offset("https://monitor.cn.ua/ua/?start=40&x=1") is None
    assert urls.listing_offset("https://monitor.cn.ua/ua/style/1") is None


def test_fetch_url_goes_to_base():
    got = urls.fetch_url("http://www.monitor.cn.ua/ua/?start=20", "http://127.0.0.1:8123")
    assert got == "http://127.0.0.1:8123/ua/?start=20"


def test_site_url_with_extra_host():
    assert urls.is_site_url("http://www.monitor.cn.ua/x")
    assert not urls.is_site_url("https://example.org/ua/style/1")
    assert urls.is_site_url("http://127.0.0.1:8123/ua/", frozenset({"127.0.0.1:8123"}))
