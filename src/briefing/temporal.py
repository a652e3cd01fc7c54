"""Temporal stage: German time expressions normalised to TIMEX3 values.

One compiled regex per rule (templates in ``data/temporal/patterns.yaml``, vocabulary in
``data/temporal/lexicon.yaml``) scans the text; overlapping candidates are resolved longest
first, then each expression is normalised in text order so that relative ones can be anchored:

* news mode (a publication date is given): deictic expressions ("heute", "letztes Jahr",
  "am Donnerstag", "vor einem Jahr") resolve against the publication date; the tense of the
  clause decides past or future for a bare weekday or month.
* anaphoric expressions ("am selben Tag", "ein Jahr zuvor", "im folgenden Jahr") and, without a
  publication date, all relative ones resolve against the last mentioned date (narrative mode).
* with no anchor at all the value stays undetermined ("XXXX-03", ``PRESENT_REF``).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from briefing.language import clauses
from briefing.model import TimeExpression
from briefing.resources import load_data

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.model import Document, TimexType, Token

_PLACEHOLDER = re.compile(r"<<([A-Z_0-9]+)>>")
_PRE_WORD = re.compile(r"([\wäöüÄÖÜß.§/–-]+)\s*$")
_DASH = "–"
_DAY_VALUE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_SENTENCE_END = (".", "!", "?", ":", '"', "“", "”", "»", "«", ";", ",")


# ---------------------------------------------------------------------------------------- data
@functools.cache
def _lex() -> dict[str, Any]:
    data: dict[str, Any] = load_data("temporal/lexicon.yaml")
    return data


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def _rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    lex = _lex()
    spec: dict[str, Any] = load_data("temporal/patterns.yaml")
    rel = lex["relative_words"]
    lists: dict[str, Sequence[str]] = {
        "MONTHS": list(lex["months"]),
        "MONTH_ABBREVIATIONS": list(lex["month_abbreviations"]),
        "WEEKDAYS": list(lex["weekdays"]),
        "WEEKDAY_ADVERBS": list(lex["weekday_adverbs"]),
        "WEEKDAY_RELATIVE": [*lex["weekday_relative"], *(w.capitalize() for w in lex["weekday_relative"])],
        "SEASONS": list(lex["seasons"]),
        "DAY_PARTS": list(lex["day_parts"]),
        "WEEKDAY_PART_SUFFIXES": list(lex["weekday_part_suffixes"]),
        "MODIFIERS": list(lex["modifiers"]),
        "EARLY_LATE": list(lex["early_late"]),
        "QUANTITY_MODIFIERS": list(lex["quantity_modifiers"]),
        "NUMBERS": [*lex["numbers"], *(w.capitalize() for w in lex["numbers"])],
        "FRACTIONS": list(lex["fractions"]),
        "VAGUE_QUANTITIES": [*lex["vague_quantities"], *(w.capitalize() for w in lex["vague_quantities"])],
        "UNITS": list(lex["units"]),
        "UNIT_ADJECTIVES": list(lex["unit_adjectives"]),
        "LANG_ADJECTIVES": list(lex["lang_adjectives"]),
        "SETS": list(lex["sets"]),
        "VAGUE_REFS": list(lex["vague_refs"]),
        "DEICTIC_DAYS": list(lex["deictic_days"]),
        "RELATIVE": [*rel["deictic"], *rel["anaphoric"], *(w.capitalize() for w in rel["deictic"])],
        "CALENDAR_UNITS": list(lex["calendar_units"]),
        "RELATIVE_NOUNS": list(lex["relative_nouns"]),
        "BOUNDARY_NOUNS": list(lex["boundary_nouns"]),
        "OFFSET_WORDS": list(lex["offset_words"]),
        "YEAR_PARTS": list(lex["year_parts"]),
        "DECADE_WORDS": list(lex["decade_words"]),
        "HOLIDAYS": [*lex["holidays_fixed"], *lex["holidays_easter"]],
        "TIME_ZONES": list(lex["time_zones"]),
    }
    fragments: dict[str, str] = {k: f"(?:{_alternation(v)})" for k, v in lists.items()}

    def expand(template: str) -> str:
        for _ in range(4):
            template = _PLACEHOLDER.sub(lambda m: fragments[m.group(1)], template)
        return template

    for name, frag in spec["fragments"].items():
        fragments[name] = expand(frag) if name != "DAYNUM_G" else frag
    return tuple((name, re.compile(expand(tpl))) for name, tpl in spec["rules"].items())


# ------------------------------------------------------------------------------ value helpers
def _ystr(year: int) -> str:
    return f"BC{-year:04d}" if year < 0 else f"{year:04d}"


def _value(y: int | None, m: int | None = None, d: int | None = None) -> str:
    out = "XXXX" if y is None else _ystr(y)
    if m is None:
        return out
    out += f"-{m:02d}"
    return out if d is None else out + f"-{d:02d}"


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


_UNKNOWN = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX"}


def _unknown(unit: str) -> str:
    """The undetermined value at ``unit``'s granularity."""
    return _UNKNOWN.get(unit, "XXXX")


