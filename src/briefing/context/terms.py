"""Term boxes: loaded terms in quotation marks ("spezielle Militäroperation"), framed by the article.

One box per distinct term of a kind in ``term_kinds`` (``Term.kind == "term"``; titles and names in
quotation marks get none) that is *loaded*: someone is named as calling it so (the quote stage's
attribution, else "…", wie <who> es nennt / was <who> als „…“ bezeichnet / <who> spricht von „…“,
``cues.yaml``), or the knowledge base lists it. A word in scare quotes with neither gets no box.
The box: the term in its base form as title (or the knowledge-base entry's title), "Begriff von
<who>" as subtitle, the article's framing of the term as fact (unless a summary point or key quote
prints it), and the knowledge-base entry.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.context.config import CONFIG, attribution_patterns, attribution_patterns_around
from briefing.context.facts import article_fact
from briefing.knowledge_base import normalise_name
from briefing.language.lexicon import pronouns
from briefing.language.marks import QUOTATION_MARKS, is_mark, is_paired_mark, strip_marks
from briefing.model import ContextBox

if TYPE_CHECKING:
    from briefing.context.facts import Workspace
    from briefing.knowledge_base import KnowledgeBase, KnowledgeEntry
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


_AROUND_AFTER = 60  # characters after the term the "around" patterns see


def term_owner(doc: Document, term: Term) -> str | None:
    """Who calls the term so: the quote stage's attribution, else "…", wie <who> es nennt, or
    "was <who> als „…“ bezeichnet" around it; never a pronoun ("wie man sie nennt")."""
    if term.attributed_to:
        return term.attributed_to
    tail = doc.text[term.end : term.end + 120].lstrip(_MARKS)
    found = [m.group(1) for p in attribution_patterns() if (m := p.search(tail))]
    sent = doc.sentence_at(term.start)
    if sent is not None and not found:
        start, end = term.start, term.end
        while start > sent.start and is_paired_mark(doc.text[start - 1]):
            start -= 1
        while end < sent.end and is_paired_mark(doc.text[end]):
            end += 1
        around = doc.text[sent.start : start] + "TERM" + doc.text[end : min(sent.end, end + _AROUND_AFTER)]
        found = [m.group(1) for p in attribution_patterns_around() if (m := p.search(around))]
    indefinite = pronouns().indefinite | pronouns().personal
    for who in found:
        if who.split()[0].lower() not in indefinite:
            return who
    return None


def reserve_term_frames(ws: Workspace, terms: tuple[Term, ...], kb: KnowledgeBase) -> None:
    """Mark the frames of the terms that will get a box as used, before the entity boxes choose
    their facts: a frame says more about its term than the same sentence says about an actor."""
    for term, entry, _ in _boxed_terms(ws.doc, terms, kb):
        frame = term_frame(ws.doc, term)
        if frame is not None and (entry is not None or not ws.blocked.overlapping(*frame)):
            ws.used.append(frame)


def _boxed_terms(
    doc: Document, terms: tuple[Term, ...], kb: KnowledgeBase
) -> list[tuple[Term, KnowledgeEntry | None, str | None]]:
    """The distinct loaded terms that get a box: (term, knowledge-base entry, who calls it so)."""
    cfg = CONFIG()
    seen: set[str] = set()
    out: list[tuple[Term, KnowledgeEntry | None, str | None]] = []
    for term in terms:
        if term.kind not in cfg.term_kinds or len(out) >= cfg.max_term_boxes:
            continue
        raw = strip_marks(term.text)
        key = normalise_name(raw)
        if not key or key in seen:
            continue
        entry = kb.lookup([raw], kind="term")
        owner = term_owner(doc, term)
        if entry is None and owner is None:
            continue  # a word in scare quotes, not a loaded term
        seen.add(key)
        out.append((term, entry, owner))
    return out


def build_term_boxes(ws: Workspace, terms: tuple[Term, ...], kb: KnowledgeBase) -> list[ContextBox]:
    """One box per distinct loaded term (attributed or in the knowledge base), in text order, at most
    ``max_term_boxes``. Call :func:`reserve_term_frames` first (before the entity boxes)."""
    cfg = CONFIG()
    boxes: list[ContextBox] = []
    for term, entry, owner in _boxed_terms(ws.doc, terms, kb):
        title = entry.title if entry is not None else term_title(ws.doc, term)
        facts: list[Fact] = []
        frame = term_frame(ws.doc, term)
        # the frame (reserved for this box) may share the term with an entity fact, not repeat one
        if (
            frame is not None
            and not ws.blocked.overlapping(*frame)
            and not any(s <= frame[0] and frame[1] <= e and (s, e) != frame for s, e in ws.used)
        ):
            facts.append(article_fact(ws.doc, *frame))
            if frame not in ws.used:
                ws.used.append(frame)
        if entry is not None:
            facts.append(entry.fact())
        if not facts and not owner:
            continue  # an attributed term keeps its box for whose word it is, even when its
            # sentence is already printed (in the summary)
        subtitle = cfg.term_subtitle_attributed.format(who=owner) if owner else cfg.term_subtitle
        boxes.append(ContextBox("term", title, subtitle, tuple(facts)))
    return boxes
