"""Salience: how much the article is about each entity (weights in ``data/entities/salience.yaml``).

Name mentions, resolved references, an early first mention, the title and the person's roles count,
weighted by type. A place also counts its nationality adjectives ("der weißrussische Präsident",
"von weißrussischem Boden") and gains a share of the salience of every person it is the country of.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing import settings
from briefing.language.roles import adjective_stem

if TYPE_CHECKING:
    from briefing.entities.cluster import Cluster
    from briefing.entities.lexicon import Lexicon
    from briefing.model import Document


@dataclass(frozen=True, slots=True)
class SalienceSettings:
    type_weights: dict[str, float]
    reference: float
    early: float
    title: float
    role: float
    demonym: float
    country_share: float


SETTINGS = settings.register(SalienceSettings, "entities/salience.yaml")


def salience(cl: Cluster, doc: Document, title: str | None) -> float:
    """The salience of one cluster on its own."""
    cfg = SETTINGS()
    n = len(cl.mentions) + cfg.reference * len(cl.references)
    size = max(1, len(doc.text))
    early = 1.0 - min(cl.first_start, size) / size
    in_title = 1.0 if title and any(m.words[-1] in title for m in cl.mentions) else 0.0
    weight = cfg.type_weights[cl.type]
    return round(weight * (n + cfg.early * early + cfg.title * in_title + cfg.role * len(cl.roles)), 4)


def demonym_counts(
    doc: Document, clusters: list[Cluster], canonical: list[tuple[str, tuple[str, ...]]], lex: Lexicon
) -> list[int]:
    """Per cluster, how often a demonym adjective points at it: "der weißrussische Präsident",
    "von weißrussischem Boden" speak of Weißrussland (for salience only: not a name mention, and
    not a reference a speaker could resolve to)."""
    places: dict[str, int] = {}
    for i, (cl, (name, aliases)) in enumerate(zip(clusters, canonical, strict=True)):
        if cl.type == "LOC":
            for known in (name, *aliases):
                places.setdefault(lex.group_of.get(known, known), i)
    counts = [0] * len(clusters)
    if places:
        for sent in doc.sentences:
            for tok in sent.tokens:
                country = lex.demonyms.get(adjective_stem(tok.text)) if tok.pos in ("ADJA", "ADJD") else None
                place = places.get(lex.group_of.get(country, country)) if country is not None else None
                if place is not None:
                    counts[place] += 1
    return counts


def saliences(
    clusters: list[Cluster],
    canonical: list[tuple[str, tuple[str, ...]]],
    *,
    doc: Document,
    title: str | None,
    lex: Lexicon,
) -> list[float]:
    """Each cluster's salience. A place also counts its demonym adjectives like references and
    gains a share of the salience of every person it is the country of ("der weißrussische
    Präsident" makes Weißrussland matter with its president)."""
    cfg = SETTINGS()
    demonyms = demonym_counts(doc, clusters, canonical, lex)
    base = [salience(cl, doc, title) for cl in clusters]
    out = list(base)
    people_of: dict[str, list[int]] = {}  # country -> the people it is the country of
    for i, p in enumerate(clusters):
        if p.type == "PER" and p.country:
            people_of.setdefault(lex.group_of.get(p.country, p.country), []).append(i)
    for i, (cl, (name, aliases)) in enumerate(zip(clusters, canonical, strict=True)):
        if cl.type == "LOC":
            names = {lex.group_of.get(n, n) for n in (name, *aliases)}
            people = sorted(j for n in names for j in people_of.get(n, ()))  # summed in cluster order
            bonus = sum(base[j] for j in people)
            demonym = cfg.type_weights["LOC"] * cfg.demonym * demonyms[i]
            out[i] = round(base[i] + demonym + cfg.country_share * bonus, 4)
    return out