def _week_value(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _number(word: str | None) -> float | None:
    if not word:
        return None
    lex = _lex()
    low = word.lower()
    if low in lex["numbers"]:
        return float(lex["numbers"][low])
    if low in lex["fractions"]:
        return float(lex["fractions"][low])
    digits = word.replace(".", "").replace(",", ".") if "," in word or word.count(".") else word
    try:
        return float(digits)
    except ValueError:
        return None


def _amount(num: str | None, frac: str | None) -> float | None:
    """ "drei" -> 3, "ein halbes" -> 0.5, "drei dreiviertel" -> 3.75, "anderthalb" -> 1.5."""
    n = _number(num)
    f = _number(frac) if frac else None
    if f is None:
        return n
    if n is None or (num or "").lower().startswith("ein"):
        return f
    return n + f


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _duration(amount: float | None, unit: str) -> str:
    """TIMEX3 duration: P3Y, P1Y6M, PT2H, PXD (amount None)."""
    if amount is None:
        return f"PT{'X'}{'M' if unit == 'MI' else unit}" if unit in ("H", "MI", "S") else f"PX{unit}"
    whole, part = int(amount), amount - int(amount)
    if unit in ("H", "MI", "S"):
        letter = "M" if unit == "MI" else unit
        if part and unit == "H":
            return f"PT{whole}H{round(part * 60)}M" if whole else f"PT{round(part * 60)}M"
        return f"PT{_fmt(amount)}{letter}"
    if not part:
        return f"P{whole}{unit}"
    sub = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "DE": ("Y", 10), "CE": ("DE", 10)}
    small, factor = sub[unit]
    rest = round(part * factor)
    if small == "H":
        return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
    return (f"P{whole}{unit}" if whole else "P") + f"{rest}{small}"


def _news_year(pub: dt.date, month: int, day: int | None, direction: str) -> int:
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
    here = _safe_date(y, month, day) or dt.date(y, month, 28)
    other = _safe_date(y + 1 if here < pub else y - 1, month, day) or dt.date(y, month, 28)
    return other.year if abs((other - pub).days) < abs((here - pub).days) else y


@functools.cache
def _past_cue() -> re.Pattern[str]:
    lex = _lex()
    return re.compile(
        rf"(?<![\wäöü])(?:{_alternation(lex['past_cues'])})(?:\s+(?:{_alternation(lex['past_cue_fillers'])}))?\s+$"
    )


@functools.cache
def _participle_data() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    lex = _lex()["participles"]
    return tuple(lex["prefixes"]), frozenset(lex["not_participles"]), tuple(lex["prospective"])


def _participle(token: Token) -> bool:
    """An adjectival past participle ("zurückgetretenen", "beschlossene", "reformierten"), by its
    HanTa lemma ("zurückgetreten"); plans ("geplante", "vorgesehene") do not count."""
    prefixes, adjectives, prospective = _participle_data()
    lem = token.lemma.lower()
    if lem in adjectives or lem.startswith(prospective) or not lem.endswith(("t", "en")):
        return False
    return lem.endswith("iert") or "ge" in lem[:-2] or lem.startswith(prefixes)


# --------------------------------------------------------------------------------- the tagger
@dataclasses.dataclass(slots=True)
class _Cand:
    start: int
    end: int
    rank: int
    rule: str
    match: re.Match[str]
    alternatives: list[_Cand] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(slots=True)
class _Out:
    type: TimexType
    value: str
    mod: str | None = None
    anchor: str | None = None
    start: int | None = None  # adjusted span (None: the match's)
    end: int | None = None
    update: tuple[int, int | None, int | None] | None = None  # new reference date


