"""Write the extraction test corpus: stand-in pages of monitor.cn.ua and their expected fields.

Deterministic: `python tests/corpus/make_corpus.py` rewrites the same `.html` files and
`expected.json`. The pages follow the facts known about the live site (title, date line with the
source label run on, body, «Останні новини Чернігівщини», «АНОНСИ ПОДІЙ», «Всі новини», the live
clock, navigation, share buttons, footer) in three page templates, as a site that changed its CMS
over twenty years would have: a 2008-era table layout, a 2012-era div layout, an HTML5 layout.

Expected values are written here by hand from the page specs, never computed by the extractor.
"""

# The page templates and page specs are literal HTML and prose: long lines read better whole.
# ruff: noqa: E501

from __future__ import annotations

import json
import random
import re
from html import escape
from pathlib import Path

HERE = Path(__file__).parent
ORIGIN = "https://monitor.cn.ua"
LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
BOLD = re.compile(r"\*\*([^*]+)\*\*")

# ---------------------------------------------------------------- side blocks (title, href, time, teaser, expected url)
LATEST_2026 = [
    ("Координація гуманітарної відповіді на гендерно зумовлене насильство: підсумки засідання "
     "робочої групи", "/ua/society/93410", "10:22",
     "26 лютого під головуванням директора Департаменту сім’ї, молоді та спорту облдержадміністрації "
     "відбулося засідання робочої групи з питань координації гуманітарної відповіді на гендерно "
     "зумовлене насильство у Чернігівській області.", f"{ORIGIN}/ua/society/93410"),
    ("«До роковин вторгнення: 36 днів окупації Тупичева»", "http://monitor.cn.ua/ua/politics/93409",
     "09:18", "«У вас не оккупация - у вас спецоперация с восстановления мира», - це говорили "
     "російські військові у Тупичеві на Чернігівщині.", f"{ORIGIN}/ua/politics/93409"),
    ("Виплата одноразової грошової допомоги дітям-сиротам з-поміж випускників навчальних закладів: "
     "прокурорами заявлено позови", "https://www.monitor.cn.ua/ua/society/93408", "09:12",
     "Захист прав та інтересів дітей є безумовним пріоритетом у роботі органів Чернігівської "
     "обласної прокуратури.", f"{ORIGIN}/ua/society/93408"),
    ("Загроза повені і безпекова ситуація: на Новгород-Сіверщині працював Дмитро Синенко",
     "/ua/politics/93407", "08:52", "", f"{ORIGIN}/ua/politics/93407"),
    ("27 лютого: цей день в Україні і світі", "/ua/culture/93406", "08:50",
     "День 1465 Російська агресія - Day 1465 Russian aggression", f"{ORIGIN}/ua/culture/93406"),
]
LATEST_2012 = [
    ("Депутати міськради збираються на позачергову сесію", "http://www.monitor.cn.ua/ua/politics/11002",
     "18:40", "Питання порядку денного: бюджет і земля.", f"{ORIGIN}/ua/politics/11002"),
    ("У «Ніжині» відкрили виставку вишиванок", "/ua/culture/11001", "17:05", "",
     f"{ORIGIN}/ua/culture/11001"),
    ("«Десна» – «Нафтовик»: 2:1", "/ua/sport/10999", "15:30",
     "Чернігівці здобули третю перемогу поспіль.", f"{ORIGIN}/ua/sport/10999"),
    ("27 лютого: цей день в Україні і світі", "/ua/culture/10990", "08:50",
     "День 1465 Російська агресія - Day 1465 Russian aggression", f"{ORIGIN}/ua/culture/10990"),
]
LATEST_2008 = [
    ("Ціни на хліб у Чернігові поки не зростатимуть", "/ua/economy/3301", "12:10",
     "Про це заявили в обласному управлінні економіки.", f"{ORIGIN}/ua/economy/3301"),
    ("Мер зустрівся з ветеранами", "http://monitor.cn.ua/ua/politics/3300", "11:45", "",
     f"{ORIGIN}/ua/politics/3300"),
    ("Фестиваль «Слов’янська зоря» збирає гостей", "/ua/culture/3299", "09:00",
     "Свято триватиме три дні.", f"{ORIGIN}/ua/culture/3299"),
]
# (title, href, when, teaser, expected url)
ANONS_A = [
    ("Концерт камерної музики у філармонії", "/ua/anons/93390", "05.03.2026 18:00",
     "Виконуватимуть твори Лисенка і Скорика.", f"{ORIGIN}/ua/anons/93390"),
    ("Виставка «Чернігів стародавній»", "http://www.monitor.cn.ua/ua/anons/93385", "10.03.2026 10:00",
     "", f"{ORIGIN}/ua/anons/93385"),
]
ANONS_B = [
    ("Міський турнір з шахів", "/ua/anons/10980", "02.06.2012 11:00", "Реєстрація на місці.",
     f"{ORIGIN}/ua/anons/10980"),
]

CLOCKS = ["Неділя, 1 березня, 07:49:52", "П’ятниця, 13 грудня, 23:05:10",
          "Понеділок, 7 липня, 12:00:01", "Середа, 21 листопада, 06:39:40"]
