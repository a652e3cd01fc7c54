"""The editable analysis document: build, dump, load, validate (field and line), edited flags."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
import yaml

from briefing import document
from briefing.errors import InputFormatError, ValidationError

if TYPE_CHECKING:
    import briefing


@pytest.fixture(scope="module")
def doc(reference_briefing: briefing.Briefing) -> dict[str, Any]:
    return document.build(reference_briefing)


def dumped(doc: dict[str, Any]) -> str:
    return document.dump(doc, "yaml", name="analyse.yaml")


def test_document_ids_offsets_and_include_flags(
    doc: dict[str, Any], reference_briefing: briefing.Briefing
) -> None:
    text = doc["text"]
    assert text == reference_briefing.text
    for prefix, section in (("s", "summary"), ("q", "quotes"), ("t", "timeline"), ("c", "context")):
        assert [item["id"] for item in doc[section]] == [
            f"{prefix}{i}" for i in range(1, len(doc[section]) + 1)
        ]
    for q in doc["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
    included = [q for q in doc["quotes"] if q["include"]]
    assert [q["text"] for q in included] == [q.text for q in reference_briefing.key_quotes][: len(included)]
    assert all(p["include"] for p in doc["summary"])


def test_document_is_valid_against_its_schema(doc: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(document.schema())
    jsonschema.validate(doc, document.schema())


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_document_round_trip_is_exact_and_unedited(doc: dict[str, Any], fmt: document.DocumentFormat) -> None:
    text = document.dump(doc, fmt)
    loaded = document.load(text, f"analyse.{fmt}", fmt)
    assert loaded.briefing.text == doc["text"]
    assert loaded.edited_ids == ()
    assert not loaded.marks.any
    assert [p.text for p in loaded.briefing.summary] == [p["text"] for p in doc["summary"]]


def test_document_yaml_keeps_umlauts_and_has_a_header(doc: dict[str, Any]) -> None:
    text = dumped(doc)
    assert text.startswith("# briefing analysis document")
    assert "briefing render analyse.yaml" in text
    assert "Weißrussland" in text
    assert "\\xDF" not in text
    assert "text: |" in text  # the article as a literal block, easy to read and edit


def edit(doc: dict[str, Any], change: Any) -> str:
    data = json.loads(json.dumps(doc))
    change(data)
    return document.dump(data, "yaml")


def _point(data: dict[str, Any], opening: str) -> dict[str, Any]:
    point: dict[str, Any] = next(p for p in data["summary"] if p["text"].startswith(opening))
    return point


@pytest.mark.parametrize(
    ("change", "edited"),
    [
        (lambda d: d["quotes"][0].update(speaker="Alexander G. Lukaschenko"), ()),  # speaker is no text edit
        (lambda d: d["summary"][0].update(text="Kaum jemand kennt Putin so gut wie Lukaschenko."), ("s1",)),
        # an omission marked "…" and whitespace keep the point verbatim (here the point "Nur wenige …")
        (
            lambda d: _point(d, "Nur wenige").update(text="Nur wenige Menschen … wie Alexander Lukaschenko."),
            (),
        ),
        (
            lambda d: _point(d, "Nur wenige").update(
                text="  Nur wenige Menschen sind mit Wladimir Putin\n so vertraut "
                "wie Alexander Lukaschenko.  "
            ),
            (),
        ),
        (lambda d: d["quotes"][1].update(text="„Ihr bekommt Atomwaffen.“", include=True), ("q2",)),
        (lambda d: d["summary"].append({"id": "s9", "include": True, "text": "Neu geschrieben."}), ("s9",)),
        (lambda d: d["summary"][0].update(edited=True), ("s1",)),
    ],
    ids=["speaker", "reworded", "ellipsis", "whitespace", "quote", "new-item", "flagged"],
)
def test_document_edited_flags(doc: dict[str, Any], change: Any, edited: tuple[str, ...]) -> None:
    text = edit(doc, change)
    loaded = document.load(text, "a.yaml", "yaml")
    assert loaded.edited_ids == edited


def test_document_abridged_quote_without_ellipsis_is_edited(doc: dict[str, Any]) -> None:
    text = edit(doc, lambda d: d["quotes"][0].update(text="„Ja, ich bin bereit.“"))
    assert document.load(text, "a.yaml", "yaml").edited_ids == ("q1",)


def test_document_excluded_items_are_left_out(doc: dict[str, Any]) -> None:
    def change(d: dict[str, Any]) -> None:
        d["quotes"][0]["include"] = False
        d["summary"][1]["include"] = False

    loaded = document.load(edit(doc, change), "a.yaml", "yaml")
    assert doc["quotes"][0]["text"] not in [q.text for q in loaded.briefing.quotes]
    assert len(loaded.briefing.summary) == len(doc["summary"]) - 1


def _entry(id_: str, date: str | None, text: str) -> dict[str, Any]:
    return {"id": id_, "include": True, "date": date, "label": date or "irgendwann", "text": text}


def test_document_timeline_is_printed_in_date_order(doc: dict[str, Any]) -> None:
    """However the editor dated, added or arranged entries, the Chronologie is in date order; the
    same date keeps the document's order; an entry without a usable date comes last."""
    assert [e["date"] for e in doc["timeline"]] == ["2020", "2022", "2022-02", "2023-02-16", "2023-W08"]

    def change(d: dict[str, Any]) -> None:
        timeline = d["timeline"]
        timeline[3]["date"] = "2021-06"  # t4: the editor corrects a date
        timeline.insert(0, _entry("t8", None, "Ohne Datum."))
        timeline.insert(1, _entry("t9", "XXXX-10-03", "Ein Datum ohne Jahr."))
        timeline.append(_entry("t6", "2019-05-01", "Neu: am 1. Mai 2019."))
        timeline.append(_entry("t7", "2022-02", "Neu: auch im Februar 2022."))

    loaded = document.load(edit(doc, change), "a.yaml", "yaml")
    entries = loaded.briefing.timeline
    assert [e.date for e in entries] == [
        "2019-05-01",
        "2020",
        "2021-06",
        "2022",
        "2022-02",
        "2022-02",
        "2023-W08",
        "",
        "XXXX-10-03",
    ]
    assert entries[0].text == "Neu: am 1. Mai 2019."
    assert entries[5].text == "Neu: auch im Februar 2022."  # after t3 of the same date
    assert [e.text for e in entries[-2:]] == ["Ohne Datum.", "Ein Datum ohne Jahr."]
    # the edit marks move with their entries: only the added ones are edited
    assert loaded.marks.timeline == (True, False, False, False, False, True, False, True, True)


