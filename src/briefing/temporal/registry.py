"""Which handler normalises which rule's matches: one explicit table, rule name -> handler.

The rules' regexes are in ``data/temporal/patterns.yaml`` (compiled by
:mod:`briefing.temporal.patterns`); each kind module holds the handlers of its rules and lists
them in its own ``HANDLERS``:

* :mod:`~briefing.temporal.dates`: calendar dates, months, seasons, parts of a year, holidays;
* :mod:`~briefing.temporal.years`: years, decades, centuries;
* :mod:`~briefing.temporal.times`: clock times and parts of a day;
* :mod:`~briefing.temporal.relative`: deictic and relative expressions ("vor einem Jahr",
  "letzte Woche", "am Donnerstag", "heute", "zwei Tage später");
* :mod:`~briefing.temporal.durations`: durations and sets ("drei Jahre", "täglich").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.temporal import dates, durations, relative, times, years

if TYPE_CHECKING:
    from briefing.temporal.outcome import Handler


def _table() -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    for kind in (dates, years, times, relative, durations):
        twice = sorted(set(table) & set(kind.HANDLERS))
        if twice:
            raise RuntimeError(f"rule {twice[0]!r} has a handler in two modules")
        table.update(kind.HANDLERS)
    return table


HANDLERS: dict[str, Handler] = _table()
