"""Context stage: background boxes on the main actors, places, loaded terms and figures.

Three kinds of :class:`~briefing.model.ContextBox`, most useful first:

``entity``
    One per salient entity (at most ``max_entity_boxes``): the entity's name as title, a subtitle
    "<type> · <role> · auch: <other names>", up to ``max_facts`` article facts and the matching
    knowledge-base entry. Article facts are sentences (cut at a clause boundary when long) that
    mention the entity and *describe* it rather than report today's news: a description as
    subject of "ist/war", appositions, cue phrases ("gilt als", "wird ... anerkannt"), years and
    the simple past (unless the article narrates in it) score up; speech verbs, reported speech
    ("laut", "sei"), first person, questions and "heute"/"am Donnerstag" score down; the entity
    as topic (before or right after the finite verb, or as a pronoun) scores up. Facts overlapping
    a summary point, direct speech or another box's fact are skipped. Without references from the
    entity stage, pronouns and role descriptions ("der weißrussische Präsident") are resolved to
    the most recently named person. The role line is ``Entity.roles[0]`` or, failing that, a
    title before the name or such a description.
``term``
    One per loaded term in quotation marks (``Term.kind == "term"``): the term in its base form as
    title, "Begriff von <who>" as subtitle, and the span from the term to the end of its sentence
    (how the article frames it), plus a knowledge-base entry.
``figures``
    "Zahlen & Fakten": sentences with notable figures (amounts with a currency, percentages,
    counts of a noun). ``Fact.text`` stays a verbatim span; ``Fact.figures`` carries the figures
    as values (:class:`~briefing.model.Figure`), which the presentation layer formats for the
    locale ("3,2 Mio. €", "12,5 %", "5.000 Soldaten" in German) and joins into the box subtitle.

Every article fact has ``text == doc.text[start:end]``. Knowledge-base facts have
``source="knowledge-base"``, ``updated`` (ISO date or None) and ``reference`` (the entry's source).

The newsroom's knowledge base (format, validation, lookup) is :mod:`briefing.knowledge_base`.

Word lists, cues and thresholds live in ``data/context/``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from briefing.knowledge_base import KnowledgeBase, name_keys, normalise_name
from briefing.model import FINITE_VERB_TAGS, ContextBox, Fact, Figure
from briefing.resources import load_data

_WORD = re.compile(r"\w+")

if TYPE_CHECKING:
    from collections.abc import Iterator

    from briefing.knowledge_base import KnowledgeEntry
    from briefing.model import Document, Entity, Quote, Sentence, SummaryPoint, Term, Token

# --------------------------------------------------------------------------------------------
# Configuration and word lists


@dataclass(frozen=True, slots=True)
class _Cue:
    pattern: re.Pattern[str]
    weight: float
    first: str  # the phrase's first word: only sentences containing it are searched


@dataclass(frozen=True, slots=True)
class _Config:
    cfg: dict[str, Any]
    cues: tuple[_Cue, ...]
    weights: dict[str, float]
    attribution: tuple[re.Pattern[str], ...]
    role_nouns: tuple[str, ...]
    person_pronouns: frozenset[str]
    first_person: frozenset[str]
    second_person: frozenset[str]
    speech_verbs: frozenset[str]
    clause_openers: frozenset[str]
    description_articles: frozenset[str]
    currencies: dict[str, str]
    scales: dict[str, float]
    percent: frozenset[str]
    number_words: dict[str, float]
    min_word_value: float
    excluded_units: frozenset[str]


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    parts = [r"\s+".join(re.escape(w) for w in chunk.split()) for chunk in phrase.split("...")]
    return re.compile(r"\b" + r"(?:\s+\S+){0,6}?\s+".join(p.strip() for p in parts) + r"\b", re.IGNORECASE)


@functools.cache
def _config() -> _Config:
    cfg = load_data("context/config.yaml")
    cues = load_data("context/cues.yaml")
    words = load_data("context/words.yaml")
    figures = load_data("context/figures.yaml")
    return _Config(
        cfg=cfg,
        cues=tuple(
            _Cue(
                _phrase_pattern(str(c["phrase"])), float(c["weight"]), str(c["phrase"]).split()[0].casefold()
            )
            for c in [*cues["background"], *cues["news"]]
        ),
        weights={str(k): float(v) for k, v in cues["weights"].items()},
        attribution=tuple(re.compile(p) for p in cues["term_attribution"]),
        role_nouns=tuple(sorted((str(w) for w in words["role_nouns"]), key=len, reverse=True)),
        person_pronouns=frozenset(words["person_pronouns"]),
        first_person=frozenset(words["first_person"]),
        second_person=frozenset(words["second_person_formal"]),
        speech_verbs=frozenset(words["speech_verbs"]),
        clause_openers=frozenset(words["clause_openers"]),
        description_articles=frozenset(words["description_articles"]),
        currencies={str(k).casefold(): str(v) for k, v in figures["currencies"].items()},
        scales={str(k).casefold(): float(v) for k, v in figures["scales"].items()},
        percent=frozenset(str(p).casefold() for p in figures["percent"]),
        number_words={str(k): float(v) for k, v in figures["number_words"].items()},
        min_word_value=float(figures["min_word_value"]),
        excluded_units=frozenset(str(u).casefold() for u in figures["excluded_units"]),
    )


def _is_role_noun(word: str, conf: _Config) -> bool:
    w = word.casefold()
    return any(
        w == r or (w.endswith(r) and (w[-len(r) - 1] == "-" or len(w) - len(r) >= 3)) for r in conf.role_nouns
    )


# --------------------------------------------------------------------------------------------
# Sentence analysis


_PAST_AUX = frozenset(
    {"war", "waren", "warst", "wart", "hatte", "hatten", "hattest", "wurde", "wurden", "wurdest",
     "konnte", "konnten", "musste", "mussten", "wollte", "wollten", "sollte", "sollten", "durfte",
     "durften", "mochte", "mochten"}
)  # fmt: skip
_MAX_TERM_WORDS = 4
_QUOTE_CHARS = '"„“”»«'
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")


def _is_past(tok: Token, pos: str) -> bool:
    word = tok.text.casefold()
    if pos in ("VAFIN", "VMFIN"):
        return word in _PAST_AUX
    if pos != "VVFIN":
        return False
    lemma = tok.lemma.casefold()
    stem = lemma[:-2] if lemma.endswith("en") else lemma.removesuffix("n")
    if word.startswith(stem):
        rest = word[len(stem) :]
        return rest in ("te", "ten", "test", "tet", "ete", "eten", "etest", "etet")
    # strong verbs: "ging", "gingen", "kam" (a changed stem without the present's -t/-st)
    return bool(stem) and word[:1] == stem[:1] and (word.endswith("en") or not word.endswith("t"))


@dataclass(slots=True)
class _Analysis:
    """Per-document working state shared by the box builders."""

    doc: Document
    conf: _Config
    speech: list[tuple[int, int]]
    blocked: list[tuple[int, int]]
    past_weight: float = 0.0
    used: list[tuple[int, int]] = field(default_factory=list)
    scores: dict[int, float] = field(default_factory=dict)

    def overlaps(self, spans: list[tuple[int, int]], start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in spans)

    def is_speech(self, sent: Sentence) -> bool:
        return self.overlaps(self.speech, sent.start, sent.end)

    def score(self, sent: Sentence) -> float:
        if sent.index not in self.scores:
            self.scores[sent.index] = _score_sentence(sent, self.conf, self.past_weight)
        return self.scores[sent.index]


def _narrative_past(doc: Document, conf: _Config) -> bool:
    """Whether the article tells its news in the simple past (then the past marks no background)."""
    counted = past = 0
    for sent in doc.sentences:
        verbs = [(t, t.pos) for t in sent.tokens if t.pos in FINITE_VERB_TAGS]
        if not verbs or any(t.lemma.casefold() in conf.speech_verbs for t, _ in verbs):
            continue
        counted += 1
        past += any(_is_past(t, p) for t, p in verbs)
    return counted > 0 and past / counted >= float(conf.cfg["narrative_past_share"])


def _score_sentence(sent: Sentence, conf: _Config, past_weight: float) -> float:
    """How much ``sent`` reads as background rather than today's news (entity-independent part)."""
    w = conf.weights
    words = {t.text.casefold() for t in sent.tokens}
    score = sum(c.weight for c in conf.cues if c.first in words and c.pattern.search(sent.text))
    if _YEAR.search(sent.text):
        score += w["year"]
    tags = [t.pos for t in sent.tokens]
    past = any(_is_past(t, p) for t, p in zip(sent.tokens, tags, strict=True))
    if past:
        score += past_weight
    finite_aux = [t for t, p in zip(sent.tokens, tags, strict=True) if p == "VAFIN"]
    if not past and any(t.lemma in ("haben", "sein") for t in finite_aux) and "VVPP" in tags:
        score += w["perfect"]
    if any(t.lemma == "werden" and t.text.casefold() in ("wird", "werden") for t in finite_aux) and (
        "VVINF" in tags or "VAINF" in tags
    ):
        score += w["future"]
    speech = any(
        p in ("VVFIN", "VVPP") and t.lemma.casefold() in conf.speech_verbs
        for t, p in zip(sent.tokens, tags, strict=True)
    )
    if speech:
        score += w["speech_verb"]
    if any(t.text.casefold() in conf.first_person for t in sent.tokens) or any(
        t.text in conf.second_person for t in sent.tokens[1:]
    ):
        score += w["first_person"]
    if sent.text.rstrip(_QUOTE_CHARS + " ").endswith("?"):
        score += w["question"]
    return score


