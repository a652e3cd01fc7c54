"""Timeline stage: dated events from the time expressions, in chronological order.

Each DATE/TIME expression with a calendar value dates the clause it stands in (the
comma-delimited stretch of its sentence, :mod:`briefing.language.clauses`; the whole sentence when
that stretch has no verb or names no one and nothing besides the date, as "dass Sie letztes Jahr
zugelassen haben"). One entry per clause, the most specific expression wins. Entries with the same
date whose clauses share a content word or an entity are one event told twice and are merged.
Durations, sets, vague references ("bald", ``PRESENT_REF``) and undetermined values are not events.

The stage places each date in time (:class:`briefing.model.CalendarDate`); the presentation
formats it for the reader's locale (:func:`briefing.formatting.timeline_label`).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING

from briefing import settings
from briefing.language import clauses
from briefing.model import CalendarDate, Span, TimelineEntry
from briefing.temporal.values import PART_MONTH, SEASON_MONTH

if TYPE_CHECKING:
    from briefing.model import DatePrecision, Document, Entity, Sentence, Tense, TimeExpression, Token


@dataclasses.dataclass(frozen=True, slots=True)
class TimelineSettings:
    """``data/temporal/timeline.yaml``: which clause a date tells of and when entries merge."""

    merge_min_shared: int
    content_tags: frozenset[str]
    min_named: int
    naming_tags: frozenset[str]


SETTINGS = settings.register(TimelineSettings, "temporal/timeline.yaml")

_VALUE = re.compile(
    r"^(?P<bc>BC)?(?P<year>\d{2,4})"
    r"(?:-(?:(?P<month>\d\d)(?:-(?P<day>\d\d))?|W(?P<week>\d\d)(?P<we>-WE)?|(?P<season>SP|SU|FA|WI)"
    r"|(?P<part>H[12]|Q[1-4])))?"
    r"(?:T(?P<time>\d\d:\d\d|MO|MI|AF|EV|NI))?"
)
# how specific a date is: in one clause the most specific expression dates the event
_SPECIFICITY: dict[DatePrecision, int] = {
    "century": 0,
    "decade": 1,
    "year": 2,
    "season": 3,
    "year_part": 3,
    "week": 3,
    "weekend": 3,
    "month": 4,
    "day": 5,
    "time": 6,
}


def place(value: str, mod: str | None) -> CalendarDate | None:
    """A TIMEX3 calendar value placed in time; None when it has no place in time (undetermined,
    ``PRESENT_REF``, an impossible date)."""
    m = _VALUE.fullmatch(value)
    if m is None:
        return None
    raw = m["year"]
    bc = bool(m["bc"])
    if len(raw) < 4:  # century "19" or decade "199"
        if m.group(0) != (m["bc"] or "") + raw:
            return None
        start = int(raw) * (100 if len(raw) == 2 else 10)
        precision: DatePrecision = "century" if len(raw) == 2 else "decade"
        return CalendarDate(value, precision, -start if bc else start, mod=mod, bc=bc)
    year = -int(raw) if bc else int(raw)
    if bc or year < 1:
        return CalendarDate(value, "year", year, mod=mod, bc=bc)
    if m["day"]:
        try:
            day = dt.date(year, int(m["month"]), int(m["day"]))
        except ValueError:
            return None
        precision = "time" if m["time"] else "day"
        return CalendarDate(value, precision, year, day.month, day.day, time=m["time"], mod=mod)
    if m["month"]:
        month = int(m["month"])
        if not 1 <= month <= 12:
            return None
        return CalendarDate(value, "month", year, month, mod=mod)
    if m["week"]:
        try:
            monday = dt.date.fromisocalendar(year, int(m["week"]), 1)
        except ValueError:
            return None
        first = monday + dt.timedelta(days=5) if m["we"] else monday
        precision = "weekend" if m["we"] else "week"
        return CalendarDate(value, precision, first.year, first.month, first.day, mod=mod)
    if m["season"]:
        return CalendarDate(value, "season", year, SEASON_MONTH[m["season"]], part=m["season"], mod=mod)
    if m["part"]:
        return CalendarDate(value, "year_part", year, PART_MONTH[m["part"]], part=m["part"], mod=mod)
    if m["time"]:
        return None
    return CalendarDate(value, "year", year, mod=mod)


def chronological_key(when: CalendarDate) -> tuple[int, int, int, int]:
    """Chronologie order: by the day a date starts; of two starting the same day, the broader first."""
    return (when.year, when.month, when.day, _SPECIFICITY[when.precision])


class _Named:
    """Nouns and names of one sentence, counted in any token range by prefix sums."""

    __slots__ = ("_before", "_starts")

    def __init__(self, sentence: Sentence, tags: frozenset[str]) -> None:
        self._starts = [t.start for t in sentence.tokens]
        self._before = [0]
        for t in sentence.tokens:
            self._before.append(self._before[-1] + (t.pos in tags))

    def count(self, first: int, last: int, skip_start: int, skip_end: int) -> int:
        """Named tokens in ``tokens[first:last]`` not starting inside [skip_start, skip_end)."""
        i = min(max(bisect.bisect_left(self._starts, skip_start), first), last)
        j = min(max(bisect.bisect_left(self._starts, skip_end), i), last)
        return self._before[last] - self._before[first] - (self._before[j] - self._before[i])


def _event_span(sentence: Sentence, tx: TimeExpression, named: _Named) -> tuple[int, int, Tense]:
    """Token range of the clause around ``tx``; the whole sentence when the clause has no verb or is
    a fragment that names nobody and nothing ("dass Sie letztes Jahr zugelassen haben", "Er sagte am
    Montag"): then the sentence tells the event. Also gives the tense of the clause proper."""
    cfg = SETTINGS()
    toks = sentence.tokens
    clause = clauses.clause_at(sentence, tx.start)
    lo, hi = clause.first, clause.last
    has_verb = clause.has_verb
    # "Er sagte am Montag, dass …": past
    tense = clause.tense if has_verb else clauses.sentence_clause(sentence).tense
    if not has_verb or named.count(lo, hi, tx.start, tx.end) < cfg.min_named:
        lo, hi = 0, len(toks)
    while lo < hi and not any(c.isalnum() for c in toks[lo].text):
        lo += 1
    while hi > lo and not any(c.isalnum() for c in toks[hi - 1].text):
        hi -= 1
    return lo, hi, tense


@dataclasses.dataclass(slots=True)
class _Event:
    when: CalendarDate
    timex: TimeExpression
    sentence: Sentence
    first: int  # token range in the sentence
    last: int
    tense: Tense
    entities: list[str] = dataclasses.field(default_factory=list)
    words: set[str] = dataclasses.field(default_factory=set)

    @property
    def start(self) -> int:
        return self.sentence.tokens[self.first].start

    @property
    def end(self) -> int:
        return self.sentence.tokens[self.last - 1].end


def _entities_in(entities: tuple[Entity, ...], start: int, end: int) -> list[str]:
    found: list[tuple[int, str]] = []
    for ent in entities:
        hits = [m.start for m in (*ent.mentions, *ent.references) if m.start < end and start < m.end]
        if hits:
            found.append((min(hits), ent.name))
    return [name for _, name in sorted(found)]


class _Spans:
    """The time expressions of a document, to find those in a clause and the tokens they cover."""

    __slots__ = ("_spans", "_starts")

    def __init__(self, timexes: tuple[TimeExpression, ...]) -> None:
        self._spans = sorted((x.start, x.end) for x in timexes)
        self._starts = [s for s, _ in self._spans]

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans starting in [start, end), overlapping ones joined, in order."""
        merged: list[tuple[int, int]] = []
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        for s, e in self._spans[lo:hi]:
            if merged and s < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        return merged


def _content_words(tokens: tuple[Token, ...], covered: list[tuple[int, int]]) -> set[str]:
    """Lemmas of the nouns and names in ``tokens`` outside the ``covered`` (disjoint) spans."""
    tags = SETTINGS().content_tags
    starts = [s for s, _ in covered]
    out: set[str] = set()
    for t in tokens:
        if t.pos not in tags:
            continue
        i = bisect.bisect_left(starts, t.end) - 1  # the last span starting before the token ends
        if i >= 0 and covered[i][1] > t.start:
            continue
        out.add((t.lemma or t.text).lower())
    return out


def _events(doc: Document, timexes: tuple[TimeExpression, ...]) -> list[_Event]:
    """One event per clause, dated by its most specific expression, in text order."""
    tags = SETTINGS().naming_tags
    named: dict[int, _Named] = {}
    per_clause: dict[tuple[int, int], _Event] = {}
    for tx in timexes:
        if tx.type not in ("DATE", "TIME"):
            continue
        when = place(tx.value, tx.mod)
        if when is None:
            continue
        sent = doc.sentence_at(tx.start)
        if sent is None:
            continue
        if sent.index not in named:
            named[sent.index] = _Named(sent, tags)
        lo, hi, tense = _event_span(sent, tx, named[sent.index])
        if lo >= hi:
            continue
        key = (sent.index, lo)
        old = per_clause.get(key)
        if old is not None and _SPECIFICITY[old.when.precision] >= _SPECIFICITY[when.precision]:
            continue  # one event per clause: the most specific date
        per_clause[key] = _Event(when, tx, sent, lo, hi, tense)
    return sorted(per_clause.values(), key=lambda e: e.start)


def _merge(events: list[_Event]) -> list[_Event]:
    """Events with the same date that share a content word or an entity, joined into the first."""
    need = SETTINGS().merge_min_shared
    merged: list[_Event] = []
    by_value: dict[str, list[_Event]] = {}
    for ev in events:
        same_date = by_value.setdefault(ev.timex.value, [])
        twin = next(
            (m for m in same_date if len(m.words & ev.words) >= need or set(m.entities) & set(ev.entities)),
            None,
        )
        if twin is None:
            merged.append(ev)
            same_date.append(ev)
            continue
        twin.entities.extend(e for e in ev.entities if e not in twin.entities)
        twin.words |= ev.words
    return merged


def build(
    doc: Document,
    timexes: tuple[TimeExpression, ...],
    entities: tuple[Entity, ...],
) -> tuple[TimelineEntry, ...]:
    """Events sorted by date (the temporal stage has anchored the values); durations and sets are
    not events."""
    text = doc.text
    events = _events(doc, timexes)
    spans = _Spans(timexes)
    for ev in events:
        start, end = ev.start, ev.end
        ev.entities = _entities_in(entities, start, end)
        ev.words = _content_words(ev.sentence.tokens[ev.first : ev.last], spans.within(start, end))
    merged = _merge(events)
    merged.sort(key=lambda e: (chronological_key(e.when), e.start))
    return tuple(
        TimelineEntry(
            date=ev.timex.value,
            label=None,
            text=text[ev.start : ev.end],
            start=ev.start,
            end=ev.end,
            tense=ev.tense,
            entities=tuple(ev.entities),
            expression=Span(ev.timex.text, ev.timex.start, ev.timex.end),
            when=ev.when,
        )
        for ev in merged
    )
