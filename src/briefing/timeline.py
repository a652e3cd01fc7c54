"""Timeline stage: dated events from the time expressions, in chronological order.

Each DATE/TIME expression with a calendar value dates the clause it stands in (the
comma-delimited stretch of its sentence; the whole sentence when that stretch has no verb or
names no one and nothing besides the date, as "dass Sie letztes Jahr zugelassen haben").
One entry per clause, the most specific expression wins. Entries with the same date whose
clauses share a content word or an entity are one event told twice and are merged. Durations,
sets, vague references ("bald", ``PRESENT_REF``) and undetermined values are not events.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Any

from babel.dates import format_date

from briefing.model import Span, TimelineEntry
from briefing.resources import load_data
from briefing.temporal import PART_MONTH, SEASON_MONTH, clause_bounds, tense_of

if TYPE_CHECKING:
    from briefing.model import Document, Entity, Sentence, TimeExpression, Token

_VALUE = re.compile(
    r"^(?P<bc>BC)?(?P<year>\d{2,4})"
    r"(?:-(?:(?P<month>\d\d)(?:-(?P<day>\d\d))?|W(?P<week>\d\d)(?P<we>-WE)?|(?P<season>SP|SU|FA|WI)"
    r"|(?P<part>H[12]|Q[1-4])))?"
    r"(?:T(?P<time>\d\d:\d\d|MO|MI|AF|EV|NI))?"
)
_VERB_TAGS = frozenset(("VVFIN", "VAFIN", "VMFIN", "VVPP", "VVINF", "VVIZU"))


@functools.cache
def _cfg() -> dict[str, Any]:
    data: dict[str, Any] = load_data("temporal/timeline.yaml")
    return data


@dataclasses.dataclass(frozen=True, slots=True)
class _When:
    """A parsed calendar value: where it sorts and how it reads."""

    key: tuple[int, int, int, int]
    label: str


def _parse(value: str, mod: str | None) -> _When | None:
    """Sort key and German label of a TIMEX3 calendar value; None when it has no place in time."""
    m = _VALUE.fullmatch(value)
    if m is None:
        return None
    cfg = _cfg()
    raw = m["year"]
    bc = bool(m["bc"])
    fmt = cfg["formats"]
    loc = cfg["locale"]
    if len(raw) < 4:  # century "19" or decade "199"
        if m.group(0) != (m["bc"] or "") + raw:
            return None
        start = int(raw) * (100 if len(raw) == 2 else 10)
        label = cfg["century"].format(int(raw) + 1) if len(raw) == 2 else cfg["decade"].format(raw)
        year = -start if bc else start
        rank = 0 if len(raw) == 2 else 1
        return _When((year, 1, 1, rank), _with_mod(label, mod, bc=bc))
    year = -int(raw) if bc else int(raw)
    year_label = raw.lstrip("0") or "0"
    if bc or year < 1:
        return _When((year, 1, 1, 2), _with_mod(cfg["bc"].format(year_label) if bc else year_label, mod))
    if m["day"]:
        try:
            day = dt.date(year, int(m["month"]), int(m["day"]))
        except ValueError:
            return None
        label = format_date(day, fmt["day"], locale=loc)
        if m["time"]:
            t = m["time"]
            label += f", {t} Uhr" if ":" in t else f", {cfg['day_parts'][t]}"
        return _When((year, day.month, day.day, 6 if m["time"] else 5), _with_mod(label, mod))
    if m["month"]:
        month = int(m["month"])
        if not 1 <= month <= 12:
            return None
        label = format_date(dt.date(year, month, 1), fmt["month"], locale=loc)
        return _When((year, month, 1, 4), _with_mod(label, mod))
    if m["week"]:
        try:
            monday = dt.date.fromisocalendar(year, int(m["week"]), 1)
        except ValueError:
            return None
        first = monday + dt.timedelta(days=5) if m["we"] else monday
        tpl = cfg["weekend"] if m["we"] else cfg["week"]
        label = tpl.format(format_date(first, fmt["week_start"], locale=loc))
        return _When((first.year, first.month, first.day, 3), _with_mod(label, mod))
    if m["season"]:
        label = f"{cfg['seasons'][m['season']]} {year_label}"
        return _When((year, SEASON_MONTH[m["season"]], 1, 3), _with_mod(label, mod))
    if m["part"]:
        label = f"{cfg['year_parts'][m['part']]} {year_label}"
        return _When((year, PART_MONTH[m["part"]], 1, 3), _with_mod(label, mod))
    if m["time"]:
        return None
    return _When((year, 1, 1, 2), _with_mod(year_label, mod))


def _with_mod(label: str, mod: str | None, bc: bool = False) -> str:
    cfg = _cfg()
    if bc:
        label = cfg["bc"].format(label)
    prefix = str(cfg["modifiers"].get(mod or "", ""))
    return prefix + label


def _clause(sentence: Sentence, tx: TimeExpression) -> tuple[int, int, str]:
    """Token range of the clause around ``tx``; the whole sentence when the clause has no verb or is
    a fragment that names nobody and nothing ("dass Sie letztes Jahr zugelassen haben", "Er sagte am
    Montag"): then the sentence tells the event. Also gives the tense of the clause proper."""
    cfg = _cfg()
    toks = sentence.tokens
    lo, hi = clause_bounds(sentence, tx.start)
    clause = toks[lo:hi]
    named = sum(1 for t in clause if t.pos in cfg["naming_tags"] and not (tx.start <= t.start < tx.end))
    has_verb = lo < hi and any(t.pos in _VERB_TAGS for t in clause)
    tense = tense_of(clause if has_verb else toks)  # "Er sagte am Montag, dass …": past
    if not has_verb or named < int(cfg["min_named"]):
        lo, hi = 0, len(toks)
    while lo < hi and not any(c.isalnum() for c in toks[lo].text):
        lo += 1
    while hi > lo and not any(c.isalnum() for c in toks[hi - 1].text):
        hi -= 1
    return lo, hi, tense


@dataclasses.dataclass(slots=True)
class _Event:
    when: _When
    timex: TimeExpression
    start: int
    end: int
    tense: str
    entities: list[str]
    words: set[str]


def _entities_in(entities: tuple[Entity, ...], start: int, end: int) -> list[str]:
    found: list[tuple[int, str]] = []
    for ent in entities:
        hits = [m.start for m in (*ent.mentions, *ent.references) if m.start < end and start < m.end]
        if hits:
            found.append((min(hits), ent.name))
    return [name for _, name in sorted(found)]


def _content_words(tokens: tuple[Token, ...], timexes: tuple[TimeExpression, ...]) -> set[str]:
    tags = set(_cfg()["content_tags"])
    out: set[str] = set()
    for t in tokens:
        if t.pos in tags and not any(x.start < t.end and t.start < x.end for x in timexes):
            out.add((t.lemma or t.text).lower())
    return out


def build(
    doc: Document,
    timexes: tuple[TimeExpression, ...],
    entities: tuple[Entity, ...],
) -> tuple[TimelineEntry, ...]:
    """Events sorted by date (the temporal stage has anchored the values); durations and sets are
    not events."""
    text = doc.text
    per_clause: dict[tuple[int, int], _Event] = {}
    for tx in timexes:
        if tx.type not in ("DATE", "TIME"):
            continue
        when = _parse(tx.value, tx.mod)
        if when is None:
            continue
        sent = doc.sentence_at(tx.start)
        if sent is None:
            continue
        lo, hi, tense = _clause(sent, tx)
        if lo >= hi:
            continue
        toks = sent.tokens[lo:hi]
        key = (sent.index, lo)
        old = per_clause.get(key)
        if old is not None and old.when.key[3] >= when.key[3]:
            continue  # one event per clause: the most specific date
        start, end = toks[0].start, toks[-1].end
        in_clause = tuple(x for x in timexes if start <= x.start < end)
        per_clause[key] = _Event(
            when,
            tx,
            start,
            end,
            tense,
            _entities_in(entities, start, end),
            _content_words(toks, in_clause),
        )
    merged: list[_Event] = []
    need = int(_cfg()["merge_min_shared"])
    for ev in sorted(per_clause.values(), key=lambda e: e.start):
        twin = next(
            (
                m
                for m in merged
                if m.timex.value == ev.timex.value
                and (len(m.words & ev.words) >= need or set(m.entities) & set(ev.entities))
            ),
            None,
        )
        if twin is None:
            merged.append(ev)
            continue
        twin.entities.extend(e for e in ev.entities if e not in twin.entities)
        twin.words |= ev.words
    merged.sort(key=lambda e: (e.when.key, e.start))
    return tuple(
        TimelineEntry(
            date=ev.timex.value,
            label=ev.when.label,
            text=text[ev.start : ev.end],
            start=ev.start,
            end=ev.end,
            tense=ev.tense,  # type: ignore[arg-type]
            entities=tuple(ev.entities),
            expression=Span(ev.timex.text, ev.timex.start, ev.timex.end),
        )
        for ev in merged
    )