# --------------------------------------------------------------------------------------------
# Light coreference and roles (used when the entity stage gives no references)


@dataclass(frozen=True, slots=True)
class _Ref:
    start: int
    end: int
    kind: Literal["name", "pronoun", "description"]


def _description_at(tokens: tuple[Token, ...], i: int, conf: _Config) -> int | None:
    """If ``tokens[i:]`` is "der/die ADJA* <role noun> [von NE]" not followed by a name, its end index."""
    if tokens[i].text.casefold() not in conf.description_articles or tokens[i].pos != "ART":
        return None
    j = i + 1
    while j < len(tokens) and tokens[j].pos == "ADJA":
        j += 1
    if j >= len(tokens) or tokens[j].pos != "NN" or not _is_role_noun(tokens[j].text, conf):
        return None
    end = j + 1
    if end < len(tokens) and tokens[end].pos == "NE":
        return None  # "der russische Präsident Putin": an apposition to a name, not a reference
    if end + 1 < len(tokens) and tokens[end].text == "von" and tokens[end + 1].pos == "NE":
        end += 2
    return end


def _light_references(
    doc: Document, entities: tuple[Entity, ...], speech: list[tuple[int, int]], conf: _Config
) -> dict[str, list[_Ref]]:
    """Pronouns and role descriptions resolved to the most recent person named before them."""
    persons = {e.id for e in entities if e.type == "PER"}
    starts = sorted((m.start, e.id) for e in entities if e.id in persons for m in e.mentions)
    out: dict[str, list[_Ref]] = {}
    window = int(conf.cfg["coref_window"])
    k = 0
    last: tuple[str, int] | None = None  # entity id, sentence index
    for sent in doc.sentences:
        tokens = sent.tokens
        for i, tok in enumerate(tokens):
            while k < len(starts) and starts[k][0] < tok.end:
                last = (starts[k][1], sent.index)
                k += 1
            in_speech = any(s <= tok.start < e for s, e in speech)
            if in_speech or last is None or sent.index - last[1] > window:
                continue
            pos = tok.pos
            if pos in ("PPER", "PPOSAT") and tok.text.casefold() in conf.person_pronouns:
                out.setdefault(last[0], []).append(_Ref(tok.start, tok.end, "pronoun"))
                last = (last[0], sent.index)
            else:
                end = _description_at(tokens, i, conf)
                if end is not None:
                    out.setdefault(last[0], []).append(_Ref(tok.start, tokens[end - 1].end, "description"))
                    last = (last[0], sent.index)
    return out


