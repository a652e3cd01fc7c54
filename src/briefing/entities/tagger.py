"""A trained name tagger: a linear-chain CRF over the text stage's tokens, stacked on the rules.

The model (``data/entities/ner.crfsuite``) is trained by ``scripts/train_ner.py`` on the GermEval
2014 training sentences (CC BY 4.0, Benikova, Biemann, Reznicek 2014) and ships in the package. It
tags each token B-/I-PER, -LOC, -ORG or O from features of the token and its neighbours: the word,
its shape, affixes and hyphen parts, HanTa's tag and lemma, gazetteer membership (countries,
regions, cities, first names, organisations, cue words from :mod:`.lexicon`) and the type the rule
candidates of :mod:`.candidates`/:mod:`.classify` gave the token. The rules are features, not a
second opinion: the CRF learned from the training sentences how far to trust each of them.

The model is read lazily, once per process (:func:`model`), only when the entity stage first runs.
:func:`sentence_features` is the one feature function; the training script calls it too, so what
the model was trained on and what it sees at run time cannot drift apart.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from briefing import settings
from briefing.entities.candidates import Cand
from briefing.entities.lexicon import (
    class_noun,
    common_word,
    entity_lexicon,
    gazetteer_match,
    is_acronym,
    is_title,
)
from briefing.language.marks import is_mark
from briefing.model import SpanIndex
from briefing.resources import package_dir

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from briefing.entities.lexicon import Lexicon
    from briefing.model import Document, EntityType, Sentence, Token

MODEL = "ner.crfsuite"
TYPES: tuple[EntityType, ...] = ("PER", "LOC", "ORG")


@dataclass(frozen=True, slots=True)
class TaggerSettings:
    c1: float
    c2: float
    max_iterations: int
    sure: float


TRAINING = settings.register(TaggerSettings, "entities/tagger.yaml")


@functools.lru_cache(maxsize=65536)
def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _gazetteer_tags(words: Sequence[str], lex: Lexicon) -> list[str]:
    """B-/I- gazetteer type per token, longest match first."""
    tags = ["O"] * len(words)
    i = 0
    while i < len(words):
        size, kind = gazetteer_match(words, i, lex)
        if not size:
            i += 1
            continue
        tags[i : i + size] = ["B-" + str(kind)] + ["I-" + str(kind)] * (size - 1)
        i += size
    return tags


def _run_features(words: Sequence[str]) -> list[tuple[str, ...]]:
    """Features from the run of capitalised words a token stands in: its length, the token's place
    in it, and the run's first and last word (the head: "Verlag", "Museum", "GmbH")."""
    out: list[tuple[str, ...]] = [()] * len(words)
    i = 0
    while i < len(words):
        if not words[i][:1].isupper():
            i += 1
            continue
        j = i
        while j + 1 < len(words) and words[j + 1][:1].isupper():
            j += 1
        size = j - i + 1
        first, last = words[i].lower(), words[j].lower()
        for k in range(i, j + 1):
            place = "S" if size == 1 else "B" if k == i else "E" if k == j else "I"
            out[k] = (f"rl={min(size, 4)}", f"rp={place}", f"rh={last}", f"rf={first}")
        i = j + 1
    return out


def _word_features(tok: Token) -> list[str]:
    """Features of one token by itself (no neighbours)."""
    f = [*_spelling_features(tok.text), "pos=" + tok.pos]
    if tok.lemma and tok.lemma.lower() != tok.text.lower():
        f.append("lem=" + tok.lemma.lower())
    f.extend(_lexicon_features(tok.text))
    return f


@functools.lru_cache(maxsize=65536)
def _spelling_features(w: str) -> tuple[str, ...]:
    """The word, its shape, affixes, length and hyphen parts."""
    low = w.lower()
    f = [
        "w=" + low,
        "sh=" + _shape(w)[:6],
        "s2=" + low[-2:],
        "s3=" + low[-3:],
        "s4=" + low[-4:],
        "s5=" + low[-5:],
        "p3=" + low[:3],
        "p4=" + low[:4],
        "len=" + str(min(len(w), 12)),
    ]
    if "-" in w.strip("-"):
        parts = w.strip("-").split("-")
        f.append("hl=" + parts[-1].lower())
        f.append("hf=" + parts[0].lower())
        f.append("hlcap" if parts[-1][:1].isupper() else "hllow")
    if is_mark(w):
        f.append("mark")
    f.extend(sorted({"ch=" + c for c in low if c.isalpha() and c not in _GERMAN_LETTERS}))
    return tuple(f)


