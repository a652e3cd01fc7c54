"""Entity stage: people, places and organisations with roles, aliases and resolved mentions.

Rules over the text stage's tokens (HanTa's STTS tags and capitalisation) and gazetteers:

* Candidates are runs of name-like tokens (``NE``/``FM``, capitalised words known as names, capitalised
  adjectives inside names such as "Vereinigten Staaten") plus multi-word gazetteer names.
* Types come from data: country and region names (Babel/CLDR German territory names, inflected),
  city names (GeoNames, ``data/entities/cities.txt``), first names (gender-guesser's name
  dictionary), role nouns, titles and organisation cues (``data/entities/lexicon.yaml``), then from
  context (a preposition "in/nach/aus", an article, a verb of saying) and word endings.
* Mentions are clustered into one entity per referent: alias groups ("Belarus" = "Weißrussland"),
  genitive forms ("Russlands", "Putins") and surname-only mentions join the full name.
* People get roles from the role nouns before their names ("US-Präsident Joe Biden") and from
  descriptions resolved to them; subject pronouns ("er", "sie") and descriptions ("der
  weißrussische Präsident") become references of the most recent compatible person.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources as _resources
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.model import Entity, Mention
from briefing.resources import load_data, load_words

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from briefing.model import Document, EntityType, Sentence, Token

_DATA = "entities/lexicon.yaml"
_T = TypeVar("_T")
_ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den"})
_NAME_LINKS = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "del", "della", "zu", "ter"}
)
_ENGLISH_LINKS = frozenset({"of", "for", "the", "and", "&", "de", "du", "des", "la", "le"})
_ACRONYM = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ0-9&.-]*[A-ZÄÖÜ0-9]\.?|[A-Z][a-z]?[A-Z]+[a-z]?")
_QUOTES = frozenset("\"'„“”‚‘’»«›‹")
_ADJ_ENDINGS = ("en", "er", "es", "em", "e")
_ROLE_CACHE: dict[str, str | None] = {}  # word -> role head; the lexicon is loaded once per process
# Tags before an unknown capitalised word that make it unlikely to be a person's name.
_ADJECTIVE_NAME_TYPES = frozenset({"ORG", "LOC"})
_NO_NAME_BEFORE = frozenset({"$", "ADJA", "CARD", "FM", "XY", "NE", "ART", "APPRART"})


# ---------------------------------------------------------------------------------------------- lexicon
@dataclass(frozen=True, slots=True)
class _Lexicon:
    first_names: _FirstNames  # name -> "m" | "f" | "?"
    gazetteer: dict[tuple[str, ...], tuple[str, EntityType]]  # token tuple -> (canonical key, type)
    max_gazetteer_len: int
    group_of: dict[str, str]  # base name -> alias group key (first name of the group)
    cities: frozenset[str]
    org_tokens: frozenset[str]
    org_suffixes: tuple[str, ...]
    loc_acronyms: frozenset[str]
    loc_suffixes: tuple[str, ...]
    per_suffixes: tuple[str, ...]
    loc_prepositions: frozenset[str]
    speech_verbs: frozenset[str]
    not_names: frozenset[str]
    person_titles: frozenset[str]
    role_set: frozenset[str]  # lower-case role heads
    role_lengths: tuple[int, ...]  # their lengths, longest first
    description_heads: frozenset[str]
    people_plurals: frozenset[str]
    loc_name_words: frozenset[str]
    org_name_words: frozenset[str]
    offices: frozenset[str]
    demonyms: dict[str, str]
    pronouns: dict[str, str]
    place_class_nouns: frozenset[str]  # lower case
    org_class_nouns: frozenset[str]  # lower case
    loc_cue_words: frozenset[str]
    street_suffixes: tuple[str, ...]
    street_generic: frozenset[str]
    landmark_nouns: frozenset[str]
    institution_heads: tuple[str, ...]
    institution_prefixes: tuple[str, ...]
    org_common_words: frozenset[str]
    title_words: frozenset[str]
    not_entity_acronyms: frozenset[str]
    noun_suffixes: tuple[str, ...]
    list_links: frozenset[str]
    place_prefixes: frozenset[str]
    lower_names: frozenset[str]  # gazetteer names written in lower case ("dpa")
    place_heads: frozenset[str]
    place_prepositions: frozenset[str]
    club_prefixes: frozenset[str]
    place_links: frozenset[str]
    institution_names: frozenset[str]
    unknown_logprob: float
    known_head_logprob: float
    pronoun_window: int
    description_window: int


def _inflections(name: str) -> set[tuple[str, ...]]:
    """Token tuples for a name and its German inflected forms.

    "Russland" -> "Russlands"; "Vereinigte Staaten" -> "Vereinigten Staaten";
    "Vereinigtes Königreich" -> "Vereinigten Königreichs".
    """
    words = name.replace("’", "'").split()
    if not words:
        return set()
    variants: list[set[str]] = []
    for i, w in enumerate(words):
        forms = {w}
        last = i == len(words) - 1
        if not last and len(words) > 1 and w[:1].isupper():
            for ending in _ADJ_ENDINGS:
                if w.endswith(ending) and len(w) > len(ending) + 3:
                    stem = w[: -len(ending)]
                    forms.update(stem + e for e in _ADJ_ENDINGS)
                    break
        if last and w[-1:].isalpha() and w[-1] not in "sxzß" and not w.isupper():
            forms.add(w + "s")
            if len(words) > 1 and w[-1] != "e":
                forms.add(w + "es")
        variants.append(forms)
    out: set[tuple[str, ...]] = {()}
    for forms in variants:
        out = {(*prefix, f) for prefix in out for f in forms}
    out.add(tuple(words))
    return out


class _FirstNames:
    """First names from gender-guesser's ``nam_dict.txt`` (read as data, not modified), looked up lazily.

    Loading parses no line in Python: two regex passes collect the entry lines and their names (flat
    lists of bytes, nothing for the garbage collector to walk) and one dict indexes the names; a word's
    gender is worked out on its first lookup and cached. A name counts when some country column
    gives it frequency >= 2 (hex digits 1-D; "1" is very rare). Names written with "+" ("Jean+Marie")
    are known as "JeanMarie" and "Jean-Marie".
    """

    __slots__ = ("_cache", "_last", "_lines", "_names", "_plus", "_plus_more")

    _LINE = re.compile(rb"\n([MF?1]{1,2} +\S+ [^\n]*)")
    _NAME = re.compile(rb"\n[MF?1]{1,2} +(\S+) ")
    _FREQ_COLUMN = 30  # the country columns start here; the line ends with "$"

    def __init__(self, raw: bytes) -> None:
        self._lines: list[bytes] = self._LINE.findall(raw)
        self._names: list[bytes] = self._NAME.findall(raw)
        if len(self._lines) != len(self._names):
            raise ValueError("nam_dict.txt: unexpected line format")
        self._last = dict(zip(self._names, range(len(self._names)), strict=True))
        joined = b"\n".join(self._names)
        # variant -> row; the few variants of several rows keep the others in _plus_more
        # (flat values: thousands of small lists would wake the garbage collector on a big heap)
        plus: dict[bytes, int] = {}
        more: dict[bytes, list[int]] = {}
        row = pos = 0
        at = joined.find(b"+")
        while at >= 0:
            start = joined.rfind(b"\n", 0, at) + 1
            end = joined.find(b"\n", at)
            end = len(joined) if end < 0 else end
            row += joined.count(b"\n", pos, start)
            pos = start
            name = joined[start:end]
            for variant in {name.replace(b"+", b""), name.replace(b"+", b"-")}:
                if plus.setdefault(variant, row) != row:
                    more.setdefault(variant, []).append(row)
            at = joined.find(b"+", end)
        self._plus = plus
        self._plus_more = more
        self._cache: dict[str, str | None] = {}

    def get(self, word: str, default: _T) -> str | _T:
        """The gender of a known first name ("m", "f" or "?" for both), else ``default``."""
        found = self._cache.get(word, "")
        if found == "":
            found = self._find(word) if word[:1].isupper() and "+" not in word else None
            if len(self._cache) < 100_000:
                self._cache[word] = found
        return default if found is None else found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word, None) is not None

    def _rows(self, key: bytes) -> list[int]:
        first_plus = self._plus.get(key)
        rows = [] if first_plus is None else [first_plus, *self._plus_more.get(key, ())]
        last = self._last.get(key)
        if last is not None:
            i = self._names.index(key)
            while True:
                rows.append(i)
                if i >= last:
                    break
                i = self._names.index(key, i + 1)
        return rows

    def _find(self, word: str) -> str | None:
        gender: str | None = None
        for i in self._rows(word.encode("utf-8")):
            line = self._lines[i].rstrip(b"\r").decode("utf-8")
            if not any(c >= "2" for c in line[self._FREQ_COLUMN : -1] if c.isalnum()):
                continue
            code = line[:2]
            kind = "m" if "M" in code else "f" if "F" in code else "?"
            gender = kind if gender in (None, kind) else "?"
        return gender


@functools.cache
def _first_names() -> _FirstNames:
    return _FirstNames(b"\n" + (_resources.files("gender_guesser") / "data" / "nam_dict.txt").read_bytes())


def _currency_codes() -> frozenset[str]:
    """ISO 4217 codes ("CHF", "USD") from Babel/CLDR: amounts, not organisations."""
    from babel import Locale  # noqa: PLC0415 - Babel loads its CLDR data on first use

    return frozenset(code for code in Locale("de").currencies if isinstance(code, str) and code.isupper())


@functools.cache
def _lexicon() -> _Lexicon:
    from babel import Locale  # noqa: PLC0415 - Babel loads its CLDR data on first use

    data: dict[str, Any] = load_data(_DATA)
    group_of: dict[str, str] = {}
    for group in data["aliases"]:
        for name in group:
            group_of[name] = group[0]
    territory_orgs = set(data["territory_orgs"])
    skip = set(data["territory_skip"])
    gazetteer: dict[tuple[str, ...], tuple[str, EntityType]] = {}

    def add(name: str, kind: EntityType) -> None:
        key = group_of.get(name, name)
        for form in _inflections(name):
            gazetteer.setdefault(form, (key, kind))

    for name in Locale("de").territories.values():
        if name not in skip:
            add(name, "ORG" if name in territory_orgs else "LOC")
    for name in data["regions"]:
        add(name, "LOC")
    for group in data["aliases"]:
        kind: EntityType = "ORG" if any(n in territory_orgs for n in group) or group[0] == "Nato" else "LOC"
        for name in group:
            add(name, kind)
    for name in data["organisations"]:
        add(name, "ORG")
    for name in load_data("entities/regions.txt"):
        add(name, "LOC")
    cities = load_words("entities/cities.txt")
    for name in cities:
        if " " in name:  # "Den Haag", "Las Vegas": one-word cities are looked up by word
            gazetteer.setdefault(tuple(name.split()), (name, "LOC"))
    for name in data["loc_acronyms"]:
        gazetteer[(name,)] = (group_of.get(name, name), "LOC")
    res = data["resolution"]
    return _Lexicon(
        first_names=_first_names(),
        gazetteer=gazetteer,
        max_gazetteer_len=max(len(k) for k in gazetteer),
        group_of=group_of,
        cities=cities,
        org_tokens=frozenset(data["org_tokens"]),
        org_suffixes=tuple(data["org_suffixes"]),
        loc_acronyms=frozenset(data["loc_acronyms"]),
        loc_suffixes=tuple(data["loc_suffixes"]),
        per_suffixes=tuple(data["per_suffixes"]),
        loc_prepositions=frozenset(data["loc_prepositions"]),
        speech_verbs=frozenset(data["speech_verbs"]),
        not_names=frozenset(data["not_names"]),
        person_titles=frozenset(data["person_titles"]),
        role_set=frozenset(r.lower() for r in data["roles"]),
        role_lengths=tuple(sorted({len(r) for r in data["roles"]}, reverse=True)),
        description_heads=frozenset(r.lower() for r in data["description_heads"]),
        people_plurals=frozenset(data["people_plurals"]),
        loc_name_words=frozenset(data["loc_name_words"]),
        org_name_words=frozenset(data["org_name_words"]),
        offices=frozenset(r.lower() for r in data["offices"]),
        demonyms=dict(data["demonyms"]),
        pronouns=dict(data["pronouns"]),
        place_class_nouns=frozenset(w.lower() for w in data["place_class_nouns"]),
        org_class_nouns=frozenset(w.lower() for w in data["org_class_nouns"]),
        loc_cue_words=frozenset(data["loc_cue_words"]),
        street_suffixes=tuple(data["street_suffixes"]),
        street_generic=frozenset(data["street_generic"]),
        landmark_nouns=frozenset(data["landmark_nouns"]),
        institution_heads=tuple(data["institution_heads"]),
        institution_prefixes=tuple(data["institution_prefixes"]),
        org_common_words=frozenset(data["org_common_words"]),
        title_words=frozenset(data["title_words"]),
        not_entity_acronyms=frozenset(data["not_entity_acronyms"]) | _currency_codes(),
        noun_suffixes=tuple(data["noun_suffixes"]),
        list_links=frozenset(data["list_links"]),
        place_prefixes=frozenset(data["place_prefixes"]),
        place_heads=frozenset(data["place_heads"]),
        place_prepositions=frozenset(data["place_prepositions"]),
        club_prefixes=frozenset(data["club_prefixes"]),
        place_links=frozenset(data["place_links"]),
        institution_names=frozenset(data["institution_names"]),
        unknown_logprob=float(data["unknown_logprob"]),
        known_head_logprob=float(data["known_head_logprob"]),
        lower_names=frozenset(n for n in data["organisations"] if n.islower()),
        pronoun_window=int(res["pronoun_window"]),
        description_window=int(res["description_window"]),
    )


# ---------------------------------------------------------------------------------------------- helpers
@functools.cache
def _hanta_lexicon() -> tuple[dict[str, list[tuple[int, float]]], frozenset[int]]:
    """HanTa's word lexicon (lower-case word -> tag log-probabilities) and its name-like tag numbers."""
    from briefing.text import _hanta  # noqa: PLC0415 - the text stage has loaded the model already

    tagger = _hanta()
    names = frozenset(n for tag, n in tagger.tag2int.items() if tag in ("NE", "FM", "XY"))
    return tagger.cache, names


