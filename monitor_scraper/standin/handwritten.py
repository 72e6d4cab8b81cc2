"""Hand-written articles with known text: the fixed points tests and search checks can name.

Each is an `ExpectedArticle` without its id yet (ids follow publication time and are given by
`build_site`). A link href may name another hand-written article as `{name}`; `build_site`
replaces it with that article's path.
"""

from __future__ import annotations

from datetime import datetime

from monitor_scraper.standin.records import KYIV, ExpectedArticle, Image, Paragraph, Video

EGOV = [
    "Всеукраїнська конференція з питань електронної демократії проходила в місті Чернігів "
    "23 – 24 травня.",
    "Всі учасники заходу, а це біля 80 представників громадськості та влади, мали змогу "
    "ознайомитись, обговорити та змістовно поспілкуватись щодо реалій впровадження е-врядування "
    "в Україні.",
    "На завершення учасниками конференції прийняли Резолюцію всеукраїнської конференції "
    "“Електронна демократія в Україні: регіональний вимір”.",
    "Мережа “Моніторинг-Груп” сьогодні вже об’єднує 13 регіонів України.",
]
KREMENCHUK = [
    "Волонтери з Чернігова передали медичні набори та ліки пораненим, які лікуються у Кременчуці.",
    "Збір тривав два тижні: у Чернігові працювали три пункти прийому допомоги.",
    "Наступна поїздка запланована з Чернігова до Кременчука наприкінці місяця, повідомляє Агенцiя.",
]
APOSTROPHES = [
    "У П`ятницю в мiстi вшанували пам’ять жертв Голодоморів.",
    "До пам'ятного знака прийшли сотні людей: представники влади, священники, сім’ї загиблих.",
    "Хвилиною мовчання присутні вшанували пам'яті мільйонів українців; лікарі нагадали про "
    "здоровʼя літніх людей, а волонтери роздавали м‘ясні пиріжки.",
]
DST_FOLD = [
    "Цієї ночі Україна перейшла на зимовий час: о 04:00 годинники перевели на годину назад.",
    "Тож година між третьою та четвертою ранку в Чернігові минула двічі.",
]
DST_SPRING = [
    "Цієї ночі о 03:00 годинники перевели на годину вперед, на літній час.",
    "Перші тролейбуси у Чернігові вийдуть на маршрути за новим часом.",
]
SUMMER = [
    "Нічний забіг «Біла ніч» стартував о пів на четверту ранку на Валу.",
    "Понад триста бігунів з Чернігова, Ніжина та Києва зустріли світанок на фініші.",
]
QUOTES = [
    'Фестиваль «Сіверські зорі» та конкурс "Голос Чернігова" пройдуть разом.',
    "Організатори обіцяють <нові імена> & старих друзів: вхід вільний.",
]
STYLE = [
    "Весна у Чернігові цього року — це пастельні кольори та зручне взуття.",
    "Місцеві дизайнерки показали колекції у Чернігівському художньому музеї.",
]
LINKS = [
    "Про цифрові послуги в області говорять давно.",
]
VIDEO = [
    "Гравці ФК «Десна» повернулися до тренувань після перерви.",
]
COORDINATION = (
    "26 лютого під головуванням директора Департаменту сім’ї, молоді та спорту "
    "облдержадміністрації відбулося засідання робочої групи з питань координації гуманітарної "
    "відповіді на гендерно зумовлене насильство у Чернігівській області."
)
TUPYCHIV = (
    "«У вас не оккупация - у вас спецоперация с восстановления мира. …Через пару-тройку дней ми "
    "возьмем Чернигов, тогда ми вам тут все наладим», - це говорили російські військові у "
    "Тупичеві на Чернігівщині – селі, яке 36 днів було в окупації."
)
PAYMENTS = (
    "Захист прав та інтересів дітей є безумовним пріоритетом у роботі органів Чернігівської "
    "обласної прокуратури."
)
FLOOD = (
    "У Новгород-Сіверському районі сьогодні перебував заступник голови ОДА Дмитро Синенко. "
    "Він, зокрема, провів засідання місцевої комісії з питань ТЕБ та НС."
)
THIS_DAY_TEASER = "День {n} Російська агресія - Day {n} Russian aggression"


def _at(year: int, month: int, day: int, hour: int, minute: int, fold: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=KYIV, fold=fold)


def _article(section: str, moment: datetime, author_id: int, title: str, blocks, **kw):
    flags = frozenset({"handwritten", *kw.pop("flags", ())})
    fixed = tuple(Paragraph(b) if isinstance(b, str) else b for b in blocks) if blocks else None
    return ExpectedArticle(
        0, section, title, moment, author_id, flags=flags, fixed_blocks=fixed, **kw
    )


