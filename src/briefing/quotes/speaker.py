"""How a quote's speaker is chosen, from cue to name.

1. **The cue** (:func:`find_cue`): of the reporting cues around a quotation (:mod:`.cues`), the
   first that names a speaker in this order wins: a colon introduction ("Er antwortete: „…“", or a
   bare phrase: "BKA-Präsident Ziercke: „…“"; one without a reporting verb gives way to a reporting
   cue right after the quote), a cue right after the closing mark ("„…“, sagte er" / "„…“, so der
   Minister"), a reporting clause before the quotation in its sentence ("X sagte, …"), a source
   phrase ("laut X", "X zufolge", "nach Angaben X"; it also beats a reporting clause whose speaker
   is only a description: "Der Abschuss rechtfertige sich nach Meinung der Organisation …"), a
   reporting clause after it, any speech verb in the sentence, and last reported speech
   (Konjunktiv I) without a speaker. A cue without a speaker phrase still makes a fragment speech.
2. **The speaker phrase** inside a reporting clause: the phrase before the verb or the one after it,
   ranked name > pronoun > description, a dative ("dem Sender") spoken to rather than speaking
   (:func:`.cues.subject_around`, :func:`.cues.rank`; weights in ``data/quotes/thresholds.yaml``).
3. **Resolution** (:class:`Resolver`): the phrase's entity if the entity stage knows it (its name and
   role; pronouns and descriptions are resolved there, by :mod:`briefing.language.references`);
   else a name is its own speaker under the entity stage's canonical name ("Lukaschenko" ->
   "Alexander Lukaschenko"; without entities the longest name run ending with it,
   :mod:`briefing.language.names`), an unresolved pronoun takes the speaker of a quote in the last
   two sentences, else the person the resolver says was spoken of last
   (:meth:`~briefing.language.references.Resolution.referent_before`), a plural "sie" no single
   person; a description speaks as itself ("Staatsanwalt").
4. **Without a cue of its own** (:func:`inherit`): a quote that opens a paragraph or follows the
   previous quote closely continues its speaker; else the speaker of a reporting verb or a source
   phrase ("Nach Ansicht von X ist …") in the sentences just before; else, for a full statement, a
   named actor that is the subject of the sentence before ("Die SPD will … festhalten. „Wir …“").
5. **Confidence** by how the speaker was found (``confidence`` in ``thresholds.yaml``), lowered when
   a pronoun or description was resolved without the entity stage.
6. **Sharing** (:meth:`Attribution.quotes`): a quote left without a speaker shares the next quote's
   when both stand in one sentence ("Die „…“ hätten „…“, so Murtha.").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.language import names
from briefing.language.references import Resolution, is_plural_pronoun
from briefing.language.roles import states_role
from briefing.language.tags import DET
from briefing.model import Quote, entity_at
from briefing.quotes.config import THRESHOLDS
from briefing.quotes.cues import Cue, after_cue, clause_cue, finite_verbs, konjunktiv, source_cue
from briefing.quotes.phrases import noun_phrase
from briefing.quotes.tokens import CLAUSE_END, clean, is_mark, token_span

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.model import Document, Entity, Span
    from briefing.quotes.classify import Found
    from briefing.quotes.phrases import Mention
    from briefing.quotes.tokens import Toks


# ------------------------------------------------------------------------------------------------ 1. the cue
def find_cue(tv: Toks, lo: int, hi: int, first: int, last: int) -> Cue | None:
    """The cue of the quotation at tokens ``[first, last]`` in the context ``[lo, hi)``."""
    after = last + 1
    cue: Cue | None = None
    if first - 1 >= lo and tv.toks[first - 1].text == ":":
        cue = _colon_cue(tv, lo, first)
    named = cue is not None and cue.mention is not None
    weak = cue is None or cue.mention is None or cue.strength < 3
    if weak and after < hi:
        a = after_cue(tv, after, hi)
        # a colon introduction without a reporting verb gives way to a named reporting cue after
        if a is not None and (not named or (a.mention is not None and a.strength >= 3)):
            cue = a
    if cue is None or cue.mention is None:
        before = clause_cue(tv, lo, first, "verb", 2) if first > lo else None
        if before is not None and (cue is None or before.mention is not None):
            cue = before
    described = (
        cue is not None
        and cue.kind == "verb"
        and cue.mention is not None
        and cue.mention.kind == "description"
    )
    if cue is None or cue.mention is None or described:
        src = source_cue(tv, lo, hi, (first, last + 1))
        if (
            src is not None
            and (cue is None or src.mention is not None)
            and (not described or src.strength >= 2)
        ):
            cue = src
    if cue is None and after < hi:
        later = clause_cue(tv, after, hi, "verb", 2)
        if later is not None and later.mention is not None:
            cue = later
    if cue is None:  # a reporting verb anywhere in the sentence: "… die Gefahr einer „…“ beschwören"
        cue = clause_cue(tv, lo, hi, "verb", 2, skip=(first, last + 1))
    if cue is None and konjunktiv(tv, lo, hi, (first, last + 1)):
        cue = Cue("konjunktiv", None, None, 1)
    return cue


def _colon_cue(tv: Toks, lo: int, first: int) -> Cue:
    """ "Er antwortete: „…“": the clause before the colon (from the last clause end, colon or mark)."""
    c_lo = lo
    for k in range(first - 2, lo - 1, -1):
        if tv.toks[k].text in CLAUSE_END or tv.toks[k].text == ":" or is_mark(tv, k):
            c_lo = k + 1
            break
    cue = clause_cue(tv, c_lo, first - 1, "colon", 3)
    if cue is not None:
        return cue
    # no verb: "BKA-Präsident Ziercke: „…“" - a phrase that is the whole introduction speaks
    m = noun_phrase(tv, c_lo, first - 1)
    if m is not None and m.kind != "pronoun" and (m.end == first - 1 or m.kind == "name"):
        return Cue("colon", ":", m, 3)  # a name may be followed by a topic: "Nina Hagen zur Heimat: „…“"
    return Cue("colon", ":", None, 3)


# --------------------------------------------------------------------------------------------- 3. resolution
@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: name, role, entity id, the phrase that named them, a confidence penalty;
    ``group`` for a plural pronoun ("sagten sie"), a speaker of its own without a name."""

    name: str | None
    role: str | None
    entity: str | None
    mention: Span | None
    penalty: float = 0.0
    group: bool = False


