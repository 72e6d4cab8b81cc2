"""Ukrainian-aware text for full-text search: folding, dictionary forms, queries and snippets.

Knows no database schema. `indexing` feeds what `index_columns()` returns into an FTS5 table with
four columns (title and body, each as dictionary forms and as folded surface forms); `search`
turns a user's query into an FTS5 expression with `parse_query()`.

Folding (text and query alike): NFKC; every apostrophe character dropped (`пам’ять`, `пам'ять`,
`памʼять` all become `память`); Latin look-alike letters inside a word that has Cyrillic letters
become Cyrillic (`Агенцiя` -> `агенція`); lower case.

Dictionary forms come from pymorphy3 with its Ukrainian dictionaries: a word form is indexed under
every lemma of its readings (`Києві` -> `київ`, `кий`), and a query word that is itself a
dictionary form is read as that word only, so `Київ` finds `у Києві` while `Чернігова` still finds
every form of `Чернігів`. Words the dictionary does not know fall back to their folded form less a
common inflectional ending. docs/benchmarks.md has the measured recall and precision.
"""

from __future__ import annotations

import functools
import html
import logging
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from typing import cast

logger = logging.getLogger(__name__)

APOSTROPHES = "'’ʼ‘`´′＇"
_APOSTROPHE_DROP = str.maketrans("", "", APOSTROPHES)
# Latin letters that look like Cyrillic ones; applied only inside words with Cyrillic letters.
_LOOKALIKES = str.maketrans(
    "aceiopxyïABCEHIKMOPTXYÏ",
    "асеіорхуїАВСЕНІКМОРТХУЇ",
)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-zïÏ]")
_NEEDS_FOLDING = re.compile(rf"[{APOSTROPHES}A-Za-zïÏ]")  # else folding a word only lowers it
# A word: letters/digits, with apostrophes inside it. Hyphens and all else separate words.
WORD = re.compile(rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*")

# Function words: indexed as surface forms (phrases need them) but not as dictionary forms, and
# dropped from unquoted queries (`у Кременчуці` must also find `в Кременчуці`).
STOPWORDS = frozenset(
    """а аби але б би бо в во від він вона вони воно все до є ж же з за зі і із й їй їх к ко
    коли крім ли на над наш не ні о об от під по при про та так також те ти то у уже усе хоч
    це цей чи що щоб як які який як ще""".split()  # noqa: SIM905
)

# Ordered longest first: a crude strip for words the dictionary does not know.
_ENDINGS = sorted(
    """ами ями ові еві ому ого ими іми ій ою ею ах ях ам ям ів їв ом ем ей ий ій ої ої їй ою ую
    юю ая яя ее ие іє ої а я о е и і ї у ю""".split(),  # noqa: SIM905
    key=len,
    reverse=True,
)
_MIN_STEM = 4


@functools.lru_cache(maxsize=1)
def _morph():  # noqa: ANN202 - pymorphy3 has no type hints
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def fold(text: str) -> str:
    """The searchable form of a piece of text: NFKC, apostrophes dropped, look-alikes, lower."""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(fold_word(word) for word in WORD.findall(text))


@functools.lru_cache(maxsize=50_000)
def fold_word(word: str) -> str:
    """One word folded (see module docstring); `word` is a WORD match."""
    if _LATIN.search(word) and _CYRILLIC.search(word):
        word = word.translate(_LOOKALIKES)
    return word.translate(_APOSTROPHE_DROP).lower()


def words(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    text = unicodedata.normalize("NFKC", text)
    return [fold_word(word) for word in WORD.findall(text)]


def _dictionary_spelling(word: str) -> str:
    """pymorphy3's Ukrainian dictionary writes the apostrophe as ASCII `'`."""
    if _LATIN.search(word) and _CYRILLIC.search(word):
        word = word.translate(_LOOKALIKES)
    for char in APOSTROPHES[1:]:
        word = word.replace(char, "'")
    return word.lower()


def crude_stem(word: str) -> str:
    """`word` less its longest common Ukrainian ending, keeping at least a few letters."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


@functools.lru_cache(maxsize=50_000)
def lemmas(word: str) -> tuple[str, ...]:
    """The dictionary forms under which a word form is indexed (folded, no apostrophes).

    `word` is a raw word (WORD match) or a folded one; the result is cached per distinct form.
    """
    return _find_lemmas(word)


def _find_lemmas(word: str) -> tuple[str, ...]:
    spelled = _dictionary_spelling(word)
    folded = spelled.replace("'", "")
    if not _CYRILLIC.search(spelled):
        return (folded,)
    if folded in STOPWORDS:
        return ()
    if len(spelled) > 1:
        known = _dictionary_lemmas(spelled)
        if known:
            return known
    elif _morph().word_is_known(spelled):
        return _parsed_lemmas(spelled)
    return (crude_stem(folded),)


def _parsed_lemmas(spelled: str) -> tuple[str, ...]:
    """The lemmas of every reading `MorphAnalyzer.parse` gives, in its order."""
    found: list[str] = []
    for parse in _morph().parse(spelled):
        lemma = parse.normal_form.replace("'", "").replace("’", "")
        if lemma not in found:
            found.append(lemma)
    return tuple(found)


def _dictionary_lemmas(spelled: str) -> tuple[str, ...]:
    """The lemmas of a word the dictionary knows, read from the dictionary directly (what
    `MorphAnalyzer.parse` gives for such a word, in its order, without building a tag and a
    `Parse` for each reading: 2-3x less per new word form); empty for a word it does not know.
    A single letter goes the long way (`_parsed_lemmas`): pymorphy3 may also read it as an
    initial."""
    morph = _morph()
    dictionary = morph.dictionary
    found: list[str] = []
    for fixed_word, readings in dictionary.words.similar_items(spelled, morph.char_substitutes):
        for paradigm, index in readings:
            lemma = dictionary.build_normal_form(paradigm, index, fixed_word)
            lemma = lemma.replace("'", "").replace("’", "")
            if lemma not in found:
                found.append(lemma)
    return tuple(found)


@functools.lru_cache(maxsize=100_000)
def query_lemmas(word: str) -> tuple[str, ...]:
    """How a query word is read: itself when it is a dictionary form, else all its lemmas."""
    indexed = lemmas(word)
    folded = fold_word(word)
    if folded in indexed:
        return (folded,)
    return indexed


# Bump when what a word is indexed as changes (folding, stopwords, lemma rules, the columns):
# an archive whose index was built otherwise is re-indexed when next opened for writing.
READING_VERSION = 1


@functools.cache
def reading() -> str:
    """How words are read for the index: this module's rules and the dictionary's version."""
    from importlib.metadata import version

    return (f"textsearch {READING_VERSION}; pymorphy3 {version('pymorphy3')}; "
            f"pymorphy3-dicts-uk {version('pymorphy3-dicts-uk')}")


def index_columns(title: str, body: str) -> tuple[str, str, str, str]:
    """Values for the FTS columns (title_lemmas, body_lemmas, title_forms, body_forms)."""
    title_lemmas, title_forms = _TOKENS.columns(title)
    body_lemmas, body_forms = _TOKENS.columns(body)
    return title_lemmas, body_lemmas, title_forms, body_forms


class _TokenTable:
    """What each raw word form is indexed as, (folded form, its lemmas joined by spaces), kept
    for the most recent distinct forms: indexing looks each word up once, so a text costs a
    regex pass and a dictionary lookup per word once its forms have been seen.

    Two generations bound the memory: when the newer one is full it becomes the older one, and
    forms still in use move back to the newer one on their next lookup.
    """

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.newer: dict[str, tuple[str, str]] = {}
        self.older: dict[str, tuple[str, str]] = {}
        self.shared: dict[str, str] = {}

    def columns(self, text: str) -> tuple[str, str]:
        """(lemma text, folded text) of `text`."""
        found = WORD.findall(unicodedata.normalize("NFKC", text))
        known = list(map(self.newer.get, found))
        if None in known:
            entries = [entry or self._learn(word) for word, entry in zip(found, known, strict=True)]
        else:
            entries = cast(list[tuple[str, str]], known)
        # A word with no lemma (a function word) leaves two spaces: the tokenizer skips them.
        return " ".join(map(_LEMMA_TEXT, entries)), " ".join(map(_FORM, entries))

    def _learn(self, word: str) -> tuple[str, str]:
        entry = self.older.get(word)
        if entry is None:
            entry = self._entry(word)
        if len(self.newer) >= self.generation:
            self.older, self.newer, self.shared = self.newer, {}, {}
        self.newer[word] = entry
        return entry


    def _entry(self, word: str) -> tuple[str, str]:
        folded = fold_word.__wrapped__(word)
        lemma_text = " ".join(_find_lemmas(folded))
        # Equal strings share one object: most entries then cost little beyond their key.
        folded = word if folded == word else self.shared.setdefault(folded, folded)
        lemma_text = folded if lemma_text == folded else self.shared.setdefault(lemma_text,
                                                                                lemma_text)
        return folded, lemma_text


def clear_caches() -> None:
    """Forget every cached reading of a word (a benchmark starts cold with this)."""
    for cached in (fold_word, lemmas, query_lemmas, forms_of):
        cached.cache_clear()
    _TOKENS.older, _TOKENS.newer, _TOKENS.shared = {}, {}, {}


_FORM = operator.itemgetter(0)
_LEMMA_TEXT = operator.itemgetter(1)
_TOKENS = _TokenTable(generation=250_000)  # up to ~100 MB at its fullest


class BadQuery(ValueError):
    """A search query that cannot be searched; the message is one line for the user."""


@dataclass
class Query:
    """A parsed search query: the FTS5 expression and what to highlight in snippets."""

    expression: str
    lemmas: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    _lemma_forms: set[str] | None = field(default=None, repr=False, compare=False)

    def lemma_forms(self) -> set[str]:
        """Every dictionary form of the query's lemmas, folded."""
        if self._lemma_forms is None:
            self._lemma_forms = set().union(*map(forms_of, self.lemmas))
        return self._lemma_forms


LEMMA_COLUMNS = "{title_lemmas body_lemmas}"
FORM_COLUMNS = "{title_forms body_forms}"
_QUERY_PART = re.compile(r'"([^"]*)("?)|(\S+)')


def parse_query(text: str) -> Query:
    """Turn what a user typed into a safe FTS5 expression, or raise BadQuery.

    Words are ANDed and matched by dictionary form; `"..."` is a phrase of exact (folded) forms;
    `word*` is a prefix of a form; `OR` between two parts is an alternative; `-word` excludes.
    Anything else (FTS5 operators, brackets, punctuation, an unbalanced quote) is read as text.
    """
    query = Query(expression="")
    positive: list[str] = []
    negative: list[str] = []
    join_or = False
    for match in _QUERY_PART.finditer(text or ""):
        phrase, raw = match.group(1), match.group(3)
        if raw is not None and raw == "OR" and positive:
            join_or = True
            continue
        exclude = raw is not None and raw.startswith("-") and len(raw) > 1
        part = _phrase_part(phrase, query) if phrase is not None else _word_part(raw, query)
        if not part:
            continue
        if exclude:
            negative.append(part)
        elif join_or:
            positive[-1] = f"({positive[-1]} OR {part})"
        else:
            positive.append(part)
        join_or = False
    if not positive:
        raise BadQuery(f"nothing to search for in {text!r}: give at least one word")
    expression = " AND ".join(positive)
    for part in negative:
        expression = f"({expression}) NOT {part}"
    query.expression = expression
    return query


def _phrase_part(phrase: str, query: Query) -> str:
    forms = words(phrase)
    if not forms:
        return ""
    query.forms.update(forms)
    return f'{FORM_COLUMNS} : "{" ".join(forms)}"'


def _word_part(raw: str, query: Query) -> str:
    prefix = raw.rstrip("*") != raw
    found = words(raw)
    parts: list[str] = []
    for index, word in enumerate(found):
        if prefix and index == len(found) - 1 and len(word) >= 2:
            query.prefixes.add(word)
            parts.append(f'{FORM_COLUMNS} : "{word}" *')
            continue
        if word in STOPWORDS and len(found) == 1:
            continue
        readings = query_lemmas(word)
        if not readings:
            continue
        query.lemmas.update(readings)
        alternatives = " OR ".join(f'"{lemma}"' for lemma in readings)
        parts.append(f"{LEMMA_COLUMNS} : ({alternatives})")
    return " AND ".join(parts)


def snippet(text: str, query: Query, *, width: int = 30, mark: tuple[str, str] = ("[", "]")) -> str:
    """A window of about `width` words of the original `text`, query words wrapped in `mark`."""
    tokens = list(WORD.finditer(text))
    if not tokens:
        return text[:200]
    hits = hit_flags([token.group(0) for token in tokens], query)
    start = _best_window(hits, width)
    end = min(len(tokens), start + width)
    pieces: list[str] = []
    cursor = 0 if start == 0 else tokens[start].start()
    for token, hit in zip(tokens[start:end], hits[start:end], strict=True):
        pieces.append(text[cursor : token.start()])
        pieces.append(f"{mark[0]}{token.group(0)}{mark[1]}" if hit else token.group(0))
        cursor = token.end()
    if end == len(tokens):
        pieces.append(text[cursor:])
    out = " ".join("".join(pieces).split())
    if start > 0:
        out = "…" + out
    if end < len(tokens):
        out += "…"
    return out


def html_snippet(text: str, query: Query, *, width: int = 30) -> str:
    """`snippet()` as HTML: the text escaped, hits in <mark>."""
    raw = snippet(text, query, width=width, mark=("\x02", "\x03"))
    return html.escape(raw).replace("\x02", "<mark>").replace("\x03", "</mark>")


def hit_flags(found: list[str], query: Query) -> list[bool]:
    """For each word (a WORD match), whether the query finds it: what a snippet marks."""
    folded = [fold_word(word) if _NEEDS_FOLDING.search(word) else word.lower() for word in found]
    marked = query.forms | query.lemma_forms() if query.lemmas else query.forms
    prefixes = tuple(query.prefixes)
    stems = tuple(query.lemmas)  # a word the dictionary does not know starts with its stem
    return [word in marked
            or bool(prefixes and word.startswith(prefixes))
            or bool(stems and word.startswith(stems) and _stem_hit(word, query))
            for word in folded]


def _stem_hit(folded: str, query: Query) -> bool:
    """A word the dictionary does not know is indexed under its crude stem."""
    return crude_stem(folded) in query.lemmas and not query.lemmas.isdisjoint(lemmas(folded))


@functools.lru_cache(maxsize=10_000)
def forms_of(lemma: str) -> frozenset[str]:
    """The folded forms of the dictionary words indexed under `lemma`, found from the lemma (a
    query's few lemmas, not a snippet's many words, go through the dictionary)."""
    spelled = _dictionary_spelling(lemma)
    morph = _morph()
    if not _CYRILLIC.search(spelled) or not morph.word_is_known(spelled):
        return frozenset({lemma})
    found = {lemma}
    for parse in morph.parse(spelled):
        if parse.normal_form.replace("'", "").replace("’", "") == lemma:
            found.update(fold_word(form.word) for form in parse.lexeme)
    return frozenset(found - STOPWORDS)


def _best_window(hits: list[bool], width: int) -> int:
    if not any(hits):
        return 0
    best_start, best_count, count = 0, -1, 0
    for index, hit in enumerate(hits):
        count += hit
        if index >= width:
            count -= hits[index - width]
        if count > best_count:
            best_count, best_start = count, max(0, index - width + 1)
    # Start a few words before the first hit of the window, for context.
    first = next(i for i in range(best_start, len(hits)) if hits[i])
    return max(0, min(best_start, first - 3))
