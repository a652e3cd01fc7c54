"""The timeline: dated clauses, sorted, merged, labelled in German, with tense and entities."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

import briefing
from briefing import document, formatting, labels, temporal, text, timeline
from briefing.model import Entity, Mention

if TYPE_CHECKING:
    from briefing.model import Briefing, TimelineEntry

THURSDAY = dt.date(2023, 2, 16)


def build(
    article: str, published: dt.date | None = THURSDAY, entities: tuple[Entity, ...] = ()
) -> list[TimelineEntry]:
    doc = text.analyse(article)
    entries = timeline.build(doc, temporal.tag(doc, published), entities)
    for e in entries:
        assert article[e.start : e.end] == e.text
    return list(entries)


def test_timeline_reference_article_has_the_four_events_in_order(reference_briefing: Briefing) -> None:
    dates = [e.date for e in reference_briefing.timeline]
    for needed in ("2020", "2022-02", "2023-02-16", "2023-W08"):
        assert needed in dates
    assert dates.index("2020") < dates.index("2022-02") < dates.index("2023-02-16") < dates.index("2023-W08")
    assert dates.count("2022-02") == 1  # "vor einem Jahr" and "ein Jahr zuvor": one invasion
    biden = next(e for e in reference_briefing.timeline if e.date == "2023-W08")
    assert biden.tense == "future"
    assert formatting.timeline_label(biden) == "Woche ab 20. Februar 2023"
    assert biden.to_dict()["label"] == "Woche ab 20. Februar 2023"
    assert "Polen besuchen wird" in biden.text
    protests = next(e for e in reference_briefing.timeline if e.date == "2020")
    assert protests.text.startswith("Im Jahr 2020 gingen die Weißrussen auf die Straße")
    invasion = next(e for e in reference_briefing.timeline if e.date == "2022-02")
    assert "Einmarsch Russlands in die Ukraine" in invasion.display  # not Putin's interviews
    assert invasion.display.startswith("… er [Alexander Lukaschenko]")
    staging = next(e for e in reference_briefing.timeline if e.date == "2022")
    assert staging.display == "… Ihr Land als Aufmarschgebiet für die russische Invasion dient"
    assert not any((e.display or e.text).startswith("Ich ") for e in reference_briefing.timeline)


@pytest.mark.parametrize(
    ("article", "label"),
    [
        ("Am 16. Februar 2023 gab er ein Interview.", "16. Februar 2023"),
        ("Im Februar 2022 marschierten Truppen ein.", "Februar 2022"),
        ("Im Jahr 2020 protestierten viele.", "2020"),
        ("Im Frühjahr 2021 wurde gewählt.", "Frühjahr 2021"),
        ("Ende 2002 verlegten sie Truppen.", "Ende 2002"),
        ("In den 1990er Jahren wuchs die Stadt.", "1990er Jahre"),
        ("490 v. Chr. siegten die Athener.", "490 v. Chr."),
    ],
)
def test_timeline_labels_are_german(article: str, label: str) -> None:
    (entry,) = build(article, None)
    assert entry.label is None  # the stage dates the entry; the presentation prints the label
    assert formatting.timeline_label(entry) == label
    assert entry.to_dict()["label"] == label


def test_timeline_sorts_chronologically_and_skips_durations_and_vague_references() -> None:
    article = (
        "Am 3. Mai 2021 begann der Prozess. Der Streit dauerte drei Jahre. "
        "Im Jahr 2019 war er gegründet worden. Bald wird er enden. Er kommt jedes Jahr."
    )
    assert [e.date for e in build(article, None)] == ["2019", "2021-05-03"]


@pytest.mark.parametrize(
    ("sentence", "event"),
    [
        (
            "Am Montag trat der Minister zurück, die Regierung blieb im Amt.",
            "Am Montag trat der Minister zurück",
        ),
        (
            "Die Bahn streikt seit Montag, wie ein Sprecher der Gewerkschaft sagte.",
            "Die Bahn streikt seit Montag",
        ),
        (
            "Auf der A 52 ist am Freitag ein Flugzeug vom Typ „Piper“ gegen einen Mast geprallt.",
            "Auf der A 52 ist am Freitag ein Flugzeug vom Typ „Piper“ gegen einen Mast geprallt",
        ),
    ],
)
def test_timeline_trims_the_event_to_its_clause(sentence: str, event: str) -> None:
    (entry,) = build(sentence)
    assert entry.text == event


@pytest.mark.parametrize(
    ("sentence", "event"),
    [
        (
            "Er sagte am Montag, dass die Regierung zurücktreten werde.",
            "Er sagte am Montag, dass die Regierung zurücktreten werde",
        ),
        (  # the writer's own frame ("Ich erinnerte ihn daran") is no part of the event
            "Ich erinnerte ihn daran, dass Sie letztes Jahr zugelassen haben, dass Truppen einmarschierten.",
            "dass Sie letztes Jahr zugelassen haben, dass Truppen einmarschierten",
        ),
    ],
)
def test_timeline_fragment_clauses_give_the_whole_sentence(sentence: str, event: str) -> None:
    (entry,) = build(sentence)
    assert entry.text == event
    assert entry.tense == "past"
    assert entry.expression is not None
    assert entry.expression.text in event


def test_timeline_lists_entities_mentioned_in_the_clause() -> None:
    article = "Am 5. März 2023 traf Scholz in Paris ein, Macron blieb in Berlin."
    scholz = Entity("e1", "Olaf Scholz", "PER", mentions=(Mention("Scholz", 21, 27),))
    macron = Entity("e2", "Emmanuel Macron", "PER", mentions=(Mention("Macron", 42, 48),))
    (entry,) = build(article, None, (scholz, macron))
    assert entry.entities == ("Olaf Scholz",)


def test_timeline_future_events_are_marked() -> None:
    (entry,) = build("Der Präsident wird am Freitag nach Warschau reisen.")
    assert (entry.date, entry.tense) == ("2023-02-17", "future")


@pytest.mark.parametrize(
    "sentence",
    [
        "Das Buch „Die Welt von gestern“ von Stefan Zweig wurde neu aufgelegt.",
        "Die Sendung „Morgen früh“ läuft im Ersten.",
    ],
)
def test_timeline_time_words_in_titles_are_not_dates(sentence: str) -> None:
    b = briefing.analyze(sentence, published=dt.date(2024, 11, 20))
    assert b.temporal_expressions == ()
    assert b.timeline == ()


@pytest.mark.parametrize(
    ("sentence", "display"),
    [
        # a reported-speech frame gives the reported event
        ("Er sagte am Montag, dass die Regierung zurücktreten werde.", "… die Regierung zurücktreten werde"),
        (
            "Der Richter wurde verurteilt, wie das Landgericht Kassel am Dienstag mitteilte.",
            "Der Richter wurde verurteilt …",
        ),
        # no leading subordinator or conjunction
        (
            "und die Gemeinde hat am Montag den Haushalt beschlossen.",
            "… die Gemeinde hat am Montag den Haushalt beschlossen",
        ),
        # an apposition does not cut the clause before its verb
        (
            "Am Samstag wurde Paul Weber, der Sohn des Bürgermeisters, in Lindau getauft.",
            "Am Samstag wurde Paul Weber … in Lindau getauft",
        ),
        # over 14 words: the date (printed beside it) and words of the middle field go, the verb stays
        (
            (
                "Der langjährige frühere Vorsitzende des Vereins der Freunde des Stadtmuseums "
                "Heinrich Berger ist am Mittwoch im Alter von 88 Jahren nach langer Krankheit "
                "in seiner Heimatstadt gestorben."
            ),
            "Der langjährige frühere Vorsitzende des Vereins … Heinrich Berger ist … im Alter … gestorben",
        ),
    ],
)
def test_timeline_labels_are_short_event_phrases(sentence: str, display: str) -> None:
    (entry,) = build(sentence)
    assert entry.display == display
    assert labels.count_words(entry.display) <= timeline.SETTINGS().label_max_words
    assert document.matches_source(entry.display, entry.text)


def test_timeline_relative_clause_keeps_the_noun_it_describes() -> None:
    (entry,) = build("Die Polizei fand den Wagen, den die Diebe am Montag gestohlen hatten.")
    assert (entry.text, entry.display) == ("den Wagen, den die Diebe am Montag gestohlen hatten", "")


def test_timeline_label_names_the_person_a_pronoun_stands_for() -> None:
    article = "Am Montag traf Anna Berg in Rom ein. Sie wurde am Mittwoch verhaftet."
    berg = Entity(
        "e1",
        "Anna Berg",
        "PER",
        mentions=(Mention("Anna Berg", 15, 24),),
        references=(Mention("Sie", 37, 40, "pronoun"),),
    )
    arrest = next(e for e in build(article, THURSDAY, (berg,)) if e.date == "2023-02-15")
    assert arrest.text == "Sie wurde am Mittwoch verhaftet"
    assert arrest.display == "Sie [Anna Berg] wurde am Mittwoch verhaftet"
    assert document.matches_source(arrest.display, arrest.text)  # not flagged as edited
    assert arrest.to_dict()["display"] == arrest.display


@pytest.mark.parametrize(
    "sentence",
    [
        "Sie wurde am Mittwoch verhaftet.",  # nobody resolved: not self-contained
        "Das hatte der Angeklagte im September 2020 getan.",
        # the infinitive's time, not the flight's
        "Die Ministerin flog nach Rom, um in der kommenden Woche nach Madrid zu reisen.",
        "Die Kirche ist auch heute noch ein beliebtes Ziel.",  # "heute" = nowadays
        "Die heute lebenden Vögel stammen von Dinosauriern ab.",
        "Zwei Minuten später glich der Gastgeber aus.",  # a moment of the match
        "Der Bericht vom November 2011 nennt hohe Zahlen.",  # the report's date
        "Seit ihrem Rücktritt im Mai 2019 hat die Ministerin kein Interview mehr gegeben.",
        "Die Ergebnisse stehen unter www.example.de/2019/ergebnisse bereit.",  # a web address
        "Das Buch „Berlin 1945“ erschien im Verlag Nord.",  # a title
        "Das Fest wird jedes Jahr am 3. Oktober gefeiert.",  # recurring
    ],
)
def test_timeline_only_dates_of_events(sentence: str) -> None:
    assert build(sentence) == []


NO_DATE = (
    "Streit um die Bahnreform\n\n"
    "Der Verkehrsminister hat gestern in Berlin seinen Plan für die Bahn vorgestellt. "
    "Am Dienstag hatte der Bundestag über den Haushalt beraten. "
    "Vor zwei Jahren war die erste Reform gescheitert. "
    "Am 3. Oktober will die Regierung entscheiden.\n\n"
    "Im Jahr 2019 hatte die Bahn einen Rekordverlust gemeldet.\n"
)


def test_timeline_without_publication_date_names_the_expressions_it_could_not_date() -> None:
    """Relative dates and dates without a year need the publication date: without one they are
    left out of the timeline, and the briefing names them (``undated``) instead of dropping them
    silently."""
    b = briefing.analyze(NO_DATE)
    assert [e.date for e in b.timeline] == ["2019"]
    assert [s.text for s in b.undated] == ["gestern", "Dienstag", "Vor zwei Jahren", "3. Oktober"]
    assert all(NO_DATE[s.start : s.end] == s.text for s in b.undated)
    assert b.to_dict()["undated"] == [{"text": s.text, "start": s.start, "end": s.end} for s in b.undated]
    dated = briefing.analyze(NO_DATE, published=THURSDAY)
    assert dated.undated == ()
    assert dated.to_dict()["undated"] == []
    # with the date, each of them dates an entry of the Chronologie
    dated_by = {(e.expression.start, e.expression.end) for e in dated.timeline if e.expression}
    assert {(s.start, s.end) for s in b.undated} <= dated_by


@pytest.mark.parametrize(
    "sentence",
    [
        "Im Jahr 2019 kam es im März zu Protesten.",  # the text gives the year
        "Am 12. März 2024 will die Gewerkschaft streiken.",  # a full date
        "Die Verhandlungen dauerten drei Jahre.",  # a duration is no date
        "Bald gibt es Neuwahlen.",  # a vague reference is never dated
        "Jeden Montag trifft sich der Ausschuss.",  # nor are sets
    ],
)
def test_timeline_without_publication_date_counts_only_what_a_date_would_place(sentence: str) -> None:
    assert briefing.analyze(sentence).undated == ()
