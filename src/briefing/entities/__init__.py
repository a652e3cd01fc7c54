"""Entity stage: people, places and organisations with roles, aliases and resolved mentions.

A trained tagger stacked on rules over the text stage's tokens (HanTa's STTS tags and
capitalisation) and gazetteers, in steps of one module each:

1. :mod:`.candidates` finds candidate name spans in each sentence (token runs, gazetteer names,
   street names, clubs, institutions);
2. :mod:`.classify` types them by an ordered table of rules (gazetteers from :mod:`.lexicon`,
   cue words, context, word endings); :mod:`.cluster` joins names written as one and makes their
   types consistent (:func:`rule_candidates`);
3. :mod:`.tagger`, a CRF trained on GermEval 2014, decides the names and their types, with the
   rules' names among its features;
4. :mod:`.cluster` finds repetitions of typed names, makes types consistent per article and
   clusters the mentions into one entity per referent (aliases, genitive forms, surnames);
5. :mod:`.coref` gives people roles and resolved pronouns and descriptions (through
   :mod:`briefing.language.roles` and :mod:`briefing.language.references`);
6. :mod:`.salience` ranks the entities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.entities.candidates import (
    abbreviated_places,
    adjective_prefix,
    find_candidates,
    find_phrases,
)
from briefing.entities.classify import type_candidate
from briefing.entities.cluster import (
    canonical_name,
    cluster_mentions,
    consistent_types,
    coordinated_types,
    merge_names,
    repeated_names,
)
from briefing.entities.coref import ordered_roles, resolve_people
from briefing.entities.lexicon import entity_lexicon
from briefing.entities.salience import saliences
from briefing.entities.tagger import tag_candidates
from briefing.model import Entity, Mention, SpanIndex

if TYPE_CHECKING:
    from briefing.entities.candidates import Cand
    from briefing.entities.lexicon import Lexicon
    from briefing.model import Document

__all__ = ["find_entities"]


def find_entities(doc: Document, title: str | None = None) -> tuple[Entity, ...]:
    """Named entities of ``doc``, one per referent, most salient first."""
    lex = entity_lexicon()
    cands = repeated_names(tag_candidates(doc, rule_candidates(doc, lex), lex), doc)
    consistent_types(cands)
    clusters = cluster_mentions([c for c in cands if c.type in ("PER", "LOC", "ORG")], lex)
    resolve_people(doc, clusters, lex)
    clusters.sort(key=lambda cl: cl.first_start)
    canonical = [canonical_name(cl, lex) for cl in clusters]
    ranks = saliences(clusters, canonical, doc=doc, title=title, lex=lex)
    built: list[Entity] = []
    for n, (cl, (name, aliases), sal) in enumerate(zip(clusters, canonical, ranks, strict=True), start=1):
        mentions = tuple(Mention(doc.text[m.start : m.end], m.start, m.end, "name") for m in cl.mentions)
        refs = tuple(sorted(set(cl.references), key=lambda r: r.start))
        built.append(Entity(f"e{n}", name, cl.type, aliases, ordered_roles(cl.roles), mentions, refs, sal))
    built.sort(key=lambda e: (-e.salience, e.mentions[0].start if e.mentions else 0))
    return tuple(built)


def rule_candidates(doc: Document, lex: Lexicon) -> list[Cand]:
    """The rules' typed names of ``doc`` (the tagger's features), merged and typed consistently."""
    cands = _typed_candidates(doc, lex)
    cands = merge_names(cands, doc, lex)
    coordinated_types(cands, doc, lex)
    consistent_types(cands)
    return cands


def _typed_candidates(doc: Document, lex: Lexicon) -> list[Cand]:
    """Every typed candidate of the text, in text order."""
    cands: list[Cand] = []
    abbreviated = abbreviated_places(doc, lex)
    in_abbreviated = SpanIndex(abbreviated)
    abbreviated_ids = {id(a) for a in abbreviated}
    for sent in doc.sentences:
        phrases = find_phrases(doc, sent, lex)
        phrases.extend(a for a in abbreviated if sent.start <= a.start < sent.end)
        in_phrases = SpanIndex(phrases)
        for c in find_candidates(doc, sent, lex):
            if in_phrases.overlapping(c.start, c.end) or in_abbreviated.overlapping(c.start, c.end):
                continue
            type_candidate(c, sent, lex)
            if c.type is not None:
                adjective_prefix(c, sent)
                cands.append(c)
        # a phrase that overlaps an abbreviated place other than itself gives way to it
        cands.extend(
            p for p in phrases if in_abbreviated.overlapping(p.start, p.end) <= (id(p) in abbreviated_ids)
        )
    cands.sort(key=lambda c: c.start)  # stable: sentences come in order, phrases join their sentence
    return cands
