"""The reference date: what a relative expression is anchored on, kept in text order.

:class:`State` is what the tagger knows at a point of the text, and what the handlers ask it:

* news mode (a publication date is given): deictic expressions ("heute", "letztes Jahr",
  "am Donnerstag") resolve against the publication date; a month, weekday or day without a year
  takes the year the clause's tense points to (:func:`news_year`, :meth:`State.direction`:
  "seit Montag" and "am Montag zurückgetretenen" are past, "ist für den 3. Dezember geplant" is
  future); a clock time belongs to the day told of a few sentences before.
* narrative mode and anaphoric expressions ("am selben Tag", "im folgenden Jahr"): the last
  mentioned date (:meth:`State.move_ref`), reset by a heading to its section's year; a year told
  in passing ("seit 1939") does not move it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

from briefing.language import clauses, marks
from briefing.model import token_from
from briefing.temporal.lexicon import THRESHOLDS, alternation, lexicon
from briefing.temporal.values import date_value, safe_date, unknown_value, year_str

if TYPE_CHECKING:
    from briefing.model import Document, Token


_PRE_WORD = re.compile(r"([\wäöüÄÖÜß.§/–-]+)\s*$")


_DAY_VALUE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")


_SENTENCE_END = marks.endings(".!?:;,")


def news_year(pub: dt.date, month: int, day: int | None, direction: str) -> int:
    """The year of a month (and day) told without one, seen from the publication date.

    Past: the last such date up to ``pub``; future: the next from ``pub`` on; present: the nearer
    of the two ("Im Januar beginnt die Reform", written in November, is next January).
    """
    y = pub.year
    key, pkey = (month, day or 0), (pub.month, pub.day if day else 0)
    if direction == "past":
        return y - 1 if key > pkey else y
    if direction == "future":
        return y + 1 if key < pkey else y
    if key == pkey:
        return y
    if day is None:
        ahead = (month - pub.month) % 12
        return y + (month < pub.month) if ahead < 12 - ahead else y - (month > pub.month)
    here = safe_date(y, month, day) or dt.date(y, month, 28)
    other = safe_date(y + 1 if here < pub else y - 1, month, day) or dt.date(y, month, 28)
    return other.year if abs((other - pub).days) < abs((here - pub).days) else y


@functools.cache
def _past_cue() -> re.Pattern[str]:
    lex = lexicon()
    return re.compile(
        rf"(?<![\wäöü])(?:{alternation(lex['past_cues'])})(?:\s+(?:{alternation(lex['past_cue_fillers'])}))?\s+$"
    )


@functools.cache
def _participle_data() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    lex = lexicon()["participles"]
    return tuple(lex["prefixes"]), frozenset(lex["not_participles"]), tuple(lex["prospective"])


def _participle(token: Token) -> bool:
    """An adjectival past participle ("zurückgetretenen", "beschlossene", "reformierten"), by its
    HanTa lemma ("zurückgetreten"); plans ("geplante", "vorgesehene") do not count."""
    prefixes, adjectives, prospective = _participle_data()
    lem = token.lemma.lower()
    if lem in adjectives or lem.startswith(prospective) or not lem.endswith(("t", "en")):
        return False
    return lem.endswith("iert") or "ge" in lem[:-2] or lem.startswith(prefixes)


class State:
    """What the tagger knows at a point of the text (the reference date, the day last told of,
    the heading it is in) and the questions a handler asks about it: the year of a month told
    without one, the date of a weekday, a date some units away, the tense at an offset."""

    def __init__(self, doc: Document, published: dt.date | None) -> None:
        self.doc = doc
        self.text = doc.text
        self.published = published
        self.lex = lexicon()
        self.ref: tuple[int, int | None, int | None] | None = None
        self.ref_sentence = -1
        # news: the last day told of and its sentence, for clock times and parts of a day
        self.last_day: tuple[dt.date, int] | None = None
        self._planned_cache: dict[tuple[int, int, int], bool] = {}
        # headings: a heading resets the reference to its section's year ("1862" ... "Seekrieg")
        self.headings = [
            (p.start, p.end)
            for p in doc.paragraphs
            if len(p.text) <= THRESHOLDS().heading_max_chars and not p.text.rstrip().endswith(_SENTENCE_END)
        ]
        self.next_heading = 0
        self.in_heading: tuple[int, int] | None = None
        self.section_year: int | None = None
        self.section_heading: tuple[int, int] | None = None

    def enter(self, pos: int) -> None:
        """Called before each candidate: crossing a heading resets the reference time."""
        while self.next_heading < len(self.headings) and self.headings[self.next_heading][0] <= pos:
            self.in_heading = self.headings[self.next_heading]
            self.next_heading += 1
            if self.section_year is not None and not self.news():
                self.ref = (self.section_year, None, None)
        if self.in_heading is not None and pos >= self.in_heading[1]:
            self.in_heading = None

    def move_ref(self, new: tuple[int, int | None, int | None], pos: int) -> None:
        """Make ``new`` the reference date, unless a boundary adverbial ("seit 1939", "bis zum
        15. Juli 1863") mentions another year in passing."""
        if self.in_heading is not None and self.in_heading[0] <= pos < self.in_heading[1]:
            if self.section_heading != self.in_heading:  # the first year of a heading counts
                self.section_year = new[0]
                self.section_heading = self.in_heading
                self.ref = new
            return
        if (
            self.ref is not None
            and new[0] != self.ref[0]
            and not self.news()
            and self.prev_word(pos) in self.lex["passing_cues"]
        ):
            return
        self.ref = new
        sent = self.doc.sentence_at(pos)
        self.ref_sentence = sent.index if sent else -1

    # -- context helpers
    def tense_at(self, pos: int) -> str:
        sent = self.doc.sentence_at(pos)
        return "present" if sent is None else clauses.tense_at(sent, pos)

    def clause_at(self, pos: int) -> clauses.Clause | None:
        sent = self.doc.sentence_at(pos)
        return None if sent is None else clauses.clause_at(sent, pos)

    def prev_word(self, pos: int) -> str:
        m = _PRE_WORD.search(self.text, max(0, pos - 20), pos)
        return m.group(1) if m else ""

    def next_token(self, end: int) -> Token | None:
        """The first token at or after ``end`` (spaces skipped) in its sentence."""
        j = end
        while j < len(self.text) and self.text[j] == " ":
            j += 1
        sent = self.doc.sentence_at(j)
        if sent is None:
            return None
        i = token_from(sent.tokens, j)
        return sent.tokens[i] if i < len(sent.tokens) else None

    def token_at(self, pos: int) -> Token | None:
        """The token starting at ``pos``, if any."""
        sent = self.doc.sentence_at(pos)
        if sent is None:
            return None
        i = token_from(sent.tokens, pos)
        return sent.tokens[i] if i < len(sent.tokens) and sent.tokens[i].start == pos else None

    def news(self) -> bool:
        return self.published is not None

    def news_day(self, pos: int, published: dt.date) -> dt.date:
        """News: the day a clock time or part of a day belongs to ("Am Freitagabend um 18.30 Uhr"):
        the day last told of, a few sentences back at most, else the day of writing."""
        if self.last_day is not None:
            sent = self.doc.sentence_at(pos)
            gap = THRESHOLDS().day_anchor_sentences
            if sent is not None and 0 <= sent.index - self.last_day[1] <= gap:
                return self.last_day[0]
        return published

    def told_day(self, value: str, pos: int) -> None:
        """Remember a day-precise value ("2024-11-22", "2024-11-22TEV") for ``news_day``."""
        m = _DAY_VALUE.match(value)
        sent = self.doc.sentence_at(pos)
        if m is not None and sent is not None:
            day = safe_date(int(m[1]), int(m[2]), int(m[3]))
            if day is not None:
                self.last_day = (day, sent.index)

    def ref_year(self, pos: int) -> int | None:
        """Year for a month or day without one."""
        if self.news():
            sent = self.doc.sentence_at(pos)
            if (
                self.ref is not None
                and sent is not None
                and sent.index == self.ref_sentence
                and self.published is not None
                and (self.ref[1] is not None or self.ref[0] != self.published.year)
            ):
                # "Im Jahr 2020 kam es im März zu Protesten", "Ende April bis zum 20. Juni"; but
                # "die Zahlen für 2024 werden im Februar vorgelegt" (the year of writing) is next February
                return self.ref[0]
            return None  # the publication year, adjusted by tense (see year_for)
        return self.ref[0] if self.ref else None

    def direction(self, pos: int, end: int | None = None) -> str:
        """``past``, ``present`` or ``future`` for a date without a year or week in news.

        A cue before it ("seit Montag") or a participle after it ("am Montag
        zurückgetretenen") decides; otherwise the tense of its clause.
        """
        if _past_cue().search(self.text, max(0, pos - 30), pos):
            return "past"
        if end is not None:
            nxt = self.next_token(end)
            if nxt is not None and nxt.pos == "ADJA" and _participle(nxt):
                return "past"
        if self._planned(pos):
            return "future"  # "Das Treffen ist für den 3. Dezember geplant"
        return self.tense_at(pos)

    def _planned(self, pos: int) -> bool:
        sent = self.doc.sentence_at(pos)
        if sent is None:
            return False
        clause = clauses.clause_at(sent, pos)
        key = (sent.index, clause.first, clause.last)
        planned = self._planned_cache.get(key)
        if planned is None:
            prospective = _participle_data()[2]
            # "hatte am Donnerstag angekündigt" tells of the announcement
            planned = not any(t.lemma == "haben" for t in clause.tokens) and any(
                t.pos == "VVPP" and t.text.lower().startswith(prospective) for t in clause.tokens
            )
            self._planned_cache[key] = planned
        return planned

    def year_for(self, month: int, day: int | None, pos: int, end: int | None = None) -> int | None:
        y = self.ref_year(pos)
        if y is not None or self.published is None:
            if y is not None and not self.news() and self.ref and self.ref[1] is not None:
                # narrative: "31. Dezember 1862 ... am 2. Januar" moves on to the next year
                roll = THRESHOLDS().month_rollover
                if self.ref[1] - month >= roll:
                    return y + 1
            return y
        return news_year(self.published, month, day, self.direction(pos, end))

    def anchor_day(self, deictic: bool) -> dt.date | None:
        if deictic and self.published is not None:
            return self.published
        if self.ref and self.ref[1] and self.ref[2] and self.ref[0] > 0:
            return safe_date(self.ref[0], self.ref[1], self.ref[2])
        if self.published is not None:
            return self.published
        return None

    def anchor_ref(self, deictic: bool) -> tuple[int, int | None, int | None] | None:
        if deictic and self.published is not None:
            p = self.published
            return (p.year, p.month, p.day)
        if self.ref is not None:
            return self.ref
        if self.published is not None:
            p = self.published
            return (p.year, p.month, p.day)
        return None

    # -- offsets
    def shift(
        self, base: tuple[int, int | None, int | None] | None, unit: str, n: float
    ) -> tuple[str, tuple[int, int | None, int | None] | None]:
        """The date ``n`` units after ``base``, at the unit's granularity."""
        if base is None:
            return unknown_value(unit), None
        y, m, d = base
        if unit in ("H", "MI", "S"):
            return date_value(y, m, d), None
        if unit == "Y" and not float(n).is_integer():
            unit, n = "M", n * 12
        if unit in ("D", "W"):
            if m is None or d is None or y <= 0:
                return (date_value(y, m) if m else year_str(y)), None
            start = safe_date(y, m, d)
            if start is None:
                return date_value(y, m), None
            days = round(n * (7 if unit == "W" else 1))
            try:
                new = start + dt.timedelta(days=days)
            except OverflowError:
                return date_value(y, m), None
            return new.isoformat(), (new.year, new.month, new.day)
        if unit == "M":
            if m is None:
                return year_str(y + int(n // 12)), None
            total = y * 12 + (m - 1) + round(n)
            ny, nm = divmod(total, 12)
            return date_value(ny, nm + 1), (ny, nm + 1, None)
        if unit == "Y":
            ny = y + round(n)
            if d is not None and m is not None:
                return date_value(ny, m), (ny, m, None)
            return year_str(ny), (ny, None, None)
        if unit == "DE":
            return year_str(y + round(n) * 10)[:3], None
        if unit == "CE":
            return year_str(y + round(n) * 100)[:2], None
        return year_str(y), None

    # -- weekdays
    def weekday_date(
        self, wd: int, rel: str | None, pos: int, end: int | None = None, week: int | None = None
    ) -> tuple[str, str | None]:
        """The date of weekday ``wd`` (ISO number) told at ``pos``.

        ``rel`` is the word before it ("kommenden", "Vergangenen", "heutigen"); ``week`` the
        offset of a week named after it ("Dienstag vergangener Woche": -1).
        """
        rel = rel.lower() if rel else None
        deictic = rel not in ("folgenden", "darauffolgenden")
        base = self.anchor_day(deictic)
        if base is None:
            return f"XXXX-WXX-{wd}", None
        diff = wd - base.isoweekday()
        if week is not None:
            delta = diff + 7 * week
        elif rel in ("heutigen", "gestrigen", "morgigen"):
            delta = {"heutigen": 0, "gestrigen": -1, "morgigen": 1}[rel]
        elif rel in ("kommenden", "nächsten", "folgenden", "darauffolgenden"):
            delta = diff if diff > 0 else diff + 7
        elif rel in ("vergangenen", "letzten", "vorigen"):
            delta = diff if diff < 0 else diff - 7
        elif rel == "diesen":
            delta = diff
        else:
            tense = self.direction(pos, end) if self.news() else self.tense_at(pos)
            if diff == 0:
                delta = 0
            elif tense == "past":
                delta = diff if diff < 0 else diff - 7
            else:
                delta = diff if diff > 0 else diff + 7
        return (base + dt.timedelta(days=delta)).isoformat(), base.isoformat()
