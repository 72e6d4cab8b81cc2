"""Hostile search input: random strings, FTS5 operators, quotes, brackets and bad dates.

`Archive.search` returns hits or raises BadQuery with a one-line message, never an SQL error;
the `search` command prints hits or one `Error:` line with exit status 2, never a traceback.
A BadQuery that only the SQL-error guard in `archive.search` produced ("could not be searched")
means the query parser let FTS5 syntax through, and fails the test too.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta, timezone

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor_scraper.archive import Archive, BadQuery
from monitor_scraper.cli import cli

KYIV = timezone(timedelta(hours=3))
SQL_LEAK = "could not be searched"
FTS5_BITS = st.sampled_from([
    '"', "'", "(", ")", "*", "^", ":", "-", "+", "NEAR(", "NEAR", "AND", "OR", "NOT", "{", "}",
    "title_lemmas:", "body_forms :", "article_search", "rank", "bm25(", ";", "--", "/*", "*/",
    "\\", "\x00", "%", "_", "у", "в", "і", "Кременчук", "Кременчуці", "пам’ять", "П`ятниця",
    "Агенцiя", "міст*", '"обласна рада"', "a*", "*a", " ", "  ", "\t", "\n", "\u00a0", "🙂",
    "DROP TABLE articles", "' OR 1=1 --", '") OR ("', "x' UNION SELECT", "ё", "й", "ї",
])
QUERIES = st.one_of(
    st.text(max_size=40),
    st.lists(FTS5_BITS, max_size=12).map("".join),
    st.lists(st.one_of(FTS5_BITS, st.text(max_size=5)), max_size=10).map(" ".join),
)
DATES = st.one_of(st.none(), st.sampled_from(["2022-01-01", "2022-13-40", "yesterday", "",
                                              "2022-05-01T10:00:00+03:00", "'; --"]),
                  st.text(max_size=12))
FAST = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def db_path(tmp_path_factory, archive_of_texts):
    return archive_of_texts(tmp_path_factory.mktemp("search_input") / "monitor.db", [
        ("politics", "Міст у Кременчуці", "У Кременчуці відкрили новий міст через Дніпро."),
        ("culture", "Концерт", "До Кременчука приїхав оркестр; пам’ять про «Десну»."),
        ("style", "Мода", "Чернігівські дизайнери показали колекцію. NEAR AND OR NOT"),
    ])


@pytest.fixture(scope="module")
def archive(db_path):
    with Archive(db_path, readonly=True) as opened:
        yield opened


def one_line_refusal(error: BadQuery) -> None:
    message = str(error)
    assert message and "\n" not in message
    assert SQL_LEAK not in message, message


@FAST
@given(query=QUERIES, since=DATES, until=DATES, section=st.one_of(st.none(), st.text(max_size=8)))
def test_archive_search_answers_or_refuses_in_one_line(archive, query, since, until, section):
    try:
        hits = archive.search(query, since=since, until=until, section=section, limit=5)
    except BadQuery as error:
        one_line_refusal(error)
        return
    assert len(hits) <= 5
    for hit in hits:
        assert hit.url.startswith("https://monitor.cn.ua/ua/")


@pytest.mark.parametrize("query", [
    '"', '""', '"""', "(", ")", "()", "NEAR(", "NEAR(Кременчук", "AND", "OR", "NOT", "-", "*",
    "**", "^", ":", "title_lemmas:міст", "{title_forms}: міст", "міст OR", "OR міст", "міст -",
    "-міст", "' OR 1=1 --", "x'); DROP TABLE articles; --", "міст\x00", "NEAR AND OR NOT",
])
def test_fts5_operators_are_read_as_text(archive, query):
    try:
        archive.search(query)
    except BadQuery as error:
        one_line_refusal(error)


def test_the_archive_is_untouched_by_queries(db_path, archive):
    for query in ("x'); DROP TABLE articles; --", '"); DELETE FROM articles; --'):
        try:
            archive.search(query)
        except BadQuery as error:
            one_line_refusal(error)
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    finally:
        connection.close()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=QUERIES, since=DATES)
def test_search_command_never_shows_a_traceback(db_path, query, since):
    args = ["search", query, "--db", str(db_path), "--limit", "3"]
    if since is not None:
        args += ["--since", since]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and SQL_LEAK not in errors[0], result.output
