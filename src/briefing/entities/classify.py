"""Typing a candidate name: person, place, organisation, or no name at all.

:data:`RULES` is an ordered table of small rules; the first rule that applies decides. A rule looks
at the candidate's words and the words around it (:class:`Context`) and returns a verdict (a type
and the strength of its evidence: 3 lexicon, 2 strong context, 1 weak guess, 0 a bare guess),
:data:`NOT_A_NAME`, or None when it does not apply. The order matters: cues inside the name come
first (organisation words, place prefixes, first names), then the context (a title or role before
it, a preposition, a verb of saying), then word endings, and last the guesses for unknown words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from briefing.entities.candidates import ARTICLES
from briefing.entities.lexicon import class_noun, common_word, is_acronym, is_title, strip_genitive
from briefing.language import lexicon
from briefing.language.marks import is_mark
from briefing.model import token_from, token_index

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeAlias

    from briefing.entities.candidates import Cand
    from briefing.entities.lexicon import Lexicon
    from briefing.model import EntityType, Sentence, Token

    Verdict: TypeAlias = tuple[EntityType | None, int]  # (None, 0): not a name

# Tags before an unknown capitalised word that make it unlikely to be a person's name.
_NO_NAME_BEFORE = frozenset({"$", "ADJA", "CARD", "FM", "XY", "NE", "ART", "APPRART"})

NOT_A_NAME: Final[Verdict] = (None, 0)


@dataclass(frozen=True, slots=True)
class Context:
    """A candidate with the tokens around it."""

    cand: Cand
    sent: Sentence
    lex: Lexicon
    prev: Token | None  # the token before the name
    prev2: Token | None  # the one before that
    nxt: Token | None  # the token after the name

    @property
    def words(self) -> tuple[str, ...]:
        return self.cand.words

    @property
    def first(self) -> str:
        return self.cand.tokens[0].text

    @property
    def last(self) -> str:
        return self.cand.tokens[-1].text

    @property
    def tag(self) -> str:
        """The tag of the name's first token."""
        return self.cand.tokens[0].pos

    @property
    def single(self) -> bool:
        return len(self.cand.tokens) == 1

    def prev_is(self, words: frozenset[str]) -> bool:
        return self.prev is not None and self.prev.text in words


def _titled(ctx: Context) -> bool:
    """A title or role noun right before the name ("Herr", "Kanzler", "US-Präsident")."""
    return ctx.prev is not None and (is_title(ctx.prev.text, ctx.lex))


# ------------------------------------------------------------------------------------ cues inside the name
def _org_token(ctx: Context) -> Verdict | None:
    """ "Siemens AG", "Partei der Arbeit": an organisation word inside a multi-word name."""
    return ("ORG", 3) if not ctx.single and any(w in ctx.lex.org_tokens for w in ctx.words) else None


def _org_suffix(ctx: Context) -> Verdict | None:
    """ "Finanzministerium", "Springer-Presse": a word ending like an organisation."""
    lex = ctx.lex
    lows = (w.lower() for w in ctx.words)
    return ("ORG", 2) if any(lw.endswith(lex.org_suffixes) and len(lw) > 6 for lw in lows) else None


def _place_prefix(ctx: Context) -> Verdict | None:
    """ "San Remo", "St. Moritz", "Bad Kissingen"."""
    return ("LOC", 2) if not ctx.single and ctx.first in ctx.lex.place_prefixes else None


def _known_org_first(ctx: Context) -> Verdict | None:
    """ "Google Deutschland": a known organisation opens the name."""
    known = ctx.lex.gazetteer.get((ctx.first,)) if not ctx.single else None
    return ("ORG", 2) if known is not None and known[1] == "ORG" else None


def _org_word_last(ctx: Context) -> Verdict | None:
    """ "Jet Propulsion Laboratory", "Sun Microsystems": an organisation word ends it."""
    return ("ORG", 2) if not ctx.single and ctx.last in ctx.lex.org_name_words else None


def _first_name(ctx: Context) -> Verdict | None:
    """ "Angela Merkel": a first name opens a multi-word name (not a city: "Paris Hilton" aside)."""
    lex = ctx.lex
    return (
        ("PER", 3)
        if not ctx.single and ctx.first in lex.first_names and ctx.first not in lex.cities
        else None
    )


def _title_before(ctx: Context) -> Verdict | None:
    """ "Kanzler Scholz", "Herr Meier": a title or role before the name."""
    return ("PER", 3) if _titled(ctx) else None


def _capitals(ctx: Context) -> Verdict | None:
    """ "TOKIO", "BOCHUM" in datelines, "AUDI": a known place or organisation written in capitals."""
    first = ctx.first
    if not (ctx.single and first.isupper() and len(first) > 3 and first.isalpha()):
        return None
    known = ctx.lex.gazetteer.get((first.title(),))
    if known is not None:
        return (known[1], 2)
    return ("LOC", 2) if first.title() in ctx.lex.cities else None


