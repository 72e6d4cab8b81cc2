"""Export of the archived articles as JSON lines or CSV, for pandas, R or a spreadsheet.

One row per article (its current version, as `Archive.articles` gives it), oldest first.
The JSON columns (images, videos, links) stay JSON values in JSON lines and are JSON text in CSV.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from datetime import date
from typing import Any, TextIO

from monitor_scraper.archive import Archive
from monitor_scraper.archive.reading import JSON_COLUMNS

logger = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv")


class BadFilter(ValueError):
    """A filter that makes no sense (a date that is not YYYY-MM-DD, an unknown format)."""


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadFilter(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def _days(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """The two bounds as dates; BadFilter names the one that is not YYYY-MM-DD."""
    return (_day(since, "since") if since else None, _day(until, "until") if until else None)


def export_articles(archive: Archive, output: TextIO, output_format: str = "jsonl", *,
                    since: str | None = None, until: str | None = None,
                    section: str | None = None) -> int:
    """Write the matching articles to `output`; returns how many. Raises BadFilter, before
    writing anything, for a bad format, date or section."""
    if output_format not in FORMATS:
        raise BadFilter(f"format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    first, last = _days(since, until)
    if first and last and first > last:
        raise BadFilter(f"since {since} is after until {until}: no article can be in between")
    if section and section not in archive.sections():
        raise BadFilter(f"the archive has no section {section!r}; it has "
                        f"{', '.join(archive.sections()) or 'none yet'}")
    rows = archive.articles(first, last, section)
    if output_format == "csv":
        return _write_csv(rows, output, archive.article_columns())
    return _write_jsonl(rows, output)


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
