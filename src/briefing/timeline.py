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

from briefing import labels, settings
from briefing.language import clauses, marks
from briefing.language.lexicon import speech_verbs
from briefing.language.tags import PREP
from briefing.model import FINITE_VERB_TAGS, CalendarDate, Span, TimelineEntry
from briefing.temporal.lexicon import lexicon
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
    sub_day_units: frozenset[str]  # TIMEX3 unit letters
    url_pattern: str
    label_max_words: int
    label_max_vorfeld: int
    # words, matched lower-case
    nominal_prepositions: frozenset[str] = settings.lower()


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


class _Context:
    """What the event rules ask of one document: its quotations, time expressions and referents."""

    def __init__(
        self, doc: Document, timexes: tuple[TimeExpression, ...], entities: tuple[Entity, ...]
    ) -> None:
        cfg = SETTINGS()
        self.text = doc.text
        self.quotations = marks.pair_marks(doc.text, [(p.start, p.end) for p in doc.paragraphs])
        self.quotation_starts = [q.inner_start for q in self.quotations]  # in text order, disjoint
        self.sets = sorted((x.start, x.end) for x in timexes if x.type == "SET")
        self.covered = _Spans(timexes).within(0, len(doc.text) + 1)
        self.url = re.compile(cfg.url_pattern)
        units = lexicon()["units"]
        self.sub_day = frozenset(w.lower() for w, unit in units.items() if unit in cfg.sub_day_units)
        self.names = {m.start: ent.name for ent in entities for m in ent.references if m.kind == "pronoun"}


def _index(sentence: Sentence, offset: int) -> int:
    """The index of the token of ``sentence`` starting at or holding ``offset``."""
    starts = [t.start for t in sentence.tokens]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _in_url(ctx: _Context, tx: TimeExpression) -> bool:
    text = ctx.text
    lo, hi = tx.start, tx.end
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return ctx.url.search(text[lo:hi]) is not None


def _in_title(ctx: _Context, sentence: Sentence, tx: TimeExpression) -> bool:
    """Inside quotation marks with no finite verb between them: a title ("„Linke Gewalt 2003“")."""
    # the quotations do not overlap: only the last one opening before the expression can hold it
    k = bisect.bisect_right(ctx.quotation_starts, tx.start) - 1
    if k < 0:
        return False
    q = ctx.quotations[k]
    if q.inner_start <= tx.start and tx.end <= q.inner_end:
        return not any(
            t.pos in FINITE_VERB_TAGS for t in sentence.tokens if q.inner_start <= t.start < q.inner_end
        )
    return False


def _dates_a_noun(ctx: _Context, sentence: Sentence, tx: TimeExpression, clause: clauses.Clause) -> bool:
    """The date is a noun's, not the verb's: "der Bericht vom November 2011", and in the Vorfeld of a
    main clause (one constituent before the finite verb) "Seit seinem Einmarsch in die Ukraine vor
    einem Jahr hat …"."""
    toks = sentence.tokens
    i = _index(sentence, tx.start)
    prep = i if toks[i].pos in PREP else i - 1 if i > 0 and toks[i - 1].pos in PREP else None
    if prep is None or prep == 0 or toks[prep - 1].pos not in ("NN", "NE"):
        return False
    before = toks[prep - 1]
    if any(s <= before.start < e for s, e in ctx.covered):
        return False  # "vor fast genau einem Jahr, am 28. September": two dates, not a noun
    if toks[prep].text.lower() in SETTINGS().nominal_prepositions:
        return True
    finite = clauses.finite_verb(clause)
    return (
        finite is not None
        and not clauses.is_subordinate(clause)
        and clause.start <= before.start
        and tx.end <= finite.start
    )


def _recurring(ctx: _Context, clause: clauses.Clause) -> bool:
    """A set ("jeden Montag", "jährlich") in the clause makes its dates recurring."""
    k = bisect.bisect_left(ctx.sets, (clause.start, -1))
    return k < len(ctx.sets) and ctx.sets[k][0] < clause.end


def _is_event(ctx: _Context, sentence: Sentence, tx: TimeExpression, clause: clauses.Clause) -> bool:
    """Whether ``tx`` dates an event of its clause (see the module doc)."""
    if _in_url(ctx, tx) or _in_title(ctx, sentence, tx) or _recurring(ctx, clause):
        return False
    if "T" not in tx.value and any(w.lower() in ctx.sub_day for w in tx.text.split()):
        return False  # "zwei Minuten später": a moment of the story
    return not _dates_a_noun(ctx, sentence, tx, clause)


