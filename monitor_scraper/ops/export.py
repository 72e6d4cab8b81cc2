"""Export of the archived articles as JSON lines or CSV, for pandas, R or a spreadsheet.

One row per article (the current version, as the `articles` table holds it), oldest first.
The JSON columns (images, videos, links) stay JSON values in JSON lines and are JSON text in CSV.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from monitor_scraper.archive import Archive

logger = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv")
JSON_COLUMNS = ("images", "videos", "links")


class BadFilter(ValueError):
    """A filter that makes no sense (a date that is not YYYY-MM-DD, an unknown format)."""


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadFilter(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def article_filter(since: str | None = None, until: str | None = None,
                   section: str | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters. Dates compare against `published` (Kyiv time)."""
    clauses: list[str] = []
    params: list[Any] = []
    if since:
        clauses.append("published >= ?")
        params.append(_day(since, "since").isoformat())
    if until:
        # `published` is "YYYY-MM-DDTHH:MM:SS+03:00": anything before the next day is inside.
        clauses.append("published < ?")
        params.append((_day(until, "until") + timedelta(days=1)).isoformat())
    if section:
        clauses.append("section = ?")
        params.append(section)
    return " AND ".join(clauses), params


def iter_articles(archive: Archive, since: str | None = None, until: str | None = None,
                  section: str | None = None) -> Iterator[dict[str, Any]]:
    where, params = article_filter(since, until, section)
    yield from archive.db.table("articles").rows_where(
        where or None, params, order_by="published, article_id"
    )


def export_articles(db_path: str | Path, output: TextIO, output_format: str = "jsonl", *,
                    since: str | None = None, until: str | None = None,
                    section: str | None = None) -> int:
    """Write the matching articles to `output`; returns how many. Raises BadFilter."""
    if output_format not in FORMATS:
        raise BadFilter(f"format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    article_filter(since, until, section)  # a bad date fails before any output
    with Archive(db_path, readonly=True) as archive:
        rows = iter_articles(archive, since, until, section)
        if output_format == "csv":
            return _write_csv(rows, output, _columns(archive))
        return _write_jsonl(rows, output)


def _columns(archive: Archive) -> list[str]:
    return list(archive.db.table("articles").columns_dict)


def _write_jsonl(rows: Iterator[dict[str, Any]], output: TextIO) -> int:
    count = 0
    for row in rows:
        for column in JSON_COLUMNS:
            if isinstance(row.get(column), str):
                row[column] = json.loads(row[column])
        output.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_csv(rows: Iterator[dict[str, Any]], output: TextIO, columns: list[str]) -> int:
    writer = csv.DictWriter(output, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count
