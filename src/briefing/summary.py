"""Summary stage: an extractive summary of 3–5 points ("Das Wichtigste in Kürze").

Every point is a verbatim span of the article (``text == article[start:end]``); ``display`` is what
the PDF shows: the same text, or verbatim pieces of it joined by " … " where a parenthetical aside
(3–15 words), an in-sentence connective ("Bisher hat der Präsident jedoch davon abgesehen" ->
"Bisher hat der Präsident … davon abgesehen") or, in an extended quote, the sentences between were
left out. Nothing is ever added or re-inflected.

Leading connectives are never cut off: "Allerdings beantwortete Lukaschenko ..." without
"Allerdings" is verb-first, not a German main clause, and re-capitalising the next word would be a
new word form. A sentence opening with a connective or anaphor is kept whole, and only chosen when
the sentence it leans on is chosen too.

How sentences are chosen (weights and thresholds in ``data/summary/summary.yaml``, word lists in
``data/summary/words.yaml``):

1. *Candidates.* Sentences that cannot stand alone in a bullet list are dropped: questions,
   fragments (under 5 words, no finite verb, no closing punctuation), sentences in the reporter's
   first person outside quotation marks (interview questions, "Ich habe Lukaschenko daran
   erinnert, ..."), and sentences that are mostly a direct quote (the quote stage's spans). A quote
   whose speaker is named in the same sentence
   ("Lukaschenko erklärte: „Ich lade ...“") stays a candidate with a small penalty; when the quote
   runs on, the speaker's sentence plus the quote's most central later sentence is a candidate too
   (display ``Er antwortete: "Ja, ich bin bereit. … Ich bin auch bereit, ... zu kämpfen.``).
2. *Score.* A linear mix of lead position (a decaying prior), LexRank centrality over content-lemma
   TF-IDF vectors, overlap with the title's content words, coverage of the most salient entities
   (the entity stage's mentions and resolved references), and
   a bonus when a main actor says or does something ("Lukaschenko erklärte", "Er warnte"). Minus:
   a penalty per displayed word over 18 (the lede pays a quarter of it: news ledes are long and
   still the best sentence), and for pronouns that point back before any name.
3. *Select.* Greedy MMR within the word budget (counted on ``display``, what the reader sees): the
   next point maximises relevance minus redundancy with the chosen ones. Beyond the lead,
   redundancy compares sentences together with their neighbours, since neighbours share a subtopic.
   A sentence opening with an anaphor or connective ("Dies", "Dabei", "Allerdings") is eligible only
   when the sentence before it is chosen; one opening with "Er"/"Sie" when the person the entity
   stage resolved it to is named in an earlier point.
   Without a requested number, 3 points, one more per ~350 words of article (at most 5) while
   they stay within 85 % of the budget. A requested number is met as far as the budget allows.
4. Points are returned in reading order.
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from briefing import limits, settings
from briefing.language import lexicon, marks
from briefing.language.references import with_referent
from briefing.model import SummaryPoint, entity_at

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.model import Document, Entity, Quote, Sentence, Token

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = marks.endings(".!…)")


@dataclass(frozen=True, slots=True)
class Weights:
    """How the features add up to a sentence's score (each feature lies in [0, 1])."""

    position: float
    centrality: float
    title: float
    entities: float
    statement: float


@dataclass(frozen=True, slots=True)
class Position:
    decay: float
    exponent: float
    paragraph_lead: float


@dataclass(frozen=True, slots=True)
class Centrality:
    damping: float
    iterations: int
    min_similarity: float


@dataclass(frozen=True, slots=True)
class Selection:
    min_points: int
    max_points: int
    words_per_extra_point: int
    soft_word_share: float
    mmr_lambda: float
    context_weight: float
    lead_sentences: int
    feature_lede_sentences: int
    news_quote_title_words: int
    max_redundancy: float
    min_words: int
    ideal_max_words: int
    long_penalty: float
    lede_length_factor: float
    max_words: int
    max_quote_share: float
    descriptive_penalty: float
    anaphora_penalty: float
    attributed_quote_penalty: float
    min_quoted_words: int
    quote_extension: int
    salient_entities: int


