"""Quote stage: direct speech with its speaker; other quotation marks become terms."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.model import Document, Entity, Quote, Term


def find_quotes(doc: Document, entities: tuple[Entity, ...]) -> tuple[tuple[Quote, ...], tuple[Term, ...]]:
    """All direct quotes in text order (key ones flagged), and the non-speech quotations."""
    del doc, entities
    return (), ()
