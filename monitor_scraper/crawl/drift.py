"""Drift alarm: how often extraction found each required field, and whether that is too rarely.

A site redesign seldom breaks a crawl outright: pages still answer 200 and still yield articles,
but without a date or a body. So every crawl counts, over the article pages it extracted, how often
each required field was found (stats `monitor/fields/<name>/found` over `monitor/fields/pages`,
with a few URLs missing it in `monitor/fields/<name>/missing`), and `report.outcome` turns a rate
under its threshold into exit status 5.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from monitor_scraper.items import Article

logger = logging.getLogger(__name__)

REQUIRED_FIELDS = ("title", "published", "body", "latest_news")
PAGES_KEY = "monitor/fields/pages"
SAMPLE_SIZE = 5


def found_key(name: str) -> str:
    return f"monitor/fields/{name}/found"


def missing_key(name: str) -> str:
    return f"monitor/fields/{name}/missing"


def fields_found(article: Article) -> dict[str, bool]:
    """Which required fields extraction found on one article page."""
    return {
        "title": bool(article.title.strip()),
        "published": article.published is not None,
        "body": bool(article.body.strip()),
        "latest_news": bool(article.latest_news),
    }


@dataclass
class DriftRules:
    """When a field's rate is too low: MONITOR_DRIFT_THRESHOLD(S) and MONITOR_DRIFT_MIN_PAGES."""

    threshold: float = 0.9
    thresholds: dict[str, float] = field(default_factory=dict)
    min_pages: int = 5

    @classmethod
    def from_settings(cls, settings: Any) -> DriftRules:
        overrides = settings.getdict("MONITOR_DRIFT_THRESHOLDS")
        unknown = sorted(set(overrides) - set(REQUIRED_FIELDS))
        if unknown:
            logger.warning("MONITOR_DRIFT_THRESHOLDS: no field named %s", ", ".join(unknown))
        return cls(
            threshold=settings.getfloat("MONITOR_DRIFT_THRESHOLD", 0.9),
            thresholds={name: float(value) for name, value in overrides.items()},
            min_pages=settings.getint("MONITOR_DRIFT_MIN_PAGES", 5),
        )

    def threshold_for(self, name: str) -> float:
        return self.thresholds.get(name, self.threshold)


@dataclass
class FieldDrift:
    """A required field found on too few of the crawl's article pages."""

    name: str
    found: int
    pages: int
    threshold: float
    sample: list[str]

    @property
    def rate(self) -> float:
        return self.found / self.pages if self.pages else 0.0

    def message(self) -> str:
        urls = ", ".join(self.sample[:3])
        return (f"{self.name} found on {self.rate:.0%} of {self.pages} article pages "
                f"(threshold {self.threshold:.0%}), e.g. {urls}")

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.name, "rate": round(self.rate, 3), "found": self.found,
                "pages": self.pages, "threshold": self.threshold, "sample": self.sample}


def field_rates(stats: Mapping[str, Any]) -> dict[str, float]:
    """Each required field's rate over the article pages of the crawl ({} when there were none)."""
    pages = int(stats.get(PAGES_KEY, 0))
    if not pages:
        return {}
    return {name: round(int(stats.get(found_key(name), 0)) / pages, 3) for name in REQUIRED_FIELDS}


def judge(stats: Mapping[str, Any], rules: DriftRules) -> list[FieldDrift]:
    """The required fields under their threshold; none when too few pages were seen to judge."""
    pages = int(stats.get(PAGES_KEY, 0))
    if pages < max(rules.min_pages, 1):
        return []
    drifted = []
    for name in REQUIRED_FIELDS:
        found = int(stats.get(found_key(name), 0))
        threshold = rules.threshold_for(name)
        if found / pages < threshold:
            sample = list(stats.get(missing_key(name), []))
            drifted.append(FieldDrift(name, found, pages, threshold, sample))
    return drifted
