"""Quote stage: direct speech with its speaker; other quotation marks become terms.

1. Pair the quotation marks (all styles: „…“ "…" »…« «…» ‚…‘ ›…‹), including straight quotes with a
   space before the closing mark, a stray opening mark inside a quote (broken marks) and quotes that run
   over paragraphs (a paragraph that opens with a mark while the quote is still open continues it).
2. Find the cue around each quotation: a colon introduction ("Er antwortete: …"), a reporting verb
   after or before it ("…, sagte X" / "X sagte, …"), "so X", "laut X", "X zufolge", "nach Angaben X",
   "mit den Worten zitiert", or reported speech (Konjunktiv) around a fragment.
3. Tell speech from terms, titles and names: "so genannt", "wie X sie nennt", title nouns ("der Film
   „…“"), capitalised names; short fragments need a cue in their sentence to count as speech.
4. Resolve the speaker mention (name, pronoun, description) to an entity; without one, a name is its own
   speaker and a pronoun takes the nearest preceding person name. Quotes without a cue of their own
   continue the previous speaker.
5. Flag the 3–5 key quotes for the PDF.

Word lists, cue patterns and thresholds live in ``data/quotes/``.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefing import resources
from briefing.model import FINITE_VERB_TAGS, Quote, Span, Term, entity_at

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.model import Document, Entity, TermKind, Token

_MARK = re.compile('[„“”»«‚‘’›‹"]')
_WORD = re.compile(r"\w", re.UNICODE)
_DET = frozenset({"ART", "PDAT", "PIAT", "PIDAT", "PPOSAT", "PWAT"})
_ADJ = frozenset({"ADJA", "ADJD", "CARD"})
_NOMINAL = frozenset({"NN", "NNA", "NE", "FM", "XY", "TRUNC"})
_PREP = frozenset({"APPR", "APPRART", "APPO", "APZR"})
_SKIP_AFTER_VERB = frozenset({"ADV", "PTKVZ", "PRF", "PTKNEG", "PAV", "PROAV", "ADJD"})
_OBJECT_PRONOUNS = frozenset(
    {"ihn", "ihm", "ihr", "ihnen", "es", "sich", "uns", "mich", "mir", "dies", "das"}
)
_DATIVE = frozenset({"dem", "einem", "einer", "ihrem", "seinem"})
_CLAUSE_END = frozenset({".", "!", "?", ";"})
_CONNECTORS = frozenset(
    {"of", "the", "for", "and", "de", "du", "del", "la", "le", "les", "da", "di", "van", "y", "&"}
)
_NAME_PARTICLES = frozenset({"von", "van", "de", "di", "da", "zu"})
_STRAIGHT_OPEN_BEFORE = " \t\n\r([{–—-/"
_CLOSE_AFTER = ".,;:!?)]}–—-/…"


# ---------------------------------------------------------------------------------------------- data
@dataclass(frozen=True, slots=True)
class _Lexicon:
    verbs: frozenset[str]  # reporting verb forms that count alone
    verb_lemmas: frozenset[str]
    separable: dict[str, tuple[str, ...]]  # finite stem form -> particles it needs
    pairs: dict[str, str]
    so_words: frozenset[str]
    source_preps: frozenset[str]
    source_posts: frozenset[str]
    source_nouns: frozenset[str]
    worten: tuple[tuple[str, ...], ...]
    heisst: frozenset[str]
    term_markers: frozenset[str]
    term_marker_pairs: frozenset[tuple[str, str]]
    title_nouns: tuple[str, ...]
    title_exceptions: frozenset[str]
    term_verbs: frozenset[str]
    konjunktiv: frozenset[str]
    pronouns: frozenset[str]
    not_speakers: frozenset[str]
    limits: dict[str, Any]


@functools.cache
def _lexicon() -> _Lexicon:
    verbs_data = resources.load_data("quotes/verbs.yaml")
    cues = resources.load_data("quotes/cues.yaml")
    limits = resources.load_data("quotes/thresholds.yaml")
    forms: set[str] = set()
    lemmas: set[str] = set()
    for lemma, words in verbs_data["verbs"].items():
        lemmas.add(lemma)
        forms.update(w.lower() for w in str(words).split())
    separable: dict[str, set[str]] = {}
    for lemma, spec in verbs_data["separable"].items():
        particle, stems, joined = (part.split() for part in str(spec).split("|"))
        lemmas.add(lemma)
        forms.update(w.lower() for w in joined)
        for stem in stems:
            separable.setdefault(stem.lower(), set()).update(p.lower() for p in particle)

    def listed(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in cues[key])

    return _Lexicon(
        verbs=frozenset(forms),
        verb_lemmas=frozenset(lemmas),
        separable={k: tuple(sorted(v)) for k, v in separable.items()},
        pairs={str(k): str(v) for k, v in cues["pairs"].items()},
        so_words=listed("so_words"),
        source_preps=listed("source_prepositions"),
        source_posts=listed("source_postpositions"),
        source_nouns=listed("source_nouns"),
        worten=tuple(tuple(p.split()) for p in cues["worten_phrases"]),
        heisst=listed("heisst_words"),
        term_markers=listed("term_markers"),
        term_marker_pairs=frozenset((str(a).lower(), str(b).lower()) for a, b in cues["term_marker_pairs"]),
        title_nouns=tuple(sorted(listed("title_nouns"), key=len, reverse=True)),
        title_exceptions=listed("title_noun_exceptions"),
        term_verbs=listed("term_verbs"),
        konjunktiv=listed("konjunktiv"),
        pronouns=listed("pronouns"),
        not_speakers=listed("not_speakers"),
        limits=limits,
    )


# ---------------------------------------------------------------------------------------------- marks
@dataclass(frozen=True, slots=True)
class _Raw:
    start: int  # the opening mark
    end: int  # after the closing mark (or the end of the quoted text when unclosed)
    inner_start: int
    inner_end: int


def _straight_opens(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return before in _STRAIGHT_OPEN_BEFORE and not after.isspace()


def _straight_closes(text: str, pos: int) -> bool:
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return after.isspace() or after in _CLOSE_AFTER or after in '"“”»«'


def _can_open(text: str, pos: int, ch: str, german: bool) -> bool:
    if ch == '"':
        return _straight_opens(text, pos)
    if ch == "“":
        return not german
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return ch in "„»«‚›‹" and not after.isspace()


def _can_close(text: str, pos: int, ch: str) -> bool:
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if ch in "‘’":  # also apostrophes ("People’s")
        return not after.isalnum()
    if ch == '"':
        # An opening-shaped straight mark inside an open quote is a stray (broken marks, as in
        # `"Ja, ich bin bereit. "Ich bin bereit …"`): the quote goes on to the next closing mark.
        return _straight_closes(text, pos) or not _straight_opens(text, pos)
    return True


def _pair_marks(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Raw]:
    lex = _lexicon()
    german = "„" in text
    marks = [(m.start(), m.group()) for m in _MARK.finditer(text)]
    para_starts = [p[0] for p in paragraphs]

    def para_end(pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(para_starts, pos) - 1)
        return i, paragraphs[i][1] if paragraphs else len(text)

    out: list[_Raw] = []
    i = 0
    while i < len(marks):
        pos, ch = marks[i]
        if ch not in lex.pairs or not _can_open(text, pos, ch, german):
            i += 1
            continue
        closers = lex.pairs[ch]
        p_index, limit = para_end(pos)
        j = i + 1
        close: int | None = None
        end = limit
        while j < len(marks):
            p2, c2 = marks[j]
            if p2 >= limit:
                # Still open at the paragraph end: a next paragraph that opens with a mark continues it.
                nxt = p_index + 1
                if nxt < len(paragraphs) and paragraphs[nxt][0] == p2 and _can_open(text, p2, c2, german):
                    p_index, limit = nxt, paragraphs[nxt][1]
                    j += 1
                    continue
                end = limit
                break
            if c2 in closers and _can_close(text, p2, c2):
                close = j
                break
            if c2 == ch and ch not in closers and _can_open(text, p2, c2, german):
                end = p2  # a new quote opens before this one closed
                break
            j += 1
        else:
            end = limit
        if close is not None:
            q_end = marks[close][0] + 1
            out.append(_Raw(pos, q_end, pos + 1, q_end - 1))
            i = close + 1
        else:
            q_end = len(text[:end].rstrip())
            if q_end > pos + 1:
                out.append(_Raw(pos, q_end, pos + 1, q_end))
            i = j if j > i else i + 1
    return out


# ---------------------------------------------------------------------------------------------- tokens
@dataclass(frozen=True, slots=True)
class _Toks:
    """Flat token view of the document with normalised STTS tags."""

    toks: tuple[Token, ...]
    pos: tuple[str, ...]
    low: tuple[str, ...]
    sent: tuple[int, ...]  # sentence index per token
    starts: tuple[int, ...]
    sent_bounds: tuple[tuple[int, int], ...]  # token range per sentence
    para: tuple[int, ...]  # paragraph index per sentence
    names: dict[int, int]  # token index -> end token of an entity name mention starting there

    def index(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)


def _token_view(doc: Document, entities: tuple[Entity, ...]) -> _Toks:
    toks: list[Token] = []
    sent: list[int] = []
    bounds: list[tuple[int, int]] = []
    for s_index, sentence in enumerate(doc.sentences):
        lo = len(toks)
        toks.extend(sentence.tokens)
        sent.extend([s_index] * len(sentence.tokens))
        bounds.append((lo, len(toks)))
    starts = [t.start for t in toks]
    names: dict[int, int] = {}
    for ent in entities:
        if ent.type not in ("PER", "ORG"):
            continue
        for m in ent.mentions:
            i = bisect.bisect_left(starts, m.start)
            j = bisect.bisect_left(starts, m.end)
            if i < len(toks) and toks[i].start == m.start and j > i:
                names[i] = max(j, names.get(i, 0))
    return _Toks(
        toks=tuple(toks),
        pos=tuple(t.pos for t in toks),
        low=tuple(t.text.lower() for t in toks),
        sent=tuple(sent),
        starts=tuple(starts),
        sent_bounds=tuple(bounds),
        para=tuple(s.paragraph for s in doc.sentences),
        names=names,
    )


def _is_mark(tv: _Toks, i: int) -> bool:
    return bool(_MARK.fullmatch(tv.toks[i].text))


def _is_word(tv: _Toks, i: int) -> bool:
    return bool(_WORD.search(tv.toks[i].text))


def _capitalised(tv: _Toks, i: int) -> bool:
    first = tv.toks[i].text[:1]
    return first.isupper() or (first.isdigit() and tv.pos[i] in _NOMINAL)


def _namey(tv: _Toks, k: int) -> bool:
    """A name token: tagged NE/FM, or a capitalised word mis-tagged as adjective/verb right after a
    first name ("Petra Lang")."""
    if tv.pos[k] in ("NE", "FM"):
        return True
    return (
        k > 0
        and tv.pos[k - 1] == "NE"
        and tv.sent[k - 1] == tv.sent[k]
        and tv.toks[k].text[:1].isupper()
        and tv.pos[k] in ("ADJD", "ADJA", "ADV", "VVFIN", "VVPP", "VVINF", "CARD")
    )


# ---------------------------------------------------------------------------------------------- phrases
@dataclass(frozen=True, slots=True)
class _Mention:
    start: int  # token range [start, end)
    end: int
    kind: str  # "name" | "pronoun" | "description"
    name: tuple[int, int] | None = None  # token range of the person's name inside the phrase
    role: tuple[int, int] | None = None  # token range of the describing words


def _noun_phrase(tv: _Toks, i: int, hi: int) -> _Mention | None:
    """The noun phrase starting at token ``i`` (determiner, adjectives, capitalised nouns, genitive,
    apposition): "der zuständige Gewerkschaftsvorstand Uwe Foullong", "Andres Granier, der Gouverneur"."""
    lex = _lexicon()
    if i >= hi:
        return None
    if tv.pos[i] == "PPER" and tv.low[i] in lex.pronouns and tv.low[i] not in ("ich", "wir"):
        return _Mention(i, i + 1, "pronoun")
    # "Von der Leyen", "de Maizière" at the start of a sentence
    if (
        i + 2 < hi
        and tv.low[i] in _NAME_PARTICLES
        and tv.low[i + 1] in ("der", "den", "dem", "de", "la")
        and _capitalised(tv, i + 2)
        and tv.pos[i + 2] in _NOMINAL
    ):
        return _Mention(i, i + 3, "name", (i, i + 3), None)
    k = i
    has_det = tv.pos[k] in _DET
    if has_det:
        k += 1
    while k < hi and (tv.pos[k] in _ADJ or (tv.pos[k] == "ADV" and k + 1 < hi and tv.pos[k + 1] in _ADJ)):
        k += 1
    # a nominalised adjective as head: "Der Vorsitzende", "der 58-Jährige"
    if has_det and k > i + 1 and _capitalised(tv, k - 1) and (k >= hi or tv.pos[k] not in _NOMINAL):
        k -= 1
    head_start = k
    known: tuple[int, int] | None = None
    while k < hi:
        if k in tv.names:  # a name the entity stage found ("Von der Leyen")
            known = (k, min(hi, tv.names[k]))
            k = known[1]
            continue
        if tv.pos[k] in _NOMINAL and _capitalised(tv, k) and tv.low[k] not in lex.not_speakers:
            k += 1
            continue
        if k > head_start and _namey(tv, k):
            k += 1
            continue
        break
    if k == head_start:
        return None
    head_end = k
    # Genitive attribute: "des Finanzministeriums", "der Umweltschutzorganisation"
    if k + 1 < hi and tv.low[k] in ("des", "der") and tv.pos[k] == "ART":
        g = k + 1
        while g < hi and tv.pos[g] in _ADJ:
            g += 1
        g0 = g
        while g < hi and tv.pos[g] in _NOMINAL and _capitalised(tv, g):
            g += 1
        if g > g0:
            k = g
    name = (
        known if known is not None and known[1] == head_end else _name_in(tv, head_start, head_end, has_det)
    )
    # one prepositional attribute: "von Human Rights Watch", "im Irak", "aus Minnesota"
    if (
        k + 1 < hi
        and tv.pos[k] in ("APPR", "APPRART")
        and tv.low[k] not in ("mit", "bei", "zu", "zum", "zur")
    ):
        pp = _noun_phrase_simple(tv, k + 1, hi)
        if pp is not None:
            k = pp[1]
    role: tuple[int, int] | None = None
    if name is not None:
        if name[0] > head_start:
            role = (head_start, name[0])
    else:
        role = (head_start, k)
    # Apposition: ", Nicolas Sarkozy," after a description / ", der Gouverneur von Tabasco," after a name
    if k + 1 < hi and tv.toks[k].text == ",":
        nxt = _noun_phrase_simple(tv, k + 1, hi)
        if nxt is not None:
            a_start, a_end, a_has_det = nxt
            a_name = _name_in(tv, a_start, a_end, a_has_det)
            closes = a_end >= hi or tv.toks[a_end].text == "," or tv.pos[a_end] in FINITE_VERB_TAGS | _PREP
            if name is None and a_name is not None and closes:
                return _Mention(i, a_end, "name", a_name, role)
            if name is not None and a_name is None and a_has_det and closes:
                return _Mention(i, a_end, "name", name, (a_start, a_end))
    if name is not None:
        return _Mention(i, k, "name", name, role)
    return _Mention(i, k, "description", None, role)


def _noun_phrase_simple(tv: _Toks, i: int, hi: int) -> tuple[int, int, bool] | None:
    k = i
    has_det = k < hi and tv.pos[k] in _DET
    if has_det:
        k += 1
    while k < hi and tv.pos[k] in _ADJ:
        k += 1
    h = k
    if has_det and k > h and _capitalised(tv, k - 1) and (k >= hi or tv.pos[k] not in _NOMINAL):
        h = k = k - 1
    while k < hi and (tv.pos[k] in _NOMINAL or (k == h and tv.pos[k] in _ADJ)) and _capitalised(tv, k):
        k += 1
    if k == h:
        return None
    return (h, k, has_det)


def _name_in(tv: _Toks, lo: int, hi: int, has_det: bool) -> tuple[int, int] | None:
    """The person/organisation name inside a run of capitalised nominals: the trailing NE run
    ("Human Rights Watch-Sprecher Malinowski"), the last of several nouns ("VW-Chef Winterkorn"),
    or a bare noun without article ("so Kondé")."""
    k = hi
    while k > lo and _namey(tv, k - 1):
        k -= 1
    if k < hi:
        if hi - k == 1 and k > lo and tv.pos[k - 1] == "NN" and tv.low[k].endswith("s"):
            return None  # a genitive: "Der Innenminister Frankreichs"
        return (k, hi)
    if hi - lo >= 2:
        return (hi - 1, hi)
    if not has_det and hi - lo == 1:
        return (lo, hi)
    return None


# ---------------------------------------------------------------------------------------------- cues
@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str  # colon | after | verb | source | konjunktiv
    text: str | None
    mention: _Mention | None
    strength: int  # 3 strong (colon, after), 2 (verb, source in sentence), 1 (reported speech only)


def _is_reporting(tv: _Toks, i: int, hi: int) -> bool:
    lex = _lexicon()
    low = tv.low[i]
    if tv.toks[i].text[:1].isupper() and i > 0 and tv.sent[i - 1] == tv.sent[i]:
        return False  # a noun ("Angaben"), not a verb
    if low in lex.verbs:
        return True
    particles = lex.separable.get(low)
    if particles and tv.pos[i] in FINITE_VERB_TAGS:
        end = max(hi, tv.sent_bounds[tv.sent[i]][1])  # the particle may follow the quote: "wies … „…“ zurück"
        return any(tv.low[k] in particles for k in range(i + 1, end))
    return tv.pos[i].startswith("VV") and tv.toks[i].lemma.lower() in lex.verb_lemmas


def _verb_text(tv: _Toks, i: int, hi: int) -> str:
    lex = _lexicon()
    particles = lex.separable.get(tv.low[i])
    if particles and tv.low[i] not in lex.verbs:
        for k in range(i + 1, max(hi, tv.sent_bounds[tv.sent[i]][1])):
            if tv.low[k] in particles:
                return f"{tv.toks[i].text} {tv.toks[k].text}"
    return tv.toks[i].text


def _subject_around(
    tv: _Toks, lo: int, verb: int, hi: int, *, prefer_object: bool = False
) -> _Mention | None:
    """The speaker of the clause whose finite verb is ``verb``: the phrase before it (V2 prefield) or
    the phrase right after it ("sagte Filep Karma"); names beat pronouns beat descriptions."""
    candidates: list[tuple[float, int, _Mention]] = []
    # Prefield: from the last clause boundary before the verb; fall back to the sentence start.
    boundary = lo
    for k in range(verb - 1, lo - 1, -1):
        if tv.toks[k].text in (",", ":", ";", "(", ")") or _is_mark(tv, k):
            boundary = k + 1
            break
    for start in dict.fromkeys((boundary, lo)):
        if start >= verb:
            continue
        m = _noun_phrase(tv, start, verb)
        # the local clause's phrase must reach the verb; the sentence's prefield is one phrase anyway
        if m is not None and (m.end >= verb - 1 or start == lo):
            candidates.append((_rank(tv, m), 1, m))
            break
    m = _subject_after(tv, verb, hi)
    if m is not None and not (
        candidates and not prefer_object and _dative_after_subject(tv, candidates[0][2], m)
    ):
        candidates.append((_rank(tv, m) + (1.5 if prefer_object else 0), 0, m))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], c[1]))[2]


_NOMINATIVE_OPENERS = frozenset({"der", "die", "das", "ein", "eine", "er", "sie"})


def _dative_after_subject(tv: _Toks, subject: _Mention, after: _Mention) -> bool:
    """ "Ein Sprecher sagte der Nachrichtenagentur Reuters": with a subject in the prefield, a
    phrase after the verb opened by "dem"/"den", or by "der" when the subject is clearly
    nominative, is the one spoken to, not the speaker."""
    opener = tv.low[after.start]
    if opener in ("dem", "den"):
        return True
    first = tv.low[subject.start]
    return opener == "der" and (first in _NOMINATIVE_OPENERS or subject.kind == "name")


def _rank(tv: _Toks, m: _Mention) -> float:
    base = {"name": 3.0, "pronoun": 2.0, "description": 1.0}[m.kind]
    if tv.low[m.start] in _DATIVE:
        base -= 2.5
    return base


def _finite_verbs(tv: _Toks, lo: int, hi: int) -> list[int]:
    return [k for k in range(lo, hi) if tv.pos[k] in FINITE_VERB_TAGS]


def _clause_cue(
    tv: _Toks, lo: int, hi: int, kind: str, strength: int, *, skip: tuple[int, int] = (0, 0)
) -> _Cue | None:
    """Speaker of a clause ``[lo, hi)`` that introduces or frames a quote (tokens in ``skip`` are the
    quotation itself and never the cue)."""
    lex = _lexicon()
    reporting = [k for k in range(lo, hi) if not skip[0] <= k < skip[1] and _is_reporting(tv, k, hi)]
    finite = [k for k in _finite_verbs(tv, lo, hi) if not skip[0] <= k < skip[1]]
    # "es heißt in dem Schreiben": the document speaks
    for k in range(lo, hi):
        if tv.low[k] in lex.heisst:
            for a in range(k + 1, min(hi, k + 4)):
                if tv.pos[a] in _PREP and tv.low[a] != "zu":
                    m = _noun_phrase(tv, a + 1, hi)
                    if m is not None:
                        return _Cue(kind, tv.toks[k].text, m, strength)
            if kind != "colon":
                break
    verb = next((k for k in reporting if tv.pos[k] in FINITE_VERB_TAGS), None)
    if verb is None and reporting:
        verb = reporting[0]
    if verb is None and kind == "colon" and finite:
        verb = finite[0]
    if verb is None:
        return None
    main = finite[0] if finite else verb
    active_zitieren = tv.toks[verb].lemma.lower() == "zitieren" and tv.pos[verb] == "VVFIN"
    with_worten = any(_phrase_at(tv, k, hi, p) for k in range(verb, hi) for p in lex.worten)
    prefer_object = active_zitieren and with_worten
    anchor = verb if tv.pos[verb] in FINITE_VERB_TAGS else main
    mention = _subject_around(tv, lo, anchor, hi, prefer_object=prefer_object)
    if mention is None and anchor != main:
        mention = _subject_around(tv, lo, main, hi)
    return _Cue(kind, _verb_text(tv, verb, hi), mention, strength)


def _phrase_at(tv: _Toks, k: int, hi: int, phrase: tuple[str, ...]) -> bool:
    return k + len(phrase) <= hi and tv.low[k : k + len(phrase)] == phrase


def _source_cue(tv: _Toks, lo: int, hi: int, skip: tuple[int, int]) -> _Cue | None:
    """ "laut X", "X zufolge", "nach Angaben X" anywhere in the sentence (outside the quote)."""
    lex = _lexicon()
    for k in range(lo, hi):
        if skip[0] <= k < skip[1]:
            continue
        low = tv.low[k]
        if low in lex.so_words and k > lo and tv.toks[k - 1].text == "," and k >= skip[1]:
            m = _noun_phrase(tv, k + 1, hi)  # "…, müssen sie vorweisen, so der Verband."
            if m is not None and (m.end >= hi or tv.toks[m.end].text in _CLAUSE_END | {","}):
                return _Cue("source", tv.toks[k].text, m, 2)
        if low in lex.source_preps and k + 1 < hi and not _is_mark(tv, k + 1):
            m = _noun_phrase(tv, k + 1, hi)
            if m is not None and not (skip[0] <= m.start < skip[1]):
                return _Cue("source", tv.toks[k].text, m, 2)
        if low in lex.source_posts and k > lo:
            for s in range(max(lo, k - 6), k):
                m = _noun_phrase(tv, s, k)
                if m is not None and m.end == k:
                    return _Cue("source", tv.toks[k].text, m, 2)
        if low == "nach" and k + 2 < hi and tv.low[k + 1] in lex.source_nouns:
            a = k + 2
            if tv.low[a] == "von":
                a += 1
            m = _noun_phrase(tv, a, hi)
            if m is not None:
                return _Cue("source", f"nach {tv.toks[k + 1].text}", m, 2)
            return _Cue("source", f"nach {tv.toks[k + 1].text}", None, 2)
    return None


def _after_cue(tv: _Toks, lo: int, hi: int) -> _Cue | None:
    """ "…“, sagte er." / "…“, so der Minister." / "…“, hatte X erklärt." right after the closing mark."""
    lex = _lexicon()
    k = lo
    while k < hi and tv.toks[k].text in (",", "–", "-", "—"):
        k += 1
    if k >= hi or k - lo > 2:
        return None
    limit = min(hi, k + int(lex.limits["after_cue_tokens"]))
    if tv.low[k] in lex.so_words:
        if k + 1 < hi and tv.pos[k + 1] in FINITE_VERB_TAGS:
            cue = _clause_cue(tv, k + 1, _clause_end(tv, k + 1, hi), "after", 3)
            return dataclasses.replace(cue, text=f"so {cue.text}") if cue else None
        m = _noun_phrase(tv, k + 1, hi)
        return _Cue("after", tv.toks[k].text, m, 3) if m else None
    end = _clause_end(tv, k, hi)
    for v in range(k, min(k + 1, limit, end)):
        if _is_reporting(tv, v, end) and tv.pos[v] in FINITE_VERB_TAGS:
            m = _subject_after(tv, v, end)
            return _Cue("after", _verb_text(tv, v, end), m, 3)
        if tv.pos[v] in ("VAFIN", "VMFIN"):
            # "hatte VW-Chef Winterkorn in einem Interview erklärt"
            part = next((p for p in range(v + 1, end) if _is_reporting(tv, p, end)), None)
            if part is not None:
                m = _subject_after(tv, v, end)
                return _Cue("after", f"{tv.toks[v].text} … {tv.toks[part].text}", m, 3)
    return None


def _subject_after(tv: _Toks, verb: int, hi: int) -> _Mention | None:
    k = verb + 1
    while k < hi and (
        tv.pos[k] in _SKIP_AFTER_VERB or (tv.low[k] in _OBJECT_PRONOUNS and tv.pos[k] != "ART")
    ):
        k += 1
    return _noun_phrase(tv, k, hi)


def _clause_end(tv: _Toks, lo: int, hi: int) -> int:
    for k in range(lo, hi):
        if tv.toks[k].text in _CLAUSE_END or _is_mark(tv, k):
            return k
    return hi


def _konjunktiv(tv: _Toks, lo: int, hi: int, skip: tuple[int, int]) -> bool:
    lex = _lexicon()
    for k in range(lo, hi):
        if skip[0] <= k < skip[1] or tv.pos[k] not in FINITE_VERB_TAGS:
            continue
        if tv.low[k] in lex.konjunktiv:
            return True
        lemma = tv.toks[k].lemma.lower()
        if tv.pos[k] == "VVFIN" and lemma.endswith("en") and tv.low[k] == lemma[:-1] and tv.low[k] != lemma:
            return True
    return False


# ---------------------------------------------------------------------------------------------- terms
def _title_noun(word: str) -> bool:
    lex = _lexicon()
    w = word.lower().rstrip(".:")
    if w in lex.title_exceptions:
        return False
    return any(w.endswith(t) for t in lex.title_nouns)


def _term_context(tv: _Toks, first: int, lo: int) -> str | None:
    """``"term"``/``"title"``/``"name"`` when the words right before the opening mark (token ``first``)
    make the quotation a term, a title or a name; else None."""
    lex = _lexicon()
    k = first - 1
    if k < lo:
        return None
    if tv.low[k] in lex.term_markers or (k > lo and (tv.low[k - 1], tv.low[k]) in lex.term_marker_pairs):
        return "term" if tv.low[k].startswith(("so", "genannt")) or tv.low[k - 1] == "so" else "name"
    if tv.toks[k].text == ":" and k > lo:
        # "ihr Erstwerk: „…“", "(Motto: „…“)", "(Überschrift auf der Seite: „…“)"
        c = k - 1
        while (
            c > lo and tv.toks[c - 1].text not in ("(", ",", ":") and tv.toks[c - 1].text not in _CLAUSE_END
        ):
            c -= 1
        clause = range(c, k)
        # "Die Ministerin sagte dem Sender: „…“" introduces speech, whatever the last noun is
        reported = any(_is_reporting(tv, x, k) for x in clause)
        if not reported and (
            _title_noun(tv.toks[k - 1].text)
            or (
                not any(tv.pos[x] in FINITE_VERB_TAGS for x in clause)
                and any(tv.pos[x] in ("NN", "NE") and _title_noun(tv.toks[x].text) for x in clause[:2])
            )
        ):
            return "title"
    if (
        tv.pos[k] == "ART"
        and k > lo
        and tv.pos[k - 1] in FINITE_VERB_TAGS
        and _is_reporting(tv, k - 1, k)
        and tv.toks[first + 1].text[:1].isupper()
    ):
        return "name"  # "Das berichtete die „Automobilwoche“": the quotation names the source
    # the noun right before, possibly with "auch" / an apposition comma: "der Film „…“", "die Zeitung „…“"
    if tv.pos[k] in ("NN", "NE") and _title_noun(tv.toks[k].text):
        return (
            "title"
            if not tv.toks[k].text.lower().endswith(("sender", "senders", "zeitung", "partei"))
            else "name"
        )
    if tv.low[k] in lex.source_preps or (
        k > lo and tv.pos[k] == "ART" and tv.low[k - 1] in lex.source_preps
    ):  # "laut „news.bbc.co.uk“"
        return "name"
    return None


def _term_attribution(tv: _Toks, lo: int, hi: int) -> _Mention | None:
    """ "…“, wie Putin sie nennt": the term's owner."""
    lex = _lexicon()
    k = lo
    while k < hi and tv.toks[k].text == ",":
        k += 1
    if k < hi and tv.low[k] == "wie":
        end = _clause_end(tv, k, hi)
        comma = next((c for c in range(k + 1, end) if tv.toks[c].text == ","), end)
        if any(tv.low[v] in lex.term_verbs for v in range(k + 1, comma)):
            return _noun_phrase(tv, k + 1, comma)
    return None


