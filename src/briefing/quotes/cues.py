"""Reporting cues: what frames a quotation as speech, and which phrase of the cue is the speaker.

- a speech verb in a clause before, after or around the quotation ("X sagte: …", "…, sagte X",
  "X sagte, der Plan sei „…“"), including separable verbs ("teilte … mit"), "es heißt in X" and
  "In X heißt es";
- right after the closing mark: "…“, sagte er." / "…“, so der Minister." / "…“, hatte X erklärt."
  / "…“, zeigte sich X zufrieden." (any verb, for a statement);
- source phrases anywhere in the sentence: "laut X", "X zufolge", "nach Angaben X", "…, so X.",
  "Seiner Ansicht nach";
- reported speech (Konjunktiv I) around a fragment: "Die Lage sei „kritisch“".

Inside a reporting clause, :func:`subject_around` picks the speaker phrase: the phrase before the
verb or the one after it, whichever :func:`rank` rates higher. Which cue a quotation takes when
several fit is decided in :mod:`briefing.quotes.speaker`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.language import lexicon
from briefing.language.tags import DET, PREP
from briefing.model import FINITE_VERB_TAGS
from briefing.quotes.config import CUES, THRESHOLDS, worten_phrases
from briefing.quotes.phrases import Mention, noun_phrase, subject_after
from briefing.quotes.tokens import CLAUSE_END, clause_end, is_mark

if TYPE_CHECKING:
    from briefing.quotes.tokens import Toks


@dataclass(frozen=True, slots=True)
class Cue:
    """What frames a quotation as speech, and the phrase that names its speaker (if any)."""

    kind: str  # colon | after | verb | source | konjunktiv
    text: str | None
    mention: Mention | None
    strength: int  # 3 strong (colon, after), 2 (verb, source in sentence), 1 (reported speech only),
    # 0 names the speaker of a statement but makes no fragment speech


# ----------------------------------------------------------------------------------------------------- verbs
def is_reporting(tv: Toks, i: int, hi: int) -> bool:
    """Token ``i`` is a speech verb: a form of the lexicon, a separable stem whose particle follows
    in the sentence ("teilte … mit"), or a full verb whose lemma is a speech verb."""
    verbs = lexicon.speech_verbs()
    low = tv.low[i]
    if tv.toks[i].text[:1].isupper() and i > 0 and tv.sent[i - 1] == tv.sent[i]:
        return False  # a noun ("Angaben"), not a verb
    if verbs.is_speech_form(low):
        return True
    particles = verbs.particles_of(low)
    if particles and tv.pos[i] in FINITE_VERB_TAGS:
        end = max(hi, tv.sent_bounds[tv.sent[i]][1])  # the particle may follow the quote: "wies … „…“ zurück"
        return any(tv.low[k] in particles for k in range(i + 1, end))
    return tv.pos[i].startswith("VV") and verbs.is_speech_lemma(tv.toks[i].lemma)


_CLAUSE_OR_COMMA = CLAUSE_END | {","}


def verb_text(tv: Toks, i: int, hi: int) -> str:
    """The speech verb at ``i`` as the cue's text, with its particle: "teilte mit"."""
    verbs = lexicon.speech_verbs()
    particles = verbs.particles_of(tv.low[i])
    if particles and not verbs.is_speech_form(tv.low[i]):
        for k in range(i + 1, max(hi, tv.sent_bounds[tv.sent[i]][1])):
            if tv.low[k] in particles:
                return f"{tv.toks[i].text} {tv.toks[k].text}"
    return tv.toks[i].text


def finite_verbs(tv: Toks, lo: int, hi: int) -> list[int]:
    """The finite verbs in ``[lo, hi)``."""
    return tv.finite_in(lo, hi)


