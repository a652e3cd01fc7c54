"""Timeline labels: the printed text of a dated event, a short self-contained phrase.

The timeline stage finds the clause a date belongs to (its token range, the entry's verbatim
``text``); this module turns it into what the Chronologie prints (the entry's ``display``), built
from the clause's own words only:

* the words that tie it to another clause are left out ("und", "dass", "um", "so dass"); a relative
  clause keeps the noun it describes ("einer Studie, die heute … vorgestellt wurde");
* a pronoun or demonstrative the entity stage resolved is followed by its referent as an editorial
  bracket ("Er [Alexander Lukaschenko] wurde …"); a label that would start with one nobody resolved
  ("Das hatte … getan") is not self-contained, and the event gets no entry;
* a label over ``label_max_words`` words (``data/temporal/timeline.yaml``) loses its time
  expressions (the date stands beside it), then parentheses, then words of its middle field; a long
  Vorfeld keeps its first noun phrase and its last name; the finite verb and the verbs that close
  the clause are always kept.

Every word left out is marked "…" (as summary points do), so the label stays verbatim pieces of
``text`` in order, plus bracketed referents.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.language import clauses, marks
from briefing.language.references import is_bare_pronoun, with_referent
from briefing.language.tags import DET, NOMINAL, PREP, PROPER_NAME
from briefing.model import FINITE_VERB_TAGS

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from briefing.model import Token

ELLIPSIS = "…"
_NOUNS = frozenset({"NN", "NE"})
_PUNCTUATION = " ,;:–-"


@dataclass(frozen=True, slots=True)
class Label:
    """A label over ``tokens[first:last]`` of a sentence (the entry's verbatim text): ``display``
    is what is printed, "" when that is the text itself."""

    first: int
    last: int
    display: str
    kept: tuple[int, ...]  # the tokens printed


def count_words(text: str) -> int:
    """Words of a printed label: whitespace-separated pieces with a letter or digit ("…" is none)."""
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def antecedent(tokens: Sequence[Token], comma: int) -> int | None:
    """The first token of the noun phrase right before ``tokens[comma]`` (a relative clause's noun,
    with its genitive: "der Titel einer Studie"), or None when no noun stands there."""
    k = comma
    if k == 0 or tokens[k - 1].pos not in NOMINAL:
        return None
    while k > 0 and (
        tokens[k - 1].pos in NOMINAL or tokens[k - 1].pos in DET or tokens[k - 1].pos in ("ADJA", "CARD")
    ):
        k -= 1
    return k


class _Builder:
    """The kept tokens of one label and how they print."""

    def __init__(self, tokens: Sequence[Token], text: str, first: int, last: int) -> None:
        self.tokens = tokens
        self.text = text
        self.first = first
        self.last = last
        self.keep = list(range(first, last))
        self.inserts: dict[int, str] = {}

    def drop(self, gone: set[int]) -> None:
        self.keep = [k for k in self.keep if k not in gone]

    def render(self) -> str:
        toks = self.tokens
        keep = self.keep
        if not keep:
            return ""
        out: list[str] = []
        if any(toks[k].is_word for k in range(self.first, keep[0])):
            out.append(ELLIPSIS + " ")
        for n, k in enumerate(keep):
            if n:
                prev = keep[n - 1]
                if k == prev + 1:
                    out.append(self.text[toks[prev].end : toks[k].start])
                elif any(toks[j].is_word for j in range(prev + 1, k)):
                    out.append(f" {ELLIPSIS} ")
                else:
                    out.append(" ")
            out.append(with_referent(toks[k].text, self.inserts[k]) if k in self.inserts else toks[k].text)
        if any(toks[k].is_word for k in range(keep[-1] + 1, self.last)):
            out.append(" " + ELLIPSIS)
        return "".join(out)

    def words(self) -> int:
        return count_words(self.render())


def _closes(text: str) -> bool:
    return text == ")" or (bool(text) and all(marks.is_mark(c) for c in text))


def _trim(tokens: Sequence[Token], keep: list[int]) -> list[int]:
    """``keep`` without punctuation at its ends (a closing parenthesis or quotation mark stays)."""
    lo, hi = 0, len(keep)
    while lo < hi and not tokens[keep[lo]].is_word:
        lo += 1
    while hi > lo and not tokens[keep[hi - 1]].is_word and not _closes(tokens[keep[hi - 1]].text):
        hi -= 1
    return keep[lo:hi]


def _time_tokens(tokens: Sequence[Token], keep: list[int], covered: Sequence[tuple[int, int]]) -> set[int]:
    """Kept tokens inside a time expression, with the preposition and article right before it."""
    starts = [s for s, _ in covered]
    gone: set[int] = set()
    for k in keep:
        i = bisect.bisect_right(starts, tokens[k].start) - 1
        if i >= 0 and tokens[k].start < covered[i][1]:
            gone.add(k)
    for k in sorted(gone):
        j = k - 1
        while j >= 0 and j not in gone and tokens[j].pos in (PREP | DET | {"ADJA"}):
            gone.add(j)
            j -= 1
    return gone


def _parenthesis(tokens: Sequence[Token], keep: list[int]) -> set[int]:
    gone: set[int] = set()
    depth = 0
    for k in keep:
        if tokens[k].text == "(":
            depth += 1
        if depth:
            gone.add(k)
        if tokens[k].text == ")" and depth:
            depth -= 1
    return gone


def _first_noun_phrase(tokens: Sequence[Token], part: list[int]) -> list[int]:
    """The start of ``part`` up to its first noun and the names right after it."""
    for n, k in enumerate(part):
        if tokens[k].pos in _NOUNS:
            m = n + 1
            while m < len(part) and tokens[part[m]].pos in PROPER_NAME:
                m += 1
            return part[:m]
    return part[:3]


def _last_name(tokens: Sequence[Token], part: list[int]) -> list[int]:
    """The run of names at the end of ``part`` ("… Sepp Daxenberger")."""
    m = len(part)
    while m > 0 and tokens[part[m - 1]].pos in PROPER_NAME:
        m -= 1
    return part[m:]


def _shorten(b: _Builder, max_words: int, max_vorfeld: int) -> None:
    """Words of the middle field (and of a long Vorfeld) left out until the label fits."""
    toks = b.tokens
    keep = b.keep
    closing = clauses.closing_verbs(toks, keep[0], keep[-1] + 1)
    tail = [k for k in keep if k >= closing]
    body = [k for k in keep if k < closing]
    finite = next((n for n, k in enumerate(body) if toks[k].pos in FINITE_VERB_TAGS), None)
    if finite is None:  # verb-final: the subject's noun phrase is the head
        head = _first_noun_phrase(toks, body)
        middle = body[len(head) :]
    else:
        head = body[: finite + 1]
        middle = body[finite + 1 :]
        vorfeld = head[:-1]
        if count_words(" ".join(toks[k].text for k in vorfeld)) > max_vorfeld:
            first = _first_noun_phrase(toks, vorfeld)
            last = [k for k in _last_name(toks, vorfeld) if k not in first]
            head = [*first, *last, head[-1]]
    budget = max_words - _count(toks, head) - _count(toks, tail) - count_words(" ".join(b.inserts.values()))
    taken: list[int] = []
    for k in middle:
        budget -= toks[k].is_word
        if budget < 0:
            break
        taken.append(k)
    if len(taken) < len(middle):  # end the kept middle before a phrase: a preposition, article, …
        while taken and not _opens_phrase(toks[middle[len(taken)]]):
            taken.pop()
    b.keep = sorted([*head, *taken, *tail])
    while b.words() > max_words:  # a long head or verb cluster: the words nearest its middle go
        inner = [k for k in b.keep[1:-1] if toks[k].pos not in FINITE_VERB_TAGS and k not in b.inserts]
        if not inner:
            break
        b.keep.remove(inner[len(inner) // 2])


def _count(tokens: Sequence[Token], kept: list[int]) -> int:
    return sum(1 for k in kept if tokens[k].is_word)


def _opens_phrase(tok: Token) -> bool:
    return tok.pos in PREP or tok.pos in DET or tok.pos.startswith(("KO", "$"))


def build(
    tokens: Sequence[Token],
    text: str,
    parts: Sequence[tuple[int, int]],
    span: tuple[int, int],
    *,
    covered: Sequence[tuple[int, int]],
    names: Mapping[int, str],
    max_words: int,
    max_vorfeld: int,
) -> Label | None:
    """The label of the event clause ``tokens[first:last]`` of ``parts`` (its pieces: a clause an
    apposition interrupts has two; see the module doc), told in ``tokens[span[0]:span[1]]`` (the
    entry's verbatim text, widened to the label's tokens); ``covered`` are
    the document's time expressions (sorted, disjoint), ``names`` the referent of each resolved
    pronoun by its start offset. None when the label cannot stand alone."""
    first, last = parts[0][0], parts[-1][1]
    k = first
    while k < parts[0][1] and not tokens[k].is_word:
        k += 1  # "„Während …"
    k = clauses.after_connectives(tokens, k, parts[0][1])
    if k < last and clauses.is_relative(tokens, k, last) and first > 0 and tokens[first - 1].text == ",":
        noun = antecedent(tokens, first - 1)
        if noun is not None:
            first = noun  # "einer Studie, die heute … vorgestellt wurde"
            k = first
    b = _Builder(tokens, text, min(first, span[0]), max(last, span[1]))
    b.keep = _trim(tokens, [j for lo, hi in ((k, parts[0][1]), *parts[1:]) for j in range(lo, hi)])
    if not b.keep:
        return None
    lead = tokens[b.keep[0]]
    if is_bare_pronoun(lead) and lead.start not in names:
        return None  # "Das hatte Breivik … getan": whose or what is not in the label
    seen: set[str] = set()
    for j in b.keep:
        name = names.get(tokens[j].start)
        if name is not None and is_bare_pronoun(tokens[j]) and name not in seen:
            b.inserts[j] = name
            seen.add(name)
    if b.words() > max_words:
        b.drop(_time_tokens(tokens, b.keep, covered))
        b.keep = _trim(tokens, b.keep)
        while b.keep and clauses.opens_clause(tokens, b.keep[0]):  # "Von 1855 bis heute hat …"
            b.keep = _trim(tokens, b.keep[1:])
    if b.words() > max_words:
        b.drop(_parenthesis(tokens, b.keep))
    if b.words() > max_words and b.keep:
        _shorten(b, max_words, max_vorfeld)
    if not b.keep:
        return None
    shown = b.render()
    verbatim = text[tokens[b.first].start : tokens[b.last - 1].end].strip(_PUNCTUATION)
    return Label(b.first, b.last, "" if shown == verbatim else shown, tuple(b.keep))
