"""The presentation model: what the templates show, decided and formatted here.

Templates only loop and print; every choice (which quotes, how many boxes, labels, German
dates and numbers) is made in :func:`build`, a pure function of the briefing and the options.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefing import __version__, formatting, settings
from briefing.language import marks
from briefing.quotes.key import speaker_sure
from briefing.resources import load_data

if TYPE_CHECKING:
    from briefing.document import Marks
    from briefing.model import Briefing, ContextBox, Fact, Inline, Paragraph, Quote, Span

PAPER_SIZES = {"A4": "A4", "A5": "A5", "LETTER": "letter"}
EDITED_MARK = "*"
EDITED_NOTE = "* redaktionell bearbeitet: weicht vom Wortlaut des Artikels ab"
# the footnote at the first edited item: its call and marker are the "*" (CSS footnote-call)
EDITED_FOOTNOTE = "redaktionell bearbeitet: weicht vom Wortlaut des Artikels ab"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    paper: str = "A4"
    locale: str = formatting.DEFAULT_LOCALE
    full_text: bool = True
    bleed: str | None = None  # print shops: CSS length beyond the trim box, e.g. "3mm"
    crop_marks: bool = False  # print shops: crop marks in the bleed area
    templates: str | None = None  # the newsroom's own template folder (``--templates``), sandboxed


def _limits() -> dict[str, Any]:
    limits: dict[str, Any] = load_data("render.yaml")["render"]
    return limits


def quote_display(text: str, max_chars: int) -> str:
    """The words of a quote for print: outer marks removed, inner straight quotes mended.

    Paired inner straight quotes become German single quotes (‚…‘), and so do inner quotations in
    any other style (``«Nein»``); an odd one left over from a broken source (``"Ja, ich bin
    bereit. "Ich bin ...``) is dropped. The template adds „…“.
    """
    inner = " ".join(marks.strip_marks(text).split())
    count = inner.count('"')
    if count % 2 == 0:
        parts = inner.split('"')
        inner = "".join(part + ("‚" if i % 2 == 0 else "‘") for i, part in enumerate(parts[:-1])) + parts[-1]
    else:
        inner = " ".join(inner.replace('"', " ").split())
    inner = formatting.quote_style(inner, depth=1)  # «…», »…« inside a quote: ‚…‘ like the rest
    if len(inner) > max_chars:
        inner = inner[:max_chars].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return inner


SPEAKER_UNCLEAR = "Sprecher unklar"


def _quote_view(q: Quote, b: Briefing, max_chars: int) -> dict[str, Any]:
    """A quote for print; a speaker the analysis is unsure of is "Sprecher unklar", never a name."""
    if speaker_sure(q):
        return {
            "text": quote_display(q.text, max_chars),
            "speaker": q.speaker,
            "role": b.quote_role(q),
            "unclear": False,
        }
    return {
        "text": quote_display(q.text, max_chars),
        "speaker": SPEAKER_UNCLEAR,
        "role": None,
        "unclear": True,
    }


@dataclass(frozen=True, slots=True)
class ChronologieNotes:
    """``data/formatting/chronologie.yaml``: the line under the Chronologie."""

    undated_one: str
    undated_many: str
    max_examples: int


CHRONOLOGIE_NOTES = settings.register(ChronologieNotes, "formatting/chronologie.yaml")


def undated_examples(undated: tuple[Span, ...], limit: int, marks: tuple[str, str] = ("„", "“")) -> str:
    """The first ``limit`` different undated expressions in quotation ``marks``, then "…" if there
    are more: ``„gestern“, „Dienstag“, …``."""
    words = list(dict.fromkeys(" ".join(span.text.split()) for span in undated))
    shown = [f"{marks[0]}{word}{marks[1]}" for word in words[:limit]]
    return ", ".join(shown + (["…"] if len(words) > limit else []))


def undated_note(briefing: Briefing, locale: str = formatting.DEFAULT_LOCALE) -> str | None:
    """The line under the Chronologie when the article has no publication date and time expressions
    one would have dated were left out of it ("Ohne Erscheinungsdatum: 3 Zeitangaben („gestern“, …)
    konnten nicht datiert werden."); None otherwise, also once an editor has set the date."""
    if briefing.meta.published is not None or not briefing.undated:
        return None
    notes = CHRONOLOGIE_NOTES()
    examples = undated_examples(briefing.undated, notes.max_examples)
    count = len(briefing.undated)
    if count == 1:
        return notes.undated_one.format(examples=examples)
    return notes.undated_many.format(count=formatting.number(count, locale), examples=examples)


def _flag(marks: tuple[bool, ...], index: int) -> bool:
    return index < len(marks) and marks[index]


def page(options: RenderOptions, generated: dt.datetime) -> dict[str, Any]:
    """Page set-up and the generation stamp: the same for a briefing and a handout."""
    return {
        "lang": "de-DE",
        "paper": PAPER_SIZES[options.paper.upper()],
        "paper_class": "paper-" + options.paper.lower(),
        "page_margin": _limits()["page_margins"][options.paper.lower()],
        "page_bleed": options.bleed,
        "page_marks": "crop" if options.crop_marks else None,
        "generated": formatting.medium_date(generated.date(), options.locale),
        "generated_iso": generated.isoformat(timespec="seconds"),
        "generator": f"briefing {__version__}",
        "footer": "Erstellt am " + formatting.medium_date(generated.date(), options.locale),
    }


def build(
    briefing: Briefing, options: RenderOptions, generated: dt.datetime, marks: Marks | None = None
) -> dict[str, Any]:
    """Everything the template needs, as plain strings, lists and dicts.

    ``marks`` (from an edited analysis document) flags items whose text was edited; each gets
    ``edited: True`` and the page a note explaining the mark.
    """
    limits = _limits()
    locale = options.locale
    meta = briefing.meta
    words = briefing.word_count
    facts_line = [
        formatting.long_date(meta.published, locale) if meta.published else None,
        meta.source,
        f"Von {meta.author}" if meta.author else None,
        f"Lesezeit: {formatting.reading_minutes(words)} Min.",
        formatting.counted(words, "Wort", "Wörter", locale),
    ]
    header_parts = [
        p
        for p in (meta.source, formatting.medium_date(meta.published, locale) if meta.published else None)
        if p
    ]
    q_marks, t_marks, s_marks, f_marks = (
        (marks.quotes, marks.timeline, marks.summary, marks.facts) if marks else ((), (), (), ())
    )
    quotes = [
        {**_quote_view(q, briefing, limits["quote_max_chars"]), "edited": _flag(q_marks, i)}
        # an edited document prints the quotes the editor included; an analysis those no summary
        # point already tells
        for i, q in enumerate(
            (briefing.key_quotes if marks is not None else briefing.printed_quotes)[
                : limits["max_key_quotes"]
            ]
        )
    ]
    timeline = [
        {
            "label": formatting.timeline_label(e, locale),
            "text": formatting.german_quotes(e.display or e.text),
            "future": e.tense == "future",
            "edited": _flag(t_marks, i),
        }
        for i, e in enumerate(briefing.timeline[: limits["max_timeline_entries"]])
    ]
    boxes: list[dict[str, Any]] = [
        {
            "kind": box.kind,
            "title": formatting.german_quotes(box.title),
            "subtitle": formatting.german_quotes(sub) if (sub := _subtitle(box, locale)) else None,
            "facts": [
                {
                    "text": formatting.german_quotes(f.text),
                    "parts": text_parts(formatting.german_quotes(f.text), limits["nowrap_link_chars"]),
                    "from_kb": f.source != "article",
                    "label": _label(f, locale),
                    "reference": f.reference,
                    "updated": formatting.medium_date(dt.date.fromisoformat(f.updated), locale)
                    if f.updated
                    else None,
                    "edited": b_index < len(f_marks) and _flag(f_marks[b_index], f_index),
                }
                for f_index, f in enumerate(box.facts)
            ],
        }
        for b_index, box in enumerate(briefing.context[: limits["max_context_boxes"]])
    ]
    for box_view, wide in zip(boxes, box_widths(boxes, limits["half_box_link_chars"]), strict=True):
        box_view["wide"] = wide
    summary = [
        {"text": formatting.german_quotes(p.display or p.text), "edited": _flag(s_marks, i)}
        for i, p in enumerate(briefing.summary)
    ]
    # the note explaining "*" is a footnote of the first edited item, on the page of its mark
    printed = [*summary, *quotes, *timeline, *(fact for box in boxes for fact in box["facts"])]
    for item in printed:
        item["note"] = None
    first_edited = next((item for item in printed if item["edited"]), None)
    if first_edited is not None:
        first_edited["note"] = EDITED_FOOTNOTE
    return {
        **page(options, generated),
        "kicker": f"Briefing · {meta.source}" if meta.source else "Briefing",
        "title": meta.title or "Briefing",
        "document_title": f"Briefing: {meta.title}" if meta.title else "Briefing",
        "description": f"Briefing zum Artikel „{meta.title or 'Briefing'}“",
        "author": meta.author or meta.source or "",
        "source": meta.source,
        "url": meta.url,
        "facts_line": [p for p in facts_line if p],
        "running_header": " · ".join(header_parts) if header_parts else "Briefing",
        "summary": summary,
        "edited_mark": EDITED_MARK,
        "edited_note": EDITED_NOTE if marks is not None and marks.any else None,
        "quotes": quotes,
        "timeline": timeline,
        "timeline_note": undated_note(briefing, locale),
        "boxes": boxes,
        "full_text": [p.text for p in briefing.document.paragraphs] if options.full_text else [],
        "full_text_parts": [
            text_parts(p.text, limits["nowrap_link_chars"]) for p in briefing.document.paragraphs
        ]
        if options.full_text
        else [],
        "full_text_blocks": article_blocks(briefing, limits["nowrap_link_chars"])
        if options.full_text
        else [],
        "url_parts": text_parts(meta.url, limits["nowrap_link_chars"]) if meta.url else [],
    }


_LINK_SCHEMES = ("https://", "http://", "mailto:")  # links printed as links; others as their text


def article_blocks(briefing: Briefing, nowrap_chars: int) -> list[dict[str, Any]]:
    """ "Der Artikel im Wortlaut" as blocks: ``{"kind": "paragraph"|"heading"|"quote"|"code",
    "level", "parts"}`` and ``{"kind": "list", "ordered", "items": [{"level", "parts"}, …]}`` for
    a run of list items. A paragraph's kind is that of the Markdown block it stands in (plain text
    and HTML: all paragraphs); ``parts`` are :func:`text_parts` with ``em``, ``strong``, ``code``
    and ``href`` (a link of the article; http(s) and mail addresses only) for the inline spans."""
    structure = briefing.structure
    starts = [b.start for b in structure.blocks]
    out: list[dict[str, Any]] = []
    for p in briefing.document.paragraphs:
        i = bisect.bisect_right(starts, p.start) - 1
        block = structure.blocks[i] if i >= 0 and p.start < structure.blocks[i].end else None
        parts = _styled_parts(p, structure.inlines, nowrap_chars)
        if block is None:
            out.append({"kind": "paragraph", "level": 1, "parts": parts})
        elif block.kind != "item":
            out.append({"kind": block.kind, "level": block.level, "parts": parts})
        elif out and out[-1]["kind"] == "list" and out[-1]["ordered"] == block.ordered:
            out[-1]["items"].append({"level": block.level, "parts": parts})
        else:
            out.append(
                {"kind": "list", "ordered": block.ordered, "items": [{"level": block.level, "parts": parts}]}
            )
    return out


def _styled_parts(
    paragraph: Paragraph, inlines: tuple[Inline, ...], nowrap_chars: int
) -> list[dict[str, Any]]:
    """The pieces of a paragraph for print, cut where an inline span starts or ends, its quotation
    marks in German style (one mark for one mark: :func:`formatting.quote_style`)."""
    start, end = paragraph.start, paragraph.end
    text = formatting.quote_style(paragraph.text)  # as long as the paragraph: its offsets stay
    spans = [i for i in inlines if i.start < end and start < i.end]
    cuts = sorted({start, end} | {max(start, min(end, x)) for i in spans for x in (i.start, i.end)})
    parts: list[dict[str, Any]] = []
    for a, b in itertools.pairwise(cuts):
        kinds = {i.kind: i for i in spans if i.start <= a and b <= i.end}
        link = kinds.get("link")
        href = link.href if link is not None and link.href and link.href.startswith(_LINK_SCHEMES) else None
        style = {
            "em": "emphasis" in kinds,
            "strong": "strong" in kinds,
            "code": "code" in kinds,
            "href": href,
        }
        parts.extend({**part, **style} for part in text_parts(text[a - start : b - start], nowrap_chars))
    return parts


def text_parts(text: str, nowrap_chars: int) -> list[dict[str, Any]]:
    """``text`` in pieces for print: ``{"text", "link", "long"}``; a link (web or e-mail address) is
    never hyphenated, and one of at most ``nowrap_chars`` characters never broken across lines."""
    return [
        {"text": piece, "link": link, "long": link and len(piece) > nowrap_chars}
        for piece, link in formatting.link_parts(text)
    ]


def box_widths(boxes: list[dict[str, Any]], link_chars: int) -> list[bool]:
    """Which boxes span both columns of "Hintergrund": one with an address longer than
    ``link_chars``, and a box that would otherwise stand alone in its row (the last of an odd
    number, or one before a wide box), so no half column stays empty."""
    wide = [
        any(p["link"] and len(p["text"]) > link_chars for f in box["facts"] for p in f["parts"])
        for box in boxes
    ]
    waiting: int | None = None  # a half-width box without a partner yet
    for i, is_wide in enumerate(wide):
        if is_wide:
            if waiting is not None:
                wide[waiting] = True
            waiting = None
        elif waiting is None:
            waiting = i
        else:
            waiting = None
    if waiting is not None:
        wide[waiting] = True
    return wide


def _label(fact: Fact, locale: str) -> str | None:
    """An editor's label, else the fact's figures formatted for ``locale``."""
    return fact.label if fact.label is not None else formatting.figures_label(fact.figures, locale)


def _label_parts(fact: Fact, locale: str) -> list[str]:
    """An editor's label, else each of the fact's figures formatted for ``locale``."""
    return [fact.label] if fact.label is not None else [formatting.figure(x, locale) for x in fact.figures]


def _subtitle(box: ContextBox, locale: str) -> str | None:
    """The box's subtitle; a figures box without one shows its first three figures."""
    if box.subtitle is not None or box.kind != "figures":
        return box.subtitle
    shown = [part for f in box.facts for part in _label_parts(f, locale)]
    return " · ".join(shown[:3]) or None