# ---------------------------------------------------------------------------------------- the speaker phrase
def subject_around(tv: Toks, lo: int, verb: int, hi: int, *, prefer_object: bool = False) -> Mention | None:
    """The speaker of the clause whose finite verb is ``verb``: the phrase before it (V2 prefield) or
    the phrase right after it ("sagte Jana Ostrowski"); names beat pronouns beat descriptions."""
    candidates: list[tuple[float, int, Mention]] = []
    # Prefield: from the last clause boundary before the verb; fall back to the sentence start.
    boundary = lo
    k = verb - 1
    while k >= lo:
        if tv.toks[k].text == ")":  # past a parenthesis: "die Gerhard Schröder (1998 bis 2002) erklärt hatte"
            k = next((p for p in range(k - 1, lo - 1, -1) if tv.toks[p].text == "("), lo) - 1
            continue
        if tv.toks[k].text in (",", ":", ";", "(") or is_mark(tv, k):
            boundary = k + 1
            break
        k -= 1
    for start in dict.fromkeys((boundary, lo)):
        if start >= verb:
            continue
        m = noun_phrase(tv, start, verb)
        verb_final = False
        if (
            m is None
            and (tv.pos[start] in ("ADV", "PRELS") or tv.low[start] in CUES().subordinators)
            and start + 1 < verb
        ):
            # past a focus adverb ("Auch die Sprecherin … sagte"), "wie" ("Wie der Richter ausführte")
            # or a relative pronoun ("die Gerhard Schröder … erklärt hatte")
            m = noun_phrase(tv, start + 1, verb)
            verb_final = tv.pos[start] == "PRELS" and m is not None and m.kind in ("name", "pronoun")
        # the local clause's phrase must reach the verb (in a verb-final relative clause the subject
        # comes first); the sentence's prefield is one phrase anyway
        if m is not None and (m.end >= verb - 1 or start == lo or verb_final):
            candidates.append((rank(tv, m), 1, m))
            break
    m = subject_after(tv, verb, hi)
    if m is not None and not (
        candidates and not prefer_object and _dative_after_subject(tv, candidates[0][2], m)
    ):
        bonus = THRESHOLDS().rank.object_bonus if prefer_object else 0
        candidates.append((rank(tv, m) + bonus, 0, m))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], c[1]))[2]


def _dative_after_subject(tv: Toks, subject: Mention, after: Mention) -> bool:
    """ "Ein Sprecher sagte der Nachrichtenagentur Reuters": with a subject in the prefield, a
    phrase after the verb opened by "dem"/"den", or by "der" when the subject is clearly
    nominative, is the one spoken to, not the speaker."""
    opener = tv.low[after.start]
    if opener in CUES().addressee_articles:
        return True
    first = tv.low[subject.start]
    return opener == "der" and (first in CUES().nominative_openers or subject.kind == "name")


def rank(tv: Toks, m: Mention) -> float:
    """How likely a phrase is a clause's speaker: names beat pronouns beat descriptions; a phrase
    opened by a dative ("dem", "einem") is spoken to (weights in ``thresholds.yaml``: ``rank``)."""
    weights = THRESHOLDS().rank
    base: float = getattr(weights, m.kind)
    if tv.low[m.start] in CUES().dative_openers:
        base -= weights.dative_penalty
    return base