def _name_like(tv: _Toks, lo: int, hi: int, limit: int) -> bool:
    words = [k for k in range(lo, hi) if _is_word(tv, k)]
    if not words or len(words) > limit:
        return False
    if any(tv.pos[k] in FINITE_VERB_TAGS and tv.toks[k].text[:1].islower() for k in words):
        return False
    caps = [k for k in words if tv.toks[k].text[:1].isupper() or tv.toks[k].text[:1].isdigit()]
    rest = [k for k in words if k not in caps]
    if any(tv.low[k] not in _CONNECTORS for k in rest):
        return False
    if len(words) == 1:
        return tv.pos[words[0]] in ("NE", "FM") or "." in tv.toks[words[0]].text
    return True


# ---------------------------------------------------------------------------------------------- resolution
@dataclass(frozen=True, slots=True)
class _Speaker:
    name: str | None
    role: str | None
    entity: str | None
    mention: Span | None
    penalty: float = 0.0


def _span(doc: Document, tv: _Toks, lo: int, hi: int) -> Span:
    s, e = tv.toks[lo].start, tv.toks[hi - 1].end
    return Span(doc.text[s:e], s, e)


def _clean(text: str) -> str:
    return " ".join(text.replace("\n", " ").split()).strip(" ,")


class _Resolver:
    def __init__(self, doc: Document, tv: _Toks, entities: tuple[Entity, ...]) -> None:
        self.doc = doc
        self.tv = tv
        self.entities = entities
        self.persons = sorted(
            (m.start, m.end, e)
            for e in entities
            if e.type == "PER"
            for m in (*e.mentions, *(r for r in e.references if r.kind == "name"))
        )
        self.names = self._name_runs()
        self.speakers: list[tuple[int, _Speaker]] = []  # resolved speakers by mention offset

    def _name_runs(self) -> list[tuple[int, int, str]]:
        """Capitalised name runs (NE tags) that are not inside a prepositional phrase."""
        tv = self.tv
        out: list[tuple[int, int, str]] = []
        k = 0
        n = len(tv.toks)
        while k < n:
            if tv.pos[k] != "NE" or not _capitalised(tv, k):
                k += 1
                continue
            j = k
            while j < n and tv.pos[j] in ("NE", "FM") and _capitalised(tv, j) and tv.sent[j] == tv.sent[k]:
                j += 1
            before = k - 1
            while before >= 0 and tv.sent[before] == tv.sent[k] and tv.pos[before] in _DET | _ADJ:
                before -= 1
            in_pp = before >= 0 and tv.sent[before] == tv.sent[k] and tv.pos[before] in _PREP
            if not in_pp:
                s, e = tv.toks[k].start, tv.toks[j - 1].end
                out.append((s, e, self.doc.text[s:e]))
            k = j
        return out

    def full_name(self, name: str) -> str:
        """The longest name run in the text ending with ``name``: "Lukaschenko" -> "Alexander Lukaschenko"."""
        best = name
        for _, _, run in self.names:
            if run != best and run.endswith(" " + name) and len(run.split()) <= 4 and len(run) > len(best):
                best = run
        return best

    def resolve(self, m: _Mention) -> _Speaker:
        tv, doc = self.tv, self.doc
        span = _span(doc, tv, m.start, m.end)
        lo_tok, hi_tok = m.name or (m.start, m.end)
        target = _span(doc, tv, lo_tok, hi_tok)
        ent = entity_at(self.entities, target.start, target.end)
        role_text = _clean(_span(doc, tv, *m.role).text) if m.role and m.role[1] > m.role[0] else None
        if ent is not None:
            return _Speaker(ent.name, ent.role or role_text, ent.id, span)
        if m.kind == "name":
            return _Speaker(self.full_name(_clean(target.text)), role_text, None, span)
        penalty = float(_lexicon().limits["fallback_penalty"])
        if m.kind == "pronoun":
            prev = self.nearest_person(span.start)
            if prev is not None:
                return dataclasses.replace(prev, mention=span, penalty=penalty)
            return _Speaker(None, None, None, span, penalty)
        # a description without a name speaks as itself, minus its article: "der Staatsanwalt"
        lo = m.start + 1 if tv.pos[m.start] in _DET and m.end - m.start > 1 else m.start
        return _Speaker(_clean(_span(doc, tv, lo, m.end).text), None, None, span, penalty)

    def nearest_person(self, offset: int) -> _Speaker | None:
        """The nearest person named before ``offset``: a PER entity mention, an earlier speaker or,
        without entities, a name run."""
        # the speaker of a quote in the last two sentences wins ("„…“, sagte Kline. Er fuhr fort: …")
        here = self.doc.sentence_at(offset)
        recent = [
            sp
            for start, sp in self.speakers
            if start < offset
            and here is not None
            and (s := self.doc.sentence_at(start))
            and s.index >= here.index - 2
        ]
        if recent:
            return recent[-1]
        best: tuple[int, _Speaker] | None = None
        for start, _, person in self.persons:
            if start < offset and (best is None or start > best[0]):
                best = (start, _Speaker(person.name, person.role, person.id, None))
        for start, sp in self.speakers:
            if start < offset and (best is None or start > best[0]):
                best = (start, sp)
        if not self.persons:
            for start, _, run in self.names:
                if start < offset and (best is None or start > best[0]):
                    other = entity_at(self.entities, start, start + len(run))
                    if other is not None and other.type != "PER":
                        continue
                    best = (start, _Speaker(self.full_name(run), None, None, None))
        return best[1] if best else None

    def remember(self, sp: _Speaker) -> None:
        if sp.mention is not None and sp.name:
            self.speakers.append((sp.mention.start, sp))


