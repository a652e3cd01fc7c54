"""Article facts: how much a sentence reads as background on an entity, and which sentences to show.

A sentence's score is the sum of

* its cue phrases (``cues.yaml``: "gilt als", "geboren" up; "heute", "laut", "sei" down);
* a year (dated history), its tense (:mod:`briefing.language.clauses`): the simple past, unless
  the article tells its news in it (:func:`narrates_in_past`), a perfect, a future (down);
* a verb that reports news ("sagte", "kündigte an"), interview pronouns, a question (all down);
* for the entity: standing as the topic (before or right after the finite verb, or as a pronoun)
  or further on, a description or name as subject of "sein", an apposition right after the name.

:func:`entity_facts` scores the sentences that mention an entity (skipping direct speech) and
:func:`choose` takes the best, skipping summary points and facts another box already shows. Long
sentences are cut at a clause boundary after the mention (:func:`fact_span`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.context.config import CONFIG, CUES, WORDS, cues
from briefing.language.clauses import is_past_finite, sentence_clause
from briefing.language.marks import strip_marks
from briefing.language.roles import role_head
from briefing.model import FINITE_VERB_TAGS, Fact, token_from

if TYPE_CHECKING:
    from collections.abc import Iterable

    from briefing.model import Document, Figure, Sentence, SpanIndex, Token

_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")

#: A reference to an entity inside a sentence: (start, end, kind) with kind "name", "pronoun" or
#: "description".
Ref = tuple[int, int, str]


@dataclass(slots=True)
class Workspace:
    """Per-document state shared by the box builders."""

    doc: Document
    speech: SpanIndex  # direct quotes: no facts from them
    blocked: SpanIndex  # summary points and key quotes: printed already, not repeated
    past_weight: float  # the simple past's weight (0 when the article narrates in it)
    used: list[tuple[int, int]] = field(default_factory=list)  # facts already shown (a handful)
    scores: dict[int, float] = field(default_factory=dict)

    def is_used(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.used)

    def score(self, sent: Sentence) -> float:
        if sent.index not in self.scores:
            self.scores[sent.index] = sentence_score(sent, self.past_weight)
        return self.scores[sent.index]


def narrates_in_past(doc: Document) -> bool:
    """Whether the article tells its news in the simple past (then the past marks no background)."""
    news_verbs = WORDS().news_verbs
    counted = past = 0
    for sent in doc.sentences:
        verbs = [t for t in sent.tokens if t.pos in FINITE_VERB_TAGS]
        if not verbs or any(t.lemma.lower() in news_verbs for t in verbs):
            continue
        counted += 1
        past += any(is_past_finite(t) for t in verbs)
    return counted > 0 and past / counted >= CONFIG().narrative_past_share


def sentence_score(sent: Sentence, past_weight: float) -> float:
    """How much ``sent`` reads as background rather than today's news (entity-independent part)."""
    w = CUES().weights
    words = WORDS()
    seen = {t.text.casefold() for t in sent.tokens}
    score = sum(c.weight for c in cues() if c.first in seen and c.pattern.search(sent.text))
    if _YEAR.search(sent.text):
        score += w.year
    score += _tense_score(sent, past_weight)
    if any(t.pos in ("VVFIN", "VVPP") and t.lemma.lower() in words.news_verbs for t in sent.tokens):
        score += w.speech_verb
    if any(t.text.lower() in words.speaker_pronouns for t in sent.tokens) or any(
        t.text in words.addressee_pronouns for t in sent.tokens[1:]
    ):
        score += w.first_person
    if strip_marks(sent.text).endswith("?"):
        score += w.question
    return score


def _tense_score(sent: Sentence, past_weight: float) -> float:
    """The simple past (``past_weight``), else a perfect; and a future."""
    w = CUES().weights
    tense = sentence_clause(sent).tense
    score = 0.0
    if any(is_past_finite(t) for t in sent.tokens):
        score += past_weight
    elif tense == "past":  # past without a simple-past verb: a perfect ("hat ... gesagt")
        score += w.perfect
    if tense == "future":
        score += w.future
    return score


def clause_cut(sent: Sentence, after: int) -> int | None:
    """End offset of the head of ``sent`` before the first clause boundary after offset ``after``."""
    tokens = sent.tokens
    min_words = CONFIG().min_head_words
    openers = WORDS().clause_openers
    seen_finite = False
    for i, tok in enumerate(tokens[:-1]):
        if tok.pos.endswith("FIN"):
            seen_finite = True
        if (
            tok.text == ","
            and tok.start >= after
            and seen_finite
            and tokens[i + 1].text.lower() in openers
            and i >= min_words
        ):
            return tokens[i - 1].end
    return None