def _acronym(ctx: Context) -> Verdict | None:
    """An acronym: a place ("USA"), an organisation ("OSZE"), or a unit, law code or term."""
    first = ctx.first
    if not (ctx.single and is_acronym(first)):
        return None
    if first in ctx.lex.loc_acronyms:
        return ("LOC", 3)
    if first in ctx.lex.not_entity_acronyms or (ctx.prev is not None and ctx.prev.pos == "CARD"):
        return NOT_A_NAME  # a unit, law code or technical term ("196 MW", "StGB")
    if ctx.tag == "XY" or (ctx.tag == "NN" and common_word(first)) or any(ch.isdigit() for ch in first[:-1]):
        return NOT_A_NAME  # a common noun in HanTa's lexicon ("CD-ROM") or a type code ("D3A", "M2M")
    return ("ORG", 2)


def _city(ctx: Context) -> Verdict | None:
    """A known city, surer when the tagger reads a name."""
    if ctx.single and ctx.first in ctx.lex.cities:
        return ("LOC", 3 if ctx.tag == "NE" else 2)
    return None


# ------------------------------------------------------------------------------------------------- context
def _class_noun_before(ctx: Context) -> Verdict | None:
    """ "die Gemeinde Bedra", "das Unternehmen Atari": a noun saying what kind of thing follows."""
    prev = ctx.prev
    if prev is None or prev.pos != "NN" or len(ctx.words) > 2:
        return None
    if class_noun(prev.text, ctx.lex.place_class_nouns):
        return ("LOC", 2)
    return ("ORG", 2) if class_noun(prev.text, ctx.lex.org_class_nouns) else None


def _place_cue(ctx: Context) -> Verdict | None:
    """ "südlich von Kesselau", "in Richtung Kesselau"."""
    cues = ctx.lex.loc_cue_words
    von_cue = ctx.prev_is(frozenset({"von"})) and ctx.prev2 is not None and ctx.prev2.text in cues
    return ("LOC", 2) if ctx.prev_is(cues) or von_cue else None


def _lone_first_name(ctx: Context) -> Verdict | None:
    """A first name alone, tagged as a name ("Angela sagte")."""
    lex = ctx.lex
    known = ctx.first in lex.first_names and ctx.first not in lex.cities
    return ("PER", 2) if known and ctx.single and ctx.tag == "NE" else None


def _place_preposition(ctx: Context) -> Verdict | None:
    """ "in Minsk", "nach Warschau" (not "in der Merkel-Regierung")."""
    prev, prev2 = ctx.prev, ctx.prev2
    after_preposition = (
        prev is not None
        and prev.text.lower() in ctx.lex.loc_prepositions
        and (prev2 is None or prev2.pos != "ART")
    )
    if after_preposition and (ctx.single or any(w in ctx.lex.cities for w in ctx.words)):
        return ("LOC", 2)
    return None


def _speech_verb(ctx: Context) -> Verdict | None:
    """ "sagte Müller", "Müller erklärte", "teilte Müller mit": next to a verb of saying."""
    return ("PER", 1) if _says(ctx.prev) or _says(ctx.nxt) else None


def _says(tok: Token | None) -> bool:
    """A finite verb of saying ("sagte", "erklärt"; not the adjective "bekannte"). A separable stem
    alone ("teilte" … "mit") does not count: too often another verb ("gab", "stellte")."""
    return tok is not None and tok.pos == "VVFIN" and lexicon.speech_verbs().is_speech_form(tok.text)


# -------------------------------------------------------------------------------------------- word endings
def _place_ending(ctx: Context) -> Verdict | None:
    """ "Kleinhausen", "Kirchberg": a single word ending like a place."""
    long_place = len(ctx.first) > 5 and ctx.first.lower().endswith(ctx.lex.loc_suffixes)
    return ("LOC", 1) if ctx.single and long_place else None


def _surname_ending(ctx: Context) -> Verdict | None:
    """ "Kowalski", "Lukaschenko": the name ends like a surname."""
    return ("PER", 1) if ctx.last.lower().endswith(ctx.lex.per_suffixes) and len(ctx.last) > 4 else None


# -------------------------------------------------------------------------------- unknown multi-word names
def _initial(ctx: Context) -> Verdict | None:
    """ "A. Korsakow"."""
    first = ctx.first
    return (
        ("PER", 1)
        if not ctx.single and len(first) == 2 and first.endswith(".") and first[0].isupper()
        else None
    )


def _place_name_word(ctx: Context) -> Verdict | None:
    """ "New Haven", "Klein Wanzleben": a place word opens it."""
    return ("LOC", 1) if not ctx.single and ctx.first in ctx.lex.loc_name_words else None


def _org_name_word(ctx: Context) -> Verdict | None:
    """ "Manchester United", "Stade Rennes" (a city ends it), "BMW Motorrad"."""
    lex = ctx.lex
    if ctx.single:
        return None
    org_word = any(w in lex.org_name_words for w in ctx.words)
    return ("ORG", 1) if org_word or ctx.last in lex.cities or is_acronym(ctx.first) else None


