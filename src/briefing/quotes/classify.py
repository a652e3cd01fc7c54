"""Each quotation read in its sentence: direct speech (with its cue) or a term, title or name.

The context of a quotation is its sentence, widened to the sentence before when the quotation opens
a sentence after "…:", and to the next sentence when that one goes on after a comma or in lower
case. A quotation is a *statement* from a few words with a finite verb or a final . ! ?. Terms and
titles are recognised in :mod:`.terms`, the speech cue is chosen in :mod:`.speaker`.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing import limits
from briefing.language import marks
from briefing.model import FINITE_VERB_TAGS
from briefing.quotes.config import THRESHOLDS
from briefing.quotes.speaker import find_cue
from briefing.quotes.terms import name_like, term_attribution, term_context
from briefing.quotes.tokens import is_word

if TYPE_CHECKING:
    from briefing.language.marks import Quotation
    from briefing.model import Document
    from briefing.quotes.cues import Cue
    from briefing.quotes.phrases import Mention
    from briefing.quotes.tokens import Toks


@dataclass(frozen=True, slots=True)
class Found:
    """A quotation with what the analysis found: speech (with its cue) or a term of some kind."""

    raw: Quotation
    speech: bool
    kind: str  # for terms: term | title | name
    cue: Cue | None
    first: int  # token range of the quotation (marks included)
    last: int
    attributed: Mention | None = None
    statement: bool = False


log = logging.getLogger(__name__)

_INTERRUPTER = re.compile(r"\s*,\s*[^.!?" + re.escape("".join(sorted(marks.PAIRED_MARKS))) + r"]{1,80},\s*")


def join_interrupted(text: str, found: list[Found]) -> list[Found]:
    """„Das ist“, so Lindner, „ein guter Kompromiss.“: both parts around an interrupting cue are
    speech of the same speaker, even when one is too short to count as speech on its own."""
    out = list(found)
    for i in range(len(out) - 1):
        gap = text[out[i].raw.end : out[i + 1].raw.start]
        if not _INTERRUPTER.fullmatch(gap):
            continue
        for said, other, k in ((out[i], out[i + 1], i + 1), (out[i + 1], out[i], i)):
            cue = said.cue
            if said.speech and not other.speech and cue is not None and cue.text and cue.text in gap:
                out[k] = dataclasses.replace(
                    other, speech=True, kind="speech", cue=cue, statement=said.statement
                )
                break
    return out


def analyse(doc: Document, tv: Toks, raw: Quotation) -> Found:
    """Speech or not: a term context or an owner ("wie X sie nennt") makes a term; a statement is
    speech (unless it reads as a name without any cue); a name-like quotation, or the name of a
    person or organisation the entity stage found, is a name; a fragment is speech only with a cue."""
    limits = THRESHOLDS()
    first = tv.index(raw.start)
    last = max(first, tv.index(raw.end) - 1)  # last token inside the quotation (closing mark included)
    n = len(tv.toks)
    if first >= n:
        return Found(raw, speech=False, kind="other", cue=None, first=first, last=last)
    inner = [
        k
        for k in range(first, last + 1)
        if tv.toks[k].start >= raw.inner_start and tv.toks[k].end <= raw.inner_end
    ]
    words = [k for k in inner if is_word(tv, k)]
    s_first = tv.sent[first]
    lo = tv.sent_bounds[s_first][0]
    # left context: same sentence; if the quote opens a sentence after "…:" take the previous sentence
    if lo == first and s_first > 0 and tv.para[s_first - 1] == tv.para[s_first]:
        p_lo, p_hi = tv.sent_bounds[s_first - 1]
        if p_hi > p_lo and tv.toks[p_hi - 1].text == ":":
            lo = p_lo
    s_last = tv.sent[min(last, n - 1)]
    hi = tv.sent_bounds[s_last][1]
    after = last + 1
    if after >= hi and s_last + 1 < len(tv.sent_bounds) and tv.para[s_last + 1] == tv.para[s_last]:
        n_lo, n_hi = tv.sent_bounds[s_last + 1]
        if n_hi > n_lo and (tv.toks[n_lo].text == "," or tv.toks[n_lo].text[:1].islower()):
            hi = n_hi
    lo, hi = _bounded_context(lo, hi, first, last)
    inner_text = doc.text[raw.inner_start : raw.inner_end].strip()
    finite = any(tv.pos[k] in FINITE_VERB_TAGS for k in words)
    statement = len(words) >= limits.statement_words and (finite or inner_text.endswith((".", "!", "?", "…")))

    term_kind = term_context(tv, first, lo)
    owner = term_attribution(tv, after, hi) if after < hi else None
    if owner is not None:
        return Found(raw, speech=False, kind="term", cue=None, first=first, last=last, attributed=owner)
    if term_kind is not None and not (term_kind == "term" and statement and tv.toks[first - 1].text == "("):
        return Found(raw, speech=False, kind=term_kind, cue=None, first=first, last=last)

    # without a word inside it can be neither a statement nor a fragment with a cue: no cue to look for
    cue = find_cue(tv, lo, hi, first, last) if words else None
    strength = cue.strength if cue else 0
    named = bool(inner) and (
        name_like(tv, inner[0], inner[-1] + 1, limits.name_words)
        or tv.names.get(inner[0], -1) >= inner[-1] + 1  # the entity stage's person or organisation
    )
    if statement and (strength >= 1 or not named):
        return Found(raw, speech=True, kind="speech", cue=cue, first=first, last=last, statement=True)
    if named:
        return Found(raw, speech=False, kind="name", cue=None, first=first, last=last)
    if strength >= 1 and words:
        return Found(raw, speech=True, kind="speech", cue=cue, first=first, last=last)
    return Found(raw, speech=False, kind="term", cue=None, first=first, last=last)


def _bounded_context(lo: int, hi: int, first: int, last: int) -> tuple[int, int]:
    """The context ``[lo, hi)`` cut to ``quote_context_tokens`` (``data/limits.yaml``) before the
    opening and after the closing mark, so a run of quotation marks costs linear time."""
    reach = limits.LIMITS().quote_context_tokens
    bounded = max(lo, first - reach), min(hi, last + 1 + reach)
    if bounded != (lo, hi):
        log.debug("quotes: the context of the quotation at token %d is cut to %d tokens", first, reach)
    return bounded