_GERMAN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzäöüß")


@functools.lru_cache(maxsize=65536)
def _lexicon_features(w: str) -> tuple[str, ...]:
    """Gazetteer and word-list membership of the word (the entity lexicon is one per process)."""
    return tuple(_lexicon_checks(w, entity_lexicon()))


def _lexicon_checks(w: str, lex: Lexicon) -> Iterator[str]:
    low = w.lower()
    if "-" in w.strip("-"):
        for part in w.strip("-").split("-"):
            if part in lex.cities or (part,) in lex.gazetteer:
                yield "hgaz"
            if part in lex.first_names:
                yield "hfirst"
    if low in lex.loc_prepositions:
        yield "locprep"
    if low[:-2] in lex.demonyms or low[:-1] in lex.demonyms or low in lex.demonyms:
        yield "demonym"
    if w[:1].isupper():
        yield from _capitalised_checks(w, low, lex)


def _capitalised_checks(w: str, low: str, lex: Lexicon) -> Iterator[str]:
    checks = (
        ("first", w in lex.first_names),
        ("city", w in lex.cities),
        ("gencity", len(w) > 4 and w[-1] == "s" and w[:-1] in lex.cities),
        ("title", is_title(w, lex)),
        ("notname", w in lex.not_names),
        ("common", common_word(w)),
        ("acro", is_acronym(w)),
        ("orgw", low.endswith(lex.org_suffixes) or w in lex.org_tokens),
        ("locsuf", low.endswith(lex.loc_suffixes)),
        ("placenoun", class_noun(w, lex.place_class_nouns)),
        ("orgnoun", class_noun(w, lex.org_class_nouns)),
    )
    for name, holds in checks:
        if holds:
            yield name


def sentence_features(tokens: Sequence[Token], rule_tags: Sequence[str], lex: Lexicon) -> list[list[str]]:
    """CRF features of each token of one sentence; ``rule_tags`` are the rules' B-/I-/O tags.

    A token's own features come first, then those of its neighbours at -2, -1, +1 and +2 (the word,
    its tag, and for the next neighbours its shape, ending, rule tag and gazetteer tag), then word
    and tag pairs. The strings are built once per word or tag (memoised), not once per use.
    """
    words = [t.text for t in tokens]
    low = [w.lower() for w in words]
    pos = [t.pos for t in tokens]
    gaz = _gazetteer_tags(words, lex)
    runs = _run_features(words)
    around = [_around(w) for w in words]
    tagged = [_tagged(p, r, g) for p, r, g in zip(pos, rule_tags, gaz, strict=True)]
    n = len(tokens)
    out: list[list[str]] = []
    for i in range(n):
        f = ["bias", *_word_features(tokens[i]), *runs[i], "g=" + gaz[i], "r=" + rule_tags[i]]
        if i == 0:
            f.append("BOS")
        for k, d in enumerate(_OFFSETS):
            j = i + d
            if 0 <= j < n:
                f += around[j][k]
                f += tagged[j][k]
            else:
                f.append(_PADS[k])
        if i > 0:
            f.append(f"pp={pos[i - 1]}|{pos[i]}")
            f.append(f"ww={low[i - 1]}|{low[i]}")
        if 0 < i < n - 1:
            f.append(f"lr={low[i - 1]}|{low[i + 1]}")
        if i < n - 1:
            f.append(f"wn={low[i]}|{low[i + 1]}")
        out.append(f)
    return out


_OFFSETS = (-2, -1, 1, 2)
_PADS = tuple(f"{d}pad" for d in _OFFSETS)


@functools.lru_cache(maxsize=65536)
def _around(w: str) -> tuple[tuple[str, ...], ...]:
    """What a word contributes as the neighbour at -2, -1, +1 and +2."""
    lw = w.lower()
    shape = _shape(w)[:4]
    return tuple(
        (f"{d}w={lw}", f"{d}sh={shape}", f"{d}s3={lw[-3:]}") if d in (-1, 1) else (f"{d}w={lw}",)
        for d in _OFFSETS
    )


