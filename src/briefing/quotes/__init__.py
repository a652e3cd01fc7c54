"""Quote stage: direct speech with its speaker; other quotation marks become terms.

1. Pair the quotation marks of every style (:func:`briefing.language.marks.pair_marks`).
2. Read each quotation in its sentence (:mod:`.classify`): a term, title or name (:mod:`.terms`), or
   speech with its reporting cue (:mod:`.cues`: "Er antwortete: …", "…, sagte X", "laut X",
   "X zufolge", reported speech); the two halves of an interrupted quote are both speech.
3. Choose and resolve each quote's speaker (:mod:`.speaker` — the one place that says how).
4. Flag the 3–5 key quotes for the PDF (:mod:`.key`).

Noun phrases that may name a speaker are read in :mod:`.phrases` over the flat token view of
:mod:`.tokens`. Word lists and thresholds live in ``data/quotes/`` (:mod:`.config`); quotation marks,
speech verbs and pronouns in :mod:`briefing.language`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing import limits
from briefing.language.marks import pair_marks
from briefing.quotes.classify import analyse, join_interrupted
from briefing.quotes.key import choose_key
from briefing.quotes.speaker import Attribution
from briefing.quotes.terms import make_term
from briefing.quotes.tokens import token_view

if TYPE_CHECKING:
    from briefing.model import Document, Entity, Quote, Term

__all__ = ["find_quotes"]


def find_quotes(doc: Document, entities: tuple[Entity, ...]) -> tuple[tuple[Quote, ...], tuple[Term, ...]]:
    """All direct quotes in text order (key ones flagged), and the non-speech quotations."""
    paragraphs = [(p.start, p.end) for p in doc.paragraphs] or [(0, len(doc.text))]
    quotations = pair_marks(doc.text, paragraphs)
    if not quotations:
        return (), ()
    tv = token_view(doc, entities)
    read = []
    for q in quotations:
        limits.check("quotes")
        read.append(analyse(doc, tv, q))
    found = join_interrupted(doc.text, read)
    attribution = Attribution(doc, tv, entities)
    terms: list[Term] = []
    for f in found:  # in text order: a pronoun in a term's owner may point back to an earlier speaker
        if f.speech:
            attribution.add(f)
        else:
            terms.append(make_term(doc, f.raw, f.kind, attribution.owner(f.attributed)))
    statements = {f.raw.start for f in found if f.speech and f.statement}
    return choose_key(attribution.quotes(), statements), tuple(terms)
