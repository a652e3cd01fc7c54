"""Context stage: background boxes on the main actors, places, loaded terms and figures.

Three kinds of :class:`~briefing.model.ContextBox`, most useful first:

``entity`` (:mod:`.entity_boxes`, chosen and named by :mod:`.actors`)
    One per main actor (people first) or salient place with background: its name in base form, a
    subtitle "<type> · <role> · auch: <other names>", up to ``max_facts`` article facts, background
    first (scored in :mod:`.facts`), and the matching knowledge-base entry.
``term`` (:mod:`.terms`)
    One per loaded term in quotation marks that someone is named as using, or the knowledge base
    lists: its base form, "Begriff von <who>", the article's framing of it and the entry.
``figures`` (:mod:`.figures`)
    "Zahlen & Fakten": sentences with notable figures, the figures as values.

Every article fact has ``text == doc.text[start:end]``; facts overlapping a summary point, a key
quote, direct speech or another box's fact are skipped. Knowledge-base facts have ``source="knowledge-base"``.
The stage resolves no references itself: it reads the entity stage's (``Entity.references``).
Settings: :mod:`.config` (``data/context/``); the knowledge base: :mod:`briefing.knowledge_base`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.context.config import CUES
from briefing.context.entity_boxes import build_entity_boxes
from briefing.context.facts import Workspace, narrates_in_past
from briefing.context.figures import build_figures_box
from briefing.context.terms import build_term_boxes, reserve_term_frames
from briefing.knowledge_base import KnowledgeBase
from briefing.model import SpanIndex

if TYPE_CHECKING:
    from briefing.model import ContextBox, Document, Entity, Quote, SummaryPoint, Term, TimelineEntry

__all__ = ["build"]


def build(
    doc: Document,
    entities: tuple[Entity, ...],
    quotes: tuple[Quote, ...],
    terms: tuple[Term, ...],
    summary: tuple[SummaryPoint, ...],
    *,
    knowledge: KnowledgeBase | None = None,
    timeline: tuple[TimelineEntry, ...] = (),
) -> tuple[ContextBox, ...]:
    """Context boxes, most useful first: entities (people first), loaded terms, then figures.

    The loaded terms' frames are reserved first, so no actor's box takes a sentence its term's box
    shows; ``timeline`` entries make the entities taking part in them rank higher."""
    from briefing.entities.lexicon import entity_lexicon  # noqa: PLC0415 - the gazetteer loads Babel

    kb = knowledge or KnowledgeBase()
    ws = Workspace(
        doc=doc,
        speech=SpanIndex(quotes),
        blocked=SpanIndex((*summary, *(q for q in quotes if q.key))),
        past_weight=0.0 if narrates_in_past(doc) else CUES().weights.past,
    )
    reserve_term_frames(ws, terms, kb)
    boxes = build_entity_boxes(ws, entities, kb, entity_lexicon(), quotes=quotes, timeline=timeline)
    boxes += build_term_boxes(ws, terms, kb)
    figures = build_figures_box(ws)
    if figures is not None:
        boxes.append(figures)
    return tuple(boxes)
