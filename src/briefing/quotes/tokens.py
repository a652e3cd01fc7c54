"""The token view of the quote stage: all tokens of a document in one flat list, with tags,
sentence and paragraph indices and the entity names that start at each token; plus the small
token tests (a mark, a word, capitalised, name-like) the other modules use."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.language import lexicon, marks
from briefing.language.tags import NOMINAL
from briefing.model import FINITE_VERB_TAGS, Span

if TYPE_CHECKING:
    from briefing.model import Document, Entity, Token

# STTS tag groups of the quote stage (the shared ones come from language.tags)
# tags that may stand between a verb and its subject ("sagte gestern Jana Ostrowski", "teilte sich … mit")
SKIP_AFTER_VERB = frozenset({"ADV", "PTKVZ", "PRF", "PTKNEG", "PAV", "PROAV", "ADJD"})
# tags of a capitalised word the tagger gets wrong right after a first name ("Petra Lang")
_MISTAGGED_SURNAME = frozenset({"ADJD", "ADJA", "ADV", "VVFIN", "VVPP", "VVINF", "CARD"})
CLAUSE_END = frozenset({".", "!", "?", ";"})

_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Toks:
    """Flat token view of the document with normalised STTS tags."""

    toks: tuple[Token, ...]
    pos: tuple[str, ...]
    low: tuple[str, ...]
    sent: tuple[int, ...]  # sentence index per token
    starts: tuple[int, ...]
    sent_bounds: tuple[tuple[int, int], ...]  # token range per sentence
    para: tuple[int, ...]  # paragraph index per sentence
    names: dict[int, int]  # token index -> end token of an entity name mention starting there
    name_words: frozenset[str]  # lower-cased words of person/organisation names in the document
    # indexed once, so a clause asks for its verbs without reading every token (issue 22)
    finite: tuple[int, ...] = ()  # the tokens tagged as finite verbs, in order
    speech: tuple[int, ...] = ()  # the tokens that may be speech verbs (cues.is_reporting decides)

    def index(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def finite_in(self, lo: int, hi: int) -> list[int]:
        """The finite verbs in ``[lo, hi)``."""
        return _between(self.finite, lo, hi)

    def speech_in(self, lo: int, hi: int) -> list[int]:
        """The tokens in ``[lo, hi)`` that may be speech verbs (all others are not)."""
        return _between(self.speech, lo, hi)


def _between(index: tuple[int, ...], lo: int, hi: int) -> list[int]:
    return list(index[bisect.bisect_left(index, lo) : bisect.bisect_left(index, hi)])


def _may_be_speech(toks: list[Token], pos: list[str], low: list[str], sent: list[int], i: int) -> bool:
    """What :func:`briefing.quotes.cues.is_reporting` can be true for, whatever the clause: a speech
    form, a separable stem tagged finite, or a full verb with a speech lemma - not a capitalised
    word inside a sentence (a noun)."""
    if toks[i].text[:1].isupper() and i > 0 and sent[i - 1] == sent[i]:
        return False
    verbs = lexicon.speech_verbs()
    return (
        verbs.is_speech_form(low[i])
        or bool(verbs.particles_of(low[i]) and pos[i] in FINITE_VERB_TAGS)
        or (pos[i].startswith("VV") and verbs.is_speech_lemma(toks[i].lemma))
    )


def token_view(doc: Document, entities: tuple[Entity, ...]) -> Toks:
    """The document's tokens, with the PER/ORG mentions of ``entities`` as token ranges."""
    toks: list[Token] = []
    sent: list[int] = []
    bounds: list[tuple[int, int]] = []
    for s_index, sentence in enumerate(doc.sentences):
        lo = len(toks)
        toks.extend(sentence.tokens)
        sent.extend([s_index] * len(sentence.tokens))
        bounds.append((lo, len(toks)))
    starts = [t.start for t in toks]
    names: dict[int, int] = {}
    name_words: set[str] = set()
    for ent in entities:
        if ent.type not in ("PER", "ORG"):
            continue
        name_words.update(w.lower() for w in ent.name.split())
        for m in ent.mentions:
            i = bisect.bisect_left(starts, m.start)
            j = bisect.bisect_left(starts, m.end)
            if i < len(toks) and toks[i].start == m.start and j > i:
                names[i] = max(j, names.get(i, 0))
    low = [t.text.lower() for t in toks]
    name_words.update(_particle_surnames(toks, low))
    pos = [t.pos for t in toks]
    return Toks(
        toks=tuple(toks),
        pos=tuple(pos),
        low=tuple(low),
        sent=tuple(sent),
        starts=tuple(starts),
        sent_bounds=tuple(bounds),
        para=tuple(s.paragraph for s in doc.sentences),
        names=names,
        name_words=frozenset(name_words),
        finite=tuple(k for k, tag in enumerate(pos) if tag in FINITE_VERB_TAGS),
        speech=tuple(k for k in range(len(toks)) if _may_be_speech(toks, pos, low, sent, k)),
    )


def _particle_surnames(toks: list[Token], low: list[str]) -> set[str]:
    """Surnames that follow a first name with a particle and an article: "leyen" from "Ursula von der
    Leyen" (the tagger often takes such a surname for a common noun)."""
    parts = lexicon.name_parts()
    return {
        low[k + 3]
        for k in range(len(toks) - 3)
        if toks[k].pos == "NE"
        and toks[k].text[:1].isupper()
        and low[k + 1] in parts.particles
        and low[k + 2] in parts.particle_articles
        and toks[k + 3].text[:1].isupper()
    }


def is_mark(tv: Toks, i: int) -> bool:
    """Token ``i`` is a quotation mark."""
    return marks.is_paired_mark(tv.toks[i].text)


def is_word(tv: Toks, i: int) -> bool:
    """Token ``i`` holds a letter or digit."""
    return bool(_WORD.search(tv.toks[i].text))


def capitalised(tv: Toks, i: int) -> bool:
    """Token ``i`` starts with a capital (or is a nominal starting with a digit: "58-Jährige")."""
    first = tv.toks[i].text[:1]
    return first.isupper() or (first.isdigit() and tv.pos[i] in NOMINAL)


def namey(tv: Toks, k: int) -> bool:
    """A name token: tagged NE/FM, or a capitalised word mis-tagged as adjective/verb right after a
    first name ("Petra Lang")."""
    if tv.pos[k] in ("NE", "FM"):
        return True
    return (
        k > 0
        and tv.pos[k - 1] == "NE"
        and tv.sent[k - 1] == tv.sent[k]
        and tv.toks[k].text[:1].isupper()
        and tv.pos[k] in _MISTAGGED_SURNAME
    )


def clause_end(tv: Toks, lo: int, hi: int) -> int:
    """The first clause end (. ! ? ; or a quotation mark) in ``[lo, hi)``, else ``hi``."""
    for k in range(lo, hi):
        if tv.toks[k].text in CLAUSE_END or is_mark(tv, k):
            return k
    return hi


def token_span(doc: Document, tv: Toks, lo: int, hi: int) -> Span:
    """The text span of tokens ``[lo, hi)``."""
    s, e = tv.toks[lo].start, tv.toks[hi - 1].end
    return Span(doc.text[s:e], s, e)


def clean(text: str) -> str:
    """One line, single spaces, no commas at the ends."""
    return " ".join(text.replace("\n", " ").split()).strip(" ,")