def state1_articles() -> dict[str, ExpectedArticle]:
    """The hand-written articles of state 1, by name."""
    links = Paragraph(
        "Раніше ми писали про конференцію, про допомогу у Кременчуці та про вшанування "
        "пам’яті; звіт є на сторінці партнерів і у Facebook.",
        (
            ("про конференцію", "http://monitor.cn.ua{egov}"),
            ("про допомогу у Кременчуці", "https://www.monitor.cn.ua{kremenchuk}"),
            ("про вшанування пам’яті", "{apostrophes}"),
            ("на сторінці партнерів", "http://example.org/report.html"),
            ("у Facebook", "https://www.facebook.com/monitor.cn.ua"),
        ),
    )
    photo = Image("/images/2016/autumn_chernihiv.jpg", "Осінній Вал у Чернігові. Фото: Агенцiя")
    video = Video("https://www.youtube.com/embed/dQw4w9WgXcQ", "Відео: тренування ФК «Десна»")
    return {
        "egov": _article(
            "politics",
            _at(2012, 5, 25, 6, 39),
            58,
            "Українське експертне середовище зміцнює свій потенціал у питаннях е-врядування",
            EGOV,
        ),
        "kremenchuk": _article(
            "society",
            _at(2019, 7, 12, 14, 5),
            31,
            "Чернігівські волонтери передали допомогу пораненим у Кременчуці",
            KREMENCHUK,
        ),
        "apostrophes": _article(
            "culture",
            _at(2020, 11, 20, 18, 40),
            44,
            "П`ятниця пам’яті: у Чернігові вшанували жертв Голодоморів",
            APOSTROPHES,
        ),
        "quotes": _article(
            "culture",
            _at(2018, 4, 10, 12, 0),
            90,
            'Фестиваль «Сіверські зорі» & конкурс "Голос Чернігова" <нові імена>',
            QUOTES,
        ),
        "style_69664": _article(
            "style",
            _at(2019, 2, 26, 10, 0),
            58,
            "Тренди весни: що носитимуть чернігівці",
            STYLE,
            extra={"fixed_id": "69664"},
        ),
        "photo_only": _article(
            "culture",
            _at(2016, 9, 3, 11, 20),
            58,
            "Осінь у Чернігові: фоторепортаж",
            [photo],
            flags={"photo"},
        ),
        "dst_fold": _article(
            "society",
            _at(2021, 10, 31, 3, 30, fold=1),
            58,
            "Нічна зміна часу: годинники перевели на зимовий час",
            DST_FOLD,
        ),
        "dst_spring": _article(
            "economy",
            _at(2021, 3, 28, 4, 15),
            12,
            "Перехід на літній час: як працюватиме транспорт",
            DST_SPRING,
        ),
        "summer_night": _article(
            "sport",
            _at(2021, 6, 20, 3, 30),
            73,
            "Нічний забіг «Біла ніч» у Чернігові зібрав сотні бігунів",
            SUMMER,
        ),
        "video": _article(
            "sport",
            _at(2023, 5, 14, 19, 0),
            73,
            "Відео: як «Десна» тренується після перерви",
            [VIDEO[0], video, "Наступна гра — у неділю."],
            flags={"video"},
        ),
        "links": _article(
            "politics",
            _at(2024, 3, 12, 10, 30),
            31,
            "Цифрові послуги на Чернігівщині: що змінилося",
            [LINKS[0], links],
            flags={"links", "offsite"},
        ),
        "long": ExpectedArticle(
            0,
            "society",
            "Хроніка року: повний огляд подій на Чернігівщині",
            _at(2022, 12, 30, 16, 0),
            58,
            flags=frozenset({"handwritten", "long"}),
        ),
        "anons_exhibition": _article(
            "anons",
            _at(2026, 2, 25, 16, 0),
            44,
            "Виставка «Пам’ять Чернігова» відкриється в обласному музеї",
            ["Експозиція розповідає про історію міста від давнини до наших днів."],
            when="3 березня, 15:00",
        ),
        **recent_state1(),
    }


def recent_state1() -> dict[str, ExpectedArticle]:
    """The items of 27 February 2026 seen in the live page's latest-news block."""
    return {
        "this_day": _this_day(27, 1465),
        "flood": _article(
            "politics",
            _at(2026, 2, 27, 8, 52),
            12,
            "Загроза повені і безпекова ситуація: на Новгород-Сіверщині працював Дмитро Синенко",
            [FLOOD],
        ),
        "payments": _article(
            "society",
            _at(2026, 2, 27, 9, 12),
            12,
            "Виплата одноразової грошової допомоги дітям-сиротам з-поміж випускників навчальних "
            "закладів: прокурорами заявлено позови",
            [PAYMENTS],
        ),
        "tupychiv": _article(
            "society",
            _at(2026, 2, 27, 9, 18),
            31,
            "«До роковин вторгнення: 36 днів окупації Тупичева»",
            [TUPYCHIV],
        ),
        "coordination": _article(
            "society",
            _at(2026, 2, 27, 10, 22),
            12,
            "Координація гуманітарної відповіді на гендерно зумовлене насильство: підсумки "
            "засідання робочої групи",
            [COORDINATION],
        ),
    }


def state2_articles() -> dict[str, ExpectedArticle]:
    """Hand-written articles published between state 1 and state 2."""
    return {"this_day_2": _this_day(28, 1466)}


def _this_day(day: int, number: int) -> ExpectedArticle:
    return _article(
        "society",
        _at(2026, 2, day, 8, 50),
        58,
        f"{day} лютого: цей день в Україні і світі",
        [THIS_DAY_TEASER.format(n=number), "Головні події дня в історії України та світу."],
    )
