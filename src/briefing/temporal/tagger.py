"""The scan: every rule's regex over the text, overlapping candidates resolved longest first,
then each handler in text order so that relative expressions find their anchor.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from briefing.model import Span, TimeExpression
from briefing.temporal.anchoring import State
from briefing.temporal.patterns import compiled_rules
from briefing.temporal.registry import HANDLERS

if TYPE_CHECKING:
    import re
    from collections.abc import Sequence

    from briefing.model import Document


@dataclasses.dataclass(slots=True)
class _Cand:
    start: int
    end: int
    rank: int
    rule: str
    match: re.Match[str]
    alternatives: list[_Cand] = dataclasses.field(default_factory=list)


def _candidates(text: str) -> list[_Cand]:
    found: list[_Cand] = []
    for rank, (name, rx) in enumerate(compiled_rules()):
        found.extend(
            _Cand(m.start(), m.end(), rank, name, m) for m in rx.finditer(text) if m.end() > m.start()
        )
    return found


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates: longest first, then by rule order.

    Each chosen candidate keeps the candidates lying inside its span as ``alternatives``, for
    when its rule rejects the match.
    """
    for c in cands:
        c.alternatives.clear()  # filled below: a scan's candidates may be selected again (tag_and_undated)
    order = sorted(cands, key=lambda c: (-(c.end - c.start), c.rank, c.start))
    chosen: list[_Cand] = []
    starts: list[int] = []  # sorted starts of chosen spans, for an O(log n) overlap test
    for c in order:
        i = bisect.bisect_left(starts, c.start)
        if i < len(chosen) and chosen[i].start < c.end:
            continue
        if i > 0 and chosen[i - 1].end > c.start:
            continue
        chosen.insert(i, c)
        starts.insert(i, c.start)
    for c in order:
        i = bisect.bisect_right(starts, c.start) - 1
        if i >= 0 and chosen[i] is not c and chosen[i].start <= c.start and c.end <= chosen[i].end:
            chosen[i].alternatives.append(c)
    return chosen


def tag(
    doc: Document, published: dt.date | None, *, skip: Sequence[tuple[int, int]] = ()
) -> tuple[TimeExpression, ...]:
    """Time expressions in text order, anchored on ``published`` or the last mentioned date.

    ``skip`` are spans that are not about time even when they contain time words: titles and names
    in quotation marks („Die Welt von gestern“, „Tagesschau um acht“).
    """
    return _run(doc, published, _scan(doc.text, skip)) if doc.text else ()


def _scan(text: str, skip: Sequence[tuple[int, int]]) -> list[_Cand]:
    """Every rule's matches in ``text`` outside the ``skip`` spans (the costly part of tagging)."""
    candidates = _candidates(text)
    if skip:
        candidates = [c for c in candidates if not any(s < c.end and c.start < e for s, e in skip)]
    return candidates


def _run(doc: Document, published: dt.date | None, candidates: list[_Cand]) -> tuple[TimeExpression, ...]:
    """The expressions the ``candidates`` give, anchored on ``published`` or the last mentioned date."""
    tg = State(doc, published)
    out: list[TimeExpression] = []
    _process(tg, _select(candidates), out)
    out.sort(key=lambda t: t.start)
    return tuple(out)


# Any date will do: which expressions a publication date places does not depend on which one it is.
_STAND_IN = dt.date(2000, 1, 3)


def _dated(x: TimeExpression) -> bool:
    """A DATE or TIME with a value in the calendar: nothing left open ("XXXX-10-03", "XXXX-WXX-2")
    and no vague reference ("PAST_REF")."""
    return x.type in ("DATE", "TIME") and "X" not in x.value and not x.value.endswith("_REF")


def tag_and_undated(
    doc: Document, published: dt.date | None, *, skip: Sequence[tuple[int, int]] = ()
) -> tuple[tuple[TimeExpression, ...], tuple[Span, ...]]:
    """:func:`tag`, and without a publication date also the expressions one would have dated
    (:func:`_undated`; empty with a date), from one scan of the text."""
    if not doc.text:
        return (), ()
    candidates = _scan(doc.text, skip)
    found = _run(doc, published, candidates)
    if published is not None:
        return found, ()
    return found, _undated(doc, found, _run(doc, _STAND_IN, candidates))


def _undated(
    doc: Document, found: Sequence[TimeExpression], dated_reading: Sequence[TimeExpression]
) -> tuple[Span, ...]:
    """Without a publication date: the expressions of the text that one would have dated.

    ``found`` are the expressions tagged without a publication date, ``dated_reading`` those tagged
    with a stand-in one. An expression counts when the dated reading gives it a calendar date and,
    without one, nothing overlapping it has one: "gestern", "am Dienstag", "vor zwei Jahren"
    (without a date a duration), "am 3. Oktober". Its words are those the dated reading took.
    """
    placed = sorted((x.start, x.end) for x in found if _dated(x))
    starts = [s for s, _ in placed]
    out: list[Span] = []
    for x in dated_reading:
        if not _dated(x) or doc.sentence_at(x.start) is None:
            continue
        i = bisect.bisect_left(starts, x.end) - 1  # the last dated span starting before x ends
        if i >= 0 and placed[i][1] > x.start:
            continue
        out.append(Span(x.text, x.start, x.end))
    return tuple(out)


def _process(tg: State, chosen: list[_Cand], out: list[TimeExpression]) -> None:
    text = tg.text
    for c in chosen:
        tg.enter(c.start)
        res = HANDLERS[c.rule](tg, c.match)
        start = c.start if res is None or res.start is None else res.start
        end = c.end if res is None or res.end is None else res.end
        while res is not None and end > start and text[end - 1].isspace():
            end -= 1
        if res is None or end <= start:
            # the span is free again: shorter candidates inside it get their chance, in order
            if c.alternatives:  # never c itself (see _select)
                _process(tg, _select(c.alternatives), out)
            continue
        out.append(TimeExpression(text[start:end], start, end, res.type, res.value, res.mod, res.anchor))
        if tg.news() and res.type in ("DATE", "TIME"):
            tg.told_day(res.value, start)
        if res.update is not None and res.update[0] is not None:
            tg.move_ref(res.update, start)
