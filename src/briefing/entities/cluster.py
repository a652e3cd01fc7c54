"""From typed candidates to one cluster per referent.

* :func:`merge_names`: names German writes as one ("Frankfurt am Main", "Universität Gießen",
  "Heinrich IV.").
* :func:`coordinated_types`, :func:`consistent_types`: guessed types follow the well-typed members
  of a list, and one name gets one type per article (the strongest evidence wins);
  :func:`repeated_names`: a repetition of a typed name is a name too.
* :func:`cluster_mentions`: alias groups ("Belarus" = "Weißrussland"), genitive forms ("Russlands",
  "Putins") and surname-only mentions join the full name.
* :func:`canonical_name`: a cluster's name (the fullest person name; a place's most used base form)
  and its aliases.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.entities.candidates import Cand
from briefing.entities.lexicon import common_word, inflections, strip_genitive
from briefing.model import SpanIndex, token_from, token_index

if TYPE_CHECKING:
    from briefing.entities.lexicon import Lexicon
    from briefing.model import Document, EntityType, Mention

_ROMAN = re.compile(r"[IVX]{1,4}\.?")


def merge_names(cands: list[Cand], doc: Document, lex: Lexicon) -> list[Cand]:
    """Join names German writes as one: "Frankfurt am Main", "Universität Gießen", "Heinrich IV."."""
    text = doc.text
    out: list[Cand] = []
    for c in cands:
        sent = doc.sentences[c.sentence]
        toks = sent.tokens
        prev = out[-1] if out else None
        if prev is not None and prev.sentence == c.sentence and prev.type == "LOC" and c.type == "LOC":
            link = text[prev.end : c.start]
            if link in lex.place_links:
                first = token_from(toks, prev.end)
                between = [t for t in toks[first : token_from(toks, c.start + 1)] if t.end <= c.start]
                prev.tokens.extend([*between, *c.tokens])
                prev.strength = max(prev.strength, c.strength)
                continue
        idx = token_index(toks, c.start)
        if c.type == "LOC" and idx > 0 and toks[idx - 1].text in lex.institution_names and len(c.tokens) == 1:
            c.tokens.insert(0, toks[idx - 1])  # "Universität Gießen" is the university
            c.type, c.strength, c.key = "ORG", 3, None
        end = idx + len(c.tokens)
        if (
            c.type == "PER"
            and c.strength >= 2
            and end < len(toks)
            and _ROMAN.fullmatch(toks[end].text)
            and toks[end].text != "I"
        ):
            c.tokens.append(toks[end])  # "Heinrich IV."
        out.append(c)
    return out


@dataclass(slots=True)
class Cluster:
    """The mentions of one referent, and (for people) what resolution learns about it."""

    type: EntityType
    key: str
    mentions: list[Cand] = field(default_factory=list)
    references: list[Mention] = field(default_factory=list)
    roles: list[tuple[int, str]] = field(default_factory=list)  # (specificity, role)
    country: str | None = None
    gender: str = "?"

    @property
    def first_start(self) -> int:
        return self.mentions[0].start if self.mentions else 10**9


def _base(words: tuple[str, ...], lex: Lexicon) -> str:
    name = " ".join(words)
    if words in lex.gazetteer:
        return lex.gazetteer[words][0]
    return name


def cluster_mentions(cands: list[Cand], lex: Lexicon) -> list[Cluster]:
    """One cluster per referent, in the order of their first candidates (see the module docstring)."""
    clusters: list[Cluster] = []
    by_key: dict[tuple[str, str], Cluster] = {}
    persons_by_surname: dict[str, list[Cluster]] = {}
    # full names first, so that "Putin" and "Putins" find "Wladimir Putin"
    for c in cands:
        if c.type in ("PER", None):
            continue
        key = c.key or _base(c.words, lex)
        stripped = strip_genitive(key) if len(c.words) == 1 else key
        k = (c.type, key)
        if k not in by_key and (c.type, stripped) in by_key:
            k = (c.type, stripped)
        cl = by_key.get(k)
        if cl is None:
            cl = Cluster(c.type, key)
            by_key[k] = cl
            clusters.append(cl)
        cl.mentions.append(c)
    persons = [c for c in cands if c.type == "PER"]
    full = sorted((c for c in persons if len(c.words) > 1), key=lambda c: c.start)
    for c in full:
        name = " ".join(c.words)
        surname = strip_genitive(c.words[-1]) if c.words[-1] not in lex.first_names else c.words[-1]
        cl = by_key.get(("PER", name)) or by_key.get(("PER", " ".join((*c.words[:-1], surname))))
        if cl is None:
            cl = Cluster("PER", " ".join((*c.words[:-1], surname)))
            cl.gender = lex.first_names.get(c.words[0], "?")
            by_key[("PER", cl.key)] = cl
            clusters.append(cl)
            persons_by_surname.setdefault(surname, []).append(cl)
        cl.mentions.append(c)
    # Each surname's clusters came in text order of their first mentions (a cluster is made by its
    # first mention, and the candidates come sorted): the one named last before a surname is found
    # by a binary search over those starts.
    first_starts = {
        surname: [o.mentions[0].start for o in options] for surname, options in persons_by_surname.items()
    }
    for c in sorted((c for c in persons if len(c.words) == 1), key=lambda c: c.start):
        w = c.words[0]
        found = w if w in persons_by_surname else strip_genitive(w)
        options = persons_by_surname.get(found)
        if options:
            before = bisect.bisect_right(first_starts[found], c.start)  # how many were named before it
            options[before - 1 if before else -1].mentions.append(c)
            continue
        key = strip_genitive(w) if ("PER", strip_genitive(w)) in by_key else w
        cl = by_key.get(("PER", key))
        if cl is None:
            cl = Cluster("PER", key, gender=lex.first_names.get(w, "?"))
            by_key[("PER", key)] = cl
            clusters.append(cl)
            persons_by_surname.setdefault(key, []).append(cl)
            first_starts.setdefault(key, []).append(c.start)
        cl.mentions.append(c)
    for cl in clusters:
        cl.mentions.sort(key=lambda m: m.start)
    return clusters


def canonical_name(cl: Cluster, lex: Lexicon) -> tuple[str, tuple[str, ...]]:
    """The cluster's name and its other names, sorted."""
    surfaces = [" ".join(m.words) for m in cl.mentions]
    if cl.type == "PER":
        first = _first_index(surfaces)
        name = max(surfaces, key=lambda s: (len(s.split()), -first[s]))
        if len(name.split()) > 1 and name.endswith("s") and strip_genitive(name) != name:
            base = " ".join((*name.split()[:-1], strip_genitive(name.split()[-1])))
            name = base if base == cl.key else name
        others = sorted({s for s in surfaces if s != name})
        return name, tuple(others)
    known: dict[tuple[str, ...], str] = {}  # a cluster repeats few surfaces many times
    bases: list[str] = []
    for m in cl.mentions:
        words = m.words
        if words not in known:
            known[words] = _base_form(words, cl.key, lex)
        bases.append(known[words])
    # the most used form; among equals the fullest, then the first
    count = Counter(bases)
    first = _first_index(bases)
    name = max(bases, key=lambda s: (count[s], len(s.split()), -first[s]))
    aliases = tuple(sorted({b for b in bases if b != name}))
    return name, aliases


