"""German time vocabulary and thresholds of the temporal tagger.

:func:`lexicon`: the month names, weekdays, units, relative words, holidays and the other word
lists the rules' patterns and handlers read (``data/temporal/lexicon.yaml``); :class:`Thresholds`:
the numbers (year bounds, the heading length, how far back a clock time looks for its day;
``data/temporal/thresholds.yaml``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefing import settings
from briefing.resources import load_data

if TYPE_CHECKING:
    from collections.abc import Sequence


@dataclass(frozen=True, slots=True)
class Thresholds:
    """``data/temporal/thresholds.yaml``."""

    min_year: int  # a bare number counts as a year from ...
    max_year: int  # ... up to this one
    two_digit_pivot: int  # "1.9.39": up to this 20xx, else 19xx (without a reference century)
    month_rollover: int  # narrative: a month this far before the reference month is next year's
    heading_max_chars: int  # a paragraph this short without sentence punctuation is a heading
    day_anchor_sentences: int  # news: a clock time belongs to a day told this many sentences back


THRESHOLDS = settings.register(Thresholds, "temporal/thresholds.yaml")


@functools.cache
def lexicon() -> dict[str, Any]:
    """The word lists of ``data/temporal/lexicon.yaml`` by name."""
    data: dict[str, Any] = load_data("temporal/lexicon.yaml")
    return data


def alternation(words: Sequence[str]) -> str:
    """A regex alternation of ``words``, longest first, a space matching any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))