# ---------------------------------------------------------------------------------------------- main
_TERM_KINDS: dict[str, TermKind] = {"term": "term", "title": "title", "name": "name", "other": "other"}


@dataclass(frozen=True, slots=True)
class _Found:
    raw: _Raw
    speech: bool
    kind: str  # for terms: term | title | name
    cue: _Cue | None
    first: int  # token range of the quotation (marks included)
    last: int
    attributed: _Mention | None = None
    statement: bool = False


def find_quotes(doc: Document, entities: tuple[Entity, ...]) -> tuple[tuple[Quote, ...], tuple[Term, ...]]:
    """All direct quotes in text order (key ones flagged), and the non-speech quotations."""
    text = doc.text
    paragraphs = [(p.start, p.end) for p in doc.paragraphs] or [(0, len(text))]
    raws = _pair_marks(text, paragraphs)
    if not raws:
        return (), ()
    tv = _token_view(doc, entities)
    found = _join_interrupted(text, [_analyse(doc, tv, raw) for raw in raws])
    resolver = _Resolver(doc, tv, entities)
    quotes: list[Quote] = []
    terms: list[Term] = []
    limits = _lexicon().limits
    conf = limits["confidence"]
    prev: tuple[Quote, _Found] | None = None
    speech: list[_Found] = []
    for f in found:
        raw = f.raw
        if not f.speech:
            owner = resolver.resolve(f.attributed).name if f.attributed else None
            sentence = doc.sentence_at(raw.start)
            context = Span(sentence.text, sentence.start, sentence.end) if sentence else None
            inner = text[raw.inner_start : raw.inner_end]
            terms.append(Term(inner, raw.inner_start, raw.inner_end, _TERM_KINDS[f.kind], owner, context))
            continue
        speaker: _Speaker | None = None
        cue_text: str | None = None
        confidence = float(conf["none"])
        if f.cue is not None and f.cue.mention is not None:
            speaker = resolver.resolve(f.cue.mention)
            cue_text = f.cue.text
            confidence = float(conf[f.cue.kind if f.cue.kind in conf else "verb"])
        if speaker is None or speaker.name is None:
            inherited = _inherit(doc, tv, f, prev, resolver)
            if inherited is not None:
                how, speaker = inherited
                cue_text = cue_text or (f.cue.text if f.cue else None)
                confidence = float(conf[how])
        if speaker is not None:
            confidence = max(0.05, confidence - speaker.penalty)
            resolver.remember(speaker)
        q = Quote(
            text=text[raw.start : raw.end],
            start=raw.start,
            end=raw.end,
            speaker=speaker.name if speaker else None,
            speaker_role=speaker.role if speaker else None,
            cue=cue_text,
            speaker_mention=speaker.mention if speaker else None,
            confidence=round(confidence, 2),
            entity=speaker.entity if speaker else None,
        )
        quotes.append(q)
        prev = (q, f)
        speech.append(f)
    # "Die „…“ hätten „…“, so Murtha.": a quote without a speaker shares the next one's in its sentence
    for i in range(len(quotes) - 2, -1, -1):
        q, nxt = quotes[i], quotes[i + 1]
        if q.speaker is None and nxt.speaker and tv.sent[speech[i].last] == tv.sent[speech[i + 1].first]:
            quotes[i] = dataclasses.replace(
                nxt, text=q.text, start=q.start, end=q.end, confidence=float(conf["continuation"]), key=False
            )
    return _choose_key(quotes, found), tuple(terms)


