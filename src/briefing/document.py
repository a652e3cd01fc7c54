"""The editable analysis document: ``briefing analyze`` writes it, ``briefing render`` prints it.

Pure functions, no I/O:

- :func:`build` turns a :class:`~briefing.model.Briefing` into plain data: metadata, the article
  ``text``, summary points, quotes, timeline entries and context boxes, each item with a stable
  ``id`` (``s1``, ``q2``, ``t3``, ``c1``), its source offsets and ``include: true|false``
  (``true`` for exactly what ``briefing make`` would print); without a publication date also the
  ``undated`` time expressions, for the note under the Chronologie;
- :func:`dump` writes it as YAML (``yaml.safe_dump``, Unicode kept, long texts as ``|`` blocks) or JSON;
- :func:`load` parses an edited document, validates it against ``data/briefing.schema.json`` and
  the rules a schema cannot express (offsets inside the text, unique ids, layout limits), and
  returns an :class:`EditedBriefing` for rendering. Errors name the field and the line:
  ``quotes[2].speaker: must be a string or null (line 41)``.

Offsets refer to the document's own ``text``. An item whose text no longer matches
``text[start:end]`` (apart from whitespace, outer quotation marks and "…" omissions) is flagged
``edited``; so is an item without offsets. Edited items are marked in the print. Timeline entries
are printed in the order of their ``date`` (entries without a usable date last), however the editor
arranged or dated them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import jsonschema
import yaml

from briefing import formats, formatting, layout
from briefing.errors import InputFormatError, ValidationError
from briefing.ingest import NoAliasLoader
from briefing.language import marks
from briefing.model import (
    Block,
    Briefing,
    ContextBox,
    Fact,
    Figure,
    Inline,
    Metadata,
    Quote,
    Span,
    Structure,
    SummaryPoint,
    TimelineEntry,
)
from briefing.quotes.key import speaker_sure
from briefing.resources import load_data
from briefing.timeline import chronological_key, place

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

FORMAT_VERSION = 1
SCHEMA_FILE = "briefing.schema.json"
DocumentFormat = Literal["yaml", "json"]
Path_ = tuple[str | int, ...]

_SECTIONS = ("summary", "quotes", "timeline", "context")
_LIMITS = {"quotes": "max_key_quotes", "timeline": "max_timeline_entries", "context": "max_context_boxes"}
_ELLIPSIS = re.compile(r"\s*(?:\[…\]|\[\.\.\.\]|…|\.\.\.)\s*")
_INSERTED = re.compile(r"\s*\[[^\]…]+\]\s*")  # an editorial insertion: "Er [Lukaschenko] sagte"
_HEADER = (
    "# briefing analysis document (format {version}). Edit it, then print it with:\n"
    "#   briefing render {name}\n"
    "# Set include: false to leave an item out; change text, speaker, role, label or title as needed.\n"
    "# Offsets (start, end) point into `text` below; items whose text no longer matches are marked\n"
    "# as edited in the print. A quote whose speaker is null prints as „Sprecher unklar“; where the\n"
    "# analysis was unsure, its guess is in speaker_guess: copy it to speaker to print it.\n"
    "# The schema: `briefing schema`.\n"
)


@dataclass(frozen=True, slots=True)
class Marks:
    """Which of the printed items were edited, aligned with the items of :attr:`EditedBriefing.briefing`."""

    summary: tuple[bool, ...] = ()
    quotes: tuple[bool, ...] = ()
    timeline: tuple[bool, ...] = ()
    facts: tuple[tuple[bool, ...], ...] = ()  # per context box, per fact

    @property
    def any(self) -> bool:
        return any(self.summary) or any(self.quotes) or any(self.timeline) or any(any(f) for f in self.facts)


@dataclass(frozen=True, slots=True)
class EditedBriefing:
    """A validated document ready to render.

    ``briefing`` holds only the included items, in document order (timeline entries in date
    order), with the editor's texts (so for edited items ``text`` is no longer
    ``article[start:end]``); ``marks`` says which were edited; ``edited_ids`` lists their ids;
    ``data`` is the validated document with ``edited`` set.
    """

    briefing: Briefing
    marks: Marks
    edited_ids: tuple[str, ...]
    data: dict[str, Any]


# --------------------------------------------------------------------------- building


def _limits() -> dict[str, int]:
    render: dict[str, Any] = load_data("render.yaml")["render"]
    return {section: int(render[key]) for section, key in _LIMITS.items()}


def _span(start: int | None, end: int | None) -> dict[str, Any]:
    return {"start": start, "end": end}


def build(briefing: Briefing) -> dict[str, Any]:
    """The editable document of ``briefing``: what ``briefing make`` prints has ``include: true``."""
    limits = _limits()
    meta_out = briefing.meta.to_dict()
    summary = [
        {"id": f"s{i}", "include": True, "text": p.display or p.text, **_span(p.start, p.end)}
        for i, p in enumerate(briefing.summary, 1)
    ]
    quotes = []
    key_seen = 0
    printed = set(briefing.printed_quotes)
    for i, q in enumerate(briefing.quotes, 1):
        include = q in printed and key_seen < limits["quotes"]
        key_seen += include
        sure = speaker_sure(q)
        item: dict[str, Any] = {
            "id": f"q{i}",
            "include": include,
            "text": q.text,
            "speaker": q.speaker if sure else None,
            "role": briefing.quote_role(q) if sure else None,
        }
        if q.speaker is not None and not sure:
            item["speaker_guess"] = q.speaker  # printed only when the editor confirms it as speaker
        quotes.append({**item, **_span(q.start, q.end), "confidence": round(float(q.confidence), 3)})
    timeline = [
        {
            "id": f"t{i}",
            "include": i <= limits["timeline"],
            "date": e.date,
            "label": formatting.timeline_label(e),  # German: the document is edited in German
            "text": e.display or e.text,
            "tense": e.tense,
            **_span(e.start, e.end),
        }
        for i, e in enumerate(briefing.timeline, 1)
    ]
    context = [
        {
            "id": f"c{i}",
            "include": i <= limits["context"],
            "kind": box.kind,
            "title": box.title,
            "subtitle": box.subtitle,
            "facts": [f.to_dict() for f in box.facts],
        }
        for i, box in enumerate(briefing.context, 1)
    ]
    out: dict[str, Any] = {
        "briefing": FORMAT_VERSION,
        "meta": meta_out,
        "summary": summary,
        "quotes": quotes,
        "timeline": timeline,
    }
    if briefing.undated:  # no publication date: what one would have dated, for the note in print
        out["undated"] = [span.to_dict() for span in briefing.undated]
    if briefing.structure:  # Markdown: headings, lists, emphasis for "Der Artikel im Wortlaut"
        out["structure"] = briefing.structure.to_dict()
    return {**out, "context": context, "text": briefing.text}


class _Dumper(yaml.SafeDumper):
    """``yaml.SafeDumper`` writing multi-line strings as literal ``|`` blocks."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump(document: dict[str, Any], fmt: DocumentFormat = "yaml", *, name: str = "briefing.yaml") -> str:
    """The document as YAML (with a short explanatory header) or JSON text."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    body = yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
    return _HEADER.format(version=FORMAT_VERSION, name=name) + body


def schema() -> dict[str, Any]:
    """The JSON Schema of the document (``data/briefing.schema.json``)."""
    data: dict[str, Any] = load_data(SCHEMA_FILE)
    return data


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- parsing


class _Loader(NoAliasLoader):
    """The untrusted-YAML loader (safe types, no aliases) that also keeps dates as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in NoAliasLoader.yaml_implicit_resolvers.items()
}


