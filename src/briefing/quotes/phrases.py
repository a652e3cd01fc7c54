"""Noun phrases that may name a speaker: names, pronouns and descriptions.

:func:`noun_phrase` reads the phrase at a token ("die zuständige Bezirkschefin Jana Ostrowski",
"Tom Hallberg, der Bürgermeister von Kesselau", "er") into a :class:`Mention` that knows which tokens
are the name and which the role; :func:`subject_after` finds the phrase after a verb.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.language import lexicon
from briefing.language.tags import ADJ, DET, NOMINAL, PREP, PROPER_NAME
from briefing.model import FINITE_VERB_TAGS
from briefing.quotes.config import CUES, not_speakers
from briefing.quotes.tokens import SKIP_AFTER_VERB, capitalised, namey

if TYPE_CHECKING:
    from briefing.quotes.tokens import Toks


@dataclass(frozen=True, slots=True)
class Mention:
    """A phrase that may name a speaker, by token range, with the name and the role inside it."""

    start: int  # token range [start, end)
    end: int
    kind: str  # "name" | "pronoun" | "description"
    name: tuple[int, int] | None = None  # token range of the person's name inside the phrase
    role: tuple[int, int] | None = None  # token range of the describing words


_VERB_OR_PREP = FINITE_VERB_TAGS | PREP  # what ends an apposition


def noun_phrase(tv: Toks, i: int, hi: int) -> Mention | None:
    """The noun phrase starting at token ``i`` (determiner, adjectives, capitalised nouns, genitive,
    apposition): "die zuständige Bezirkschefin Jana Ostrowski", "Tom Hallberg, der Bürgermeister"."""
    if i >= hi:
        return None
    if tv.pos[i] == "PPER" and lexicon.pronouns().refers_to_person(tv.low[i]):
        return Mention(i, i + 1, "pronoun")
    if _particle_name(tv, i, hi):  # "Von der Leyen" at the start of a sentence
        return Mention(i, i + 3, "name", (i, i + 3), None)
    head_start, has_det = _head_start(tv, i, hi)
    head_end, known = _head_end(tv, head_start, hi)
    if head_end == head_start:
        return None
    k = _after_genitive(tv, head_end, hi)
    name = known if known is not None and known[1] == head_end else name_in(tv, head_start, head_end, has_det)
    k = _after_attribute(tv, k, hi)
    role: tuple[int, int] | None = None
    if name is None:
        role = (head_start, k)
    elif name[0] > head_start:
        role = (head_start, name[0])
    apposed = _with_apposition(tv, i, k, hi, name=name, role=role)
    if apposed is not None:
        return apposed
    if name is not None:
        return Mention(i, k, "name", name, role)
    return Mention(i, k, "description", None, role)


def _head_start(tv: Toks, i: int, hi: int) -> tuple[int, bool]:
    """Where the head of the phrase at ``i`` starts, past its determiner and adjectives (a
    nominalised adjective is the head: "Der Vorsitzende", "der 58-Jährige"), and whether the
    phrase has a determiner."""
    k = i
    has_det = tv.pos[k] in DET
    if has_det:
        k += 1
    while k < hi and (tv.pos[k] in ADJ or (tv.pos[k] == "ADV" and k + 1 < hi and tv.pos[k + 1] in ADJ)):
        k += 1
    if has_det and k > i + 1 and capitalised(tv, k - 1) and (k >= hi or tv.pos[k] not in NOMINAL):
        k -= 1
    return k, has_det


def _head_end(tv: Toks, head_start: int, hi: int) -> tuple[int, tuple[int, int] | None]:
    """Where the head's run of capitalised nominals and names ends, and the token range of the
    last name the entity stage found in it ("Von der Leyen"), if any."""
    excluded = not_speakers()
    known: tuple[int, int] | None = None
    k = head_start
    while k < hi:
        if k in tv.names:
            known = (k, min(hi, tv.names[k]))
            k = known[1]
        elif (tv.pos[k] in NOMINAL and capitalised(tv, k) and tv.low[k] not in excluded) or (
            k > head_start and namey(tv, k)
        ):
            k += 1
        else:
            break
    return k, known


def _after_genitive(tv: Toks, k: int, hi: int) -> int:
    """The end of a genitive attribute at ``k`` ("des Finanzministeriums", "der
    Umweltschutzorganisation"), else ``k``."""
    if not (k + 1 < hi and tv.low[k] in CUES().genitive_articles and tv.pos[k] == "ART"):
        return k
    g = k + 1
    while g < hi and tv.pos[g] in ADJ:
        g += 1
    nouns = g
    while g < hi and tv.pos[g] in NOMINAL and capitalised(tv, g):
        g += 1
    return g if g > nouns else k


def _after_attribute(tv: Toks, k: int, hi: int) -> int:
    """The end of one prepositional attribute at ``k`` ("von Human Rights Watch", "im Irak", "aus
    Minnesota"), else ``k``."""
    if k + 1 < hi and tv.pos[k] in ("APPR", "APPRART") and tv.low[k] not in CUES().non_attribute_prepositions:
        pp = noun_phrase_simple(tv, k + 1, hi)
        if pp is not None:
            return pp[1]
    return k


def _with_apposition(
    tv: Toks, i: int, k: int, hi: int, *, name: tuple[int, int] | None, role: tuple[int, int] | None
) -> Mention | None:
    """The phrase ``[i, k)`` (its ``name`` and ``role``) with an apposition after its comma: a name
    after a description (", Jana Ostrowski,"), a description after a name (", der Bürgermeister von
    Kesselau,"); None without one."""
    if not (k + 1 < hi and tv.toks[k].text == ","):
        return None
    nxt = noun_phrase_simple(tv, k + 1, hi)
    if nxt is None:
        return None
    a_start, a_end, a_has_det = nxt
    a_name = name_in(tv, a_start, a_end, a_has_det)
    closes = a_end >= hi or tv.toks[a_end].text == "," or tv.pos[a_end] in _VERB_OR_PREP
    if name is None and a_name is not None and closes:
        return Mention(i, a_end, "name", a_name, role)
    if name is not None and a_name is None and a_has_det and closes:
        return Mention(i, a_end, "name", name, (a_start, a_end))
    return None


def _particle_name(tv: Toks, i: int, hi: int) -> bool:
    """A name that opens with a particle and an article: "von der Leyen", "de la Cruz". The particle
    belongs to a name only when a capitalised proper name follows (tagged NE/FM, or a word of a
    person's or organisation's name the entity stage found), not a common noun ("von der Festnahme")."""
    parts = lexicon.name_parts()
    return (
        i + 2 < hi
        and tv.low[i] in parts.particles
        and tv.low[i + 1] in parts.particle_articles
        and capitalised(tv, i + 2)
        and (tv.pos[i + 2] in PROPER_NAME or i + 2 in tv.names or tv.low[i + 2] in tv.name_words)
    )


def noun_phrase_simple(tv: Toks, i: int, hi: int) -> tuple[int, int, bool] | None:
    """A plain noun phrase (determiner, adjectives, capitalised nominals) at ``i``: its head's token
    range and whether it has a determiner."""
    k = i
    has_det = k < hi and tv.pos[k] in DET
    if has_det:
        k += 1
    while k < hi and tv.pos[k] in ADJ:
        k += 1
    h = k
    if has_det and k > h and capitalised(tv, k - 1) and (k >= hi or tv.pos[k] not in NOMINAL):
        h = k = k - 1
    while k < hi and (tv.pos[k] in NOMINAL or (k == h and tv.pos[k] in ADJ)) and capitalised(tv, k):
        k += 1
    if k == h:
        return None
    return (h, k, has_det)


def name_in(tv: Toks, lo: int, hi: int, has_det: bool) -> tuple[int, int] | None:
    """The person/organisation name inside a run of capitalised nominals: the trailing NE run
    ("Greenpeace-Sprecher Tom Hallberg"), the last of several nouns ("Stadtwerke-Chef Hallberg"),
    or a bare noun without article ("so Hallberg")."""
    k = hi
    while k > lo and namey(tv, k - 1):
        k -= 1
    if k < hi:
        if hi - k == 1 and k > lo and tv.pos[k - 1] == "NN" and tv.low[k].endswith("s"):
            return None  # a genitive: "Der Außenminister Portugals"
        return (k, hi)
    if hi - lo >= 2:
        return (hi - 1, hi)
    if not has_det and hi - lo == 1:
        return (lo, hi)
    return None


def subject_after(tv: Toks, verb: int, hi: int) -> Mention | None:
    """The phrase after ``verb`` past adverbs and object pronouns: "sagte er", "sagte ihm Kline"."""
    words = lexicon.pronouns()
    objects = words.objects | words.demonstratives
    k = verb + 1
    while k < hi and (tv.pos[k] in SKIP_AFTER_VERB or (tv.low[k] in objects and tv.pos[k] != "ART")):
        k += 1
    return noun_phrase(tv, k, hi)