GESTERN = "Der Minister trat gestern zurück. Seine Partei sucht einen Nachfolger."


def test_document_keeps_what_could_not_be_dated_without_a_publication_date(doc: dict[str, Any]) -> None:
    """Rendering the unedited document prints what ``make`` prints, the note under the Chronologie too."""
    import briefing

    analysed = briefing.analyze(GESTERN)
    data = document.build(analysed)
    assert data["undated"] == [{"text": "gestern", "start": 18, "end": 25}]
    jsonschema.validate(data, document.schema())
    loaded = document.load(document.dump(data, "yaml"), "a.yaml", "yaml")
    assert loaded.briefing.undated == analysed.undated
    assert loaded.briefing.meta.published is None
    assert "undated" not in doc  # with a publication date the document has no such list
    data["undated"][0]["end"] = 10**6
    with pytest.raises(ValidationError, match=r"undated\[0\]\.end: beyond the end of the text"):
        document.load(document.dump(data, "yaml"), "a.yaml", "yaml")


def test_document_unquoted_dates_stay_text(doc: dict[str, Any]) -> None:
    text = dumped(doc).replace("published: '2023-02-16'", "published: 2023-02-17")
    loaded = document.load(text, "a.yaml", "yaml")
    assert loaded.briefing.meta.published is not None
    assert loaded.briefing.meta.published.isoformat() == "2023-02-17"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    count = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            count += 1
            if count == occurrence:
                return number
    raise AssertionError(needle)


