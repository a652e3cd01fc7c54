"""The entity stage's gazetteers and word tests: what it knows about names.

* Country and region names (Babel/CLDR German territory names, ``data/entities/regions.txt`` and
  the ``regions`` of ``data/entities/lexicon.yaml``) with their German inflected forms, alias groups
  ("Belarus" = "Weißrussland"), well-known organisations and place acronyms: :attr:`Lexicon.gazetteer`.
* City names (GeoNames, ``data/entities/cities.txt``), first names with gender (gender-guesser's
  name dictionary, read lazily by :class:`FirstNames`) and nationality adjectives (``demonyms``).
* Cue words for typing names (place prepositions, class nouns, name endings ...) from
  ``data/entities/lexicon.yaml``; person titles and organisation cues from the shared language layer
  (:mod:`briefing.language.lexicon`).
* Tests of single words against HanTa's lexicon (:func:`common_word`, :func:`unknown_word`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources as _resources
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.language.lexicon import words as language_words
from briefing.language.roles import ADJECTIVE_ENDINGS, role_head
from briefing.resources import load_data, load_words

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.model import EntityType

_DATA = "entities/lexicon.yaml"
_T = TypeVar("_T")
_ACRONYM = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ0-9&.-]*[A-ZÄÖÜ0-9]\.?|[A-Z][a-z]?[A-Z]+[a-z]?")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the entity stage looks names up in (see the module docstring)."""

    first_names: FirstNames  # name -> "m" | "f" | "?"
    gazetteer: dict[tuple[str, ...], tuple[str, EntityType]]  # token tuple -> (canonical key, type)
    max_gazetteer_len: int
    gazetteer_firsts: frozenset[str]  # the first words of the gazetteer's names
    group_of: dict[str, str]  # base name -> alias group key (first name of the group)
    cities: frozenset[str]
    org_tokens: frozenset[str]
    org_suffixes: tuple[str, ...]
    loc_acronyms: frozenset[str]
    loc_suffixes: tuple[str, ...]
    per_suffixes: tuple[str, ...]
    loc_prepositions: frozenset[str]
    not_names: frozenset[str]
    person_titles: frozenset[str]
    people_plurals: frozenset[str]
    loc_name_words: frozenset[str]
    org_name_words: frozenset[str]
    demonyms: dict[str, str]
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

    def country_of_adjective(self, stem: str) -> str | None:
        """The country of a nationality adjective's stem ("weißrussisch" -> "Belarus")."""
        return self.demonyms.get(stem)

    def country_of_name(self, word: str) -> str | None:
        """The canonical name of a one-word gazetteer name ("US" -> "Vereinigte Staaten")."""
        found = self.gazetteer.get((word,))
        return None if found is None else found[0]


def inflections(name: str) -> set[tuple[str, ...]]:
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
            for ending in ADJECTIVE_ENDINGS:
                if w.endswith(ending) and len(w) > len(ending) + 3:
                    stem = w[: -len(ending)]
                    forms.update(stem + e for e in ADJECTIVE_ENDINGS)
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


class FirstNames:
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
def first_names() -> FirstNames:
    return FirstNames(b"\n" + (_resources.files("gender_guesser") / "data" / "nam_dict.txt").read_bytes())


def _currency_codes() -> frozenset[str]:
    """ISO 4217 codes ("CHF", "USD") from Babel/CLDR: amounts, not organisations."""
    from babel import Locale  # noqa: PLC0415 - Babel loads its CLDR data on first use

    return frozenset(code for code in Locale("de").currencies if isinstance(code, str) and code.isupper())


