"""Entity boxes: one per salient entity, with a subtitle, article facts and a knowledge-base entry.

Entities that are one referent under two names (``equivalents.yaml``, or one knowledge-base entry)
share a box (:func:`group_entities`). The subtitle is "<type> · <role> · auch: <other names>":

* the role is the entity stage's first role (``Entity.roles``); failing that, the article's
  description of the person with every adjective ("der autoritäre Herrscher von Weißrussland" ->
  "autoritärer Herrscher von Weißrussland"), from the entity's description references or a role
  noun right before its name (:mod:`briefing.language.roles`, ``describe=True``);
* other names are the group's names and the entry's title not contained in the box title.

The facts are the entity's best background sentences (:mod:`.facts`) over its name mentions and
the references the entity stage resolved to it (:mod:`briefing.language.references`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.context.config import CONFIG
from briefing.context.facts import article_fact, choose, entity_facts
from briefing.knowledge_base import name_keys, normalise_name
from briefing.language.references import description_at
from briefing.language.roles import role_before
from briefing.model import ContextBox, token_from

if TYPE_CHECKING:
    from briefing.context.facts import Ref, Workspace
    from briefing.knowledge_base import KnowledgeBase, KnowledgeEntry
    from briefing.language.roles import Places
    from briefing.model import Entity

_WORD = re.compile(r"\w+")


def group_entities(entities: tuple[Entity, ...], kb: KnowledgeBase) -> list[list[Entity]]:
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


def build_entity_boxes(
    ws: Workspace, entities: tuple[Entity, ...], kb: KnowledgeBase, places: Places
) -> list[ContextBox]:
    """Boxes for the most salient entities that have background facts or a knowledge-base entry."""
    cfg = CONFIG()
    ranked = tuple(sorted((e for e in entities if e.salience >= cfg.min_salience), key=lambda e: -e.salience))
    boxes: list[ContextBox] = []
    for group in group_entities(ranked, kb)[: cfg.candidate_entities]:
        if len(boxes) >= cfg.max_entity_boxes:
            break
        main = group[0]
        names = [main.name] + [n for e in group for n in (e.name, *e.aliases) if n != main.name]
        entry = kb.lookup(names, kind="entity", entity_type=main.type)
        spans = choose(ws, entity_facts(ws, _references(group)), cfg.max_facts)
        facts = [article_fact(ws.doc, s, e) for s, e in spans]
        if entry is not None:
            facts.append(entry.fact())
        if not facts:
            continue
        role = next((r for e in group for r in e.roles), None) or described_role(ws, main, places)
        parts = [cfg.type_labels.get(main.type, ""), role, names_line(names, entry)]
        subtitle = cfg.subtitle_separator.join(p for p in parts if p)
        boxes.append(ContextBox("entity", main.name, subtitle or None, tuple(facts), main.id))
    return boxes