@pytest.mark.parametrize(
    ("old", "new", "occurrence", "message"),
    [
        (
            "speaker: Alexander Lukaschenko",
            "speaker: [Alexander, Lukaschenko]",
            3,
            "quotes[2].speaker: must be a string or null",
        ),
        ("include: true", "include: vielleicht", 1, "summary[0].include: must be true or false"),
        (
            "  published: '2023-02-16'",
            "  published: 16.02.2023",
            1,
            "meta.published: must be a date YYYY-MM-DD",
        ),
        ("  published: '2023-02-16'", "  published: 2023-02-30", 1, "meta.published: not a valid date"),
        ("- id: q2", "- id: q1", 1, "quotes[1].id: duplicate id 'q1'"),
        ("- id: s2", "- id: S 2", 1, "summary[1].id: must be a short id"),
        ("  kind: entity", "  kind: person", 1, "context[0].kind: must be one of: entity, term, figures"),
        (
            "  speaker: Alexander Lukaschenko",
            "  sprecher: Alexander Lukaschenko",
            1,
            "quotes[0].sprecher: unknown field",
        ),
        ("briefing: 1", "briefing: 2", 1, "briefing: must be 1"),
    ],
)
def test_document_validation_names_field_and_line(
    doc: dict[str, Any], old: str, new: str, occurrence: int, message: str
) -> None:
    text = dumped(doc)
    number = line_of(text, old, occurrence)
    lines = text.splitlines()
    lines[number - 1] = lines[number - 1].replace(old.strip(), new.strip())
    with pytest.raises(ValidationError) as info:
        document.load("\n".join(lines) + "\n", "a.yaml", "yaml")
    assert str(info.value).startswith(f"a.yaml: {message}")
    assert f"(line {number})" in str(info.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["quotes"][0].update(end=10**6), "quotes[0].end: beyond the end of the text"),
        (lambda d: d["quotes"][0].update(start=d["quotes"][0]["end"] + 1), "quotes[0].start: after end"),
        (lambda d: d["summary"][0].pop("end"), "summary[0].end: start and end go together"),
        (lambda d: d["summary"][0].pop("text"), "summary[0].text: is missing"),
        (lambda d: d.pop("text"), "text: is missing"),
        (lambda d: d["quotes"][0].update(text="  "), "quotes[0].text: must not be empty"),
        (
            lambda d: d["quotes"].extend(
                dict(d["quotes"][0], id=f"q{n}", include=True) for n in range(10, 16)
            ),
            "quotes: ",
        ),
    ],
    ids=["end", "start", "pair", "required", "text", "empty", "limit"],
)
def test_document_semantic_errors(doc: dict[str, Any], change: Any, message: str) -> None:
    with pytest.raises(ValidationError, match="line") as info:
        document.load(edit(doc, change), "a.yaml", "yaml")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("briefing: 1\nmeta: {title: [unclosed\n", "invalid YAML"),
        ("a: &x [1, 2]\nb: *x\n", "aliases"),
        ("briefing: 1\nbriefing: 1\n", "briefing: duplicate key (line 2)"),
        ("!!python/object:os.system {}\n", "invalid YAML"),
    ],
)
def test_document_bad_yaml_is_a_format_error(text: str, needle: str) -> None:
    with pytest.raises(InputFormatError, match="line") as info:
        document.load(text, "a.yaml", "yaml")
    assert needle in str(info.value)


def test_document_not_a_mapping_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="must be a mapping"):
        document.load("- 1\n- 2\n", "a.yaml", "yaml")


def test_document_json_errors_have_lines_too(doc: dict[str, Any]) -> None:
    data = json.loads(json.dumps(doc))
    data["quotes"][1]["speaker"] = 42
    text = document.dump(data, "json")
    number = line_of(text, '"speaker": 42')
    with pytest.raises(
        ValidationError, match=rf"quotes\[1\]\.speaker: must be a string or null \(line {number}\)"
    ):
        document.load(text, "a.json", "json")
    with pytest.raises(InputFormatError, match=r"invalid JSON: .* \(line 1\)"):
        document.load("{", "a.json", "json")


def test_document_schema_text_is_the_packaged_schema() -> None:
    assert json.loads(document.schema_text()) == document.schema()
    assert yaml.safe_load(document.schema_text())["properties"]["briefing"] == {
        "const": 1,
        "description": "Version of this document format.",
    }