NAV = ["Головна", "Політика", "Суспільство", "Економіка", "Культура", "Спорт", "Стиль", "Анонси"]
HEADER_LINE = "Інформ-агенція «Чернігівський монітор»:"
FOOTER = "© 2006–2026 Інформ-агенція «Чернігівський монітор». При використанні матеріалів посилання обов’язкове."


def inline(text: str) -> str:
    """Spec text to HTML: `[text](href)` links and `**bold**`, everything else escaped."""
    out = escape(text, quote=False)
    out = LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', out)
    return BOLD.sub(r"<b>\1</b>", out)


def plain(text: str) -> str:
    return BOLD.sub(r"\1", LINK.sub(r"\1", text))


def absolute(src: str) -> str:
    if src.startswith("//"):
        return "https:" + src
    return ORIGIN + src if src.startswith("/") else src


# ---------------------------------------------------------------- template 2008: tables, font, <br><br>
def body_2008(body: list) -> str:
    out = []
    for part in body:
        if isinstance(part, str):
            out.append(f"{inline(part)}<br><br>\n")
        elif part[0] == "img":
            cap = f"<i>{escape(part[2], quote=False)}</i>" if part[2] else ""
            out.append(f'<img src="{part[1]}" border="0" hspace="5" alt=""><br>{cap}<br><br>\n')
        elif part[0] == "video":
            out.append(f'<object width="425" height="344"><param name="movie" value="{part[1]}">'
                       f'<embed src="{part[1]}" type="application/x-shockwave-flash"></embed></object>'
                       f"<br>{escape(part[2], quote=False)}<br><br>\n")
        elif part[0] == "cut":
            out.append("<!--CUT-->")
    return "".join(out)


def latest_2008(items: list) -> str:
    out = ['<b><font color="#990000">Останні новини Чернігівщини</font></b><br><br>\n']
    for title, href, time, teaser, _ in items:
        out.append(f'<a href="{href}"><img src="/img/thumbs/t.jpg" alt="{escape(title)}" width="60"></a><br>'
                   f'<a href="{href}"><b>{escape(title, quote=False)}</b></a> '
                   f'<font color="gray" size="1">{time}</font><br>')
        out.append(f"{escape(teaser, quote=False)}<br><br>\n" if teaser else "<br>\n")
        out.append("<!--CUT-->")
    return "".join(out)


def anons_2008(items: list) -> str:
    out = ['<b>АНОНСИ ПОДІЙ</b><br><br>\n']
    for title, href, when, teaser, _ in items:
        out.append(f'<a href="{href}">{escape(title, quote=False)}</a><br><font size="1">{when}</font><br>')
        out.append(f"{escape(teaser, quote=False)}<br><br>\n" if teaser else "<br>\n")
    return "".join(out)


def page_2008(spec: dict, charset: str) -> str:
    nav = " | ".join(f'<a href="/ua/{n}">{n}</a>' for n in NAV)
    return f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{escape(spec['title'], quote=False)} :: Чернігівський монітор</title>
