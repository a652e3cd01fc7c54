"""The quote stage's word lists, thresholds and weights as typed settings.

``data/quotes/cues.yaml`` holds the cue words (what introduces speech, what makes a term or a title),
``data/quotes/thresholds.yaml`` the numbers (statement length, look-back, confidences, speaker ranks,
key-quote choice). Quotation marks, speech verbs and pronouns come from :mod:`briefing.language`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from briefing import settings
from briefing.language import lexicon


@dataclass(frozen=True, slots=True)
class Cues:
    """Cue words of the quote stage (all lower case, matched on whole lower-cased tokens)."""

    so_words: frozenset[str]  # "…, so der Minister."
    source_prepositions: frozenset[str]  # "laut X"
    source_postpositions: frozenset[str]  # "X zufolge"
    source_nouns: frozenset[str]  # "nach Angaben X"
    worten_phrases: tuple[str, ...]  # "mit den worten" (space-separated words)
    heisst_words: frozenset[str]  # "es heißt in X"
    term_markers: frozenset[str]  # "sogenannt"
    term_marker_pairs: frozenset[tuple[str, str]]  # ("so", "genannt")
    title_nouns: frozenset[str]  # "film", "zeitung" (matched on the end of a word)
    title_noun_exceptions: frozenset[str]  # "bezeichnung": what speakers call things
    name_title_nouns: tuple[str, ...]  # "zeitung": the quotation after it is a name, not a title
    term_verbs: frozenset[str]  # "wie X sie nennt"
    konjunktiv: frozenset[str]  # "sei", "habe"
    not_speaker_words: frozenset[str]  # capitalised words that never name a speaker (pronouns aside)
    dative_openers: frozenset[str]  # "dem", "einem": a phrase spoken to, not a speaker
    addressee_articles: frozenset[str]  # "dem", "den" after the verb: spoken to, not the speaker
    nominative_openers: frozenset[str]  # "der", "ein", "er": a phrase that is clearly a subject
    genitive_articles: frozenset[str]  # "des", "der": a genitive attribute of a speaker phrase
    non_attribute_prepositions: frozenset[str]  # "mit", "bei": not an attribute of a speaker phrase
    subordinators: frozenset[str]  # "wie": opens a verb-final reporting clause ("Wie X ausführte, …")
    name_prepositions: frozenset[str]  # "für", "ohne": inside a capitalised name ("Ärzte ohne Grenzen")


@dataclass(frozen=True, slots=True)
class Confidence:
    """Confidence of a quote's speaker by how it was found."""

    colon: float
    after: float
    verb: float
    source: float
    continuation: float
    previous: float
    guess: float
    none: float
    minimum: float  # after the fallback penalty

    def of(self, how: str) -> float:
        """By cue kind (colon, after, verb, source; reported speech counts as verb) or inheritance."""
        return float(getattr(self, how)) if how in _CONFIDENCE_KEYS else self.verb


_CONFIDENCE_KEYS = frozenset(
    {"colon", "after", "verb", "source", "continuation", "previous", "guess", "none"}
)


@dataclass(frozen=True, slots=True)
class SpeakerRank:
    """How a reporting clause's candidate speaker phrases are ranked (the highest wins)."""

    name: float
    pronoun: float
    description: float
    dative_penalty: float  # a phrase opened by "dem", "einem": the one spoken to
    object_bonus: float  # "X wird mit den Worten zitiert": the object after the verb is the speaker


@dataclass(frozen=True, slots=True)
class KeyQuotes:
    """How the key quotes for the PDF are chosen."""

    min: int
    max: int
    min_chars: int
    max_chars: int
    ideal_chars: int
    max_per_speaker: int
    speaker_bonus: float
    entity_bonus: float
    fragment_penalty: float
    duplicate_overlap: float
    min_confidence: float


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Numbers of the quote stage (see ``data/quotes/thresholds.yaml``)."""

    statement_words: int
    name_words: int
    lookback_sentences: int
    after_cue_tokens: int
    confidence: Confidence
    fallback_penalty: float
    rank: SpeakerRank
    key: KeyQuotes


CUES = settings.register(Cues, "quotes/cues.yaml")
THRESHOLDS = settings.register(Thresholds, "quotes/thresholds.yaml")


@functools.cache
def worten_phrases() -> tuple[tuple[str, ...], ...]:
    """The "mit den Worten" phrases as word tuples."""
    return tuple(tuple(p.split()) for p in CUES().worten_phrases)


@functools.cache
def not_speakers() -> frozenset[str]:
    """Capitalised words that never name a speaker: the cue file's words and the personal,
    indefinite and demonstrative pronouns of the lexicon ("Er", "Man", "Das")."""
    words = lexicon.pronouns()
    return CUES().not_speaker_words | words.personal | words.indefinite | words.demonstratives
