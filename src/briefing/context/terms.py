"""Term boxes: loaded terms in quotation marks ("spezielle Militäroperation"), framed by the article.

One box per distinct term of a kind in ``term_kinds`` (``Term.kind == "term"``; titles and names in
quotation marks get none): the term in its base form as title (or the knowledge-base entry's
title), "Begriff von <who>" as subtitle (the quote stage's attribution, else "…", wie <who> es
nennt), the article's framing of the term as fact, and the knowledge-base entry.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.context.config import CONFIG, attribution_patterns
from briefing.context.facts import article_fact
from briefing.knowledge_base import normalise_name
from briefing.language.marks import QUOTATION_MARKS, is_mark, is_paired_mark, strip_marks
from briefing.model import ContextBox

if TYPE_CHECKING:
    from briefing.context.facts import Workspace
    from briefing.knowledge_base import KnowledgeBase
    from briefing.model import Document, Fact, Term

_MAX_TERM_WORDS = 4
_MARKS = "".join(sorted(QUOTATION_MARKS))
_FRAME = re.compile(r",\s*(?:wie|so|als|was|das|den|die|der)\b\s+\w+")


def term_title(doc: Document, term: Term) -> str:
    """The term in its base form: "speziellen Militäroperation" -> "spezielle Militäroperation".

    Only short adjective + noun terms with a singular noun are changed (the weak nominative "-e");
    a noun keeps its number, and anything else stays as written.
    """
    sent = doc.sentence_at(term.start)
    raw = strip_marks(term.text)
    if sent is None:
        return raw
    toks = [t for t in sent.tokens if t.start >= term.start and t.end <= term.end and not is_mark(t.text)]
    if not toks or len(toks) > _MAX_TERM_WORDS or any(t.pos not in ("ADJA", "NN") for t in toks):
        return raw
    # genitive singular "des Einsatzes" -> "Einsatz"; a plural stays a plural
    singular = all(t.text in (t.lemma, t.lemma + "s", t.lemma + "es") for t in toks if t.pos == "NN")
    words: list[str] = []
    for t in toks:
        lemma = t.lemma
        if (
            t.pos == "ADJA"
            and singular
            and lemma.isalpha()
            and t.text.casefold().startswith(lemma.casefold())
        ):
            words.append(lemma.casefold() + ("" if lemma.endswith("e") else "e"))
        elif t.pos == "NN" and t.text in (lemma + "s", lemma + "es"):
            words.append(lemma)
        else:
            words.append(t.text)
    return " ".join(words)


def term_frame(doc: Document, term: Term) -> tuple[int, int] | None:
    """The article's framing of the term.

    When a clause follows the term ("…", wie Putin sie nennt, die ... bezeichnet wird), the span
    from the term to the end of its sentence; else the whole sentence (``Term.context`` if set).
    """
    if term.context is not None:
        c_start, c_end = term.context.start, term.context.end
    else:
        sent = doc.sentence_at(term.start)
        if sent is None:
            return None
        c_start, c_end = sent.start, sent.end
    tail = doc.text[term.end : c_end].lstrip(_MARKS + " ")
    if _FRAME.match(tail) and c_start <= term.start:
        start = term.start
        if start > c_start and is_paired_mark(doc.text[start - 1]) and not is_mark(term.text[:1]):
            start -= 1  # the term's opening quotation mark
        return start, c_end
    return c_start, c_end


def term_owner(doc: Document, term: Term) -> str | None:
    """Who calls the term so: the quote stage's attribution, else "…", wie <who> es nennt."""
    if term.attributed_to:
        return term.attributed_to
    tail = doc.text[term.end : term.end + 120].lstrip(_MARKS)
    for pattern in attribution_patterns():
        m = pattern.search(tail)
        if m:
            return m.group(1)
    return None


def build_term_boxes(ws: Workspace, terms: tuple[Term, ...], kb: KnowledgeBase) -> list[ContextBox]:
    """One box per distinct loaded term, in text order, at most ``max_term_boxes``."""
    cfg = CONFIG()
    seen: set[str] = set()
    boxes: list[ContextBox] = []
    for term in terms:
        if term.kind not in cfg.term_kinds or len(boxes) >= cfg.max_term_boxes:
            continue
        raw = strip_marks(term.text)
        key = normalise_name(raw)
        if not key or key in seen:
            continue
        seen.add(key)
        entry = kb.lookup([raw], kind="term")
        title = entry.title if entry is not None else term_title(ws.doc, term)
        facts: list[Fact] = []
        frame = term_frame(ws.doc, term)
        # the frame may share the term itself with an entity fact, but not repeat one
        if frame is not None and not any(s <= frame[0] and frame[1] <= e for s, e in ws.used):
            facts.append(article_fact(ws.doc, *frame))
            ws.used.append(frame)
        if entry is not None:
            facts.append(entry.fact())
        if not facts:
            continue
        owner = term_owner(ws.doc, term)
        subtitle = cfg.term_subtitle_attributed.format(who=owner) if owner else cfg.term_subtitle
        boxes.append(ContextBox("term", title, subtitle, tuple(facts)))
    return boxes
