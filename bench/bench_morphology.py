"""Recall and precision of ways to reduce Ukrainian words, on the labelled set in tests/data.

A document matches a query when, for every query word, the word's query readings meet the
document's indexed readings (what FTS5 does with the lemma columns). Prints one line per way.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from pathlib import Path

from monitor_scraper.archive import textsearch

LABELLED = Path(__file__).parent.parent / "tests" / "data" / "uk_search_labelled.json"

Reader = Callable[[str], tuple[str, ...]]


def load() -> tuple[dict[str, str], dict[str, list[str]]]:
    data = json.loads(LABELLED.read_text(encoding="utf-8"))
    return data["documents"], data["queries"]


def score(index_word: Reader, query_word: Reader) -> tuple[float, float]:
    """Micro-averaged (recall, precision) over the labelled queries."""
    documents, queries = load()
    indexed = {key: {r for w in textsearch.words(text) for r in index_word(w)}
               for key, text in documents.items()}
    found = relevant = correct = 0
    for query, wanted in queries.items():
        readings = [set(query_word(w)) for w in textsearch.words(query)
                    if w not in textsearch.STOPWORDS]
        hits = {key for key, lemmas in indexed.items()
                if readings and all(r & lemmas for r in readings)}
        found += len(hits)
        relevant += len(wanted)
        correct += len(hits & set(wanted))
    return correct / relevant, (correct / found if found else 0.0)


def _pymorphy_first(word: str) -> tuple[str, ...]:
    if word in textsearch.STOPWORDS:
        return ()
    parses = textsearch._morph().parse(textsearch._dictionary_spelling(word))
    return (parses[0].normal_form.replace("'", ""),)


@functools.cache
def _simplemma(word: str) -> tuple[str, ...]:
    import simplemma

    if word in textsearch.STOPWORDS:
        return ()
    lemma = simplemma.lemmatize(textsearch._dictionary_spelling(word), lang="uk")
    return (textsearch.fold_word(lemma),)


def _folded(word: str) -> tuple[str, ...]:
    return (word,)


WAYS: dict[str, tuple[Reader, Reader]] = {
    "folded forms only (no morphology)": (_folded, _folded),
    "simplemma 2.0.0, one lemma": (_simplemma, _simplemma),
    "pymorphy3 uk, first reading's lemma": (_pymorphy_first, _pymorphy_first),
    "pymorphy3 uk, all readings' lemmas both sides": (textsearch.lemmas, textsearch.lemmas),
    "pymorphy3 uk, all lemmas; dictionary-form query read as itself (used)": (
        textsearch.lemmas, textsearch.query_lemmas),
}


def main() -> None:
    documents, queries = load()
    print(f"labelled set: {len(documents)} sentences, {len(queries)} queries")
    for name, (index_word, query_word) in WAYS.items():
        recall, precision = score(index_word, query_word)
        print(f"{name}: recall {recall:.2f}, precision {precision:.2f}")
    words = textsearch.words(" ".join(documents.values())) * 200
    for name, reader in (("pymorphy3 all lemmas", textsearch.lemmas.__wrapped__),
                         ("simplemma", _simplemma.__wrapped__)):
        start = time.perf_counter()
        for word in words:
            reader(word)
        rate = len(words) / (time.perf_counter() - start)
        print(f"{name} uncached: {rate:,.0f} words/s")


if __name__ == "__main__":
    main()