def _best_logprob(word: str) -> float:
    """HanTa's best tag log-probability for ``word`` (about -5 to -15 for words it knows, -25 for guesses)."""
    from briefing.text import _hanta  # noqa: PLC0415 - the text stage has loaded the model already

    tags = _hanta()._tag_word(word, cutoff=5, casesensitive=True, conditional=True)
    return max((float(p) for _, p in tags), default=-1e9)


def _unknown_word(word: str, lex: _Lexicon) -> bool:
    """A capitalised word German does not know: HanTa only guesses it, it ends in no known noun of
    5+ letters ("Fremdenlegion" ends in "Legion") and in no common noun ending. Such a word is a
    name ("in Maribor", "aus Spiegelau"); place-name endings ("-hausen") do not count as nouns.
    """
    if not word.isalpha() or len(word) < 4 or word.lower().endswith(lex.noun_suffixes):
        return False
    if _best_logprob(word) > lex.unknown_logprob:
        return False
    for k in range(2, len(word) - 4):
        tail = word[k:]
        if tail in lex.loc_suffixes:
            continue
        if _best_logprob(tail[0].upper() + tail[1:]) > lex.known_head_logprob:
            return False
    return True


def _common_word(word: str) -> bool:
    """Whether HanTa's lexicon knows ``word`` and reads it most likely as something else than a name."""
    lexicon, names = _hanta_lexicon()
    known = lexicon.get(word.lower())
    if not known:
        return False
    return max(known, key=lambda tp: tp[1])[0] not in names


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and _ACRONYM.fullmatch(word) is not None and sum(c.isupper() for c in word) >= 2


