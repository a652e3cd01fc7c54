"""Entity boxes: one per main actor or salient entity, with a subtitle, facts and a knowledge-base entry.

Which entities, in which order and under which name: :mod:`.actors` (people first, the name in its
base form). An actor (``actor_types``: people, organisations) gets a box for what the article says
of it (sentences scoring ``min_actor_fact_score``) or its role; the top actor gets a box even with
nothing left to show. Other entities need background sentences (``min_fact_score``) or a
knowledge-base entry. The subtitle is "<type> · <role> · auch: <other names>":

* the role is the entity stage's first role (``Entity.roles``); failing that, the article's
  description of the person with every adjective ("der autoritäre Herrscher von Weißrussland" ->
  "autoritärer Herrscher von Weißrussland"), from the entity's description references or a role
  noun right before its name (:mod:`briefing.language.roles`, ``describe=True``);
* other names are the group's names and the entry's title not contained in the box title, in
  their base form (no genitive -s).

The facts are the entity's best sentences (:mod:`.facts`, at most ``max_facts``) over its name
mentions and the references the entity stage resolved to it (:mod:`briefing.language.references`),
never one a summary point, key quote or other box prints.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.context.actors import base_name, rank_groups, type_rank
from briefing.context.config import CONFIG
from briefing.context.facts import article_fact, choose, entity_facts
from briefing.knowledge_base import normalise_name
from briefing.language.references import description_at
from briefing.language.roles import role_before
from briefing.model import ContextBox, token_from

if TYPE_CHECKING:
    from briefing.context.facts import Ref, Workspace
    from briefing.knowledge_base import KnowledgeBase, KnowledgeEntry
    from briefing.language.roles import Places
    from briefing.model import Entity, Quote, TimelineEntry

_WORD = re.compile(r"\w+")


def names_line(names: list[str], entry: KnowledgeEntry | None) -> str | None:
    """ "auch: <names>": the other names (and the entry's title) not contained in ``names[0]``."""
    cfg = CONFIG()
    main = names[0]
    main_words = {w.casefold() for w in _WORD.findall(main)}
    others: list[str] = []
    for name in [*names[1:], *([entry.title] if entry is not None else [])]:
        words = {w.casefold() for w in _WORD.findall(name)}
        if words <= main_words or normalise_name(name) == normalise_name(main):
            continue
        if all(normalise_name(name) != normalise_name(o) for o in others):
            others.append(name)
    others = others[: cfg.max_aliases_shown]
    return cfg.aliases_prefix + ", ".join(others) if others else None


def described_role(ws: Workspace, ent: Entity, places: Places) -> str | None:
    """The article's fullest description of a person: from its description references or a role
    noun before its name, with every adjective; one naming a country ("von ...") first, then the
    longest."""
    if ent.type != "PER":
        return None
    found: list[tuple[bool, int, str]] = []
    for ref in ent.references:
        sent = ws.doc.sentence_at(ref.start)
        if ref.kind != "description" or sent is None:
            continue
        k = token_from(sent.tokens, ref.end) - 1  # the description's role noun
        described = description_at(sent.tokens, k, places, describe=True) if k >= 0 else None
        if described is not None:
            text = described[1].text
            found.append((" von " in text, len(text), text))
    for m in ent.mentions:
        sent = ws.doc.sentence_at(m.start)
        if sent is None:
            continue
        role = role_before(sent.tokens, token_from(sent.tokens, m.start), places, describe=True)
        if role is not None:
            found.append((False, len(role.text), role.text))
    return max(found)[2] if found else None


def _references(group: list[Entity]) -> list[Ref]:
    refs: list[Ref] = []
    for e in group:
        refs += [(m.start, m.end, "name") for m in e.mentions]
        refs += [(m.start, m.end, m.kind) for m in e.references]
    return refs


def known_words(ws: Workspace, entities: tuple[Entity, ...]) -> set[str]:
    """The article's words and the entities' names: what a base form may be checked against."""
    known = {t.text for sent in ws.doc.sentences for t in sent.tokens}
    known |= {n for e in entities for n in (e.name, *e.aliases)}
    return known


def build_entity_boxes(
    ws: Workspace,
    entities: tuple[Entity, ...],
    kb: KnowledgeBase,
    places: Places,
    *,
    quotes: tuple[Quote, ...] = (),
    timeline: tuple[TimelineEntry, ...] = (),
) -> list[ContextBox]:
    """Boxes for the main actors and the salient entities with background, people first."""
    cfg = CONFIG()
    known = known_words(ws, entities)
    boxes: list[tuple[int, ContextBox]] = []
    for ranked in rank_groups(entities, kb, known, quotes, timeline):
        if len(boxes) >= cfg.max_entity_boxes:
            break
        group, main = ranked.group, ranked.main
        actor = main.type in cfg.actor_types
        names = list(dict.fromkeys(base_name(n, known) for e in group for n in (e.name, *e.aliases)))
        entry = kb.lookup(names, kind="entity", entity_type=main.type)
        threshold = cfg.min_actor_fact_score if actor else cfg.min_fact_score
        spans = choose(ws, entity_facts(ws, _references(group), threshold), cfg.max_facts)
        facts = [article_fact(ws.doc, s, e) for s, e in spans]
        if entry is not None:
            facts.append(entry.fact())
        role = next((r for e in group for r in e.roles), None) or described_role(ws, main, places)
        also = names_line(names, entry)
        # without a fact, an actor needs a role and anything else another name the article uses
        # ("Weißrussland · auch: Belarus"), or to be the top actor
        if not facts and not ((actor and role) or also) and not ranked.leader:
            continue
        parts = [cfg.type_labels.get(main.type, ""), role, also]
        subtitle = cfg.subtitle_separator.join(p for p in parts if p)
        boxes.append(
            (type_rank(main.type), ContextBox("entity", names[0], subtitle or None, tuple(facts), main.id))
        )
    return [b for _, b in sorted(boxes, key=lambda pair: pair[0])]  # stable: by rank within a type
