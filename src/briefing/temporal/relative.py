"""Relative and deictic expressions: "vor einem Jahr", "letzte Woche", "am Donnerstag", "heute",
"im nächsten Jahr", "am selben Tag", "zwei Tage später", "Ende des Jahres", "Vorjahr", "bald".

* ``ago`` ("vor einem Jahr", "vor drei Wochen"): in news the publication date minus the amount at
  the unit's granularity ("vor einem Jahr", written 2023-02-16: 2022-02); without a publication
  date a duration ("drei Jahre", without "vor"). "vor" with a nominative ("vor Tag X") is not "ago".
* ``rel_unit`` ("letzte Woche", "im nächsten Jahr", "am selben Tag"): the relative word's offset
  from the publication date (deictic words) or the last mentioned date (anaphoric words).
* ``weekday`` ("am Donnerstag", "kommenden Montag"): that weekday in the week the relative word
  or, without one, the clause's tense points to (:meth:`State.weekday_date`).
* ``offset`` and ``after`` ("zwei Tage später", "nach sechs Wochen"): from the last mentioned date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from briefing.language import clauses
from briefing.model import FINITE_VERB_TAGS
from briefing.temporal.lexicon import lexicon
from briefing.temporal.outcome import Out
from briefing.temporal.times import morgen_is_tomorrow
from briefing.temporal.values import (
    date_value,
    deictic_offset,
    duration_value,
    mod_of,
    parse_amount,
    squash,
    unknown_value,
    week_value,
    year_str,
)

if TYPE_CHECKING:
    import re

    from briefing.model import TimexType
    from briefing.temporal.anchoring import State
    from briefing.temporal.outcome import Handler


def rel_offset(word: str | None) -> tuple[int, bool] | None:
    """(offset, deictic) of a relative word."""
    if not word:
        return None
    rel = lexicon()["relative_words"]
    key = squash(word)
    key = key[:1].lower() + key[1:]  # "Nächste Woche" at the start of a sentence
    if key in rel["deictic"]:
        return int(rel["deictic"][key]), True
    if key in rel["anaphoric"]:
        return int(rel["anaphoric"][key]), False
    return None


def ref_year_rel(tg: State, word: str | None) -> tuple[int | None, str | None]:
    """The year meant by "des folgenden Jahres" / "desselben Jahres" / "des Jahres"."""
    off = rel_offset(word) or (0, False)
    base = tg.anchor_ref(deictic=off[1])
    if base is None:
        return None, None
    return base[0] + off[0], year_str(base[0])


_SAME_DAY_WITH_AM = frozenset(
    (
        "selben",
        "gleichen",
        "diesem",
        "demselben",
        "selbigen",
    )
)


def _rel_unit(tg: State, m: re.Match[str]) -> Out | None:
    unit = tg.lex["calendar_units"][m["unit"]]
    rel = rel_offset(m["rel"])
    if rel is None:
        return None
    off, deictic = rel
    if unit == "D" and off == 0:
        deictic = False  # "an diesem Tag" is the day just told of, not the day of writing
    if m["rel2"]:
        extra = rel_offset(m["rel2"])
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
    anchor = date_value(*base) if base else None
    mod = mod_of(m["mod"])
    if unit == "WE":
        day = tg.anchor_day(deictic)
        if day is None:
            return Out("DATE", "XXXX-WXX-WE", start=start)
        week = day + dt.timedelta(days=7 * off)
        return Out("DATE", week_value(week) + "-WE", anchor=anchor, start=start)
    if unit == "W":
        day = tg.anchor_day(deictic)
        if day is None:
            return Out("DATE", "XXXX-WXX", mod, start=start)
        return Out("DATE", week_value(day + dt.timedelta(days=7 * off)), mod, anchor=anchor, start=start)
    if base is None:
        return Out("DATE", unknown_value(unit), mod, start=start)
    if unit == "Y":
        y = base[0] + off
        return Out("DATE", year_str(y), mod, anchor=anchor, start=start, update=(y, None, None))
    if unit == "M":
        if base[1] is None:
            return Out("DATE", year_str(base[0]) + "-XX", mod, anchor=anchor, start=start)
        value, upd = tg.shift((base[0], base[1], None), "M", off)
        return Out("DATE", value, mod, anchor=anchor, start=start, update=upd)
    if unit == "D":
        if base[2] is None:
            return None if not deictic else Out("DATE", "XXXX-XX-XX", start=start)
        value, upd = tg.shift(base, "D", off)
        return Out("DATE", value, mod, anchor=anchor, start=start, update=upd)
    if unit == "DE":
        return Out("DATE", year_str(base[0] + 10 * off)[:3], mod, anchor=anchor, start=start)
    if unit == "CE":
        return Out("DATE", year_str(base[0] + 100 * off)[:2], mod, anchor=anchor, start=start)
    return None


def _boundary(tg: State, m: re.Match[str]) -> Out | None:
    unit = {
        "Jahres": "Y",
        "Monats": "M",
        "Woche": "W",
        "Tages": "D",
        "Jahrzehnts": "DE",
        "Jahrhunderts": "CE",
    }[m["unit"]]
    mod = None if m["mod"] == "Laufe" else mod_of(m["mod"])
    base = tg.anchor_ref(deictic=tg.news())
    start = m.start() if m["gegen"] else m.start("mod")
    if base is None:
        return Out("DATE", unknown_value(unit), mod, start=start)
    anchor = date_value(*base)
    if unit == "Y":
        return Out("DATE", year_str(base[0]), mod, anchor=anchor, start=start)
    if unit == "M":
        return Out(
            "DATE",
            date_value(base[0], base[1]) if base[1] else year_str(base[0]),
            mod,
            anchor=anchor,
            start=start,
        )
    if unit == "D":
        return Out("DATE", date_value(*base) if base[2] else "XXXX-XX-XX", mod, anchor=anchor, start=start)
    if unit == "W":
        day = tg.anchor_day(tg.news())
        return Out("DATE", week_value(day) if day else "XXXX-WXX", mod, anchor=anchor, start=start)
    if unit == "DE":
        return Out("DATE", year_str(base[0])[:3], mod, anchor=anchor, start=start)
    return Out("DATE", year_str(base[0])[:2], mod, anchor=anchor, start=start)


def _boundary_noun(tg: State, m: re.Match[str]) -> Out | None:
    unit, mod = tg.lex["boundary_nouns"][m["noun"]]
    base = tg.anchor_ref(deictic=tg.news())
    if base is None:
        return Out(
            "DATE", "XXXX-WXX-WE" if mod == "WE" else "XXXX", None if mod in ("WE", "NEXT_START") else mod
        )
    anchor = date_value(*base)
    if mod == "WE":
        day = tg.anchor_day(tg.news())
        if day is None:
            return Out("DATE", "XXXX-WXX-WE")
        tense = tg.tense_at(m.start())
        if tense == "past" and day.isoweekday() < 6:
            day -= dt.timedelta(days=7)
        return Out("DATE", week_value(day) + "-WE", anchor=anchor)
    if mod == "NEXT_START":
        return Out("DATE", f"{year_str(base[0] + 1)}-01-01", anchor=anchor)
    if unit == "M":
        return Out("DATE", date_value(base[0], base[1]) if base[1] else year_str(base[0]), mod, anchor=anchor)
    if unit == "W":
        day = tg.anchor_day(tg.news())
        return Out("DATE", week_value(day) if day else "XXXX-WXX", mod, anchor=anchor)
    return Out("DATE", year_str(base[0]), mod, anchor=anchor)


def _rel_noun(tg: State, m: re.Match[str]) -> Out | None:
    unit, off = tg.lex["relative_nouns"][m["noun"]]
    base = tg.anchor_ref(deictic=False)
    if base is None:
        return Out("DATE", unknown_value(unit))
    anchor = date_value(*base)
    if unit == "Y":
        return Out("DATE", year_str(base[0] + off), anchor=anchor)
    if unit == "W":
        day = tg.anchor_day(deictic=False)
        return Out("DATE", week_value(day + dt.timedelta(days=7 * off)) if day else "XXXX-WXX", anchor=anchor)
    value, _ = tg.shift(base if unit == "D" else (base[0], base[1], None), unit, off)
    return Out("DATE", value, anchor=anchor)


def _offset_out(tg: State, m: re.Match[str], direction: int, deictic: bool, start: int | None = None) -> Out:
    lex = tg.lex
    unit = lex["units"][m["unit"]]
    amount = parse_amount(m["num"], m["frac"])
    mod = mod_of(m["qmod"])
    if amount is None:
        if direction < 0:
            return Out("DURATION", duration_value(None, unit), start=start)
        return Out("DATE", "FUTURE_REF", start=start)
    if m["num"] and m["num"].lower() == "eines" and unit == "D":
        return Out("DATE", "XXXX-XX-XX", start=start)
    base = tg.anchor_ref(deictic)
    value, _ = tg.shift(base, unit, direction * amount)
    anchor = date_value(*base) if base else None
    typ: TimexType = "TIME" if unit in ("H", "MI", "S") else "DATE"
    return Out(typ, value, mod, anchor=anchor, start=start)


def _offset(tg: State, m: re.Match[str]) -> Out | None:
    direction = int(tg.lex["offset_words"][m["dir"]])
    if m["vague"] and direction > 0:
        return Out("DATE", "FUTURE_REF")
    if m["vague"]:
        return Out("DURATION", duration_value(None, tg.lex["units"][m["unit"]]))
    return _offset_out(tg, m, direction, deictic=False)


def _day_after(tg: State, m: re.Match[str]) -> Out | None:
    direction = int(tg.lex["offset_words"][m["dir"]])
    base = tg.anchor_ref(deictic=False)
    if base is None or base[2] is None:
        return Out("DATE", "XXXX-XX-XX")
    value, _ = tg.shift(base, "D", direction)
    return Out("DATE", value, anchor=date_value(*base))


_NOT_DATIVE = frozenset(
    ("Tag", "Tage", "Monat", "Monate", "Jahr", "Jahre", "Jahrzehnt", "Jahrzehnte", "Stunde")
)


def _ago(tg: State, m: re.Match[str]) -> Out | None:
    unit = tg.lex["units"][m["unit"]]
    if m["unit"] in _NOT_DATIVE and (m["num"] is None or m["num"].lower() not in ("einem", "einer")):
        return None  # "vor" + nominative/accusative: not "ago" ("vor Tag X")
    amount = parse_amount(m["num"], m["frac"])
    if tg.published is None:
        # narrative: "vor drei dreiviertel Jahren" is annotated as a duration without "vor"
        inner = m.start("qmod") if m["qmod"] else m.start("num") if m["num"] else m.start("vague")
        if inner < 0:
            inner = m.start("unit")
        return Out("DURATION", duration_value(amount if not m["vague"] else None, unit), start=inner)
    if m["vague"] or amount is None:
        return Out("DATE", "PAST_REF")
    return _offset_out(tg, m, -1, deictic=True)


def _after(tg: State, m: re.Match[str]) -> Out | None:
    unit = tg.lex["units"][m["unit"]]
    amount = parse_amount(m["num"], m["frac"])
    end = m.end("unit")
    inner = m.start("qmod") if m["qmod"] else (m.start("num") if m["num"] else m.start("vague"))
    if m["noun"]:  # "Nach 77 Tagen Belagerung": a duration
        return Out("DURATION", duration_value(amount if not m["vague"] else None, unit), start=inner, end=end)
    if m["vague"] or amount is None:
        return Out("DURATION", duration_value(None, unit), end=end)
    if unit in ("D", "M") and amount <= 10 and tg.ref is not None and not m["qmod"]:
        out = _offset_out(tg, m, 1, deictic=False)
        out.end = end
        return out
    start = inner if m["qmod"] else None  # "nach [mehr als drei Tagen]", "[nach sechs Wochen]"
    return Out("DURATION", duration_value(amount, unit), mod_of(m["qmod"]), start=start, end=end)


def _of_a_past_day(tg: State, m: re.Match[str]) -> bool:
    """ "vom Sonntag" (of Sunday) names a day that is over, unless a range follows ("vom Montag bis …")."""
    if tg.prev_word(m.start()) not in tg.lex["weekday_past_prepositions"]:
        return False
    nxt = tg.next_token(m.end())
    return nxt is None or nxt.text not in tg.lex["range_words"]


def _weekday(tg: State, m: re.Match[str]) -> Out | None:
    wd = int(tg.lex["weekdays"][m["wd"]])
    week = None
    if m["wk"]:
        week = rel_offset(m["wk"].replace("dieser", "diese"))
    rel = m["rel"]
    if rel is None and week is None and tg.news() and _of_a_past_day(tg, m):
        rel = "vergangenen"  # "das Wahlergebnis vom Sonntag": a day that is over
    value, anchor = tg.weekday_date(wd, rel, m.start(), m.end(), week[0] if week else None)
    upd = None
    if not value.startswith("XXXX"):
        d = dt.date.fromisoformat(value)
        upd = (d.year, d.month, d.day)
    return Out("DATE", value, anchor=anchor, update=upd)


def _deictic_day(tg: State, m: re.Match[str]) -> Out | None:
    word = m["word"]
    off = deictic_offset(word)
    if off is None:
        return None
    if word == "morgen":
        prev = tg.prev_word(m.start())
        if prev in ("am", "Am", "des", "den", "vom", "jeden", "heute", "gestern"):
            return None
    if word == "Morgen" and not morgen_is_tomorrow(tg, m.start()):
        return None
    if tg.published is None or (off == 0 and _nowadays(tg, m)):
        return Out("DATE", "PRESENT_REF" if off == 0 else ("PAST_REF" if off < 0 else "FUTURE_REF"))
    day = tg.published + dt.timedelta(days=off)
    return Out(
        "DATE", day.isoformat(), anchor=tg.published.isoformat(), update=(day.year, day.month, day.day)
    )


def _nowadays(tg: State, m: re.Match[str]) -> bool:
    """ "heute" meaning nowadays, not the day of writing: next to a particle of duration ("auch
    heute noch", "bis heute", "schon heute"), before an adjective ("die heute lebenden Vögel"), in
    a clause of the subjunctive II ("Heute würde er am Brenner filmen"), or in a present clause
    whose nearest verb states a condition ("ist heute üblich", "die heute zur Gruppe gehört")."""
    lex = tg.lex
    nxt = tg.next_token(m.end())
    if tg.prev_word(m.start()).lower() in lex["nowadays_particles"]:
        return True
    if nxt is not None and (nxt.text.lower() in lex["nowadays_particles"] or nxt.pos == "ADJA"):
        return True
    clause = tg.clause_at(m.start())
    if clause is None:
        return False
    if any(t.text.lower() in lex["subjunctive_ii"] for t in clause.tokens):
        return True
    finite = [t for t in clause.tokens if t.pos in FINITE_VERB_TAGS]
    participles = clauses.SETTINGS().participle_tags
    if not finite or clause.tense != "present" or any(t.pos in participles for t in clause.tokens):
        return False
    verb = min(finite, key=lambda t: abs(t.start - m.start()))
    return verb.lemma.lower() in lex["nowadays_states"]


def _deictic_year(tg: State, m: re.Match[str]) -> Out | None:
    """ "heuer": the year of writing (this year), PRESENT_REF without a publication date."""
    off = int(tg.lex["deictic_years"][m["word"]])
    if tg.published is None:
        return Out("DATE", "PRESENT_REF")
    return Out("DATE", year_str(tg.published.year + off), anchor=tg.published.isoformat())


def _vague_ref(tg: State, m: re.Match[str]) -> Out | None:
    key = squash(m["word"])
    value = str(tg.lex["vague_refs"][key])
    return Out("DATE", value)


HANDLERS: dict[str, Handler] = {
    "rel_unit": _rel_unit,
    "boundary": _boundary,
    "boundary_noun": _boundary_noun,
    "rel_noun": _rel_noun,
    "offset": _offset,
    "day_after": _day_after,
    "ago": _ago,
    "after": _after,
    "weekday": _weekday,
    "deictic_day": _deictic_day,
    "deictic_year": _deictic_year,
    "vague_ref": _vague_ref,
}
