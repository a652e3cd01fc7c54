"""The rules' regexes: templates from ``data/temporal/patterns.yaml``, compiled once.

``<<NAME>>`` in a template is replaced by an alternation of a word list from the lexicon (longest
first) or by one of the file's fragments. The rule order of the file is the order in which
overlapping candidates of the same length are preferred; each rule's handler is in the module of
its kind (:mod:`briefing.temporal.registry`).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from briefing.resources import load_data
from briefing.temporal.lexicon import alternation, lexicon

if TYPE_CHECKING:
    from collections.abc import Sequence

_PLACEHOLDER = re.compile(r"<<([A-Z_0-9]+)>>")


@functools.cache
def compiled_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(rule name, compiled regex) in the file's order."""
    lex = lexicon()
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
        "DEICTIC_YEARS": list(lex["deictic_years"]),
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
    fragments: dict[str, str] = {k: f"(?:{alternation(v)})" for k, v in lists.items()}

    def expand(template: str) -> str:
        for _ in range(4):
            template = _PLACEHOLDER.sub(lambda m: fragments[m.group(1)], template)
        return template

    for name, frag in spec["fragments"].items():
        fragments[name] = expand(frag)
    return tuple((name, re.compile(expand(tpl))) for name, tpl in spec["rules"].items())
