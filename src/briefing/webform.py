"""The editable analysis document as an HTML form, and back (the page of ``briefing serve``).

Pure functions, no I/O. :func:`fields` lists, for the edit page, every item of a document with
its form fields; each field is named by its path in the document (``quotes[2].speaker``), the
same path a validation error names, so an error is shown next to its field. :func:`apply` puts
the posted form back into the document: an unchecked ``include`` box switches an item off, a
changed text is compared with the article by ``briefing render``'s own rule (a text that no
longer matches its source span is edited), and a changed speaker, role, date or label sets the
item's ``edited: true`` (printed "redaktionell bearbeitet", as ``briefing render`` prints an
item with that flag). The analysis as it came from the server travels in the form as JSON
(``document``), so the server keeps nothing between requests.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefing.errors import ValidationError

if TYPE_CHECKING:
    from collections.abc import Mapping

DOCUMENT_FIELD = "document"
_NULLABLE = frozenset({"speaker", "role", "subtitle", "title", "published", "date"})
# item fields whose change is an editorial change although the text stays verbatim
_FLAGGED = frozenset({"speaker", "role", "date", "label"})
_SECTION_FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    # field, label on the page, kind of input (text: one line, area: several lines, date)
    "summary": (("text", "Punkt", "area"),),
    "quotes": (("text", "Zitat", "area"), ("speaker", "Sprecher", "text"), ("role", "Rolle", "text")),
    "timeline": (("date", "Datum", "text"), ("label", "Datumsangabe", "text"), ("text", "Ereignis", "area")),
    "context": (("title", "Titel", "text"), ("subtitle", "Untertitel", "text")),
}
SECTION_TITLES = {
    "summary": "Das Wichtigste in Kürze",
    "quotes": "Zitate",
    "timeline": "Chronologie",
    "context": "Hintergrund",
}


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the document path, also the form field's name
    label: str
    kind: str  # text | area | date | checkbox
    value: str
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    name: str  # the item's path: summary[0]
    include: Field
    fields: tuple[Field, ...]
    note: str = ""  # e.g. the analysis's unsure speaker guess and its confidence
    facts: tuple[Field, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Form:
    """The edit page's model: metadata fields, the sections, the document as JSON, the first error."""

    meta: tuple[Field, ...]
    sections: tuple[Section, ...]
    document: str
    error: str | None = None
    error_field: str | None = None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def fields(document: dict[str, Any], error: ValidationError | None = None) -> Form:
    """The edit page's form for ``document``; ``error`` is shown next to the field it names."""
    errors = {error.field: str(error).split(": ", 2)[-1]} if error is not None and error.field else {}

    def make(name: str, label: str, kind: str, value: Any) -> Field:
        return Field(name, label, kind, _text(value), errors.get(name))

    meta = document.get("meta", {})
    meta_fields = (
        make("meta.title", "Titel", "text", meta.get("title")),
        make("meta.published", "Erscheinungsdatum (JJJJ-MM-TT)", "date", meta.get("published")),
        make("meta.source", "Quelle", "text", meta.get("source")),
    )
    sections = []
    for key, specs in _SECTION_FIELDS.items():
        items = []
        for i, item in enumerate(document.get(key, [])):
            path = f"{key}[{i}]"
            include = Field(f"{path}.include", "drucken", "checkbox", "on" if item.get("include") else "")
            item_fields = tuple(
                make(f"{path}.{name}", label, kind, item.get(name)) for name, label, kind in specs
            )
            note = ""
            if key == "quotes":
                guess = item.get("speaker_guess")
                confidence = item.get("confidence")
                note = f"Vermutung der Analyse: {guess} ({confidence:.2f})" if guess and confidence else ""
            facts = tuple(
                make(f"{path}.facts[{j}].text", f"Fakt {j + 1}", "area", fact.get("text"))
                for j, fact in enumerate(item.get("facts", ()))
            )
            items.append(Item(_text(item.get("id")), path, include, item_fields, note, facts))
        sections.append(Section(key, SECTION_TITLES[key], tuple(items), errors.get(key)))
    message = str(error) if error is not None else None
    return Form(
        meta=meta_fields,
        sections=tuple(sections),
        document=json.dumps(document, ensure_ascii=False),
        error=message,
        error_field=error.field if error is not None else None,
    )


def original(form: Mapping[str, str], name: str = DOCUMENT_FIELD) -> dict[str, Any]:
    """The analysis document the page was made from (the form's hidden JSON field)."""
    raw = form.get(name)
    if not raw:
        raise ValidationError(f"{name}: the form carries no analysis document", field=name)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{name}: not a JSON document ({exc.msg})", field=name) from None
    if not isinstance(data, dict):
        raise ValidationError(f"{name}: must be a JSON object", field=name)
    return data


def _posted(form: Mapping[str, str], name: str) -> str | None:
    """The posted value (line ends normalised, outer blanks removed); None when the form has no such field."""
    if name not in form:
        return None
    return form[name].replace("\r\n", "\n").strip()


def _set(item: dict[str, Any], key: str, value: str, *, flag: bool) -> None:
    new: str | None = value if value or key not in _NULLABLE else None
    old = item.get(key)
    if (new or None) == (_text(old).strip() or None):
        return
    item[key] = new
    if flag and key in _FLAGGED:
        item["edited"] = True


def apply(document: dict[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    """``document`` with the posted form's changes (a new copy; the schema is checked later)."""
    out = copy.deepcopy(document)
    meta = out.setdefault("meta", {})
    for key in ("title", "published", "source"):
        value = _posted(form, f"meta.{key}")
        if value is not None:
            _set(meta, key, value, flag=False)
    for key, specs in _SECTION_FIELDS.items():
        for i, item in enumerate(out.get(key, [])):
            if not isinstance(item, dict):
                continue
            path = f"{key}[{i}]"
            item["include"] = form.get(f"{path}.include") == "on"
            for name, _, _ in specs:
                value = _posted(form, f"{path}.{name}")
                if value is not None:
                    _set(item, name, value, flag=True)
            for j, fact in enumerate(item.get("facts", ())):
                value = _posted(form, f"{path}.facts[{j}].text")
                if value is not None and isinstance(fact, dict):
                    _set(fact, "text", value, flag=False)
    return out
