"""The temporal tagger: spans, TIMEX3 values and anchoring of German time expressions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from briefing import temporal, text

if TYPE_CHECKING:
    from briefing.model import Briefing, TimeExpression

THURSDAY = dt.date(2023, 2, 16)


def tagged(article: str, published: dt.date | None = None) -> list[TimeExpression]:
    found = temporal.tag(text.analyse(article), published)
    for t in found:
        assert article[t.start : t.end] == t.text
    return list(found)


def only(article: str, published: dt.date | None = None) -> TimeExpression:
    found = tagged(article, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "span", "value", "mod"),
    [
        ("Der Angriff begann am 1. September 1939.", "1. September 1939", "1939-09-01", None),
        ("Im Juni 1940 kapitulierte Frankreich.", "Juni 1940", "1940-06", None),
        ("Die Truppen zogen Ende 2002 an die Grenze.", "Ende 2002", "2002", "END"),
        ("Anfang August 1964 kam es zu Gefechten.", "Anfang August 1964", "1964-08", "START"),
        ("Das prägte Mitte der 90er Jahre die Politik.", "Mitte der 90er Jahre", "199", "MID"),
        ("Er lebte im 20. Jahrhundert.", "20. Jahrhundert", "19", None),
        ("Die Schlacht fand 490 v. Chr. statt.", "490 v. Chr.", "BC0490", None),
        ("Im Sommer 1941 erreichte es das Ziel.", "Sommer 1941", "1941-SU", None),
        ("Der Vertrag vom 1.9.1939 galt.", "1.9.1939", "1939-09-01", None),
        ("Die Kämpfe dauerten drei Jahre.", "drei Jahre", "P3Y", None),
        ("Nach mehr als drei Tagen endete es.", "mehr als drei Tagen", "P3D", "MORE_THAN"),
        ("Die Regierung bestand anderthalb Jahre.", "anderthalb Jahre", "P1Y6M", None),
        ("Sie kamen in den 1990er Jahren.", "den 1990er Jahren", "199", None),
    ],
)
def test_temporal_absolute_expressions_get_span_and_value(
    sentence: str, span: str, value: str, mod: str | None
) -> None:
    t = only(sentence)
    assert (t.text, t.value, t.mod) == (span, value, mod)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Lukaschenko antwortete heute auf Fragen.", "2023-02-16"),
        ("Er kam gestern Abend an.", "2023-02-15TEV"),
        ("Das hatte er letztes Jahr zugelassen.", "2022"),
        ("Seit dem Einmarsch vor einem Jahr schweigt er.", "2022-02"),
        ("Vor drei Wochen begann der Streik.", "2023-01-26"),
        ("Anlässlich des Vorfalls am Donnerstag beschuldigte er den Westen.", "2023-02-16"),
        ("Am Montag sagte der Minister nichts.", "2023-02-13"),
        ("Am Montag wird der Minister reisen.", "2023-02-20"),
        ("Im März wird gewählt.", "2023-03"),
        ("Im Dezember wurde gewählt.", "2022-12"),
        ("Die Gespräche werden nächste Woche fortgesetzt.", "2023-W08"),
        ("Im vergangenen Jahr stiegen die Preise.", "2022"),
        ("Heuer findet das Fest zum zehnten Mal statt.", "2023"),  # "heuer": this year
        ("Wer kommt, weiß man am 25. Februar.", "2023-02-25"),  # "weiß" is present: the next one
        ("Das Wahlergebnis vom Sonntag zeigt es.", "2023-02-12"),  # "vom Sonntag": a day that is over
        ("Wenn er am Samstag gewonnen hätte, wäre alles anders.", "2023-02-11"),  # counterfactual past
        ("Davon zehrt das Land auch heute noch.", "PRESENT_REF"),  # "heute" meaning nowadays
        ("Heute würde er seine Kamera am Brenner aufstellen.", "PRESENT_REF"),
        ("Heutzutage ist das nicht mehr die Regel.", "PRESENT_REF"),
        ("Die heute lebenden Vögel stammen von Dinosauriern ab.", "PRESENT_REF"),
        ("Ein Handy ist heute üblich.", "PRESENT_REF"),  # a present state
        ("Der Minister hat heute seinen Rücktritt erklärt.", "2023-02-16"),  # an event of this day
    ],
)
def test_temporal_news_mode_resolves_deictic_expressions_against_publication_date(
    sentence: str, value: str
) -> None:
    assert only(sentence, THURSDAY).value == value


@pytest.mark.parametrize(
    ("article", "value"),
    [
        ("Am 5. April 1940 landeten sie. Einen Tag später lief die Flotte aus.", "1940-04-06"),
        ("Am 14. Mai 1940 fiel Rotterdam. Am selben Tag floh die Königin.", "1940-05-14"),
        ("Im Juli 1941 begann der Angriff. Im folgenden Jahr scheiterte er.", "1942"),
        ("Am 22. Juni 1941 griffen sie an. Ein halbes Jahr später kam der Winter.", "1941-12"),
        ("Im Jahr 1862 rückten sie vor. Im März nahmen sie die Stadt.", "1862-03"),
    ],
)
def test_temporal_narrative_mode_anchors_on_the_last_mentioned_date(article: str, value: str) -> None:
    assert tagged(article)[-1].value == value


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Das Rätsel ist heute ungelöst.", "PRESENT_REF"),
        ("Im März wurde gewählt.", "XXXX-03"),
        ("Am Donnerstag kam er.", "XXXX-WXX-4"),
    ],
)
def test_temporal_without_anchor_keeps_values_undetermined(sentence: str, value: str) -> None:
    assert only(sentence).value == value


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Firma hat 2022 Mitarbeiter und 1500 Soldaten.",
        "Die Gespräche sind noch nicht beendet.",
        "Er wohnt in der Mai-Straße und nennt sich August Bebel.",
        "Nun sagte er, die Zahl 1.999 sei falsch.",
        "Er blieb an keinem Tag zu Hause.",
        "Der 16 Jahre alte Spieler traf zweimal.",  # ages are no time expressions
        "Die 47-jährige Frau wurde festgenommen.",
        "Wählen dürfen alle Bürger ab 16 Jahren.",
    ],
)
def test_temporal_ordinary_words_and_counts_are_not_dates(sentence: str) -> None:
    assert tagged(sentence, THURSDAY) == []


@pytest.mark.parametrize(
    ("sentence", "typ", "value"),
    [
        ("Er kommt jedes Jahr.", "SET", "P1Y"),
        ("Der Zug fährt täglich.", "SET", "P1D"),
        ("Er regiert seit 31 Jahren.", "DURATION", "P31Y"),
        ("Er wird in dreißig Minuten in Minsk sein.", "DURATION", "PT30M"),
        ("Derzeit gilt der Plan.", "DATE", "PRESENT_REF"),
        ("Das Heft erscheint einmal im Monat.", "SET", "P1M"),
        ("Die Praxis behandelt 200 Patienten pro Tag.", "SET", "P1D"),
    ],
)
def test_temporal_durations_sets_and_vague_references(sentence: str, typ: str, value: str) -> None:
    t = only(sentence, THURSDAY)
    assert (t.type, t.value) == (typ, value)


def test_temporal_reference_article_expressions(reference_briefing: Briefing) -> None:
    values = {t.text: t.value for t in reference_briefing.temporal_expressions}
    assert values["vor einem Jahr"] == "2022-02"
    assert values["heute"] == "2023-02-16"
    assert values["letztes Jahr"] == "2022"
    assert values["Jahr 2020"] == "2020"
    assert values["Donnerstag"] == "2023-02-16"
    assert values["ein Jahr zuvor"] == "2022-02"
    assert values["der darauffolgenden Woche"] == "2023-W08"
    types = {t.text: t.type for t in reference_briefing.temporal_expressions}
    assert types["vor einem Jahr"] == "DATE"
    assert types["dreißig Minuten"] == "DURATION"


def test_temporal_to_dict_omits_missing_mod_and_anchor() -> None:
    d = only("Der Angriff begann am 1. September 1939.").to_dict()
    assert d == {"text": "1. September 1939", "start": 22, "end": 39, "type": "DATE", "value": "1939-09-01"}


WEDNESDAY = dt.date(2024, 11, 20)  # news articles below are published on Wednesday, 20 November 2024


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        # weekdays: "seit", "vergangenen", "letzten" and the tense decide the week
        ("Seit Montag streiken die Lokführer.", "Montag", "2024-11-18"),
        ("Am Donnerstag will der Bundestag abstimmen.", "Donnerstag", "2024-11-21"),
        ("Am Donnerstag hatte der Bundestag abgestimmt.", "Donnerstag", "2024-11-14"),
        ("Letzten Freitag trat er zurück.", "Letzten Freitag", "2024-11-15"),
        ("Vergangenen Dienstag erschossen Soldaten zwei Männer.", "Vergangenen Dienstag", "2024-11-19"),
        ("Am gestrigen Dienstag demonstrierten Tausende.", "gestrigen Dienstag", "2024-11-19"),
        ("Am Dienstag vergangener Woche war er in Berlin.", "Dienstag vergangener Woche", "2024-11-12"),
        ("Am Montag kommender Woche wird entschieden.", "Montag kommender Woche", "2024-11-25"),
        ("Der Nachfolger des am Montag zurückgetretenen Chefs steht fest.", "Montag", "2024-11-18"),
        ("Der Schauspieler, der dort drehte, wurde am Freitag tot aufgefunden.", "Freitag", "2024-11-15"),
        ("Auf der A 52 ist am Freitag ein Flugzeug vom Typ „Piper“ abgestürzt.", "Freitag", "2024-11-15"),
        # dpa/Reuters datelines and written-out dates
        (
            "BERLIN, 20. November (Reuters) - Die Bundesbank hat ihre Prognose gesenkt.",
            "20. November",
            "2024-11-20",
        ),
        ("Das Treffen fand am 16.02.2023 statt.", "16.02.2023", "2023-02-16"),
        ("Das Abkommen wurde am 16. Feb. 2023 unterzeichnet.", "16. Feb. 2023", "2023-02-16"),
        ("Im Februar 2023 begann der Prozess.", "Februar 2023", "2023-02"),
        ("Das Spiel findet am Samstag, 23. November, statt.", "Samstag, 23. November", "2024-11-23"),
        ("Mubarak hatte am Donnerstag angekündigt, erneut anzutreten.", "Donnerstag", "2024-11-14"),
        ("Der für Dienstag geplante Parteitag konnte nicht stattfinden.", "Dienstag", "2024-11-19"),
        ("Wichtig ist die Parlamentswahl im Februar, für die er kandidiert hat.", "Februar", "2025-02"),
        # a month or day without a year: past tense looks back, present tense takes the nearer one
        ("Die Wahl findet am 23. Februar statt.", "23. Februar", "2025-02-23"),
        ("Im Januar wurde gewählt.", "Januar", "2024-01"),
        ("Die Frist endet Ende Januar.", "Ende Januar", "2025-01"),
        ("Seit Februar wird verhandelt.", "Februar", "2024-02"),
        ("Die im März beschlossene Reform tritt in Kraft.", "März", "2024-03"),
        ("Das Gipfeltreffen ist für den 3. Dezember geplant.", "3. Dezember", "2024-12-03"),
        ("Die Zahlen für das Jahr 2024 werden im Februar vorgelegt.", "Februar", "2025-02"),
        # weeks, years, seasons, quarters
        ("Nächste Woche beginnen die Gespräche.", "Nächste Woche", "2024-W48"),
        ("Kommende Woche legt die Regierung den Haushalt vor.", "Kommende Woche", "2024-W48"),
        ("Vorige Woche war der Minister in Kiew.", "Vorige Woche", "2024-W46"),
        ("Dieses Jahr wird es keine Erhöhung geben.", "Dieses Jahr", "2024"),
        ("Die Preise sind seit vergangenem Jahr gestiegen.", "vergangenem Jahr", "2023"),
        ("Ende vergangenen Jahres lag die Inflation bei vier Prozent.", "Ende vergangenen Jahres", "2023"),
        ("Anfang nächsten Jahres soll das Gesetz in Kraft treten.", "Anfang nächsten Jahres", "2025"),
        ("Mitte nächster Woche will die Kommission entscheiden.", "Mitte nächster Woche", "2024-W48"),
        ("Im kommenden Frühjahr soll gebaut werden.", "kommenden Frühjahr", "2025-SP"),
        ("Im Frühjahr wird gewählt.", "Frühjahr", "2025-SP"),
        ("Im vergangenen Sommer brannten die Wälder.", "vergangenen Sommer", "2024-SU"),
        ("Im Q3 2024 sank der Gewinn.", "Q3 2024", "2024-Q3"),
        ("Der Umsatz stieg im dritten Quartal um fünf Prozent.", "dritten Quartal", "2024-Q3"),
        (
            "Im Oktober stiegen die Preise, im Vorjahresmonat waren es 2,4 Prozent.",
            "Vorjahresmonat",
            "2023-10",
        ),
        # days and parts of days
        ("Morgen beginnt der Gipfel.", "Morgen", "2024-11-21"),
        ("Morgen früh fliegt der Kanzler nach Paris.", "Morgen früh", "2024-11-21TMO"),
        ("Übermorgen tagt der Bundestag.", "Übermorgen", "2024-11-22"),
        ("In der Nacht zu Dienstag griffen Drohnen die Stadt an.", "Nacht zu Dienstag", "2024-11-18TNI"),
        ("In der Nacht auf Mittwoch kam es zu Ausschreitungen.", "Nacht auf Mittwoch", "2024-11-19TNI"),
        ("In der Nacht zum Freitag wurden drei Menschen verletzt.", "Nacht zum Freitag", "2024-11-14TNI"),
        ("Die Polizei nahm am frühen Morgen drei Verdächtige fest.", "frühen Morgen", "2024-11-20TMO"),
        ("Vor einer Woche hatte die Polizei den Mann festgenommen.", "Vor einer Woche", "2024-11-13"),
        ("Am 22. Oktober wurde gefeiert. An diesem Tag blieb alles zu.", "An diesem Tag", "2024-10-22"),
    ],
)
def test_temporal_news_wire_copy_gets_span_and_value(sentence: str, span: str, value: str) -> None:
    found = {t.text: t.value for t in tagged(sentence, WEDNESDAY)}
    assert found.get(span) == value, found


@pytest.mark.parametrize(
    ("article", "span", "value"),
    [
        ("Am Freitagabend um 18.30 Uhr trifft er die Minister.", "18.30 Uhr", "2024-11-22T18:30"),
        (
            "Gestern Nachmittag kamen Tausende. Das Unwetter zog gegen 16:00 Uhr auf.",
            "gegen 16:00 Uhr",
            "2024-11-19T16:00",
        ),
        ("Das Spiel findet am Samstag, 23. November, um 15.30 Uhr statt.", "15.30 Uhr", "2024-11-23T15:30"),
        ("Die Sitzung beginnt um 14 Uhr.", "14 Uhr", "2024-11-20T14:00"),
        (
            (
                "Am Montag, dem 18. November, kam es zu einem Unfall. Die A 2 war gesperrt. Drei Fahrer"
                " wurden verletzt. Der Container konnte bis 10:45 Uhr geborgen werden."
            ),
            "10:45 Uhr",
            "2024-11-18T10:45",
        ),
        ("Am Abend sprach der Präsident im Fernsehen.", "Abend", "2024-11-20TEV"),
    ],
)
def test_temporal_news_clock_times_belong_to_the_day_told_of(article: str, span: str, value: str) -> None:
    found = {t.text: t.value for t in tagged(article, WEDNESDAY)}
    assert found.get(span) == value, found


@pytest.mark.parametrize(
    "sentence",
    [
        "Zuletzt hatte die Bank die Zinsen gesenkt.",
        "Bislang gibt es keine Einigung.",
        "Die Resolution 1701 fordert einen Waffenstillstand.",
        "Die Truppe wird von derzeit 2000 auf rund 15.000 Soldaten aufgestockt.",
        "„Guten Morgen“, sagte der Moderator.",
        "Er wünschte allen einen schönen Morgen.",
    ],
)
def test_temporal_news_words_that_are_not_dates(sentence: str) -> None:
    values = [t.value for t in tagged(sentence, WEDNESDAY)]
    assert not any(v[:1].isdigit() for v in values), values


def test_temporal_every_rule_has_one_handler_in_the_module_of_its_kind() -> None:
    from briefing.temporal import dates, durations, patterns, registry, relative, times, years

    rules = [name for name, _ in patterns.compiled_rules()]
    assert len(rules) == len(set(rules))
    assert set(rules) == set(registry.HANDLERS)
    assert registry.HANDLERS["ago"] is relative.HANDLERS["ago"]  # "vor einem Jahr"
    kinds = (dates, years, times, relative, durations)
    assert sum(len(kind.HANDLERS) for kind in kinds) == len(registry.HANDLERS)


def test_temporal_each_day_of_an_enumeration_and_the_first_time_of_a_range() -> None:
    """ "am 3., 4. und 5. März" names three days; "von 16 bis 17.30 Uhr" two times."""
    days = tagged("Gespielt wird am 3., 4. und 5. März.", THURSDAY)
    assert [(t.text, t.value) for t in days] == [
        ("3.", "2023-03-03"),
        ("4.", "2023-03-04"),
        ("5. März", "2023-03-05"),
    ]
    times = tagged("Die Sammlung ist am Freitag von 16 bis 17.30 Uhr.", THURSDAY)
    assert [(t.text, t.value) for t in times] == [
        ("Freitag", "2023-02-17"),
        ("16", "2023-02-17T16:00"),
        ("17.30 Uhr", "2023-02-17T17:30"),
    ]


@pytest.mark.parametrize(
    ("sentence", "published", "value"),
    [
        ("Kurz vor Weihnachten hatte die Polizei den Mann festgenommen.", dt.date(2022, 1, 12), "2021-12-25"),
        ("Kurz vor Weihnachten wird die Brücke eröffnet.", dt.date(2022, 11, 12), "2022-12-25"),
        ("Zu Ostern war die Kirche voll.", dt.date(2023, 2, 16), "2022-04-17"),
    ],
)
def test_temporal_news_holiday_without_year_takes_the_year_the_tense_points_to(
    sentence: str, published: dt.date, value: str
) -> None:
    """Across the turn of the year: "Kurz vor Weihnachten", told in the past in January, is last
    December's."""
    assert only(sentence, published).value == value


def test_temporal_vor_n_jahren_is_a_date_for_the_timeline_not_a_duration() -> None:
    """KRAUTS annotates "vor zwanzig Jahren" as a duration (P20Y). The Chronologie needs the date
    it points to, so the tagger keeps the date (DATE 2003-02, told in February 2023) and scores as a
    value error there."""
    found = only("Vor zwanzig Jahren wurde die Brücke gebaut.", THURSDAY)
    assert (found.type, found.value) == ("DATE", "2003-02")
