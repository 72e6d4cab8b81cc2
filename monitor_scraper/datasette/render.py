"""What the browsing pages show a reader: safe article bodies, Kyiv times, section names.

Pure functions over values read from the archive. An article's `body_html` was cleaned when it
was extracted; it is cleaned again here, at render time, with an allow-list of its own, so that
nothing in the archive — whatever wrote it — can put script or event handlers on a served page.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import nh3
from markupsafe import Markup

logger = logging.getLogger(__name__)

KYIV = ZoneInfo("Europe/Kyiv")

# What a reader needs of an article body, and nothing that runs.
BODY_TAGS = {"p", "br", "a", "img", "figure", "figcaption", "strong", "em", "b", "i", "ul", "ol",
             "li", "blockquote"}
BODY_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
# An image not in the raw captures stays on the site: fetched lazily, without telling it which
# archive page asked. A captured one is served by the archive (`with_local_images`).
BODY_SET_ATTRIBUTES = {"img": {"loading": "lazy", "referrerpolicy": "no-referrer"}}

MONTHS_GENITIVE = ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
                   "вересня", "жовтня", "листопада", "грудня")
MONTHS_SHORT = ("січ", "лют", "бер", "кві", "тра", "чер", "лип", "сер", "вер", "жов", "лис", "гру")

SECTION_LABELS = {
    "politics": "Політика",
    "society": "Суспільство",
    "economy": "Економіка",
    "culture": "Культура",
    "sport": "Спорт",
    "style": "Стиль",
    "anons": "Анонси",
}

_BLANK_LINE = re.compile(r"\n\s*\n")
# An image's address in HTML that nh3 wrote (attributes double-quoted, values escaped).
_IMAGE_SOURCE = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def section_label(section: str | None) -> str:
    """The section's Ukrainian name, or its URL name when it is not a known one."""
    return SECTION_LABELS.get(section or "", section or "")


def kyiv_time(moment: str | None) -> str:
    """An ISO 8601 time as a reader in Kyiv writes it: `25 травня 2012, 06:39`."""
    local = _kyiv(moment)
    if local is None:
        return moment or ""
    return f"{local.day} {MONTHS_GENITIVE[local.month - 1]} {local.year}, {local:%H:%M}"


def kyiv_short(moment: str | None) -> str:
    """An ISO 8601 time as `25.05.2012 06:39`, Kyiv time."""
    local = _kyiv(moment)
    return f"{local:%d.%m.%Y %H:%M}" if local is not None else (moment or "")


def _kyiv(moment: str | None) -> datetime | None:
    if not moment:
        return None
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed
    return parsed.astimezone(KYIV)


def month_label(month: str) -> str:
    """`2022-05` as `тра 2022`."""
    year, _, number = month.partition("-")
    if not number.isdigit() or not 1 <= int(number) <= 12:
        return month
    return f"{MONTHS_SHORT[int(number) - 1]} {year}"


def clean_body_html(body_html: str | None) -> str:
    """`body_html` through the render-time allow-list: no script, style, handlers or odd URLs."""
    if not body_html:
        return ""
    return nh3.clean(
        body_html,
        tags=BODY_TAGS,
        clean_content_tags={"script", "style", "template", "iframe", "object", "noscript"},
        attributes=BODY_ATTRIBUTES,
        set_tag_attribute_values=BODY_SET_ATTRIBUTES,
        url_schemes={"http", "https"},
        url_relative="deny",
        link_rel="noopener noreferrer nofollow",
    ).strip()


def text_paragraphs(body: str | None) -> str:
    """Plain text as HTML paragraphs: split at blank lines, escaped, line breaks kept."""
    paragraphs = [part.strip() for part in _BLANK_LINE.split(body or "") if part.strip()]
    return "\n".join(
        "<p>" + html.escape(part).replace("\n", "<br>\n") + "</p>" for part in paragraphs
    )


def article_body(body_html: str | None, body: str | None) -> Markup:
    """The body to show: cleaned HTML when it has any text or picture, else the text as
    paragraphs."""
    cleaned = clean_body_html(body_html)
    if cleaned and (re.sub(r"<[^>]*>", "", cleaned).strip() or image_sources(cleaned)):
        return Markup(cleaned)  # noqa: S704 - nh3 output, allow-listed above
    return Markup(text_paragraphs(body))  # noqa: S704 - escaped above


def image_sources(cleaned: str) -> list[str]:
    """The addresses of the images in a cleaned body, in order."""
    return [html.unescape(match.group(2)) for match in _IMAGE_SOURCE.finditer(cleaned)]


def with_local_images(cleaned: str, local: dict[str, str]) -> Markup:
    """A cleaned body with each image found in `local` (its address -> the archive's) served
    from the archive instead of the site."""
    def swap(match: re.Match[str]) -> str:
        there = local.get(html.unescape(match.group(2)))
        if there is None:
            return match.group(0)
        return match.group(1) + html.escape(there, quote=True) + match.group(3)

    return Markup(_IMAGE_SOURCE.sub(swap, cleaned))  # noqa: S704 - cleaned, addresses escaped
