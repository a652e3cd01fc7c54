"""Timeline stage: dated events from the time expressions, in chronological order."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from briefing.model import Document, Entity, TimeExpression, TimelineEntry


def build(
    doc: Document,
    timexes: tuple[TimeExpression, ...],
    entities: tuple[Entity, ...],
    published: dt.date | None,
) -> tuple[TimelineEntry, ...]:
    """Events sorted by date; durations and sets are not events."""
    del doc, timexes, entities, published
    return ()
