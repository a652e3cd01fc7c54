"""``analyze()``: run the stages in order over one annotated document and return a frozen ``Briefing``.

The analysis is a pipeline of pure stages over one :class:`Annotated` document, as spaCy's
components over one ``Doc``: the text layer (paragraphs, sentences, tokens with STTS tags and
lemmas, from :mod:`briefing.text`) plus the layers earlier stages assigned (entities, quotes and
terms, time expressions and, without a publication date, those it would have dated, timeline,
summary, context boxes). Each :class:`Stage` declares the layers it ``requires`` and the layers it
``assigns``; :func:`check` refuses an order in which a stage would read a layer no earlier stage
assigns (checked once, at import), and :func:`run` refuses a stage that returns other layers than
it declared. No stage re-does an earlier stage's job: a stage that needs
speech spans reads the ``quotes`` layer, it never looks for quotation marks again.

=============  =========================================  ===================================
stage          requires                                   assigns
=============  =========================================  ===================================
entities       document                                   entities
quotes         document, entities                         quotes, terms
temporal       document, terms                            temporal_expressions, undated
timeline       document, temporal_expressions, entities   timeline
summary        document, entities, quotes                 summary
context        document, entities, quotes, terms,         context
               summary
=============  =========================================  ===================================
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypedDict, get_args

from briefing import context, entities, quotes, summary, temporal, text, timeline
from briefing.model import Briefing, Metadata, Structure
from briefing.timing import step

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence

    from briefing.knowledge_base import KnowledgeBase
    from briefing.model import (
        ContextBox,
        Entity,
        Quote,
        Span,
        SummaryPoint,
        Term,
        TimeExpression,
        TimelineEntry,
    )
    from briefing.timing import Timings

Layer = Literal[
    "document",
    "entities",
    "quotes",
    "terms",
    "temporal_expressions",
    "undated",
    "timeline",
    "summary",
    "context",
]
LAYERS: tuple[Layer, ...] = get_args(Layer)


class PipelineError(RuntimeError):
    """The stages do not fit together (a programming error, not bad input)."""


@dataclass(frozen=True, slots=True)
class Options:
    """Tuning a caller may set; defaults are what the CLI uses."""

    summary_points: int | None = None  # None: 3–5 as the article allows
    summary_words: int = 80
    knowledge: KnowledgeBase | None = None


class Layers(TypedDict, total=False):
    """What a stage returns: the layers it assigns."""

    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    terms: tuple[Term, ...]
    temporal_expressions: tuple[TimeExpression, ...]
    undated: tuple[Span, ...]
    timeline: tuple[TimelineEntry, ...]
    summary: tuple[SummaryPoint, ...]
    context: tuple[ContextBox, ...]


@dataclass(frozen=True, slots=True)
class Annotated:
    """One annotated document: the briefing as far as the stages have filled it (its text layer
    from the start), and the layers assigned so far."""

    briefing: Briefing
    options: Options
    assigned: frozenset[Layer] = frozenset(("document",))


@dataclass(frozen=True, slots=True)
class Stage:
    """One analysis step: a pure function from the annotated document to the layers it adds."""

    name: str
    requires: tuple[Layer, ...]
    assigns: tuple[Layer, ...]
    run: Callable[[Annotated], Layers]


def _entities(a: Annotated) -> Layers:
    b = a.briefing
    return {"entities": entities.find_entities(b.document, title=b.meta.title)}


def _quotes(a: Annotated) -> Layers:
    found, terms = quotes.find_quotes(a.briefing.document, a.briefing.entities)
    return {"quotes": found, "terms": terms}


def _temporal(a: Annotated) -> Layers:
    b = a.briefing
    titles = [(t.start, t.end) for t in b.terms if t.kind in ("title", "name")]
    # without a publication date also what one would have dated ("gestern"), for the reader to know
    found, undated = temporal.tag_and_undated(b.document, b.meta.published, skip=titles)
    return {"temporal_expressions": found, "undated": undated}


def _timeline(a: Annotated) -> Layers:
    b = a.briefing
    return {"timeline": timeline.build(b.document, b.temporal_expressions, b.entities)}


def _summary(a: Annotated) -> Layers:
    b = a.briefing
    points = summary.summarize(
        b.document,
        b.entities,
        b.quotes,
        title=b.meta.title,
        points=a.options.summary_points,
        words=a.options.summary_words,
    )
    return {"summary": points}


def _context(a: Annotated) -> Layers:
    b = a.briefing
    boxes = context.build(
        b.document,
        b.entities,
        b.quotes,
        b.terms,
        b.summary,
        knowledge=a.options.knowledge,
        timeline=b.timeline,
    )
    return {"context": boxes}


STAGES: tuple[Stage, ...] = (
    Stage("entities", ("document",), ("entities",), _entities),
    Stage("quotes", ("document", "entities"), ("quotes", "terms"), _quotes),
    Stage("temporal", ("document", "terms"), ("temporal_expressions", "undated"), _temporal),
    Stage("timeline", ("document", "temporal_expressions", "entities"), ("timeline",), _timeline),
    Stage("summary", ("document", "entities", "quotes"), ("summary",), _summary),
    Stage(
        "context", ("document", "entities", "quotes", "terms", "summary", "timeline"), ("context",), _context
    ),
)


def check(stages: Sequence[Stage]) -> None:
    """Refuse an order in which a stage requires a layer that no earlier stage assigns.

    Raises :class:`PipelineError` naming the stage and the layer; a layer assigned twice is refused
    too (a later stage would silently replace an earlier one's work).
    """
    have: set[Layer] = {"document"}
    for stage in stages:
        missing = [layer for layer in stage.requires if layer not in have]
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {missing[0]!r}, which no earlier stage assigns"
            )
        again = [layer for layer in stage.assigns if layer in have]
        if again:
            raise PipelineError(f"stage {stage.name!r} assigns {again[0]!r}, which is already assigned")
        have.update(stage.assigns)


def run(doc: Annotated, stages: Sequence[Stage] = STAGES, *, timings: Timings | None = None) -> Annotated:
    """Run ``stages`` in order over ``doc``; each sees the layers the earlier ones assigned."""
    for stage in stages:
        missing = [layer for layer in stage.requires if layer not in doc.assigned]
        if missing:
            raise PipelineError(f"stage {stage.name!r} requires {missing[0]!r}, which is not assigned")
        with step(timings, stage.name):
            out = stage.run(doc)
        if set(out) != set(stage.assigns):
            raise PipelineError(
                f"stage {stage.name!r} returned {sorted(out)}, but declares {sorted(stage.assigns)}"
            )
        changes: dict[str, Any] = dict(out)
        filled = dataclasses.replace(doc.briefing, **changes)
        doc = dataclasses.replace(doc, briefing=filled, assigned=doc.assigned | set(stage.assigns))
    return doc


check(STAGES)


def analyze(
    article: str,
    published: dt.date | None = None,
    title: str | None = None,
    *,
    meta: Metadata | None = None,
    options: Options | None = None,
    timings: Timings | None = None,
    structure: Structure | None = None,
) -> Briefing:
    """Analyse a German news article.

    ``article`` is the text exactly as given; every offset in the result refers to it.
    ``published`` anchors relative time expressions ("heute", "vor einem Jahr"); without it
    they stay unresolved. ``meta`` carries further metadata (author, source, url).
    ``timings``, when given, records the wall time of each stage. ``structure`` is what the
    article's markup meant (:func:`briefing.ingest.read` gives it for Markdown), kept for print;
    the stages do not read it.
    """
    if not isinstance(article, str):
        raise TypeError(f"analyze() needs the article as str, not {type(article).__name__}")
    base = meta or Metadata()
    meta = dataclasses.replace(
        base,
        title=title if title is not None else base.title,
        published=published if published is not None else base.published,
    )
    with step(timings, "text"):
        document = text.analyse(article)
    shape = structure or Structure()
    if not shape.within(len(article)):
        raise ValueError("analyze(): the structure's offsets lie outside the article")
    start = Annotated(
        Briefing(text=article, meta=meta, document=document, structure=shape), options or Options()
    )
    return run(start, timings=timings).briefing