_ADJ_E = re.compile(r"e$")


def _role_from_tokens(tokens: list[Token], conf: _Config) -> str | None:
    """ "Der autoritäre Herrscher von Weißrussland" -> "autoritärer Herrscher von Weißrussland"."""
    if not tokens:
        return None
    article = tokens[0].text.casefold() if tokens[0].pos == "ART" else None
    body = tokens[1:] if article else tokens
    nouns = [t for t in body if t.pos == "NN"]
    if not nouns or not _is_role_noun(nouns[0].text, conf):
        return None
    feminine = nouns[0].text.casefold().endswith("in")
    words: list[str] = []
    for t in body:
        if t.pos == "ADJA":
            if t.text.endswith(("en", "em", "es")):
                return None  # not nominative singular: "des weißrussischen Präsidenten"
            word = t.text
            if article == "der" and not feminine:
                word = _ADJ_E.sub("er", word)
            words.append(word.lower() if word[:1].isupper() and t is body[0] else word)
        else:
            words.append(t.text)
    return " ".join(words)


def _derive_role(doc: Document, ent: Entity, refs: list[_Ref], conf: _Config) -> str | None:
    """A role line from the article: a title before the name, or a description of the person."""
    if ent.type != "PER":
        return None
    candidates: list[tuple[int, int, str]] = []  # (has complement, length, role)
    spans = [(r.start, r.end) for r in refs if r.kind == "description"]
    spans += [(r.start, r.end) for r in ent.references if r.kind == "description"]
    for start, end in spans:
        sent = doc.sentence_at(start)
        if sent is None:
            continue
        toks = [t for t in sent.tokens if t.start >= start and t.end <= end]
        role = _role_from_tokens(toks, conf)
        if role:
            candidates.append((int(" von " in role), len(role), role))
    for m in ent.mentions:
        sent = doc.sentence_at(m.start)
        if sent is None:
            continue
        before = [t for t in sent.tokens if t.end <= m.start]
        if not before or before[-1].pos != "NN" or not _is_role_noun(before[-1].text, conf):
            continue
        j = len(before) - 1
        while j > 0 and before[j - 1].pos == "ADJA":
            j -= 1
        if j > 0 and before[j - 1].pos == "ART":
            j -= 1
        role = _role_from_tokens(before[j:], conf)
        if role:
            candidates.append((0, len(role), role))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], c[1]))[2]


