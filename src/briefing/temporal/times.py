"""Clock times and parts of a day: "4:45 Uhr", "gegen 16 Uhr", "heute Abend", "Donnerstagabend",
"in der Nacht zum Sonntag", "am frühen Morgen", "Mitternacht".

In news a clock time or part of the day belongs to the day told of a few sentences before, else
to the day of writing; in narrative to the last mentioned day.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from briefing.temporal.outcome import Out
from briefing.temporal.values import TIME_PART, date_value, deictic_offset, mod_of, time_zone

if TYPE_CHECKING:
    import re

    from briefing.temporal.anchoring import State
    from briefing.temporal.outcome import Handler


def _clock_time(tg: State, m: re.Match[str]) -> Out | None:
    hour = int(m["hour"])
    minute = int(m["minute"] or (m["minute2"] if "minute2" in m.groupdict() else None) or 0)
    if hour > 24:
        return None
    start = m.start("hour")
    if tg.published is not None:
        day = tg.news_day(start, tg.published).isoformat()
    else:
        base = tg.anchor_ref(deictic=False)
        day = date_value(*base) if base and base[2] is not None else "XXXX-XX-XX"
    value = f"{day}T{hour:02d}:{minute:02d}{time_zone(m.groupdict().get('tz'))}"
    mod = "APPROX" if m.groupdict().get("approx") else None
    return Out("TIME", value, mod, anchor=None if day.startswith("X") else day)


def _deictic_part(tg: State, m: re.Match[str]) -> Out | None:
    if m["word"] == "Morgen" and not morgen_is_tomorrow(tg, m.start()):
        return None
    off = deictic_offset(m["word"]) or 0
    part = m["part"].capitalize()
    code = "MO" if part == "Früh" else tg.lex["day_parts"].get(part, "MO")
    if tg.published is None:
        return Out("TIME", "PRESENT_REF" if off == 0 else ("PAST_REF" if off < 0 else "FUTURE_REF"))
    day = tg.published + dt.timedelta(days=off)
    return Out(
        "TIME",
        day.isoformat() + TIME_PART[code],
        anchor=tg.published.isoformat(),
        update=(day.year, day.month, day.day),
    )


def morgen_is_tomorrow(tg: State, pos: int) -> bool:
    """Capitalised "Morgen" means tomorrow when HanTa reads it as an adverb ("Morgen beginnt der
    Gipfel", "Morgen früh"), not after an article ("am Morgen")."""
    if tg.prev_word(pos) in tg.lex["not_tomorrow_before"]:
        return False
    tok = tg.token_at(pos)
    return tok is not None and tok.pos == "ADV"


def _weekday_part(tg: State, m: re.Match[str]) -> Out | None:
    wd = int(tg.lex["weekdays"][m["wd"]])
    code = tg.lex["weekday_part_suffixes"][m["part"]]
    value, anchor = tg.weekday_date(wd, _rel_before(tg, m.start()), m.start())
    return Out("TIME", value + TIME_PART[code], anchor=anchor)


def _rel_before(tg: State, pos: int) -> str | None:
    w = tg.prev_word(pos)
    return w if w.lower() in tg.lex["weekday_relative"] else None


def _night_to(tg: State, m: re.Match[str]) -> Out | None:
    wd = int(tg.lex["weekdays"][m["wd"]])
    value, anchor = tg.weekday_date(wd, None, m.start())
    if value.startswith("XXXX"):
        return Out("TIME", value + "TNI")
    day = dt.date.fromisoformat(value) - dt.timedelta(days=1)
    return Out("TIME", day.isoformat() + "TNI", anchor=anchor)


def _day_part(tg: State, m: re.Match[str]) -> Out | None:
    base = tg.anchor_ref(deictic=False)
    if tg.published is not None:
        d = tg.news_day(m.start(), tg.published)
        base = (d.year, d.month, d.day)
    if m["midnight"]:
        day = date_value(*base) if base and base[2] else "XXXX-XX-XX"
        return Out("TIME", f"{day}T24:00")
    code = "NI" if m["nachts"] or m["night"] else tg.lex["day_parts"][m["part"]]
    if m["rel"] in ("folgenden", "nächsten") and base and base[2]:
        value, _ = tg.shift(base, "D", 1)
    else:
        value = date_value(*base) if base and base[2] else "XXXX-XX-XX"
    return Out("TIME", value + TIME_PART[code], "APPROX" if m["gegen"] else mod_of(m["el"]))


HANDLERS: dict[str, Handler] = {
    "clock_time": _clock_time,
    "clock_range_first": _clock_time,  # the first time of "von 16 bis 17.30 Uhr"
    "deictic_part": _deictic_part,
    "weekday_part": _weekday_part,
    "night_to": _night_to,
    "day_part": _day_part,
}
