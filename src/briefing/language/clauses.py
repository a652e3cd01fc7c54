"""Clauses and tense of a sentence, computed once per sentence.

A clause is a stretch of a sentence between two clause boundaries (comma, semicolon, colon, dash,
parentheses; quotation marks are not boundaries: "ist ein Flugzeug vom Typ „Piper“ abgestürzt").
Each clause knows its token range, its first finite verb and its tense, read from its verbs:

* future: a present form of "werden" with an infinitive and no participle ("wird ... reisen");
* past: a perfect ("hat ... gesagt", also verb-final "dass Sie ... zugelassen haben"), a past
  auxiliary or modal ("war", "hatte", "konnte") or a full verb that is not a present form of its
  lemma ("sagte", "ging"); the pluperfect ("hatte ... angekündigt") is past too;
* present otherwise.

The auxiliaries and STTS tags are data (``data/language/tense.yaml``). :func:`clauses_of`,
:func:`clause_at` and :func:`sentence_clause` look a sentence up in a bounded cache keyed by the
sentence object, so asking for the clause of every time expression in a long sentence costs one
scan of the sentence plus a binary search per question, not a scan per question.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing import settings
from briefing.language.tags import PREP
from briefing.model import FINITE_VERB_TAGS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.model import Sentence, Tense, Token


@dataclass(frozen=True, slots=True)
class TenseSettings:
    """``data/language/tense.yaml``: the auxiliaries and verb tags that mark a tense."""

    present_endings: tuple[str, ...]
    infinitive_tags: frozenset[str]
    participle_tags: frozenset[str]
    verb_tags: frozenset[str]
    full_verb_finite_tag: str
    auxiliary_tag_prefix: str
    clause_boundaries: frozenset[str]
    subordinate_openers: frozenset[str]
    # word forms, matched case-folded
    past_auxiliaries: frozenset[str] = settings.fold()
    perfect_auxiliaries: frozenset[str] = settings.fold()
    future_auxiliaries: frozenset[str] = settings.fold()
    irregular_presents: frozenset[str] = settings.fold()


SETTINGS = settings.register(TenseSettings, "language/tense.yaml")


@dataclass(frozen=True, slots=True)
class Connectives:
    """``data/language/clauses.yaml``: the words that open a clause and tie it to another."""

    relative_tags: frozenset[str]  # PRELS, PRELAT
    closing_verb_tags: frozenset[str]  # participles, infinitives, verb particles
    # words, matched lower-case
    subordinators: frozenset[str] = settings.lower()  # "dass", "wie", "nachdem"
    infinitive_subordinators: frozenset[str] = settings.lower()  # "um", "ohne"
    coordinators: frozenset[str] = settings.lower()  # "und", "aber"
    subordinator_particles: frozenset[str] = settings.lower()  # "so" (dass)


connectives = settings.register(Connectives, "language/clauses.yaml")


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a sentence (or the whole sentence, see :func:`sentence_clause`)."""

    start: int  # character offset of its first token (the sentence's start when it has none)
    end: int  # character offset after its last token
    first: int  # its tokens are ``sentence.tokens[first:last]``
    last: int
    tokens: tuple[Token, ...]
    tense: Tense  # from its own verbs only
    finite: Token | None  # its first finite verb
    has_verb: bool  # a finite verb, participle or infinitive stands in it


# ------------------------------------------------------------------------------------- tense
_UMLAUT = str.maketrans({"a": "ä", "o": "ö", "u": "ü"})


def is_present_form(form: str, lemma: str) -> bool:
    """Whether ``form`` is the lemma or a present form of it ("geht", "gibt", "fährst")."""
    low, lem = form.lower(), lemma.lower()
    stem = lem[:-2] if lem.endswith("en") else lem.removesuffix("n")
    stems = {stem, stem.translate(_UMLAUT), stem.replace("e", "i", 1), stem.replace("e", "ie", 1)}
    endings = SETTINGS().present_endings
    return (
        low == lem
        or any(low.casefold().endswith(f) for f in SETTINGS().irregular_presents)  # "übernimmt"
        or any(low == s + e for s in stems for e in endings)
    )


def is_past_finite(token: Token) -> bool:
    """Whether ``token`` is a finite verb in the simple past ("war", "hatte", "sagte", "ging")."""
    if token.pos not in FINITE_VERB_TAGS:
        return False
    cfg = SETTINGS()
    if token.text.lower() in cfg.past_auxiliaries:
        return True
    return token.pos == cfg.full_verb_finite_tag and not is_present_form(token.text, token.lemma)


