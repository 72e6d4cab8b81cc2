"""Plausible Ukrainian news text from word lists, and Ukrainian renderings of dates and times.

Every generator takes a `random.Random`, so one seed gives one text. The word lists deliberately
carry what the archive's search must cope with: inflected place names (`у Кременчуці`,
`Чернігова`), apostrophes in several characters (`пам’ять`, `пам'яті`, `П`ятниця`) and a Latin `i`
hidden inside Cyrillic words (`Агенцiя`, `мiсто`).
"""

from __future__ import annotations

import random
from datetime import datetime

WEEKDAYS = ["Понеділок", "Вівторок", "Середа", "Четвер", "П’ятниця", "Субота", "Неділя"]
MONTHS_GENITIVE = [
    "січня", "лютого", "березня", "квітня", "травня", "червня",
    "липня", "серпня", "вересня", "жовтня", "листопада", "грудня",
]  # fmt: skip

SECTIONS = {
    "politics": "Політика",
    "style": "Стиль",
    "culture": "Культура",
    "anons": "Анонси",
    "society": "Суспільство",
    "economy": "Економіка",
    "sport": "Спорт",
}

# Source labels as printed; the first is written with a Latin "i", as on the live site.
AUTHORS = {
    58: "Агенцiя",
    12: "Прес-служба ОДА",
    31: "Олена Коваленко",
    44: "Прес-служба міськради",
    73: "Сергій Бондаренко",
    90: "Ірина Шевчук",
}

# (subject, grammatical form of its verb: f = feminine, m = masculine, p = plural)
SUBJECTS = [
    ("Чернігівська обласна рада", "f"), ("Обласна військова адміністрація", "f"),
    ("Міський голова", "m"), ("Департамент сім’ї, молоді та спорту", "m"),
    ("Управління культури", "p"), ("Громадська організація", "f"), ("Обласна прокуратура", "f"),
    ("Поліція Чернігівщини", "f"), ("Депутати міської ради", "p"), ("Волонтери", "p"),
    ("Місцеві підприємці", "p"), ("Учні ліцею", "p"), ("Лікарі обласної лікарні", "p"),
    ("Рятувальники ДСНС", "p"),
]  # fmt: skip
VERB_STEMS = [
    "обговори", "представи", "підтрима", "розгляну", "презентува", "організува", "відзначи",
    "затверди", "перевіри",
]  # fmt: skip
VERB_ENDINGS = {"f": "ла", "m": "в", "p": "ли"}
OBJECTS = [
    "програму розвитку громади", "план відновлення шкіл", "виставку робіт місцевих художників",
    "питання електронного врядування", "фестиваль народної творчості", "ремонт доріг",
    "підсумки року", "проєкт нового скверу", "заходи до Дня пам’яті", "бюджет на наступний рік",
    "гуманітарну допомогу для сімей", "турнір з міні-футболу", "вечір пам'яті поета",
]  # fmt: skip
PLACES = [
    "у Чернігові", "до Чернігова", "біля Чернігова", "у Кременчуці", "на Чернігівщині",
    "у Ніжині", "у Прилуках", "у Новгороді-Сіверському", "у Козельці", "в Остері",
    "у Києві", "у мiстi Чернігів",
]  # fmt: skip
TAILS = [
    "Учасники говорили про плани дій на поточний рік",
    "Про це повідомляє Агенцiя",
    "Захід відбувся у теплій, дружній атмосфері",
    "Наступна зустріч запланована на П`ятницю",
    "Організатори подякували всім, хто долучився",
    "Вшанували пам’ять загиблих захисників",
    "Допомогу отримали понад сто сімей",
    "Деталі — у матеріалі нашого кореспондента",
    "Здоров’я мешканців залишається пріоритетом",
    "Подробиці обіцяють оприлюднити згодом",
]  # fmt: skip
TITLE_OPENERS = [
    "Як", "Що відомо про те, як", "Чому", "На Чернігівщині", "Сьогодні", "Вперше",
]  # fmt: skip


def subject(rng: random.Random) -> str:
    return rng.choice(SUBJECTS)[0]


def clause(rng: random.Random) -> str:
    """`Волонтери підтримали фестиваль народної творчості у Чернігові`."""
    who, form = rng.choice(SUBJECTS)
    verb = rng.choice(VERB_STEMS) + VERB_ENDINGS[form]
    return f"{who} {verb} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"


def sentence(rng: random.Random) -> str:
    return clause(rng) + "."


def paragraph(rng: random.Random) -> str:
    parts = [sentence(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.6:
        parts.append(rng.choice(TAILS) + ".")
    return " ".join(parts)


def paragraphs(rng: random.Random, count: int) -> list[str]:
    return [paragraph(rng) for _ in range(count)]


def title(rng: random.Random) -> str:
    text = clause(rng)
    if rng.random() < 0.2:
        text = f"{rng.choice(TITLE_OPENERS)} {text[0].lower()}{text[1:]}"
    return text


def date_line(moment: datetime) -> str:
    """The article's date as printed: `25.05.2012   06:39` (the source label follows it)."""
    return f"{moment:%d.%m.%Y}   {moment:%H:%M}"


def live_clock(moment: datetime) -> str:
    """The header clock: `Неділя, 1 березня, 07:49:52`."""
    weekday = WEEKDAYS[moment.weekday()]
    return f"{weekday}, {moment.day} {MONTHS_GENITIVE[moment.month - 1]}, {moment:%H:%M:%S}"


def day_and_month(moment: datetime) -> str:
    """`27 лютого`."""
    return f"{moment.day} {MONTHS_GENITIVE[moment.month - 1]}"
