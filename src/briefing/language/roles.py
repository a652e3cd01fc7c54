"""Roles of people: "der weißrussische Präsident Alexander Lukaschenko" -> "weißrussischer Präsident".

A role is a noun phrase whose head is a role noun (``data/language/roles.yaml``: "Präsident",
"Staatschef", also inside compounds: "US-Präsidentin", "Regierungssprecher"). Its role string keeps
the head as written and the nationality adjectives before it in the nominative ("weißrussischer
Präsident", "russische Außenministerin"); other adjectives ("autoritär", "ehemalig") stay out. The
nationality, the "US-" of a compound or a "von Weißrussland" after it give the person's country.

A *description* of a person (``describe=True``, for a box's role line) keeps every attributive
adjective as the article states it, in the nominative ("der autoritäre Herrscher" -> "autoritärer
Herrscher"); an oblique phrase ("des autoritären Herrschers") then states no role.

The module knows no place names: the caller passes :class:`Places`, which maps an adjective stem
("weißrussisch") and a name ("US") to a country (the entity stage's gazetteer does).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from briefing.language.lexicon import role_nouns

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.model import Token

ADJECTIVE_ENDINGS = ("en", "er", "es", "em", "e")
# Adjective endings that are never nominative singular ("des weißrussischen", "dem", "des").
OBLIQUE_ENDINGS = ("en", "em", "es")
# What may stand before a role noun in its phrase: article, adjectives, possessive, demonstrative.
_PHRASE_TAGS = frozenset({"ADJA", "ART", "PPOSAT", "PDAT"})
_HEAD_SUFFIXES = ("innen", "in", "en", "s", "n", "")  # plural, feminine, genitive/dative endings


class Places(Protocol):
    """What a role needs to know about places."""

    def country_of_adjective(self, stem: str) -> str | None:
        """The country of a nationality adjective's stem ("weißrussisch" -> "Belarus")."""
        ...

    def country_of_name(self, word: str) -> str | None:
        """The canonical name of a known place or organisation written as one word ("US")."""
        ...


@dataclass(frozen=True, slots=True)
class Role:
    """A person's role as the text states it."""

    text: str  # "weißrussischer Präsident", "US-Präsident", "Präsident von Weißrussland"
    head: str  # the role noun in lower case: "präsident"
    country: str | None  # the country the phrase names, if any
    gender: str  # "f" for a feminine noun ("Ministerin"), else "m"

    @property
    def office(self) -> bool:
        """Whether the head is an office ("Präsident", "Ministerin"), which says most about a person."""
        return self.head in role_nouns().offices

    @property
    def description(self) -> bool:
        """Whether the head can refer to a known person on its own ("der Präsident")."""
        return self.head in role_nouns().description_heads


def adjective_stem(word: str) -> str:
    """A German adjective without its inflection ending, in lower case ("Russischen" -> "russisch")."""
    low = word.lower()
    for ending in ADJECTIVE_ENDINGS:
        if low.endswith(ending):
            return low[: -len(ending)]
    return low


@functools.lru_cache(maxsize=100_000)
def role_head(word: str) -> str | None:
    """The role noun a word is or ends in, in lower case ("US-Präsidentin" -> "präsident"), if any.

    Inflection endings are tried off ("Präsidenten", "Ministerinnen"); the longest role noun the
    rest ends in wins; role nouns under 4 letters count only as the whole word.
    """
    nouns = role_nouns()
    low = word.lower()
    for suffix in _HEAD_SUFFIXES:
        if suffix and not low.endswith(suffix):
            continue
        stem = low[: len(low) - len(suffix)]
        for n in nouns.lengths:
            if n <= len(stem) and (n >= 4 or n == len(stem)) and stem[-n:] in nouns.heads:
                return stem[-n:]
    return None


def states_role(text: str) -> bool:
    """A phrase states a role when one of its words is or ends in a role noun ("Teamchef",
    "Sprecherin der Stadt"); a first name ("Lothar"), an abstract noun ("Handlungsweise") or a
    genitive name ("Trumps") does not."""
    return any(role_head(word.strip(",.;:()")) is not None for word in text.split())


def noun_phrase_before(tokens: Sequence[Token], idx: int) -> list[Token]:
    """The token at ``idx`` (a role noun) with its determiner and adjectives before it."""
    k = idx
    while k > 0 and tokens[k - 1].pos in _PHRASE_TAGS:
        k -= 1
    return list(tokens[k : idx + 1])


def role_of(phrase: Sequence[Token], places: Places, *, describe: bool = False) -> Role | None:
    """The role a noun phrase ending in a role noun states: "der weißrussische Präsident" ->
    ``Role("weißrussischer Präsident", "präsident", "Belarus", "m")``; None without a role noun.

    ``describe`` keeps every adjective ("der autoritäre Herrscher" -> "autoritärer Herrscher"), and
    a phrase with an oblique adjective ("des autoritären Herrschers") then has no role.
    """
    if not phrase:
        return None
    head_tok = phrase[-1]
    head = role_head(head_tok.text)
    if head is None:
        return None
    adjectives: list[str] = []
    country: str | None = None
    for t in phrase[:-1]:
        if t.pos != "ADJA":
            continue
        if describe and t.text.lower().endswith(OBLIQUE_ENDINGS):
            return None
        stem = adjective_stem(t.text)
        found = places.country_of_adjective(stem)
        if found is not None:
            country = found
        if found is not None or describe:  # else ("autoritär", "ehemalig") out of the role
            adjectives.append(stem)
    noun = head_tok.text
    if "-" in noun:
        prefix_country = places.country_of_name(noun.split("-", 1)[0])
        if prefix_country is not None:
            country = prefix_country
    female = noun.endswith("in") and not head.endswith("in")
    if adjectives:
        ending = "e" if female else "er"
        text = " ".join(a + ending for a in adjectives) + " " + noun
    else:
        text = noun
    return Role(text, head, country, "f" if female else "m")


def role_before(
    tokens: Sequence[Token], name_index: int, places: Places, *, describe: bool = False
) -> Role | None:
    """The role stated right before the name starting at ``tokens[name_index]``:
    "der weißrussische Präsident Alexander Lukaschenko" -> "weißrussischer Präsident"
    (``describe``: with every adjective, see :func:`role_of`)."""
    if name_index <= 0:
        return None
    return role_of(noun_phrase_before(tokens, name_index - 1), places, describe=describe)