<script>var clock = 1; document.write('<b>' + clock + '</b>');</script>
<style>td {{ font-family: Verdana }}</style></head>
<body bgcolor="#ffffff"><table width="100%" border="0" cellpadding="2">
<tr><td colspan="3" class="top">{HEADER_LINE} <a href="/news_author-58.xml">RSS</a> <a href="http://twitter.com/cn_monitor">Twitter</a> <a href="http://facebook.com/cnmonitor">Facebook</a></td></tr>
<tr><td colspan="3"><font size="5">Інформ-агенція «Чернігівський монітор»</font></td></tr>
<tr><td colspan="3" align="right"><font size="1" id="clock">{spec['clock']}</font></td></tr>
<tr><td width="160" valign="top" bgcolor="#eeeeee">{nav}<br><br><a href="/ua/">Архів</a></td>
<td valign="top"><font size="4"><b>{escape(spec['title'], quote=False)}</b></font><br>
<font size="1" color="#666666">{spec['date_html']}</font><font size="1">{spec['label']}</font><br><br>
<font size="2">{body_2008(spec['body'])}</font>
<font size="1"><a href="/print.php?id={spec['id']}">Версія для друку</a> | <a href="mailto:?subject=news">Надіслати</a> | Поділитися</font>
</td>
<td width="220" valign="top">{latest_2008(spec['latest']) if spec['latest'] else ''}
{anons_2008(spec['anons']) if spec['anons'] else ''}<br><a href="/ua/">Всі новини</a></td></tr>
<tr><td colspan="3" class="bottom" align="center"><font size="1">{FOOTER}</font></td></tr>
</table></body></html>
"""


# ---------------------------------------------------------------- template 2012: divs, XHTML doctype
def body_2012(body: list) -> str:
    out = []
    for part in body:
        if isinstance(part, str):
            out.append(f"<p>{inline(part)}</p>\n")
        elif part[0] == "img":
            cap = f'<div class="photo-caption">{escape(part[2], quote=False)}</div>' if part[2] else ""
            out.append(f'<div class="photo"><img src="{part[1]}" alt="" />{cap}</div>\n')
        elif part[0] == "video":
            out.append(f'<p><iframe width="560" height="315" src="{part[1]}" frameborder="0"></iframe></p>'
                       f'<p class="video-caption">{escape(part[2], quote=False)}</p>\n')
        elif part[0] == "list":
            out.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in part[1]) + "</ul>\n")
        elif part[0] == "quote":
            out.append(f"<blockquote><p>{inline(part[1])}</p></blockquote>\n")
        elif part[0] == "cut":
            out.append("<!--CUT-->")
    return "".join(out)


def latest_2012(items: list) -> str:
    out = ['<div class="lastnews"><div class="ln-head">Останні новини Чернігівщини</div>\n']
    for title, href, time, teaser, _ in items:
        t = escape(title, quote=False)
        out.append(f'<div class="ln-item"><div class="ln-pic"><a href="{href}"><img src="/thumbs/1.jpg" alt="{escape(title)}" /></a>'
                   f'<span class="pic-title">{t}</span></div>'
                   f'<a class="ln-link" href="{href}">{t}</a> <span class="ln-time">{time}</span>')
        out.append(f'<div class="ln-teaser">{escape(teaser, quote=False)}</div>' if teaser else "")
        out.append("</div>\n<!--CUT-->")
    return "".join(out) + "</div>\n"


def anons_2012(items: list) -> str:
    out = ['<div class="anons-block"><h3>АНОНСИ ПОДІЙ</h3>\n']
    for title, href, when, teaser, _ in items:
        out.append(f'<div class="anons-item"><span class="anons-date">{when}</span> '
                   f'<a href="{href}">{escape(title, quote=False)}</a>')
        out.append(f"<p>{escape(teaser, quote=False)}</p>" if teaser else "")
        out.append("</div>\n")
    return "".join(out) + "</div>\n"


def page_2012(spec: dict, charset: str) -> str:
    nav = "".join(f'<li><a href="/ua/{n}">{n}</a></li>' for n in NAV)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{escape(spec['title'], quote=False)} | Чернігівський монітор</title>
<link rel="alternate" type="application/rss+xml" href="/news_author-58.xml" />
<script type="text/javascript">function tick() {{ return "Неділя, 1 березня, 07:49:52"; }}</script>
</head><body><div id="wrapper">
<div id="header"><div class="top-line">{HEADER_LINE} <a href="/news_author-58.xml">RSS</a> <a href="https://twitter.com/cn_monitor">Twitter</a> <a href="https://www.facebook.com/cnmonitor">Facebook</a></div>
<div class="logo"><a href="/">Інформ-агенція «Чернігівський монітор»</a></div>
<div id="clock">{spec['clock']}</div></div>
<div id="menu"><ul>{nav}</ul></div>
<div id="content"><div class="news-full">
<h1 class="title">{escape(spec['title'], quote=False)}</h1>
<div class="date">{spec['date_html']}<span class="author">{spec['label']}</span></div>
<div class="news-text">
{body_2012(spec['body'])}</div>
<div class="share"><span>Поділитися:</span> <a href="https://www.facebook.com/sharer.php">Facebook</a> <a href="https://twitter.com/share">Twitter</a></div>
</div></div>
<div id="right" class="sidebar">
<div class="banner"><a href="http://example.org/ad"><img src="/banners/b1.gif" alt="Реклама" /></a></div>
{latest_2012(spec['latest']) if spec['latest'] else ''}
{anons_2012(spec['anons']) if spec['anons'] else ''}
<div class="all-news"><a href="/ua/">Всі новини</a></div>
</div>
<div id="footer"><p>{FOOTER}</p><p>Лічильник відвідувань</p></div>
</div></body></html>
"""


# ---------------------------------------------------------------- template 2020: HTML5
def body_2020(body: list) -> str:
    out = []
    for part in body:
        if isinstance(part, str):
            out.append(f"<p>{inline(part)}</p>\n")
        elif part[0] == "img":
            cap = f"<figcaption>{escape(part[2], quote=False)}</figcaption>" if part[2] else ""
            out.append(f'<figure class="image"><img src="{part[1]}" alt="" loading="lazy">{cap}</figure>\n')
        elif part[0] == "video":
            out.append(f'<figure class="video"><iframe src="{part[1]}" allowfullscreen></iframe>'
                       f"<figcaption>{escape(part[2], quote=False)}</figcaption></figure>\n")
        elif part[0] == "list":
            out.append("<ol>" + "".join(f"<li>{inline(i)}</li>" for i in part[1]) + "</ol>\n")
        elif part[0] == "quote":
            out.append(f"<blockquote>{inline(part[1])}</blockquote>\n")
        elif part[0] == "cut":
            out.append("<!--CUT-->")
    return "".join(out)