def _infinitival(clause: clauses.Clause) -> bool:
    """An infinitive clause ("um für die kommende Woche zurückzureisen"): its time is its own."""
    words = clauses.connectives()
    return clauses.finite_verb(clause) is None and (
        any(t.pos in ("VVIZU", "PTKZU") for t in clause.tokens)
        or (bool(clause.tokens) and clause.tokens[0].text.lower() in words.infinitive_subordinators)
    )


def _is_speech_frame(clause: clauses.Clause) -> bool:
    """A verb-final reporting clause: "wie das Gericht am Dienstag mitteilte"."""
    if not clauses.is_subordinate(clause):
        return False
    k = clauses.after_connectives(clause.tokens, 0, len(clause.tokens))
    opener = clause.tokens[k - 1].text.lower() if k else ""
    verbs = speech_verbs()
    return opener == "wie" and any(
        verbs.is_speech_form(t.text) or verbs.is_statement_lemma(t.lemma) for t in clause.tokens
    )


def _first_person(clause: clauses.Clause) -> bool:
    """The writer's own frame: "Ich habe X daran erinnert, dass …"."""
    return any(t.pos == "PPER" and t.text.lower() == "ich" for t in clause.tokens)


@dataclasses.dataclass(frozen=True, slots=True)
class _Where:
    """Where the event of a date is told: token ranges in its sentence."""

    parts: tuple[tuple[int, int], ...]  # the event clause(s) the label is built from
    first: int  # the verbatim text: tokens[first:last]
    last: int
    tense: Tense


def _continued(cls: tuple[clauses.Clause, ...], n: int) -> tuple[tuple[int, int], ...]:
    """Clause ``n`` with the later clause that holds its closing verbs when an apposition or a
    relative clause cut it off ("Am Samstag wurde Andrea, der Sohn …, getauft")."""
    c = cls[n]
    closing = clauses.connectives().closing_verb_tags
    if clauses.finite_verb(c) is None or clauses.is_subordinate(c) or any(t.pos in closing for t in c.tokens):
        return ((c.first, c.last),)
    for later in cls[n + 1 :]:
        if clauses.finite_verb(later) is not None:
            break
        opened = clauses.after_connectives(later.tokens, 0, len(later.tokens)) > 0
        if not opened and not _infinitival(later) and any(t.pos in closing for t in later.tokens):
            return ((c.first, c.last), (later.first, later.last))
    return ((c.first, c.last),)


def _has_finite(sentence: Sentence, kept: tuple[int, ...]) -> bool:
    """Whether the printed tokens keep a finite verb ("… zu senken" has none)."""
    toks = sentence.tokens
    return any(
        toks[k].pos in FINITE_VERB_TAGS
        or toks[k] is clauses.finite_verb(clauses.clause_at(sentence, toks[k].start))
        for k in kept
    )


def _locate(sentence: Sentence, tx: TimeExpression, named: _Named) -> _Where | None:
    """The clause(s) whose event ``tx`` dates (see the module doc); None when none has a finite verb
    that the date belongs to."""
    cfg = SETTINGS()
    clause = clauses.clause_at(sentence, tx.start)
    cls = clauses.clauses_of(sentence)
    n = next((i for i, c in enumerate(cls) if c.first == clause.first and c.last == clause.last), None)
    whole = clauses.sentence_clause(sentence)
    # "Er sagte am Montag, dass …": past
    tense = clause.tense if clause.has_verb else whole.tense
    if n is None:
        cls, n = (whole,), 0
    if clauses.finite_verb(clause) is None:
        opened = clauses.after_connectives(clause.tokens, 0, len(clause.tokens)) > 0
        if _infinitival(clause) or opened or clauses.is_relative(clause.tokens, 0, len(clause.tokens)):
            return None  # "um … zu reisen", "der am 16. Juni, kurz vor …,": its verb is elsewhere
        mains = [i for i, c in enumerate(cls) if clauses.finite_verb(c) is not None]
        if not mains:
            return None
        m = next((i for i in mains if not clauses.is_subordinate(cls[i])), mains[0])
        parts = _continued(cls, m)
        if m > n:  # "Vor einem Jahr, am 28. September, stürzte …": the dates lead into it
            parts = ((cls[n].first, parts[0][1]), *parts[1:])
        return _Where(parts, min(cls[n].first, parts[0][0]), max(cls[n].last, parts[-1][1]), tense)
    if _is_speech_frame(clause):
        near = [i for i in (n - 1, n + 1) if 0 <= i < len(cls) and clauses.finite_verb(cls[i]) is not None]
        if near and not _is_speech_frame(cls[near[0]]):
            parts = _continued(cls, near[0])
            return _Where(parts, min(clause.first, parts[0][0]), max(clause.last, parts[-1][1]), tense)
    fragment = named.count(clause.first, clause.last, tx.start, tx.end) < cfg.min_named
    if fragment or _first_person(clause):
        nxt = cls[n + 1] if n + 1 < len(cls) else None
        if (
            nxt is not None
            and clauses.finite_verb(nxt) is not None
            and not clauses.is_relative(nxt.tokens, 0, len(nxt.tokens))
            and not _is_speech_frame(nxt)
        ):
            parts = _continued(cls, n + 1)
            return _Where(parts, clause.first, parts[-1][1], tense)
        if fragment:
            return _Where(((0, len(sentence.tokens)),), 0, len(sentence.tokens), tense)
    parts = _continued(cls, n)
    return _Where(parts, parts[0][0], parts[-1][1], tense)


