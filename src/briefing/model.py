"""The frozen data model every stage reads and writes.

Every item that comes from the article carries ``start``/``end``: character offsets into the
article text exactly as passed to :func:`briefing.analyze`, with ``text[start:end] == item.text``.
Stages are pure functions from these objects to new ones; nothing here is ever mutated.

``to_dict()`` turns any of them into plain JSON data (lists, dicts, str, int, float, bool, None).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

EntityType = Literal["PER", "LOC", "ORG", "MISC"]
MentionKind = Literal["name", "pronoun", "description"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "present", "future"]
TermKind = Literal["term", "title", "name", "other"]
BoxKind = Literal["entity", "term", "figures"]
FigureKind = Literal["currency", "percent", "count"]
BlockKind = Literal["heading", "item", "quote", "code"]
InlineKind = Literal["emphasis", "strong", "code", "link"]
DatePrecision = Literal[
    "century", "decade", "year", "season", "year_part", "week", "weekend", "month", "day", "time"
]


_WORD = re.compile(r"[^\W_]+(?:[-'’.,/][^\W_]+)*")

FINITE_VERB_TAGS = frozenset(("VVFIN", "VAFIN", "VMFIN"))  # Token.pos of a finite verb (STTS)


def plain(value: Any) -> Any:
    """Convert model objects (recursively) to plain JSON data."""
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None and not isinstance(value, type):
        return to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class _Plain:
    """Mixin: ``to_dict()`` over the dataclass fields; ``_omit_if_none`` fields are left out when None."""

    __slots__ = ()
    _omit_if_none: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if value is None and f.name in self._omit_if_none:
                continue
            out[f.name] = plain(value)
        return out


@dataclass(frozen=True, slots=True)
class Span(_Plain):
    """A piece of the article: ``text == article[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token(_Plain):
    text: str
    start: int
    end: int
    pos: str  # STTS tag from HanTa ("NE", "NN", "VVFIN", "ADJA", "$.", ...; HanTa's brackets removed)
    lemma: str

    @property
    def is_word(self) -> bool:
        """The token holds a letter or digit (no punctuation, no quotation mark)."""
        return any(c.isalnum() for c in self.text)


@dataclass(frozen=True, slots=True)
class Sentence(_Plain):
    text: str
    start: int
    end: int
    index: int
    paragraph: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class Paragraph(_Plain):
    text: str
    start: int
    end: int
    index: int


@dataclass(frozen=True, slots=True)
class Block(_Plain):
    """A paragraph that is more than a paragraph, from the article's markup (Markdown): a heading
    (``level`` 1–6), a list item (``level``: its depth; ``ordered``: its number stays in the text),
    a paragraph of a block quote, code. Offsets into the article text."""

    kind: BlockKind
    start: int
    end: int
    level: int = 1
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class Inline(_Plain):
    """Emphasis, strong emphasis, code or a link (``href``) inside a paragraph, by offsets."""

    kind: InlineKind
    start: int
    end: int
    href: str | None = None

    _omit_if_none = ("href",)


@dataclass(frozen=True, slots=True)
class Structure(_Plain):
    """What the markup of an article meant, beside its plain text: blocks and inline spans in text
    order. Empty for plain text; the analysis never reads it, "Der Artikel im Wortlaut" prints it."""

    blocks: tuple[Block, ...] = ()
    inlines: tuple[Inline, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.blocks or self.inlines)

    def shifted(self, cut: int) -> Structure:
        """The structure after the first ``cut`` characters of the text were removed."""
        if not cut:
            return self
        return Structure(
            tuple(
                dataclasses.replace(b, start=max(b.start - cut, 0), end=b.end - cut)
                for b in self.blocks
                if b.end > cut
            ),
            tuple(
                dataclasses.replace(i, start=max(i.start - cut, 0), end=i.end - cut)
                for i in self.inlines
                if i.end > cut
            ),
        )

    def within(self, length: int) -> bool:
        """Every span lies inside a text of ``length`` characters."""
        spans = [(b.start, b.end) for b in self.blocks] + [(i.start, i.end) for i in self.inlines]
        return all(0 <= start < end <= length for start, end in spans)


@dataclass(frozen=True, slots=True)
class Document:
    """The article text split into paragraphs, sentences and tagged tokens."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(s.start for s in self.sentences))

    @property
    def tokens(self) -> tuple[Token, ...]:
        return tuple(t for s in self.sentences for t in s.tokens)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset``, if any."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def paragraph_at(self, offset: int) -> Paragraph | None:
        for p in self.paragraphs:
            if p.start <= offset < p.end:
                return p
        return None

    @property
    def word_count(self) -> int:
        """Words in the paragraphs: letter/digit runs, joined across "-", "'", "." or "," inside."""
        return sum(len(_WORD.findall(p.text)) for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Mention(_Plain):
    text: str
    start: int
    end: int
    kind: MentionKind = "name"


@dataclass(frozen=True, slots=True)
class Entity(_Plain):
    """One real-world referent: canonical name, aliases, roles and all its mentions.

    ``mentions`` are the name mentions (what NER scores); ``references`` are pronouns and
    descriptions ("er", "der weißrussische Staatschef") resolved to this entity.
    """

    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    references: tuple[Mention, ...] = ()
    salience: float = 0.0

    @property
    def role(self) -> str | None:
        return self.roles[0] if self.roles else None


@dataclass(frozen=True, slots=True)
class Quote(_Plain):
    """A direct quote. ``text`` spans the quoted words including their quotation marks."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_role: str | None = None
    cue: str | None = None
    speaker_mention: Span | None = None
    confidence: float = 0.0
    entity: str | None = None  # Entity.id of the speaker
    key: bool = False  # chosen for the PDF's "Zitate" section


@dataclass(frozen=True, slots=True)
class Term(_Plain):
    """Quotation marks that are not speech: a loaded term, a title or a name."""

    text: str
    start: int
    end: int
    kind: TermKind = "term"
    attributed_to: str | None = None  # whose term it is ("Putin"), when the article says
    context: Span | None = None  # the sentence that frames the term


@dataclass(frozen=True, slots=True)
class TimeExpression(_Plain):
    text: str
    start: int
    end: int
    type: TimexType
    value: str
    mod: str | None = None
    anchor: str | None = None  # the value it was resolved against, for relative expressions

    _omit_if_none = ("mod", "anchor")


@dataclass(frozen=True, slots=True)
class CalendarDate(_Plain):
    """A TIMEX3 calendar value placed in time: how the timeline sorts it, what a label prints.

    ``year`` is negative before Christ and, for a century or decade, its first year; ``month`` and
    ``day`` are 1 when the value does not name them, and for a week the day the label names (its
    Monday, or the Saturday of a weekend).
    """

    value: str  # "2023-02-16T14:30", "2023-W08-WE", "2021-SP", "199", "BC0490"
    precision: DatePrecision
    year: int
    month: int = 1
    day: int = 1
    part: str | None = None  # season (SP, SU, FA, WI) or half/quarter of the year (H1, Q4)
    time: str | None = None  # clock time ("14:30") or part of the day (MO, MI, AF, EV, NI)
    mod: str | None = None  # TIMEX3 modifier (START, MID, END, APPROX, ...)
    bc: bool = False


@dataclass(frozen=True, slots=True)
class TimelineEntry(_Plain):
    """A dated event. The analysis gives ``when`` and no ``label``; the label is formatted for the
    reader's locale when printed (:func:`briefing.formatting.timeline_label`), in German in
    ``to_dict()``. An edited document sets ``label`` to the words the editor wrote."""

    date: str  # TIMEX3 value
    label: str | None  # the date as printed when fixed by an editor; None: formatted from ``when``
    text: str  # the event, trimmed to its clause; == article[start:end]
    start: int
    end: int
    tense: Tense
    entities: tuple[str, ...] = ()  # entity names taking part
    expression: Span | None = None  # the time expression that dates it
    when: CalendarDate | None = None  # the date placed in time (not in ``to_dict()``)
    display: str = ""  # the event as printed when it differs from ``text`` ("…" omissions, "[referent]")

    def to_dict(self) -> dict[str, Any]:
        """The entry as plain data, ``label`` in German (the default locale)."""
        from briefing import formatting  # noqa: PLC0415 - the model needs Babel only to serialise

        out = {f.name: plain(getattr(self, f.name)) for f in dataclasses.fields(self) if f.name != "when"}
        out["label"] = formatting.timeline_label(self)
        return out


@dataclass(frozen=True, slots=True)
class SummaryPoint(_Plain):
    """An extractive summary point: ``text`` is the verbatim source span.

    ``display`` is what the PDF shows: the same text, or the text with omissions marked "…".
    """

    text: str
    start: int
    end: int
    score: float
    display: str = ""


@dataclass(frozen=True, slots=True)
class Figure(_Plain):
    """A notable figure in a fact, as a value: the presentation layer formats it for the locale.

    ``currency``: ``value`` in the ISO currency ``unit`` ("EUR"); ``percent``: ``value`` percent;
    ``count``: ``value`` of the noun phrase ``unit`` as written ("ukrainische Soldaten"), or, for a
    count written in words ("mehrere hundert Zivilisten"), ``written`` as it stands.
    """

    kind: FigureKind
    value: float
    unit: str
    written: str | None = None

    _omit_if_none = ("written",)


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact in a context box: from the article (with offsets) or from the knowledge base."""

    text: str
    start: int | None = None
    end: int | None = None
    source: str = "article"  # "article" | "knowledge-base"
    updated: str | None = None
    label: str | None = None  # an editor's label; without one the figures are formatted when printed
    reference: str | None = None  # knowledge-base facts: the entry's own source ("Redaktionsarchiv")
    figures: tuple[Figure, ...] = ()  # figures box: the figures this fact states; text stays verbatim

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any]
        if self.source == "article":
            out = {"text": self.text, "start": self.start, "end": self.end}
        else:
            out = {"text": self.text, "source": self.source, "updated": self.updated}
        if self.label is not None:
            out["label"] = self.label
        if self.figures:
            out["figures"] = [f.to_dict() for f in self.figures]
        if self.reference is not None:
            out["reference"] = self.reference
        return out


@dataclass(frozen=True, slots=True)
class ContextBox(_Plain):
    kind: BoxKind
    title: str
    subtitle: str | None = None
    facts: tuple[Fact, ...] = ()
    entity: str | None = None  # Entity.id for kind == "entity"


@dataclass(frozen=True, slots=True)
class Metadata(_Plain):
    title: str | None = None
    published: dt.date | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    language: str = "de"
    dateline: str | None = None  # the place of a dateline ("Minsk (dpa) –" gives "Minsk")

    _omit_if_none = ("dateline",)


@dataclass(frozen=True, slots=True)
class Briefing:
    """The analysed article: everything the PDF shows, with offsets into ``text``."""

    text: str
    meta: Metadata
    document: Document
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    terms: tuple[Term, ...] = ()
    temporal_expressions: tuple[TimeExpression, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    summary: tuple[SummaryPoint, ...] = ()
    context: tuple[ContextBox, ...] = ()
    # without a publication date: the time expressions one would have dated ("gestern"), which
    # the timeline therefore lacks; empty when the article has a date
    undated: tuple[Span, ...] = ()
    structure: Structure = Structure()  # the article's markup (Markdown): headings, lists, emphasis

    @property
    def key_quotes(self) -> tuple[Quote, ...]:
        return tuple(q for q in self.quotes if q.key)

    @property
    def printed_quotes(self) -> tuple[Quote, ...]:
        """The key quotes printed under Zitate: those no summary point already tells (a point may
        be the quote that states the headline's news; it is not printed twice)."""
        points = [(p.start, p.end) for p in self.summary]
        return tuple(q for q in self.key_quotes if not any(s < q.end and q.start < e for s, e in points))

    @property
    def word_count(self) -> int:
        return self.document.word_count

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def quote_role(self, quote: Quote) -> str | None:
        """The speaker's role: the quote's own, else the speaker entity's first role."""
        if quote.speaker_role is not None:
            return quote.speaker_role
        ent = self.entity(quote.entity)
        return ent.role if ent else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "meta": self.meta.to_dict(),
            "text": self.text,
            "stats": {
                "words": self.word_count,
                "sentences": len(self.document.sentences),
                "paragraphs": len(self.document.paragraphs),
            },
            "paragraphs": [{"start": p.start, "end": p.end} for p in self.document.paragraphs],
            "summary": plain(self.summary),
            "quotes": plain(self.quotes),
            "terms": plain(self.terms),
            "temporal_expressions": plain(self.temporal_expressions),
            "timeline": plain(self.timeline),
            "undated": plain(self.undated),
            "entities": plain(self.entities),
            "context": plain(self.context),
            "structure": self.structure.to_dict(),
        }


def token_index(tokens: Sequence[Token], start: int) -> int:
    """The index of the token starting at character ``start`` (``tokens`` in text order; a binary search)."""
    k = bisect.bisect_left(tokens, start, key=_token_start)
    if k == len(tokens) or tokens[k].start != start:
        raise ValueError(f"no token starts at {start}")
    return k


def token_from(tokens: Sequence[Token], offset: int) -> int:
    """The index of the first token starting at or after character ``offset`` (``len(tokens)`` if none)."""
    return bisect.bisect_left(tokens, offset, key=_token_start)


def _token_start(tok: Token) -> int:
    return tok.start


class HasSpan(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class SpanIndex:
    """Counts which of a fixed set of spans overlap a given one, in O(log n) per question."""

    def __init__(self, spans: Iterable[HasSpan]) -> None:
        spans = list(spans)
        self._starts = sorted(c.start for c in spans)
        self._ends = sorted(c.end for c in spans)

    def overlapping(self, start: int, end: int) -> int:
        """How many of the spans overlap ``[start, end)`` (``start < end``): those that start before
        ``end``, less those that end by ``start``."""
        return bisect.bisect_left(self._starts, end) - bisect.bisect_right(self._ends, start)


def entity_at(entities: tuple[Entity, ...], start: int, end: int) -> Entity | None:
    """The entity one of whose mentions or references overlaps ``[start, end)``, if any.

    Name mentions win over pronoun/description references; among several, the longest overlap
    (among equals, the first entity's, names before references). The spans of ``entities`` are
    indexed once and kept for the next call with the same tuple (callers ask about one document's
    entities many times), so a call costs a binary search, not a scan of every mention.
    """
    global _LAST_INDEX  # noqa: PLW0603 - one-entry cache, keyed by the tuple's identity
    last = _LAST_INDEX
    if last is None or last[0] is not entities:
        last = _LAST_INDEX = (entities, _MentionIndex(entities))
    return last[1].at(start, end)


class _MentionIndex:
    """Every mention and reference of some entities, sorted by start, for overlap questions."""

    __slots__ = ("_longest", "_spans", "_starts")

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        # (start, end, rank, order, entity); ``order`` is the position in entity_at's reading order
        spans: list[tuple[int, int, int, int, Entity]] = []
        for ent in entities:
            for rank, group in ((1, ent.mentions), (0, ent.references)):
                for m in group:
                    spans.append((m.start, m.end, rank, len(spans), ent))
        spans.sort(key=lambda span: (span[0], span[3]))
        self._spans = spans
        self._starts = [span[0] for span in spans]
        self._longest = max((span[1] - span[0] for span in spans), default=0)

    def at(self, start: int, end: int) -> Entity | None:
        # a span overlapping [start, end) starts before ``end`` and less than its length before ``start``
        lo = bisect.bisect_right(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        best: tuple[int, int, int, Entity] | None = None
        for m_start, m_end, rank, order, ent in self._spans[lo:hi]:
            overlap = min(end, m_end) - max(start, m_start)
            if overlap > 0 and (best is None or (rank, overlap, -order) > best[:3]):
                best = (rank, overlap, -order, ent)
        return best[3] if best else None


_LAST_INDEX: tuple[tuple[Entity, ...], _MentionIndex] | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """An article as read by ``ingest``: normalised text plus metadata."""

    text: str
    meta: Metadata
    origin: str = "-"  # the path, "-" for standard input, or the URL
    structure: Structure = Structure()  # what the markup meant (Markdown input), offsets into ``text``
