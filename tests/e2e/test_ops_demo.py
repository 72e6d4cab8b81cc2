"""The offline demo end to end: the stand-in served on 127.0.0.1, crawled into data/demo.db, then
crawled again as it is a day later; both reports, a sample search and the edited articles
printed."""

from __future__ import annotations

import subprocess

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
        totals = archive.totals()
        edited = [url for (url,) in archive.db.execute(
            "SELECT url FROM articles WHERE versions > 1 ORDER BY last_changed DESC, url")]
    assert totals["articles"] > 40 and totals["withdrawn"] >= 1  # the day after: new, withdrawn
    assert len(edited) >= 2
    assert len(list((tmp_path / "data" / "demo-warc").glob("*.warc.gz"))) == 2


def test_the_demos_second_run_finds_the_next_days_changes(tmp_path):
    run = monitor_scraper("demo", "--articles", "40", cwd=tmp_path)
    lines = run.stdout.splitlines()
    second = lines.index(next(line for line in lines if line.startswith("Crawl 2 ")))
    assert "exit status 0 (ok)" in lines[second]
    changes = next(line for line in lines[second:] if line.startswith("  articles"))
    new, changed = (int(changes.split()[index]) for index in (1, 3))
    assert new >= 1 and changed >= 2
    edited = lines.index(next(line for line in lines if line.startswith("Edited since")))
    diffs = [line.strip() for line in lines[edited:] if "/diff" in line]
    with Archive(tmp_path / "data" / "demo.db", readonly=True) as archive:
        expected = [url for (url,) in archive.db.execute(
            "SELECT url FROM articles WHERE versions > 1 ORDER BY last_changed DESC, url")]
    assert diffs == ["http://127.0.0.1:8001/-/article/" + "/".join(url.rsplit("/", 2)[-2:])
                     + "/diff" for url in expected]


def test_a_second_demo_starts_afresh(tmp_path):
    assert monitor_scraper("demo", "--articles", "30", cwd=tmp_path).returncode == 0
    again = monitor_scraper("demo", "--articles", "30", cwd=tmp_path)
    assert "  articles       30 new, 0 changed, 0 unchanged, 0 withdrawn" in again.stdout
    assert len(list((tmp_path / "data" / "demo-warc").glob("*.warc.gz"))) == 2


def test_the_demo_lists_every_article_its_second_run_changed(tmp_path):
    run = monitor_scraper("demo", "--articles", "40", cwd=tmp_path)
    lines = run.stdout.splitlines()
    second = lines.index(next(line for line in lines if line.startswith("Crawl 2 ")))
    changed = int(next(line for line in lines[second:] if line.startswith("  articles")).split()[3])
    assert sum(1 for line in lines if line.endswith("/diff")) == changed


def test_every_hint_the_demo_prints_works_when_pasted(tmp_path):
    run = monitor_scraper("demo", "--articles", "30", cwd=tmp_path)
    lines = run.stdout.splitlines()
    hints = [line.strip() for line in lines[lines.index("Next, from this folder:") + 1:]]
    assert len(hints) >= 3
    for hint in hints:
        if hint.endswith("--serve"):
            hint = hint.replace("--serve", "--help")  # serving runs until stopped
        pasted = subprocess.run(hint, shell=True, cwd=tmp_path, capture_output=True, text=True,
                                timeout=120, check=False)  # noqa: S602 - what a user pastes
        assert pasted.returncode == 0, (hint, pasted.stderr[-1000:])
    status = subprocess.run(hints[1], shell=True, cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, check=False)  # noqa: S602
    assert "demo-warc" in status.stdout  # the demo's own captures, not the crawl's default
