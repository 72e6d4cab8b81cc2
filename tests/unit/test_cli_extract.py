"""The `extract` command through click's runner."""

from __future__ import annotations

import json

from click.testing import CliRunner
from paths import CORPUS

from monitor_scraper.cli import cli

PAGE = CORPUS / "2012_society_egov.html"
URL = "http://www.monitor.cn.ua/ua/society/11000"


def test_extract_prints_article_json():
    result = CliRunner().invoke(cli, ["extract", str(PAGE), "--url", URL])
    assert result.exit_code == 0, result.output
    article = json.loads(result.output)
    assert article["url"] == "https://monitor.cn.ua/ua/society/11000"
    assert article["published"] == "2012-05-25T06:39:00+03:00"
    assert "Українське експертне середовище" in result.output  # not \u-escaped


def test_extract_reads_stdin_and_content_type():
    result = CliRunner().invoke(
        cli,
        ["extract", "-", "--url", URL, "--content-type", "text/html; charset=windows-1251"],
        input=PAGE.read_bytes(),
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["encoding"] == "windows-1251"


def test_not_an_article_is_one_line_and_status_1():
    result = CliRunner().invoke(cli, ["extract", "-", "--url", URL], input=b"")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: not an article: empty page"
    assert result.stdout == ""


def test_missing_file_is_status_2():
    result = CliRunner().invoke(cli, ["extract", "no/such/page.html", "--url", URL])
    assert result.exit_code == 2
    assert "No such file" in result.output


def test_help_ends_with_an_example():
    result = CliRunner().invoke(cli, ["extract", "--help"])
    assert result.exit_code == 0
    assert "Example: monitor-scraper extract" in result.output