# ------------------------------------------------------------------------------------------------------ cues
def clause_cue(
    tv: Toks, lo: int, hi: int, kind: str, strength: int, *, skip: tuple[int, int] = (0, 0)
) -> Cue | None:
    """Speaker of a clause ``[lo, hi)`` that introduces or frames a quote (tokens in ``skip`` are the
    quotation itself and never the cue)."""
    cues = CUES()
    reporting = [k for k in tv.speech_in(lo, hi) if not skip[0] <= k < skip[1] and is_reporting(tv, k, hi)]
    finite = [k for k in finite_verbs(tv, lo, hi) if not skip[0] <= k < skip[1]]
    # "es heißt in dem Schreiben", "In dem Antrag heißt es": the document speaks
    for k in range(lo, hi):
        if tv.low[k] in cues.heisst_words:
            if k > lo + 1 and tv.pos[lo] in PREP and tv.low[lo] != "zu":
                m = noun_phrase(tv, lo + 1, k)
                # "In dem Antrag heißt es", "Im Schreiben, das … vorliegt, heißt es"
                if m is not None and (m.end == k or tv.toks[m.end].text in (",", "(")):
                    return Cue(kind, tv.toks[k].text, m, strength)
            for a in range(k + 1, min(hi, k + 4)):
                if tv.pos[a] in PREP and tv.low[a] != "zu":
                    m = noun_phrase(tv, a + 1, hi)
                    if m is not None:
                        return Cue(kind, tv.toks[k].text, m, strength)
            if kind != "colon":
                break
    if kind == "colon" and reporting:
        # the introducing clause is the last one before the colon: "Wie die Zeitung berichtete,
        # soll X gesagt haben: …"
        last_comma = max((k for k in range(lo, hi) if tv.toks[k].text == ","), default=lo - 1)
        reporting = [k for k in reporting if k > last_comma] or reporting
    verb = next((k for k in reporting if tv.pos[k] in FINITE_VERB_TAGS), None)
    if verb is None and reporting:
        verb = reporting[0]
    if verb is None and kind == "colon" and finite:
        verb = finite[0]
        strength = min(strength, 2)  # any verb before a colon: weaker than a reporting verb
    if verb is None:
        return None
    main = finite[0] if finite else verb
    active_zitieren = tv.toks[verb].lemma.lower() == "zitieren" and tv.pos[verb] == "VVFIN"
    prefer_object = active_zitieren and any(  # "zitiert X mit den Worten …": X is spoken of
        _phrase_at(tv, k, hi, p) for k in range(verb, hi) for p in worten_phrases()
    )
    # a participle's finite verb: the last before it in its comma clause ("soll X gesagt haben"), else its
    # auxiliary right after it ("die X … erklärt hatte"), else the main verb
    clause_lo = max((k + 1 for k in range(lo, verb) if tv.toks[k].text == ","), default=lo)
    own = next((k for k in reversed(finite) if clause_lo <= k < verb), None)
    aux = next((k for k in finite if verb < k <= verb + 2 and tv.pos[k - 1] != "$,"), None)
    anchor = (
        verb
        if tv.pos[verb] in FINITE_VERB_TAGS
        else own
        if own is not None
        else aux
        if aux is not None
        else main
    )
    mention = subject_around(tv, lo, anchor, hi, prefer_object=prefer_object)
    if mention is None and anchor != main:
        mention = subject_around(tv, lo, main, hi)
    if mention is None and anchor > lo and tv.pos[anchor - 1] == "KON":
        # "biss der Randalierer den Fluggast und rief: …": the first verb's subject speaks
        first_verb = next((k for k in reversed(finite) if k < anchor - 1), None)
        if first_verb is not None:
            mention = subject_around(tv, lo, first_verb, anchor - 1)
    return Cue(kind, verb_text(tv, verb, hi), mention, strength)


def _phrase_at(tv: Toks, k: int, hi: int, phrase: tuple[str, ...]) -> bool:
    """The lower-cased words ``phrase`` stand at token ``k``."""
    return k + len(phrase) <= hi and tv.low[k : k + len(phrase)] == phrase


