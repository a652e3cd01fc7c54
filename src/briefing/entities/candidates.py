"""Candidate name spans of a sentence, before they are typed.

* :func:`find_candidates`: runs of name-like tokens (``NE``/``FM``, capitalised words known as names,
  capitalised adjectives inside names such as "Vereinigten Staaten"), gazetteer names (longest
  match, pre-typed), first name + surname, names after a title or role ("Kanzler Scholz"), names
  after a place noun ("die Dörfer Kleinhausen ...") and unknown words after "in/nach/aus".
* :func:`find_phrases`: names the token runs miss, typed by their German form: one-word street
  names, "Tegeler See", "Berliner Kurier", sports clubs ("1. FC Köln"), institutions
  ("Bundesamt für Gesundheit").
* :func:`abbreviated_places`: "St . Moritz" across a sentence end the splitter made at the dot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.entities.lexicon import (
    class_noun,
    common_word,
    gazetteer_match,
    is_acronym,
    is_cap,
    is_title,
    unknown_word,
)
from briefing.language.marks import is_mark
from briefing.language.roles import role_head
from briefing.model import token_index

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.entities.lexicon import Lexicon
    from briefing.model import Document, EntityType, Sentence, Token

ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den"})
_NAME_LINKS = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "del", "della", "zu", "ter"}
)
_ENGLISH_LINKS = frozenset({"of", "for", "the", "and", "&", "de", "du", "des", "la", "le"})
_ADJECTIVE_NAME_TYPES = frozenset({"ORG", "LOC"})


def quoted(text: str, tok: Token) -> bool:
    """Whether ``tok`` is directly inside quotation marks or starts a hyphen compound ("Bild-Zeitung")."""
    before = text[max(0, tok.start - 2) : tok.start].strip()[-1:]
    after = text[tok.end : tok.end + 2].strip()[:1]
    return is_mark(before) or is_mark(after) or text[tok.end : tok.end + 1] == "-"


def gap_is_space(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end : b.start]
    return len(gap) <= 2 and gap.strip() == ""


@dataclass(slots=True)
class Cand:
    """A candidate name: its tokens, and the type and strength of evidence once typed."""

    tokens: list[Token]
    sentence: int
    type: EntityType | None = None
    strength: int = 0  # 3 gazetteer/lexicon, 2 strong context, 1 weak guess
    key: str | None = None  # canonical key from a gazetteer
    role_tokens: list[Token] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def words(self) -> tuple[str, ...]:
        """The name's words: a sentence's full stop the mention ends on ("des DFB.") is not one."""
        toks = self.tokens
        while len(toks) > 1 and not toks[-1].is_word:
            toks = toks[:-1]
        return tuple(t.text for t in toks)


def _name_like(tok: Token, lex: Lexicon, first: bool) -> bool:
    w = tok.text
    if not is_cap(w) or w in lex.not_names or not any(c.isalpha() for c in w):
        return False
    if tok.pos in ("NE", "FM"):
        return True
    if tok.pos == "XY":
        return True
    if tok.pos in ("NN", "ADJA", "ADJD", "VVFIN", "VVPP", "VVINF", "ADV", "APPR", "KON") and not first:
        return w in lex.first_names or w in lex.cities or is_acronym(w) or w in lex.org_tokens
    if tok.pos == "NN" and first:
        return is_acronym(w)
    return False


def _surname_like(tok: Token, lex: Lexicon) -> bool:
    """A capitalised word that can follow a first name as (part of) the surname."""
    w = tok.text
    return (
        is_cap(w)
        and w.replace("-", "").replace("'", "").isalpha()
        and w not in lex.not_names
        and role_head(w) is None
        and tok.pos not in ("ART", "APPR", "KON", "PPER", "PDS", "PIS")
    )


def _gazetteer_at(toks: Sequence[Token], i: int, text: str, lex: Lexicon) -> int:
    """Length of the longest gazetteer name starting at token ``i`` (0 if none) among the tokens
    that follow it with a space between."""
    end = i + 1
    while end < min(len(toks), i + lex.max_gazetteer_len) and gap_is_space(text, toks[end - 1], toks[end]):
        end += 1
    return gazetteer_match([t.text for t in toks[i:end]], 0, lex)[0]


def find_candidates(doc: Document, sent: Sentence, lex: Lexicon) -> list[Cand]:
    toks = sent.tokens
    text = doc.text
    out: list[Cand] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        # a gazetteer name, or one written in lower case ("dpa")
        g = _gazetteer_at(toks, i, text, lex) if is_cap(tok.text) else int(tok.text in lex.lower_names)
        if g and (
            g > 1
            or tok.pos in ("NE", "FM", "XY")
            or tok.text in lex.loc_acronyms
            or i > 0
            or tok.text not in lex.not_names
        ):
            words = tuple(t.text for t in toks[i : i + g])
            key, kind = lex.gazetteer[words]
            if g == 1 and words[0] in lex.people_plurals and i > 0 and toks[i - 1].text.lower() in ARTICLES:
                i += 1
                continue
            if g == 1 and words[0] in lex.org_common_words and tok.pos == "NN" and not quoted(text, tok):
                i += 1  # "Bild" the picture, not the newspaper
                continue
            j = i + g
            # A gazetteer name followed by more name tokens is part of a longer name ("Berlin Marathon").
            if (
                j < len(toks)
                and (g == 1 or kind == "LOC")
                and gap_is_space(text, toks[j - 1], toks[j])
                and (
                    (_name_like(toks[j], lex, first=False) and toks[j].pos in ("NE", "FM"))
                    or toks[j].text in lex.org_tokens
                    or toks[j].text in lex.org_name_words
                )
            ):
                pass
            else:
                out.append(Cand(list(toks[i:j]), sent.index, kind, 3, key))
                i = j
                continue
        capital_adjective = (
            i > 0
            and tok.pos in ("ADJA", "NN")
            and is_cap(tok.text)
            and tok.text.lower()[:1] != tok.text[:1]
            and i + 1 < len(toks)
            and is_cap(toks[i + 1].text)
            and toks[i + 1].pos in ("NE", "NN", "FM")
            and tok.pos == "ADJA"
        )
        titled_noun = (
            tok.pos == "NN"
            and 0 < i < len(toks) - 1
            and toks[i + 1].pos == "NE"
            and is_title(toks[i - 1].text, lex)
            and _surname_like(tok, lex)
        )
        first_name_noun = titled_noun or (
            tok.pos == "NN"
            and tok.text in lex.first_names
            and i + 1 < len(toks)
            and toks[i + 1].pos in ("NE", "NN")
            and _surname_like(toks[i + 1], lex)
        )
        city_noun = (
            tok.pos == "NN"
            and i > 0
            and is_cap(tok.text)
            and toks[i - 1].text in lex.loc_prepositions
            and (
                tok.text in lex.cities
                or (toks[i - 1].text in lex.place_prepositions and unknown_word(tok.text, lex))
            )
        )
        if not (
            _name_like(tok, lex, first=True)
            or capital_adjective
            or first_name_noun
            or city_noun
            or _place_noun_name(toks, i, lex)
        ):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            nxt = toks[j]
            if not gap_is_space(text, toks[j - 1], nxt):
                break
            prev_tok = toks[j - 1]
            if (
                nxt.pos == "NN"
                and prev_tok.pos == "NE"
                and prev_tok.text.endswith("s")
                and j - i == 1
                and nxt.text not in lex.org_tokens
                and (prev_tok.text not in lex.first_names or common_word(nxt.text))
            ):
                break  # "Putins Rede": a genitive name before its noun (but "Klaus Wendschopf")
            if _name_like(nxt, lex, first=False) or (
                all(t.text in lex.first_names for t in toks[i:j]) and _surname_like(nxt, lex)
            ):
                j += 1
                continue
            # "Ursula von der Leyen", "Bank of America": lower-case links inside a name
            link = nxt.text
            k = j
            while (
                k < len(toks)
                and k - j < 2
                and (toks[k].text in _NAME_LINKS or toks[k].text in _ENGLISH_LINKS)
            ):
                k += 1
            if (
                k > j
                and k < len(toks)
                and toks[k].pos in ("NE", "FM")
                and is_cap(toks[k].text)
                and (toks[i].text in lex.first_names or link in _ENGLISH_LINKS or toks[j - 1].pos == "FM")
            ):
                j = k + 1
                continue
            break
        cand_toks = list(toks[i:j])
        # "Kaiser Franz Joseph", "CEO Rick Dudley": a leading title or role is not part of the name
        while len(cand_toks) > 1 and (is_title(cand_toks[0].text, lex)):
            cand_toks.pop(0)
        while cand_toks and cand_toks[-1].pos == "ADJA" and len(cand_toks) > 1:
            cand_toks.pop()
        if cand_toks and not (len(cand_toks) == 1 and capital_adjective):
            out.append(Cand(cand_toks, sent.index))
        i = j
    return out


def abbreviated_places(doc: Document, lex: Lexicon) -> list[Cand]:
    """Place names after an abbreviation written apart from its dot ("St . Moritz").

    The sentence splitter may end a sentence at such a dot, so this looks across sentence ends.
    """
    toks = doc.tokens
    sentence_of = [sent.index for sent in doc.sentences for _ in sent.tokens]
    out: list[Cand] = []
    for i, tok in enumerate(toks[:-2]):
        if tok.text not in lex.place_prefixes or toks[i + 1].text != ".":
            continue
        if not (
            gap_is_space(doc.text, tok, toks[i + 1]) and gap_is_space(doc.text, toks[i + 1], toks[i + 2])
        ):
            continue
        j = i + 2
        while (
            j < len(toks)
            and is_cap(toks[j].text)
            and toks[j].text.replace("-", "").replace("’", "").replace("'", "").isalpha()
            and toks[j].text not in lex.not_names
            and (
                j == i + 2
                or (toks[j].pos in ("NE", "FM", "NN") and gap_is_space(doc.text, toks[j - 1], toks[j]))
            )
        ):
            j += 1
            if j > i + 2 and toks[j - 1].pos == "NN" and not class_noun(toks[j - 1].text, lex.landmark_nouns):
                j -= 1 if j - 1 > i + 2 else 0
                break
        if j > i + 2:
            out.append(Cand(list(toks[i:j]), sentence_of[i], "LOC", 2))
    return out


def _institution_head(word: str, lex: Lexicon) -> bool:
    return word.lower().endswith(lex.institution_heads)


_HOUSE_NUMBER = re.compile(r"\d{1,4}[a-z]?")


def _house_number(toks: Sequence[Token], j: int, text: str) -> int:
    """``j + 1`` when ``toks[j]`` is a house number right after a street name ("Neuendorfer Straße 90c")."""
    if j < len(toks) and _HOUSE_NUMBER.fullmatch(toks[j].text) and gap_is_space(text, toks[j - 1], toks[j]):
        return j + 1
    return j


_ORDINAL = re.compile(r"\d{1,2}\.")
_CLUB_YEAR = re.compile(r"0\d|\d{4}")


def _club_name(toks: Sequence[Token], i: int, text: str, lex: Lexicon) -> int:
    """End of a sports club's name starting at ``i`` ("FC Schalke 04", "SV Werder Bremen"), else ``i``.

    A club word opens it; capitalised name words and a founding year ("04", "1860") follow.
    """
    if toks[i].text not in lex.club_prefixes or i + 1 >= len(toks):
        return i
    j = i + 1
    while j < len(toks) and gap_is_space(text, toks[j - 1], toks[j]):
        t = toks[j]
        if is_cap(t.text) and (
            t.pos in ("NE", "FM")
            or t.text in lex.club_prefixes
            or t.text in lex.cities
            or (t.pos == "NN" and not common_word(t.text))
        ):
            j += 1
        elif j > i + 1 and t.pos == "CARD" and _CLUB_YEAR.fullmatch(t.text):
            j += 1
            break
        else:
            break
    if j == i + 1 or (
        toks[i].text[:1].isupper() and toks[i].text[1:].islower() and j == i + 2 and toks[i + 1].pos != "NE"
    ):
        return i
    return j


def _place_noun_name(toks: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """A noun right after a place noun is its name ("die Dörfer Kleinhausen und ...")."""
    tok = toks[i]
    return (
        i > 0
        and tok.pos.startswith("NN")
        and is_cap(tok.text)
        and tok.text.isalpha()
        and toks[i - 1].pos == "NN"
        and class_noun(toks[i - 1].text, lex.place_class_nouns)
    )


def find_phrases(doc: Document, sent: Sentence, lex: Lexicon) -> list[Cand]:
    """Names the token runs miss, typed by their German form.

    * one-word street names: "Schwanitzstraße" (not the generic "Landstraße");
    * a place adjective in "-er" and a place noun: "Tegeler See", "Frankfurter Hauptbahnhof";
    * institutions: "Bundesnachrichtendienst", "(Bayerisches) Staatsministerium für Unterricht und Kultus".
    """
    toks = sent.tokens
    text = doc.text
    out: list[Cand] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        w = tok.text
        if not is_cap(w) or (not w.isalpha() and "-" not in w):
            i += 1
            continue
        pos = tok.pos
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if (
            w.endswith("er")
            and len(w) >= 5
            and pos in ("ADJA", "ADJD", "NE", "NN")
            and nxt is not None
            and nxt.text in lex.landmark_nouns
            and gap_is_space(text, tok, nxt)
            and w not in lex.not_names
        ):
            j = _house_number(toks, i + 2, text)
            out.append(Cand(list(toks[i:j]), sent.index, "LOC", 3))
            i = j
            continue
        if pos in ("NN", "NE") and w not in lex.street_generic and w.lower().endswith(lex.street_suffixes):
            j = _house_number(toks, i + 1, text)
            out.append(Cand(list(toks[i:j]), sent.index, "LOC", 3))
            i = j
            continue
        if (
            w.endswith("er")
            and len(w) >= 5
            and w.isalpha()
            and pos in ("ADJA", "ADJD", "NE", "NN")
            and nxt is not None
            and nxt.pos == "NN"
            and is_cap(nxt.text)
            and nxt.text.lower().endswith(lex.org_suffixes)
            and gap_is_space(text, tok, nxt)
            and w not in lex.not_names
            and (w[:-2] in lex.cities or (w[:-2],) in lex.gazetteer or not common_word(w))
        ):
            out.append(Cand(list(toks[i : i + 2]), sent.index, "ORG", 2))  # "Berliner Kurier"
            i += 2
            continue
        club = _club_name(toks, i, text, lex)
        if club > i:
            start = i - 1 if i > 0 and _ORDINAL.fullmatch(toks[i - 1].text) else i  # "1. FC Köln"
            out.append(Cand(list(toks[start:club]), sent.index, "ORG", 3))
            i = club
            continue
        if pos in ("NN", "NE") and _institution_head(w, lex) and w.isalpha():
            j = i + 1
            if nxt is not None and nxt.text == "für":
                k = i + 2
                end = i + 1
                while k < len(toks) and is_cap(toks[k].text) and toks[k].pos in ("NN", "NE", "FM", "ADJA"):
                    end = k + 1
                    k += 1
                    if (
                        k + 1 < len(toks)
                        and toks[k].text in ("und", ",")
                        and is_cap(toks[k + 1].text)
                        and toks[k + 1].pos in ("NN", "NE", "FM")
                    ):
                        k += 1
                j = end
            unique = w.startswith(lex.institution_prefixes) and len(w) > 9
            if j > i + 1 or unique:
                start = i
                while start > 0 and toks[start - 1].pos == "ADJA" and toks[start - 1].text.isalpha():
                    start -= 1
                if start == 0 and start < i:
                    start = i  # a sentence-initial capital may be an ordinary adjective
                out.append(Cand(list(toks[start:j]), sent.index, "ORG", 3))
                i = j
                continue
        i += 1
    return out


def adjective_prefix(c: Cand, sent: Sentence) -> None:
    """Capitalised adjectives before an organisation's name belong to it ("Deutschen Bundestag").

    Mid-sentence only: German writes adjectives in lower case unless they are part of a name.
    """
    if c.type not in _ADJECTIVE_NAME_TYPES:
        return
    toks = sent.tokens
    idx = token_index(toks, c.start)
    while (
        idx > 1
        and toks[idx - 1].pos == "ADJA"
        and is_cap(toks[idx - 1].text)
        and toks[idx - 1].text.isalpha()
        and sent.text[toks[idx - 1].end - sent.start : toks[idx].start - sent.start] == " "
    ):
        idx -= 1
        c.tokens.insert(0, toks[idx])
