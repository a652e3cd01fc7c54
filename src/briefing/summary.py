"""Summary stage: an extractive summary of 3–5 points."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.model import Document, Entity, Quote, SummaryPoint


def summarize(
    doc: Document,
    entities: tuple[Entity, ...],
    quotes: tuple[Quote, ...],
    *,
    title: str | None = None,
    points: int | None = None,
    words: int = 80,
) -> tuple[SummaryPoint, ...]:
    """Summary points in reading order."""
    del doc, entities, quotes, title, points, words
    return ()