_INTERRUPTER = re.compile(r"\s*,\s*[^.!?„“”\"»«]{1,80},\s*")


def _join_interrupted(text: str, found: list[_Found]) -> list[_Found]:
    """„Das ist“, so Lindner, „ein guter Kompromiss.“: both parts around an interrupting cue are
    speech of the same speaker, even when one is too short to count as speech on its own."""
    out = list(found)
    for i in range(len(out) - 1):
        gap = text[out[i].raw.end : out[i + 1].raw.start]
        if not _INTERRUPTER.fullmatch(gap):
            continue
        for said, other, k in ((out[i], out[i + 1], i + 1), (out[i + 1], out[i], i)):
            cue = said.cue
            if said.speech and not other.speech and cue is not None and cue.text and cue.text in gap:
                out[k] = dataclasses.replace(
                    other, speech=True, kind="speech", cue=cue, statement=said.statement
                )
                break
    return out


def _inherit(
    doc: Document, tv: _Toks, f: _Found, prev: tuple[Quote, _Found] | None, resolver: _Resolver
) -> tuple[str, _Speaker] | None:
    """A speaker for a quote without a cue of its own: the previous quote's (continuation), or the
    speaker of a reporting verb in the sentences just before."""
    lookback = int(_lexicon().limits["lookback_sentences"])
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
            sp = _Speaker(q.speaker, q.speaker_role, q.entity, q.speaker_mention)
            return how, sp
    # a reporting verb in this or the previous sentences of the paragraph ("Von der Leyen betonte, …")
    for s in range(s_index, max(-1, s_index - lookback - 1), -1):
        if tv.para[s] != tv.para[s_index]:
            break
        lo, hi = tv.sent_bounds[s]
        if s == s_index:
            hi = f.first
        cue = _clause_cue(tv, lo, hi, "verb", 2) if hi > lo else None
        if cue is not None and cue.mention is not None:
            sp = resolver.resolve(cue.mention)
            if sp.name:
                return "previous", sp
    # a statement right after a sentence about a named actor: "Die SPD will … festhalten. „Wir wollen …“"
    if f.statement and s_index > 0 and tv.para[s_index - 1] == tv.para[s_index]:
        lo, hi = tv.sent_bounds[s_index - 1]
        finite = _finite_verbs(tv, lo, hi)
        if finite:
            lo = next((k + 1 for k in range(finite[0] - 1, lo - 1, -1) if tv.toks[k].text == ":"), lo)
        m = _noun_phrase(tv, lo, finite[0]) if finite else None
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