# --------------------------------------------------------------------------------------------
# Facts


def _clause_cut(sent: Sentence, after: int, conf: _Config) -> int | None:
    """End offset of the head of ``sent`` before the first clause boundary after offset ``after``."""
    tokens = sent.tokens
    min_words = int(conf.cfg["min_head_words"])
    seen_finite = False
    for i, tok in enumerate(tokens[:-1]):
        if tok.pos.endswith("FIN"):
            seen_finite = True
        if (
            tok.text == ","
            and tok.start >= after
            and seen_finite
            and tokens[i + 1].text.casefold() in conf.clause_openers
            and i >= min_words
        ):
            return tokens[i - 1].end
    return None


def _fact_span(sent: Sentence, mention_end: int, conf: _Config) -> tuple[int, int]:
    if len(sent.text) <= int(conf.cfg["max_fact_chars"]):
        return sent.start, sent.end
    cut = _clause_cut(sent, mention_end, conf)
    return (sent.start, cut) if cut is not None else (sent.start, sent.end)


def _article_fact(doc: Document, start: int, end: int, figures: tuple[Figure, ...] = ()) -> Fact:
    return Fact(text=doc.text[start:end], start=start, end=end, figures=figures)


def _entity_facts(an: _Analysis, ent_refs: list[tuple[int, int, str]]) -> list[tuple[float, int, int]]:
    """Candidate background facts for one entity: (score, start, end)."""
    conf = an.conf
    by_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, kind in ent_refs:
        sent = an.doc.sentence_at(start)
        if sent is not None:
            by_sentence.setdefault(sent.index, []).append((start, end, kind))
    out: list[tuple[float, int, int]] = []
    for index, refs in by_sentence.items():
        sent = an.doc.sentences[index]
        if an.is_speech(sent):
            continue
        score = an.score(sent)
        score += _entity_bonus(sent, refs, conf)
        if score < float(conf.cfg["min_fact_score"]):
            continue
        start, end = _fact_span(sent, max(e for _, e, _ in refs), conf)
        out.append((score, start, end))
    return out


