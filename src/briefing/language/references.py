"""Reference resolution: which named person a pronoun ("er", "sie") or a description ("der
weißrussische Präsident") refers to.

The text is read in order; each person's most recent mention (a name or a resolved reference)
decides what later references can mean:

* A subject pronoun (``data/language/pronouns.yaml``) refers to the most recently mentioned person
  of its gender (or of unknown gender) within ``pronoun_window`` sentences. An ambiguous pronoun
  ("sie", also plural) counts only next to a singular finite verb and only when a known woman is
  among the candidates.
* A description "der/die ADJA* <role noun> [von <Land>]" whose role noun can stand for a person on
  its own ("der Präsident", not "der Sohn") and which is not followed by a name refers to a person
  of its gender and country: one whose country is the described one, else the most recent one within
  ``description_window`` sentences, else (when a country is named) the most mentioned person not
  known to be from elsewhere. It gives that person the role and the country.

Callers describe their people as :class:`Person` (the start offsets of their name mentions, gender
and country) and get a :class:`Resolution`: the references in text order, and
:meth:`Resolution.referent_before` for "who was spoken of last before this offset".
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from briefing import settings
from briefing.language.lexicon import pronouns
from briefing.language.roles import noun_phrase_before, role_head, role_of
from briefing.language.words import role_nouns

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.language.roles import Places, Role
    from briefing.model import Document, Token


@dataclass(frozen=True, slots=True)
class ReferenceSettings:
    pronoun_window: int  # sentences back to look for a pronoun's antecedent
    description_window: int  # sentences back within which the most recent compatible person is taken
    description_articles: frozenset[str]  # "der", "die"
    country_prepositions: frozenset[str]  # "von", "aus" after the role noun


SETTINGS = settings.register(ReferenceSettings, "language/references.yaml")


@dataclass(slots=True)
class Person:
    """A person the text names, as the resolver sees it."""

    names: Sequence[int]  # start offsets of the person's name mentions (in text order)
    gender: str = "?"  # "m" | "f" | "?"
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """A pronoun or description resolved to ``persons[person]``."""

    person: int
    text: str
    start: int
    end: int
    kind: Literal["pronoun", "description"]
    role: Role | None = None  # a description's role ("weißrussischer Präsident", "Präsident von Belarus")


@dataclass(frozen=True, slots=True)
class Resolution:
    """The resolved references of a text and who was spoken of where."""

    references: tuple[Reference, ...]  # in text order
    _starts: tuple[int, ...]  # offsets of every name mention and reference, sorted
    _persons: tuple[int, ...]  # the person at each of them

    def referent_before(self, offset: int) -> int | None:
        """The person named or referred to last before ``offset`` (an index into the persons)."""
        k = bisect.bisect_left(self._starts, offset)
        return self._persons[k - 1] if k > 0 else None

    def person_at(self, start: int) -> int | None:
        """The person a name mention or reference starting at ``start`` stands for."""
        k = bisect.bisect_left(self._starts, start)
        return self._persons[k] if k < len(self._starts) and self._starts[k] == start else None


def is_subject_pronoun(tokens: Sequence[Token], k: int) -> bool:
    """Whether ``tokens[k]`` is a singular third-person subject pronoun ("er"; "sie sagte")."""
    tok = tokens[k]
    low = tok.text.lower()
    if tok.pos != "PPER" or low not in pronouns().third_person:
        return False
    if low not in pronouns().ambiguous:
        return True
    # "sie" is singular only with a singular verb next to it: "sie sagte", "sagte sie"
    for j in (k + 1, k - 1):
        if (
            0 <= j < len(tokens)
            and tokens[j].pos.startswith(("VV", "VA", "VM"))
            and tokens[j].pos.endswith("FIN")
        ):
            return tokens[j].text.endswith(("t", "te")) and not tokens[j].text.endswith(("en", "ten"))
    return False


def description_at(
    tokens: Sequence[Token], k: int, places: Places, *, describe: bool = False
) -> tuple[list[Token], Role] | None:
    """The description ending in ``tokens[k]`` ("der weißrussische Präsident", "die Ministerin
    von Belarus") and its role, if ``tokens[k]`` is a role noun that can refer to a person
    (``describe``: the role keeps every adjective, see :func:`briefing.language.roles.role_of`)."""
    tok = tokens[k]
    head = role_head(tok.text)
    if head is None or head not in role_nouns().description_heads or tok.pos != "NN":
        return None
    phrase = noun_phrase_before(tokens, k)
    if phrase[0].pos != "ART" or phrase[0].text.lower() not in SETTINGS().description_articles:
        return None
    role = role_of(phrase, places, describe=describe)
    if role is None:
        return None
    # "von Weißrussland" after the noun gives the country too
    if k + 2 < len(tokens) and tokens[k + 1].text in SETTINGS().country_prepositions:
        country = places.country_of_name(tokens[k + 2].text)
        if country is not None:
            role = dataclasses.replace(role, text=f"{role.text} von {tokens[k + 2].text}", country=country)
    return phrase, role


class _Walk:
    """The state of reading the text in order: where each person was last spoken of."""

    def __init__(self, persons: Sequence[Person]) -> None:
        self.persons = persons
        self.country = [p.country for p in persons]
        self.last_seen: dict[int, tuple[int, int]] = {}  # person -> (sentence, token index)
        self.references: list[Reference] = []

    def pronoun(self, tok: Token, sentence: int, k: int) -> None:
        cfg = SETTINGS()
        low = tok.text.lower()
        gender = pronouns().third_person[low]
        cands = [
            (pos, i)
            for i, pos in self.last_seen.items()
            if sentence - pos[0] <= cfg.pronoun_window and self.persons[i].gender in (gender, "?")
        ]
        if low in pronouns().ambiguous and not any(self.persons[i].gender == gender for _, i in cands):
            return
        if cands:
            target = max(cands)[1]
            self.references.append(Reference(target, tok.text, tok.start, tok.end, "pronoun"))
            self.last_seen[target] = (sentence, k)

    def description(self, doc: Document, phrase: list[Token], role: Role, sentence: int, k: int) -> None:
        cfg = SETTINGS()
        country = role.country
        compatible = [
            (pos, i)
            for i, pos in self.last_seen.items()
            if self.persons[i].gender in (role.gender, "?")
            and (country is None or self.country[i] in (None, country))
        ]
        exact = [pc for pc in compatible if country is not None and self.country[pc[1]] == country]
        recent = [pc for pc in compatible if sentence - pc[0][0] <= cfg.description_window]
        if exact or recent:
            target = max(exact or recent)[1]
        elif country is not None and compatible:
            # "der russische Präsident": the most mentioned person not known to be from elsewhere
            target = max(compatible, key=lambda pc: (len(self.persons[pc[1]].names), pc[0]))[1]
        else:
            return
        start, end = phrase[0].start, phrase[-1].end
        self.references.append(Reference(target, doc.text[start:end], start, end, "description", role))
        self.country[target] = self.country[target] or country
        self.last_seen[target] = (sentence, k)


def resolve_references(doc: Document, persons: Sequence[Person], places: Places) -> Resolution:
    """Resolve the subject pronouns and descriptions of ``doc`` to ``persons`` (see the module doc)."""
    named: dict[int, int] = {start: i for i, p in enumerate(persons) for start in p.names}
    walk = _Walk(persons)
    if persons:
        for sent in doc.sentences:
            toks = sent.tokens
            for k, tok in enumerate(toks):
                person = named.get(tok.start)
                if person is not None:
                    walk.last_seen[person] = (sent.index, k)
                    continue
                if is_subject_pronoun(toks, k):
                    walk.pronoun(tok, sent.index, k)
                    continue
                if k + 1 < len(toks) and toks[k + 1].start in named:
                    continue  # a role before a name ("Präsident Biden"): a title, not a reference
                found = description_at(toks, k, places)
                if found is not None:
                    walk.description(doc, *found, sent.index, k)
    spoken = sorted([*named.items(), *((r.start, r.person) for r in walk.references)])
    return Resolution(tuple(walk.references), tuple(s for s, _ in spoken), tuple(i for _, i in spoken))
