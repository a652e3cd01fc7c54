"""Entity stage: people, places and organisations with roles, aliases and resolved mentions."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.model import Document, Entity


def find_entities(doc: Document, title: str | None = None) -> tuple[Entity, ...]:
    """Named entities of ``doc``, one per referent, most salient first."""
    del doc, title
    return ()
