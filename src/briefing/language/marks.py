"""Quotation marks: the one definition of every mark, and how marks pair into quotations.

German news text mixes quotation styles: „…“ and ‚…‘ (German), »…« and ›…‹ (German books),
«…» and ‹…› (Swiss, French), “…” and ‘…’ (English), and straight "…". Some marks only open
(„ ‚), some only close (” ‘ ’), and the rest open or close depending on the style of the text
and on what stands around them (» « › ‹ “ "). The straight single mark ' is a quotation mark
too, but it is never paired: it is far more often an apostrophe ("geht's"), as ’ is ("People’s").

:func:`pair_marks` finds the quotations of a text, including straight quotes with a space before
the closing mark, a stray opening mark inside a quote (broken marks: the quote goes on to the next
closing mark) and quotes that run over paragraphs (a paragraph that opens with a mark while the
quote is still open continues it).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Opening mark -> the marks that may close it. “ opens only in texts without „ (English style
#: “…”); in German text it closes „. Straight " is told apart by its neighbours.
PAIRS: dict[str, str] = {
    "„": '“”"',
    "»": "«",
    "«": "»",
    "‚": "‘’",
    "›": "‹",
    "‹": "›",
    "“": "”",
    '"': '"',
}

#: Marks that open a quotation in some style.
OPENING: frozenset[str] = frozenset(PAIRS)
#: Marks that close a quotation in some style.
CLOSING: frozenset[str] = frozenset("".join(PAIRS.values()))
#: The marks that :func:`pair_marks` pairs: every quotation mark but the straight apostrophe '.
PAIRED_MARKS: frozenset[str] = OPENING | CLOSING
#: Every quotation mark, including the straight single mark ' (mostly an apostrophe).
QUOTATION_MARKS: frozenset[str] = PAIRED_MARKS | {"'"}
#: Marks whose direction only their neighbours tell: » « › ‹ “ " (open or close) and ' ’ (a mark
#: or an apostrophe).
AMBIGUOUS: frozenset[str] = (OPENING & CLOSING) | {"'", "’"}

#: German quotation marks by nesting depth, as the print uses them: „…“ outside, ‚…‘ inside.
GERMAN: tuple[tuple[str, str], tuple[str, str]] = (("„", "“"), ("‚", "‘"))
#: Opening marks of single-mark styles (‚…‘, ›…‹, ‹…›): printed as German single marks.
SINGLE_OPENING: frozenset[str] = frozenset("‚›‹")

_PAIRED = re.compile("[" + re.escape("".join(sorted(PAIRED_MARKS))) + "]")
# A straight " opens after whitespace or one of these, when a word follows (none of the next ones).
_STRAIGHT_OPENS_AFTER = "([{–—-/:"
_STRAIGHT_NOT_OPENING_BEFORE = ".,;:!?)]"
# Any mark closes an open quotation before whitespace, punctuation or another double mark.
_CLOSE_AFTER = ".,;:!?)]}–—-/…"
_DOUBLE_MARKS = '"“”»«'


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation in a text, by character offsets.

    ``start`` is the opening mark; ``end`` is after the closing mark, or the end of the quoted text
    when the quotation is never closed (then ``inner_end == end``). ``inner_start``/``inner_end``
    delimit the quoted words without the marks.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int

    @property
    def closed(self) -> bool:
        """Whether a closing mark ends the quotation (unclosed ones run to a paragraph's end)."""
        return self.inner_end < self.end


def is_mark(ch: str) -> bool:
    """Whether ``ch`` (one character) is a quotation mark of any style, the apostrophe-like ' included."""
    return ch in QUOTATION_MARKS


def is_paired_mark(text: str) -> bool:
    """Whether ``text`` is one mark that :func:`pair_marks` pairs (every mark but ')."""
    return text in PAIRED_MARKS


def endings(punctuation: str) -> tuple[str, ...]:
    """What a sentence, paragraph or heading that ends on ``punctuation`` may end with: those
    characters or a closing quotation mark ("… gesagt.“", "»Nein!«"); for ``str.endswith``."""
    return tuple(punctuation) + tuple(sorted(CLOSING))


def strip_marks(text: str) -> str:
    """``text`` without the quotation marks and whitespace around it: "„Wir kommen.“ " -> "Wir kommen."."""
    return text.strip("".join(QUOTATION_MARKS) + " \t\n\r\f\v")


def pair_marks(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[Quotation]:
    """The quotations of ``text`` in text order; ``paragraphs`` are its ``(start, end)`` offsets.

    A quotation left open at its paragraph's end goes on when the next paragraph opens with a mark;
    otherwise it ends there (or where a new quote of the same opening mark starts).
    """
    german = "„" in text
    marks = [(m.start(), m.group()) for m in _PAIRED.finditer(text)]
    para_starts = [p[0] for p in paragraphs]

    def para_end(pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(para_starts, pos) - 1)
        return i, paragraphs[i][1] if paragraphs else len(text)

    out: list[Quotation] = []
    i = 0
    while i < len(marks):
        pos, ch = marks[i]
        if ch not in PAIRS or not _can_open(text, pos, ch, german):
            i += 1
            continue
        closers = PAIRS[ch]
        p_index, limit = para_end(pos)
        j = i + 1
        close: int | None = None
        end = limit
        while j < len(marks):
            p2, c2 = marks[j]
            if p2 >= limit:
                # Still open at the paragraph end: a next paragraph that opens with a mark continues it.
                nxt = p_index + 1
                if nxt < len(paragraphs) and paragraphs[nxt][0] == p2 and _can_open(text, p2, c2, german):
                    p_index, limit = nxt, paragraphs[nxt][1]
                    j += 1
                    continue
                end = limit
                break
            if c2 in closers and _can_close(text, p2, c2):
                close = j
                break
            if c2 == ch and ch not in closers and _can_open(text, p2, c2, german):
                end = p2  # a new quote opens before this one closed
                break
            j += 1
        else:
            end = limit
        if close is not None:
            q_end = marks[close][0] + 1
            out.append(Quotation(pos, q_end, pos + 1, q_end - 1))
            i = close + 1
        else:
            q_end = pos + len(text[pos:end].rstrip())  # the mark at ``pos`` is no whitespace
            if q_end > pos + 1:
                out.append(Quotation(pos, q_end, pos + 1, q_end))
            i = j if j > i else i + 1
    return out


def _char_after(text: str, pos: int) -> str:
    return text[pos + 1] if pos + 1 < len(text) else " "


def straight_quote_opens(text: str, pos: int) -> bool:
    """Whether the straight double quote ``text[pos]`` opens a quotation; else it closes one.

    It opens after whitespace (or at the start of ``text``), an opening bracket, a dash, a slash or
    a colon, when a word follows: ``sagte: "Nein"``, ``("Ja")``; not before whitespace or closing
    punctuation. The one rule for pairing (:func:`pair_marks`) and for printing straight quotes as
    German ones (``formatting.german_quotes``).
    """
    before = text[pos - 1] if pos > 0 else " "
    after = _char_after(text, pos)
    return (before.isspace() or before in _STRAIGHT_OPENS_AFTER) and not (
        after.isspace() or after in _STRAIGHT_NOT_OPENING_BEFORE
    )


def _closes_before(text: str, pos: int) -> bool:
    """A mark at ``pos`` stands before whitespace, punctuation or another double mark."""
    after = _char_after(text, pos)
    return after.isspace() or after in _CLOSE_AFTER or after in _DOUBLE_MARKS


def _can_open(text: str, pos: int, ch: str, german: bool) -> bool:
    if ch == '"':
        return straight_quote_opens(text, pos)
    if ch == "“":
        return not german
    return ch in "„»«‚›‹" and not _char_after(text, pos).isspace()


def _can_close(text: str, pos: int, ch: str) -> bool:
    if ch in "‘’":  # also apostrophes ("People’s")
        return not _char_after(text, pos).isalnum()
    if ch == '"':
        # An opening-shaped straight mark inside an open quote is a stray (broken marks, as in
        # `"Ja, ich bin bereit. "Ich bin bereit …"`): the quote goes on to the next closing mark.
        return _closes_before(text, pos) or not straight_quote_opens(text, pos)
    return True
