"""Reference resolution: which named person a pronoun ("er", "sie") or a description ("der
weißrussische Präsident") refers to.

The text is read in order; each person's most recent mention (a name or a resolved reference)
decides what later references can mean:

* A subject pronoun (``data/language/pronouns.yaml``) refers to the most recently mentioned person
  of its gender (or of unknown gender) within ``pronoun_window`` sentences. An ambiguous pronoun
  ("sie", also plural) counts only next to a singular finite verb ("sie sagte", "griff sie", "sie
  sei"; a verb's number by its ending, ``references.yaml``), not as the object after a subject
  pronoun ("er will sie …"), and only when a known woman is among the candidates.
  :func:`is_plural_pronoun` tells the plural use ("sie sagten"), which stands for a group.
* A description "der/die ADJA* <role noun> [von <Land>]" whose role noun can stand for a person on
  its own ("der Präsident", not "der Sohn") and which is not followed by a name refers to a person
  of its gender and country: one whose country is the described one, else the most recent one within
  ``description_window`` sentences, else (when a country is named) the most mentioned person not
  known to be from elsewhere. It gives that person the role, the country and, when not known, the
  gender of the noun ("die Bundeskanzlerin": a woman, so a later "sie sagte" can be her).

Callers describe their people as :class:`Person` (the start offsets of their name mentions, gender
and country) and get a :class:`Resolution`: the references in text order, and
:meth:`Resolution.referent_before` for "who was spoken of last before this offset". A later stage
that reads the entity stage's people (their name mentions and resolved references) gets the same
queries from :meth:`Resolution.of_people` without resolving again.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from briefing import settings
from briefing.language.lexicon import pronouns, role_nouns
from briefing.language.roles import noun_phrase_before, role_head, role_of
from briefing.model import FINITE_VERB_TAGS

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from briefing.language.roles import Places, Role
    from briefing.model import Document, Token


@dataclass(frozen=True, slots=True)
class ReferenceSettings:
    pronoun_window: int  # sentences back to look for a pronoun's antecedent
    description_window: int  # sentences back within which the most recent compatible person is taken
    description_articles: frozenset[str]  # "der", "die"
    country_prepositions: frozenset[str]  # "von", "aus" after the role noun
    plural_verb_endings: tuple[str, ...]  # a finite verb ending so is plural ("sagten", "ändern")
    plural_verb_forms: frozenset[str]  # plural finite verbs without such an ending ("sind")
    singular_verb_forms: frozenset[str]  # singular finite verbs with such an ending ("schien")


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

    @classmethod
    def of_people(cls, people: Sequence[Sequence[int]]) -> Resolution:
        """The resolution already made, read back from each person's name mentions and resolved
        references (start offsets): what a later stage knows from the entity stage's output. It
        answers :meth:`referent_before` and :meth:`person_at`; its ``references`` stay empty."""
        spoken = sorted((start, i) for i, starts in enumerate(people) for start in starts)
        return cls((), tuple(s for s, _ in spoken), tuple(i for _, i in spoken))

    def referent_before(self, offset: int) -> int | None:
        """The person named or referred to last before ``offset`` (an index into the persons)."""
        k = bisect.bisect_left(self._starts, offset)
        return self._persons[k - 1] if k > 0 else None

    def person_at(self, start: int) -> int | None:
        """The person a name mention or reference starting at ``start`` stands for."""
        k = bisect.bisect_left(self._starts, start)
        return self._persons[k] if k < len(self._starts) and self._starts[k] == start else None


_REFERRING_TAGS = frozenset({"PPER", "PDS"})


def is_bare_pronoun(tok: Token) -> bool:
    """A third-person or demonstrative pronoun standing for someone or something ("Er", "Sie",
    "Das", "Dies"), not an article ("Das Gericht")."""
    low = tok.text.lower()
    words = pronouns()
    return tok.pos in _REFERRING_TAGS and (low in words.third_person or low in words.demonstratives)


def with_referent(pronoun: str, name: str) -> str:
    """A pronoun with its referent as an editorial bracket: "Er [Alexander Lukaschenko]"; the one
    form in which the timeline's labels and the summary's points name whom a pronoun stands for."""
    return f"{pronoun} [{name}]"


def is_subject_pronoun(tokens: Sequence[Token], k: int) -> bool:
    """Whether ``tokens[k]`` is a singular third-person subject pronoun ("er"; "sie sagte", "griff
    sie"; not "sie sagten", nor the object in "er will sie abschaffen")."""
    tok = tokens[k]
    low = tok.text.lower()
    if tok.pos != "PPER" or low not in pronouns().third_person:
        return False
    if low not in pronouns().ambiguous:
        return True
    verb = _finite_verb_next_to(tokens, k)
    if verb is None or is_plural_verb(tokens[verb].text):
        return False
    # after the verb, with a subject pronoun before it, "sie" is the object: "er will sie abschaffen"
    words = pronouns()
    subjects = (words.third_person.keys() | words.first_person) - words.ambiguous
    return not (verb == k - 1 and verb > 0 and tokens[verb - 1].text.lower() in subjects)


def is_plural_pronoun(tokens: Sequence[Token], k: int) -> bool:
    """Whether ``tokens[k]`` is an ambiguous pronoun used as a plural ("sie sagten", "betonten sie"):
    it stands for a group, never for one named person."""
    low = tokens[k].text.lower()
    if tokens[k].pos != "PPER" or low not in pronouns().ambiguous:
        return False
    verb = _finite_verb_next_to(tokens, k)
    return verb is not None and is_plural_verb(tokens[verb].text)


def _finite_verb_next_to(tokens: Sequence[Token], k: int) -> int | None:
    """The finite verb right after or right before ``tokens[k]``, if any."""
    for j in (k + 1, k - 1):
        if 0 <= j < len(tokens) and tokens[j].pos in FINITE_VERB_TAGS:
            return j
    return None


def is_plural_verb(form: str) -> bool:
    """Whether a finite verb form is plural: "sagten", "wollen", "ändern", "sind" (not "sagte",
    "griff", "wird", "sei", "kann", "schien"); the endings and forms are in ``references.yaml``."""
    cfg = SETTINGS()
    low = form.lower()
    if low in cfg.singular_verb_forms:
        return False
    return low in cfg.plural_verb_forms or low.endswith(cfg.plural_verb_endings)


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
    """The state of reading the text in order: where each person was last spoken of.

    Positions only grow as the text is read, so ``last_seen`` kept in the order of its updates is
    ordered by recency: a pronoun looks back only through the people of its window, most recent
    first, instead of scanning everyone seen so far.
    """

    def __init__(self, persons: Sequence[Person]) -> None:
        self.persons = persons
        self.country = [p.country for p in persons]
        self.gender = [p.gender for p in persons]  # a description's noun tells an unknown gender
        self.last_seen: dict[int, tuple[int, int]] = {}  # person -> (sentence, token index), oldest first
        self.references: list[Reference] = []

    def seen(self, person: int, pos: tuple[int, int]) -> None:
        """``person`` is spoken of at ``pos`` (after every earlier position)."""
        self.last_seen.pop(person, None)
        self.last_seen[person] = pos

    def _recent_first(self) -> Iterator[tuple[tuple[int, int], int]]:
        """(position, person) of everyone spoken of so far, most recent first."""
        for i in reversed(self.last_seen):
            yield self.last_seen[i], i

    def _within(self, sentence: int, window: int) -> Iterator[tuple[tuple[int, int], int]]:
        """(position, person) of the people spoken of within ``window`` sentences, most recent first."""
        for pos, i in self._recent_first():
            if sentence - pos[0] > window:
                return
            yield pos, i

    def pronoun(self, tok: Token, sentence: int, k: int) -> None:
        cfg = SETTINGS()
        low = tok.text.lower()
        gender = pronouns().third_person[low]
        cands = [
            (pos, i)
            for pos, i in self._within(sentence, cfg.pronoun_window)
            if self.gender[i] in (gender, "?")
        ]
        if low in pronouns().ambiguous and not any(self.gender[i] == gender for _, i in cands):
            return
        if cands:
            target = cands[0][1]  # the most recent
            self.references.append(Reference(target, tok.text, tok.start, tok.end, "pronoun"))
            self.seen(target, (sentence, k))

    def description(self, doc: Document, phrase: list[Token], role: Role, sentence: int, k: int) -> None:
        cfg = SETTINGS()
        country = role.country

        def compatible(i: int) -> bool:
            return self.gender[i] in (role.gender, "?") and (
                country is None or self.country[i] in (None, country)
            )

        # the most recent person of the described country, else the most recent one within the window
        exact = (
            None
            if country is None
            else next(
                (pc for pc in self._recent_first() if self.country[pc[1]] == country and compatible(pc[1])),
                None,
            )
        )
        found = exact or next(
            (pc for pc in self._within(sentence, cfg.description_window) if compatible(pc[1])), None
        )
        if found is not None:
            target = found[1]
        elif country is not None and (others := [pc for pc in self._recent_first() if compatible(pc[1])]):
            # "der russische Präsident": the most mentioned person not known to be from elsewhere
            target = max(others, key=lambda pc: (len(self.persons[pc[1]].names), pc[0]))[1]
        else:
            return
        start, end = phrase[0].start, phrase[-1].end
        self.references.append(Reference(target, doc.text[start:end], start, end, "description", role))
        self.country[target] = self.country[target] or country
        if self.gender[target] == "?":
            self.gender[target] = role.gender
        self.seen(target, (sentence, k))


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
                    walk.seen(person, (sent.index, k))
                    continue
                if is_subject_pronoun(toks, k):
                    walk.pronoun(tok, sent.index, k)
                    continue
                if k + 1 < len(toks) and toks[k + 1].start in named:
                    continue  # a role before a name ("Präsident Biden"): a title, not a reference
                found = description_at(toks, k, places)
                if found is not None:
                    walk.description(doc, *found, sent.index, k)
    spoken = [[*p.names] for p in persons]
    for r in walk.references:
        spoken[r.person].append(r.start)
    return dataclasses.replace(Resolution.of_people(spoken), references=tuple(walk.references))
