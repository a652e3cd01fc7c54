"""Quotations that are not speech: terms ("die so genannte „Reichensteuer“"), titles ("der Film
„…“") and names ("die Zeitung „Financial Times“"), and who uses a loaded term ("…“, wie Putin sie
nennt").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.language import lexicon
from briefing.model import FINITE_VERB_TAGS, Span, Term
from briefing.quotes.config import CUES
from briefing.quotes.cues import is_reporting
from briefing.quotes.phrases import noun_phrase
from briefing.quotes.tokens import CLAUSE_END, clause_end, is_word

if TYPE_CHECKING:
    from briefing.language.marks import Quotation
    from briefing.model import Document, TermKind
    from briefing.quotes.phrases import Mention
    from briefing.quotes.tokens import Toks

_TERM_KINDS: dict[str, TermKind] = {"term": "term", "title": "title", "name": "name", "other": "other"}


def _title_noun(word: str) -> bool:
    """A noun that names what follows as a title or a name, also at the end of a compound
    ("Film", "Tageszeitung"), but not the words speakers call things with ("Bezeichnung")."""
    cues = CUES()
    w = word.lower().rstrip(".:")
    if w in cues.title_noun_exceptions:
        return False
    return any(w.endswith(t) for t in cues.title_nouns)


def term_context(tv: Toks, first: int, lo: int) -> str | None:
    """``"term"``/``"title"``/``"name"`` when the words right before the opening mark (token ``first``)
    make the quotation a term, a title or a name; else None."""
    cues = CUES()
    k = first - 1
    if k < lo:
        return None
    if tv.low[k] in cues.term_markers or (k > lo and (tv.low[k - 1], tv.low[k]) in cues.term_marker_pairs):
        return "term" if tv.low[k].startswith(("so", "genannt")) or tv.low[k - 1] == "so" else "name"
    if tv.toks[k].text == ":" and k > lo:
        # "ihr Erstwerk: „…“", "(Motto: „…“)", "(Überschrift auf der Seite: „…“)"
        c = k - 1
        while c > lo and tv.toks[c - 1].text not in ("(", ",", ":") and tv.toks[c - 1].text not in CLAUSE_END:
            c -= 1
        clause = range(c, k)
        # "Die Ministerin sagte dem Sender: „…“" introduces speech, whatever the last noun is
        reported = any(is_reporting(tv, x, k) for x in clause)
        if not reported and (
            _title_noun(tv.toks[k - 1].text)
            or (
                not any(tv.pos[x] in FINITE_VERB_TAGS for x in clause)
                and any(tv.pos[x] in ("NN", "NE") and _title_noun(tv.toks[x].text) for x in clause[:2])
            )
        ):
            return "title"
    if (
        tv.pos[k] == "ART"
        and k > lo
        and tv.pos[k - 1] in FINITE_VERB_TAGS
        and is_reporting(tv, k - 1, k)
        and tv.toks[first + 1].text[:1].isupper()
    ):
        return "name"  # "Das berichtete die „Automobilwoche“": the quotation names the source
    # the noun right before, possibly with "auch" / an apposition comma: "der Film „…“", "die Zeitung „…“"
    if tv.pos[k] in ("NN", "NE") and _title_noun(tv.toks[k].text):
        return "name" if tv.toks[k].text.lower().endswith(cues.name_title_nouns) else "title"
    if tv.low[k] in cues.source_prepositions or (
        k > lo and tv.pos[k] == "ART" and tv.low[k - 1] in cues.source_prepositions
    ):  # "laut „news.bbc.co.uk“"
        return "name"
    return None


def term_attribution(tv: Toks, lo: int, hi: int) -> Mention | None:
    """ "…“, wie Putin sie nennt": the term's owner."""
    term_verbs = CUES().term_verbs
    k = lo
    while k < hi and tv.toks[k].text == ",":
        k += 1
    if k < hi and tv.low[k] == "wie":
        end = clause_end(tv, k, hi)
        comma = next((c for c in range(k + 1, end) if tv.toks[c].text == ","), end)
        if any(tv.low[v] in term_verbs for v in range(k + 1, comma)):
            return noun_phrase(tv, k + 1, comma)
    return None


def name_like(tv: Toks, lo: int, hi: int, limit: int) -> bool:
    """Tokens ``[lo, hi)`` read as a name or title: at most ``limit`` capitalised words (with
    connectors like "of", "&"), no lower-case finite verb; one word only when tagged a name."""
    connectors = lexicon.name_parts().connectors | CUES().name_prepositions
    words = [k for k in range(lo, hi) if is_word(tv, k)]
    if not words or len(words) > limit:
        return False
    if any(tv.pos[k] in FINITE_VERB_TAGS and tv.toks[k].text[:1].islower() for k in words):
        return False
    caps = [k for k in words if tv.toks[k].text[:1].isupper() or tv.toks[k].text[:1].isdigit()]
    rest = [k for k in words if k not in caps]
    if any(tv.low[k] not in connectors for k in rest):
        return False
    if len(words) == 1:
        return tv.pos[words[0]] in ("NE", "FM") or "." in tv.toks[words[0]].text
    return True


def make_term(doc: Document, quotation: Quotation, kind: str, owner: str | None) -> Term:
    """The non-speech quotation as a :class:`Term`, with its sentence as context."""
    sentence = doc.sentence_at(quotation.start)
    context = Span(sentence.text, sentence.start, sentence.end) if sentence else None
    inner = doc.text[quotation.inner_start : quotation.inner_end]
    return Term(inner, quotation.inner_start, quotation.inner_end, _TERM_KINDS[kind], owner, context)