@functools.lru_cache(maxsize=4096)
def _tagged(pos: str, rule: str, gaz: str) -> tuple[tuple[str, ...], ...]:
    """What a token's tag, rule tag and gazetteer tag contribute as the neighbour at each offset."""
    return tuple(
        (f"{d}pos={pos}", f"{d}r={rule}", f"{d}g={gaz}") if d in (-1, 1) else (f"{d}pos={pos}",)
        for d in _OFFSETS
    )


@functools.cache
def model() -> Any:
    """The trained CRF, read from the package once per process."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    with resources.as_file(package_dir("data") / "entities" / MODEL) as path:
        tagger.open(str(path))
    return tagger


def spans(tags: Sequence[str]) -> list[tuple[int, int, EntityType]]:
    """Token spans ``(first, last + 1, type)`` of a B-/I-/O tag sequence (a stray I- starts a span)."""
    found: list[tuple[int, int, EntityType]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or tag[2:] != kind:
            if start >= 0:
                found.append((start, i, _type(kind)))
            start, kind = (i, tag[2:]) if tag != "O" else (-1, "")
    return found


def _type(kind: str) -> EntityType:
    for t in TYPES:
        if t == kind:
            return t
    raise ValueError(f"unknown entity label {kind!r}")


def bio_tags(tokens: Sequence[Token], found: Sequence[tuple[int, int, str]]) -> list[str]:
    """B-/I-/O tag of each token for character spans ``(start, end, type)``: a token starting
    inside a span is in it."""
    tags = ["O"] * len(tokens)
    for start, end, kind in found:
        first = True
        for i, tok in enumerate(tokens):
            if start <= tok.start < end:
                tags[i] = ("B-" if first else "I-") + kind
                first = False
    return tags


def document_features(
    doc: Document, rules: Sequence[Cand], lex: Lexicon
) -> Iterator[tuple[Sentence, list[list[str]]]]:
    """Each sentence with tokens and its CRF features, the rules' names ``rules`` among them: what
    the model sees, at run time and in training."""
    per_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for c in rules:
        if c.type in TYPES:
            per_sentence.setdefault(c.sentence, []).append((c.start, c.end, c.type))
    for sent in doc.sentences:
        if sent.tokens:
            rule_tags = bio_tags(sent.tokens, per_sentence.get(sent.index, []))
            yield sent, sentence_features(sent.tokens, rule_tags, lex)


def tag_candidates(doc: Document, rules: Sequence[Cand], lex: Lexicon) -> list[Cand]:
    """The model's names of ``doc``, typed, in text order.

    A name the rules found with the same span is kept (with its gazetteer key and role tokens);
    its type is the model's, and its strength stays when the model agrees with the rules. A name
    only the model found is strong (2) when every token's marginal probability is at least
    ``sure`` (``data/entities/tagger.yaml``), a guess (1) otherwise. Rule names that cross a
    sentence end ("St . Moritz") stay.
    """
    crf = model()
    cfg = TRAINING()
    by_span = {(c.start, c.end): c for c in rules if c.type in TYPES}
    out: list[Cand] = []
    crossing = [c for c in rules if c.type in TYPES and doc.sentences[c.sentence].end < c.end]
    taken = SpanIndex(crossing)
    for sent, features in document_features(doc, rules, lex):
        toks = sent.tokens
        labels = crf.tag(features)
        for a, b, kind in spans(labels):
            start, end = toks[a].start, toks[b - 1].end
            if taken.overlapping(start, end):
                continue
            known = by_span.get((start, end))
            if known is not None:
                if known.type != kind:
                    known.type, known.strength, known.key = kind, 2, None
                out.append(known)
                continue
            sure = min(crf.marginal(labels[i], i) for i in range(a, b))
            out.append(Cand(list(toks[a:b]), sent.index, kind, 2 if sure >= cfg.sure else 1))
    out.extend(crossing)
    out.sort(key=lambda c: c.start)
    return out