def _entity_bonus(sent: Sentence, refs: list[tuple[int, int, str]], conf: _Config) -> float:
    """Descriptions as subject of "sein" and appositions right after the name."""
    w = conf.weights
    tokens = sent.tokens
    first_finite = next((t for t in tokens if t.pos.endswith("FIN")), None)
    bonus = 0.0
    if first_finite is not None:
        after_verb = [t.start for t in tokens if t.start > first_finite.start][:3]
        limit = after_verb[-1] if after_verb else first_finite.end
        # a pronoun continues the entity as the topic of the discourse, wherever it stands
        topical = any(s < first_finite.start or s <= limit or k == "pronoun" for s, _, k in refs)
        bonus += w["topic"] if topical else w["not_topic"]
    if (
        first_finite is not None
        and first_finite.lemma == "sein"
        and any(s < first_finite.start and k in ("name", "description") for s, _, k in refs)
    ):
        bonus += w["copula_description"]
    for _, end, kind in refs:
        if kind == "name" and _apposition_after(tokens, end, conf):
            bonus += w["apposition"]
            break
    return bonus


def _apposition_after(tokens: tuple[Token, ...], end: int, conf: _Config) -> bool:
    """Whether an apposition or relative clause follows the name ending at ``end``.

    "Berger, der frühere Minister, ..." / "Berger, der seit 1994 regiert, ..." / "Berger, Chef der
    Partei, ..."; not a list of names ("König Karl, Königin Anna, Minister und Gäste ...").
    """
    after = [t for t in tokens if t.start >= end]
    if len(after) < 3 or after[0].text != ",":
        return False
    first = after[1]
    if first.pos == "ART" and first.text.casefold() in ("der", "die", "ein", "eine"):
        return True
    head = 2 if first.pos == "ADJA" else 1
    if not after[head].pos.startswith("NN") or not _is_role_noun(after[head].text, conf):
        return False
    for tok in after[head + 1 :]:
        pos = tok.pos
        if tok.text == ",":
            return True  # the apposition is closed by a comma
        if pos in ("NE", "KON") or pos.endswith("FIN"):
            return False
    return False


def _choose(an: _Analysis, candidates: list[tuple[float, int, int]], limit: int) -> list[tuple[int, int]]:
    chosen: list[tuple[int, int]] = []
    for _, start, end in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if len(chosen) >= limit:
            break
        if an.overlaps(an.blocked, start, end) or an.overlaps(an.used, start, end):
            continue
        chosen.append((start, end))
        an.used.append((start, end))
    return sorted(chosen)


# --------------------------------------------------------------------------------------------
# Entity boxes