@dataclasses.dataclass(slots=True)
class _Event:
    when: CalendarDate
    timex: TimeExpression
    sentence: Sentence
    first: int  # token range of the verbatim text in the sentence
    last: int
    tense: Tense
    display: str = ""
    entities: list[str] = dataclasses.field(default_factory=list)
    words: set[str] = dataclasses.field(default_factory=set)

    @property
    def start(self) -> int:
        return self.sentence.tokens[self.first].start

    @property
    def end(self) -> int:
        return self.sentence.tokens[self.last - 1].end


class _Mentions:
    """Every entity's mentions and references by start, so a clause finds its entities by bisection
    (a scan of all mentions per clause was quadratic in the text's length)."""

    __slots__ = ("_longest", "_names", "_spans", "_starts")

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        self._spans = sorted(
            (m.start, m.end, i) for i, ent in enumerate(entities) for m in (*ent.mentions, *ent.references)
        )
        self._starts = [s for s, _, _ in self._spans]
        self._names = [ent.name for ent in entities]
        self._longest = max((e - s for s, e, _ in self._spans), default=0)

    def names_in(self, start: int, end: int) -> list[str]:
        """The names of the entities mentioned in ``[start, end)``, by their first mention there."""
        first: dict[int, int] = {}
        lo = bisect.bisect_left(self._starts, start - self._longest)  # earlier ones end before start
        hi = bisect.bisect_left(self._starts, end)
        for s, e, i in self._spans[lo:hi]:
            if e > start and (i not in first or s < first[i]):
                first[i] = s
        return [name for _, name in sorted((s, self._names[i]) for i, s in first.items())]


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


def _events(ctx: _Context, doc: Document, timexes: tuple[TimeExpression, ...]) -> list[_Event]:
    """One event per clause, dated by its most specific expression, in text order."""
    cfg = SETTINGS()
    named: dict[int, _Named] = {}
    per_clause: dict[tuple[int, int], _Event] = {}
    built: dict[tuple[int, tuple[tuple[int, int], ...], int, int], labels.Label | None] = {}
    for tx in timexes:
        if tx.type not in ("DATE", "TIME"):
            continue
        when = place(tx.value, tx.mod)
        if when is None:
            continue
        sent = doc.sentence_at(tx.start)
        if sent is None or not _is_event(ctx, sent, tx, clauses.clause_at(sent, tx.start)):
            continue
        if sent.index not in named:
            named[sent.index] = _Named(sent, cfg.naming_tags)
        where = _locate(sent, tx, named[sent.index])
        if where is None:
            continue
        made = (sent.index, where.parts, where.first, where.last)
        label = (
            built[made]
            if made in built
            else labels.build(
                sent.tokens,
                doc.text,
                where.parts,
                (where.first, where.last),
                covered=ctx.covered,
                names=ctx.names,
                max_words=cfg.label_max_words,
                max_vorfeld=cfg.label_max_vorfeld,
            )
        )
        built[made] = label
        if label is None or not _has_finite(sent, label.kept):
            continue
        first, last = min(where.first, label.first), max(where.last, label.last)
        while first < last and not sent.tokens[first].is_word:
            first += 1
        while last > first and not sent.tokens[last - 1].is_word:
            last -= 1
        if first >= last:
            continue
        key = (sent.index, where.parts[0][0])
        old = per_clause.get(key)
        if old is not None and _SPECIFICITY[old.when.precision] >= _SPECIFICITY[when.precision]:
            continue  # one event per clause: the most specific date
        verbatim = doc.text[sent.tokens[first].start : sent.tokens[last - 1].end]
        display = "" if label.display == verbatim else label.display
        per_clause[key] = _Event(when, tx, sent, first, last, where.tense, display)
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
    ctx = _Context(doc, timexes, entities)
    events = _events(ctx, doc, timexes)
    spans = _Spans(timexes)
    mentions = _Mentions(entities)
    for ev in events:
        start, end = ev.start, ev.end
        ev.entities = mentions.names_in(start, end)
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
            display=ev.display,
        )
        for ev in merged
    )
