"""The context stage's settings: thresholds, labels, cues, word lists and figures, typed.

Loaded once per process from ``data/context/`` (see :mod:`briefing.settings`):

- ``config.yaml`` -> :class:`ContextSettings`: how many boxes and facts, score thresholds, labels;
- ``cues.yaml`` -> :class:`CueSettings`: background and news phrases with weights, the weights of
  the sentence features, and the patterns that say who calls a term so;
- ``words.yaml`` -> :class:`WordSettings`: the stage's own word lists (interview pronouns, verbs
  that mark news, words that open a clause);
- ``figures.yaml`` -> :class:`FigureSettings`: currencies, scales and number words.

Role nouns, pronouns and tense come from :mod:`briefing.language`, not from here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from briefing import settings


@dataclass(frozen=True, slots=True)
class ContextSettings:
    """``config.yaml``: limits and labels."""

    # entity boxes
    max_entity_boxes: int  # at most this many, people first
    candidate_entities: int  # only the most salient entities (equal names merged) may get one
    min_salience: float  # entities below this get no box
    actor_types: frozenset[str]  # entity types that are actors (a box even without background)
    type_order: tuple[str, ...]  # boxes of these types in this order ("people first"), then others
    min_actor_share: float  # an actor's rank score must reach this share of the top one's
    key_quote_weight: float  # rank score added per key quote the entity speaks
    timeline_weight: float  # rank score added per timeline entry the entity takes part in
    max_facts: int  # article facts per entity box
    min_fact_score: float  # a sentence must score at least this to count as background
    min_actor_fact_score: float  # ...for an actor, a sentence about it need only score this
    max_fact_chars: int  # longer sentences are cut at a clause boundary after the mention
    min_head_words: int  # ...but only if the kept head has at least this many words
    narrative_past_share: float  # this share of simple-past sentences: the article narrates in it
    max_aliases_shown: int  # "auch: Belarus" in the subtitle
    # term boxes
    max_term_boxes: int
    term_kinds: frozenset[str]  # Term.kind values that get a box
    # figures box
    figures_title: str
    min_figures: int
    max_figures: int
    # labels
    type_labels: dict[str, str]
    term_subtitle: str
    term_subtitle_attributed: str  # with "{who}"
    aliases_prefix: str
    subtitle_separator: str


@dataclass(frozen=True, slots=True)
class CueSpec:
    phrase: str  # whole words, case-insensitive; "..." is a gap of up to six words
    weight: float


@dataclass(frozen=True, slots=True)
class Weights:
    """What a sentence feature adds to its background score (negative: reads as news)."""

    copula_description: float  # "<entity or its description> ist/war ..."
    apposition: float  # "<entity>, der frühere ..., "
    year: float  # a year (1900-2099): dated history
    past: float  # a finite verb in the simple past (0 when the article narrates in it)
    perfect: float  # "hat/ist ... <participle>"
    topic: float  # the entity before or right after the finite verb
    not_topic: float  # the entity only further on (an object, a place)
    speech_verb: float  # a verb of news_verbs ("sagte", "kündigte an")
    first_person: float  # speaker or formal addressee pronouns: interview speech
    question: float
    future: float  # "wird ... <infinitive>"


@dataclass(frozen=True, slots=True)
class CueSettings:
    """``cues.yaml``."""

    background: tuple[CueSpec, ...]
    news: tuple[CueSpec, ...]
    weights: Weights
    term_attribution: tuple[str, ...]  # regular expressions; group 1 is the name
    term_attribution_around: tuple[str, ...]  # on the sentence with the term (and its marks) as "TERM"


@dataclass(frozen=True, slots=True)
class WordSettings:
    """``words.yaml``: the stage's own word lists."""

    addressee_pronouns: frozenset[str]  # matched as written ("Sie", not "sie")
    # matched lower-cased ("ß" kept, as the language lexicon does)
    speaker_pronouns: frozenset[str] = settings.lower()
    news_verbs: frozenset[str] = settings.lower()  # lemmas
    clause_openers: frozenset[str] = settings.lower()


@dataclass(frozen=True, slots=True)
class FigureSettings:
    """``figures.yaml``."""

    # matched lower-cased ("ß" kept); the mappings' keys are written in lower case in the file
    currencies: dict[str, str]  # word or sign -> ISO code
    scales: dict[str, float]  # "millionen" -> 1e6
    number_words: dict[str, float]  # "zehntausende" -> 10000
    min_word_value: float  # number words count only from this value on (digits always)
    percent: frozenset[str] = settings.lower()
    excluded_units: frozenset[str] = settings.lower()  # counted nouns that are no figures
    qualifiers: frozenset[str] = settings.lower()  # "rund", "mehr als": part of the figure's span


CONFIG = settings.register(ContextSettings, "context/config.yaml")
CUES = settings.register(CueSettings, "context/cues.yaml")
WORDS = settings.register(WordSettings, "context/words.yaml")
FIGURES = settings.register(FigureSettings, "context/figures.yaml")


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue phrase compiled: only sentences containing its first word are searched."""

    pattern: re.Pattern[str]
    weight: float
    first: str


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    parts = [r"\s+".join(re.escape(w) for w in chunk.split()) for chunk in phrase.split("...")]
    return re.compile(r"\b" + r"(?:\s+\S+){0,6}?\s+".join(p.strip() for p in parts) + r"\b", re.IGNORECASE)


@functools.cache
def cues() -> tuple[Cue, ...]:
    """The background and news cues of ``cues.yaml``, compiled."""
    specs = (*CUES().background, *CUES().news)
    return tuple(Cue(_phrase_pattern(c.phrase), c.weight, c.phrase.split()[0].casefold()) for c in specs)


@functools.cache
def attribution_patterns() -> tuple[re.Pattern[str], ...]:
    """The ``term_attribution`` patterns, compiled."""
    return tuple(re.compile(p) for p in CUES().term_attribution)


@functools.cache
def attribution_patterns_around() -> tuple[re.Pattern[str], ...]:
    """The ``term_attribution_around`` patterns, compiled."""
    return tuple(re.compile(p) for p in CUES().term_attribution_around)
