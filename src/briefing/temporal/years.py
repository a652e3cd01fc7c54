"""Years, decades and centuries: "1939", "Ende 1941", "Um 1900", "499 v. Chr.", "1911/12",
"in den 1990er Jahren", "der 90er Jahre", "im 20. Jahrhundert".

A bare four-digit number is a year unless a count cue ("rund 2000", "Nr. 1984") or a noun after
it ("2000 Soldaten") says it is a count.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.temporal.dates import holiday_value
from briefing.temporal.lexicon import THRESHOLDS
from briefing.temporal.outcome import Out
from briefing.temporal.values import mod_of, month_number, year_str

if TYPE_CHECKING:
    from briefing.temporal.anchoring import State
    from briefing.temporal.outcome import Handler


def _year_bc(_tg: State, m: re.Match[str]) -> Out | None:
    y = -int(m["year"])
    mod = "APPROX" if m["approx"] else mod_of(m["mod"])
    return Out("DATE", year_str(y), mod, update=(y, None, None))


_COUNT_NEXT_POS = frozenset(("NN",))


# "2000 auf 15.000", "2000 auf 2500 Euro": a count that changes, unless it changes to a year
_COUNT_CHANGE = re.compile(r"\s+auf\s+(?:\w+\s+)?(?:\d{1,3}(?:\.\d{3})+|\d{1,3}|\d{5,}|[3-9]\d{3})(?![\d.,])")


def _year(tg: State, m: re.Match[str]) -> Out | None:
    y = int(m["year"])
    prefixed = any(m[g] for g in ("approx", "mod", "laufe", "jahr", "boundary", "hol"))
    if not prefixed:
        th = THRESHOLDS()
        if not (th.min_year <= y <= th.max_year):
            return None
        prev = tg.prev_word(m.start())
        if prev in tg.lex["count_cues"]:
            return None
        if _COUNT_CHANGE.match(tg.text, m.end()):
            return None  # "von derzeit 2000 auf rund 15.000 Soldaten"
        nxt = tg.next_token(m.end())
        line_start = tg.text[max(0, m.start() - 1) : m.start()] in ("", "\n")
        if (
            nxt is not None
            and nxt.pos in _COUNT_NEXT_POS
            and not line_start
            and prev not in tg.lex["year_cues"]
        ):
            range_next = re.match(r"\s*(?:bis|–|-)\s*\d{4}", tg.text[m.end() : m.end() + 12])
            if not range_next and month_number(nxt.text) is None:
                return None
    mod = None
    value = year_str(y)
    if m["approx"]:
        mod = "APPROX"
    elif m["mod"]:
        mod = mod_of(m["mod"])
    elif m["boundary"]:
        mod = tg.lex["boundary_nouns"][m["boundary"]][1]
    elif m["hol"]:
        return holiday_value(tg, m["hol"], y)
    return Out("DATE", value, mod, update=(y, None, None))


def _year_short(tg: State, m: re.Match[str]) -> Out | None:
    first = int(tg.text[m.start() - 5 : m.start() - 1])
    y = first // 100 * 100 + int(m["year"])
    if y <= first:
        y += 100
    return Out("DATE", year_str(y), update=(y, None, None))


def _decade(tg: State, m: re.Match[str]) -> Out | None:
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
    return Out("DATE", value, mod_of(m["mod"]))


def _century(_tg: State, m: re.Match[str]) -> Out | None:
    n = int(m["num"])
    if not 1 <= n <= 21:
        return None
    value = f"{n - 1:02d}"
    return Out("DATE", ("BC" + value) if m["bc"] else value, mod_of(m["mod"]))


HANDLERS: dict[str, Handler] = {
    "year_bc": _year_bc,
    "year": _year,
    "year_short": _year_short,
    "decade": _decade,
    "century": _century,
}