@dataclass(frozen=True, slots=True)
class Compression:
    parenthesis_min_words: int
    parenthesis_max_words: int


@dataclass(frozen=True, slots=True)
class SummarySettings:
    """``data/summary/summary.yaml`` (weights, thresholds) and ``words.yaml`` (word lists)."""

    weights: Weights
    position: Position
    centrality: Centrality
    selection: Selection
    compression: Compression
    content_pos: tuple[str, ...]
    stop_lemmas: frozenset[str] = settings.lower()
    dangling_openers: frozenset[str] = settings.lower()
    droppable_connectives: frozenset[str] = settings.lower()
    copulas: frozenset[str] = settings.lower()


_config = settings.register(SummarySettings, "summary/summary.yaml", "summary/words.yaml")


# ------------------------------------------------------------------ sentence features


@dataclass(frozen=True, slots=True)
class _Info:
    """Per-sentence token facts, computed once per article."""

    words: tuple[tuple[Token, ...], ...]  # word tokens (no punctuation)
    lemmas: tuple[tuple[str, ...], ...]  # content lemmas, lower case
    content_forms: dict[str, str]  # content word form -> lemma, lower case

    @classmethod
    def of(cls, doc: Document, cfg: SummarySettings) -> _Info:
        words, lemmas = [], []
        content_forms: dict[str, str] = {}
        for sent in doc.sentences:
            ws = tuple(t for t in sent.tokens if t.is_word)
            content = [t for t in ws if t.pos.startswith(cfg.content_pos)]
            for t in content:
                content_forms.setdefault(t.text.lower(), t.lemma.lower())
            words.append(ws)
            lemmas.append(
                tuple(lm for t in content if _content_lemma(lm := (t.lemma or t.text).lower(), cfg))
            )
        return cls(tuple(words), tuple(lemmas), content_forms)


def _content_lemma(lemma: str, cfg: SummarySettings) -> bool:
    return lemma not in cfg.stop_lemmas and len(lemma) > 1


def _n_words(text: str) -> int:
    return len(_WORD.findall(text))


def _quoted_mask(doc: Document, quotes: tuple[Quote, ...]) -> list[list[bool]]:
    """Per sentence, per token: is the token inside one of the quote stage's direct quotes?"""
    spans = sorted((q.start, q.end) for q in quotes)
    starts = [sp[0] for sp in spans]

    def inside_quote(tok: Token) -> bool:
        k = bisect.bisect_right(starts, tok.start) - 1
        return k >= 0 and tok.end <= spans[k][1]

    return [[inside_quote(t) for t in sent.tokens] for sent in doc.sentences]


@dataclass(frozen=True, slots=True)
class _Candidate:
    first: int  # index of the first sentence
    last: int  # index of the last sentence
    start: int
    end: int
    display: str
    words: int  # words shown (of ``display``): what the budget and the length penalty count
    lemmas: frozenset[str]
    quote_penalty: float
    opener: str  # "", "dangling" or "pronoun"


def _opener(toks: tuple[Token, ...], cfg: SummarySettings) -> str:
    """How the sentence opens: "dangling" (anaphor/connective), "pronoun" ("Er"/"Sie") or "" (free)."""
    if not toks:
        return "dangling"
    first = toks[0]
    word = first.text.lower()
    if lexicon.pronouns().refers_to_person(word):
        return "pronoun"
    if word in cfg.dangling_openers and not first.pos.startswith("ART"):
        return "dangling"
    if word in {"der", "die", "das", "den", "dem", "des"} and first.pos.startswith("PD"):
        return "dangling"
    return ""


def _has_finite_verb(sent: Sentence) -> bool:
    return any("FIN" in t.pos for t in sent.tokens)