def _role_head(word: str, lex: _Lexicon) -> str | None:
    """The role noun a word is or ends in ("US-Präsidentin" -> "präsident"), if any."""
    if word in _ROLE_CACHE:
        return _ROLE_CACHE[word]
    found = _find_role_head(word, lex)
    if len(_ROLE_CACHE) < 100_000:
        _ROLE_CACHE[word] = found
    return found


def _find_role_head(word: str, lex: _Lexicon) -> str | None:
    low = word.lower()
    for suffix in ("innen", "in", "en", "s", "n", ""):
        if suffix and not low.endswith(suffix):
            continue
        stem = low[: len(low) - len(suffix)]
        # the longest role the stem ends in; roles under 4 letters only as the whole word
        for n in lex.role_lengths:
            if n <= len(stem) and (n >= 4 or n == len(stem)) and stem[-n:] in lex.role_set:
                return stem[-n:]
    return None


def _class_noun(word: str, nouns: frozenset[str]) -> bool:
    """Whether ``word`` is one of ``nouns`` or a compound ending in one of 5+ letters ("Kirchdorf")."""
    low = word.lower()
    if low in nouns:
        return True
    return any(low[k:] in nouns for k in range(1, len(low) - 4))


def _token_index(toks: Sequence[Token], start: int) -> int:
    """The index of the token starting at character ``start``."""
    return next(k for k, t in enumerate(toks) if t.start == start)


def _strip_genitive(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "os", "as")):
        return word[:-1]
    return word


def _adjective_stem(word: str) -> str:
    low = word.lower()
    for ending in _ADJ_ENDINGS:
        if low.endswith(ending):
            return low[: -len(ending)]
    return low


def _quoted(text: str, tok: Token) -> bool:
    """Whether ``tok`` is directly inside quotation marks or starts a hyphen compound ("Bild-Zeitung")."""
    before = text[max(0, tok.start - 2) : tok.start].strip()[-1:]
    after = text[tok.end : tok.end + 2].strip()[:1]
    return before in _QUOTES or after in _QUOTES or text[tok.end : tok.end + 1] == "-"


def _gap_is_space(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end : b.start]
    return len(gap) <= 2 and gap.strip() == ""


# ---------------------------------------------------------------------------------------------- candidates
@dataclass(slots=True)
class _Cand:
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
        return tuple(t.text for t in self.tokens)


def _name_like(tok: Token, lex: _Lexicon, first: bool) -> bool:
    w = tok.text
    if not _is_cap(w) or w in lex.not_names or not any(c.isalpha() for c in w):
        return False
    if tok.pos in ("NE", "FM"):
        return True
    if tok.pos == "XY":
        return True
    if tok.pos in ("NN", "ADJA", "ADJD", "VVFIN", "VVPP", "VVINF", "ADV", "APPR", "KON") and not first:
        return w in lex.first_names or w in lex.cities or _is_acronym(w) or w in lex.org_tokens
    if tok.pos == "NN" and first:
        return _is_acronym(w)
    return False


def _surname_like(tok: Token, lex: _Lexicon) -> bool:
    """A capitalised word that can follow a first name as (part of) the surname."""
    w = tok.text
    return (
        _is_cap(w)
        and w.replace("-", "").replace("'", "").isalpha()
        and w not in lex.not_names
        and _role_head(w, lex) is None
        and tok.pos not in ("ART", "APPR", "KON", "PPER", "PDS", "PIS")
    )


def _gazetteer_at(toks: Sequence[Token], i: int, text: str, lex: _Lexicon) -> int:
    """Length of the longest gazetteer name starting at token ``i`` (0 if none)."""
    best = 0
    for n in range(1, lex.max_gazetteer_len + 1):
        if i + n > len(toks):
            break
        if n > 1 and not _gap_is_space(text, toks[i + n - 2], toks[i + n - 1]):
            break
        words = tuple(t.text for t in toks[i : i + n])
        if words in lex.gazetteer:
            if n == 1 and not _is_cap(words[0]):
                continue
            best = n
    return best