def fact_span(sent: Sentence, mention_end: int) -> tuple[int, int]:
    """The sentence, or its head up to a clause boundary after ``mention_end`` when it is long."""
    if len(sent.text) <= CONFIG().max_fact_chars:
        return sent.start, sent.end
    cut = clause_cut(sent, mention_end)
    return (sent.start, cut) if cut is not None else (sent.start, sent.end)


def article_fact(doc: Document, start: int, end: int, figures: tuple[Figure, ...] = ()) -> Fact:
    """A verbatim span of the article as a fact."""
    return Fact(text=doc.text[start:end], start=start, end=end, figures=figures)


def entity_facts(
    ws: Workspace, refs: Iterable[Ref], threshold: float | None = None
) -> list[tuple[float, int, int]]:
    """Candidate facts for one entity from its references: (score, start, end), those scoring at
    least ``threshold`` (default: ``min_fact_score``, background)."""
    by_sentence: dict[int, list[Ref]] = {}
    for ref in refs:
        sent = ws.doc.sentence_at(ref[0])
        if sent is not None:
            by_sentence.setdefault(sent.index, []).append(ref)
    out: list[tuple[float, int, int]] = []
    if threshold is None:
        threshold = CONFIG().min_fact_score
    for index, in_sentence in by_sentence.items():
        sent = ws.doc.sentences[index]
        if ws.speech.overlapping(sent.start, sent.end):
            continue
        score = ws.score(sent) + _entity_bonus(sent, in_sentence)
        if score < threshold:
            continue
        start, end = fact_span(sent, max(e for _, e, _ in in_sentence))
        out.append((score, start, end))
    return out


def _entity_bonus(sent: Sentence, refs: list[Ref]) -> float:
    """The entity as topic, as subject of "sein", with an apposition after its name."""
    w = CUES().weights
    tokens = sent.tokens
    first = next((i for i, t in enumerate(tokens) if t.pos.endswith("FIN")), None)
    if first is None:
        return _appositions(sent, refs)
    finite = tokens[first]
    after_verb = tokens[first + 1 : first + 4]
    limit = after_verb[-1].start if after_verb else finite.end
    # a pronoun continues the entity as the topic of the discourse, wherever it stands
    topical = any(s < finite.start or s <= limit or k == "pronoun" for s, _, k in refs)
    bonus = w.topic if topical else w.not_topic
    if finite.lemma == "sein" and any(s < finite.start and k in ("name", "description") for s, _, k in refs):
        bonus += w.copula_description
    return bonus + _appositions(sent, refs)


def _appositions(sent: Sentence, refs: list[Ref]) -> float:
    for _, end, kind in refs:
        if kind == "name" and apposition_after(sent.tokens, token_from(sent.tokens, end)):
            return CUES().weights.apposition
    return 0.0


def apposition_after(tokens: tuple[Token, ...], i: int) -> bool:
    """Whether an apposition or relative clause starts at ``tokens[i]`` (right after a name).

    "Berger, der frühere Minister, ..." / "Berger, der seit 1994 regiert, ..." / "Berger, Chef der
    Partei, ..."; not a list of names ("König Karl, Königin Anna, Minister und Gäste ...").
    """
    n = len(tokens)
    if n - i < 3 or tokens[i].text != ",":
        return False
    first = tokens[i + 1]
    if first.pos == "ART" and first.text.casefold() in ("der", "die", "ein", "eine"):
        return True
    head = i + 2 if first.pos == "ADJA" else i + 1
    if not tokens[head].pos.startswith("NN") or role_head(tokens[head].text) is None:
        return False
    for k in range(head + 1, n):
        tok = tokens[k]
        if tok.text == ",":
            return True  # the apposition is closed by a comma
        if tok.pos in ("NE", "KON") or tok.pos.endswith("FIN"):
            return False
    return False


def choose(ws: Workspace, candidates: list[tuple[float, int, int]], limit: int) -> list[tuple[int, int]]:
    """The best ``limit`` candidates (by score, then position) that no summary point or other box
    shows, in text order; they are marked used."""
    chosen: list[tuple[int, int]] = []
    for _, start, end in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if len(chosen) >= limit:
            break
        if ws.blocked.overlapping(start, end) or ws.is_used(start, end):
            continue
        chosen.append((start, end))
        ws.used.append((start, end))
    return sorted(chosen)
