"""`monitor-scraper search`: ranked hits, JSON, one-line errors with exit status 2."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from archives import KREMENCHUK
from click.testing import CliRunner

from monitor_scraper.archive import Archive
from monitor_scraper.cli import cli
from monitor_scraper.items import Article

KYIV = timezone(timedelta(hours=3))


@pytest.fixture
def db_path(tmp_path, archive_of_texts):
    return str(archive_of_texts(tmp_path / "monitor.db", KREMENCHUK))


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["search", *args], env=env)


def test_json_output(db_path):
    result = run("Кременчук", "--db", db_path, "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert [hit["url"] for hit in hits] == [
        "https://monitor.cn.ua/ua/politics/1", "https://monitor.cn.ua/ua/culture/2"]
    assert set(hits[0]) == {"url", "title", "published", "section", "snippet"}
    assert hits[0]["published"] == "2022-05-01T09:30:00+03:00"
    assert "[Кременчуці]" in hits[0]["snippet"]


def test_text_output_and_filters(db_path):
    result = run("Кременчук", "--db", db_path, "--section", "culture", "--since", "2022-05-02")
    assert result.exit_code == 0, result.output
    assert "Концерт — 2022-05-02 09:30 · culture" in result.output
    assert "https://monitor.cn.ua/ua/culture/2" in result.output
    assert "politics" not in result.output


def test_db_from_environment(db_path):
    result = run("дизайнер", env={"MONITOR_DB": db_path})
    assert result.exit_code == 0
    assert "Мода" in result.output


def test_no_hits(db_path):
    result = run("Одеса", "--db", db_path, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("args", [
    ["*"],
    ['"'],
    ["Кременчук", "--since", "вчора"],
    ["Кременчук", "--until", "2022-13-01"],
])
def test_bad_query_or_date_is_one_line_exit_2(db_path, args):
    result = run(*args, "--db", db_path)
    assert result.exit_code == 2
    assert result.output.startswith("Error: ")
    assert result.output.count("\n") == 1


def test_missing_archive(tmp_path):
    result = run("Кременчук", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "no archive" in result.output


def test_help_ends_with_an_example():
    result = CliRunner().invoke(cli, ["search", "--help"])
    assert "Example: monitor-scraper search" in result.output


def test_earlier_versions(db_path):
    with Archive(db_path) as archive:
        archive.store_article(Article(
            url="https://monitor.cn.ua/ua/style/3", article_id=3, section="style", title="Мода",
            body="Дизайнери скасували показ.",
            published=datetime(2022, 5, 3, 9, 30, tzinfo=KYIV),
            fetched_at=datetime(2026, 3, 2, tzinfo=UTC),
        ), crawl_id=None)
    assert json.loads(run("колекція", "--db", db_path, "--json").output) == []
    result = run("колекція", "--db", db_path, "--earlier-versions", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert [(hit["url"], hit["version"]) for hit in hits] == [
        ("https://monitor.cn.ua/ua/style/3", 1)]
    assert "[колекцію]" in hits[0]["snippet"]
    text = run("колекція", "--db", db_path, "--earlier-versions").output
    assert text.startswith("1. Мода — 2022-05-03 09:30 · style · version 1\n")


@pytest.mark.parametrize("query", ["-Концерт Кременчук", "-концерт кременчук"])
def test_a_query_may_start_with_an_excluded_word(db_path, query):
    result = run(query, "--db", db_path, "--json")
    assert result.exit_code == 0, result.output
    assert [hit["url"] for hit in json.loads(result.stdout)] == [
        "https://monitor.cn.ua/ua/politics/1"]


def test_a_mistyped_option_is_not_searched_for(db_path):
    result = run("Кременчук", "--sectoin", "politics", "--db", db_path)
    assert result.exit_code == 2 and "No such option: --sectoin" in result.output


@pytest.mark.parametrize(("args", "said"), [
    (["--section", "sport"], "the archive has no section 'sport'; it has culture, politics, "
                             "style"),
    (["--since", "2022-05-03", "--until", "2022-05-01"], "since 2022-05-03 is after until "
                                                         "2022-05-01"),
])
def test_filters_that_can_match_nothing_say_so(db_path, args, said):
    result = run("Кременчук", *args, "--db", db_path)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {said}")
