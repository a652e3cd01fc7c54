"""Durations and sets: "drei Jahre", "mehr als drei Tagen", "ein halbes Jahr", "neunmonatigen",
"wochenlang", "seit Jahren", "täglich", "jeden Montag", "alle drei Jahre", "montags".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.temporal.lexicon import lexicon
from briefing.temporal.outcome import Out
from briefing.temporal.values import duration_value, mod_of, parse_amount, parse_number

if TYPE_CHECKING:
    import re

    from briefing.temporal.anchoring import State
    from briefing.temporal.outcome import Handler


def _unit_duration(tg: State, m: re.Match[str]) -> Out | None:
    """ "einige Jahre", "Jahre später": an unspecified number of the unit."""
    return Out("DURATION", duration_value(None, tg.lex["units"][m["unit"]]))


def _matched_duration(m: re.Match[str]) -> str | None:
    lex = lexicon()
    unit = lex["units"][m["unit"]]
    if m["vague"]:
        return duration_value(None, unit)
    num = m["num"]
    if num and num.lower() == "eines" and unit == "D":
        return None  # "eines Tages"
    amount = parse_amount(num, m["frac"])
    if amount is None:
        return None
    value = duration_value(amount, unit)
    if m["num2"] and m["unit2"]:
        unit2 = lex["units"][m["unit2"]]
        amount2 = parse_amount(m["num2"], m["frac2"])
        if amount2 is not None and unit2 != unit:
            extra = duration_value(amount2, unit2)
            value = value + extra[1:] if "T" not in value + extra else value
    return value


def _is_age(tg: State, m: re.Match[str]) -> bool:
    """Years that are an age, not a time: "16 Jahre alt", "der 16 Jahre jüngere", "ab 16 Jahren"
    (neither KRAUTS nor WikiWarsDE tag ages; a timeline has no use for them)."""
    if tg.lex["units"].get(m["unit"]) != "Y":
        return False
    nxt = tg.next_token(m.end())
    return (nxt is not None and nxt.text in tg.lex["age_after"]) or tg.prev_word(m.start()) in tg.lex[
        "age_before"
    ]


def _duration_rule(tg: State, m: re.Match[str]) -> Out | None:
    value = _matched_duration(m)
    if value is None or _is_age(tg, m):
        return None
    num = m["num"] or ""
    unit = m["unit"]
    if num[:1].isdigit() and unit in ("Jahre", "Jahren") and tg.prev_word(m.start()) == "den":
        return None
    singular = unit in ("Tag", "Woche", "Monat", "Jahr")
    if m["num"] and not m["vague"] and singular and parse_number(num) != 1.0 and not m["frac"]:
        return None  # "drei Jahr" is not German; avoids "2. Woche"
    return Out("DURATION", value, mod_of(m["qmod"]))


def _duration_frac(tg: State, m: re.Match[str]) -> Out | None:
    amount = parse_number(m["frac"])
    if amount is None:
        return None
    return Out("DURATION", duration_value(amount, tg.lex["units"][m["unit"]]))


def _duration_range_first(tg: State, m: re.Match[str]) -> Out | None:
    amount = parse_number(m["num"])
    if amount is None or tg.prev_word(m.start()) in ("den", "Jahren", "Jahre"):
        return None
    return Out("DURATION", duration_value(amount, tg.lex["units"][m["unit"]]))


def _unit_adj(tg: State, m: re.Match[str]) -> Out | None:
    amount = parse_number(m["num"].rstrip("-"))
    if amount is None or tg.lex["unit_adjectives"][m["adj"]] == "Y":
        return None  # "der 47-Jährige", "die 20-jährige Geschichte": an age or an anniversary
    return Out("DURATION", duration_value(amount, tg.lex["unit_adjectives"][m["adj"]]), mod_of(m["qmod"]))


def _lang_adj(tg: State, m: re.Match[str]) -> Out | None:
    return Out("DURATION", duration_value(None, tg.lex["lang_adjectives"][m["adj"]]))


def _bare_plural(tg: State, m: re.Match[str]) -> Out | None:
    if m["long"]:
        return Out("DURATION", "PXY")
    return _unit_duration(tg, m)


def _set_word(tg: State, m: re.Match[str]) -> Out | None:
    return Out("SET", str(tg.lex["sets"][m["word"]]))


_EVERY_UNIT = {"Tag": "D", "Woche": "W", "Monat": "M", "Jahr": "Y", "Stunde": "H"}


def _set_every(tg: State, m: re.Match[str]) -> Out | None:
    if m["wd"]:
        return Out("SET", f"XXXX-WXX-{tg.lex['weekdays'][m['wd']]}")
    if m["unit"]:
        if m["every"].lower() == "alle":
            return None
        return Out("SET", duration_value(1, _EVERY_UNIT.get(m["unit"], "DE")))
    amount = parse_number(m["num"])
    if amount is None or m["every"].lower() != "alle":
        return None
    return Out("SET", duration_value(amount, tg.lex["units"][m["units"]]))


def _set_per(_tg: State, m: re.Match[str]) -> Out | None:
    """ "einmal im Monat", "pro Tag": once per unit, a SET (how often is not part of the value)."""
    return Out("SET", duration_value(1, _EVERY_UNIT[m["month_unit"] or m["unit"]]))


def _set_weekday(tg: State, m: re.Match[str]) -> Out | None:
    return Out("SET", f"XXXX-WXX-{tg.lex['weekday_adverbs'][m['wd']]}")


HANDLERS: dict[str, Handler] = {
    "rel_plural": _unit_duration,
    "plural_after": _unit_duration,
    "duration": _duration_rule,
    "duration_frac": _duration_frac,
    "duration_range_first": _duration_range_first,
    "unit_adj": _unit_adj,
    "lang_adj": _lang_adj,
    "bare_plural": _bare_plural,
    "set_word": _set_word,
    "set_per": _set_per,
    "set_every": _set_every,
    "set_weekday": _set_weekday,
}
