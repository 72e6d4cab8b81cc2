"""The offline demo end to end: the stand-in served on 127.0.0.1, crawled into data/demo.db,
the report and a sample search printed."""

from __future__ import annotations

from crawling import monitor_scraper

from monitor_scraper.archive import Archive


def test_the_demo_crawls_the_standin_and_searches_it(tmp_path):
    run = monitor_scraper("demo", "--articles", "40", cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert "exit status 0 (ok)" in lines[0]
    assert "  articles       40 new, 0 changed, 0 unchanged, 0 withdrawn" in lines
    assert "Search «Кременчук» (any form of the word):" in lines
    assert any("[Кременчуці]" in line for line in lines)
    with Archive(tmp_path / "data" / "demo.db", readonly=True) as archive:
        assert archive.totals()["articles"] == 40
    assert list((tmp_path / "data" / "demo-warc").glob("*.warc.gz"))


def test_a_second_demo_starts_afresh(tmp_path):
    assert monitor_scraper("demo", "--articles", "30", cwd=tmp_path).returncode == 0
    again = monitor_scraper("demo", "--articles", "30", cwd=tmp_path)
    assert "  articles       30 new, 0 changed, 0 unchanged, 0 withdrawn" in again.stdout
    assert len(list((tmp_path / "data" / "demo-warc").glob("*.warc.gz"))) == 1
