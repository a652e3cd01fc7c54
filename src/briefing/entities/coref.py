"""People's roles and references: the entity stage's use of the language layer.

A person gets a role from the role noun right before a name ("US-Präsident Joe Biden", via
:mod:`briefing.language.roles`), and the pronouns and descriptions that
:mod:`briefing.language.references` resolves to it ("er", "der weißrussische Präsident"), with the
descriptions' roles. A role's rank: the role before a name beats a description's, a role naming a
country beats one that does not, an office beats other roles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.language.references import Person, resolve_references
from briefing.language.roles import role_before
from briefing.model import Mention, token_index

if TYPE_CHECKING:
    from collections.abc import Iterable

    from briefing.entities.cluster import Cluster
    from briefing.entities.lexicon import Lexicon
    from briefing.language.roles import Role
    from briefing.model import Document


def _rank(role: Role, before_name: bool) -> int:
    return 1 + before_name + (role.country is not None) + role.office


def resolve_people(doc: Document, clusters: list[Cluster], lex: Lexicon) -> None:
    """Roles from role nouns before names; references for pronouns and descriptions (in place)."""
    persons = [cl for cl in clusters if cl.type == "PER"]
    if not persons:
        return
    for cl in persons:
        for m in cl.mentions:
            if not m.role_tokens:
                continue
            toks = doc.sentences[m.sentence].tokens
            role = role_before(toks, token_index(toks, m.role_tokens[0].start) + 1, lex)
            if role is not None:
                cl.roles.append((_rank(role, before_name=True), role.text))
                cl.country = cl.country or role.country
                if cl.gender == "?":
                    cl.gender = role.gender
    people = [Person([m.start for m in cl.mentions], cl.gender, cl.country) for cl in persons]
    for ref in resolve_references(doc, people, lex).references:
        target = persons[ref.person]
        target.references.append(Mention(ref.text, ref.start, ref.end, ref.kind))
        if ref.role is not None:
            target.roles.append((_rank(ref.role, before_name=False), ref.role.text))
            target.country = target.country or ref.role.country


def ordered_roles(roles: Iterable[tuple[int, str]]) -> tuple[str, ...]:
    """A person's distinct roles, best first: by rank, then length, then how often the text gives them."""
    score: dict[str, tuple[int, int, int]] = {}
    for order, (spec, role) in enumerate(roles):
        cur = score.get(role)
        count = (cur[1] if cur else 0) + 1
        score[role] = (max(spec, cur[0] if cur else 0), count, -order if cur is None else cur[2])
    return tuple(
        sorted(score, key=lambda r: (score[r][0], len(r.split()), score[r][1], score[r][2]), reverse=True)
    )