def _base_form(words: tuple[str, ...], key: str, lex: Lexicon) -> str:
    """The uninflected form of a place or organisation name as written (``key``: its cluster's)."""
    found = lex.gazetteer.get(words)
    base = " ".join(words)
    if found is not None:
        # the uninflected form: the alias group member whose inflections include this surface
        base = next(
            (n for n, g in lex.group_of.items() if g == found[0] and words in inflections(n)),
            found[0] if words in inflections(found[0]) else base,
        )
        if words not in inflections(base):
            base = " ".join(words)
    elif len(words) == 1 and strip_genitive(words[0]) != words[0] and key == strip_genitive(words[0]):
        base = key
    return base


def _first_index(items: list[str]) -> dict[str, int]:
    """Each item's first position in ``items`` (``items.index`` for all of them in one pass)."""
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        first.setdefault(item, i)
    return first


def coordinated_types(cands: list[Cand], doc: Document, lex: Lexicon) -> None:
    """Guessed types in a list ("Leipzig , Dresden , Spitzbergen") follow its well-typed members.

    A list is a run of names of one sentence joined by commas, "und", "oder", "sowie" or "/"; its
    guessed members (strength <= 1) take the type most of its well-typed members (strength >= 2) have.
    """
    groups: list[list[Cand]] = []
    for c in cands:
        prev = groups[-1][-1] if groups else None
        if (
            prev is not None
            and prev.sentence == c.sentence
            and doc.text[prev.end : c.start].strip() in lex.list_links
        ):
            groups[-1].append(c)
        else:
            groups.append([c])
    for group in groups:
        if len(group) < 2:
            continue
        votes = [c.type for c in group if c.strength >= 2 and c.type in ("LOC", "ORG", "PER")]
        if not votes:
            continue
        kind = max(votes, key=lambda k: (votes.count(k), -votes.index(k)))
        for c in group:
            if c.strength <= 1 and c.type != kind:
                c.type, c.strength = kind, 1