def _says(toks: Sequence[Token], k: int) -> bool:
    """``toks[k]`` is a full verb of saying that makes a statement: its lemma is a speech verb
    ("erklärte", "mitgeteilt"; not a naming verb: "wie Putin sie nennt"), or
    it is a separable stem whose particle (tagged PTKVZ) follows ("teilte … mit": the tagger's lemma
    is "teilen")."""
    tok = toks[k]
    if not tok.pos.startswith("VV"):
        return False
    verbs = lexicon.speech_verbs()
    if verbs.is_statement_lemma(tok.lemma):
        return True
    particles = verbs.particles_of(tok.text)
    return bool(particles) and any(t.pos == "PTKVZ" and t.text.lower() in particles for t in toks[k + 1 :])


def _speaker_cue(outside: list[Token]) -> bool:
    """The words outside quotation marks name a speaker and a speech verb ("Er sagte", "X erklärte")."""
    has_verb = any(_says(outside, k) for k in range(len(outside)))
    has_subject = any(t.pos.startswith(("NE", "NN", "PPER", "PIS")) for t in outside)
    return has_verb and has_subject


def _early_pronouns(sent: Sentence, quoted: list[bool]) -> int:
    """Third-person pronouns outside quotes before any name in the sentence ("Schon im Januar hatten sie
    ihm ..."): they point back to an earlier sentence."""
    count = 0
    for tok, q in zip(sent.tokens, quoted, strict=True):
        if tok.pos.startswith("NE"):
            break
        if not q and tok.pos.startswith("PPER") and lexicon.pronouns().is_third_person(tok.text):
            count += 1
    return count


def _display(sents: Sequence[Sentence], text: str, cfg: SummarySettings) -> str:
    """The display text of a run of sentences: verbatim pieces joined by " … "."""
    pieces: list[str] = []
    for sent in sents:
        pieces.extend(_compress(sent, text, cfg))
    return " … ".join(p for p in pieces if p)


def _compress(sent: Sentence, text: str, cfg: SummarySettings) -> list[str]:
    """Verbatim pieces of ``sent`` without parenthetical asides and in-sentence connectives."""
    drop: list[tuple[int, int]] = []
    toks = sent.tokens
    lo, hi = cfg.compression.parenthesis_min_words, cfg.compression.parenthesis_max_words
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.text == "(":
            j = next((k for k in range(i + 1, len(toks)) if toks[k].text == ")"), -1)
            if j > 0:
                inner = sum(1 for t in toks[i + 1 : j] if t.is_word)
                if lo <= inner <= hi and j + 1 < len(toks):
                    drop.append((tok.start, toks[j].end))
                i = max(i + 1, j + 1)
                continue
        if i > 0 and tok.text.lower() in cfg.droppable_connectives and tok.pos.startswith("ADV"):
            after = toks[i + 1].text if i + 1 < len(toks) else ""
            if toks[i - 1].is_word and after[:1].isalnum():
                drop.append((tok.start, tok.end))
        i += 1
    if not drop:
        return [sent.text]
    pieces: list[str] = []
    pos = sent.start
    for s, e in drop:
        pieces.append(text[pos:s].rstrip(" ,"))
        pos = e
    pieces.append(text[pos : sent.end].lstrip(" ,"))
    return [p for p in pieces if p]


