"""Context stage: background boxes on the main actors, places, loaded terms and figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.model import ContextBox, Document, Entity, Quote, SummaryPoint, Term


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """The newsroom's curated background notes (loaded by ``ingest``)."""

    entries: tuple[dict[str, object], ...] = ()


def build(
    doc: Document,
    entities: tuple[Entity, ...],
    quotes: tuple[Quote, ...],
    terms: tuple[Term, ...],
    summary: tuple[SummaryPoint, ...],
    *,
    knowledge: KnowledgeBase | None = None,
) -> tuple[ContextBox, ...]:
    """Context boxes, most useful first."""
    del doc, entities, quotes, terms, summary, knowledge
    return ()