def _line_map(node: yaml.Node, path: Path_, lines: dict[Path_, int], name: str) -> None:
    """Record the 1-based line of every path; refuse duplicate keys (YAML would silently keep one)."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                where = _format_path((*path, key))
                raise InputFormatError(
                    f"{name}: {where}: duplicate key (line {key_node.start_mark.line + 1})"
                )
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _line_map(value_node, (*path, key), lines, name)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, (*path, i), lines, name)


def parse(text: str, name: str, fmt: DocumentFormat) -> tuple[Any, dict[Path_, int]]:
    """The data of a YAML or JSON document and the line of each field path (best effort for JSON)."""
    lines: dict[Path_, int] = {}
    if fmt == "json":
        data = formats.load_json(text, name)
        try:  # JSON is YAML, nearly always: use YAML's marks for line numbers
            node = yaml.compose(text, Loader=_Loader)
        except (yaml.YAMLError, RecursionError):
            node = None
        if node is not None:
            _line_map(node, (), lines, name)
        return data, lines
    loader = _Loader(text)
    try:  # one pass: the node tree gives the lines, then the same tree is constructed
        node = loader.get_single_node()
        data = None
        if node is not None:
            _line_map(node, (), lines, name)
            data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = exc.problem or exc.context or "syntax error"
        raise InputFormatError(f"{name}: invalid YAML: {problem}{where}") from exc
    except yaml.YAMLError as exc:
        raise InputFormatError(f"{name}: invalid YAML: {exc}") from exc
    except RecursionError:
        raise InputFormatError(f"{name}: invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()
    return data, lines


# --------------------------------------------------------------------------- validation

_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


def _format_path(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def _line_of(path: Path_, lines: dict[Path_, int]) -> int | None:
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def _describe(error: jsonschema.ValidationError) -> tuple[Path_, str]:
    """A field path and a short message for one schema error."""
    path: Path_ = tuple(error.absolute_path)
    kind, instance = error.validator, error.instance
    expected: Any = error.validator_value
    rule: Any = error.schema
    custom = rule.get("x-error") if isinstance(rule, dict) else None
    if kind == "type":
        types = [expected] if isinstance(expected, str) else list(expected)
        return path, "must be " + " or ".join(_TYPE_NAMES.get(t, t) for t in types)
    if kind == "required" and isinstance(instance, dict):
        missing = next((r for r in expected if r not in instance), "?")
        return (*path, missing), "is missing (a required field)"
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = set(rule.get("properties", {}) if isinstance(rule, dict) else {})
        extra = sorted(k for k in instance if k not in allowed)
        key = extra[0] if extra else "?"
        return (*path, key), f"unknown field (allowed: {', '.join(sorted(allowed))})"
    if kind == "enum":
        return path, "must be one of: " + ", ".join(str(v) for v in expected)
    if kind == "const":
        return path, f"must be {json.dumps(expected)} (the document format version)"
    if kind in {"minimum", "maximum"}:
        return path, f"must be {'at least' if kind == 'minimum' else 'at most'} {expected}"
    if custom:
        return path, str(custom)
    if kind == "minLength":
        return path, "must not be empty"
    return path, error.message


def _fail(name: str, path: Path_, message: str, lines: dict[Path_, int], more: int = 0) -> ValidationError:
    line = _line_of(path, lines)
    where = f" (line {line})" if line is not None else ""
    extra = f"; {more} more problem{'s' if more != 1 else ''}" if more else ""
    return ValidationError(f"{name}: {_format_path(path)}: {message}{where}{extra}")


def _squash(text: str) -> str:
    return " ".join(text.split())


def matches_source(shown: str, source: str) -> bool:
    """Whether ``shown`` is ``source`` apart from whitespace, outer quotation marks and "…" omissions.

    Abridging a quote or a summary point with "…" (as the summary itself does) keeps it verbatim, and
    so does a referent in editorial brackets after a pronoun ("Er [Lukaschenko] …", as the timeline
    labels its events); any other change makes it edited.
    """
    shown_n = marks.strip_marks(_squash(shown))
    source_n = marks.strip_marks(_squash(source))
    if shown_n == source_n:
        return True
    if not _ELLIPSIS.search(shown_n) and not _INSERTED.search(shown_n):
        return False
    pieces = [p for p in (piece.strip() for piece in _ELLIPSIS.split(_INSERTED.sub(" … ", shown_n))) if p]
    pos = 0
    for piece in pieces:
        found = source_n.find(piece, pos)
        if found < 0:
            return False
        pos = found + len(piece)
    return bool(pieces)


def _items(data: dict[str, Any]) -> Iterator[tuple[Path_, dict[str, Any]]]:
    """Every item that carries text and offsets, with its path."""
    for section in ("summary", "quotes", "timeline"):
        for i, item in enumerate(data[section]):
            yield (section, i), item
    for i, box in enumerate(data["context"]):
        for j, fact in enumerate(box["facts"]):
            yield ("context", i, "facts", j), fact


def _check_semantics(data: dict[str, Any], name: str, lines: dict[Path_, int]) -> None:
    """What the schema cannot say: dates that exist, offsets inside the text, unique ids, limits."""
    published = data["meta"].get("published")
    if published is not None:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            raise _fail(name, ("meta", "published"), "not a valid date", lines) from None
    length = len(data["text"])
    undated = [(("undated", i), span) for i, span in enumerate(data.get("undated", ()))]
    shape = data.get("structure", {})
    spans = [
        (("structure", key, i), span)
        for key in ("blocks", "inlines")
        for i, span in enumerate(shape.get(key, ()))
    ]
    for path, item in [*_items(data), *undated, *spans]:
        start, end = item.get("start"), item.get("end")
        if (start is None) != (end is None):
            missing = "end" if end is None else "start"
            raise _fail(name, (*path, missing), "start and end go together (both or neither)", lines)
        if start is not None and end is not None:
            if end > length:
                raise _fail(name, (*path, "end"), f"beyond the end of the text ({length} characters)", lines)
            if start > end:
                raise _fail(name, (*path, "start"), f"after end ({start} > {end})", lines)
    seen: dict[str, Path_] = {}
    for section in _SECTIONS:
        for i, item in enumerate(data[section]):
            other = seen.get(item["id"])
            if other is not None:
                raise _fail(
                    name,
                    (section, i, "id"),
                    f"duplicate id {item['id']!r} (also {_format_path(other)})",
                    lines,
                )
            seen[item["id"]] = (section, i)
    for section, limit in _limits().items():
        included = sum(1 for item in data[section] if item["include"])
        if included > limit:
            raise _fail(
                name,
                (section,),
                f"{included} items have include: true; the layout prints at most {limit}",
                lines,
            )


def validate(data: Any, name: str, lines: dict[Path_, int] | None = None) -> dict[str, Any]:
    """Check ``data`` against the schema and the offset rules; return it with ``edited`` flags set.

    Raises :class:`ValidationError` naming the first problem's field and line.
    """
    lines = lines or {}
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(
        validator.iter_errors(data),
        key=lambda e: (_line_of(tuple(e.absolute_path), lines) or 0, len(e.absolute_path)),
    )
    if errors:
        path, message = _describe(errors[0])
        raise _fail(name, path, message, lines, more=len(errors) - 1)
    _check_semantics(data, name, lines)
    text = data["text"]
    out: dict[str, Any] = json.loads(json.dumps(data))  # a private deep copy of plain data
    for _, item in _items(out):
        start, end = item.get("start"), item.get("end")
        if item.get("source", "article") != "article":
            edited = bool(item.get("edited", False))
        elif start is None or end is None:
            edited = True
        else:
            edited = bool(item.get("edited", False)) or not matches_source(item["text"], text[start:end])
        item["edited"] = edited
    return out


# --------------------------------------------------------------------------- loading


def to_briefing(data: dict[str, Any]) -> EditedBriefing:
    """A render input from a validated document: only included items, editor's texts, edit marks.

    The article text is split into paragraphs only (no analysis runs again), the same paragraphs
    and word count as ``briefing make`` prints.
    """

    article = data["text"]
    meta_in = data["meta"]
    published = meta_in.get("published")
    meta = Metadata(
        title=meta_in.get("title"),
        published=dt.date.fromisoformat(published) if published else None,
        author=meta_in.get("author"),
        source=meta_in.get("source"),
        url=meta_in.get("url"),
        language=meta_in.get("language") or "de",
        dateline=meta_in.get("dateline"),
    )
    doc = layout.layout(article)

    def included(section: str) -> list[dict[str, Any]]:
        return [item for item in data[section] if item["include"]]

    def offsets(item: dict[str, Any]) -> tuple[int, int]:
        return (item.get("start") or 0, item.get("end") or 0)

    summary = tuple(
        SummaryPoint(
            text=item["text"], start=offsets(item)[0], end=offsets(item)[1], score=0.0, display=item["text"]
        )
        for item in included("summary")
    )
    quotes = tuple(
        Quote(
            text=item["text"],
            start=offsets(item)[0],
            end=offsets(item)[1],
            speaker=item.get("speaker"),
            speaker_role=item.get("role"),
            # a speaker in the document is vouched for: the analysis leaves unsure ones empty
            confidence=max(float(item.get("confidence", 1.0)), 1.0 if item.get("speaker") else 0.0),
            key=True,
        )
        for item in included("quotes")
    )
    dated = sorted(included("timeline"), key=_date_order)  # the editor's dates decide the order
    timeline = tuple(
        TimelineEntry(
            date=item.get("date") or "",
            label=item["label"],
            text=item["text"],
            start=offsets(item)[0],
            end=offsets(item)[1],
            tense=item.get("tense", "past"),
        )
        for item in dated
    )
    boxes = []
    fact_marks = []
    for box in included("context"):
        facts = [f for f in box["facts"] if f.get("include", True)]
        boxes.append(
            ContextBox(
                kind=box["kind"],
                title=box["title"],
                subtitle=box.get("subtitle"),
                facts=tuple(
                    Fact(
                        text=f["text"],
                        start=f.get("start"),
                        end=f.get("end"),
                        source=f.get("source", "article"),
                        updated=f.get("updated"),
                        label=f.get("label"),
                        reference=f.get("reference"),
                        figures=tuple(
                            Figure(g["kind"], float(g["value"]), g["unit"], g.get("written"))
                            for g in f.get("figures", ())
                        ),
                    )
                    for f in facts
                ),
            )
        )
        fact_marks.append(tuple(bool(f["edited"]) for f in facts))
    marks = Marks(
        summary=tuple(item["edited"] for item in included("summary")),
        quotes=tuple(item["edited"] for item in included("quotes")),
        timeline=tuple(item["edited"] for item in dated),
        facts=tuple(fact_marks),
    )
    edited_ids = [
        item["id"]
        for section in ("summary", "quotes", "timeline")
        for item in included(section)
        if item["edited"]
    ]
    edited_ids += [
        box["id"] for box, box_marks in zip(included("context"), fact_marks, strict=True) if any(box_marks)
    ]
    briefing = Briefing(
        text=article,
        meta=meta,
        document=doc,
        quotes=quotes,
        timeline=timeline,
        summary=summary,
        context=tuple(boxes),
        undated=tuple(
            Span(span["text"], span.get("start") or 0, span.get("end") or 0)
            for span in data.get("undated", ())
        ),
        structure=_structure(data.get("structure", {})),
    )
    return EditedBriefing(briefing=briefing, marks=marks, edited_ids=tuple(edited_ids), data=data)


def _structure(data: dict[str, Any]) -> Structure:
    """The article's structure from a validated document (offsets checked against the text)."""
    return Structure(
        tuple(
            Block(b["kind"], b["start"], b["end"], level=b.get("level", 1), ordered=b.get("ordered", False))
            for b in data.get("blocks", ())
        ),
        tuple(Inline(i["kind"], i["start"], i["end"], href=i.get("href")) for i in data.get("inlines", ())),
    )


def _date_order(item: dict[str, Any]) -> tuple[bool, tuple[int, int, int, int]]:
    """Where a timeline entry stands in the Chronologie: by its ``date`` as the analysis sorts
    (:func:`briefing.timeline.place`, :func:`~briefing.timeline.chronological_key`); an entry whose
    date is missing or no calendar date ("XXXX-10-03", a typo) last. Used with the stable
    ``sorted``, so entries of the same date keep the document's order."""
    when = place(item.get("date") or "", None)
    return (True, (0, 0, 0, 0)) if when is None else (False, chronological_key(when))


def load(text: str, name: str, fmt: DocumentFormat) -> EditedBriefing:
    """Parse, validate and convert an edited document (YAML or JSON text)."""
    data, lines = parse(text, name, fmt)
    if not isinstance(data, dict):
        raise ValidationError(f"{name}: (document): must be a mapping with briefing, meta, text, summary, …")
    return to_briefing(validate(data, name, lines))


def fmt_for(filename: str) -> DocumentFormat | None:
    """``yaml`` or ``json`` from a file name's suffix; None for anything else."""
    lower = filename.lower()
    if lower.endswith((".yaml", ".yml")):
        return "yaml"
    if lower.endswith(".json"):
        return "json"
    return None