def _analyse(doc: Document, tv: _Toks, raw: _Raw) -> _Found:
    lex = _lexicon()
    limits = lex.limits
    first = tv.index(raw.start)
    last = max(first, tv.index(raw.end) - 1)  # last token inside the quotation (closing mark included)
    n = len(tv.toks)
    if first >= n:
        return _Found(raw, speech=False, kind="other", cue=None, first=first, last=last)
    inner = [
        k
        for k in range(first, last + 1)
        if tv.toks[k].start >= raw.inner_start and tv.toks[k].end <= raw.inner_end
    ]
    words = [k for k in inner if _is_word(tv, k)]
    s_first = tv.sent[first]
    lo = tv.sent_bounds[s_first][0]
    # left context: same sentence; if the quote opens a sentence after "…:" take the previous sentence
    if lo == first and s_first > 0 and tv.para[s_first - 1] == tv.para[s_first]:
        p_lo, p_hi = tv.sent_bounds[s_first - 1]
        if p_hi > p_lo and tv.toks[p_hi - 1].text == ":":
            lo = p_lo
    s_last = tv.sent[min(last, n - 1)]
    hi = tv.sent_bounds[s_last][1]
    after = last + 1
    if after >= hi and s_last + 1 < len(tv.sent_bounds) and tv.para[s_last + 1] == tv.para[s_last]:
        n_lo, n_hi = tv.sent_bounds[s_last + 1]
        if n_hi > n_lo and (tv.toks[n_lo].text == "," or tv.toks[n_lo].text[:1].islower()):
            hi = n_hi
    inner_text = doc.text[raw.inner_start : raw.inner_end].strip()
    finite = any(tv.pos[k] in FINITE_VERB_TAGS for k in words)
    statement = len(words) >= int(limits["statement_words"]) and (
        finite or inner_text.endswith((".", "!", "?", "…"))
    )

    term_kind = _term_context(tv, first, lo)
    owner = _term_attribution(tv, after, hi) if after < hi else None
    if owner is not None:
        return _Found(raw, speech=False, kind="term", cue=None, first=first, last=last, attributed=owner)
    if term_kind is not None and not (term_kind == "term" and statement and tv.toks[first - 1].text == "("):
        return _Found(raw, speech=False, kind=term_kind, cue=None, first=first, last=last)

    left_colon = first - 1 >= lo and tv.toks[first - 1].text == ":"
    cue: _Cue | None = None
    if left_colon:
        c_lo = lo
        for k in range(first - 2, lo - 1, -1):
            if tv.toks[k].text in _CLAUSE_END or _is_mark(tv, k):
                c_lo = k + 1
                break
        cue = _clause_cue(tv, c_lo, first - 1, "colon", 3)
        if cue is None:
            cue = _Cue("colon", ":", None, 3)
    if (cue is None or cue.mention is None) and after < hi:
        a = _after_cue(tv, after, hi)
        if a is not None:
            cue = a
    if cue is None or cue.mention is None:
        before = _clause_cue(tv, lo, first, "verb", 2) if first > lo else None
        if before is not None and (cue is None or before.mention is not None):
            cue = before
    if cue is None or cue.mention is None:
        src = _source_cue(tv, lo, hi, (first, last + 1))
        if src is not None and (cue is None or src.mention is not None):
            cue = src
    if cue is None and after < hi:
        later = _clause_cue(tv, after, hi, "verb", 2)
        if later is not None and later.mention is not None:
            cue = later
    if cue is None:  # a reporting verb anywhere in the sentence: "… die Gefahr einer „…“ beschwören"
        cue = _clause_cue(tv, lo, hi, "verb", 2, skip=(first, last + 1))
    if cue is None and _konjunktiv(tv, lo, hi, (first, last + 1)):
        cue = _Cue("konjunktiv", None, None, 1)

    strength = cue.strength if cue else 0
    name_like = bool(inner) and _name_like(tv, inner[0], inner[-1] + 1, int(limits["name_words"]))
    if statement and (strength >= 1 or not name_like):
        return _Found(raw, speech=True, kind="speech", cue=cue, first=first, last=last, statement=True)
    if name_like:
        return _Found(raw, speech=False, kind="name", cue=None, first=first, last=last)
    if strength >= 1 and words:
        return _Found(raw, speech=True, kind="speech", cue=cue, first=first, last=last)
    return _Found(raw, speech=False, kind="term", cue=None, first=first, last=last)


