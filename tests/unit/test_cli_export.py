"""`monitor-scraper export`: articles as JSON lines or CSV, filtered by date and section."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from monitor_scraper.archive import Archive
from monitor_scraper.cli import cli
from monitor_scraper.items import Article, Link, Media

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "monitor.db"
    with Archive(path) as archive:
        for article_id, section, published in [
            (101, "politics", datetime(2024, 1, 5, 10, 0, tzinfo=KYIV)),
            (102, "culture", datetime(2024, 2, 1, 23, 30, tzinfo=KYIV)),
            (103, "politics", datetime(2024, 3, 9, 8, 15, tzinfo=KYIV)),
        ]:
            archive.store_article(Article(
                url=f"https://monitor.cn.ua/ua/{section}/{article_id}",
                article_id=article_id, section=section, title=f"Заголовок {article_id}",
                published=published, body="Текст у Чернігові.",
                images=[Media("https://monitor.cn.ua/img/1.jpg", "Фото")],
                links=[Link("https://example.org/", "джерело")],
            ), crawl_id=None)
    return path


def run(*args: str):
    return CliRunner().invoke(cli, ["export", *args])


def test_jsonl_keeps_json_columns_as_json(db_path):
    result = run("--db", str(db_path))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["article_id"] for row in rows] == [101, 102, 103]
    assert rows[0]["images"] == [{"url": "https://monitor.cn.ua/img/1.jpg", "caption": "Фото"}]
    assert rows[0]["links"][0]["text"] == "джерело"
    assert rows[0]["title"] == "Заголовок 101"


def test_csv_has_a_header_and_json_text(db_path):
    result = run("--db", str(db_path), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 3
    assert json.loads(rows[0]["images"])[0]["caption"] == "Фото"
    assert rows[0]["published"] == "2024-01-05T10:00:00+02:00"


def test_filters_by_date_and_section(db_path):
    result = run("--db", str(db_path), "--since", "2024-02-01", "--until", "2024-02-01")
    assert [json.loads(line)["article_id"] for line in result.output.splitlines()] == [102]
    result = run("--db", str(db_path), "--section", "politics", "--since", "2024-01-06")
    assert [json.loads(line)["article_id"] for line in result.output.splitlines()] == [103]


def test_writes_to_a_file(db_path, tmp_path):
    target = tmp_path / "articles.csv"
    result = run("--db", str(db_path), "--format", "csv", "--output", str(target))
    assert result.exit_code == 0 and result.output == ""
    assert target.read_text(encoding="utf-8").startswith("url,")


def test_bad_date_and_missing_archive_are_one_line_errors(db_path, tmp_path):
    result = run("--db", str(db_path), "--since", "yesterday")
    assert result.exit_code == 2 and "since must be a date" in result.output
    result = run("--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no archive" in result.output


@pytest.mark.parametrize(("arguments", "said"), [
    (("--section", "sport"), "the archive has no section 'sport'; it has culture, politics"),
    (("--since", "2024-03-01", "--until", "2024-01-01"), "since 2024-03-01 is after until"),
])
def test_a_filter_that_can_match_nothing_says_so(db_path, arguments, said):
    result = run("--db", str(db_path), *arguments)
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {said}")


def test_commands_have_help_with_an_example():
    for command in ("reparse", "export"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Example: monitor-scraper " + command in result.output