class Resolver:
    """Turns a speaker phrase into a speaker and remembers the speakers found so far.

    Reference resolution is the language layer's (:mod:`briefing.language.references`): the entity
    stage resolved pronouns and descriptions to people (read here through ``entity_at``), and
    :meth:`~briefing.language.references.Resolution.referent_before` says who was spoken of last.
    Without people from the entity stage, the people are the text's name runs
    (:mod:`briefing.language.names`). What is quote policy stays here: a quote's recent speaker wins
    over the resolver's last person, a description without a referent speaks as itself."""

    def __init__(self, doc: Document, tv: Toks, entities: tuple[Entity, ...]) -> None:
        self.doc = doc
        self.tv = tv
        self.entities = entities
        persons = [e for e in entities if e.type == "PER"]
        people: dict[str, list[int]]
        self.full_names: dict[str, str]  # name -> its canonical or full form
        if persons:
            self.people = [Speaker(e.name, e.role, e.id, None) for e in persons]
            people = {e.id: [m.start for m in (*e.mentions, *e.references)] for e in persons}
            self.full_names = _canonical_names(persons)
        else:  # no entity stage: the people are the name runs that are no other kind of entity
            all_runs = names.name_runs(doc)
            runs = [r for r in all_runs if _may_be_person(entities, r)]
            self.full_names = names.full_forms(all_runs)
            people = names.people_by_name(runs, self.full_names)
            self.people = [Speaker(name, None, None, None) for name in people]
        self.spoken = Resolution.of_people(list(people.values()))
        # speakers of quotes by the sentence of their mention: (order found, mention offset, speaker)
        self.speakers: dict[int, list[tuple[int, int, Speaker]]] = {}
        self._remembered = 0

    def full_name(self, name: str) -> str:
        """The canonical name of the person ``name`` names: the entity stage's ("Lukaschenko" ->
        "Alexander Lukaschenko"), without entities the longest name run ending with it."""
        return self.full_names.get(name, name)

    def resolve(self, m: Mention) -> Speaker:
        """The speaker a phrase names (an entity, a full name, a pronoun's person, a description)."""
        tv, doc = self.tv, self.doc
        span = token_span(doc, tv, m.start, m.end)
        lo_tok, hi_tok = m.name or (m.start, m.end)
        target = token_span(doc, tv, lo_tok, hi_tok)
        ent = entity_at(self.entities, target.start, target.end)
        role_text = clean(token_span(doc, tv, *m.role).text) if m.role and m.role[1] > m.role[0] else None
        if role_text is not None and not states_role(role_text):
            role_text = None  # "Seine Handlungsweise", "Henk Jaap Meijer": no role
        if ent is not None:
            return Speaker(ent.name, ent.role or role_text, ent.id, span)
        if m.kind == "name":
            return Speaker(self.full_name(clean(target.text)), role_text, None, span)
        penalty = THRESHOLDS().fallback_penalty
        if m.kind == "pronoun":
            prev = self.recent_speaker(span.start) or self.person_before(m.start)
            if prev is not None:
                return dataclasses.replace(prev, mention=span, penalty=penalty)
            return Speaker(None, None, None, span, penalty, group=self.is_plural(m.start))
        # a description without a name speaks as itself, minus its article: "der Staatsanwalt"
        lo = m.start + 1 if tv.pos[m.start] in DET and m.end - m.start > 1 else m.start
        return Speaker(clean(token_span(doc, tv, lo, m.end).text), None, None, span, penalty)

    def recent_speaker(self, offset: int) -> Speaker | None:
        """The speaker of a quote in the last two sentences before ``offset`` ("„…“, sagte Kline. Er
        fuhr fort: …"): for an unresolved pronoun, they beat the resolver's last person. Of several,
        the one found last."""
        here = self.doc.sentence_at(offset)
        if here is None:
            return None
        recent = [
            (order, sp)
            for s in range(here.index - 2, here.index + 1)
            for order, start, sp in self.speakers.get(s, ())
            if start < offset
        ]
        return max(recent, key=lambda found: found[0])[1] if recent else None

    def person_before(self, pronoun: int) -> Speaker | None:
        """The person spoken of last before the pronoun at token ``pronoun``; none for a plural
        "sie" ("Sie betonten: …"), which stands for a group."""
        if self.is_plural(pronoun):
            return None
        person = self.spoken.referent_before(self.tv.toks[pronoun].start)
        return self.people[person] if person is not None else None

    def is_plural(self, pronoun: int) -> bool:
        """The pronoun at token ``pronoun`` is a plural "sie" (the language layer says)."""
        lo, hi = self.tv.sent_bounds[self.tv.sent[pronoun]]
        return is_plural_pronoun(self.tv.toks[lo:hi], pronoun - lo)

    def remember(self, sp: Speaker) -> None:
        """Note ``sp`` as the speaker of a quote (a later pronoun may point back to them)."""
        if sp.mention is not None and sp.name:
            sentence = self.doc.sentence_at(sp.mention.start)
            if sentence is not None:
                self.speakers.setdefault(sentence.index, []).append((self._remembered, sp.mention.start, sp))
                self._remembered += 1