def _candidates(
    doc: Document,
    info: _Info,
    quotes: tuple[Quote, ...],
    cfg: SummarySettings,
    title_keys: frozenset[str] = frozenset(),
) -> list[_Candidate]:
    sel = cfg.selection
    text = doc.text
    quoted = _quoted_mask(doc, quotes)
    key = [(q.start, q.end) for q in quotes if q.key]
    out: list[_Candidate] = []
    for i, sent in enumerate(doc.sentences):
        n = len(info.words[i])
        if n < sel.min_words or n > sel.max_words:
            continue
        told = [(s, e) for s, e in key if s < sent.end and sent.start < e]
        if told:
            # the words of the key quote from this sentence on (it may run over several)
            said = {
                lemma
                for k in range(i, len(doc.sentences))
                if doc.sentences[k].start < told[0][1]
                for lemma in info.lemmas[k]
            }
            if len(said & title_keys) < sel.news_quote_title_words:
                continue  # printed right below, under Zitate, unless it states the headline's news
                # (then the point tells it and Zitate leaves it out: Briefing.printed_quotes)
        stripped = sent.text.rstrip()
        if stripped.endswith("?") or "?" in stripped[-3:]:
            continue
        if not stripped.endswith(_SENTENCE_END) or not _has_finite_verb(sent):
            continue
        mask = quoted[i]
        outside_words = [t for t, q in zip(sent.tokens, mask, strict=True) if not q and t.is_word]
        if any(lexicon.pronouns().is_first_person(t.text) for t in outside_words):
            continue  # the reporter speaking: interview questions, "Ich habe ... erinnert"
        share = 1 - len(outside_words) / n
        cue = _speaker_cue(outside_words)
        if share > sel.max_quote_share and not cue:
            continue
        penalty = sel.attributed_quote_penalty * share if share > 0.2 else 0.0
        opener = "" if i == 0 else _opener(info.words[i], cfg)
        if i > 0 and opener == "":
            penalty += sel.anaphora_penalty * min(2, _early_pronouns(sent, mask))
        lemmas = info.lemmas[i]
        runs_on = bool(cue and mask and mask[-1])
        shown = _display([sent], text, cfg)
        if not (runs_on and n - len(outside_words) < sel.min_quoted_words):  # not: Er sagte: "Ja.
            out.append(
                _Candidate(
                    i,
                    i,
                    sent.start,
                    sent.end,
                    shown,
                    _n_words(shown),
                    frozenset(lemmas),
                    penalty,
                    opener,
                )
            )
        # An attributed quote that runs on: the speaker's sentence plus one later sentence of the quote.
        if runs_on:
            for j in range(i + 1, min(len(doc.sentences), i + 1 + int(sel.quote_extension))):
                nxt = doc.sentences[j]
                if nxt.paragraph != sent.paragraph or not all(quoted[j]):
                    break
                if nxt.text.rstrip().endswith("?") or not _has_finite_verb(nxt):
                    continue
                total = sum(len(info.words[k]) for k in range(i, j + 1))
                if total > sel.max_words:
                    break
                joiner = " … " if j > i + 1 else " "
                display = shown + joiner + _display([nxt], text, cfg)
                out.append(
                    _Candidate(
                        i,
                        j,
                        sent.start,
                        nxt.end,
                        display,
                        _n_words(display),
                        frozenset(lemmas + info.lemmas[j]),
                        sel.attributed_quote_penalty,
                        opener,
                    )
                )
    return out


# ------------------------------------------------------------------ scoring


def _vectors(info: _Info) -> np.ndarray[Any, Any]:
    """Row-normalised TF-IDF vectors of content lemmas, one row per sentence."""
    per_sentence = info.lemmas
    vocab: dict[str, int] = {}
    for lemmas in per_sentence:
        for lemma in lemmas:
            vocab.setdefault(lemma, len(vocab))
    n = len(per_sentence)
    mat = np.zeros((n, max(1, len(vocab))))
    for i, lemmas in enumerate(per_sentence):
        for lemma in lemmas:
            mat[i, vocab[lemma]] += 1.0
    df = (mat > 0).sum(axis=0)
    idf = np.log((n + 1) / (df + 1)) + 1.0
    mat = mat * idf
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: np.ndarray[Any, Any] = mat / norms
    return out