def repeated_names(cands: list[Cand], doc: Document) -> list[Cand]:
    """One name, one reading per article: where the article repeats a name that was typed with
    evidence (strength >= 2), or the surname of such a person, the repetition is a name of the same
    type even if the tagger left it out there (it joins as a guess, strength 1)."""
    known: dict[tuple[str, ...], EntityType] = {}
    for c in cands:
        if c.strength >= 2 and c.type in ("PER", "LOC", "ORG") and c.words[0][:1].isupper():
            known.setdefault(c.words, c.type)
            last = c.words[-1]
            if c.type == "PER" and len(c.words) > 1 and last[:1].isupper() and not common_word(last):
                known.setdefault((last,), "PER")
    if not known:
        return cands
    longest = max(len(k) for k in known)
    firsts = {k[0] for k in known}
    taken = SpanIndex(cands)
    added: list[Cand] = []
    for sent in doc.sentences:
        toks = sent.tokens
        i = 0
        while i < len(toks):
            step = 1
            for n in range(min(longest, len(toks) - i) if toks[i].text in firsts else 0, 0, -1):
                kind = known.get(tuple(t.text for t in toks[i : i + n]))
                if kind is not None and not taken.overlapping(toks[i].start, toks[i + n - 1].end):
                    added.append(Cand(list(toks[i : i + n]), sent.index, kind, 1))
                    step = n
                    break
            i += step
    return sorted([*cands, *added], key=lambda c: c.start)


def consistent_types(cands: list[Cand]) -> None:
    """The same name gets one type per article: the strongest evidence wins."""
    best: dict[str, tuple[int, EntityType]] = {}
    for c in cands:
        if c.type is None:
            continue
        for key in {" ".join(c.words), strip_genitive(" ".join(c.words))}:
            cur = best.get(key)
            if cur is None or c.strength > cur[0]:
                best[key] = (c.strength, c.type)
    # surnames of typed full names
    for c in cands:
        if c.type == "PER" and len(c.words) > 1 and c.strength >= 2:
            cur = best.get(c.words[-1])
            if cur is None or cur[0] < c.strength:
                best[c.words[-1]] = (c.strength, "PER")
    for c in cands:
        key = " ".join(c.words)
        found = best.get(key) or best.get(strip_genitive(key))
        if found is not None and found[0] > c.strength:
            c.strength, c.type = found
