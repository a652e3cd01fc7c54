"""The presentation model: what the PDF shows, decided before the template."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import briefing
from briefing import document, formatting, view
from briefing.model import ContextBox, Fact


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        (
            '"Ja, ich bin bereit. "Ich bin bereit, noch einmal zu helfen. "',
            "Ja, ich bin bereit. Ich bin bereit, noch einmal zu helfen.",
        ),
        ("„Wir werden [das Gebiet] nicht aufgeben.“", "Wir werden [das Gebiet] nicht aufgeben."),
        ('»Er nannte es "Unsinn" und ging.«', "Er nannte es ‚Unsinn‘ und ging."),
        ("„Das ist\n  gut“", "Das ist gut"),
    ],
)
def test_view_quote_display_mends_marks(quote: str, shown: str) -> None:
    assert view.quote_display(quote, 600) == shown


def test_view_quote_display_shortens_long_quotes_at_a_word() -> None:
    shown = view.quote_display("„" + "Wir kämpfen weiter " * 50 + "“", 60)
    assert len(shown) <= 62
    assert shown.endswith(" …")


def test_view_shows_only_key_quotes_with_role(reference_briefing: briefing.Briefing) -> None:
    model = view.build(
        reference_briefing, view.RenderOptions(), dt.datetime(2023, 2, 17, 9, 0, tzinfo=dt.UTC)
    )
    assert 1 <= len(model["quotes"]) <= 5
    assert len(model["quotes"]) == len(reference_briefing.printed_quotes)
    assert all(q["speaker"] == "Alexander Lukaschenko" for q in model["quotes"])


def test_view_marks_knowledge_base_facts_with_their_date(reference_briefing: briefing.Briefing) -> None:
    box = ContextBox(
        kind="entity",
        title="Belarus",
        facts=(
            Fact(text="Binnenstaat in Osteuropa.", source="knowledge-base", updated="2023-01-31"),
            Fact(text="3,2 Millionen Euro", start=0, end=18, label="3,2 Mio. €"),
        ),
    )
    model = view.build(
        dataclasses.replace(reference_briefing, context=(box,)),
        view.RenderOptions(),
        dt.datetime(2023, 2, 17, 9, 0, tzinfo=dt.UTC),
    )
    kb, figure = model["boxes"][0]["facts"]
    assert kb["from_kb"] is True
    assert kb["updated"] == "31. Januar 2023"
    assert figure["from_kb"] is False
    assert figure["label"] == "3,2 Mio. €"


def test_view_german_facts_line(reference_briefing: briefing.Briefing) -> None:
    model = view.build(
        reference_briefing, view.RenderOptions(), dt.datetime(2023, 2, 17, 9, 0, tzinfo=dt.UTC)
    )
    line = " · ".join(model["facts_line"])
    assert "Donnerstag, 16. Februar 2023" in line
    assert "Lesezeit:" in line
    assert "Wörter" in line


def _timeline_labels(b: briefing.Briefing, locale: str) -> dict[str, str]:
    model = view.build(b, view.RenderOptions(locale=locale), dt.datetime(2023, 2, 17, 9, 0, tzinfo=dt.UTC))
    return {e.date: shown["label"] for e, shown in zip(b.timeline, model["timeline"], strict=False)}


def test_view_formats_chronologie_dates_for_the_locale(reference_briefing: briefing.Briefing) -> None:
    german = _timeline_labels(reference_briefing, "de_DE")
    english = _timeline_labels(reference_briefing, "en_US")
    assert german["2023-02-16"] == "16. Februar 2023"
    assert english["2023-02-16"] == "February 16, 2023"
    assert german["2022-02"] == "Februar 2022"
    assert english["2022-02"] == "February 2022"
    assert english["2023-W08"] == "Woche ab February 20, 2023"  # the words stay German, as the page's
    assert german["2020"] == english["2020"] == "2020"


def test_view_prints_an_edited_chronologie_label_as_written(reference_briefing: briefing.Briefing) -> None:
    from briefing import document

    data = document.build(reference_briefing)
    first = data["timeline"][0]
    assert first["label"] == formatting.timeline_label(reference_briefing.timeline[0])  # German
    first["label"] = "Frühjahr 2020 (ungefähr)"
    loaded = document.load(document.dump(data, "yaml"), "a.yaml", "yaml")
    for locale in ("de_DE", "en_US"):
        model = view.build(
            loaded.briefing, view.RenderOptions(locale=locale), dt.datetime(2023, 2, 17, tzinfo=dt.UTC)
        )
        assert model["timeline"][0]["label"] == "Frühjahr 2020 (ungefähr)"


UNSURE = (
    "Die SPD will an dem umstrittenen Plan festhalten. "
    "„Wir wollen die Reform in diesem Jahr unbedingt umsetzen, koste es, was es wolle.“"
)


def test_view_prints_an_unsure_speaker_as_sprecher_unklar() -> None:
    """A speaker the analysis only guessed (confidence below ``key.min_confidence``) is never printed
    as certain: an editor who includes the quote sees "Sprecher unklar"."""
    analysed = briefing.analyze(UNSURE)
    (quote,) = analysed.quotes
    assert quote.speaker == "SPD"
    assert quote.confidence < 0.5
    assert not quote.key
    shown = dataclasses.replace(analysed, quotes=(dataclasses.replace(quote, key=True),))
    model = view.build(shown, view.RenderOptions(), dt.datetime(2023, 2, 17, 9, 0, tzinfo=dt.UTC))
    assert [(q["speaker"], q["role"], q["unclear"]) for q in model["quotes"]] == [
        ("Sprecher unklar", None, True)
    ]


def test_view_document_leaves_an_unsure_speaker_to_the_editor() -> None:
    """The editable document keeps the guess apart; a speaker the editor fills in is printed."""
    data = document.build(briefing.analyze(UNSURE))
    (item,) = data["quotes"]
    assert (item["speaker"], item["speaker_guess"]) == (None, "SPD")
    item["include"] = True
    unclear = document.to_briefing(document.validate(data, "test.yaml")).briefing
    model = view.build(unclear, view.RenderOptions(), dt.datetime(2023, 2, 17, 9, 0, tzinfo=dt.UTC))
    assert model["quotes"][0]["speaker"] == "Sprecher unklar"
    item["speaker"] = item["speaker_guess"]
    confirmed = document.to_briefing(document.validate(data, "test.yaml")).briefing
    model = view.build(confirmed, view.RenderOptions(), dt.datetime(2023, 2, 17, 9, 0, tzinfo=dt.UTC))
    assert (model["quotes"][0]["speaker"], model["quotes"][0]["unclear"]) == ("SPD", False)


GESTERN = "Der Minister trat gestern zurück. Seine Partei sucht einen Nachfolger."
NO_DATE = (
    "Der Verkehrsminister hat gestern in Berlin seinen Plan vorgestellt. "
    "Am Dienstag hatte der Bundestag beraten. Vor zwei Jahren war die erste Reform gescheitert. "
    "Am 3. Oktober will die Regierung entscheiden. Im Jahr 2019 hatte die Bahn Verlust gemeldet."
)
GENERATED = dt.datetime(2023, 2, 17, 9, 0, tzinfo=dt.UTC)


def test_view_notes_under_the_chronologie_what_it_could_not_date() -> None:
    """Without a publication date the Chronologie says which time expressions it lacks; one or
    several, the sentence is German and agrees in number."""
    one = view.build(briefing.analyze(GESTERN), view.RenderOptions(), GENERATED)
    assert one["timeline"] == []
    assert (
        one["timeline_note"]
        == "Ohne Erscheinungsdatum: Die Zeitangabe „gestern“ konnte nicht datiert werden."
    )
    many = view.build(briefing.analyze(NO_DATE), view.RenderOptions(), GENERATED)
    assert [e["label"] for e in many["timeline"]] == ["2019"]
    assert many["timeline_note"] == (
        "Ohne Erscheinungsdatum: 4 Zeitangaben („gestern“, „Dienstag“, „Vor zwei Jahren“, …) "
        "konnten nicht datiert werden."
    )


def test_view_has_no_chronologie_note_when_the_date_is_known() -> None:
    dated = briefing.analyze(NO_DATE, published=dt.date(2023, 2, 16))
    assert view.build(dated, view.RenderOptions(), GENERATED)["timeline_note"] is None
    undated = briefing.analyze(GESTERN)
    # an editor who sets the date in the analysis document takes the note off
    edited = dataclasses.replace(
        undated, meta=dataclasses.replace(undated.meta, published=dt.date(2023, 2, 16))
    )
    assert view.build(edited, view.RenderOptions(), GENERATED)["timeline_note"] is None


def test_view_chronologie_with_only_the_note_still_appears() -> None:
    from briefing import render

    page = render.html(briefing.analyze(GESTERN), generated=GENERATED)
    section = page.split('<section class="timeline"', 1)[1].split("</section>", 1)[0]
    assert ">Chronologie</h2>" in section
    assert "<table>" not in section
    assert "Ohne Erscheinungsdatum: Die Zeitangabe „gestern“ konnte nicht datiert werden." in section


@pytest.mark.parametrize(
    ("kinds", "wide"),
    [
        (["half"], [True]),  # a single box spans both columns
        (["half", "half"], [False, False]),
        (["half", "half", "half"], [False, False, True]),  # the last of an odd number spans
        (["half", "link", "half", "half"], [True, True, False, False]),  # no hole before a wide box
    ],
)
def test_view_boxes_leave_no_empty_half_column(kinds: list[str], wide: list[bool]) -> None:
    url = "https://www.beispiel-verband.de/veroeffentlichungen/jahresbericht-2023.html"
    boxes = [
        {"facts": [{"parts": view.text_parts(f"Bericht unter {url}." if k == "link" else "Ein Satz.", 100)}]}
        for k in kinds
    ]
    assert view.box_widths(boxes, 40) == wide


def test_view_marks_web_and_email_addresses_in_fact_text() -> None:
    parts = view.text_parts("Siehe „www.beispiel.de/a-b“ oder presse@beispiel-nord.de.", 100)
    assert [(p["text"], p["link"]) for p in parts] == [
        ("Siehe „", False),
        ("www.beispiel.de/a-b", True),
        ("“ oder ", False),
        ("presse@beispiel-nord.de", True),
        (".", False),
    ]
