"""`monitor-scraper verify`: is the archive whole, and is every capture it points at there?

Three checks: the database (SQLite's integrity check, the foreign keys, the search indexes' own
checks); the WARC files the archive's rows name (each in the captures folder?); and, with `deep`,
every record those rows point at, read back: a response for the same article, or an image with the
bytes whose digest was noted. Each problem is counted; the first few of each check are shown.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from monitor_scraper import urls
from monitor_scraper.archive import Archive
from monitor_scraper.archive.check import CaptureReference
from monitor_scraper.captures.read import Capture, capture_at
from monitor_scraper.extract.images import digest

logger = logging.getLogger(__name__)

SHOWN = 10  # problems shown per check; all are counted


@dataclass
class Check:
    name: str
    checked: int = 0
    problems: int = 0
    shown: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)  # what could not be checked, and why

    def add(self, problem: str) -> None:
        self.problems += 1
        if len(self.shown) < SHOWN:
            self.shown.append(problem)


def verify_archive(archive: Archive, warc_dir: Path, *, deep: bool = False) -> dict[str, Any]:
    """What `verify --json` prints: each check with its counts and first problems, and `ok`."""
    database = Check("database", checked=1)
    found = archive.database_problems()
    for problem in found.problems:
        database.add(problem)
    database.unchecked = found.unchecked
    references = list(archive.capture_references())
    files = Check("files")
    present = _check_files(references, warc_dir, files)
    checks = [database, files]
    if deep:
        records = Check("records")
        _check_records([ref for ref in references if ref.warc_file in present], warc_dir,
                       records)
        checks.append(records)
    return {"db": str(archive.path), "warc_dir": str(warc_dir), "deep": deep,
            "ok": not any(check.problems for check in checks),
            "checks": [asdict(check) for check in checks]}


def _check_files(references: list[CaptureReference], warc_dir: Path, check: Check) -> set[str]:
    """The files the rows name that are in `warc_dir`; each missing one is a problem."""
    pointing = Counter(ref.warc_file for ref in references)
    present = set()
    for name in sorted(pointing):
        check.checked += 1
        if Path(name).name == name and (warc_dir / name).is_file():
            present.add(name)
        else:
            check.add(f"{name}: not in {warc_dir} ({pointing[name]} rows point at it)")
    return present


def _check_records(references: list[CaptureReference], warc_dir: Path, check: Check) -> None:
    """Each record the rows point at, read once: the rows come by file and offset, so the rows
    that share a record come together, and only the last record read is kept in memory."""
    last: tuple[tuple[str, int], Capture | str | None] | None = None
    for ref in references:
        check.checked += 1
        key = (ref.warc_file, ref.warc_offset)
        if last is None or last[0] != key:
            last = (key, _read(warc_dir / ref.warc_file, ref.warc_offset))
        problem = _record_problem(ref, last[1])
        if problem:
            check.add(f"{ref.warc_file} at {ref.warc_offset} ({ref.kind} {ref.url}): {problem}")


def _read(path: Path, offset: int) -> Capture | str | None:
    """The response record at `offset`, None when the record there is not one, or why it
    cannot be read."""
    try:
        return capture_at(path, offset)
    except Exception as error:  # whatever a damaged record makes warcio or zlib raise
        return f"unreadable: {type(error).__name__}: {error}".strip().rstrip(":")


def _record_problem(ref: CaptureReference, capture: Capture | str | None) -> str | None:
    if capture is None:
        return "no response record there"
    if isinstance(capture, str):
        return capture
    if ref.kind == "image":
        return None if digest(capture.body) == ref.sha1 else "bytes differ from the digest noted"
    if urls.canonical_article_url(capture.url) != ref.url:
        return f"the record is of {capture.url}"
    return None


def format_report(report: dict[str, Any]) -> str:
    """The report as lines for a person: one per check, then its problems."""
    names = {"database": "database (integrity, foreign keys, search indexes)",
             "files": "WARC files the archive names", "records": "captures read back"}
    lines = [f"Archive {report['db']}, raw captures in {report['warc_dir']}"]
    for check in report["checks"]:
        verdict = "ok" if not check["problems"] else f"{check['problems']} problems"
        counted = "" if check["name"] == "database" else f" ({check['checked']} checked)"
        lines.append(f"  {names[check['name']]}{counted}: {verdict}")
        lines += [f"    {problem}" for problem in check["shown"]]
        lines += [f"    not checked: {what}" for what in check.get("unchecked", [])]
        if check["problems"] > len(check["shown"]):
            lines.append(f"    ... and {check['problems'] - len(check['shown'])} more")
    if not report["deep"]:
        lines.append("  (--deep also reads back every capture the archive points at)")
    return "\n".join(lines)