def _canonical_names(persons: Sequence[Entity]) -> dict[str, str]:
    """Name -> the entity stage's name of the person it names: the first person that has it as an
    alias or whose canonical name ends with it ("Lukaschenko" -> "Alexander Lukaschenko")."""
    table: dict[str, str] = {}
    for e in persons:
        for name in (*e.aliases, *names.word_suffixes(e.name)):
            table.setdefault(name, e.name)
    return table


def _may_be_person(entities: tuple[Entity, ...], run: Span) -> bool:
    """A name run is no place or organisation the entity stage found."""
    other = entity_at(entities, run.start, run.end)
    return other is None or other.type == "PER"


# -------------------------------------------------------------------------------------- 4. no cue of its own
def inherit(
    doc: Document, tv: Toks, f: Found, prev: tuple[Quote, Found] | None, resolver: Resolver
) -> tuple[str, Speaker] | None:
    """A speaker for a quote without a cue of its own: the previous quote's (continuation), or the
    speaker of a reporting verb in the sentences just before."""
    lookback = THRESHOLDS().lookback_sentences
    s_index = tv.sent[f.first] if f.first < len(tv.toks) else len(doc.sentences) - 1
    para = doc.paragraph_at(f.raw.start)
    opens_paragraph = para is not None and para.start == f.raw.start
    if prev is not None and prev[0].speaker:
        q, pf = prev
        p_sent = tv.sent[min(pf.last, len(tv.toks) - 1)]
        same_para = tv.para[p_sent] == tv.para[s_index]
        next_para = tv.para[p_sent] + 1 == tv.para[s_index]
        if (opens_paragraph and (same_para or next_para)) or (same_para and s_index - p_sent <= lookback):
            how = "continuation" if opens_paragraph or s_index - p_sent <= 1 else "previous"
            sp = Speaker(q.speaker, q.speaker_role, q.entity, q.speaker_mention)
            return how, sp
    # a reporting verb in this or the previous sentences of the paragraph ("Ostrowski betonte, …")
    for s in range(s_index, max(-1, s_index - lookback - 1), -1):
        if tv.para[s] != tv.para[s_index]:
            break
        lo, hi = tv.sent_bounds[s]
        if s == s_index:
            hi = f.first
        cue = clause_cue(tv, lo, hi, "verb", 2) if hi > lo else None
        if (cue is None or cue.mention is None) and hi > lo:
            cue = source_cue(tv, lo, hi, (lo, lo))  # "Nach Ansicht von X ist … „…“"
        if cue is not None and cue.mention is not None:
            sp = resolver.resolve(cue.mention)
            if sp.name:
                return "previous", sp
    # a statement right after a sentence about a named actor: "Die SPD will … festhalten. „Wir wollen …“"
    if f.statement and s_index > 0 and tv.para[s_index - 1] == tv.para[s_index]:
        lo, hi = tv.sent_bounds[s_index - 1]
        finite = finite_verbs(tv, lo, hi)
        if finite:
            lo = next((k + 1 for k in range(finite[0] - 1, lo - 1, -1) if tv.toks[k].text == ":"), lo)
        m = noun_phrase(tv, lo, finite[0]) if finite else None
        if (
            m is not None
            and m.kind == "name"
            and m.name
            and any(tv.pos[k] == "NE" or k in tv.names for k in range(*m.name))
        ):
            sp = resolver.resolve(m)
            if sp.name:
                return "guess", dataclasses.replace(sp, penalty=0.0)
    return None


