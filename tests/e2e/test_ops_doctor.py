"""`monitor-scraper doctor` against the stand-in served on 127.0.0.1: field by field, what
extraction found and which landmark found it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from monitor_scraper.cli import cli
from monitor_scraper.ops import doctor
from monitor_scraper.standin import build_site, serve


@pytest.fixture(scope="module")
def sites():
    normal = build_site(30, hostile=False)
    drifted = build_site(30, markup="drift", hostile=False)
    with serve(normal) as good, serve(drifted) as bad:
        yield {"site": normal, "good": good.base_url, "bad": bad.base_url, "requests": good}


def run(*args: str):
    return CliRunner().invoke(cli, ["doctor", *args])


def an_article(site) -> str:
    return site.live_article_urls()[0]


def field_line(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if line.split()[:1] == [name])


def test_a_good_page_has_every_field_and_says_how(sites):
    url = an_article(sites["site"]).replace("https://", "http://www.")
    result = run(url, "--base-url", sites["good"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == an_article(sites["site"])
    assert f"fetched        {sites['good']}/ua/" in result.output
    for name in ("title", "published", "body", "latest_news"):
        assert field_line(result.output, name).split()[1] == "ok"
    assert "via landmark: date line dd.mm.yyyy HH:MM" in result.output


def test_the_crawls_user_agent_is_sent(sites):
    run(an_article(sites["site"]), "--base-url", sites["good"])
    agents = {agent for _method, _path, agent in sites["requests"].requests}
    assert any(agent.startswith("monitor-scraper/") for agent in agents)


def test_a_page_without_its_date_line_shows_published_missing(sites):
    result = run(an_article(sites["site"]), "--base-url", sites["bad"])
    assert result.exit_code == doctor.EXIT_FIELDS_MISSING == 1
    assert field_line(result.output, "published").split() == ["published", "MISSING"]
    assert "no date line" in result.output


def test_json_lists_missing_fields(sites):
    result = run(an_article(sites["site"]), "--base-url", sites["bad"], "--json")
    report = json.loads(result.output)[0]
    assert report["missing"] == ["published"] and report["status"] == 200
    assert report["fields"]["published"]["via"] == "not found"


def test_a_page_that_cannot_be_fetched_is_exit_3(sites):
    result = run(an_article(sites["site"]), "--base-url", "http://127.0.0.1:9")
    assert result.exit_code == doctor.EXIT_NOT_FETCHED == 3
    assert "not fetched: http://127.0.0.1:9/ua/" in result.output


def test_a_saved_page(tmp_path, sites):
    import urllib.request

    url = an_article(sites["site"])
    path = tmp_path / "page.html"
    path.write_bytes(urllib.request.urlopen(sites["good"] + url[len("https://monitor.cn.ua"):])
                     .read())
    result = run("--file", str(path), url)
    assert result.exit_code == 0, result.output
    assert field_line(result.output, "published").split()[1] == "ok"


def test_a_bad_address_is_a_usage_error():
    result = run("http://[broken", "--base-url", "http://127.0.0.1:9")  # never the live site
    assert result.exit_code == 2
    assert "not a web address" in result.output