def _group_entities(entities: tuple[Entity, ...], kb: KnowledgeBase) -> list[list[Entity]]:
    """Entities that are one referent under two names (equivalents, one KB entry) grouped."""
    groups: list[tuple[frozenset[str], KnowledgeEntry | None, list[Entity]]] = []
    for ent in entities:
        keys = name_keys((ent.name, *ent.aliases))
        entry = kb.lookup((ent.name, *ent.aliases), kind="entity", entity_type=ent.type)
        for g_keys, g_entry, members in groups:
            if members[0].type == ent.type and (keys & g_keys or (entry is not None and entry is g_entry)):
                members.append(ent)
                break
        else:
            groups.append((keys, entry, [ent]))
    return [members for _, _, members in groups]


def _names_line(ent_names: list[str], entry: KnowledgeEntry | None, conf: _Config) -> str | None:
    main = ent_names[0]
    others: list[str] = []
    candidates = list(ent_names[1:])
    if entry is not None:
        candidates.append(entry.title)
    main_words = {w.casefold() for w in _WORD.findall(main)}
    for name in candidates:
        words = {w.casefold() for w in _WORD.findall(name)}
        if words <= main_words or normalise_name(name) == normalise_name(main):
            continue
        if all(normalise_name(name) != normalise_name(o) for o in others):
            others.append(name)
    others = others[: int(conf.cfg["max_aliases_shown"])]
    return str(conf.cfg["aliases_prefix"]) + ", ".join(others) if others else None


def _entity_boxes(an: _Analysis, entities: tuple[Entity, ...], kb: KnowledgeBase) -> list[ContextBox]:
    conf = an.conf
    cfg = conf.cfg
    ranked = sorted(
        (e for e in entities if e.salience >= float(cfg["min_salience"])),
        key=lambda e: -e.salience,
    )
    ranked_tuple = tuple(ranked)
    light = (
        _light_references(an.doc, entities, an.speech, conf)
        if not any(e.references for e in entities)
        else {}
    )
    boxes: list[ContextBox] = []
    for group in _group_entities(ranked_tuple, kb)[: int(cfg["candidate_entities"])]:
        if len(boxes) >= int(cfg["max_entity_boxes"]):
            break
        main = group[0]
        names = [main.name] + [n for e in group for n in (e.name, *e.aliases) if n != main.name]
        entry = kb.lookup(names, kind="entity", entity_type=main.type)
        refs: list[tuple[int, int, str]] = []
        extra: list[_Ref] = []
        for e in group:
            refs += [(m.start, m.end, "name") for m in e.mentions]
            refs += [(m.start, m.end, m.kind) for m in e.references]
            extra += light.get(e.id, [])
        refs += [(r.start, r.end, r.kind) for r in extra]
        candidates = _entity_facts(an, refs)
        spans = _choose(an, candidates, int(cfg["max_facts"]))
        facts = [_article_fact(an.doc, s, e) for s, e in spans]
        if entry is not None:
            facts.append(entry.fact())
        role = next((r for e in group for r in e.roles), None) or _derive_role(an.doc, main, extra, conf)
        if not facts:
            continue
        parts = [str(cfg["type_labels"].get(main.type, "")), role, _names_line(names, entry, conf)]
        subtitle = str(cfg["subtitle_separator"]).join(p for p in parts if p)
        boxes.append(ContextBox("entity", main.name, subtitle or None, tuple(facts), main.id))
    return boxes


# --------------------------------------------------------------------------------------------
# Term boxes


def _strip_quotes(text: str) -> str:
    return text.strip().strip(_QUOTE_CHARS + "‚‘’'").strip()


def _term_title(doc: Document, term: Term) -> str:
    """The term in its base form: "speziellen Militäroperation" -> "spezielle Militäroperation".

    Only short adjective + noun terms with a singular noun are changed (the weak nominative "-e");
    a noun keeps its number, and anything else stays as written.
    """
    sent = doc.sentence_at(term.start)
    raw = _strip_quotes(term.text)
    if sent is None:
        return raw
    toks = [
        t for t in sent.tokens if t.start >= term.start and t.end <= term.end and t.text not in _QUOTE_CHARS
    ]
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