def _similarities(info: _Info, cfg: SummarySettings) -> tuple[Any, np.ndarray[Any, Any]]:
    """The sentences' TF-IDF vectors (indexable by sentence, ``@`` gives a similarity) and their
    LexRank centrality.

    Up to ``summary_sentences`` sentences (``data/limits.yaml``; real articles have fewer): dense
    rows and the full similarity matrix. Beyond, memory would grow with the square of the text
    (a 1 MB text has 10,000 sentences: 2 GB), so the rows are sparse and the centrality is
    computed within blocks of at most that many consecutive sentences.
    """
    n = len(info.lemmas)
    block = limits.LIMITS().summary_sentences
    if n <= block:
        vecs = _vectors(info)
        return vecs, _lexrank(vecs @ vecs.T, cfg)
    blocks = -(-n // block)
    size = -(-n // blocks)
    log.debug("summary: %d sentences, centrality within %d blocks of up to %d", n, blocks, size)
    rows = _sparse_vectors(info.lemmas)
    central = []
    for lo in range(0, n, size):
        limits.check("summary")
        part = rows[lo : lo + size]
        columns: dict[str, int] = {}
        for row in part:
            for lemma in row.weights:
                columns.setdefault(lemma, len(columns))
        mat = np.zeros((len(part), max(1, len(columns))))
        for i, row in enumerate(part):
            for lemma, weight in row.weights.items():
                mat[i, columns[lemma]] = weight
        central.append(_lexrank(mat @ mat.T, cfg))
    return rows, np.concatenate(central)


class _Sparse:
    """A sparse TF-IDF vector: ``+``, scalar ``*`` and ``/``, and ``@`` (dot product) as for rows of
    :func:`_vectors`."""

    __slots__ = ("weights",)

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights

    def __add__(self, other: _Sparse) -> _Sparse:
        out = dict(self.weights)
        for lemma, weight in other.weights.items():
            out[lemma] = out.get(lemma, 0.0) + weight
        return _Sparse(out)

    def __mul__(self, factor: float) -> _Sparse:
        return _Sparse({lemma: weight * factor for lemma, weight in self.weights.items()})

    __rmul__ = __mul__

    def __truediv__(self, divisor: float) -> _Sparse:
        return _Sparse({lemma: weight / divisor for lemma, weight in self.weights.items()})

    def __matmul__(self, other: _Sparse) -> float:
        small, large = sorted((self.weights, other.weights), key=len)
        return sum(weight * large.get(lemma, 0.0) for lemma, weight in small.items())


def _sparse_vectors(per_sentence: Sequence[Sequence[str]]) -> list[_Sparse]:
    """What :func:`_vectors` computes (the same TF-IDF weights), as sparse rows."""
    n = len(per_sentence)
    counts = []
    df: dict[str, int] = {}
    for lemmas in per_sentence:
        tf: dict[str, float] = {}
        for lemma in lemmas:
            tf[lemma] = tf.get(lemma, 0.0) + 1.0
        for lemma in tf:
            df[lemma] = df.get(lemma, 0) + 1
        counts.append(tf)
    rows = []
    for tf in counts:
        weights = {lemma: count * (math.log((n + 1) / (df[lemma] + 1)) + 1.0) for lemma, count in tf.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        rows.append(_Sparse({lemma: w / norm for lemma, w in weights.items()}))
    return rows


def _lexrank(sim: np.ndarray[Any, Any], cfg: SummarySettings) -> np.ndarray[Any, Any]:
    n = sim.shape[0]
    if n == 0:
        return np.zeros(0)
    adj = np.where(sim >= cfg.centrality.min_similarity, sim, 0.0)
    np.fill_diagonal(adj, 0.0)
    rows = adj.sum(axis=1, keepdims=True)
    rows[rows == 0] = 1.0
    trans = adj / rows
    d = cfg.centrality.damping
    rank = np.full(n, 1.0 / n)
    for _ in range(int(cfg.centrality.iterations)):
        rank = (1 - d) / n + d * (trans.T @ rank)
    top = float(rank.max())
    out: np.ndarray[Any, Any] = rank / top if top > 0 else rank
    return out


def _title_keys(title: str | None, info: _Info, cfg: SummarySettings) -> frozenset[str]:
    """The title's content words as lemmas (via the article's own word forms where they occur)."""
    if not title:
        return frozenset()
    keys = {info.content_forms.get(word.lower(), "") for word in _WORD.findall(title)}
    return frozenset(k for k in keys if k and k not in cfg.stop_lemmas)


@dataclass(frozen=True, slots=True)
class _Salient:
    weight: float
    names: frozenset[str]  # name words, lower case
    sentences: frozenset[int]  # indices of the sentences that mention or refer to it


def _salient(doc: Document, entities: tuple[Entity, ...], cfg: SummarySettings) -> list[_Salient]:
    """The entity stage's most salient entities, most salient first."""
    out = []
    for ent in sorted(entities, key=lambda e: -e.salience)[: int(cfg.selection.salient_entities)]:
        # sentence indices, not sentences: a Sentence hashes all its tokens
        where = (doc.sentence_at(m.start) for m in (*ent.mentions, *ent.references))
        idx = frozenset(s.index for s in where if s is not None)
        out.append(_Salient(max(ent.salience, 1e-3), _name_words(ent), idx))
    return out


def _name_words(ent: Entity) -> frozenset[str]:
    """The words of an entity's names, lower case."""
    return frozenset(w.lower() for t in (ent.name, *(m.text for m in ent.mentions)) for w in _WORD.findall(t))


def _referent(info: _Info, cand: _Candidate, entities: tuple[Entity, ...]) -> frozenset[str]:
    """For a sentence opening with "Er"/"Sie": the name words of the person the entity stage
    resolved the pronoun to (:mod:`briefing.language.references`); none when it resolved it to no
    one (a thing, a group, a person not named).
    """
    ent = _pronoun_person(info, cand, entities)
    return _name_words(ent) if ent is not None else frozenset()


def _pronoun_person(info: _Info, cand: _Candidate, entities: tuple[Entity, ...]) -> Entity | None:
    """The person an opening "Er"/"Sie" stands for, as the entity stage resolved it."""
    toks = info.words[cand.first]
    if not toks or not entities or not lexicon.pronouns().refers_to_person(toks[0].text.lower()):
        return None
    ent = entity_at(entities, toks[0].start, toks[0].end)
    return ent if ent is not None and ent.type == "PER" else None


def _with_referents(info: _Info, cands: list[_Candidate], entities: tuple[Entity, ...]) -> list[_Candidate]:
    """A point that opens with "Er"/"Sie" names the person in an editorial bracket in ``display``
    ("Er [Alexander Lukaschenko] beschuldigte …"; ``text`` stays verbatim); one resolved to no
    one stays dangling and is not chosen."""
    out = []
    for c in cands:
        ent = _pronoun_person(info, c, entities) if c.opener == "pronoun" else None
        pronoun = info.words[c.first][0].text if ent is not None else ""
        if ent is not None and c.display.startswith(pronoun):
            shown = with_referent(pronoun, ent.name) + c.display[len(pronoun) :]
            out.append(dataclasses.replace(c, display=shown, words=_n_words(shown), opener=""))
        else:
            out.append(c)
    return out


def _descriptive(toks: Sequence[Token], cfg: SummarySettings) -> bool:
    """ "Der Herrscher von Weißrussland ist ein entschiedener Befürworter …": a main clause whose
    verb is a copula, with no full verb up to the first comma, describes someone or something
    (background for the context boxes) rather than telling what happened."""
    main: list[Token] = []
    for tok in toks:
        if tok.text in (",", ";", ":"):
            break
        main.append(tok)
    finite = next((t for t in main if t.pos.endswith("FIN")), None)
    return (
        finite is not None
        and finite.lemma.lower() in cfg.copulas
        and not any(t.pos.startswith("VV") for t in main)
    )


def _is_statement(info: _Info, cand: _Candidate, subjects: frozenset[str]) -> bool:
    """Does a main actor say or do something reportable here ("Lukaschenko erklärte", "Er warnte")?"""
    toks = info.words[cand.first]
    has_verb = any(_says(toks, k) for k in range(len(toks)))
    return has_verb and any(t.text.lower() in subjects for t in toks)


# ------------------------------------------------------------------ selection


@dataclass(frozen=True, slots=True)
class _Scored:
    cand: _Candidate
    score: float
    vector: np.ndarray[Any, Any]


def _eligible(item: _Scored, chosen: list[_Scored]) -> bool:
    cand = item.cand
    if any(not (cand.last < c.cand.first or c.cand.last < cand.first) for c in chosen):
        return False  # overlaps a chosen point
    # a point is read on its own: an opening anaphor or connective whose referent is outside it
    # ("Dabei …", "Das …", an "Er" resolved to no one) makes it ineligible; a resolved "Er" is shown
    # with its referent ("Er [Lukaschenko] …", see _with_referents)
    return cand.opener == ""


def _score_all(
    doc: Document,
    info: _Info,
    cands: list[_Candidate],
    entities: tuple[Entity, ...],
    *,
    title: str | None,
    cfg: SummarySettings,
) -> list[_Scored]:
    sel, w, pos = cfg.selection, cfg.weights, cfg.position
    vecs, central = _similarities(info, cfg)
    title_keys = _title_keys(title, info, cfg)
    salient = _salient(doc, entities, cfg)
    salient_total = sum(e.weight for e in salient) or 1.0
    names = [e.names for e in salient]
    persons = frozenset(lexicon.pronouns().third_person)
    subjects = persons.union(*names) if names else persons
    out = []
    # An attributed quote that runs on is extended by its most central sentence only.
    best_ext: dict[int, _Candidate] = {}
    for c in cands:
        if c.last > c.first and (
            c.first not in best_ext or central[c.last] > central[best_ext[c.first].last]
        ):
            best_ext[c.first] = c
    cands = [c for c in cands if c.last == c.first or best_ext[c.first] is c]
    for c in cands:
        prior = (1.0 + pos.decay * c.first) ** -pos.exponent
        if c.first == 0 or doc.sentences[c.first - 1].paragraph != doc.sentences[c.first].paragraph:
            prior *= 1.0 + pos.paragraph_lead
        referent = _referent(info, c, entities)
        length_factor = sel.lede_length_factor if c.first == 0 else 1.0  # the lede is often long
        covered = [e for e in salient if {c.first, c.last} & e.sentences or e.names & referent]
        named = referent.union(*(e.names for e in covered))
        title_score = len((c.lemmas | named) & title_keys) / len(title_keys) if title_keys else 0.0
        score = (
            w.position * min(prior, 1.0)
            + w.centrality * float(central[c.last])  # an extended quote: its content is the last sentence
            + w.title * title_score
            + w.entities * sum(e.weight for e in covered) / salient_total
            + w.statement * _is_statement(info, c, subjects)
            - c.quote_penalty
            - length_factor * sel.long_penalty * max(0, c.words - sel.ideal_max_words)
            - (
                sel.descriptive_penalty
                if c.first > 0 and _descriptive(doc.sentences[c.first].tokens, cfg)
                else 0.0
            )
        )
        # Beyond the lead, redundancy looks at the sentence in its context: neighbours usually share the
        # subtopic. The lead's sentences are not redundant with each other by construction.
        vector = vecs[c.first] + vecs[c.last]
        if c.first >= sel.lead_sentences:
            for k in (c.first - 1, c.last + 1):
                if sel.lead_sentences <= k < len(vecs):
                    vector = vector + sel.context_weight * vecs[k]
        norm = math.sqrt(float(vector @ vector))  # = np.linalg.norm, and for sparse rows too
        out.append(_Scored(c, score, vector / norm if norm else vector))
    return out


def _news_lede(
    doc: Document, scored: list[_Scored], title_keys: frozenset[str], cfg: SummarySettings
) -> _Scored | None:
    """The sentence that states the article's central event, for point 1: the first sentence (the
    lede) when it tells what happened; after a feature-style opening that only describes ("Nur
    wenige Menschen sind mit Putin so vertraut wie …"), the first of the next sentences
    (``selection.feature_lede_sentences``) that shares a word with the title and has a full verb."""
    by_first = {s.cand.first: s for s in scored if s.cand.first == s.cand.last and s.cand.opener == ""}
    lede = by_first.get(0)
    first_tokens = doc.sentences[0].tokens if doc.sentences else ()
    if lede is not None and not _descriptive(first_tokens, cfg):
        return lede
    if not title_keys:
        return lede
    for i in range(1, min(len(doc.sentences), 1 + int(cfg.selection.feature_lede_sentences))):
        item = by_first.get(i)
        toks = doc.sentences[i].tokens
        full_verb = any(t.pos == "VVFIN" for t in toks)
        if item is not None and full_verb and not _descriptive(toks, cfg) and item.cand.lemmas & title_keys:
            return item
    return lede


def _select(
    scored: list[_Scored],
    points: int | None,
    words: int,
    article_words: int,
    cfg: SummarySettings,
    *,
    first: _Scored | None = None,
) -> list[_Scored]:
    """Greedy MMR under the word budget; the first point may exceed the budget alone.

    Without a requested number of points, longer articles allow more (3 up to ~350 words, then one
    more per ~350 words, at most 5).
    """
    sel = cfg.selection
    extra = int(max(0, article_words - 1) // sel.words_per_extra_point)
    want_max = points if points is not None else min(int(sel.max_points), int(sel.min_points) + extra)
    want_min = points if points is not None else int(sel.min_points)
    soft = sel.soft_word_share * words
    lam = sel.mmr_lambda
    chosen: list[_Scored] = [first] if first is not None and want_max > 0 else []
    used = first.cand.words if chosen and first is not None else 0
    while len(chosen) < want_max:
        best: tuple[float, _Scored] | None = None
        for item in scored:
            n = item.cand.words
            if chosen and (used + n > words or (len(chosen) >= want_min and used + n > soft)):
                continue
            if not _eligible(item, chosen):
                continue
            redundancy = max((float(item.vector @ c.vector) for c in chosen), default=0.0)
            if redundancy > sel.max_redundancy:
                continue
            mmr = lam * item.score - (1 - lam) * redundancy
            if best is None or mmr > best[0]:
                best = (mmr, item)
        if best is None:
            break
        chosen.append(best[1])
        used += best[1].cand.words
    # the news first, the other points in reading order
    lead = chosen[:1] if first is not None else []
    return lead + sorted(chosen[len(lead) :], key=lambda c: c.cand.start)


def summarize(
    doc: Document,
    entities: tuple[Entity, ...],
    quotes: tuple[Quote, ...],
    *,
    title: str | None = None,
    points: int | None = None,
    words: int = 80,
) -> tuple[SummaryPoint, ...]:
    """Summary points in reading order, together at most ``words`` words (one point at least).

    ``entities`` and ``quotes`` are the entity and quote stages' output: direct quotes are the
    quote stage's spans, salient entities the entity stage's."""
    cfg = _config()
    info = _Info.of(doc, cfg)
    title_keys = _title_keys(title, info, cfg)
    cands = _with_referents(info, _candidates(doc, info, quotes, cfg, title_keys), entities)
    if not cands or points == 0:
        return ()
    article_words = sum(len(w) for w in info.words)
    scored = _score_all(doc, info, cands, entities, title=title, cfg=cfg)
    first = _news_lede(doc, scored, title_keys, cfg)
    chosen = _select(scored, points, words, article_words, cfg, first=first)
    return tuple(
        SummaryPoint(
            text=doc.text[c.cand.start : c.cand.end],
            start=c.cand.start,
            end=c.cand.end,
            score=round(c.score, 4),
            display=c.cand.display,
        )
        for c in chosen
    )
