"""TIMEX3 value helpers: building values ("2023-02-16", "2023-W08", "P3Y", "BC0490") and reading
the words that make them (number words, month names, modifiers, time zones).
"""

from __future__ import annotations

import datetime as dt
import re

from briefing.temporal.lexicon import lexicon

_SPACES = re.compile(r"\s+")


def squash(word: str) -> str:
    """Runs of white space as one space: the key of a word group in the lexicon."""
    return _SPACES.sub(" ", word)


def year_str(year: int) -> str:
    return f"BC{-year:04d}" if year < 0 else f"{year:04d}"


def date_value(y: int | None, m: int | None = None, d: int | None = None) -> str:
    out = "XXXX" if y is None else year_str(y)
    if m is None:
        return out
    out += f"-{m:02d}"
    return out if d is None else out + f"-{d:02d}"


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def easter_sunday(year: int) -> dt.date:
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


def unknown_value(unit: str) -> str:
    """The undetermined value at ``unit``'s granularity."""
    return _UNKNOWN.get(unit, "XXXX")


def week_value(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def parse_number(word: str | None) -> float | None:
    if not word:
        return None
    lex = lexicon()
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


def parse_amount(num: str | None, frac: str | None) -> float | None:
    """ "drei" -> 3, "ein halbes" -> 0.5, "drei dreiviertel" -> 3.75, "anderthalb" -> 1.5."""
    n = parse_number(num)
    f = parse_number(frac) if frac else None
    if f is None:
        return n
    if n is None or (num or "").lower().startswith("ein"):
        return f
    return n + f


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def duration_value(amount: float | None, unit: str) -> str:
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


SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


PART_MONTH = {"H1": 1, "H2": 7, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}


TIME_PART = {"MO": "TMO", "MI": "TMI", "AF": "TAF", "EV": "TEV", "NI": "TNI"}


def month_number(word: str | None) -> int | None:
    if not word:
        return None
    lex = lexicon()
    if word in lex["months"]:
        return int(lex["months"][word])
    if word.endswith("s") and word[:-1] in lex["months"]:
        return int(lex["months"][word[:-1]])
    if word in lex["month_abbreviations"]:
        return int(lex["month_abbreviations"][word])
    return None


def mod_of(word: str | None) -> str | None:
    if not word:
        return None
    lex = lexicon()
    key = squash(word)
    found = lex["modifiers"].get(key) or lex["early_late"].get(key) or lex["quantity_modifiers"].get(key)
    return str(found) if found else None


def time_zone(word: str | None) -> str:
    if not word:
        return ""
    return str(lexicon()["time_zones"].get(squash(word), ""))


def deictic_offset(word: str) -> int | None:
    table: dict[str, int] = lexicon()["deictic_days"]
    return table.get(word)
