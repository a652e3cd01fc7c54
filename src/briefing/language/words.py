"""German word lists about people and organisations: role nouns, offices, person titles.

Loaded from ``data/language/roles.yaml`` and ``organisations.yaml`` into one
frozen :class:`Words` (see :mod:`briefing.settings`); :func:`words` returns it, read once per
process. :mod:`briefing.language.roles` and :mod:`briefing.language.references` build on it, and
the entity stage takes its person titles and organisation cues from here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from briefing import settings


@dataclass(frozen=True, slots=True)
class Words:
    """The word lists as written in the data files (case kept)."""

    roles: tuple[str, ...]  # role nouns: "Präsident", "Staatschef", "Sprecher"
    description_heads: frozenset[str]  # roles that refer to a person as "der Präsident"
    offices: frozenset[str]  # roles that say most about a person (ranked first)
    person_titles: frozenset[str]  # "Herr", "Dr.", "Kardinal": a following name is a person's
    org_tokens: frozenset[str]  # tokens inside a name that make it an organisation ("AG", "Partei")
    org_suffixes: tuple[str, ...]  # compound endings of organisations ("ministerium", "zeitung")


@dataclass(frozen=True, slots=True)
class RoleNouns:
    """The role lists in lower case, for matching word endings."""

    heads: frozenset[str]
    lengths: tuple[int, ...]  # the heads' lengths, longest first
    description_heads: frozenset[str]
    offices: frozenset[str]


WORDS = settings.register(Words, "language/roles.yaml", "language/organisations.yaml")


def words() -> Words:
    """The word lists (loaded and checked once per process)."""
    return WORDS()


@functools.cache
def role_nouns() -> RoleNouns:
    """Role nouns, description heads and offices in lower case."""
    w = WORDS()
    return RoleNouns(
        heads=frozenset(r.lower() for r in w.roles),
        lengths=tuple(sorted({len(r) for r in w.roles}, reverse=True)),
        description_heads=frozenset(r.lower() for r in w.description_heads),
        offices=frozenset(r.lower() for r in w.offices),
    )