def tense_of(tokens: Sequence[Token]) -> Tense:
    """``past``, ``present`` or ``future`` of a stretch of tokens, from its verbs (STTS tags)."""
    cfg = SETTINGS()
    finite = [t for t in tokens if t.pos in FINITE_VERB_TAGS]
    infinitive = any(t.pos in cfg.infinitive_tags for t in tokens)
    participle = any(t.pos in cfg.participle_tags for t in tokens)
    if infinitive and not participle and any(t.text.lower() in cfg.future_auxiliaries for t in finite):
        return "future"
    if participle and any(
        t.pos.startswith(cfg.auxiliary_tag_prefix) and t.text.lower() in cfg.perfect_auxiliaries
        for t in tokens
    ):
        return "past"  # perfect, also verb-final: "dass Sie ... zugelassen haben"
    if any(is_past_finite(t) for t in finite):
        return "past"
    return "present"


# ----------------------------------------------------------------------------------- clauses
def _clause(sentence: Sentence, first: int, last: int) -> Clause:
    tokens = sentence.tokens[first:last]
    verb_tags = SETTINGS().verb_tags
    return Clause(
        start=tokens[0].start if tokens else sentence.start,
        end=tokens[-1].end if tokens else sentence.start,
        first=first,
        last=last,
        tokens=tokens,
        tense=tense_of(tokens),
        finite=next((t for t in tokens if t.pos in FINITE_VERB_TAGS), None),
        has_verb=any(t.pos in verb_tags for t in tokens),
    )


class _Clauses:
    """The clauses of one sentence and the boundary offsets to find them by binary search."""

    __slots__ = (
        "_boundaries",
        "_boundary_ends",
        "_boundary_starts",
        "_by_range",
        "clauses",
        "sentence",
        "whole",
    )

    def __init__(self, sentence: Sentence) -> None:
        marks = SETTINGS().clause_boundaries
        toks = sentence.tokens
        boundaries = [i for i, t in enumerate(toks) if t.text in marks]
        self.sentence = sentence
        self._boundary_starts = [toks[i].start for i in boundaries]
        self._boundary_ends = [toks[i].end for i in boundaries]
        self._by_range: dict[tuple[int, int], Clause] = {}
        lo = 0
        for hi in [*boundaries, len(toks)]:
            if lo < hi:
                self._by_range[lo, hi] = _clause(sentence, lo, hi)
            lo = hi + 1
        self.clauses = tuple(self._by_range.values())
        self.whole = _clause(sentence, 0, len(toks))
        self._boundaries = boundaries

    def at(self, offset: int) -> Clause:
        # the clause runs from after the last boundary ending at or before ``offset`` to the
        # first boundary starting at or after it
        j = bisect.bisect_right(self._boundary_ends, offset) - 1
        k = bisect.bisect_left(self._boundary_starts, offset)
        lo = self._boundaries[j] + 1 if j >= 0 else 0
        hi = self._boundaries[k] if k < len(self._boundaries) else len(self.sentence.tokens)
        if lo >= hi:
            return self.whole
        found = self._by_range.get((lo, hi))
        return found if found is not None else _clause(self.sentence, lo, hi)


_CACHE_SIZE = 4096  # sentences; a document's stages ask about one document at a time
_cache: OrderedDict[int, _Clauses] = OrderedDict()
_lock = threading.Lock()


def _clauses(sentence: Sentence) -> _Clauses:
    """The clauses of ``sentence``, analysed on first use (keyed by the object: sentences are
    frozen, and the cached entry holds the sentence, so its id cannot be reused while cached)."""
    key = id(sentence)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit.sentence is sentence:
            _cache.move_to_end(key)
            return hit
    made = _analyse(sentence)
    with _lock:
        _cache[key] = made
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return made


def _analyse(sentence: Sentence) -> _Clauses:
    """One scan of ``sentence``: its boundaries, clauses and their tenses."""
    return _Clauses(sentence)


def clauses_of(sentence: Sentence) -> tuple[Clause, ...]:
    """The clauses of ``sentence`` in order (stretches between boundaries that hold a token)."""
    return _clauses(sentence).clauses


def sentence_clause(sentence: Sentence) -> Clause:
    """The whole sentence as one clause: its tense read from all its verbs."""
    return _clauses(sentence).whole


def clause_at(sentence: Sentence, offset: int) -> Clause:
    """The clause of ``sentence`` holding character ``offset``; the whole sentence when ``offset``
    stands between two boundaries with nothing in between."""
    return _clauses(sentence).at(offset)


