"""The spider's callbacks fed Scrapy responses directly: which requests and items they yield."""

from __future__ import annotations

import re
import sqlite3
from unittest.mock import Mock

import pytest
from scrapy import Request
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from monitor_scraper.archive import Archive
from monitor_scraper.crawl.arguments import CrawlArgumentError, parse_arguments
from monitor_scraper.items import Article, CapturedImage, FeedEntry, FetchFailure, Media
from monitor_scraper.standin import build_site
from monitor_scraper.standin.routes import TINY_JPEG, respond
from spiders.monitor import MonitorSpider

BASE = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def site():
    return build_site(60, hostile=False)


def make_spider(tmp_path, mode="backfill", **settings):
    if not (tmp_path / "m.db").exists():
        Archive(tmp_path / "m.db").close()  # as a crawl's check before it starts makes it
    crawler = get_crawler(MonitorSpider, {
        "MONITOR_BASE_URL": BASE, "MONITOR_DB": str(tmp_path / "m.db"), **settings,
    })
    return MonitorSpider.from_crawler(crawler, mode=mode)


def response_for(site, path, meta=None):
    answer = respond(site, path)
    request = Request(BASE + path, meta={"kind": "article", **(meta or {})})
    cls = XmlResponse if path.endswith(".xml") else HtmlResponse
    return cls(BASE + path, status=answer.status, body=answer.body, request=request,
               headers={"Content-Type": answer.content_type})


def test_listing_yields_articles_on_the_base_url_then_the_next_page(site, tmp_path):
    spider = make_spider(tmp_path)
    output = list(spider.parse_listing(response_for(site, "/ua/")))
    requests = [item for item in output if isinstance(item, Request)]
    articles = [r for r in requests if r.meta["kind"] == "article"]
    asked = {r.meta["ledger_url"] for r in articles}
    assert set(site.live_article_urls()[:20]) <= asked
    assert all(r.url.startswith(BASE + "/ua/") for r in articles)
    listings = [r.url for r in requests if r.meta["kind"] == "listing"]
    assert listings == [BASE + "/ua/?start=20"]
    assert all(r.url.endswith(".xml") for r in requests if r.meta["kind"] == "feed")


def test_latest_mode_does_not_walk_the_listing(site, tmp_path):
    spider = make_spider(tmp_path, mode="latest")
    output = list(spider.parse_listing(response_for(site, "/ua/")))
    assert [r for r in output if isinstance(r, Request) and r.meta["kind"] == "listing"] == []


def test_article_yields_the_article_and_its_block_links(site, tmp_path):
    spider = make_spider(tmp_path)
    url = site.live_article_urls()[5]
    output = list(spider.parse_article(response_for(site, site.articles[url].path)))
    article = output[-1]  # last: what it links is in the ledger before it can be settled
    assert isinstance(article, Article)
    assert article.url == url and article.title == site.articles[url].title
    linked = {r.meta["ledger_url"] for r in output[:-1] if isinstance(r, Request)}
    assert linked == {item.url for item in article.latest_news + article.announcements
                      if item.url}


def test_an_article_is_settled_once_stored_not_when_its_callback_ends(site, tmp_path):
    spider = make_spider(tmp_path, JOBDIR=str(tmp_path / "job"))
    url = site.live_article_urls()[5]
    request = spider._request(url, "article")
    answer = respond(site, site.articles[url].path)
    response = HtmlResponse(request.url, body=answer.body, request=request,
                            headers={"Content-Type": answer.content_type})
    output = list(spider.parse_article(response))
    assert url not in spider.frontier.settled  # the pipelines have not stored it yet
    spider.settle_stored(output[-1], response)
    assert url in spider.frontier.settled


def test_a_failure_is_settled_once_stored(site, tmp_path):
    spider = make_spider(tmp_path, JOBDIR=str(tmp_path / "job"))
    url = site.live_article_urls()[5]
    request = spider._request(url, "article")
    failure = Failure(HttpError(HtmlResponse(request.url, status=503, request=request)))
    failure.request = request
    recorded = list(spider.errback(failure))
    assert [type(item) for item in recorded] == [FetchFailure]
    assert url not in spider.frontier.settled
    spider.settle_stored(recorded[0], failure)
    assert url in spider.frontier.settled


def image_requests(spider, response):
    return [r for r in spider.parse_article(response)
            if isinstance(r, Request) and r.meta["kind"] == "image"]


def test_images_of_the_body_are_asked_for_only_with_the_setting(site, tmp_path):
    article = next(a for a in site.live_articles() if a.images)
    images = {media.url for media in article.images}
    assert image_requests(make_spider(tmp_path), response_for(site, article.path)) == []
    asked = image_requests(make_spider(tmp_path, MONITOR_IMAGES=True, MONITOR_IMAGE_MAX_MB=2),
                           response_for(site, article.path))
    assert {r.meta["ledger_url"] for r in asked} == images
    assert all(r.url.startswith(BASE + "/images/") for r in asked)
    assert {r.meta["download_maxsize"] for r in asked} == {2 * 1024 * 1024}