def _title_of_work(ctx: Context) -> Verdict | None:
    """ "Blood of Eden", „Easy Living“: a title in quotation marks or with English words (MISC)."""
    if ctx.single:
        return None
    english = any(w.lower() in ctx.lex.title_words for w in ctx.words)
    return NOT_A_NAME if _quoted_title(ctx.cand, ctx.sent) or english else None


def _place_head(ctx: Context) -> Verdict | None:
    """ "Canning Town", "Fifth Avenue"."""
    return ("LOC", 1) if not ctx.single and ctx.last in ctx.lex.place_heads else None


def _article_before(ctx: Context) -> Verdict | None:
    """ "die Deutsche Telekom": an unknown multi-word name after an article."""
    return (
        ("ORG", 1) if not ctx.single and ctx.prev is not None and ctx.prev.text.lower() in ARTICLES else None
    )


def _everyday_words(ctx: Context) -> Verdict | None:
    """ "Business Administration", "Cloud Nine": everyday words make no person's name."""
    lex = ctx.lex
    if ctx.single:
        return None
    return NOT_A_NAME if any(common_word(w) and w not in lex.first_names for w in ctx.words) else None


def _multi_word_person(ctx: Context) -> Verdict | None:
    """Any other multi-word name: a person, as a bare guess."""
    return ("PER", 0) if not ctx.single else None


# ------------------------------------------------------------------------------------ unknown single words
def _genitive_city(ctx: Context) -> Verdict | None:
    """ "Minsks", "Bochums"."""
    return ("LOC", 2) if ctx.first.endswith("s") and strip_genitive(ctx.first) in ctx.lex.cities else None


def _no_name_position(ctx: Context) -> Verdict | None:
    """A foreign word, a compound, or a word after an adjective, number or article: no name."""
    prev_pos = ctx.prev.pos if ctx.prev is not None else ""
    return NOT_A_NAME if ctx.tag in ("FM", "XY") or "-" in ctx.first or prev_pos in _NO_NAME_BEFORE else None


def _noun_like(ctx: Context) -> Verdict | None:
    """An initial, or a German common noun the tagger took for a name ("Preisanpassungsklausel")."""
    first = ctx.first
    noun = len(first) > 7 and first.lower().endswith(ctx.lex.noun_suffixes)
    return NOT_A_NAME if sum(ch.isalpha() for ch in first) < 3 or noun else None


def _common_single_word(ctx: Context) -> Verdict | None:
    """A word HanTa's lexicon knows as an everyday word ("Sport", "Hof")."""
    return NOT_A_NAME if common_word(ctx.first) and ctx.first not in ctx.lex.first_names else None


def _single_word_person(ctx: Context) -> Verdict | None:  # noqa: ARG001 - every rule takes the context
    """Any other single word where a name can stand: a person, as a bare guess."""
    return ("PER", 0)


RULES: Final[tuple[Callable[[Context], Verdict | None], ...]] = (
    _org_token,
    _org_suffix,
    _place_prefix,
    _known_org_first,
    _org_word_last,
    _first_name,
    _title_before,
    _capitals,
    _acronym,
    _city,
    _class_noun_before,
    _place_cue,
    _lone_first_name,
    _place_preposition,
    _speech_verb,
    _place_ending,
    _surname_ending,
    _initial,
    _place_name_word,
    _org_name_word,
    _title_of_work,
    _place_head,
    _article_before,
    _everyday_words,
    _multi_word_person,
    _genitive_city,
    _no_name_position,
    _noun_like,
    _common_single_word,
    _single_word_person,
)


def type_candidate(c: Cand, sent: Sentence, lex: Lexicon) -> None:
    """Set ``c``'s type and strength by the first rule of :data:`RULES` that applies (a name the
    gazetteer typed keeps its type). A person with a title or role right before the name keeps that
    token as ``role_tokens``."""
    if c.type is not None:
        return
    toks = sent.tokens
    idx = token_index(toks, c.start)
    after = token_from(toks, c.end)
    ctx = Context(
        cand=c,
        sent=sent,
        lex=lex,
        prev=toks[idx - 1] if idx > 0 else None,
        prev2=toks[idx - 2] if idx > 1 else None,
        nxt=toks[after] if after < len(toks) else None,
    )
    for rule in RULES:
        verdict = rule(ctx)
        if verdict is None:
            continue
        kind, strength = verdict
        if kind is not None:
            c.type, c.strength = kind, strength
            if kind == "PER" and ctx.prev is not None and _titled(ctx):
                c.role_tokens = [ctx.prev]
        return


def _quoted_title(c: Cand, sent: Sentence) -> bool:
    """Whether the whole candidate stands in quotation marks (a title, not a person)."""
    text, lo, hi = sent.text, c.start - sent.start, c.end - sent.start
    while lo > 0 and text[lo - 1].isspace():  # the last character before it that is not whitespace
        lo -= 1
    while hi < len(text) and text[hi].isspace():  # the first one after it
        hi += 1
    return is_mark(text[lo - 1 : lo]) and is_mark(text[hi : hi + 1])