def tense_at(sentence: Sentence, offset: int) -> Tense:
    """The tense that governs ``offset``: its clause's, or the sentence's when the clause reads as
    present and holds no finite verb ("…, am Freitag tot aufgefunden")."""
    found = _clauses(sentence)
    clause = found.at(offset)
    if clause.tense == "present" and clause.finite is None:
        if clause.tokens and clause.tokens[0].pos in SETTINGS().subordinate_openers:
            # "wenn du im Sommer, nach dem Studium, einsteigen möchtest": the verb-final clause
            # goes on past an inserted phrase; its verb is the first finite one after it
            later = next((c for c in found.clauses if c.first > clause.first and c.finite is not None), None)
            if later is not None:
                return later.tense
        return found.whole.tense
    return clause.tense


# ------------------------------------------------------------------------------- connectives
_NOT_OPENING = frozenset({*PREP, "KOKOM"})  # "seit 1971", "als Präsident": no clause opens there


def opens_clause(tokens: Sequence[Token], k: int) -> bool:
    """Whether ``tokens[k]`` is a subordinator or coordinator opening a clause ("dass", "um", "und";
    "so" before "dass"), not a preposition or comparison ("seit 1971", "als Präsident")."""
    words = connectives()
    tok = tokens[k]
    low = tok.text.lower()
    if low in words.subordinator_particles:
        return k + 1 < len(tokens) and tokens[k + 1].text.lower() in words.subordinators
    if low in words.coordinators:
        return True
    if low in words.subordinators or low in words.infinitive_subordinators:
        return tok.pos not in _NOT_OPENING or tok.pos == "KOUS"
    return False


def after_connectives(tokens: Sequence[Token], first: int, last: int) -> int:
    """The index of the first token of ``tokens[first:last]`` after the words that open it ("und
    dass", "so dass", "um")."""
    k = first
    while k < last and opens_clause(tokens, k):
        k += 1
    return k


def is_relative(tokens: Sequence[Token], first: int, last: int) -> bool:
    """Whether ``tokens[first:last]`` is a relative clause: it opens with a relative pronoun, after
    a preposition or not ("die … vorgestellt wurde", "mit dessen Bau … begonnen wurde")."""
    tags = connectives().relative_tags
    for k in range(first, min(first + 2, last)):
        if tokens[k].pos in tags:
            return True
        if tokens[k].pos not in PREP:
            return False
    return False


def finite_verb(clause: Clause) -> Token | None:
    """The clause's finite verb; in a clause a subordinator opens, its last verb, which stands where
    the finite one does even when tagged as an infinitive ("dass Sie … zugelassen haben")."""
    if clause.finite is not None:
        return clause.finite
    toks = clause.tokens
    k = after_connectives(toks, 0, len(toks))
    if k == 0 or toks[k - 1].text.lower() not in connectives().subordinators:
        return None
    tags = SETTINGS().infinitive_tags
    verbs = [t for t in toks[k:] if t.pos in tags or t.pos in connectives().closing_verb_tags]
    return verbs[-1] if verbs and verbs[-1].pos in tags and verbs[-1].pos != "VVIZU" else None


def is_subordinate(clause: Clause) -> bool:
    """Whether ``clause`` is a subordinate clause: a subordinator or relative pronoun opens it and its
    finite verb stands at its end ("wie das Gericht am Dienstag mitteilte"; not "Als Präsident hat
    er …")."""
    toks = clause.tokens
    k = 0
    while k < len(toks) and toks[k].text.lower() in connectives().coordinators:
        k += 1
    finite = finite_verb(clause)
    if k == len(toks) or finite is None:
        return False
    opened = opens_clause(toks, k) or is_relative(toks, k, len(toks))
    verbs = [t for t in toks if t.pos in FINITE_VERB_TAGS or t.pos in connectives().closing_verb_tags]
    return opened and verbs[-1] is finite


def closing_verbs(tokens: Sequence[Token], first: int, last: int) -> int:
    """Where the verbs that close ``tokens[first:last]`` begin ("… gegen einen Mast *geprallt*",
    "… Polen *besuchen wird*"): ``last`` when it does not end in a verb."""
    tags = connectives().closing_verb_tags
    k = last
    while k > first and not tokens[k - 1].is_word:
        k -= 1
    end = k
    while k > first and (tokens[k - 1].pos in tags or tokens[k - 1].pos in FINITE_VERB_TAGS):
        k -= 1
    return k if k < end else last