def test_images_held_or_on_other_sites_are_not_asked_for(site, tmp_path):
    article = next(a for a in site.live_articles() if a.images)
    spider = make_spider(tmp_path, MONITOR_IMAGES=True)
    held = article.images[0].url
    with Archive(tmp_path / "m.db") as archive:
        archive.store_image(CapturedImage(held, "image/jpeg", 1, "0" * 40), crawl_id=None)
    assert held not in {r.meta["ledger_url"]
                        for r in image_requests(spider, response_for(site, article.path))}
    elsewhere = response_for(site, article.path)
    elsewhere = elsewhere.replace(body=elsewhere.body.replace(
        b'src="/images/', b'src="https://cdn.example.org/images/'))
    assert image_requests(make_spider(tmp_path, MONITOR_IMAGES=True), elsewhere) == []
    pages = response_for(site, article.path)  # pictures whose address is a page of the site
    pages = pages.replace(body=re.sub(rb'src="/images/[^"]+"', b'src="/ua/?start=20"',
                                      pages.body))
    assert image_requests(make_spider(tmp_path, MONITOR_IMAGES=True), pages) == []


def test_an_image_that_failed_is_asked_again_only_after_the_retry_days(site, tmp_path):
    article = next(a for a in site.live_articles() if a.images)
    failed = article.images[0].url
    with Archive(tmp_path / "m.db") as archive:
        archive.store_failure(FetchFailure(failed, 404, "HTTP 404", "image"), crawl_id=None)

    def asked(**settings):
        spider = make_spider(tmp_path, MONITOR_IMAGES=True, **settings)
        return {r.meta["ledger_url"] for r in image_requests(spider, response_for(site,
                                                                                 article.path))}
    assert failed not in asked()
    with sqlite3.connect(tmp_path / "m.db") as conn:
        conn.execute("UPDATE fetch_errors SET seen_at = '2020-01-01T00:00:00+00:00'")
    assert failed in asked()
    assert failed not in asked(MONITOR_IMAGE_RETRY_DAYS=10000)


def test_an_image_named_by_another_spelling_of_the_site_is_one_image(site, tmp_path):
    article = next(a for a in site.live_articles() if a.images)
    variant = response_for(site, article.path)
    variant = variant.replace(body=variant.body.replace(
        b'src="/images/', b'src="http://www.monitor.cn.ua/images/'))
    spider = make_spider(tmp_path, MONITOR_IMAGES=True)
    asked = image_requests(spider, variant)
    assert {r.meta["ledger_url"] for r in asked} == {media.url for media in article.images}
    with Archive(tmp_path / "m.db") as archive:
        for media in article.images:
            archive.store_image(CapturedImage(media.url, "image/jpeg", 1, "0" * 40), crawl_id=None)
    assert image_requests(make_spider(tmp_path, MONITOR_IMAGES=True), variant) == []


def test_a_backfill_asks_for_images_of_older_articles_once_idle(site, tmp_path):
    spider = make_spider(tmp_path, MONITOR_IMAGES=True)
    article = next(a for a in site.live_articles() if a.images)
    [stored] = [item for item in spider.parse_article(response_for(site, article.path))
                if isinstance(item, Article)]
    stored.images.append(Media("https://example.org/images/elsewhere.jpg"))  # never asked
    with Archive(tmp_path / "m.db") as archive:
        archive.store_article(stored, crawl_id=None)
    backfill = make_spider(tmp_path, MONITOR_IMAGES=True)
    assert not [r for r in backfill._first_requests() if r and r.meta["kind"] == "image"]
    backfill.crawler.engine = Mock()
    with pytest.raises(DontCloseSpider):
        backfill.catch_up_images()
    asked = [call.args[0] for call in backfill.crawler.engine.crawl.call_args_list]
    assert {r.meta["ledger_url"] for r in asked} == {m.url for m in article.images}
    backfill.catch_up_images()  # once per crawl: the second idle closes it
    assert backfill.crawler.engine.crawl.call_count == len(asked)
    latest = make_spider(tmp_path, mode="latest", MONITOR_IMAGES=True)
    latest.crawler.engine = Mock()
    latest.catch_up_images()  # a backfill's work
    latest.crawler.engine.crawl.assert_not_called()


def test_an_image_answer_becomes_a_capture_or_a_failure(tmp_path):
    spider = make_spider(tmp_path, MONITOR_IMAGES=True)
    url = "https://monitor.cn.ua/images/2020/1_1.jpg"
    request = Request(BASE + "/images/2020/1_1.jpg", meta={
        "kind": "image", "ledger_url": url, "warc_file": "m.warc.gz", "warc_offset": 123})
    good = Response(request.url, body=TINY_JPEG, request=request,
                    headers={"Content-Type": "image/jpeg"})
    [image] = list(spider.parse_image(good))
    assert isinstance(image, CapturedImage)
    assert (image.url, image.content_type, image.length) == (url, "image/jpeg", len(TINY_JPEG))
    assert (image.warc_file, image.warc_offset) == ("m.warc.gz", 123)
    uncaptured = good.replace(request=request.replace(meta={"kind": "image", "ledger_url": url}))
    [failure] = list(spider.parse_image(uncaptured))  # cached, or its capture failed
    assert isinstance(failure, FetchFailure)
    assert (failure.url, failure.reason) == (url, "not kept: no raw capture of it")
    bad = HtmlResponse(request.url, body=b"<html>oops</html>", request=request,
                       headers={"Content-Type": "image/jpeg"})
    [failure] = list(spider.parse_image(bad))
    assert isinstance(failure, FetchFailure)
    assert (failure.url, failure.kind, failure.reason) == (url, "image",
                                                           "markup labelled image/jpeg")


