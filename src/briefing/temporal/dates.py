"""Calendar dates, months, seasons, parts of a year and holidays: "16.02.2023", "2023-02-16",
"Donnerstag, den 16. Februar 2023", "am 24.", "Juni 1940", "März des folgenden Jahres",
"Anfang März", "im Frühjahr 1861", "im vierten Quartal", "Weihnachten 1966".

A date without a year takes the reference year (narrative) or, in news, the year its clause's
tense points to (:meth:`State.year_for`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from briefing.temporal.anchoring import news_year
from briefing.temporal.lexicon import THRESHOLDS
from briefing.temporal.outcome import Out
from briefing.temporal.relative import ref_year_rel, rel_offset
from briefing.temporal.values import (
    PART_MONTH,
    SEASON_MONTH,
    TIME_PART,
    date_value,
    easter_sunday,
    mod_of,
    month_number,
    safe_date,
    squash,
    time_zone,
)

if TYPE_CHECKING:
    from briefing.temporal.anchoring import State
    from briefing.temporal.outcome import Handler


def _year_of(tg: State, raw: str, bc: str | None) -> int:
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
            century = 20 if y <= THRESHOLDS().two_digit_pivot else 19
        return century * 100 + y
    return y


_RANGE_YEAR = re.compile(
    r"\s*(?:auf\s+den|zum|bis\s+zum|bis|–|-|/)\s*(?:[12]\d|3[01]|0?[1-9])\.\s*[A-ZÄÖÜ][a-zäöü]+\s+(\d{4})(?!\d)"
)


def _date_numeric(tg: State, m: re.Match[str]) -> Out | None:
    day, month = int(m["day"]), int(m["month"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    y = _year_of(tg, m["year"], None)
    return Out("DATE", date_value(y, month, day), update=(y, month, day))


def _date_dm(tg: State, m: re.Match[str]) -> Out | None:
    month = month_number(m["month"] or m["mabbr"])
    day = int(m["day"])
    if month is None or safe_date(2000, month, day) is None:
        return None
    if m["year"]:
        y: int | None = _year_of(tg, m["year"], m["bc"])
    else:
        ahead = _RANGE_YEAR.match(tg.text, m.end())
        y = int(ahead.group(1)) if ahead else tg.year_for(month, day, m.start(), m.end())
    value = date_value(y, month, day)
    mod = None
    if m["part"]:
        value += TIME_PART[tg.lex["day_parts"][m["part"]]]
        mod = mod_of(m["el"])
    if m["hour"]:
        value += f"T{int(m['hour']):02d}:{m['minute']}{time_zone(m['tz'])}"
    upd = (y, month, day) if y is not None else None
    return Out("TIME" if (m["part"] or m["hour"]) else "DATE", value, mod, update=upd)


def _day_range_first(tg: State, m: re.Match[str]) -> Out | None:
    month = month_number(m["month"])
    day = int(m["day"])
    if month is None:
        return None
    y = _year_of(tg, m["year"], None) if m["year"] else tg.year_for(month, day, m.start())
    value = date_value(y, month, day) + ("TNI" if m["part"] else "")
    return Out("TIME" if m["part"] else "DATE", value, update=(y, month, day) if y else None)


def _day_only(tg: State, m: re.Match[str]) -> Out | None:
    if tg.ref is None or tg.ref[1] is None or tg.ref[2] is None:
        return None
    day = int(m["day"])
    y, month = tg.ref[0], tg.ref[1]
    return Out("DATE", date_value(y, month, day), update=(y, month, day))


def _month_year(tg: State, m: re.Match[str]) -> Out | None:
    month = month_number(m["month"])
    if month is None:
        return None
    y = _year_of(tg, m["year"], m["bc"])
    return Out("DATE", date_value(y, month), mod_of(m["mod"]) or mod_of(m["el"]), update=(y, month, None))


def _month_rel(tg: State, m: re.Match[str]) -> Out | None:
    month = month_number(m["month"])
    if month is None:
        return None
    y, anchor = ref_year_rel(tg, m["rel"] or m["rel2"])
    upd = (y, month, None) if y is not None else None
    return Out("DATE", date_value(y, month), mod_of(m["mod"]), anchor=anchor, update=upd)


def _month_range_first(_tg: State, m: re.Match[str]) -> Out | None:
    month = month_number(m["month"])
    if month is None:
        return None
    y = int(m["year"])
    return Out("DATE", date_value(y, month), update=(y, month, None))


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


def _month(tg: State, m: re.Match[str]) -> Out | None:
    month = month_number(m["month"])
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
    return Out("DATE", date_value(y, month), mod_of(m["mod"]) or mod_of(m["el"]), update=upd)


_SEASON_CONTEXT = _MONTH_CONTEXT | frozenset(
    (
        "über",
        "während",
        "Während",
        "diesem",
        "dieses",
    )
)


def _season(tg: State, m: re.Match[str]) -> Out | None:
    code, smod = tg.lex["seasons"][m["season"]]
    mod = mod_of(m["mod"]) or mod_of(m["el"]) or smod
    if m["year"]:
        y: int | None = _year_of(tg, m["year"], m["bc"])
        anchor = None
    elif m["rel"]:
        y, anchor = ref_year_rel(tg, m["rel"])
    elif m["rel0"]:
        off, deictic = rel_offset(m["rel0"]) or (0, False)
        if deictic and tg.published is not None:
            # "im kommenden Frühjahr": the next spring from the day of writing, "vergangenen Sommer"
            # the last one; "diesen Sommer" this year's
            pub = tg.published
            direction = "future" if off > 0 else "past" if off < 0 else "present"
            y = news_year(pub, SEASON_MONTH[code], None, direction)
            if off < 0 and y == pub.year and SEASON_MONTH[code] + 2 >= pub.month:
                y -= 1  # the season is not over yet: the one before
            anchor = pub.isoformat()
        else:
            y, anchor = ref_year_rel(tg, m["rel0"])
    else:
        if not m["mod"] and not m["el"] and tg.prev_word(m.start()) not in _SEASON_CONTEXT:
            return None
        anchor = None
        if tg.news() and tg.ref_year(m.start()) is None and tg.published is not None:
            y = news_year(tg.published, SEASON_MONTH[code], None, tg.direction(m.start(), m.end()))
        else:
            y = tg.ref_year(m.start())
    upd = (y, None, None) if y is not None and (m["year"] or m["rel"] or m["rel0"]) else None
    return Out("DATE", f"{date_value(y)}-{code}", mod, anchor=anchor, update=upd)


def _year_part(tg: State, m: re.Match[str]) -> Out | None:
    code = tg.lex["year_parts"][squash(m["part"])]
    if m["year"]:
        y: int | None = int(m["year"])
    elif tg.published is not None and tg.ref_year(m.start()) is None:
        # news: "im vierten Quartal", written in February and told in the past, is last year's
        y = news_year(tg.published, PART_MONTH[code], None, tg.direction(m.start(), m.end()))
    else:
        base = tg.anchor_ref(deictic=True)
        y = base[0] if base else None
    return Out("DATE", f"{date_value(y)}-{code}")


def holiday_value(tg: State, name: str, year: int | None) -> Out:
    lex = tg.lex
    key = squash(name)
    if year is None:
        base = tg.anchor_ref(deictic=True)
        year = base[0] if base else None
    if key in lex["holidays_fixed"]:
        md = str(lex["holidays_fixed"][key])
        value = f"{date_value(year)}-{md}"
        upd = (year, int(md[:2]), int(md[3:])) if year is not None else None
        return Out("DATE", value, update=upd)
    if year is None or year <= 0:
        return Out("DATE", f"{date_value(year)}-XX-XX")
    day = easter_sunday(year) + dt.timedelta(days=int(lex["holidays_easter"][key]))
    return Out("DATE", day.isoformat(), update=(day.year, day.month, day.day))


def _holiday(tg: State, m: re.Match[str]) -> Out | None:
    if m["year"] or tg.published is None or tg.ref_year(m.start()) is not None:
        return holiday_value(tg, m["hol"], int(m["year"]) if m["year"] else None)
    # news, no year: the holiday the clause's tense points to ("Kurz vor Weihnachten hatte die
    # Polizei …", written in January, is last December)
    pub = tg.published
    this = holiday_value(tg, m["hol"], pub.year)
    try:
        day = dt.date.fromisoformat(this.value)
    except ValueError:
        return this
    direction = tg.direction(m.start(), m.end())
    year = news_year(pub, day.month, day.day, direction)
    return this if year == pub.year else holiday_value(tg, m["hol"], year)


HANDLERS: dict[str, Handler] = {
    "date_numeric": _date_numeric,
    "date_iso": _date_numeric,
    "date_dm": _date_dm,
    "day_range_first": _day_range_first,
    "day_only": _day_only,
    "month_year": _month_year,
    "month_rel": _month_rel,
    "month_range_first": _month_range_first,
    "month": _month,
    "season": _season,
    "year_part": _year_part,
    "holiday": _holiday,
}
