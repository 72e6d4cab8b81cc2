"""Synthetic Ukrainian news text for the archive benchmark, shaped like real text.

Words follow one Zipf-Mandelbrot law over function words (the most frequent ranks, as in real
text) and content lemmas from the pymorphy3 dictionary, each written in one of its inflected forms
(a few forms of a word are much more common than the rest). Real articles are about something:
each draws part of its words from a topic, and repeats some of its own words, so a content word's
share of articles is lower than its share of all words would suggest.
"""

from __future__ import annotations

import itertools
import logging
import random
from dataclasses import dataclass, field

from monitor_scraper.archive import textsearch

logger = logging.getLogger(__name__)

# Roughly in order of frequency in Ukrainian news text.
FUNCTION_WORDS = """і в на у з що до та не за від як для про це його але також а по який які яка
    із після під щоб вже при було буде є через між так ще де коли їх її він вона вони ми тому
    лише тільки якщо або чи зі над перед""".split()  # noqa: SIM905
CONTENT_LEMMAS = 30_000
ZIPF_EXPONENT = 1.0
ZIPF_SHIFT = 2.7  # Mandelbrot's q: flattens the very top ranks as in real text
TOPICS = 300
TOPIC_SIZE = 60
TOPIC_SHARE = 0.15  # content words drawn from the article's topic
REPEAT_SHARE = 0.12  # content words repeating one already in the article
SENTENCE_WORDS = 14
# The commonest function words lead the ranking; the rest come every few ranks after, among the
# commonest content words (as `рік`, `область` rank among function words in real news text).
LEADING_FUNCTION_WORDS = 16
FUNCTION_WORD_EVERY = 3


def dictionary_lemmas(rng: random.Random, count: int) -> list[list[str]]:
    """`count` content lemmas (nouns, verbs, adjectives), each as its list of forms, most
    common form first; in random order, which becomes their frequency rank."""
    morph = textsearch._morph()
    lemmas: set[str] = set()
    for prefix in "абвгдежзиклмнопрстуфхцчшщюяієї":
        for number, parse in enumerate(morph.iter_known_word_parses(prefix)):
            if parse.normal_form == parse.word and parse.tag.POS in ("NOUN", "VERB", "ADJF"):
                lemmas.add(parse.normal_form)
            if number > 60_000:
                break
    chosen = rng.sample(sorted(lemmas - set(FUNCTION_WORDS)), min(count, len(lemmas)))
    lexemes = []
    for lemma in chosen:
        forms = sorted({form.word for form in morph.parse(lemma)[0].lexeme} - {lemma})
        rng.shuffle(forms)
        lexemes.append([lemma, *forms])
    return lexemes


@dataclass
class TextModel:
    """Draws titles and bodies; `lexemes[i]` is the content lemma of rank i (0 most common)."""

    lexemes: list[list[str]]
    rng: random.Random
    topics: list[list[int]] = field(init=False)
    _words: list[int] = field(init=False)
    _cumulative: list[float] = field(init=False)
    _form_weights: dict[int, list[float]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        total = len(FUNCTION_WORDS) + len(self.lexemes)
        weights = [1 / (rank + 1 + ZIPF_SHIFT) ** ZIPF_EXPONENT for rank in range(total)]
        self._words = _ranking(len(self.lexemes))
        self._cumulative = list(itertools.accumulate(weights))
        middle = range(50, min(5000, len(self.lexemes)))
        self.topics = [self.rng.sample(middle, TOPIC_SIZE) for _ in range(TOPICS)]

    def lemma(self, rank: int) -> str:
        return self.lexemes[rank][0]

    def text(self, words: int) -> str:
        """`words` words in sentences, the first letter of each sentence capitalised."""
        topic = self.rng.choice(self.topics)
        used: list[int] = []
        out: list[str] = []
        drawn = self.rng.choices(self._words, cum_weights=self._cumulative, k=words)
        for index, rank in enumerate(drawn):
            word = FUNCTION_WORDS[-rank - 1] if rank < 0 else self._content_word(rank, topic, used)
            out.append(word.capitalize() if index % SENTENCE_WORDS == 0 else word)
            if index % SENTENCE_WORDS == SENTENCE_WORDS - 1:
                out[-1] += "."
        return " ".join(out)

    def _content_word(self, rank: int, topic: list[int], used: list[int]) -> str:
        roll = self.rng.random()
        if roll < REPEAT_SHARE and used:
            rank = self.rng.choice(used)
        elif roll < REPEAT_SHARE + TOPIC_SHARE:
            rank = self.rng.choice(topic)
        used.append(rank)
        return self._form(rank)

    def _form(self, rank: int) -> str:
        forms = self.lexemes[rank]
        weights = self._form_weights.get(len(forms))
        if weights is None:
            weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(forms))))
            self._form_weights[len(forms)] = weights
        return self.rng.choices(forms, cum_weights=weights)[0]


def _ranking(content: int) -> list[int]:
    """The word at each overall rank: -1 - i for function word i, else the content rank."""
    words = [-1 - i for i in range(LEADING_FUNCTION_WORDS)]
    function = iter(range(LEADING_FUNCTION_WORDS, len(FUNCTION_WORDS)))
    for rank in range(content):
        words.append(rank)
        if rank % FUNCTION_WORD_EVERY == FUNCTION_WORD_EVERY - 1:
            words.extend(-1 - i for i in itertools.islice(function, 1))
    words.extend(-1 - i for i in function)
    return words