def latest_2020(items: list) -> str:
    out = ['<section class="latest-news"><h2>Останні новини Чернігівщини</h2><ul>\n']
    for title, href, time, teaser, _ in items:
        t = escape(title, quote=False)
        dup = f'<span class="thumb-title">{t}</span>' if title.startswith("27 лютого") else ""
        out.append(f'<li><a class="thumb" href="{href}"><img src="/thumbs/2.webp" alt="{escape(title)}">{dup}</a>'
                   f'<h3><a href="{href}">{t}</a></h3><time>{time}</time>')
        out.append(f"<p>{escape(teaser, quote=False)}</p>" if teaser else "")
        out.append("</li>\n<!--CUT-->")
    return "".join(out) + "</ul></section>\n"


def anons_2020(items: list) -> str:
    out = ['<section class="announcements"><h2>АНОНСИ ПОДІЙ</h2>\n']
    for title, href, when, teaser, _ in items:
        out.append(f'<article><a href="{href}"><h3>{escape(title, quote=False)}</h3></a><p class="when">{when}</p>')
        out.append(f"<p>{escape(teaser, quote=False)}</p>" if teaser else "")
        out.append("</article>\n")
    return "".join(out) + "</section>\n"


def page_2020(spec: dict, charset: str) -> str:
    nav = "".join(f'<a href="/ua/{n}">{n}</a>' for n in NAV)
    return f"""<!doctype html>
<html lang="uk"><head><meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(spec['title'], quote=False)} — Чернігівський монітор</title>
<meta property="og:title" content="{escape(spec['title'])}">
<style>.clock {{ float: right }}</style>
</head><body>
<header class="site-header"><p class="top">{HEADER_LINE} <a href="/news_author-58.xml">RSS</a> <a href="https://x.com/cn_monitor">Twitter</a> <a href="https://facebook.com/cnmonitor">Facebook</a></p>
<p class="site-name">Інформ-агенція «Чернігівський монітор»</p>
<time class="clock">{spec['clock']}</time>
<nav class="main-nav">{nav}</nav></header>
<main><article class="post">
<header><h1>{escape(spec['title'], quote=False)}</h1>
<div class="post-meta">{spec['date_html']}<span class="source">{spec['label']}</span></div></header>
<div class="article-body">
{body_2020(spec['body'])}</div>
<div class="social-share"><a href="https://facebook.com/sharer">Facebook</a> <a href="https://t.me/share">Telegram</a> <a href="https://x.com/intent">X</a></div>
</article>
{latest_2020(spec['latest']) if spec['latest'] else ''}
{anons_2020(spec['anons']) if spec['anons'] else ''}
<p class="all-news"><a href="/ua/">Всі новини →</a></p>
</main>
<footer class="site-footer"><p>{FOOTER}</p><nav>{nav}</nav></footer>
</body></html>
"""


TEMPLATES = {"2008": page_2008, "2012": page_2012, "2020": page_2020}

# ---------------------------------------------------------------- bodies
EGOV = [
    "Всеукраїнська конференція з питань електронної демократії проходила в місті Чернігів 23 – 24 травня.",
    "Всі учасники заходу, а це біля 80 представників громадськості та влади, мали змогу ознайомитись, "
    "обговорити та змістовно поспілкуватись щодо реалій впровадження е-врядування в Україні.",
    "В результаті дискусій, учасники дійшли висновку, що саме синергія дій “влада + громада” дає "
    "позитивний і стійкий результат.",
    "Мережа “[Моніторинг-Груп](http://www.monitoring-group.org.ua/)” сьогодні вже об’єднує 13 регіонів України.",
    "Загалом конференція пройшла у теплій, дружній атмосфері.",
]
SENTENCES = [
    "Обласна рада розглянула програму розвитку доріг на наступні п’ять років.",
    "Депутати наголосили, що ремонт мостів у Менському та Сосницькому районах має стати першочерговим.",
    "Фінансування передбачено з обласного бюджету та державного дорожнього фонду.",
    "Голова постійної комісії зауважив, що торік кошти освоїли лише наполовину.",
    "Представники громад просили врахувати й сільські дороги між старостинськими округами.",
    "У департаменті пообіцяли оприлюднити перелік об’єктів до кінця місяця.",
    "Громадські активісти закликали проводити тендери відкрито, через систему Prozorro.",
    "За їхніми даними, ціна квадратного метра ремонту в області вища за середню по країні.",
    "Підрядники пояснюють це станом доріг і коротким будівельним сезоном.",
    "Наступне засідання, присвячене цьому питанню, відбудеться у вересні.",
    "На Чернігівщині 2 740 кілометрів доріг місцевого значення, з них третина потребує ремонту.",
    "Журналісти «Чернігівського монітора» стежитимуть за виконанням програми.",
]


