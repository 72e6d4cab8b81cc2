"""Dates and times as the site prints them, resolved to aware Europe/Kyiv datetimes.

The article date line reads `25.05.2012   06:39Агенцiя`: day.month.year, hour:minute in Kyiv local
time, then the source label run on without a space. The header's live clock
(`Неділя, 1 березня, 07:49:52`) is the time of the visit and is never a publication date.
RSS items carry RFC 822 dates with a Kyiv offset. Everything here is general enough for all three.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

logger = logging.getLogger(__name__)

KYIV = ZoneInfo("Europe/Kyiv")
_ONE_DAY = timedelta(days=1)

AMBIGUOUS = "ambiguous local time"
NONEXISTENT = "nonexistent local time"

_SPACE = r"[\s\u00a0\u2007\u202f]"
DATE_LINE = re.compile(
    rf"^{_SPACE}*(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}){_SPACE}*(?:р\.)?{_SPACE}*"
    rf"(\d{{1,2}}):(\d{{2}})(?![\d:])(.*)$",
    re.DOTALL,
)
CLOCK_TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")

WEEKDAYS = ("понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя")
MONTHS_GENITIVE = (
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
)
_APOSTROPHES = "'’ʼ‘`"
_LIVE_CLOCK = re.compile(
    rf"^{_SPACE}*(понеділок|вівторок|середа|четвер|п[{_APOSTROPHES}]?ятниця|субота|неділя)"
    rf"{_SPACE}*,{_SPACE}*\d{{1,2}}{_SPACE}+({'|'.join(MONTHS_GENITIVE)})"
    rf"(?:{_SPACE}+\d{{4}})?{_SPACE}*,?{_SPACE}*\d{{1,2}}:\d{{2}}(?::\d{{2}})?{_SPACE}*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateLine:
    """A parsed date line: the datetime, the text as printed (spaces normalised), the label."""

    published: datetime | None
    text: str
    label: str
    warnings: tuple[str, ...] = ()


def kyiv_datetime(
    day: int, month: int, year: int, hour: int, minute: int, second: int = 0
) -> datetime:
    """The aware Kyiv datetime for a local wall-clock time.

    The hour that occurs twice in October resolves to its first occurrence (fold=0, summer
    time); `local_time_issue` tells whether the time was ambiguous or skipped in March.
    Raises ValueError for an impossible date.
    """
    return datetime(year, month, day, hour, minute, second, tzinfo=KYIV)


def local_time_issue(moment: datetime) -> str | None:
    """AMBIGUOUS for the doubled October hour, NONEXISTENT for the skipped March hour."""
    if (moment.month, moment.day) not in _days_around_shifts(moment.year):
        return None
    naive = moment.replace(tzinfo=None)
    first = naive.replace(tzinfo=KYIV, fold=0)
    second = naive.replace(tzinfo=KYIV, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    round_trip = first.astimezone(UTC).astimezone(KYIV).replace(tzinfo=None)
    return AMBIGUOUS if round_trip == naive else NONEXISTENT


@functools.lru_cache(maxsize=256)  # one entry per year
def _days_around_shifts(year: int) -> frozenset[tuple[int, int]]:
    """(month, day) of each day of `year` on which Kyiv's UTC offset changes, and of the day
    after: the only days where a local time can be doubled or skipped."""
    found: set[tuple[int, int]] = set()
    day = datetime(year, 1, 1, tzinfo=KYIV)
    offset = day.utcoffset()
    while day.year == year:
        following = (day + _ONE_DAY).replace(hour=0, minute=0)
        if following.utcoffset() != offset:
            found.update({(day.month, day.day), (following.month, following.day)})
        day, offset = following, following.utcoffset()
    return frozenset(found)


def is_live_clock(text: str) -> bool:
    """True for the header clock, e.g. `Неділя, 1 березня, 07:49:52`."""
    return bool(_LIVE_CLOCK.match(text))


def normalise_spaces(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def parse_date_line(text: str) -> DateLine | None:
    """Parse `dd.mm.yyyy HH:MM<label>` at the start of `text`; None if it is not a date line."""
    match = DATE_LINE.match(text)
    if not match:
        return None
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    hour, minute = int(match[4]), int(match[5])
    printed = f"{day:02d}.{month:02d}.{year:04d} {hour:02d}:{minute:02d}"
    label = normalise_spaces(match.group(6))
    try:
        published = kyiv_datetime(day, month, year, hour, minute)
    except ValueError:
        return DateLine(None, printed, label, ("impossible date in date line",))
    issue = local_time_issue(published)
    return DateLine(published, printed, label, (issue,) if issue else ())


CLOCK_AT_END = re.compile(rf"(?<![\d:.])(\d{{1,2}}):(\d{{2}}){_SPACE}*$")


def parse_clock_time(text: str) -> str | None:
    """The last `HH:MM` standing alone at the end of `text`, as "HH:MM"; None if there is none."""
    match = CLOCK_AT_END.search(text)
    return clock_time(match) if match else None


def clock_time(match: re.Match[str]) -> str | None:
    """ "HH:MM" from a CLOCK_AT_END match; None for an impossible time."""
    hour, minute = match.group(1, 2)
    if len(hour) == 2 and hour.isascii() and minute.isascii():  # as printed: no int() needed
        return f"{hour}:{minute}" if hour <= "23" and minute <= "59" else None
    hours, minutes = int(hour), int(minute)
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


def parse_rfc822(text: str) -> datetime | None:
    """An RSS pubDate (`Fri, 25 May 2012 06:39:00 +0300`) as an aware Kyiv datetime, or None.

    A date with no zone or `-0000` is taken as Kyiv local time.
    """
    try:
        moment = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=KYIV)
    return moment.astimezone(KYIV)
