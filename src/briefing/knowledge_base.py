"""The newsroom knowledge base: its YAML format, validation and lookup (the I/O side of context).

The knowledge base is the newsroom's own YAML file of curated notes. :func:`parse_knowledge_base`
validates already-parsed YAML (reading the file is ``ingest``'s job); the CLI takes it from
``--context FILE.yaml``, else from the first existing :data:`DEFAULT_KNOWLEDGE_BASE_LOCATIONS`.
Entries match entities by name or alias and terms by text, case-insensitively and with German
inflection endings removed ("speziellen Militäroperation" ~ "Spezielle Militäroperation"), and
through the groups of equivalent names in ``data/context/equivalents.yaml``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from briefing.errors import ValidationError
from briefing.model import Fact
from briefing.resources import load_data

if TYPE_CHECKING:
    from collections.abc import Iterable

#: Where the CLI looks for a knowledge base when ``--context`` is not given, in this order
#: (``$BRIEFING_CONTEXT`` names a file; ``~`` is the user's home). None existing: no knowledge base.
DEFAULT_KNOWLEDGE_BASE_LOCATIONS: tuple[str, ...] = (
    "$BRIEFING_CONTEXT",
    "~/.config/briefing/knowledge-base.yaml",
)

KnowledgeType = Literal["PER", "LOC", "ORG", "MISC", "TERM"]
KNOWLEDGE_TYPES: tuple[str, ...] = ("PER", "LOC", "ORG", "MISC", "TERM")
_FIELDS = ("title", "aliases", "type", "text", "source", "updated")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --------------------------------------------------------------------------------------------
# Name normalisation


_WORD = re.compile(r"\w+")
_SUFFIXES = ("ern", "en", "em", "er", "es", "e", "n", "s")
_MIN_STEM = 4


def _stem(word: str) -> str:
    """Lower-case ``word`` and strip up to two German inflection endings (never below 4 letters)."""
    w = word.casefold()
    for _ in range(2):
        for suffix in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= _MIN_STEM:
                w = w[: -len(suffix)]
                break
        else:
            break
    return w


@functools.lru_cache(maxsize=8192)
def normalise_name(name: str) -> str:
    """A matching key: words lower-cased, ``ß`` as ``ss``, inflection endings removed.

    >>> normalise_name("speziellen Militäroperation") == normalise_name("Spezielle Militäroperation")
    True
    """
    return " ".join(_stem(w) for w in _WORD.findall(name))


@functools.cache
def _equivalents() -> dict[str, frozenset[str]]:
    """Normalised name -> all normalised names of its group (data/context/equivalents.yaml)."""
    out: dict[str, frozenset[str]] = {}
    for group in load_data("context/equivalents.yaml"):
        keys = frozenset(normalise_name(str(n)) for n in group)
        for k in keys:
            out[k] = keys | out.get(k, frozenset())
    return out


def name_keys(names: Iterable[str]) -> frozenset[str]:
    """Normalised keys of ``names`` and their equivalents."""
    eq = _equivalents()
    out: set[str] = set()
    for n in names:
        k = normalise_name(n)
        if k:
            out.add(k)
            out |= eq.get(k, frozenset())
    return frozenset(out)


# --------------------------------------------------------------------------------------------
# Knowledge base


@dataclass(frozen=True, slots=True)
class KnowledgeEntry:
    """One curated background note."""

    title: str
    text: str
    type: KnowledgeType | None = None
    aliases: tuple[str, ...] = ()
    source: str | None = None
    updated: str | None = None  # ISO date YYYY-MM-DD

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)

    def fact(self) -> Fact:
        return Fact(text=self.text, source="knowledge-base", updated=self.updated, reference=self.source)


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """The newsroom's curated notes (read by ``ingest``, checked by :func:`parse_knowledge_base`)."""

    entries: tuple[KnowledgeEntry, ...] = ()
    source: str = ""  # the file it came from, for messages
    _index: dict[str, tuple[KnowledgeEntry, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        index: dict[str, list[KnowledgeEntry]] = {}
        for entry in self.entries:
            for key in name_keys(entry.names):
                bucket = index.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)
        object.__setattr__(self, "_index", {k: tuple(v) for k, v in index.items()})

    def lookup(
        self, names: Iterable[str], *, kind: Literal["entity", "term"], entity_type: str | None = None
    ) -> KnowledgeEntry | None:
        """The entry filed under any of ``names`` (or an equivalent name), if any.

        ``kind="term"`` matches entries of type TERM/MISC (or untyped); ``kind="entity"`` matches
        all but TERM, preferring an entry of ``entity_type``.
        """
        found: list[KnowledgeEntry] = []
        for key in name_keys(names):
            for entry in self._index.get(key, ()):
                if entry in found:
                    continue
                if kind == "term" and entry.type not in (None, "TERM", "MISC"):
                    continue
                if kind == "entity" and entry.type == "TERM":
                    continue
                found.append(entry)
        if not found:
            return None
        found.sort(key=lambda e: (e.type is not None and e.type != entity_type, self.entries.index(e)))
        return found[0]


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def parse_knowledge_base(data: object, source: str) -> KnowledgeBase:
    """Check already-parsed YAML ``data`` and build a :class:`KnowledgeBase`.

    ``data`` is a list of entries or a mapping ``{entries: [...]}`` (``None``, an empty file,
    gives an empty knowledge base). Each entry is a mapping with ``title`` (str, required),
    ``text`` (str, required), ``aliases`` (list of str), ``type`` (PER, LOC, ORG, MISC or TERM),
    ``source`` (str) and ``updated`` (date YYYY-MM-DD). No two entries may share a name.

    Raises :class:`~briefing.errors.ValidationError` with a one-line message naming the file
    (``source``), the entry (1-based index and title) and the field, e.g.
    ``kb.yaml: entry 3 (Belarus): updated: must be a date YYYY-MM-DD``.
    """
    if data is None:
        return KnowledgeBase(source=source)
    items: object = data
    if isinstance(data, dict):
        if set(data) != {"entries"}:
            raise ValidationError(f"{source}: must be a list of entries or a mapping with one key 'entries'")
        items = data["entries"] if data["entries"] is not None else []
    if not isinstance(items, list):
        raise ValidationError(f"{source}: entries: must be a list of entries")
    entries: list[KnowledgeEntry] = []
    owner: dict[str, tuple[int, str]] = {}
    for number, raw in enumerate(items, start=1):
        entry = _parse_entry(raw, number, source)
        where = f"{source}: entry {number} ({entry.title})"
        for name, field_name in [(entry.title, "title"), *((a, "aliases") for a in entry.aliases)]:
            key = normalise_name(name)
            if key in owner and owner[key][0] != number:
                other, other_title = owner[key]
                raise ValidationError(
                    f"{where}: {field_name}: {name!r} is already used by entry {other} ({other_title})"
                )
            owner[key] = (number, entry.title)
        entries.append(entry)
    return KnowledgeBase(entries=tuple(entries), source=source)


def _parse_entry(raw: object, number: int, source: str) -> KnowledgeEntry:
    if not isinstance(raw, dict):
        raise ValidationError(f"{source}: entry {number}: must be a mapping with title and text")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        label = f"entry {number}"
        problem = "required" if title is None else "must be a non-empty string"
        raise ValidationError(f"{source}: {label}: title: {problem}")
    where = f"{source}: entry {number} ({_one_line(title)})"
    unknown = [str(k) for k in raw if k not in _FIELDS]
    if unknown:
        raise ValidationError(
            f"{where}: {_one_line(unknown[0])}: unknown field (allowed: {', '.join(_FIELDS)})"
        )
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        problem = "required" if text is None else "must be a non-empty string"
        raise ValidationError(f"{where}: text: {problem}")
    aliases = raw.get("aliases", [])
    if aliases is None:
        aliases = []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ValidationError(f"{where}: aliases: must be a list of names")
    kb_type = raw.get("type")
    if kb_type is not None and kb_type not in KNOWLEDGE_TYPES:
        raise ValidationError(f"{where}: type: must be one of {', '.join(KNOWLEDGE_TYPES)}")
    entry_source = raw.get("source")
    if entry_source is not None and (not isinstance(entry_source, str) or not entry_source.strip()):
        raise ValidationError(f"{where}: source: must be a non-empty string")
    updated = _parse_date(raw.get("updated"))
    if updated is False:
        raise ValidationError(f"{where}: updated: must be a date YYYY-MM-DD")
    return KnowledgeEntry(
        title=_one_line(title),
        text=" ".join(text.split()),
        type=kb_type,
        aliases=tuple(_one_line(a) for a in aliases),
        source=_one_line(entry_source) if entry_source is not None else None,
        updated=updated,
    )


def _parse_date(value: object) -> str | Literal[False] | None:
    """ISO date string, None when absent, False when invalid."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return False
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return False
    return False
