"""Who gets an entity box, in which order, under which name.

* :func:`group_entities`: entities that are one referent share a box: equal names, equivalents
  (``equivalents.yaml``), one knowledge-base entry, and a person whose name (less a genitive -s) is
  the end of another person's name ("Arnsbergs", "Arnsberg" -> "Peter Arnsberg").
* :func:`rank_groups`: a group's rank is the entity stage's salience (mentions, references, title
  words, roles) plus ``key_quote_weight`` per key quote its members speak and ``timeline_weight``
  per timeline entry they take part in. The candidates are the ``candidate_entities`` best groups
  and the leaders (the top actor, ``actor_types``, by salience and by rank); leaders come first,
  then actors, then the rest, each by rank; actors below ``min_actor_share`` of the top rank drop
  out. The boxes are then shown people first (:func:`type_rank`, ``type_order``).
* :func:`base_name`: a name without its genitive -s ("Arnsbergs" -> "Arnsberg") when the article
  also writes it without.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.context.config import CONFIG
from briefing.knowledge_base import name_keys

if TYPE_CHECKING:
    from collections.abc import Collection

    from briefing.knowledge_base import KnowledgeBase, KnowledgeEntry
    from briefing.model import Entity, Quote, TimelineEntry

_GENITIVE_ENDS = ("ss", "ß", "'s", "’s")  # "Kuss", "Strauß": no genitive -s to strip
_MIN_BASE = 3  # letters the name keeps without its -s


def base_name(name: str, known: Collection[str]) -> str:
    """``name`` without a genitive -s on its last word when ``known`` (the article's words and
    names) has that word without it: "Arnsbergs" -> "Arnsberg", "Markus" stays."""
    words = name.split(" ")
    last = words[-1]
    if not last.endswith("s") or last.endswith(_GENITIVE_ENDS) or len(last) <= _MIN_BASE:
        return name
    stem = last[:-1]
    if stem in known or " ".join([*words[:-1], stem]) in known:
        return " ".join([*words[:-1], stem])
    return name


def _ends_with(longer: str, shorter: str) -> bool:
    """Whether the words of ``shorter`` are the last words of ``longer`` (and fewer)."""
    a, b = longer.split(), shorter.split()
    return len(b) < len(a) and a[-len(b) :] == b


def group_entities(
    entities: tuple[Entity, ...], kb: KnowledgeBase, known: Collection[str] = ()
) -> list[list[Entity]]:
    """Entities that are one referent under two names grouped, in the order of ``entities``."""
    groups: list[tuple[frozenset[str], KnowledgeEntry | None, list[Entity]]] = []
    for ent in entities:
        keys = name_keys((ent.name, *ent.aliases))
        entry = kb.lookup((ent.name, *ent.aliases), kind="entity", entity_type=ent.type)
        base = base_name(ent.name, known)
        for g_keys, g_entry, members in groups:
            head = members[0]
            if head.type != ent.type:
                continue
            same = keys & g_keys or (entry is not None and entry is g_entry)
            surname = ent.type == "PER" and (_ends_with(head.name, base) or _ends_with(base, head.name))
            if same or surname:
                members.append(ent)  # the more salient name heads the group
                break
        else:
            groups.append((keys, entry, [ent]))
    return [members for _, _, members in groups]


@dataclass(frozen=True, slots=True)
class Ranked:
    """A group of entities with its rank score; a leader is the top actor (by the entity stage's
    salience or by rank score): it gets a box even with nothing else to show."""

    group: list[Entity]
    score: float
    leader: bool = False

    @property
    def main(self) -> Entity:
        return self.group[0]


def rank_groups(
    entities: tuple[Entity, ...],
    kb: KnowledgeBase,
    known: Collection[str],
    quotes: tuple[Quote, ...] = (),
    timeline: tuple[TimelineEntry, ...] = (),
) -> list[Ranked]:
    """The candidate groups for a box: actors first, each by rank score."""
    cfg = CONFIG()
    kept = tuple(e for e in entities if e.salience >= cfg.min_salience)
    speaks: dict[str, int] = {}
    for q in quotes:
        if q.key and q.entity is not None:
            speaks[q.entity] = speaks.get(q.entity, 0) + 1
    in_timeline: dict[str, int] = {}
    for entry in timeline:
        for name in set(entry.entities):
            in_timeline[name] = in_timeline.get(name, 0) + 1

    def score(group: list[Entity]) -> float:
        return sum(
            e.salience
            + cfg.key_quote_weight * speaks.get(e.id, 0)
            + cfg.timeline_weight * in_timeline.get(e.name, 0)
            for e in group
        )

    groups = group_entities(kept, kb, known)
    scores = [score(g) for g in groups]
    actors = [i for i, g in enumerate(groups) if g[0].type in cfg.actor_types]
    leaders: set[int] = set()
    if actors:
        leaders.add(max(actors, key=lambda i: max(e.salience for e in groups[i])))
        leaders.add(max(actors, key=lambda i: scores[i]))
    # actors and the other entities each have their own candidates: places do not crowd out people
    others = [i for i in range(len(groups)) if i not in actors]
    best = [
        *sorted(actors, key=lambda i: -scores[i])[: cfg.candidate_entities],
        *sorted(others, key=lambda i: -scores[i])[: cfg.candidate_entities],
    ]
    # admission compares how much the article is about each actor (salience); the key-quote and
    # timeline bonuses only order the boxes (the top actor speaks the key quotes: its bonus would
    # shut out an actor who is only spoken about)
    salience = [sum(e.salience for e in g) for g in groups]
    top = max((salience[i] for i in actors), default=0.0)
    ranked = [
        Ranked(groups[i], scores[i], i in leaders)
        for i in sorted(set(best) | leaders)
        if i in leaders or i not in actors or salience[i] >= cfg.min_actor_share * top
    ]
    # leaders, then the other actors, then the other entities, each by rank: who gets a box
    return sorted(ranked, key=lambda r: (not r.leader, r.main.type not in cfg.actor_types, -r.score))


def type_rank(entity_type: str) -> int:
    """Where boxes of ``entity_type`` stand (``type_order``: people first)."""
    order = CONFIG().type_order
    return order.index(entity_type) if entity_type in order else len(order)