_FRAME = re.compile(r",\s*(?:wie|so|als|was|das|den|die|der)\b\s+\w+")


def _term_frame(doc: Document, term: Term) -> tuple[int, int] | None:
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
    tail = doc.text[term.end : c_end].lstrip(_QUOTE_CHARS + "‚‘’' ")
    if _FRAME.match(tail) and c_start <= term.start:
        start = term.start
        if (
            start > c_start
            and doc.text[start - 1] in _QUOTE_CHARS
            and not term.text.startswith(tuple(_QUOTE_CHARS))
        ):
            start -= 1  # the term's opening quotation mark
        return start, c_end
    return c_start, c_end


def _term_owner(doc: Document, term: Term, conf: _Config) -> str | None:
    if term.attributed_to:
        return term.attributed_to
    tail = doc.text[term.end : term.end + 120]
    for pattern in conf.attribution:
        m = pattern.search(tail)
        if m:
            return m.group(1)
    return None


def _term_boxes(an: _Analysis, terms: tuple[Term, ...], kb: KnowledgeBase) -> list[ContextBox]:
    cfg = an.conf.cfg
    kinds = set(cfg["term_kinds"])
    seen: set[str] = set()
    boxes: list[ContextBox] = []
    for term in terms:
        if term.kind not in kinds or len(boxes) >= int(cfg["max_term_boxes"]):
            continue
        raw = _strip_quotes(term.text)
        key = normalise_name(raw)
        if not key or key in seen:
            continue
        seen.add(key)
        entry = kb.lookup([raw], kind="term")
        title = entry.title if entry is not None else _term_title(an.doc, term)
        facts: list[Fact] = []
        frame = _term_frame(an.doc, term)
        # the frame may share the term itself with an entity fact, but not repeat one
        if frame is not None and not any(s <= frame[0] and frame[1] <= e for s, e in an.used):
            facts.append(_article_fact(an.doc, *frame))
            an.used.append(frame)
        if entry is not None:
            facts.append(entry.fact())
        if not facts:
            continue
        owner = _term_owner(an.doc, term, an.conf)
        subtitle = (
            str(cfg["term_subtitle_attributed"]).format(who=owner) if owner else str(cfg["term_subtitle"])
        )
        boxes.append(ContextBox("term", title, subtitle, tuple(facts)))
    return boxes


# --------------------------------------------------------------------------------------------
# Figures


_DIGITS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_QUALIFIERS = frozenset(
    {
        "rund",
        "etwa",
        "fast",
        "knapp",
        "über",
        "mehr",
        "ungefähr",
        "mindestens",
        "bis",
        "zu",
        "mehrere",
        "einige",
    }
)


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    figure: Figure


def _number(text: str, conf: _Config) -> tuple[float, bool] | None:
    """(value, written in digits) of a token, or None."""
    if _DIGITS.fullmatch(text):
        return float(text.replace(".", "").replace(",", ".")), True
    value = conf.number_words.get(text.casefold())
    return (value, False) if value is not None else None


def _words(tokens: tuple[Token, ...], i: int, j: int) -> str:
    """The words of ``tokens[i:j]`` as written ("zehntausende", "drei Millionen")."""
    return " ".join(t.text for t in tokens[i:j])