@functools.cache
def entity_lexicon() -> Lexicon:
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
        for form in inflections(name):
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
    shared = language_words()
    return Lexicon(
        first_names=first_names(),
        gazetteer=gazetteer,
        max_gazetteer_len=max(len(k) for k in gazetteer),
        gazetteer_firsts=frozenset(k[0] for k in gazetteer),
        group_of=group_of,
        cities=cities,
        org_tokens=shared.org_tokens,
        org_suffixes=shared.org_suffixes,
        loc_acronyms=frozenset(data["loc_acronyms"]),
        loc_suffixes=tuple(data["loc_suffixes"]),
        per_suffixes=tuple(data["per_suffixes"]),
        loc_prepositions=frozenset(data["loc_prepositions"]),
        not_names=frozenset(data["not_names"]),
        person_titles=shared.person_titles,
        people_plurals=frozenset(data["people_plurals"]),
        loc_name_words=frozenset(data["loc_name_words"]),
        org_name_words=frozenset(data["org_name_words"]),
        demonyms=dict(data["demonyms"]),
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
    )


@functools.cache
def hanta_lexicon() -> tuple[dict[str, list[tuple[int, float]]], frozenset[int]]:
    """HanTa's word lexicon (lower-case word -> tag log-probabilities) and its name-like tag numbers."""
    from briefing.text import _hanta  # noqa: PLC0415 - the text stage has loaded the model already

    tagger = _hanta()
    names = frozenset(n for tag, n in tagger.tag2int.items() if tag in ("NE", "FM", "XY"))
    return tagger.cache, names


def best_logprob(word: str) -> float:
    """HanTa's best tag log-probability for ``word`` (about -5 to -15 for words it knows, -25 for guesses)."""
    from briefing.text import _hanta  # noqa: PLC0415 - the text stage has loaded the model already

    tags = _hanta()._tag_word(word, cutoff=5, casesensitive=True, conditional=True)
    return max((float(p) for _, p in tags), default=-1e9)


def gazetteer_match(words: Sequence[str], i: int, lex: Lexicon) -> tuple[int, EntityType | None]:
    """The longest gazetteer name starting at ``words[i]`` as (its length, its type); (0, None) if
    none. A one-word name counts only when capitalised."""
    best: tuple[int, EntityType | None] = (0, None)
    if words[i] not in lex.gazetteer_firsts:
        return best
    for n in range(1, min(lex.max_gazetteer_len, len(words) - i) + 1):
        found = lex.gazetteer.get(tuple(words[i : i + n]))
        if found is not None and (n > 1 or is_cap(words[i])):
            best = (n, found[1])
    return best


def unknown_word(word: str, lex: Lexicon) -> bool:
    """A capitalised word German does not know: HanTa only guesses it, it ends in no known noun of
    5+ letters ("Fremdenlegion" ends in "Legion") and in no common noun ending. Such a word is a
    name ("in Kesselau", "aus Wiesenau"); place-name endings ("-hausen") do not count as nouns.
    """
    if not word.isalpha() or len(word) < 4 or word.lower().endswith(lex.noun_suffixes):
        return False
    if best_logprob(word) > lex.unknown_logprob:
        return False
    for k in range(2, len(word) - 4):
        tail = word[k:]
        if tail in lex.loc_suffixes:
            continue
        if best_logprob(tail[0].upper() + tail[1:]) > lex.known_head_logprob:
            return False
    return True


def common_word(word: str) -> bool:
    """Whether HanTa's lexicon knows ``word`` and reads it most likely as something else than a name."""
    lexicon, names = hanta_lexicon()
    known = lexicon.get(word.lower())
    if not known:
        return False
    return max(known, key=lambda tp: tp[1])[0] not in names


def is_cap(word: str) -> bool:
    return word[:1].isupper()


def is_acronym(word: str) -> bool:
    return len(word) >= 2 and _ACRONYM.fullmatch(word) is not None and sum(c.isupper() for c in word) >= 2


def class_noun(word: str, nouns: frozenset[str]) -> bool:
    """Whether ``word`` is one of ``nouns`` or a compound ending in one of 5+ letters ("Kirchdorf")."""
    low = word.lower()
    if low in nouns:
        return True
    return any(low[k:] in nouns for k in range(1, len(low) - 4))


def strip_genitive(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "os", "as")):
        return word[:-1]
    return word


def is_title(word: str, lex: Lexicon) -> bool:
    """A person title or a role noun ("Herr", "Dr.", "Präsidentin"): a name after it is a person's."""
    return word in lex.person_titles or role_head(word) is not None