class _Tagger:
    """Normalises candidates in text order, keeping the reference date between them."""

    def __init__(self, doc: Document, published: dt.date | None) -> None:
        self.doc = doc
        self.text = doc.text
        self.published = published
        self.lex = _lex()
        self.ref: tuple[int, int | None, int | None] | None = None
        self.ref_sentence = -1
        self.token_after: dict[int, Token] = {}
        self.token_at: dict[int, Token] = {}
        self.token_starts: dict[int, list[int]] = {}  # per sentence, for next_token
        for s in doc.sentences:
            for a, b in zip(s.tokens, s.tokens[1:], strict=False):
                self.token_after[a.end] = b
            for t in s.tokens:
                self.token_at[t.start] = t
        # news: the last day told of and its sentence, for clock times and parts of a day
        self.last_day: tuple[dt.date, int] | None = None
        self._planned_cache: dict[tuple[int, int, int], bool] = {}
        # headings: a heading resets the reference to its section's year ("1862" ... "Seekrieg")
        th = self.lex["thresholds"]
        self.headings = [
            (p.start, p.end)
            for p in doc.paragraphs
            if len(p.text) <= int(th["heading_max_chars"]) and not p.text.rstrip().endswith(_SENTENCE_END)
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

    def prev_word(self, pos: int) -> str:
        m = _PRE_WORD.search(self.text, max(0, pos - 20), pos)
        return m.group(1) if m else ""

    def next_token(self, end: int) -> Token | None:
        j = end
        while j < len(self.text) and self.text[j] == " ":
            j += 1
        tok = self.token_after.get(end)
        if tok is not None:
            return tok
        sent = self.doc.sentence_at(j)
        if sent is None:
            return None
        starts = self.token_starts.get(sent.index)
        if starts is None:
            starts = self.token_starts[sent.index] = [t.start for t in sent.tokens]
        i = bisect.bisect_left(starts, j)
        return sent.tokens[i] if i < len(starts) else None

    def news(self) -> bool:
        return self.published is not None

    def news_day(self, pos: int, published: dt.date) -> dt.date:
        """News: the day a clock time or part of a day belongs to ("Am Freitagabend um 18.30 Uhr"):
        the day last told of, a few sentences back at most, else the day of writing."""
        if self.last_day is not None:
            sent = self.doc.sentence_at(pos)
            gap = int(self.lex["thresholds"]["day_anchor_sentences"])
            if sent is not None and 0 <= sent.index - self.last_day[1] <= gap:
                return self.last_day[0]
        return published

    def told_day(self, value: str, pos: int) -> None:
        """Remember a day-precise value ("2024-11-22", "2024-11-22TEV") for ``news_day``."""
        m = _DAY_VALUE.match(value)
        sent = self.doc.sentence_at(pos)
        if m is not None and sent is not None:
            day = _safe_date(int(m[1]), int(m[2]), int(m[3]))
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
                roll = int(self.lex["thresholds"]["month_rollover"])
                if self.ref[1] - month >= roll:
                    return y + 1
            return y
        return _news_year(self.published, month, day, self.direction(pos, end))

    def anchor_day(self, deictic: bool) -> dt.date | None:
        if deictic and self.published is not None:
            return self.published
        if self.ref and self.ref[1] and self.ref[2] and self.ref[0] > 0:
            return _safe_date(self.ref[0], self.ref[1], self.ref[2])
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
            return _unknown(unit), None
        y, m, d = base
        if unit in ("H", "MI", "S"):
            return _value(y, m, d), None
        if unit == "Y" and not float(n).is_integer():
            unit, n = "M", n * 12
        if unit in ("D", "W"):
            if m is None or d is None or y <= 0:
                return (_value(y, m) if m else _ystr(y)), None
            start = _safe_date(y, m, d)
            if start is None:
                return _value(y, m), None
            days = round(n * (7 if unit == "W" else 1))
            try:
                new = start + dt.timedelta(days=days)
            except OverflowError:
                return _value(y, m), None
            return new.isoformat(), (new.year, new.month, new.day)
        if unit == "M":
            if m is None:
                return _ystr(y + int(n // 12)), None
            total = y * 12 + (m - 1) + round(n)
            ny, nm = divmod(total, 12)
            return _value(ny, nm + 1), (ny, nm + 1, None)
        if unit == "Y":
            ny = y + round(n)
            if d is not None and m is not None:
                return _value(ny, m), (ny, m, None)
            return _ystr(ny), (ny, None, None)
        if unit == "DE":
            return _ystr(y + round(n) * 10)[:3], None
        if unit == "CE":
            return _ystr(y + round(n) * 100)[:2], None
        return _ystr(y), None

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


# ------------------------------------------------------------------------------ rule handlers
Handler = Callable[[_Tagger, re.Match[str]], "_Out | None"]
_HANDLERS: dict[str, Handler] = {}


def _rule(name: str) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        _HANDLERS[name] = fn
        return fn

    return deco


def _month_num(word: str | None) -> int | None:
    if not word:
        return None
    lex = _lex()
    if word in lex["months"]:
        return int(lex["months"][word])
    if word.endswith("s") and word[:-1] in lex["months"]:
        return int(lex["months"][word[:-1]])
    if word in lex["month_abbreviations"]:
        return int(lex["month_abbreviations"][word])
    return None


def _mod_of(word: str | None) -> str | None:
    if not word:
        return None
    lex = _lex()
    key = re.sub(r"\s+", " ", word)
    found = lex["modifiers"].get(key) or lex["early_late"].get(key) or lex["quantity_modifiers"].get(key)
    return str(found) if found else None


def _year_of(tg: _Tagger, raw: str, bc: str | None) -> int:
    y = int(raw)
    if bc:
        return -y
    if len(raw) == 2:
        century = None
        if tg.ref is not None and tg.ref[0] > 0:
            century = tg.ref[0] // 100
        elif tg.published is not None:
            century = tg.published.year // 100
        if century is None:
            century = 20 if y <= int(tg.lex["thresholds"]["two_digit_pivot"]) else 19
        return century * 100 + y
    return y


_TIME_PART = {"MO": "TMO", "MI": "TMI", "AF": "TAF", "EV": "TEV", "NI": "TNI"}


def _tz(word: str | None) -> str:
    if not word:
        return ""
    return str(_lex()["time_zones"].get(re.sub(r"\s+", " ", word), ""))


_RANGE_YEAR = re.compile(
    r"\s*(?:auf\s+den|zum|bis\s+zum|bis|–|-|/)\s*(?:[12]\d|3[01]|0?[1-9])\.\s*[A-ZÄÖÜ][a-zäöü]+\s+(\d{4})(?!\d)"
)


@_rule("date_numeric")
@_rule("date_iso")
def _date_numeric(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    day, month = int(m["day"]), int(m["month"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    y = _year_of(tg, m["year"], None)
    return _Out("DATE", _value(y, month, day), update=(y, month, day))


@_rule("date_dm")
def _date_dm(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    month = _month_num(m["month"] or m["mabbr"])
    day = int(m["day"])
    if month is None or _safe_date(2000, month, day) is None:
        return None
    if m["year"]:
        y: int | None = _year_of(tg, m["year"], m["bc"])
    else:
        ahead = _RANGE_YEAR.match(tg.text, m.end())
        y = int(ahead.group(1)) if ahead else tg.year_for(month, day, m.start(), m.end())
    value = _value(y, month, day)
    mod = None
    if m["part"]:
        value += _TIME_PART[tg.lex["day_parts"][m["part"]]]
        mod = _mod_of(m["el"])
    if m["hour"]:
        value += f"T{int(m['hour']):02d}:{m['minute']}{_tz(m['tz'])}"
    upd = (y, month, day) if y is not None else None
    return _Out("TIME" if (m["part"] or m["hour"]) else "DATE", value, mod, update=upd)


@_rule("day_range_first")
def _day_range_first(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    month = _month_num(m["month"])
    day = int(m["day"])
    if month is None:
        return None
    y = _year_of(tg, m["year"], None) if m["year"] else tg.year_for(month, day, m.start())
    value = _value(y, month, day) + ("TNI" if m["part"] else "")
    return _Out("TIME" if m["part"] else "DATE", value, update=(y, month, day) if y else None)


@_rule("day_only")
def _day_only(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    if tg.ref is None or tg.ref[1] is None or tg.ref[2] is None:
        return None
    day = int(m["day"])
    y, month = tg.ref[0], tg.ref[1]
    return _Out("DATE", _value(y, month, day), update=(y, month, day))


@_rule("clock_time")
def _clock_time(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    hour = int(m["hour"])
    minute = int(m["minute"] or m["minute2"] or 0)
    if hour > 24:
        return None
    start = m.start("hour")
    if tg.published is not None:
        day = tg.news_day(start, tg.published).isoformat()
    else:
        base = tg.anchor_ref(deictic=False)
        day = _value(*base) if base and base[2] is not None else "XXXX-XX-XX"
    value = f"{day}T{hour:02d}:{minute:02d}{_tz(m['tz'])}"
    mod = "APPROX" if m["approx"] else None
    return _Out("TIME", value, mod, anchor=None if day.startswith("X") else day)


def _deictic_offset(word: str) -> int | None:
    table: dict[str, int] = _lex()["deictic_days"]
    return table.get(word)


@_rule("deictic_part")
def _deictic_part(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    if m["word"] == "Morgen" and not _morgen_is_tomorrow(tg, m.start()):
        return None
    off = _deictic_offset(m["word"]) or 0
    part = m["part"].capitalize()
    code = "MO" if part == "Früh" else tg.lex["day_parts"].get(part, "MO")
    if tg.published is None:
        return _Out("TIME", "PRESENT_REF" if off == 0 else ("PAST_REF" if off < 0 else "FUTURE_REF"))
    day = tg.published + dt.timedelta(days=off)
    return _Out(
        "TIME",
        day.isoformat() + _TIME_PART[code],
        anchor=tg.published.isoformat(),
        update=(day.year, day.month, day.day),
    )


def _morgen_is_tomorrow(tg: _Tagger, pos: int) -> bool:
    """Capitalised "Morgen" means tomorrow when HanTa reads it as an adverb ("Morgen beginnt der
    Gipfel", "Morgen früh"), not after an article ("am Morgen")."""
    if tg.prev_word(pos) in tg.lex["not_tomorrow_before"]:
        return False
    tok = tg.token_at.get(pos)
    return tok is not None and tok.pos == "ADV"


@_rule("weekday_part")
def _weekday_part(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    wd = int(tg.lex["weekdays"][m["wd"]])
    code = tg.lex["weekday_part_suffixes"][m["part"]]
    value, anchor = tg.weekday_date(wd, _rel_before(tg, m.start()), m.start())
    return _Out("TIME", value + _TIME_PART[code], anchor=anchor)


def _rel_before(tg: _Tagger, pos: int) -> str | None:
    w = tg.prev_word(pos)
    return w if w.lower() in tg.lex["weekday_relative"] else None


@_rule("night_to")
def _night_to(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    wd = int(tg.lex["weekdays"][m["wd"]])
    value, anchor = tg.weekday_date(wd, None, m.start())
    if value.startswith("XXXX"):
        return _Out("TIME", value + "TNI")
    day = dt.date.fromisoformat(value) - dt.timedelta(days=1)
    return _Out("TIME", day.isoformat() + "TNI", anchor=anchor)


@_rule("day_part")
def _day_part(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    base = tg.anchor_ref(deictic=False)
    if tg.published is not None:
        d = tg.news_day(m.start(), tg.published)
        base = (d.year, d.month, d.day)
    if m["midnight"]:
        day = _value(*base) if base and base[2] else "XXXX-XX-XX"
        return _Out("TIME", f"{day}T24:00")
    code = "NI" if m["nachts"] or m["night"] else tg.lex["day_parts"][m["part"]]
    if m["rel"] in ("folgenden", "nächsten") and base and base[2]:
        value, _ = tg.shift(base, "D", 1)
    else:
        value = _value(*base) if base and base[2] else "XXXX-XX-XX"
    return _Out("TIME", value + _TIME_PART[code], "APPROX" if m["gegen"] else _mod_of(m["el"]))


@_rule("month_year")
def _month_year(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    month = _month_num(m["month"])
    if month is None:
        return None
    y = _year_of(tg, m["year"], m["bc"])
    return _Out("DATE", _value(y, month), _mod_of(m["mod"]) or _mod_of(m["el"]), update=(y, month, None))


def _rel_offset(word: str | None) -> tuple[int, bool] | None:
    """(offset, deictic) of a relative word."""
    if not word:
        return None
    rel = _lex()["relative_words"]
    key = re.sub(r"\s+", " ", word)
    key = key[:1].lower() + key[1:]  # "Nächste Woche" at the start of a sentence
    if key in rel["deictic"]:
        return int(rel["deictic"][key]), True
    if key in rel["anaphoric"]:
        return int(rel["anaphoric"][key]), False
    return None


def _ref_year_rel(tg: _Tagger, word: str | None) -> tuple[int | None, str | None]:
    """The year meant by "des folgenden Jahres" / "desselben Jahres" / "des Jahres"."""
    off = _rel_offset(word) or (0, False)
    base = tg.anchor_ref(deictic=off[1])
    if base is None:
        return None, None
    return base[0] + off[0], _ystr(base[0])


@_rule("month_rel")
def _month_rel(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    month = _month_num(m["month"])
    if month is None:
        return None
    y, anchor = _ref_year_rel(tg, m["rel"] or m["rel2"])
    upd = (y, month, None) if y is not None else None
    return _Out("DATE", _value(y, month), _mod_of(m["mod"]), anchor=anchor, update=upd)


@_rule("month_range_first")
def _month_range_first(_tg: _Tagger, m: re.Match[str]) -> _Out | None:
    month = _month_num(m["month"])
    if month is None:
        return None
    y = int(m["year"])
    return _Out("DATE", _value(y, month), update=(y, month, None))


_MONTH_CONTEXT = frozenset(
    (
        "im",
        "Im",
        "seit",
        "Seit",
        "ab",
        "Ab",
        "bis",
        "Bis",
        "zum",
        "vom",
        "von",
        "Von",
        "den",
        "dem",
        "des",
        "nach",
        "Nach",
        "vor",
        "Vor",
        "für",
        "Für",
        "gegen",
        "Gegen",
        "und",
        "oder",
        "/",
        "–",
        "-",
        "Anfang",
        "Mitte",
        "Ende",
        "Beginn",
        "späten",
        "frühen",
        "Monat",
        "Monats",
        "diesen",
        "kommenden",
        "nächsten",
        "vergangenen",
        "letzten",
    )
)


@_rule("month")
def _month(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    month = _month_num(m["month"])
    if month is None:
        return None
    if not m["mod"] and not m["el"]:
        prev = tg.prev_word(m.start())
        if prev not in _MONTH_CONTEXT and not prev.endswith(("/", "–", "-")):
            return None
        nxt = tg.next_token(m.end())
        if nxt is not None and nxt.pos == "NE" and nxt.text[:1].isupper():
            return None  # "August Bebel"
    y = tg.year_for(month, None, m.start(), m.end())
    upd = (y, month, None) if y is not None else None
    return _Out("DATE", _value(y, month), _mod_of(m["mod"]) or _mod_of(m["el"]), update=upd)


_SEASON_CONTEXT = _MONTH_CONTEXT | frozenset(
    (
        "über",
        "während",
        "Während",
        "diesem",
        "dieses",
    )
)


@_rule("season")
def _season(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    code, smod = tg.lex["seasons"][m["season"]]
    mod = _mod_of(m["mod"]) or _mod_of(m["el"]) or smod
    if m["year"]:
        y: int | None = _year_of(tg, m["year"], m["bc"])
        anchor = None
    elif m["rel"]:
        y, anchor = _ref_year_rel(tg, m["rel"])
    elif m["rel0"]:
        off, deictic = _rel_offset(m["rel0"]) or (0, False)
        if deictic and tg.published is not None:
            # "im kommenden Frühjahr": the next spring from the day of writing, "vergangenen Sommer"
            # the last one; "diesen Sommer" this year's
            pub = tg.published
            direction = "future" if off > 0 else "past" if off < 0 else "present"
            y = _news_year(pub, SEASON_MONTH[code], None, direction)
            if off < 0 and y == pub.year and SEASON_MONTH[code] + 2 >= pub.month:
                y -= 1  # the season is not over yet: the one before
            anchor = pub.isoformat()
        else:
            y, anchor = _ref_year_rel(tg, m["rel0"])
    else:
        if not m["mod"] and not m["el"] and tg.prev_word(m.start()) not in _SEASON_CONTEXT:
            return None
        anchor = None
        if tg.news() and tg.ref_year(m.start()) is None and tg.published is not None:
            y = _news_year(tg.published, SEASON_MONTH[code], None, tg.direction(m.start(), m.end()))
        else:
            y = tg.ref_year(m.start())
    upd = (y, None, None) if y is not None and (m["year"] or m["rel"] or m["rel0"]) else None
    return _Out("DATE", f"{_value(y)}-{code}", mod, anchor=anchor, update=upd)


SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@_rule("year_part")
def _year_part(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    code = tg.lex["year_parts"][re.sub(r"\s+", " ", m["part"])]
    if m["year"]:
        y: int | None = int(m["year"])
    elif tg.published is not None and tg.ref_year(m.start()) is None:
        # news: "im vierten Quartal", written in February and told in the past, is last year's
        y = _news_year(tg.published, PART_MONTH[code], None, tg.direction(m.start(), m.end()))
    else:
        base = tg.anchor_ref(deictic=True)
        y = base[0] if base else None
    return _Out("DATE", f"{_value(y)}-{code}")


PART_MONTH = {"H1": 1, "H2": 7, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}


@_rule("year_bc")
def _year_bc(_tg: _Tagger, m: re.Match[str]) -> _Out | None:
    y = -int(m["year"])
    mod = "APPROX" if m["approx"] else _mod_of(m["mod"])
    return _Out("DATE", _ystr(y), mod, update=(y, None, None))


_COUNT_NEXT_POS = frozenset(("NN",))
# "2000 auf 15.000", "2000 auf 2500 Euro": a count that changes, unless it changes to a year
_COUNT_CHANGE = re.compile(r"\s+auf\s+(?:\w+\s+)?(?:\d{1,3}(?:\.\d{3})+|\d{1,3}|\d{5,}|[3-9]\d{3})(?![\d.,])")


@_rule("year")
def _year(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    y = int(m["year"])
    th = tg.lex["thresholds"]
    prefixed = any(m[g] for g in ("approx", "mod", "laufe", "jahr", "boundary", "hol"))
    if not prefixed:
        if not (int(th["min_year"]) <= y <= int(th["max_year"])):
            return None
        if tg.prev_word(m.start()) in tg.lex["count_cues"]:
            return None
        if _COUNT_CHANGE.match(tg.text, m.end()):
            return None  # "von derzeit 2000 auf rund 15.000 Soldaten"
        nxt = tg.next_token(m.end())
        prev = tg.prev_word(m.start())
        line_start = tg.text[max(0, m.start() - 1) : m.start()] in ("", "\n")
        if (
            nxt is not None
            and nxt.pos in _COUNT_NEXT_POS
            and not line_start
            and prev not in tg.lex["year_cues"]
        ):
            range_next = re.match(r"\s*(?:bis|–|-)\s*\d{4}", tg.text[m.end() : m.end() + 12])
            if not range_next and _month_num(nxt.text) is None:
                return None
    mod = None
    value = _ystr(y)
    if m["approx"]:
        mod = "APPROX"
    elif m["mod"]:
        mod = _mod_of(m["mod"])
    elif m["boundary"]:
        mod = tg.lex["boundary_nouns"][m["boundary"]][1]
    elif m["hol"]:
        return _holiday_value(tg, m["hol"], y)
    return _Out("DATE", value, mod, update=(y, None, None))


@_rule("year_short")
def _year_short(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    first = int(tg.text[m.start() - 5 : m.start() - 1])
    y = first // 100 * 100 + int(m["year"])
    if y <= first:
        y += 100
    return _Out("DATE", _ystr(y), update=(y, None, None))


@_rule("decade")
def _decade(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    if m["dnum"]:
        raw = m["dnum"]
        if len(raw) == 4:
            value = raw[:3]
        elif len(raw) == 3:
            value = "0" + raw[:2]
        else:
            base = tg.anchor_ref(deictic=True)
            century = base[0] // 100 if base and base[0] > 0 else 19
            if base and century * 100 + int(raw) > base[0]:
                century -= 1  # "die 90er Jahre" written in 2023: the 1990s
            value = f"{century:02d}{raw[0]}"
    else:
        value = f"19{tg.lex['decade_words'][m['dword']]}"
    if m["bc"]:
        value = "BC" + value
    return _Out("DATE", value, _mod_of(m["mod"]))


@_rule("century")
def _century(_tg: _Tagger, m: re.Match[str]) -> _Out | None:
    n = int(m["num"])
    if not 1 <= n <= 21:
        return None
    value = f"{n - 1:02d}"
    return _Out("DATE", ("BC" + value) if m["bc"] else value, _mod_of(m["mod"]))


_SAME_DAY_WITH_AM = frozenset(
    (
        "selben",
        "gleichen",
        "diesem",
        "demselben",
        "selbigen",
    )
)


@_rule("rel_unit")
def _rel_unit(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    unit = tg.lex["calendar_units"][m["unit"]]
    rel = _rel_offset(m["rel"])
    if rel is None:
        return None
    off, deictic = rel
    if unit == "D" and off == 0:
        deictic = False  # "an diesem Tag" is the day just told of, not the day of writing
    if m["rel2"]:
        extra = _rel_offset(m["rel2"])
        off += extra[0] if extra else 0
        deictic = False
    # span: "am selben Tag" keeps "am"; "im nächsten Jahr" drops "im"; "der darauffolgenden Woche"
    start = m.start()
    if m["am"]:
        keep = unit == "D" and m["rel"] in _SAME_DAY_WITH_AM and not m["mod"] and not m["art"]
        if not keep:
            start = m.start("art") if m["art"] else m.start("rel")
            if m["mod"]:
                return None
    base = tg.anchor_ref(deictic)
    anchor = _value(*base) if base else None
    mod = _mod_of(m["mod"])
    if unit == "WE":
        day = tg.anchor_day(deictic)
        if day is None:
            return _Out("DATE", "XXXX-WXX-WE", start=start)
        week = day + dt.timedelta(days=7 * off)
        return _Out("DATE", _week_value(week) + "-WE", anchor=anchor, start=start)
    if unit == "W":
        day = tg.anchor_day(deictic)
        if day is None:
            return _Out("DATE", "XXXX-WXX", mod, start=start)
        return _Out("DATE", _week_value(day + dt.timedelta(days=7 * off)), mod, anchor=anchor, start=start)
    if base is None:
        return _Out("DATE", _unknown(unit), mod, start=start)
    if unit == "Y":
        y = base[0] + off
        return _Out("DATE", _ystr(y), mod, anchor=anchor, start=start, update=(y, None, None))
    if unit == "M":
        if base[1] is None:
            return _Out("DATE", _ystr(base[0]) + "-XX", mod, anchor=anchor, start=start)
        value, upd = tg.shift((base[0], base[1], None), "M", off)
        return _Out("DATE", value, mod, anchor=anchor, start=start, update=upd)
    if unit == "D":
        if base[2] is None:
            return None if not deictic else _Out("DATE", "XXXX-XX-XX", start=start)
        value, upd = tg.shift(base, "D", off)
        return _Out("DATE", value, mod, anchor=anchor, start=start, update=upd)
    if unit == "DE":
        return _Out("DATE", _ystr(base[0] + 10 * off)[:3], mod, anchor=anchor, start=start)
    if unit == "CE":
        return _Out("DATE", _ystr(base[0] + 100 * off)[:2], mod, anchor=anchor, start=start)
    return None


@_rule("rel_plural")
@_rule("plural_after")
def _unit_duration(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    """ "einige Jahre", "Jahre später": an unspecified number of the unit."""
    return _Out("DURATION", _duration(None, tg.lex["units"][m["unit"]]))


@_rule("boundary")
def _boundary(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    unit = {
        "Jahres": "Y",
        "Monats": "M",
        "Woche": "W",
        "Tages": "D",
        "Jahrzehnts": "DE",
        "Jahrhunderts": "CE",
    }[m["unit"]]
    mod = None if m["mod"] == "Laufe" else _mod_of(m["mod"])
    base = tg.anchor_ref(deictic=tg.news())
    start = m.start() if m["gegen"] else m.start("mod")
    if base is None:
        return _Out("DATE", _unknown(unit), mod, start=start)
    anchor = _value(*base)
    if unit == "Y":
        return _Out("DATE", _ystr(base[0]), mod, anchor=anchor, start=start)
    if unit == "M":
        return _Out(
            "DATE", _value(base[0], base[1]) if base[1] else _ystr(base[0]), mod, anchor=anchor, start=start
        )
    if unit == "D":
        return _Out("DATE", _value(*base) if base[2] else "XXXX-XX-XX", mod, anchor=anchor, start=start)
    if unit == "W":
        day = tg.anchor_day(tg.news())
        return _Out("DATE", _week_value(day) if day else "XXXX-WXX", mod, anchor=anchor, start=start)
    if unit == "DE":
        return _Out("DATE", _ystr(base[0])[:3], mod, anchor=anchor, start=start)
    return _Out("DATE", _ystr(base[0])[:2], mod, anchor=anchor, start=start)


@_rule("boundary_noun")
def _boundary_noun(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    unit, mod = tg.lex["boundary_nouns"][m["noun"]]
    base = tg.anchor_ref(deictic=tg.news())
    if base is None:
        return _Out(
            "DATE", "XXXX-WXX-WE" if mod == "WE" else "XXXX", None if mod in ("WE", "NEXT_START") else mod
        )
    anchor = _value(*base)
    if mod == "WE":
        day = tg.anchor_day(tg.news())
        if day is None:
            return _Out("DATE", "XXXX-WXX-WE")
        tense = tg.tense_at(m.start())
        if tense == "past" and day.isoweekday() < 6:
            day -= dt.timedelta(days=7)
        return _Out("DATE", _week_value(day) + "-WE", anchor=anchor)
    if mod == "NEXT_START":
        return _Out("DATE", f"{_ystr(base[0] + 1)}-01-01", anchor=anchor)
    if unit == "M":
        return _Out("DATE", _value(base[0], base[1]) if base[1] else _ystr(base[0]), mod, anchor=anchor)
    if unit == "W":
        day = tg.anchor_day(tg.news())
        return _Out("DATE", _week_value(day) if day else "XXXX-WXX", mod, anchor=anchor)
    return _Out("DATE", _ystr(base[0]), mod, anchor=anchor)


@_rule("rel_noun")
def _rel_noun(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    unit, off = tg.lex["relative_nouns"][m["noun"]]
    base = tg.anchor_ref(deictic=False)
    if base is None:
        return _Out("DATE", _unknown(unit))
    anchor = _value(*base)
    if unit == "Y":
        return _Out("DATE", _ystr(base[0] + off), anchor=anchor)
    if unit == "W":
        day = tg.anchor_day(deictic=False)
        return _Out(
            "DATE", _week_value(day + dt.timedelta(days=7 * off)) if day else "XXXX-WXX", anchor=anchor
        )
    value, _ = tg.shift(base if unit == "D" else (base[0], base[1], None), unit, off)
    return _Out("DATE", value, anchor=anchor)


def _offset_out(
    tg: _Tagger, m: re.Match[str], direction: int, deictic: bool, start: int | None = None
) -> _Out:
    lex = tg.lex
    unit = lex["units"][m["unit"]]
    amount = _amount(m["num"], m["frac"])
    mod = _mod_of(m["qmod"])
    if amount is None:
        if direction < 0:
            return _Out("DURATION", _duration(None, unit), start=start)
        return _Out("DATE", "FUTURE_REF", start=start)
    if m["num"] and m["num"].lower() == "eines" and unit == "D":
        return _Out("DATE", "XXXX-XX-XX", start=start)
    base = tg.anchor_ref(deictic)
    value, _ = tg.shift(base, unit, direction * amount)
    anchor = _value(*base) if base else None
    typ: TimexType = "TIME" if unit in ("H", "MI", "S") else "DATE"
    return _Out(typ, value, mod, anchor=anchor, start=start)


@_rule("offset")
def _offset(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    direction = int(tg.lex["offset_words"][m["dir"]])
    if m["vague"] and direction > 0:
        return _Out("DATE", "FUTURE_REF")
    if m["vague"]:
        return _Out("DURATION", _duration(None, tg.lex["units"][m["unit"]]))
    return _offset_out(tg, m, direction, deictic=False)


@_rule("day_after")
def _day_after(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    direction = int(tg.lex["offset_words"][m["dir"]])
    base = tg.anchor_ref(deictic=False)
    if base is None or base[2] is None:
        return _Out("DATE", "XXXX-XX-XX")
    value, _ = tg.shift(base, "D", direction)
    return _Out("DATE", value, anchor=_value(*base))


_NOT_DATIVE = frozenset(
    ("Tag", "Tage", "Monat", "Monate", "Jahr", "Jahre", "Jahrzehnt", "Jahrzehnte", "Stunde")
)


@_rule("ago")
def _ago(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    unit = tg.lex["units"][m["unit"]]
    if m["unit"] in _NOT_DATIVE and (m["num"] is None or m["num"].lower() not in ("einem", "einer")):
        return None  # "vor" + nominative/accusative: not "ago" ("vor Tag X")
    amount = _amount(m["num"], m["frac"])
    if tg.published is None:
        # narrative: "vor drei dreiviertel Jahren" is annotated as a duration without "vor"
        inner = m.start("qmod") if m["qmod"] else m.start("num") if m["num"] else m.start("vague")
        if inner < 0:
            inner = m.start("unit")
        return _Out("DURATION", _duration(amount if not m["vague"] else None, unit), start=inner)
    if m["vague"] or amount is None:
        return _Out("DATE", "PAST_REF")
    return _offset_out(tg, m, -1, deictic=True)


@_rule("after")
def _after(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    unit = tg.lex["units"][m["unit"]]
    amount = _amount(m["num"], m["frac"])
    end = m.end("unit")
    inner = m.start("qmod") if m["qmod"] else (m.start("num") if m["num"] else m.start("vague"))
    if m["noun"]:  # "Nach 77 Tagen Belagerung": a duration
        return _Out("DURATION", _duration(amount if not m["vague"] else None, unit), start=inner, end=end)
    if m["vague"] or amount is None:
        return _Out("DURATION", _duration(None, unit), end=end)
    if unit in ("D", "M") and amount <= 10 and tg.ref is not None and not m["qmod"]:
        out = _offset_out(tg, m, 1, deictic=False)
        out.end = end
        return out
    start = inner if m["qmod"] else None  # "nach [mehr als drei Tagen]", "[nach sechs Wochen]"
    return _Out("DURATION", _duration(amount, unit), _mod_of(m["qmod"]), start=start, end=end)


def _duration_value(m: re.Match[str]) -> str | None:
    lex = _lex()
    unit = lex["units"][m["unit"]]
    if m["vague"]:
        return _duration(None, unit)
    num = m["num"]
    if num and num.lower() == "eines" and unit == "D":
        return None  # "eines Tages"
    amount = _amount(num, m["frac"])
    if amount is None:
        return None
    value = _duration(amount, unit)
    if m["num2"] and m["unit2"]:
        unit2 = lex["units"][m["unit2"]]
        amount2 = _amount(m["num2"], m["frac2"])
        if amount2 is not None and unit2 != unit:
            extra = _duration(amount2, unit2)
            value = value + extra[1:] if "T" not in value + extra else value
    return value


@_rule("duration")
def _duration_rule(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    value = _duration_value(m)
    if value is None:
        return None
    num = m["num"] or ""
    unit = m["unit"]
    if num[:1].isdigit() and unit in ("Jahre", "Jahren") and tg.prev_word(m.start()) == "den":
        return None
    singular = unit in ("Tag", "Woche", "Monat", "Jahr")
    if m["num"] and not m["vague"] and singular and _number(num) != 1.0 and not m["frac"]:
        return None  # "drei Jahr" is not German; avoids "2. Woche"
    return _Out("DURATION", value, _mod_of(m["qmod"]))


@_rule("duration_frac")
def _duration_frac(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    amount = _number(m["frac"])
    if amount is None:
        return None
    return _Out("DURATION", _duration(amount, tg.lex["units"][m["unit"]]))


@_rule("duration_range_first")
def _duration_range_first(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    amount = _number(m["num"])
    if amount is None or tg.prev_word(m.start()) in ("den", "Jahren", "Jahre"):
        return None
    return _Out("DURATION", _duration(amount, tg.lex["units"][m["unit"]]))


@_rule("unit_adj")
def _unit_adj(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    amount = _number(m["num"].rstrip("-"))
    if amount is None:
        return None
    return _Out("DURATION", _duration(amount, tg.lex["unit_adjectives"][m["adj"]]), _mod_of(m["qmod"]))


@_rule("lang_adj")
def _lang_adj(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    return _Out("DURATION", _duration(None, tg.lex["lang_adjectives"][m["adj"]]))


@_rule("bare_plural")
def _bare_plural(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    if m["long"]:
        return _Out("DURATION", "PXY")
    return _unit_duration(tg, m)


@_rule("set_word")
def _set_word(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    return _Out("SET", str(tg.lex["sets"][m["word"]]))


_EVERY_UNIT = {"Tag": "D", "Woche": "W", "Monat": "M", "Jahr": "Y", "Stunde": "H"}


@_rule("set_every")
def _set_every(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    if m["wd"]:
        return _Out("SET", f"XXXX-WXX-{tg.lex['weekdays'][m['wd']]}")
    if m["unit"]:
        if m["every"].lower() == "alle":
            return None
        return _Out("SET", _duration(1, _EVERY_UNIT.get(m["unit"], "DE")))
    amount = _number(m["num"])
    if amount is None or m["every"].lower() != "alle":
        return None
    return _Out("SET", _duration(amount, tg.lex["units"][m["units"]]))


@_rule("set_weekday")
def _set_weekday(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    return _Out("SET", f"XXXX-WXX-{tg.lex['weekday_adverbs'][m['wd']]}")


@_rule("weekday")
def _weekday(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    wd = int(tg.lex["weekdays"][m["wd"]])
    week = None
    if m["wk"]:
        week = _rel_offset(m["wk"].replace("dieser", "diese"))
    value, anchor = tg.weekday_date(wd, m["rel"], m.start(), m.end(), week[0] if week else None)
    upd = None
    if not value.startswith("XXXX"):
        d = dt.date.fromisoformat(value)
        upd = (d.year, d.month, d.day)
    return _Out("DATE", value, anchor=anchor, update=upd)


@_rule("deictic_day")
def _deictic_day(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    word = m["word"]
    off = _deictic_offset(word)
    if off is None:
        return None
    if word == "morgen":
        prev = tg.prev_word(m.start())
        if prev in ("am", "Am", "des", "den", "vom", "jeden", "heute", "gestern"):
            return None
    if word == "Morgen" and not _morgen_is_tomorrow(tg, m.start()):
        return None
    if tg.published is None:
        return _Out("DATE", "PRESENT_REF" if off == 0 else ("PAST_REF" if off < 0 else "FUTURE_REF"))
    day = tg.published + dt.timedelta(days=off)
    return _Out(
        "DATE", day.isoformat(), anchor=tg.published.isoformat(), update=(day.year, day.month, day.day)
    )


@_rule("vague_ref")
def _vague_ref(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    key = re.sub(r"\s+", " ", m["word"])
    value = str(tg.lex["vague_refs"][key])
    return _Out("DATE", value)


def _holiday_value(tg: _Tagger, name: str, year: int | None) -> _Out:
    lex = tg.lex
    key = re.sub(r"\s+", " ", name)
    if year is None:
        base = tg.anchor_ref(deictic=True)
        year = base[0] if base else None
    if key in lex["holidays_fixed"]:
        md = str(lex["holidays_fixed"][key])
        value = f"{_value(year)}-{md}"
        upd = (year, int(md[:2]), int(md[3:])) if year is not None else None
        return _Out("DATE", value, update=upd)
    if year is None or year <= 0:
        return _Out("DATE", f"{_value(year)}-XX-XX")
    day = _easter(year) + dt.timedelta(days=int(lex["holidays_easter"][key]))
    return _Out("DATE", day.isoformat(), update=(day.year, day.month, day.day))


@_rule("holiday")
def _holiday(tg: _Tagger, m: re.Match[str]) -> _Out | None:
    return _holiday_value(tg, m["hol"], int(m["year"]) if m["year"] else None)


# ------------------------------------------------------------------------------------- entry
def _candidates(text: str) -> list[_Cand]:
    found: list[_Cand] = []
    for rank, (name, rx) in enumerate(_rules()):
        found.extend(
            _Cand(m.start(), m.end(), rank, name, m) for m in rx.finditer(text) if m.end() > m.start()
        )
    return found


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates: longest first, then by rule order.

    Each chosen candidate keeps the candidates lying inside its span as ``alternatives``, for
    when its rule rejects the match.
    """
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
    text = doc.text
    if not text:
        return ()
    tg = _Tagger(doc, published)
    out: list[TimeExpression] = []
    candidates = _candidates(text)
    if skip:
        candidates = [c for c in candidates if not any(s < c.end and c.start < e for s, e in skip)]
    _process(tg, _select(candidates), out)
    out.sort(key=lambda t: t.start)
    return tuple(out)


def _process(tg: _Tagger, chosen: list[_Cand], out: list[TimeExpression]) -> None:
    text = tg.text
    for c in chosen:
        tg.enter(c.start)
        res = _HANDLERS[c.rule](tg, c.match)
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
