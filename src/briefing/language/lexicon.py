"""The one German lexicon of the analysis stages: speech verbs, pronouns, role and organisation
words, name parts.

The words live in ``data/language/*.yaml``; this module loads them once into frozen, typed views
(no stage keeps its own copy of these lists):

- :func:`speech_verbs` — verbs of saying (verba dicendi) with their German forms, including the
  separable ones whose particle follows later in the clause ("teilte … mit", "wies … zurück").
- :func:`pronouns` — personal pronouns in named groups: which point back to a person, which are
  objects, which are the speaker's own ("ich", "mir", "mein").
- :func:`words` — role nouns ("Präsident"), description heads, offices, person titles ("Herr",
  "Dr.") and organisation cues ("AG", "-ministerium"), as written; :func:`role_nouns` — the role
  lists in lower case for matching word endings.
- :func:`name_parts` — lower-case parts of names: particles ("von der Leyen") and connectors
  ("Bank of America").

All words are matched case-insensitively (callers pass any case; the lexicon lower-cases it, and
keeps "ß": "äußert", not "äussert").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from briefing import settings


# ---------------------------------------------------------------------------------------------- files
@dataclass(frozen=True, slots=True)
class _SpeechVerbFile:
    verbs: dict[str, str]  # lemma -> space-separated forms
    separable: dict[str, str]  # lemma -> "particle | finite stem forms | joined forms"
    naming: frozenset[str]  # lemmas of naming verbs ("nennen", "bezeichnen")


@dataclass(frozen=True, slots=True)
class Pronouns:
    """Personal pronouns (lower case)."""

    third_person: dict[str, str]  # "er" -> "m", "sie" -> "f": subject pronouns that refer to a person
    ambiguous: frozenset[str]  # of those, the ones that are also plural or polite ("sie")
    third_person_objects: frozenset[str]  # "ihn", "ihm", "ihr", "ihnen": a person as object
    first_person: frozenset[str]  # the speaker themself as subject: "ich", "wir"
    first_person_singular: frozenset[str]  # "ich", "mich", "mir", "mein", …: the writer speaking
    personal: frozenset[str]  # nominative personal pronouns: "ich", "du", "er", "sie", "es", "wir", "ihr"
    indefinite: frozenset[str]  # "man"
    objects: frozenset[str]  # "ihn", "ihm", "sich": spoken to or about, not the subject
    demonstratives: frozenset[str]  # "dies", "das": the thing said

    def refers_to_person(self, word: str) -> bool:
        """A third-person subject pronoun that points back to a named person ("er", "sie")."""
        return word.lower() in self.third_person

    def is_third_person(self, word: str) -> bool:
        """A third-person personal pronoun, subject or object ("er", "sie", "ihm", "ihnen")."""
        low = word.lower()
        return low in self.third_person or low in self.third_person_objects

    def is_first_person(self, word: str) -> bool:
        """A first-person pronoun: "ich", "wir" or a form of "ich" ("mich", "mir", "meine")."""
        low = word.lower()
        return low in self.first_person or low in self.first_person_singular


@dataclass(frozen=True, slots=True)
class NameParts:
    """Lower-case words inside names (lower case)."""

    particles: frozenset[str]  # "von", "van", "de"
    particle_articles: frozenset[str]  # "der" in "von der Leyen", "la" in "de la Cruz"
    connectors: frozenset[str]  # "of", "and", "&" in foreign names and titles


@dataclass(frozen=True, slots=True)
class Words:
    """Role and organisation words as written in the data files (case kept)."""

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


_SPEECH_VERB_FILE = settings.register(_SpeechVerbFile, "language/speech_verbs.yaml")
_PRONOUNS = settings.register(Pronouns, "language/pronouns.yaml")
_NAME_PARTS = settings.register(NameParts, "language/names.yaml")
_WORDS = settings.register(Words, "language/roles.yaml", "language/organisations.yaml")


# ---------------------------------------------------------------------------------------------- speech verbs
@dataclass(frozen=True, slots=True)
class SpeechVerbs:
    """Speech verbs with their forms (all lower case).

    ``forms`` are the word forms that count alone ("sagte", "mitgeteilt", "hinzufügen"); a finite
    stem of a separable verb ("teilte", "fügte") counts only with one of its ``separable`` particles
    later in the clause.
    """

    forms: frozenset[str]
    lemmas: frozenset[str]
    naming: frozenset[str]  # lemmas that name or call something rather than state it
    separable: dict[str, tuple[str, ...]]  # finite stem form -> the particles it needs ("teilte" -> mit)
    by_form: dict[str, str] = field(repr=False)  # form that counts alone -> its lemma
    by_stem: dict[tuple[str, str], str] = field(repr=False)  # (finite stem, particle) -> lemma

    def is_speech_form(self, word: str) -> bool:
        """A form that is a speech verb on its own: "sagte", "erklärt", "mitgeteilt" (not "teilte")."""
        return word.lower() in self.forms

    def is_speech_lemma(self, lemma: str) -> bool:
        """A lemma of a speech verb: "sagen", "mitteilen"."""
        return lemma.lower() in self.lemmas

    def is_statement_lemma(self, lemma: str) -> bool:
        """A lemma of a speech verb that makes a statement: "sagen", "mitteilen"; not the naming
        verbs ("nennen", "bezeichnen": "wie Putin sie nennt" attributes a term)."""
        low = lemma.lower()
        return low in self.lemmas and low not in self.naming

    def particles_of(self, stem: str) -> tuple[str, ...]:
        """The particles a finite stem needs to be a speech verb ("teilte" -> ("mit",)); () if none."""
        return self.separable.get(stem.lower(), ())

    def lemma_of(self, form: str, particle: str | None = None) -> str | None:
        """The lemma of a form ("sagte" -> "sagen", "mitgeteilt" -> "mitteilen"), or of a separated
        stem with its particle (("teilte", "mit") -> "mitteilen"); None for other words."""
        if particle is not None:
            return self.by_stem.get((form.lower(), particle.lower()))
        return self.by_form.get(form.lower())


@functools.cache
def speech_verbs() -> SpeechVerbs:
    """The speech-verb lexicon (``data/language/speech_verbs.yaml``), built once per process."""
    data = _SPEECH_VERB_FILE()
    by_form: dict[str, str] = {}
    lemmas: set[str] = set()
    for lemma, words in data.verbs.items():
        lemmas.add(lemma)
        for w in words.split():
            by_form.setdefault(w.lower(), lemma)
    separable: dict[str, set[str]] = {}
    by_stem: dict[tuple[str, str], str] = {}
    for lemma, spec in data.separable.items():
        particles, stems, joined = (part.split() for part in spec.split("|"))
        lemmas.add(lemma)
        for w in joined:
            by_form.setdefault(w.lower(), lemma)
        for stem in stems:
            for p in particles:
                separable.setdefault(stem.lower(), set()).add(p.lower())
                by_stem.setdefault((stem.lower(), p.lower()), lemma)
    unknown = data.naming - lemmas
    if unknown:
        raise settings.SettingsError(
            f"language/speech_verbs.yaml: naming verbs not in the lexicon: {sorted(unknown)}"
        )
    return SpeechVerbs(
        forms=frozenset(by_form),
        lemmas=frozenset(lemmas),
        naming=data.naming,
        separable={k: tuple(sorted(v)) for k, v in separable.items()},
        by_form=by_form,
        by_stem=by_stem,
    )


# ---------------------------------------------------------------------------------------------- other words
def pronouns() -> Pronouns:
    """The personal pronouns (``data/language/pronouns.yaml``)."""
    return _PRONOUNS()


def words() -> Words:
    """Role nouns, person titles and organisation cues (``data/language/roles.yaml``,
    ``organisations.yaml``), as written."""
    return _WORDS()


@functools.cache
def role_nouns() -> RoleNouns:
    """Role nouns, description heads and offices in lower case."""
    w = _WORDS()
    return RoleNouns(
        heads=frozenset(r.lower() for r in w.roles),
        lengths=tuple(sorted({len(r) for r in w.roles}, reverse=True)),
        description_heads=frozenset(r.lower() for r in w.description_heads),
        offices=frozenset(r.lower() for r in w.offices),
    )


def name_parts() -> NameParts:
    """Particles and connectors inside names (``data/language/names.yaml``)."""
    return _NAME_PARTS()