def long_body(count: int) -> list:
    return [" ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(7)) for i in range(count)]


def spec(**kw) -> dict:
    base = dict(template="2012", charset="windows-1251", meta=True, content_type="text/html",
                label="Агенцiя", latest=LATEST_2012, anons=ANONS_B, clock=CLOCKS[0], cut_at=None,
                warnings=[])
    base.update(kw)
    base["id"] = int(base["url"].rstrip("/").rsplit("/", 1)[1])
    return base


ARTICLES = [
    # ----- 2008-era table layout
    spec(file="2008_politics_summer.html", template="2008", url="http://www.monitor.cn.ua/ua/politics/3120",
         title="Обласна рада затвердила програму підтримки фермерів",
         date_html="14.07.2008&nbsp;&nbsp;&nbsp;11:05", published_text="14.07.2008 11:05",
         published="2008-07-14T11:05:00+03:00",
         body=["Сесія обласної ради підтримала програму на 2008–2010 роки.",
               "На неї передбачено 12 мільйонів гривень. Детальніше – на [сайті ради](http://oblrada.cn.ua/).",
               "Програма **набуде чинності** з 1 серпня."],
         latest=LATEST_2008, anons=[], clock=CLOCKS[2]),
    spec(file="2008_culture_winter_image.html", template="2008", url="http://monitor.cn.ua/ua/culture/3560",
         title="У драмтеатрі прем’єра «Наталки Полтавки»",
         date_html="12.12.2008 16:40", published_text="12.12.2008 16:40",
         published="2008-12-12T16:40:00+02:00", label="Ольга Савченко",
         body=["Чернігівський драмтеатр імені Шевченка показав нову постановку.",
               ("img", "/images/news/2008/12/teatr.jpg", "Сцена з вистави. Фото автора"),
               "Наступні покази – 19 і 26 грудня."],
         latest=LATEST_2008, anons=[], clock=CLOCKS[1]),
    spec(file="2009_society_photo_only.html", template="2008", url="http://www.monitor.cn.ua/ua/society/4211",
         title="Фоторепортаж: Чернігів у снігу", date_html="03.02.2009&nbsp;09:15",
         published_text="03.02.2009 09:15", published="2009-02-03T09:15:00+02:00",
         body=[("img", "/images/news/2009/02/snig.jpg", "Вал і Спаський собор після снігопаду")],
         latest=LATEST_2008, anons=[]),
    spec(file="2010_sport_quotes.html", template="2008", url="http://www.monitor.cn.ua/ua/sport/6020",
         title="«Десна» перемогла \"Нафтовик\" у дербі", date_html="07.08.2010  19:30",
         published_text="07.08.2010 19:30", published="2010-08-07T19:30:00+03:00",
         body=["Матч завершився з рахунком 2:1.", "Голи забили Мороз і Сахневич."],
         latest=LATEST_2008, anons=[]),
    spec(file="2010_economy_video.html", template="2008", url="http://www.monitor.cn.ua/ua/economy/6633",
         title="Як працює новий елеватор під Прилуками", date_html="21.11.2010 13:00",
         published_text="21.11.2010 13:00", published="2010-11-21T13:00:00+02:00",
         body=["Елеватор розрахований на 60 тисяч тонн зерна.",
               ("video", "http://www.youtube.com/v/Xk2aB9cD0eF", "Відео: екскурсія елеватором")],
         latest=LATEST_2008, anons=[]),
    spec(file="2011_anons_event.html", template="2008", url="http://www.monitor.cn.ua/ua/anons/8001",
         title="Анонс: День міста на Валу", date_html="30.09.2011 10:00",
         published_text="30.09.2011 10:00", published="2011-09-30T10:00:00+03:00",
         body=["21 вересня о 12:00 на Валу – концерт і ярмарок.", "Вхід вільний."],
         latest=LATEST_2008, anons=ANONS_B),
    spec(file="2011_style_truncated_latest.html", template="2008", url="http://www.monitor.cn.ua/ua/style/8455",
         title="Осінні тренди: що носять чернігівці", date_html="15.10.2011 12:20",
         published_text="15.10.2011 12:20", published="2011-10-15T12:20:00+03:00",
         body=["Стилісти радять теплі відтінки.", "Фото вуличної моди – у нашій галереї."],
         latest=LATEST_2008, anons=[], cut_at=2, warnings=["truncated HTML?"]),
    spec(file="2008_politics_ampersand.html", template="2008", url="http://www.monitor.cn.ua/ua/politics/3333",
         title='Бюджет-2009: "економія" & <реформи> на Чернігівщині', date_html="22.12.2008 10:10",
         published_text="22.12.2008 10:10", published="2008-12-22T10:10:00+02:00",
         body=["Депутати ухвалили бюджет з дефіцитом & без резерву.", "Формула a < b > c тут ні до чого."],
         latest=LATEST_2008, anons=[]),
    # ----- 2012-era div layout
    spec(file="2012_society_egov.html", url="http://www.monitor.cn.ua/ua/society/11000",
         title="Українське експертне середовище зміцнює свій потенціал у питаннях е-врядування",
         date_html="25.05.2012 &nbsp; 06:39", published_text="25.05.2012 06:39",
         published="2012-05-25T06:39:00+03:00", body=EGOV, latest=LATEST_2026, anons=ANONS_A),
    spec(file="2012_politics_winter.html", url="http://monitor.cn.ua/ua/politics/10512",
         title="Губернатор провів нараду щодо опалення", date_html="17.01.2012 08:20",
         published_text="17.01.2012 08:20", published="2012-01-17T08:20:00+02:00",
         body=["Температура в оселях має бути не нижчою за 18 градусів.", "Контроль – щоденний."],
         clock=CLOCKS[3]),
    spec(file="2012_culture_images.html", url="http://www.monitor.cn.ua/ua/culture/11240",
         title="Музей Тарновського повертає колекцію", date_html="02.06.2012 14:00",
         published_text="02.06.2012 14:00", published="2012-06-02T14:00:00+03:00",
         body=["До музею повернули 40 робіт.",
               ("img", "/upload/2012/06/muzey1.jpg", "Зала з портретами"),
               "Експозицію відкриють у липні.",
               ("img", "http://www.monitor.cn.ua/upload/2012/06/muzey2.jpg", "")]),
    spec(file="2013_style_apostrophes.html", url="http://www.monitor.cn.ua/ua/style/15020",
         title="П’ятниця, пам'ять і вʼїзд: ‘тиха’ П`ятниця у Чернігові", date_html="18.10.2013 17:45",
         published_text="18.10.2013 17:45", published="2013-10-18T17:45:00+03:00",
         body=["Сім’я, об'єднання, пʼять і ‘лапки’ – все як надруковано.", "П`ятниця видалася теплою."]),
    spec(file="2014_anons_page.html", url="http://www.monitor.cn.ua/ua/anons/19880",
         title="Анонс: фестиваль «Слов’янська зоря»", date_html="10.07.2014 09:00",
         published_text="10.07.2014 09:00", published="2014-07-10T09:00:00+03:00",
         body=["Фестиваль відбудеться 12–13 липня у парку «Ялівщина»."], label="Прес-служба"),
    spec(file="2014_economy_no_latest.html", url="http://www.monitor.cn.ua/ua/economy/20001",
         title="Ціни на ринках області стабільні", date_html="03.03.2014 11:11",
         published_text="03.03.2014 11:11", published="2014-03-03T11:11:00+02:00",
         body=["Моніторинг цін провели 1 березня.", "Подорожчали лише яйця."], latest=[],
         warnings=["no latest-news block"]),
    spec(file="2015_sport_nbsp.html", url="http://www.monitor.cn.ua/ua/sport/30500",
         title="Легкоатлети привезли три медалі", date_html="\n  20.06.2015&nbsp;&nbsp;\n&nbsp;07:05 ",
         published_text="20.06.2015 07:05", published="2015-06-20T07:05:00+03:00",
         body=["Змагання проходили у Луцьку."]),
    spec(file="2016_politics_utf8.html", url="https://monitor.cn.ua/ua/politics/40123", charset="utf-8",
         title="Сесія міськради: бюджет на 2017 рік", date_html="27.12.2016 15:00",
         published_text="27.12.2016 15:00", published="2016-12-27T15:00:00+02:00",
         body=["Міський бюджет ухвалено.", "Видатки на освіту зростуть на 20%."]),
    spec(file="2012_society_no_teasers.html", url="http://www.monitor.cn.ua/ua/society/11111",
         title="Волонтери зібрали одяг для переселенців", date_html="11.11.2012 10:00",
         published_text="11.11.2012 10:00", published="2012-11-11T10:00:00+02:00",
         body=["Пункт збору працює щодня."],
         latest=[(t, h, tm, "", u) for t, h, tm, _, u in LATEST_2012]),
    spec(file="2013_culture_video.html", url="http://www.monitor.cn.ua/ua/culture/16100",
         title="Кліп чернігівського гурту набрав мільйон переглядів", date_html="05.04.2013 12:30",
         published_text="05.04.2013 12:30", published="2013-04-05T12:30:00+03:00",
         body=["Гурт зняв кліп на Валу.",
               ("video", "//www.youtube.com/embed/AbC123xyz", "Відео: кліп гурту на YouTube"),
               "Прем’єра відбулася минулого тижня."]),
    spec(file="2016_society_long.html", url="http://www.monitor.cn.ua/ua/society/45000",
         title="Програма розвитку доріг: повний текст обговорення", date_html="14.09.2016 18:00",
         published_text="14.09.2016 18:00", published="2016-09-14T18:00:00+03:00",
         body=long_body(100)),
    spec(file="2017_politics_latin_i.html", url="http://www.monitor.cn.ua/ua/politics/52000",
         title="Чернiгiв приймає форум мiст", date_html="09.02.2017 13:13",
         published_text="09.02.2017 13:13", published="2017-02-09T13:13:00+02:00",
         body=["Форум мiст – у Чернiгові вперше."], label="Агенцiя «Монiтор»"),
    spec(file="2018_culture_lists.html", url="http://www.monitor.cn.ua/ua/culture/60000",
         title="П’ять книжок весни від бібліотекарів", date_html="21.03.2018 16:16",
         published_text="21.03.2018 16:16", published="2018-03-21T16:16:00+02:00",
         body=["Бібліотекарі радять:", ("list", ["«Ворошиловград»", "«Фелікс Австрія»", "«Інтернат»"]),
               ("quote", "Читання – найкращий відпочинок, – каже директорка."), "Усі книжки є в абонементі."]),
    # ----- HTML5 layout
    spec(file="2020_politics_utf8.html", template="2020", charset="utf-8",
         url="https://monitor.cn.ua/ua/politics/70010", title="Вибори-2020: як голосуватимуть у карантин",
         date_html="<time>15.06.2020</time> <time>09:45</time>", published_text="15.06.2020 09:45",
         published="2020-06-15T09:45:00+03:00", latest=LATEST_2026, anons=ANONS_A,
         body=["ЦВК оприлюднила правила.", "Дільниці працюватимуть з 8:00 до 20:00."]),
    spec(file="2021_culture_figure.html", template="2020", url="https://monitor.cn.ua/ua/culture/78000",
         title="Реставрація Катерининської церкви завершена", date_html="28.08.2021 10:30",
         published_text="28.08.2021 10:30", published="2021-08-28T10:30:00+03:00",
         latest=LATEST_2026, anons=ANONS_A,
         body=["Роботи тривали два роки.", ("img", "/media/2021/08/church.jpg", "Церква після реставрації"),
               "Відкриття – у неділю."]),
    spec(file="2022_style_69664.html", template="2020", url="http://monitor.cn.ua/ua/style/69664",
         title="Стиль воєнного часу: що змінилося", date_html="12.02.2022 20:20",
         published_text="12.02.2022 20:20", published="2022-02-12T20:20:00+02:00",
         latest=LATEST_2026, anons=ANONS_A, body=["Мода стала практичнішою.", "Більше хакі."]),
    spec(file="2022_anons_page.html", template="2020", url="https://www.monitor.cn.ua/ua/anons/93012",
         title="Анонс: благодійний ярмарок", date_html="01.12.2022 12:00",
         published_text="01.12.2022 12:00", published="2022-12-01T12:00:00+02:00",
         latest=LATEST_2026, anons=ANONS_A, body=["Ярмарок відбудеться на Красній площі."]),
    spec(file="2019_ambiguous_october.html", template="2020", url="https://monitor.cn.ua/ua/society/64000",
         title="Нічна аварія на Київській", date_html="27.10.2019 03:30",
         published_text="27.10.2019 03:30", published="2019-10-27T03:30:00+03:00",
         latest=LATEST_2026, anons=ANONS_A, body=["Аварія сталася вночі."],
         warnings=["ambiguous local time"]),
    spec(file="2023_video_only.html", template="2020", url="https://monitor.cn.ua/ua/society/88000",
         title="Відео: розмінування полів", date_html="11.05.2023 14:14",
         published_text="11.05.2023 14:14", published="2023-05-11T14:14:00+03:00",
         latest=LATEST_2026, anons=ANONS_A,
         body=[("video", "https://www.youtube.com/embed/Mine2023xy", "Сапери ДСНС на Чернігівщині")]),
    spec(file="2024_society_truncated_body.html", template="2020", url="https://monitor.cn.ua/ua/society/90500",
         title="Енергетики відновили світло в громадах", date_html="19.01.2024 07:30",
         published_text="19.01.2024 07:30", published="2024-01-19T07:30:00+02:00",
         latest=LATEST_2026, anons=ANONS_A,
         body=["Світло повернули у 12 громадах.", "Бригади працювали всю ніч.", ("cut",), "Цей абзац не дійшов."],
         cut_at=1, warnings=["truncated HTML?", "no latest-news block"]),
    spec(file="2025_economy_header_charset.html", template="2020", meta=False,
         content_type="text/html; charset=windows-1251", url="https://monitor.cn.ua/ua/economy/92000",
         title="Бізнес області сплатив більше податків", date_html="10.04.2025 11:00",
         published_text="10.04.2025 11:00", published="2025-04-10T11:00:00+03:00",
         latest=LATEST_2026, anons=ANONS_A, body=["Надходження зросли на 14%."]),
    spec(file="2025_sport_no_charset.html", template="2020", meta=False,
         url="https://monitor.cn.ua/ua/sport/92100", title="Чернігівські борці – призери чемпіонату",
         date_html="02.11.2025 18:30", published_text="02.11.2025 18:30",
         published="2025-11-02T18:30:00+02:00", latest=LATEST_2026, anons=ANONS_A,
         body=["Чемпіонат України з вільної боротьби проходив у Києві.", "Наші здобули два срібла."]),
    spec(file="2026_politics_wrong_header.html", template="2020",
         content_type="text/html; charset=utf-8", url="https://monitor.cn.ua/ua/politics/93400",
         title="Засідання ради оборони області", date_html="26.02.2026 16:00",
         published_text="26.02.2026 16:00", published="2026-02-26T16:00:00+02:00",
         latest=LATEST_2026, anons=ANONS_A, body=["Обговорили безпекову ситуацію в прикордонні."]),
    spec(file="2026_society_quotes_title.html", template="2012", url="https://monitor.cn.ua/ua/society/93405",
         title='"Гроші – на армію": учні <5-Б> зібрали 10 000 & більше', date_html="27.02.2026 08:05",
         published_text="27.02.2026 08:05", published="2026-02-27T08:05:00+02:00",
         latest=LATEST_2026, anons=ANONS_A, body=["Учні продавали власні вироби на ярмарку."]),
]

# ---------------------------------------------------------------- pages that are not articles
LISTING = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Всі новини | Чернігівський монітор</title></head><body>
<div id="clock">Неділя, 1 березня, 07:49:52</div>
<h1>Всі новини</h1>
<div class="item"><a href="/ua/politics/93400">Засідання ради оборони області</a><div class="date">26.02.2026 16:00</div></div>
<div class="item"><a href="/ua/society/93405">Учні зібрали гроші на армію</a><div class="date">27.02.2026 08:05</div></div>
<div class="pages"><a href="/ua/?start=0">1</a> <a href="/ua/?start=20">2</a> <a href="/ua/?start=40">3</a></div>
</body></html>
"""
ERROR_404 = """<!doctype html><html lang="uk"><head><meta charset="windows-1251">
<title>Помилка 404 — Чернігівський монітор</title></head><body>
<header><p>Інформ-агенція «Чернігівський монітор»: <a href="/news_author-58.xml">RSS</a></p>
<time class="clock">Неділя, 1 березня, 07:49:52</time><nav><a href="/ua/">Головна</a></nav></header>
<main><h1>Помилка 404</h1><p>Сторінку не знайдено. Можливо, її видалено.</p>
<p><a href="/ua/">Всі новини</a></p></main><footer><p>© 2006–2026 Чернігівський монітор</p></footer>
</body></html>
"""
PLAIN_NOT_FOUND = """<html><body><p>Not Found</p>
<p>The requested URL was not found on this server.</p></body></html>
"""
NON_ARTICLES = [
    ("listing_start_20.html", "https://monitor.cn.ua/ua/?start=20", LISTING.encode("cp1251"), "listing page"),
    ("error_404.html", "https://monitor.cn.ua/ua/politics/999999", ERROR_404.encode("cp1251"), "error page"),
    ("not_found_plain.html", "http://monitor.cn.ua/ua/culture/123456", PLAIN_NOT_FOUND.encode("ascii"),
     "no title and no date line"),
    ("empty.html", "https://monitor.cn.ua/ua/politics/1", b"", "empty page"),
    ("binary_junk.html", "https://monitor.cn.ua/ua/politics/2",
     random.Random(1465).randbytes(3000), "binary"),
]


# ---------------------------------------------------------------- writing
def render(page: dict) -> bytes:
    text = TEMPLATES[page["template"]](page, page["charset"])
    if not page["meta"]:
        text = re.sub(r"<meta[^>]*charset[^>]*>\n?", "", text)
    if page["cut_at"]:
        text = "<!--CUT-->".join(text.split("<!--CUT-->")[: page["cut_at"]])
    text = text.replace("<!--CUT-->", "")
    if page["charset"] == "utf-8":
        return text.encode("utf-8")
    return text.encode("cp1251", errors="xmlcharrefreplace")


def expected_of(page: dict) -> dict:
    body, images, videos, links = [], [], [], []
    cut_in_body = False
    for part in page["body"]:
        if isinstance(part, str):
            body.append(plain(part))
            links += [[absolute(h), t] for t, h in LINK.findall(part)]
        elif part[0] in ("img", "video"):
            (images if part[0] == "img" else videos).append([absolute(part[1]), part[2]])
            if part[2]:
                body.append(part[2])
        elif part[0] == "list":
            body += [plain(item) for item in part[1]]
        elif part[0] == "quote":
            body.append(plain(part[1]))
        elif part[0] == "cut" and page["cut_at"]:
            cut_in_body = True
            break
    latest = page["latest"]
    anons = page["anons"]
    if cut_in_body:
        latest, anons = [], []
    elif page["cut_at"]:
        latest, anons = latest[: page["cut_at"]], []
    section_id = re.search(r"/ua/[a-z]+/\d+", page["url"]).group(0)
    return {
        "url": ORIGIN + section_id,
        "title": page["title"],
        "published": page["published"],
        "published_text": page["published_text"],
        "author": page["label"],
        "body": body,
        "images": images,
        "videos": videos,
        "links": links,
        "latest_news": [[t, u, tm, teaser] for t, _h, tm, teaser, u in latest],
        "announcements": [[t, u, when, teaser] for t, _h, when, teaser, u in anons],
        "warnings": page["warnings"],
    }


def main() -> None:
    expected: dict[str, dict] = {}
    for page in ARTICLES:
        (HERE / page["file"]).write_bytes(render(page))
        expected[page["file"]] = {
            "url": page["url"],
            "content_type": page["content_type"],
            "template": page["template"],
            "expected": expected_of(page),
        }
    for name, url, data, error in NON_ARTICLES:
        (HERE / name).write_bytes(data)
        expected[name] = {"url": url, "content_type": "text/html", "error": error}
    text = json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True)
    (HERE / "expected.json").write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(expected)} pages to {HERE}")


if __name__ == "__main__":
    main()
