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
