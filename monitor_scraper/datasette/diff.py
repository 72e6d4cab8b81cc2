"""Word-level differences between two versions of a text, as HTML with <ins> and <del>.

Texts are cut into words, runs of whitespace and single punctuation marks, so a changed word is
shown as that word removed and another added, and the paragraphs (blank lines) stay where they are.
"""

from __future__ import annotations

import difflib
import html
import logging
import re
from dataclasses import dataclass

from markupsafe import Markup

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"\s+|\w+(?:['’ʼ`-]\w+)*|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"\w")


@dataclass
class WordDiff:
    """Two texts compared: the marked-up result and how many words went in and out."""

    html: Markup
    added: int
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def tokens(text: str) -> list[str]:
    """`text` cut into words, whitespace runs and punctuation marks; joined back it is `text`."""
    return _TOKEN.findall(text or "")


def word_diff(old: str | None, new: str | None) -> WordDiff:
    """What changed from `old` to `new`, word by word, escaped, changes in <del>/<ins>."""
    before, after = tokens(old or ""), tokens(new or "")
    pieces: list[str] = []
    added = removed = 0
    for removed_run, added_run in _chunks(before, after):
        if removed_run is added_run:
            pieces.append(html.escape("".join(removed_run)))
            continue
        pieces.append(_marked("del", removed_run) + _marked("ins", added_run))
        removed += _word_count(removed_run)
        added += _word_count(added_run)
    return WordDiff(Markup("".join(pieces)), added, removed)  # noqa: S704 - escaped pieces


def _chunks(before: list[str], after: list[str]) -> list[tuple[list[str], list[str]]]:
    """(removed, added) runs in order; an unchanged run is one list given twice.

    Whitespace never anchors a match, and a run of only spaces and punctuation between two
    changes joins them, so a rewritten phrase reads as one phrase out and one in.
    """
    matcher = difflib.SequenceMatcher(str.isspace, before, after, autojunk=False)
    chunks: list[tuple[list[str], list[str]]] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            same = before[i1:i2]
            chunks.append((same, same))
        elif chunks and chunks[-1][0] is not chunks[-1][1]:
            chunks[-1][0].extend(before[i1:i2])
            chunks[-1][1].extend(after[j1:j2])
        else:
            chunks.append((before[i1:i2], after[j1:j2]))
    return _join_changes(chunks)


def _join_changes(chunks: list[tuple[list[str], list[str]]]) -> list[tuple[list[str], list[str]]]:
    joined: list[tuple[list[str], list[str]]] = []
    for index, (removed_run, added_run) in enumerate(chunks):
        unchanged = removed_run is added_run
        between = 0 < index < len(chunks) - 1 and joined and joined[-1][0] is not joined[-1][1]
        if unchanged and between and not any(_WORD.match(token) for token in removed_run):
            joined[-1][0].extend(removed_run)
            joined[-1][1].extend(removed_run)
            continue
        if not unchanged and joined and joined[-1][0] is not joined[-1][1]:
            joined[-1][0].extend(removed_run)
            joined[-1][1].extend(added_run)
            continue
        joined.append((removed_run, added_run) if unchanged else
                      (list(removed_run), list(added_run)))
    return joined


def _marked(tag: str, run: list[str]) -> str:
    text = "".join(run)
    if not text.strip():
        # A change of whitespace alone: keep the layout, there is nothing to read.
        return html.escape(text) if tag == "ins" else ""
    return f"<{tag}>{html.escape(text)}</{tag}>"


def _word_count(run: list[str]) -> int:
    return sum(1 for token in run if _WORD.match(token))
