"""Where the tests' own files are: the repository, the scored corpus of pages, labelled data."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CORPUS = TESTS / "corpus"
DATA = TESTS / "data"