# ---------------------------------------------------------------------------------------------- 5./6. quotes
class Attribution:
    """The speech quotes of a document in text order, each with its speaker and confidence."""

    def __init__(self, doc: Document, tv: Toks, entities: tuple[Entity, ...]) -> None:
        self.doc = doc
        self.tv = tv
        self.resolver = Resolver(doc, tv, entities)
        self._quotes: list[Quote] = []
        self._found: list[Found] = []

    def owner(self, m: Mention | None) -> str | None:
        """The name of who uses a term ("wie Putin sie nennt")."""
        return self.resolver.resolve(m).name if m else None

    def add(self, f: Found) -> None:
        """Attribute the speech quotation ``f`` (in text order) and keep it."""
        conf = THRESHOLDS().confidence
        speaker: Speaker | None = None
        cue_text: str | None = None
        confidence = conf.none
        if f.cue is not None and f.cue.mention is not None:
            speaker = self.resolver.resolve(f.cue.mention)
            cue_text = f.cue.text
            confidence = conf.of(f.cue.kind)
        if speaker is None or (speaker.name is None and not speaker.group):
            prev = (self._quotes[-1], self._found[-1]) if self._quotes else None
            inherited = inherit(self.doc, self.tv, f, prev, self.resolver)
            if inherited is not None:
                how, speaker = inherited
                cue_text = cue_text or (f.cue.text if f.cue else None)
                confidence = conf.of(how)
        if speaker is not None:
            confidence = max(conf.minimum, confidence - speaker.penalty)
            self.resolver.remember(speaker)
        raw = f.raw
        self._quotes.append(
            Quote(
                text=self.doc.text[raw.start : raw.end],
                start=raw.start,
                end=raw.end,
                speaker=speaker.name if speaker else None,
                speaker_role=speaker.role if speaker else None,
                cue=cue_text,
                speaker_mention=speaker.mention if speaker else None,
                confidence=round(confidence, 2),
                entity=speaker.entity if speaker else None,
            )
        )
        self._found.append(f)

    def quotes(self) -> list[Quote]:
        """The quotes; one without a speaker shares the next one's in its sentence ("Die „…“ hätten
        „…“, so Murtha.")."""
        quotes, found, sent = list(self._quotes), self._found, self.tv.sent
        continuation = THRESHOLDS().confidence.continuation
        for i in range(len(quotes) - 2, -1, -1):
            q, nxt = quotes[i], quotes[i + 1]
            if q.speaker is None and nxt.speaker and sent[found[i].last] == sent[found[i + 1].first]:
                quotes[i] = dataclasses.replace(
                    nxt, text=q.text, start=q.start, end=q.end, confidence=continuation, key=False
                )
        return quotes
