"""Images of article bodies kept in the raw captures (`crawl --images`): what a crawl fetches, what
the archive notes, what a reparse rebuilds and what the browsing pages serve back."""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import sqlite3
from urllib.parse import urlencode

import pytest
from crawling import crawl, query
from datasette.app import Datasette
from datasette.utils import tilde_encode
from markupsafe import escape

from monitor_scraper.archive import Archive
from monitor_scraper.captures.reparse import reparse
from monitor_scraper.datasette.render import image_sources, with_local_images
from monitor_scraper.datasette.serving import archive_datasette
from monitor_scraper.extract.images import NotAnImage, read_image, sniff
from monitor_scraper.standin import build_site, serve
from monitor_scraper.standin.hostile import image_fate
from monitor_scraper.standin.routes import TINY_JPEG

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16


# --- what counts as an image ----------------------------------------------------------------------


@pytest.mark.parametrize(("body", "declared", "kind"), [
    (TINY_JPEG, "image/jpeg", "image/jpeg"),
    (TINY_JPEG, None, "image/jpeg"),  # no header: the bytes say
    (PNG, "image/jpeg", "image/png"),  # a wrong label: the bytes say
    (WEBP, "application/octet-stream", "image/webp"),
    (b"BM\x46\x00\x00\x00\x00\x00\x00\x00" + b"\x00" * 60, None, "image/bmp"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml; charset=utf-8", "image/svg+xml"),
    (b"\x00\x00\x01\x00" + b"\x10" * 40, "image/x-icon", "image/x-icon"),  # not sniffed: trusted
])
def test_images_are_known_by_their_bytes(body, declared, kind):
    image = read_image(body, "https://monitor.cn.ua/images/1.jpg", declared)
    assert (image.content_type, image.length) == (kind, len(body))
    assert image.sha1 == hashlib.sha1(body).hexdigest()


@pytest.mark.parametrize(("body", "declared", "reason"), [
    (b"<html><body>Error</body></html>", "image/jpeg", "markup labelled image/jpeg"),
    (b"<html><body>Moved</body></html>", "text/html; charset=windows-1251",
     "not an image: text/html"),
    (b"\x00\x01\x02", None, "not an image: no Content-Type"),
    (b"BMW of the mayor", "text/plain", "not an image: text/plain"),
    (b"\xef\xbb\xbf<html><body>404</body></html>", "image/jpeg", "markup labelled image/jpeg"),
    ("<html>Помилка</html>".encode("utf-16"), "image/jpeg", "markup labelled image/jpeg"),
    (b"Not Found", "image/jpeg", "text labelled image/jpeg"),
    (b'{"error": "no such file"}', "image/png", "text labelled image/png"),
    ("Помилка сервера".encode("cp1251"), "image/gif", "text labelled image/gif"),
    (b"\x12\x34\x00\x99" * 10, "image/jpeg", "not image/jpeg: its bytes are not one"),
    (b"<html></html>", "image/svg+xml", "not an SVG: no <svg> in it"),
    (b"", "image/jpeg", "empty answer"),
])
def test_what_is_not_an_image_says_why(body, declared, reason):
    with pytest.raises(NotAnImage) as refused:
        read_image(body, "https://monitor.cn.ua/images/1.jpg", declared)
    assert refused.value.reason == reason
    assert sniff(body) is None


def test_local_images_replace_only_captured_addresses():
    cleaned = ('<p><img src="https://monitor.cn.ua/a.jpg?x=1&amp;y=2" alt="A" loading="lazy"></p>'
               '<p><img alt="B" src="https://monitor.cn.ua/b.jpg"></p>')
    assert image_sources(cleaned) == ["https://monitor.cn.ua/a.jpg?x=1&y=2",
                                      "https://monitor.cn.ua/b.jpg"]
    local = with_local_images(cleaned, {"https://monitor.cn.ua/a.jpg?x=1&y=2": "/-/image?u=1&v=2"})
    assert image_sources(str(local)) == ["/-/image?u=1&v=2", "https://monitor.cn.ua/b.jpg"]
    assert 'src="/-/image?u=1&amp;v=2"' in local


# --- a crawl with --images ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def captured(tmp_path_factory):
    """A backfill of the hostile stand-in with --images, then a latest run of it, also with."""
    folder = tmp_path_factory.mktemp("images")
    site = build_site(160, slow_delay=0.2, hang_seconds=1.0)
    db = folder / "monitor.db"
    with serve(site) as server:
        first = crawl(server.base_url, db, "--images", "--json", now=site.now)
        asked_first = [path for _method, path, _agent in server.requests]
        second = crawl(server.base_url, db, "--images", "--json", mode="latest", now=site.now)
        asked_second = [path for _method, path, _agent in server.requests][len(asked_first):]
    assert first.returncode == 0, first.stderr[-3000:]
    assert second.returncode == 0, second.stderr[-3000:]
    images = {}  # image URL -> its fate on the site, for every image of an archived article
    for row in query(db, "SELECT images FROM articles"):
        for url in {media["url"] for media in json.loads(row["images"])}:
            images[url] = image_fate(site, url.removeprefix("https://monitor.cn.ua"))
    return {"site": site, "db": db, "folder": folder, "first": first, "images": images,
            "asked_first": asked_first, "asked_second": asked_second}


def test_the_stand_in_has_every_fate_of_image(captured):
    assert set(captured["images"].values()) == {"ok", "missing", "not_image"}


def test_every_image_that_loads_is_captured_once(captured):
    rows = query(captured["db"], "SELECT * FROM image_captures")
    want = sorted(url for url, fate in captured["images"].items() if fate == "ok")
    assert sorted(row["url"] for row in rows) == want
    for row in rows:
        assert (row["content_type"], row["length"]) == ("image/jpeg", len(TINY_JPEG))
        assert row["sha1"] == hashlib.sha1(TINY_JPEG).hexdigest()
        assert row["warc_file"] and row["warc_offset"] is not None
    assert captured["first"].json()["images"] == len(want)


def test_images_that_do_not_load_are_recorded_as_failures(captured):
    rows = query(captured["db"],
                 "SELECT url, status, reason FROM fetch_errors WHERE kind = 'image'")
    failed = {row["url"]: (row["status"], row["reason"]) for row in rows}
    for url, fate in captured["images"].items():
        if fate == "missing":
            assert failed[url] == (404, "HTTP 404"), url
        elif fate == "not_image":
            assert failed[url] == (200, "markup labelled image/jpeg"), url
        else:
            assert url not in failed, url


def test_images_are_asked_for_once_and_only_on_the_site(captured):
    asked = [path for path in captured["asked_first"] if path.startswith("/images/")]
    assert len(asked) == len(set(asked)) == len(captured["images"])
    assert not any(path.startswith("/images/thumbs/") for path in asked)  # block thumbnails
    again = {path for path in captured["asked_second"] if path.startswith("/images/")}
    held = {url.removeprefix("https://monitor.cn.ua") for url, fate in captured["images"].items()
            if fate == "ok"}
    assert not again & held  # captured ones are not fetched again


def test_a_backfill_with_images_completes_an_archive_made_without(tmp_path):
    site = build_site(60, hostile=False)
    db = tmp_path / "monitor.db"
    with serve(site) as server:
        assert crawl(server.base_url, db, now=site.now).returncode == 0
        before = len(server.requests)
        assert query(db, "SELECT count(*) FROM image_captures")[0][0] == 0
        run = crawl(server.base_url, db, "--images", now=site.now)
        asked = [path for _method, path, _agent in server.requests][before:]
    assert run.returncode == 0, run.stderr[-3000:]
    images = {media["url"] for row in query(db, "SELECT images FROM articles")
              for media in json.loads(row["images"])}
    captures = {row["url"] for row in query(db, "SELECT url FROM image_captures")}
    assert images and captures == images
    archived = {row["url"].removeprefix("https://monitor.cn.ua")
                for row in query(db, "SELECT url FROM articles")}
    assert not archived & set(asked)  # the articles themselves were not fetched again
    last_listing = max(n for n, path in enumerate(asked) if path.startswith("/ua/"))
    assert all(n > last_listing for n, path in enumerate(asked) if path.startswith("/images/"))


def test_reparse_notes_the_same_images(captured, tmp_path):
    files = sorted((captured["folder"] / "warc").glob("*.warc.gz"))
    with Archive(tmp_path / "rebuilt.db") as archive:
        report = reparse(files, archive)
    columns = "url, content_type, length, sha1, warc_file, warc_offset"
    crawled = query(captured["db"], f"SELECT {columns} FROM image_captures ORDER BY url")
    rebuilt = query(tmp_path / "rebuilt.db", f"SELECT {columns} FROM image_captures ORDER BY url")
    assert [tuple(row) for row in rebuilt] == [tuple(row) for row in crawled]
    assert report.images == len(crawled) > 0


def test_status_counts_the_images(captured):
    with Archive(captured["db"], readonly=True) as archive:
        totals = archive.totals()
    assert totals["images_captured"] == sum(
        1 for fate in captured["images"].values() if fate == "ok")


# --- served back by the browsing pages ------------------------------------------------------------


@pytest.fixture
def browse(captured):
    return archive_datasette(captured["db"], captured["folder"] / "warc")


def get(ds: Datasette, path: str, **params: str):
    return asyncio.run(ds.client.get(path, params=params))


def article_with(captured, fate: str) -> tuple[str, str]:
    """(article page path, image URL) of an archived article whose image has `fate`."""
    for row in query(captured["db"], "SELECT url, images FROM articles ORDER BY url"):
        for media in json.loads(row["images"]):
            if captured["images"][media["url"]] == fate:
                section, number = row["url"].rsplit("/", 2)[-2:]
                return f"/-/article/{section}/{number}", media["url"]
    raise AssertionError(f"no article with an image that is {fate}")


def test_the_article_page_shows_captured_images_from_the_archive(captured, browse):
    path, image_url = article_with(captured, "ok")
    page = get(browse, path)
    assert page.status_code == 200
    shown = image_sources(page.text)
    assert image_url not in shown
    local = next(src for src in shown if src.startswith("/-/image?"))
    served = asyncio.run(browse.client.get(local))
    assert served.status_code == 200
    assert served.content == TINY_JPEG
    assert served.headers["content-type"] == "image/jpeg"
    assert served.headers["x-content-type-options"] == "nosniff"


def test_an_image_captures_row_links_to_the_image(captured, browse):
    url = query(captured["db"], "SELECT url FROM image_captures ORDER BY url")[0][0]
    row = get(browse, "/monitor/image_captures/" + tilde_encode(url)).text
    local = "/-/image?" + urlencode({"url": url})
    assert f'<a href="{escape(local)}">{escape(url)}</a>' in row


def test_the_photos_query_lists_every_image_and_whether_it_is_held(captured, browse):
    rows = get(browse, "/monitor/article_photos.json", _shape="objects").json()["rows"]
    assert {row["image_url"] for row in rows} == set(captured["images"])
    for row in rows:
        held = captured["images"][row["image_url"]] == "ok"
        assert (row["content_type"] == "image/jpeg") is held
        assert (row["captured"] is not None) is held


def test_images_not_captured_still_point_at_the_site(captured, browse):
    path, image_url = article_with(captured, "missing")
    assert image_url in image_sources(get(browse, path).text)
    assert get(browse, "/-/image", url=image_url).status_code == 404


def test_a_damaged_or_missing_capture_is_not_served(captured, tmp_path):
    path, image_url = article_with(captured, "ok")
    row = query(captured["db"], "SELECT warc_file, warc_offset FROM image_captures WHERE url = ?",
                image_url)[0]
    # The same archive with its captures elsewhere: a copy of the file with the record's bytes
    # changed, then no file at all.
    copy = tmp_path / "warc"
    copy.mkdir()
    shutil.copy(captured["folder"] / "warc" / row["warc_file"], copy / row["warc_file"])
    with open(copy / row["warc_file"], "r+b") as handle:
        handle.seek(row["warc_offset"] + 40)
        handle.write(b"\x00" * 16)
    browse = archive_datasette(captured["db"], copy)
    assert get(browse, "/-/image", url=image_url).status_code == 404
    (copy / row["warc_file"]).unlink()
    assert image_url in image_sources(get(browse, path).text)  # the site's copy, as before
    assert get(browse, "/-/image", url=image_url).status_code == 404


def test_bytes_that_differ_from_the_noted_digest_are_not_served(captured, tmp_path):
    _path, image_url = article_with(captured, "ok")
    copy = tmp_path / "monitor.db"
    source = sqlite3.connect(captured["db"])
    with sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("UPDATE image_captures SET sha1 = ? WHERE url = ?", ["0" * 40, image_url])
    source.close()
    ds = archive_datasette(copy, captured["folder"] / "warc")
    assert get(ds, "/-/image", url=image_url).status_code == 404
    other = next(url for url, fate in captured["images"].items()
                 if fate == "ok" and url != image_url)
    assert get(ds, "/-/image", url=other).status_code == 200


def test_an_image_the_page_spells_otherwise_is_shown_from_the_archive(captured, tmp_path):
    path, image_url = article_with(captured, "ok")
    variant = image_url.replace("https://monitor.cn.ua/", "http://www.monitor.cn.ua/")
    copy = tmp_path / "monitor.db"
    source = sqlite3.connect(captured["db"])
    with sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("UPDATE articles SET body_html = replace(body_html, ?, ?)",
                       [image_url, variant])
    source.close()
    ds = archive_datasette(copy, captured["folder"] / "warc")
    shown = image_sources(get(ds, path).text)
    assert variant not in shown
    [local] = [src for src in shown if src.startswith("/-/image?")]
    assert asyncio.run(ds.client.get(local)).content == TINY_JPEG
    assert get(ds, "/-/image", url=variant).content == TINY_JPEG
