"""Every markup-dependent constant of extraction, in one place.

The landmark path (`landmarks.py`) reads the text of the page and needs none of these except the
tag classes. The XPaths are fallbacks tried when a text landmark is missing; the class words mark
navigation, sidebars, share buttons and footers so that they never reach an article's body.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


BLOCK_TAGS = _words(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p "
    "pre section summary table tbody td tfoot th thead tr ul"
)
SKIP_TAGS = _words(
    "head script style noscript template select option textarea button svg math canvas "
    "map area input label"
)
MEDIA_TAGS = frozenset({"img", "iframe", "video", "embed", "object"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Tags and class/id words that mark boilerplate containers.
BOILER_TAGS = frozenset({"nav", "aside", "footer", "form", "menu"})
BOILER_WORDS = _words(
    "nav navbar navigation menu mainmenu topmenu submenu sidebar share shares sharing social "
    "socials footer banner banners breadcrumb breadcrumbs ads advert adv reklama counter counters "
    "likes print comments subscribe widget-social"
)
FOOTER_WORDS = frozenset({"footer", "copyright", "bottom"})
CAPTION_WORDS = _words(
    "caption figcaption podpis pidpys photo-caption img-caption video-caption wp-caption-text "
    "photo-title video-title image-caption"
)
CLASS_SPLIT = re.compile(r"[\s_]+")

# Fallback XPaths, tried in order when a landmark is missing.
TITLE_XPATHS = (
    "//meta[@property='og:title']/@content",
    "//*[@itemprop='headline']",
    "//h1[contains(concat(' ', normalize-space(@class), ' '), ' title ')]",
    "//article//h1",
    "//h1",
    "//h2[contains(@class, 'title')]",
)
BODY_XPATHS = (
    "//*[@itemprop='articleBody']",
    "//article//*[contains(@class, 'article-body') or contains(@class, 'article-text')]",
    "//*[contains(@class, 'news-text') or contains(@class, 'full-text')]",
    "//article",
)
TITLE_SITE_SUFFIX = re.compile(r"\s*[|:—–-]\s*(Інформ-агенція\s*)?«?Чернігівський монітор»?.*$")

# Text landmarks, compared after folding (lower case, Latin i -> Cyrillic і, no punctuation).
LATEST_HEADING = "останні новини чернігівщини"
ANNOUNCEMENTS_HEADING = "анонси подій"
ALL_NEWS_LINK = "всі новини"
SITE_NAME = "чернігівський монітор"

# A row of links to other articles that opens with one of these (folded: lower case, Latin i read
# as Cyrillic і) is the site's navigation, never body text: it changes when the site relinks, and
# an article would then gain a version its authors never wrote.
SEE_ALSO = ("читайте також", "читайте ще", "читайте по темі", "дивіться також", "див також",
            "по темі", "схожі новини", "більше новин")
# Share of the row's text after the opening words that must be link text.
SEE_ALSO_LINK_SHARE = 0.6

# Blocks made only of these words are share buttons and the like, never body text.
SHARE_WORDS = _words(
    "поділитися поділіться поширити facebook twitter telegram viber whatsapp x linkedin "
    "вконтакте однокласники email e-mail друк друкувати версія для друку надіслати копіювати "
    "посилання share tweet like коментарі коментувати rss"
)
JUNK_PATTERNS = re.compile(
    r"(©|\(c\)\s*\d{4}|всі права захищені|використання матеріалів|при використанні матеріалів)",
    re.IGNORECASE,
)
# Every JUNK_PATTERNS match holds one of these (lower case): a cheap test before the regex.
JUNK_HINTS = ("©", "(c)", "права захищені", "матеріалів")
ERROR_PAGE = re.compile(
    r"(\b404\b|не знайдено|не існує|page not found|not found|помилка|сторінку видалено)",
    re.IGNORECASE,
)
