"""A timeline of articles per month, stacked by section, laid out for an inline SVG.

No JavaScript and nothing fetched: the page template draws the rectangles computed here. Every
month between the first and the last is a slot, so gaps in the archive show as gaps.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from monitor_scraper.datasette.render import month_label, section_label

logger = logging.getLogger(__name__)

WIDTH = 960
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 26
# Colours by section, so a section looks the same on every page; others take the spares in turn.
SECTION_COLOURS = {
    "politics": "#1f77b4",
    "society": "#ff7f0e",
    "economy": "#2ca02c",
    "culture": "#d62728",
    "sport": "#9467bd",
    "style": "#8c564b",
    "anons": "#e377c2",
}
SPARE_COLOURS = ("#7f7f7f", "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5")


@dataclass
class Bar:
    """One section's part of one month's column."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    month: str
    section: str
    count: int
    href: str
    label: str


@dataclass
class LegendEntry:
    section: str
    label: str
    colour: str
    count: int


@dataclass
class Chart:
    """Everything the template draws, in SVG user units."""

    width: int
    height: int
    bars: list[Bar]
    legend: list[LegendEntry]
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    total: int = 0
    first_month: str = ""
    last_month: str = ""
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM


def month_range(first: str, last: str) -> list[str]:
    """Every `YYYY-MM` from `first` to `last`, both included."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def nice_step(largest: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10ⁿ) giving about `ticks` steps up to `largest`."""
    raw = max(largest / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


def build_chart(
    counts: Iterable[tuple[str, str, int]],
    link: Callable[[str, str], str],
    *,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart | None:
    """Lay out (month, section, count) rows; `link(month, section)` is where a bar leads.

    None when there is nothing to draw.
    """
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for month, section, count in counts:
        if month and len(month) == 7 and count:
            by_month[month][section] = by_month[month].get(section, 0) + count
    if not by_month:
        return None
    months = month_range(min(by_month), max(by_month))
    legend = _legend(by_month)
    colours = {entry.section: entry.colour for entry in legend}
    order = [entry.section for entry in legend]
    tallest = max(sum(sections.values()) for sections in by_month.values())
    step = nice_step(tallest)
    top_value = step * math.ceil(tallest / step)
    plot_width, plot_bottom = width - LEFT - RIGHT, height - BOTTOM
    scale = (plot_bottom - TOP) / top_value
    slot = plot_width / len(months)
    gap = 1.0 if slot >= 3 else 0.0
    bars: list[Bar] = []
    for index, month in enumerate(months):
        x = LEFT + index * slot
        y = float(plot_bottom)
        for section in order:
            count = by_month.get(month, {}).get(section, 0)
            if not count:
                continue
            bar_height = count * scale
            y -= bar_height
            bars.append(Bar(round(x, 2), round(y, 2), round(max(slot - gap, 0.5), 2),
                            round(bar_height, 2), colours[section], month, section, count,
                            link(month, section),
                            f"{month_label(month)} · {section_label(section)}: {count}"))
    return Chart(
        width, height, bars, legend,
        y_ticks=[(round(plot_bottom - value * scale, 2), value)
                 for value in range(0, top_value + 1, step)],
        x_labels=_year_labels(months, slot, plot_width),
        total=sum(entry.count for entry in legend), first_month=months[0], last_month=months[-1],
        plot_left=LEFT, plot_right=width - RIGHT, plot_bottom=plot_bottom,
    )


def _legend(by_month: dict[str, dict[str, int]]) -> list[LegendEntry]:
    totals: dict[str, int] = defaultdict(int)
    for sections in by_month.values():
        for section, count in sections.items():
            totals[section] += count
    spares = iter(SPARE_COLOURS * (len(totals) // len(SPARE_COLOURS) + 1))
    entries = []
    for section in sorted(totals, key=lambda name: (-totals[name], name)):
        colour = SECTION_COLOURS.get(section) or next(spares)
        entries.append(LegendEntry(section, section_label(section), colour, totals[section]))
    return entries


def _year_labels(months: list[str], slot: float, plot_width: float) -> list[tuple[float, str]]:
    """Years under the axis, at each January (or the first month), no closer than 36 units."""
    labels: list[tuple[float, str]] = []
    last_x = -math.inf
    for index, month in enumerate(months):
        if index and not month.endswith("-01"):
            continue
        x = LEFT + index * slot
        if x - last_x < 36 or x > LEFT + plot_width - 12:
            continue
        labels.append((round(x, 2), month[:4] if len(months) > 12 else month_label(month)))
        last_x = x
    return labels