def _figures_in(sent: Sentence, conf: _Config) -> Iterator[_Found]:
    tokens = sent.tokens
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        parsed = _number(tok.text, conf) if tok.text[:1].isdigit() or tok.text[:1].isalpha() else None
        if parsed is None:
            i += 1
            continue
        value, digits = parsed
        j = i + 1
        scaled = False
        if j < len(tokens) and tokens[j].text.casefold() in conf.scales:
            value *= conf.scales[tokens[j].text.casefold()]
            scaled = True
            j += 1
        prefix = tokens[i - 1].text.casefold() if i > 0 else ""
        number_end = j
        k = j
        while k < len(tokens) and tokens[k].pos == "ADJA" and k - j < 2:
            k += 1  # "zehn Millionen schwedische Kronen", "5.000 ukrainische Soldaten"
        if (
            k < len(tokens)
            and k > j
            and (tokens[k].text.casefold() in conf.currencies or tokens[k].pos == "NN")
        ):
            j = k
        nxt = tokens[j] if j < len(tokens) else None
        nxt_word = nxt.text.casefold() if nxt is not None else ""
        start, end, figure = tok.start, tokens[j - 1].end, None
        if prefix in conf.currencies and not prefix.isalpha():
            start, figure = tokens[i - 1].start, Figure("currency", value, conf.currencies[prefix])
        elif nxt is not None and nxt_word in conf.currencies:
            end, figure = nxt.end, Figure("currency", value, conf.currencies[nxt_word])
        elif nxt is not None and nxt_word in conf.percent:
            end, figure = nxt.end, Figure("percent", value, "%")
        elif (
            nxt is not None
            and nxt.pos == "NN"
            and nxt.text[:1].isupper()
            and nxt_word not in conf.excluded_units
            and (digits or scaled or value >= conf.min_word_value)
            and value >= 2
            and not (digits and not scaled and 1900 <= value <= 2100 and "," not in tok.text)
        ):
            written = None
            if not digits:
                q = i
                while q > 0 and tokens[q - 1].text.casefold() in _QUALIFIERS:
                    q -= 1
                written = _words(tokens, q, j + 1)  # "mehrere hundert Zivilisten", as written
            figure = Figure("count", value, _words(tokens, number_end, j + 1), written)
            end = nxt.end
        if figure is not None:
            k = i - 1 if start == tok.start else i - 2
            while k >= 0 and tokens[k].text.casefold() in _QUALIFIERS:
                start = tokens[k].start
                k -= 1
            yield _Found(start, end, figure)
            i = max(j, i + 1)
        else:
            i += 1


def _figures_box(an: _Analysis) -> ContextBox | None:
    cfg = an.conf.cfg
    facts: list[Fact] = []
    figures = 0
    for sent in an.doc.sentences:
        if len(facts) >= int(cfg["max_figures"]):
            break
        found = list(_figures_in(sent, an.conf))
        if not found:
            continue
        start, end = _fact_span(sent, found[-1].end, an.conf)
        if (start, end) in an.used:
            continue
        shown = tuple(f.figure for f in found if f.end <= end)
        facts.append(_article_fact(an.doc, start, end, shown))
        figures += len(shown)
    if figures < int(cfg["min_figures"]):
        return None
    return ContextBox("figures", str(cfg["figures_title"]), None, tuple(facts))


# --------------------------------------------------------------------------------------------
# The stage


def build(
    doc: Document,
    entities: tuple[Entity, ...],
    quotes: tuple[Quote, ...],
    terms: tuple[Term, ...],
    summary: tuple[SummaryPoint, ...],
    *,
    knowledge: KnowledgeBase | None = None,
) -> tuple[ContextBox, ...]:
    """Context boxes, most useful first: entities (by salience), loaded terms, then figures."""
    conf = _config()
    kb = knowledge or KnowledgeBase()
    an = _Analysis(
        doc=doc,
        conf=conf,
        speech=[(q.start, q.end) for q in quotes],
        blocked=[(p.start, p.end) for p in summary],
        past_weight=0.0 if _narrative_past(doc, conf) else conf.weights["past"],
    )
    boxes = _entity_boxes(an, entities, kb)
    boxes += _term_boxes(an, terms, kb)
    figures = _figures_box(an)
    if figures is not None:
        boxes.append(figures)
    return tuple(boxes)


__all__ = ["build"]