# ---------------------------------------------------------------------------------------------- key quotes
def _choose_key(quotes: list[Quote], found: list[_Found]) -> tuple[Quote, ...]:
    """Flag the 3–5 most informative quotes: full statements of a fitting length, with a speaker,
    no near-duplicates, spread over speakers."""
    key = _lexicon().limits["key"]
    statements = {f.raw.start for f in found if f.speech and f.statement}
    scored: list[tuple[float, int]] = []
    for i, q in enumerate(quotes):
        length = len(q.text)
        if q.start not in statements or not (key["min_chars"] <= length <= key["max_chars"]):
            continue
        fit = 1.0 - min(1.0, abs(length - key["ideal_chars"]) / key["max_chars"])
        score = fit + q.confidence + (0.5 if q.speaker else 0.0) + (0.3 if q.entity else 0.0)
        first_letter = next((ch for ch in q.text if ch.isalpha()), "")
        if first_letter.islower():  # "werdet ihr …": part of the reporter's sentence, not a statement
            score -= key["fragment_penalty"]
        scored.append((score, i))
    scored.sort(key=lambda s: (-s[0], s[1]))
    chosen: list[int] = []
    per_speaker: dict[str | None, int] = {}
    # first spread over speakers; then fill up to the minimum from the same speakers
    for spread in (True, False):
        for _, i in scored:
            if len(chosen) >= (key["max"] if spread else key["min"]):
                break
            q = quotes[i]
            if i in chosen or (spread and per_speaker.get(q.speaker, 0) >= key["max_per_speaker"]):
                continue
            words = _word_set(q.text)
            if any(_overlap(words, _word_set(quotes[j].text)) > key["duplicate_overlap"] for j in chosen):
                continue
            chosen.append(i)
            per_speaker[q.speaker] = per_speaker.get(q.speaker, 0) + 1
    keep = set(chosen)
    return tuple(dataclasses.replace(q, key=True) if i in keep else q for i, q in enumerate(quotes))


def _word_set(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"\w+", text) if len(w) > 2)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0
