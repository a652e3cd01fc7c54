"""``analyze()``: run the stages in order over one article and return a frozen ``Briefing``."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from briefing import context, entities, quotes, summary, temporal, text, timeline
from briefing.model import Briefing, Metadata
from briefing.timing import step

if TYPE_CHECKING:
    import datetime as dt

    from briefing.knowledge_base import KnowledgeBase
    from briefing.timing import Timings


@dataclasses.dataclass(frozen=True, slots=True)
class Options:
    """Tuning a caller may set; defaults are what the CLI uses."""

    summary_points: int | None = None  # None: 3–5 as the article allows
    summary_words: int = 80
    knowledge: KnowledgeBase | None = None


def analyze(
    article: str,
    published: dt.date | None = None,
    title: str | None = None,
    *,
    meta: Metadata | None = None,
    options: Options | None = None,
    timings: Timings | None = None,
) -> Briefing:
    """Analyse a German news article.

    ``article`` is the text exactly as given; every offset in the result refers to it.
    ``published`` anchors relative time expressions ("heute", "vor einem Jahr"); without it
    they stay unresolved. ``meta`` carries further metadata (author, source, url).
    ``timings``, when given, records the wall time of each stage.
    """
    if not isinstance(article, str):
        raise TypeError(f"analyze() needs the article as str, not {type(article).__name__}")
    opts = options or Options()
    base = meta or Metadata()
    meta = dataclasses.replace(
        base,
        title=title if title is not None else base.title,
        published=published if published is not None else base.published,
    )
    with step(timings, "text"):
        doc = text.analyse(article)
    with step(timings, "entities"):
        ents = entities.find_entities(doc, title=meta.title)
    with step(timings, "quotes"):
        found_quotes, terms = quotes.find_quotes(doc, ents)
    with step(timings, "temporal"):
        titles = [(t.start, t.end) for t in terms if t.kind in ("title", "name")]
        timexes = temporal.tag(doc, meta.published, skip=titles)
    with step(timings, "timeline"):
        events = timeline.build(doc, timexes, ents)
    with step(timings, "summary"):
        points = summary.summarize(
            doc, ents, found_quotes, title=meta.title, points=opts.summary_points, words=opts.summary_words
        )
    with step(timings, "context"):
        boxes = context.build(doc, ents, found_quotes, terms, points, knowledge=opts.knowledge)
    return Briefing(
        text=article,
        meta=meta,
        document=doc,
        entities=ents,
        quotes=found_quotes,
        terms=terms,
        temporal_expressions=timexes,
        timeline=events,
        summary=points,
        context=boxes,
    )
