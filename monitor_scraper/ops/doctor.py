"""`monitor-scraper doctor`: fetch a few live pages and show, field by field, what extraction found.

The first thing to run after a drift alarm. A plain HTTP GET (stdlib urllib, the crawl's
User-Agent), no Scrapy: a monitor.cn.ua address of any host variant is fetched from the base URL
as the crawl does (`urls.fetch_url`), then `extract.explain` says which landmark, selector or
fallback found each field.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from monitor_scraper import __version__, urls
from monitor_scraper.crawl.drift import REQUIRED_FIELDS
from monitor_scraper.extract import explain

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FIELDS_MISSING = 1
EXIT_NOT_FETCHED = 3


class FetchError(Exception):
    """The page could not be fetched at all (no HTTP answer). The message says why."""


@dataclass
class FetchedPage:
    url: str  # where it was fetched from
    status: int
    content_type: str | None
    body: bytes


@dataclass
class Diagnosis:
    """One page: where it came from and `explain()`'s report, or why it could not be fetched."""

    url: str
    fetched: FetchedPage | None = None
    error: str | None = None
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """The required fields not found (all of them when the page is not an article)."""
        if not self.report.get("article"):
            return list(REQUIRED_FIELDS)
        fields = self.report.get("fields", {})
        return [name for name in REQUIRED_FIELDS if not _found(fields.get(name, {}))]

    def to_dict(self) -> dict[str, Any]:
        fetched = self.fetched
        return {
            "url": self.url, "error": self.error, "missing": self.missing if not self.error else [],
            "fetched_from": fetched.url if fetched else None,
            "status": fetched.status if fetched else None, **self.report,
        }


def _found(entry: dict[str, Any]) -> bool:
    value = entry.get("found")
    if entry.get("via") == "not found" or value in (None, ""):
        return False
    return not (isinstance(value, str) and value.startswith(("0 items", "0 characters")))


def user_agent(settings: Any) -> str:
    """The crawl's User-Agent: USER_AGENT, else built from MONITOR_CONTACT as the spider does."""
    return settings.get("USER_AGENT") or (
        f"monitor-scraper/{__version__} (+{settings.get('MONITOR_CONTACT')})"
    )


def fetch_page(url: str, agent: str, timeout: float = 30, max_bytes: int = 4 << 20) -> FetchedPage:
    """GET `url`; an HTTP error status is a page too (its body is what the site said)."""
    try:
        request = urllib.request.Request(url, headers={"User-Agent": agent})
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return FetchedPage(answer.geturl(), answer.status,
                               answer.headers.get("Content-Type"), answer.read(max_bytes))
    except urllib.error.HTTPError as error:
        return FetchedPage(url, error.code, error.headers.get("Content-Type"), error.read())
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"{url}: {reason}") from None


def page_address(text: str) -> str | None:
    """An http(s) address from what a user typed (`monitor.cn.ua/ua/...` gets https://)."""
    text = text.strip()
    if "://" not in text:
        text = "https://" + text
    return urls.absolute(text, text)


def diagnose_url(url: str, base_url: str, agent: str, timeout: float = 30) -> Diagnosis:
    """Fetch one address (from `base_url` when it is a site URL) and explain its extraction."""
    address = urls.canonical_article_url(url) or url
    source = urls.fetch_url(url, base_url) if urls.is_site_url(url) else url
    try:
        page = fetch_page(source, agent, timeout)
    except FetchError as error:
        return Diagnosis(address, error=str(error))
    return Diagnosis(address, fetched=page,
                     report=explain(page.body, address, page.content_type))


def diagnose_file(body: bytes, url: str, content_type: str | None = None) -> Diagnosis:
    """Explain the extraction of a saved page, `url` being the address it was saved from."""
    address = urls.canonical_article_url(url) or url
    return Diagnosis(address, report=explain(body, address, content_type))


def exit_status(diagnoses: list[Diagnosis]) -> int:
    if any(item.error for item in diagnoses):
        return EXIT_NOT_FETCHED
    if any(item.missing for item in diagnoses):
        return EXIT_FIELDS_MISSING
    return EXIT_OK


def format_diagnosis(item: Diagnosis) -> str:
    """Field by field: found or MISSING, the value (shortened) and which landmark found it."""
    lines = [item.url]
    if item.error:
        return "\n".join([*lines, f"  not fetched: {item.error}"])
    if item.fetched:
        page = item.fetched
        lines.append(f"  fetched        {page.url}: HTTP {page.status}, {page.content_type or '?'}")
    if not item.report.get("article"):
        return "\n".join([*lines, f"  NOT AN ARTICLE: {item.report.get('reason')}"])
    lines.append(f"  encoding       {item.report.get('encoding')}")
    for name, entry in item.report.get("fields", {}).items():
        mark = "ok" if _found(entry) else "MISSING"
        value = _shorten(str(entry.get("found") or "")) if _found(entry) else ""
        lines.append(f"  {name:<15}{mark:<8}{value}".rstrip())
        lines.append(f"  {'':<23}via {entry.get('via') or '?'}")
    warnings = item.report.get("warnings") or []
    lines.append(f"  warnings       {'; '.join(warnings) if warnings else 'none'}")
    return "\n".join(lines)


def _shorten(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