def source_cue(tv: Toks, lo: int, hi: int, skip: tuple[int, int]) -> Cue | None:
    """ "laut X", "X zufolge", "nach Angaben X" anywhere in the sentence (outside the quote)."""
    cues = CUES()
    for k in range(lo, hi):
        if skip[0] <= k < skip[1]:
            continue
        low = tv.low[k]
        if low in cues.so_words and k > lo and tv.toks[k - 1].text == "," and k >= skip[1]:
            m = noun_phrase(tv, k + 1, hi)  # "…, müssen sie vorweisen, so der Verband."
            if m is not None and (
                m.end >= hi or tv.toks[m.end].text in _CLAUSE_OR_COMMA or tv.pos[m.end] in PREP
            ):
                return Cue("source", tv.toks[k].text, m, 2)
        if low in cues.source_prepositions and k + 1 < hi and not is_mark(tv, k + 1):
            m = noun_phrase(tv, k + 1, hi)
            if m is not None and not (skip[0] <= m.start < skip[1]):
                return Cue("source", tv.toks[k].text, m, 2)
        if low in cues.source_postpositions and k > lo:
            for s in range(max(lo, k - 6), k):
                m = noun_phrase(tv, s, k)
                if m is not None and m.end == k:
                    return Cue("source", tv.toks[k].text, m, 2)
        if (
            low in cues.source_nouns
            and k > lo
            and k + 1 < hi
            and tv.low[k + 1] == "nach"
            and tv.pos[k - 1] == "PPOSAT"
        ):
            # "Seiner Ansicht nach …": the owner of the opinion
            return Cue("source", f"{tv.toks[k].text} nach", Mention(k - 1, k, "pronoun"), 0)
        noun = k + 2 if k + 2 < hi and tv.pos[k + 1] in DET else k + 1  # "nach den Worten X"
        if low == "nach" and noun + 1 < hi and tv.low[noun] in cues.source_nouns:
            a = noun + 1
            if tv.low[a] == "von":
                a += 1
            m = noun_phrase(tv, a, hi)
            if m is not None:
                return Cue("source", f"nach {tv.toks[noun].text}", m, 2)
            return Cue("source", f"nach {tv.toks[noun].text}", None, 2)
    return None


def after_cue(tv: Toks, lo: int, hi: int) -> Cue | None:
    """ "…“, sagte er." / "…“, so der Minister." / "…“, hatte X erklärt." right after the closing mark."""
    k = lo
    while k < hi and tv.toks[k].text in (",", "–", "-", "—"):
        k += 1
    if k >= hi or k - lo > 2:
        return None
    limit = min(hi, k + THRESHOLDS().after_cue_tokens)
    if tv.low[k] in CUES().so_words:
        if k + 1 < hi and tv.pos[k + 1] in FINITE_VERB_TAGS:
            cue = clause_cue(tv, k + 1, clause_end(tv, k + 1, hi), "after", 3)
            return dataclasses.replace(cue, text=f"so {cue.text}") if cue else None
        m = noun_phrase(tv, k + 1, hi)
        return Cue("after", tv.toks[k].text, m, 3) if m else None
    end = clause_end(tv, k, hi)
    for v in range(k, min(k + 1, limit, end)):
        if is_reporting(tv, v, end) and tv.pos[v] in FINITE_VERB_TAGS:
            m = subject_after(tv, v, end)
            return Cue("after", verb_text(tv, v, end), m, 3)
        if tv.pos[v] == "VVFIN":
            # the quotation is the prefield of any verb: "„…“, zeigte sich Trainer X zufrieden";
            # strength 0: it names the speaker of a statement but makes no fragment speech
            m = subject_after(tv, v, end)
            if m is not None and m.kind in ("name", "pronoun"):
                return Cue("verb", tv.toks[v].text, m, 0)
        if tv.pos[v] in ("VAFIN", "VMFIN"):
            # "hatte Stadtwerke-Chef Hallberg im Radio erklärt"
            part = next((p for p in range(v + 1, end) if is_reporting(tv, p, end)), None)
            if part is not None:
                m = subject_after(tv, v, end)
                return Cue("after", f"{tv.toks[v].text} … {tv.toks[part].text}", m, 3)
    return None


def konjunktiv(tv: Toks, lo: int, hi: int, skip: tuple[int, int]) -> bool:
    """A Konjunktiv I verb of reported speech in ``[lo, hi)`` outside ``skip``: listed ("sei",
    "habe") or regular by shape (3rd person singular = stem + e, tagged finite)."""
    words = CUES().konjunktiv
    for k in range(lo, hi):
        if skip[0] <= k < skip[1] or tv.pos[k] not in FINITE_VERB_TAGS:
            continue
        if tv.low[k] in words:
            return True
        lemma = tv.toks[k].lemma.lower()
        if tv.pos[k] == "VVFIN" and lemma.endswith("en") and tv.low[k] == lemma[:-1] and tv.low[k] != lemma:
            return True
    return False