def _candidates(doc: Document, sent: Sentence, lex: _Lexicon) -> list[_Cand]:
    toks = sent.tokens
    text = doc.text
    out: list[_Cand] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if _is_cap(tok.text):
            g = _gazetteer_at(toks, i, text, lex)
        else:
            g = 1 if tok.text in lex.lower_names else 0  # "dpa"
        if g and (
            g > 1
            or tok.pos in ("NE", "FM", "XY")
            or tok.text in lex.loc_acronyms
            or i > 0
            or tok.text not in lex.not_names
        ):
            words = tuple(t.text for t in toks[i : i + g])
            key, kind = lex.gazetteer[words]
            if g == 1 and words[0] in lex.people_plurals and i > 0 and toks[i - 1].text.lower() in _ARTICLES:
                i += 1
                continue
            if g == 1 and words[0] in lex.org_common_words and tok.pos == "NN" and not _quoted(text, tok):
                i += 1  # "Bild" the picture, not the newspaper
                continue
            j = i + g
            # A gazetteer name followed by more name tokens is part of a longer name ("Berlin Marathon").
            if (
                j < len(toks)
                and (g == 1 or kind == "LOC")
                and _gap_is_space(text, toks[j - 1], toks[j])
                and (
                    (_name_like(toks[j], lex, first=False) and toks[j].pos in ("NE", "FM"))
                    or toks[j].text in lex.org_tokens
                    or toks[j].text in lex.org_name_words
                )
            ):
                pass
            else:
                out.append(_Cand(list(toks[i:j]), sent.index, kind, 3, key))
                i = j
                continue
        capital_adjective = (
            i > 0
            and tok.pos in ("ADJA", "NN")
            and _is_cap(tok.text)
            and tok.text.lower()[:1] != tok.text[:1]
            and i + 1 < len(toks)
            and _is_cap(toks[i + 1].text)
            and toks[i + 1].pos in ("NE", "NN", "FM")
            and tok.pos == "ADJA"
        )
        titled_noun = (
            tok.pos == "NN"
            and 0 < i < len(toks) - 1
            and toks[i + 1].pos == "NE"
            and (toks[i - 1].text in lex.person_titles or _role_head(toks[i - 1].text, lex) is not None)
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
            and _is_cap(tok.text)
            and toks[i - 1].text in lex.loc_prepositions
            and (
                tok.text in lex.cities
                or (toks[i - 1].text in lex.place_prepositions and _unknown_word(tok.text, lex))
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
            if not _gap_is_space(text, toks[j - 1], nxt):
                break
            prev_tok = toks[j - 1]
            if (
                nxt.pos == "NN"
                and prev_tok.pos == "NE"
                and prev_tok.text.endswith("s")
                and j - i == 1
                and nxt.text not in lex.org_tokens
                and (prev_tok.text not in lex.first_names or _common_word(nxt.text))
            ):
                break  # "Putins Rede": a genitive name before its noun (but "Klaus Breitschopf")
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
                and _is_cap(toks[k].text)
                and (toks[i].text in lex.first_names or link in _ENGLISH_LINKS or toks[j - 1].pos == "FM")
            ):
                j = k + 1
                continue
            break
        cand_toks = list(toks[i:j])
        # "Kaiser Franz Joseph", "CEO Rick Dudley": a leading title or role is not part of the name
        while len(cand_toks) > 1 and (
            cand_toks[0].text in lex.person_titles or _role_head(cand_toks[0].text, lex) is not None
        ):
            cand_toks.pop(0)
        while cand_toks and cand_toks[-1].pos == "ADJA" and len(cand_toks) > 1:
            cand_toks.pop()
        if cand_toks and not (len(cand_toks) == 1 and capital_adjective):
            out.append(_Cand(cand_toks, sent.index))
        i = j
    return out


def _abbreviated_places(doc: Document, lex: _Lexicon) -> list[_Cand]:
    """Place names after an abbreviation written apart from its dot ("St . Moritz").

    The sentence splitter may end a sentence at such a dot, so this looks across sentence ends.
    """
    toks = doc.tokens
    sentence_of = [sent.index for sent in doc.sentences for _ in sent.tokens]
    out: list[_Cand] = []
    for i, tok in enumerate(toks[:-2]):
        if tok.text not in lex.place_prefixes or toks[i + 1].text != ".":
            continue
        if not (
            _gap_is_space(doc.text, tok, toks[i + 1]) and _gap_is_space(doc.text, toks[i + 1], toks[i + 2])
        ):
            continue
        j = i + 2
        while (
            j < len(toks)
            and _is_cap(toks[j].text)
            and toks[j].text.replace("-", "").replace("’", "").replace("'", "").isalpha()
            and toks[j].text not in lex.not_names
            and (
                j == i + 2
                or (toks[j].pos in ("NE", "FM", "NN") and _gap_is_space(doc.text, toks[j - 1], toks[j]))
            )
        ):
            j += 1
            if (
                j > i + 2
                and toks[j - 1].pos == "NN"
                and not _class_noun(toks[j - 1].text, lex.landmark_nouns)
            ):
                j -= 1 if j - 1 > i + 2 else 0
                break
        if j > i + 2:
            out.append(_Cand(list(toks[i:j]), sentence_of[i], "LOC", 2))
    return out


def _institution_head(word: str, lex: _Lexicon) -> bool:
    return word.lower().endswith(lex.institution_heads)


_HOUSE_NUMBER = re.compile(r"\d{1,4}[a-z]?")


def _house_number(toks: Sequence[Token], j: int, text: str) -> int:
    """``j + 1`` when ``toks[j]`` is a house number right after a street name ("Neuendorfer Straße 90c")."""
    if j < len(toks) and _HOUSE_NUMBER.fullmatch(toks[j].text) and _gap_is_space(text, toks[j - 1], toks[j]):
        return j + 1
    return j


_ORDINAL = re.compile(r"\d{1,2}\.")
_CLUB_YEAR = re.compile(r"0\d|\d{4}")


def _club_name(toks: Sequence[Token], i: int, text: str, lex: _Lexicon) -> int:
    """End of a sports club's name starting at ``i`` ("FC Schalke 04", "SV Werder Bremen"), else ``i``.

    A club word opens it; capitalised name words and a founding year ("04", "1860") follow.
    """
    if toks[i].text not in lex.club_prefixes or i + 1 >= len(toks):
        return i
    j = i + 1
    while j < len(toks) and _gap_is_space(text, toks[j - 1], toks[j]):
        t = toks[j]
        if _is_cap(t.text) and (
            t.pos in ("NE", "FM")
            or t.text in lex.club_prefixes
            or t.text in lex.cities
            or (t.pos == "NN" and not _common_word(t.text))
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


def _place_noun_name(toks: Sequence[Token], i: int, lex: _Lexicon) -> bool:
    """A noun right after a place noun is its name ("die Dörfer Kleinhausen und ...")."""
    tok = toks[i]
    return (
        i > 0
        and tok.pos.startswith("NN")
        and _is_cap(tok.text)
        and tok.text.isalpha()
        and toks[i - 1].pos == "NN"
        and _class_noun(toks[i - 1].text, lex.place_class_nouns)
    )


def _phrases(doc: Document, sent: Sentence, lex: _Lexicon) -> list[_Cand]:
    """Names the token runs miss, typed by their German form.

    * one-word street names: "Schwanitzstraße" (not the generic "Landstraße");
    * a place adjective in "-er" and a place noun: "Tegeler See", "Frankfurter Hauptbahnhof";
    * institutions: "Bundesnachrichtendienst", "(Bayerisches) Staatsministerium für Unterricht und Kultus".
    """
    toks = sent.tokens
    text = doc.text
    out: list[_Cand] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        w = tok.text
        if not _is_cap(w) or (not w.isalpha() and "-" not in w):
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
            and _gap_is_space(text, tok, nxt)
            and w not in lex.not_names
        ):
            j = _house_number(toks, i + 2, text)
            out.append(_Cand(list(toks[i:j]), sent.index, "LOC", 3))
            i = j
            continue
        if pos in ("NN", "NE") and w not in lex.street_generic and w.lower().endswith(lex.street_suffixes):
            j = _house_number(toks, i + 1, text)
            out.append(_Cand(list(toks[i:j]), sent.index, "LOC", 3))
            i = j
            continue
        if (
            w.endswith("er")
            and len(w) >= 5
            and w.isalpha()
            and pos in ("ADJA", "ADJD", "NE", "NN")
            and nxt is not None
            and nxt.pos == "NN"
            and _is_cap(nxt.text)
            and nxt.text.lower().endswith(lex.org_suffixes)
            and _gap_is_space(text, tok, nxt)
            and w not in lex.not_names
            and (w[:-2] in lex.cities or (w[:-2],) in lex.gazetteer or not _common_word(w))
        ):
            out.append(_Cand(list(toks[i : i + 2]), sent.index, "ORG", 2))  # "Berliner Kurier"
            i += 2
            continue
        club = _club_name(toks, i, text, lex)
        if club > i:
            start = i - 1 if i > 0 and _ORDINAL.fullmatch(toks[i - 1].text) else i  # "1. FC Köln"
            out.append(_Cand(list(toks[start:club]), sent.index, "ORG", 3))
            i = club
            continue
        if pos in ("NN", "NE") and _institution_head(w, lex) and w.isalpha():
            j = i + 1
            if nxt is not None and nxt.text == "für":
                k = i + 2
                end = i + 1
                while k < len(toks) and _is_cap(toks[k].text) and toks[k].pos in ("NN", "NE", "FM", "ADJA"):
                    end = k + 1
                    k += 1
                    if (
                        k + 1 < len(toks)
                        and toks[k].text in ("und", ",")
                        and _is_cap(toks[k + 1].text)
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
                out.append(_Cand(list(toks[start:j]), sent.index, "ORG", 3))
                i = j
                continue
        i += 1
    return out


# ---------------------------------------------------------------------------------------------- typing
def _type_candidate(c: _Cand, sent: Sentence, lex: _Lexicon) -> None:
    if c.type is not None:
        return None
    toks = sent.tokens
    idx = _token_index(toks, c.start)
    prev = toks[idx - 1] if idx > 0 else None
    prev2 = toks[idx - 2] if idx > 1 else None
    nxt = next((t for t in toks if t.start >= c.end), None)
    words = c.words
    first, last = words[0], words[-1]
    lows = [w.lower() for w in words]

    def setk(kind: EntityType, strength: int) -> None:
        c.type, c.strength = kind, strength

        if (
            kind == "PER"
            and prev is not None
            and (prev.text in lex.person_titles or _role_head(prev.text, lex))
        ):
            c.role_tokens = [prev]

    # Organisation cues inside the name
    if any(w in lex.org_tokens for w in words[1:]) or (len(words) > 1 and words[0] in lex.org_tokens):
        return setk("ORG", 3)
    if any(lw.endswith(lex.org_suffixes) and len(lw) > 6 for lw in lows):
        return setk("ORG", 2)
    if len(words) > 1 and first in lex.place_prefixes:
        return setk("LOC", 2)  # "San Remo", "St. Moritz", "Bad Kissingen"
    gaz = lex.gazetteer.get((first,)) if len(words) > 1 else None
    if gaz is not None and gaz[1] == "ORG":
        return setk("ORG", 2)
    if len(words) > 1 and last in lex.org_name_words:
        return setk("ORG", 2)  # "Jet Propulsion Laboratory", "Sun Microsystems": an organisation word ends it
    # People: first name, title or role before the name
    if first in lex.first_names and len(words) > 1 and first not in lex.cities:
        return setk("PER", 3)
    if prev is not None and (prev.text in lex.person_titles or _role_head(prev.text, lex)):
        return setk("PER", 3)
    if len(words) == 1 and first.isupper() and len(first) > 3 and first.isalpha():
        # "TOKIO", "BOCHUM" in datelines, "AUDI": the place or organisation written in capitals
        known = lex.gazetteer.get((first.title(),))
        if known is not None:
            return setk(known[1], 2)
        if first.title() in lex.cities:
            return setk("LOC", 2)
    if len(words) == 1 and _is_acronym(first):
        if first in lex.loc_acronyms:
            return setk("LOC", 3)
        if first in lex.not_entity_acronyms or (prev is not None and prev.pos == "CARD"):
            return None  # a unit, law code or technical term ("196 MW", "StGB")
        if (
            c.tokens[0].pos == "XY"
            or (c.tokens[0].pos == "NN" and _common_word(first))
            or any(ch.isdigit() for ch in first[:-1])
        ):
            return None  # a common noun in HanTa's lexicon ("CD-ROM") or a type code ("D3A", "M2M")
        return setk("ORG", 2)
    if len(words) == 1 and first in lex.cities:
        return setk("LOC", 3 if c.tokens[0].pos == "NE" else 2)
    if prev is not None and prev.pos == "NN" and len(words) <= 2:
        if _class_noun(prev.text, lex.place_class_nouns):
            return setk("LOC", 2)
        if _class_noun(prev.text, lex.org_class_nouns):
            return setk("ORG", 2)
    if prev is not None and (
        prev.text in lex.loc_cue_words
        or (prev.text == "von" and prev2 is not None and prev2.text in lex.loc_cue_words)
    ):
        return setk("LOC", 2)
    if first in lex.first_names and first not in lex.cities and len(words) == 1 and c.tokens[0].pos == "NE":
        return setk("PER", 2)
    if (
        prev is not None
        and prev.text.lower() in lex.loc_prepositions
        and (prev2 is None or prev2.pos != "ART")
    ) and (len(words) == 1 or any(w in lex.cities for w in words)):
        return setk("LOC", 2)
    if (prev is not None and prev.text in lex.speech_verbs) or (
        nxt is not None and nxt.text in lex.speech_verbs
    ):
        return setk("PER", 1)
    if len(words) == 1 and lows[0].endswith(lex.loc_suffixes) and len(first) > 5:
        return setk("LOC", 1)
    if lows[-1].endswith(lex.per_suffixes) and len(last) > 4:
        return setk("PER", 1)
    if len(words) > 1:
        if len(first) == 2 and first.endswith(".") and first[0].isupper():
            return setk("PER", 1)  # "A. Korsakow"
        if first in lex.loc_name_words:
            return setk("LOC", 1)
        if any(w in lex.org_name_words for w in words) or last in lex.cities or _is_acronym(first):
            return setk("ORG", 1)
        if _quoted_title(c, sent) or any(w.lower() in lex.title_words for w in words):
            return None  # a title ("Blood of Eden", „Easy Living“): MISC, not a person
        if last in lex.place_heads:
            return setk("LOC", 1)  # "Canning Town", "Fifth Avenue"
        if prev is not None and prev.text.lower() in _ARTICLES:
            return setk("ORG", 1)
        if any(_common_word(w) and w not in lex.first_names for w in words):
            return None  # everyday words ("Business Administration", "Cloud Nine"): no person's name
        return setk("PER", 0)
    if first.endswith("s") and _strip_genitive(first) in lex.cities:
        return setk("LOC", 2)
    # An unknown single word: a person's name only where a name can stand.
    prev_pos = prev.pos if prev is not None else ""
    if c.tokens[0].pos in ("FM", "XY") or "-" in first or prev_pos in _NO_NAME_BEFORE:
        return None
    if sum(ch.isalpha() for ch in first) < 3 or (len(first) > 7 and lows[0].endswith(lex.noun_suffixes)):
        return None  # an initial, or a German common noun the tagger took for a name ("Lohngleitklausel")
    if _common_word(first) and first not in lex.first_names:
        return None  # a word HanTa's lexicon knows as an everyday word ("Sport", "Hof")
    return setk("PER", 0)


_ROMAN = re.compile(r"[IVX]{1,4}\.?")


def _merge_names(cands: list[_Cand], doc: Document, lex: _Lexicon) -> list[_Cand]:
    """Join names German writes as one: "Frankfurt am Main", "Universität Gießen", "Heinrich IV."."""
    text = doc.text
    out: list[_Cand] = []
    for c in cands:
        sent = doc.sentences[c.sentence]
        toks = sent.tokens
        prev = out[-1] if out else None
        if prev is not None and prev.sentence == c.sentence and prev.type == "LOC" and c.type == "LOC":
            link = text[prev.end : c.start]
            if link in lex.place_links:
                between = [t for t in toks if prev.end <= t.start and t.end <= c.start]
                prev.tokens.extend([*between, *c.tokens])
                prev.strength = max(prev.strength, c.strength)
                continue
        idx = _token_index(toks, c.start)
        if c.type == "LOC" and idx > 0 and toks[idx - 1].text in lex.institution_names and len(c.tokens) == 1:
            c.tokens.insert(0, toks[idx - 1])  # "Universität Gießen" is the university
            c.type, c.strength, c.key = "ORG", 3, None
        end = idx + len(c.tokens)
        if (
            c.type == "PER"
            and c.strength >= 2
            and end < len(toks)
            and _ROMAN.fullmatch(toks[end].text)
            and toks[end].text != "I"
        ):
            c.tokens.append(toks[end])  # "Heinrich IV."
        out.append(c)
    return out


def _adjective_prefix(c: _Cand, sent: Sentence) -> None:
    """Capitalised adjectives before an organisation's name belong to it ("Deutschen Bundestag").

    Mid-sentence only: German writes adjectives in lower case unless they are part of a name.
    """
    if c.type not in _ADJECTIVE_NAME_TYPES:
        return
    toks = sent.tokens
    idx = _token_index(toks, c.start)
    while (
        idx > 1
        and toks[idx - 1].pos == "ADJA"
        and _is_cap(toks[idx - 1].text)
        and toks[idx - 1].text.isalpha()
        and sent.text[toks[idx - 1].end - sent.start : toks[idx].start - sent.start] == " "
    ):
        idx -= 1
        c.tokens.insert(0, toks[idx])


def _quoted_title(c: _Cand, sent: Sentence) -> bool:
    """Whether the whole candidate stands in quotation marks (a title, not a person)."""
    before = sent.text[: c.start - sent.start].rstrip()[-1:]
    after = sent.text[c.end - sent.start :].lstrip()[:1]
    return before in _QUOTES and after in _QUOTES


# ---------------------------------------------------------------------------------------------- clustering
@dataclass(slots=True)
class _Cluster:
    type: EntityType
    key: str
    mentions: list[_Cand] = field(default_factory=list)
    references: list[Mention] = field(default_factory=list)
    roles: list[tuple[int, str]] = field(default_factory=list)  # (specificity, role)
    country: str | None = None
    gender: str = "?"

    @property
    def first_start(self) -> int:
        return self.mentions[0].start if self.mentions else 10**9


def _base(words: tuple[str, ...], lex: _Lexicon) -> str:
    name = " ".join(words)
    if words in lex.gazetteer:
        return lex.gazetteer[words][0]
    return name


def _cluster(cands: list[_Cand], lex: _Lexicon) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    persons_by_surname: dict[str, list[_Cluster]] = {}
    # full names first, so that "Putin" and "Putins" find "Wladimir Putin"
    for c in cands:
        if c.type in ("PER", None):
            continue
        key = c.key or _base(c.words, lex)
        stripped = _strip_genitive(key) if len(c.words) == 1 else key
        k = (c.type, key)
        if k not in by_key and (c.type, stripped) in by_key:
            k = (c.type, stripped)
        cl = by_key.get(k)
        if cl is None:
            cl = _Cluster(c.type, key)
            by_key[k] = cl
            clusters.append(cl)
        cl.mentions.append(c)
    persons = [c for c in cands if c.type == "PER"]
    full = sorted((c for c in persons if len(c.words) > 1), key=lambda c: c.start)
    for c in full:
        name = " ".join(c.words)
        surname = _strip_genitive(c.words[-1]) if c.words[-1] not in lex.first_names else c.words[-1]
        cl = by_key.get(("PER", name)) or by_key.get(("PER", " ".join((*c.words[:-1], surname))))
        if cl is None:
            cl = _Cluster("PER", " ".join((*c.words[:-1], surname)))
            cl.gender = lex.first_names.get(c.words[0], "?")
            by_key[("PER", cl.key)] = cl
            clusters.append(cl)
            persons_by_surname.setdefault(surname, []).append(cl)
        cl.mentions.append(c)
    for c in sorted((c for c in persons if len(c.words) == 1), key=lambda c: c.start):
        w = c.words[0]
        options = persons_by_surname.get(w) or persons_by_surname.get(_strip_genitive(w))
        if options:
            before = [o for o in options if o.mentions[0].start <= c.start] or options
            before[-1].mentions.append(c)
            continue
        key = _strip_genitive(w) if ("PER", _strip_genitive(w)) in by_key else w
        cl = by_key.get(("PER", key))
        if cl is None:
            cl = _Cluster("PER", key, gender=lex.first_names.get(w, "?"))
            by_key[("PER", key)] = cl
            clusters.append(cl)
            persons_by_surname.setdefault(key, []).append(cl)
        cl.mentions.append(c)
    for cl in clusters:
        cl.mentions.sort(key=lambda m: m.start)
    return clusters


# ---------------------------------------------------------------------------------------------- roles
def _role_string(tokens: Sequence[Token], lex: _Lexicon) -> tuple[str, str | None, str, str] | None:
    """A role phrase "der weißrussische Präsident" -> ("weißrussischer Präsident", country, gender, head)."""
    if not tokens:
        return None
    head_tok = tokens[-1]
    head = _role_head(head_tok.text, lex)
    if head is None:
        return None
    adjectives: list[str] = []
    country: str | None = None
    for t in tokens[:-1]:
        if t.pos != "ADJA":
            continue
        stem = _adjective_stem(t.text)
        if stem in lex.demonyms:  # other adjectives ("autoritär", "ehemalig") stay out of the role
            country = lex.demonyms[stem]
            adjectives.append(stem)
    noun = head_tok.text
    if "-" in noun:
        prefix = noun.split("-", 1)[0]
        key = lex.gazetteer.get((prefix,))
        if key is not None:
            country = key[0]
    female = noun.endswith("in") and not head.endswith("in")
    if adjectives:
        ending = "e" if female else "er"
        role = " ".join(a + ending for a in adjectives) + " " + noun
    else:
        role = noun
    return role, country, "f" if female else "m", head


def _noun_phrase_before(toks: Sequence[Token], idx: int) -> list[Token]:
    """Determiner/adjectives + the token at ``idx`` (a role noun)."""
    k = idx
    while k > 0 and toks[k - 1].pos in ("ADJA", "ART", "PPOSAT", "PDAT"):
        k -= 1
    return list(toks[k : idx + 1])


# ---------------------------------------------------------------------------------------------- main
def _resolve(doc: Document, clusters: list[_Cluster], lex: _Lexicon) -> None:
    """Roles from role nouns before names; references for pronouns and descriptions."""
    persons = [cl for cl in clusters if cl.type == "PER"]
    if not persons:
        return
    mention_at: dict[int, _Cluster] = {}
    for cl in persons:
        for m in cl.mentions:
            mention_at[m.start] = cl
            if m.role_tokens:
                sent = doc.sentences[m.sentence]
                idx = _token_index(sent.tokens, m.role_tokens[0].start)
                phrase = _noun_phrase_before(sent.tokens, idx)
                found = _role_string(phrase, lex)
                if found:
                    role, country, gender, head = found
                    cl.roles.append((2 + (country is not None) + (head in lex.offices), role))
                    cl.country = cl.country or country
                    if cl.gender == "?":
                        cl.gender = gender
    # Walk the text in order: recency of mention decides pronoun and description antecedents.
    last_seen: dict[int, tuple[int, int]] = {}  # id(cluster) -> (sentence, token index)
    ids = {id(cl): cl for cl in persons}
    for sent in doc.sentences:
        toks = sent.tokens
        for k, tok in enumerate(toks):
            named = mention_at.get(tok.start)
            if named is not None:
                last_seen[id(named)] = (sent.index, k)
                continue
            low = tok.text.lower()
            if low in lex.pronouns and _pronoun_subject(toks, k):
                gender = lex.pronouns[low]
                cands = [
                    (pos, ids[i])
                    for i, pos in last_seen.items()
                    if sent.index - pos[0] <= lex.pronoun_window and ids[i].gender in (gender, "?")
                ]
                if low == "sie" and not any(c.gender == "f" for _, c in cands):
                    continue
                if cands:
                    target = max(cands, key=lambda pc: pc[0])[1]
                    target.references.append(Mention(tok.text, tok.start, tok.end, "pronoun"))
                    last_seen[id(target)] = (sent.index, k)
                continue
            role_head = _role_head(tok.text, lex)
            if role_head is None or role_head not in lex.description_heads or tok.pos != "NN":
                continue
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if nxt is not None and mention_at.get(nxt.start) is not None:
                continue  # a role before a name: handled above
            phrase = _noun_phrase_before(toks, k)
            if not phrase or phrase[0].pos != "ART" or phrase[0].text.lower() not in ("der", "die"):
                continue
            found = _role_string(phrase, lex)
            if not found:
                continue
            role, country, gender, _ = found
            # "von Weißrussland" after the noun gives the country too
            if (
                k + 2 < len(toks)
                and toks[k + 1].text in ("von", "aus")
                and (toks[k + 2].text,) in lex.gazetteer
            ):
                country = lex.gazetteer[(toks[k + 2].text,)][0]
                role = f"{role} von {toks[k + 2].text}"
            compatible = [
                (pos, ids[i])
                for i, pos in last_seen.items()
                if ids[i].gender in (gender, "?") and (country is None or ids[i].country in (None, country))
            ]
            exact = [pc for pc in compatible if country is not None and pc[1].country == country]
            recent = [pc for pc in compatible if sent.index - pc[0][0] <= lex.description_window]
            if exact or recent:
                target = max(exact or recent, key=lambda pc: pc[0])[1]
            elif country is not None and compatible:
                # "der russische Präsident": the most mentioned person not known to be from elsewhere
                target = max(compatible, key=lambda pc: (len(pc[1].mentions), pc[0]))[1]
            else:
                continue
            end = tok.end
            target.references.append(
                Mention(doc.text[phrase[0].start : end], phrase[0].start, end, "description")
            )
            target.roles.append((1 + (country is not None) + (role_head in lex.offices), role))
            target.country = target.country or country
            last_seen[id(target)] = (sent.index, k)


def _pronoun_subject(toks: Sequence[Token], k: int) -> bool:
    """Whether ``toks[k]`` ("er"/"sie") is a singular subject pronoun."""
    tok = toks[k]
    if tok.pos != "PPER":
        return False
    low = tok.text.lower()
    if low == "er":
        return True
    # "sie" is singular only with a singular verb next to it: "sie sagte", "sagte sie"
    for j in (k + 1, k - 1):
        if 0 <= j < len(toks) and toks[j].pos.startswith(("VV", "VA", "VM")) and toks[j].pos.endswith("FIN"):
            return toks[j].text.endswith(("t", "te")) and not toks[j].text.endswith(("en", "ten"))
    return False


_TYPE_WEIGHT: dict[str, float] = {"PER": 1.2, "ORG": 1.0, "LOC": 0.8, "MISC": 0.5}


def _salience(cl: _Cluster, doc: Document, title: str | None) -> float:
    n = len(cl.mentions) + 0.7 * len(cl.references)
    size = max(1, len(doc.text))
    early = 1.0 - min(cl.first_start, size) / size
    in_title = 1.0 if title and any(m.words[-1] in title for m in cl.mentions) else 0.0
    return round(_TYPE_WEIGHT[cl.type] * (n + early + 1.5 * in_title + 0.5 * len(cl.roles)), 4)


def _canonical(cl: _Cluster, lex: _Lexicon) -> tuple[str, tuple[str, ...]]:
    surfaces = [" ".join(m.words) for m in cl.mentions]
    if cl.type == "PER":
        name = max(surfaces, key=lambda s: (len(s.split()), -surfaces.index(s)))
        if len(name.split()) > 1 and name.endswith("s") and _strip_genitive(name) != name:
            base = " ".join((*name.split()[:-1], _strip_genitive(name.split()[-1])))
            name = base if base == cl.key else name
        others = sorted({s for s in surfaces if s != name})
        return name, tuple(others)
    bases: list[str] = []
    for m in cl.mentions:
        words = m.words
        found = lex.gazetteer.get(words)
        base = " ".join(words)
        if found is not None:
            # the uninflected form: the alias group member whose inflections include this surface
            base = next(
                (n for n, g in lex.group_of.items() if g == found[0] and words in _inflections(n)),
                found[0] if words in _inflections(found[0]) else base,
            )
            if words not in _inflections(base):
                base = " ".join(words)
        elif (
            len(words) == 1 and _strip_genitive(words[0]) != words[0] and cl.key == _strip_genitive(words[0])
        ):
            base = cl.key
        bases.append(base)
    # the most used form; among equals the fullest, then the first
    name = max(bases, key=lambda s: (bases.count(s), len(s.split()), -bases.index(s)))
    aliases = tuple(sorted({b for b in bases if b != name}))
    return name, aliases


def _coordinated_types(cands: list[_Cand], doc: Document, lex: _Lexicon) -> None:
    """Guessed types in a list ("Leipzig , Dresden , Spitzbergen") follow its well-typed members.

    A list is a run of names of one sentence joined by commas, "und", "oder", "sowie" or "/"; its
    guessed members (strength <= 1) take the type most of its well-typed members (strength >= 2) have.
    """
    groups: list[list[_Cand]] = []
    for c in cands:
        prev = groups[-1][-1] if groups else None
        if (
            prev is not None
            and prev.sentence == c.sentence
            and doc.text[prev.end : c.start].strip() in lex.list_links
        ):
            groups[-1].append(c)
        else:
            groups.append([c])
    for group in groups:
        if len(group) < 2:
            continue
        votes = [c.type for c in group if c.strength >= 2 and c.type in ("LOC", "ORG", "PER")]
        if not votes:
            continue
        kind = max(votes, key=lambda k: (votes.count(k), -votes.index(k)))
        for c in group:
            if c.strength <= 1 and c.type != kind:
                c.type, c.strength = kind, 1


def _consistent_types(cands: list[_Cand]) -> None:
    """The same name gets one type per article: the strongest evidence wins."""
    best: dict[str, tuple[int, EntityType]] = {}
    for c in cands:
        if c.type is None:
            continue
        for key in {" ".join(c.words), _strip_genitive(" ".join(c.words))}:
            cur = best.get(key)
            if cur is None or c.strength > cur[0]:
                best[key] = (c.strength, c.type)
    # surnames of typed full names
    for c in cands:
        if c.type == "PER" and len(c.words) > 1 and c.strength >= 2:
            cur = best.get(c.words[-1])
            if cur is None or cur[0] < c.strength:
                best[c.words[-1]] = (c.strength, "PER")
    for c in cands:
        key = " ".join(c.words)
        found = best.get(key) or best.get(_strip_genitive(key))
        if found is not None and found[0] > c.strength:
            c.strength, c.type = found


def find_entities(doc: Document, title: str | None = None) -> tuple[Entity, ...]:
    """Named entities of ``doc``, one per referent, most salient first."""
    lex = _lexicon()
    cands: list[_Cand] = []
    abbreviated = _abbreviated_places(doc, lex)
    for sent in doc.sentences:
        phrases = _phrases(doc, sent, lex)
        phrases.extend(a for a in abbreviated if sent.start <= a.start < sent.end)
        for c in _candidates(doc, sent, lex):
            if any(p.start < c.end and c.start < p.end for p in phrases) or any(
                a.start < c.end and c.start < a.end for a in abbreviated
            ):
                continue
            _type_candidate(c, sent, lex)
            if c.type is not None:
                _adjective_prefix(c, sent)
                cands.append(c)
        if phrases:
            cands.extend(
                p
                for p in phrases
                if not any(p is not a and a.start < p.end and p.start < a.end for a in abbreviated)
            )
    cands.sort(key=lambda c: c.start)  # stable: sentences come in order, phrases join their sentence
    cands = _merge_names(cands, doc, lex)
    _coordinated_types(cands, doc, lex)
    _consistent_types(cands)
    cands = [c for c in cands if c.type in ("PER", "LOC", "ORG")]
    clusters = _cluster(cands, lex)
    _resolve(doc, clusters, lex)
    clusters.sort(key=lambda cl: cl.first_start)
    canonical = [_canonical(cl, lex) for cl in clusters]
    demonyms = _demonym_counts(doc, clusters, canonical, lex)
    saliences = _saliences(clusters, canonical, demonyms, doc=doc, title=title, lex=lex)
    built: list[tuple[float, Entity]] = []
    for n, cl in enumerate(clusters, start=1):
        name, aliases = canonical[n - 1]
        roles = _ordered_roles(cl.roles)
        sal = saliences[n - 1]
        mentions = tuple(Mention(doc.text[m.start : m.end], m.start, m.end, "name") for m in cl.mentions)
        refs = tuple(sorted(set(cl.references), key=lambda r: r.start))
        built.append((sal, Entity(f"e{n}", name, cl.type, aliases, roles, mentions, refs, sal)))
    built.sort(key=lambda se: (-se[0], se[1].mentions[0].start if se[1].mentions else 0))
    return tuple(e for _, e in built)


def _demonym_counts(
    doc: Document, clusters: list[_Cluster], canonical: list[tuple[str, tuple[str, ...]]], lex: _Lexicon
) -> list[int]:
    """Per cluster, how often a demonym adjective points at it: "der weißrussische Präsident",
    "von weißrussischem Boden" speak of Weißrussland (for salience only: not a name mention, and
    not a reference a speaker could resolve to)."""
    places: dict[str, int] = {}
    for i, (cl, (name, aliases)) in enumerate(zip(clusters, canonical, strict=True)):
        if cl.type == "LOC":
            for known in (name, *aliases):
                places.setdefault(lex.group_of.get(known, known), i)
    counts = [0] * len(clusters)
    if places:
        for sent in doc.sentences:
            for tok in sent.tokens:
                country = lex.demonyms.get(_adjective_stem(tok.text)) if tok.pos in ("ADJA", "ADJD") else None
                place = places.get(lex.group_of.get(country, country)) if country is not None else None
                if place is not None:
                    counts[place] += 1
    return counts


def _saliences(
    clusters: list[_Cluster],
    canonical: list[tuple[str, tuple[str, ...]]],
    demonyms: list[int],
    *,
    doc: Document,
    title: str | None,
    lex: _Lexicon,
) -> list[float]:
    """Each cluster's salience. A place also counts its demonym adjectives like references and
    gains a quarter of the salience of every person it is the country of ("der weißrussische
    Präsident" makes Weißrussland matter with its president)."""
    base = [_salience(cl, doc, title) for cl in clusters]
    out = list(base)
    countries = [
        lex.group_of.get(p.country, p.country) if p.type == "PER" and p.country else None for p in clusters
    ]
    for i, (cl, (name, aliases)) in enumerate(zip(clusters, canonical, strict=True)):
        if cl.type == "LOC":
            names = {lex.group_of.get(n, n) for n in (name, *aliases)}
            bonus = sum(b for c, b in zip(countries, base, strict=True) if c is not None and c in names)
            out[i] = round(base[i] + _TYPE_WEIGHT["LOC"] * 0.7 * demonyms[i] + 0.25 * bonus, 4)
    return out


def _ordered_roles(roles: Iterable[tuple[int, str]]) -> tuple[str, ...]:
    score: dict[str, tuple[int, int, int]] = {}
    for order, (spec, role) in enumerate(roles):
        cur = score.get(role)
        count = (cur[1] if cur else 0) + 1
        score[role] = (max(spec, cur[0] if cur else 0), count, -order if cur is None else cur[2])
    return tuple(
        sorted(score, key=lambda r: (score[r][0], len(r.split()), score[r][1], score[r][2]), reverse=True)
    )