def test_a_non_article_answer_becomes_a_failure(tmp_path):
    spider = make_spider(tmp_path)
    request = Request(BASE + "/ua/style/1", meta={"kind": "article"})
    response = HtmlResponse(BASE + "/ua/style/1", body=b"", request=request)
    [failure] = list(spider.parse_article(response))
    assert isinstance(failure, FetchFailure)
    assert failure.url == "https://monitor.cn.ua/ua/style/1"
    assert failure.kind == "article"


def test_feed_yields_entries_and_requests_unarchived_articles(site, tmp_path):
    spider = make_spider(tmp_path)
    output = list(spider.parse_feed(response_for(site, "/news_author-58.xml")))
    entries = [item for item in output if isinstance(item, FeedEntry)]
    requests = [item for item in output if isinstance(item, Request)]
    assert entries and len(requests) == len({e.url for e in entries})
    assert all(r.meta["feed_entry"].url == r.meta["ledger_url"] for r in requests)


def test_an_image_that_fails_is_recorded_under_the_address_asked_for(tmp_path):
    spider = make_spider(tmp_path, MONITOR_IMAGES=True)
    url = "https://monitor.cn.ua/images/фото 1.jpg"
    [asked] = list(spider._requests([url], "image"))
    assert asked.meta["ledger_url"] == "https://monitor.cn.ua/images/%D1%84%D0%BE%D1%82%D0%BE%201.jpg"
    response = HtmlResponse(asked.url, status=404, body=b"gone", request=asked)
    failure = Failure(HttpError(response))
    failure.request = asked
    [recorded] = list(spider.errback(failure))
    assert recorded.url == asked.meta["ledger_url"]
    with Archive(tmp_path / "m.db") as archive:
        archive.store_failure(recorded, crawl_id=None)
    again = make_spider(tmp_path, MONITOR_IMAGES=True)
    assert list(again._image_requests([url, url.replace("https://", "http://www.")])) == []


def test_http_errors_are_recorded_under_the_url_asked_for(tmp_path):
    spider = make_spider(tmp_path)
    request = Request(BASE + "/ua/style/7", meta={"kind": "article",
                                                  "redirect_urls": [BASE + "/ua/style/6"]})
    response = HtmlResponse(BASE + "/ua/style/7", status=404, body=b"gone", request=request)
    failure = Failure(HttpError(response))
    failure.request = request
    [recorded] = list(spider.errback(failure))
    assert (recorded.url, recorded.status) == ("https://monitor.cn.ua/ua/style/6", 404)


def test_user_agent_names_the_project_and_contact(tmp_path):
    spider = make_spider(tmp_path, MONITOR_CONTACT="mailto:archive@example.org")
    agent = spider.crawler.settings.get("USER_AGENT")
    assert agent.startswith("monitor-scraper/") and "mailto:archive@example.org" in agent


def test_user_agent_given_on_the_command_line_wins(tmp_path):
    from scrapy.settings import Settings

    settings = Settings({"MONITOR_CONTACT": "x"})
    settings.set("USER_AGENT", "mine", priority="cmdline")
    MonitorSpider.update_settings(settings)
    assert settings.get("USER_AGENT") == "mine"


@pytest.mark.parametrize("args", [("sometimes", None, None), ("backfill", "2024-13-01", None),
                                  ("backfill", None, "0"), ("backfill", None, "many")])
def test_bad_spider_arguments(args):
    with pytest.raises(CrawlArgumentError):
        parse_arguments(*args)


@pytest.mark.parametrize(("base_url", "contact", "warned"), [
    ("https://monitor.cn.ua", None, True),  # the shipped placeholder, at the live site
    ("https://www.monitor.cn.ua", None, True),
    ("https://monitor.cn.ua", "mailto:researcher@example.org", False),
    (BASE, None, False),  # the stand-in
])
def test_a_crawl_of_the_live_site_warns_once_of_a_placeholder_contact(
        tmp_path, caplog, base_url, contact, warned):
    from monitor_scraper import settings as project

    settings = {"MONITOR_BASE_URL": base_url,
                "MONITOR_CONTACT": contact or project.MONITOR_CONTACT}
    with caplog.at_level("WARNING", logger="spiders.monitor"):
        make_spider(tmp_path, **settings)
    said = [record for record in caplog.records if "MONITOR_CONTACT" in record.getMessage()]
    assert len(said) == int(warned)
