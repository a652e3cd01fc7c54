"""Context stage: background boxes on the main actors, places, loaded terms and figures.

Three kinds of :class:`~briefing.model.ContextBox`, most useful first:

``entity`` (:mod:`.entity_boxes`)
    One per salient entity: its name, a subtitle "<type> · <role> · auch: <other names>", up to
    ``max_facts`` article facts that *describe* it rather than report today's news (scored in
    :mod:`.facts`) and the matching knowledge-base entry.
``term`` (:mod:`.terms`)
    One per loaded term in quotation marks: its base form, "Begriff von <who>", the article's
    framing of it and a knowledge-base entry.
``figures`` (:mod:`.figures`)
    "Zahlen & Fakten": sentences with notable figures, the figures as values.

Every article fact has ``text == doc.text[start:end]``; facts overlapping a summary point, direct
speech or another box's fact are skipped. Knowledge-base facts have ``source="knowledge-base"``.
The stage resolves no references itself: it reads the entity stage's (``Entity.references``).
Settings: :mod:`.config` (``data/context/``); the knowledge base: :mod:`briefing.knowledge_base`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.context.config import CUES
from briefing.context.entity_boxes import build_entity_boxes
from briefing.context.facts import Workspace, narrates_in_past
from briefing.context.figures import build_figures_box
from briefing.context.terms import build_term_boxes
from briefing.knowledge_base import KnowledgeBase
from briefing.model import SpanIndex

if TYPE_CHECKING:
    from briefing.model import ContextBox, Document, Entity, Quote, SummaryPoint, Term

__all__ = ["build"]


def build(
    doc: Document,
    entities: tuple[Entity, ...],
    quotes: tuple[Quote, ...],
    terms: tuple[Term, ...],
    summary: tuple[SummaryPoint, ...],
    *,
    knowledge: KnowledgeBase | None = None,
) -> tuple[ContextBox, ...]:
    """Context boxes, most useful first: entities (by salience), loaded terms, then figures."""
    from briefing.entities.lexicon import entity_lexicon  # noqa: PLC0415 - the gazetteer loads Babel

    kb = knowledge or KnowledgeBase()
    ws = Workspace(
        doc=doc,
        speech=SpanIndex(quotes),
        blocked=SpanIndex(summary),
        past_weight=0.0 if narrates_in_past(doc) else CUES().weights.past,
    )
    boxes = build_entity_boxes(ws, entities, kb, entity_lexicon())
    boxes += build_term_boxes(ws, terms, kb)
    figures = build_figures_box(ws)
    if figures is not None:
        boxes.append(figures)
    return tuple(boxes)
