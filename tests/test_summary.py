"""Summary stage: faithful extractive points ("Das Wichtigste in Kürze")."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest

import briefing
from briefing import entities, quotes, summary, text
from briefing.model import Token
from conftest import assert_faithful

if TYPE_CHECKING:
    from briefing.model import SummaryPoint

WORD = re.compile(r"\w+")

FLOOD = (
    "Nach tagelangen Regenfällen sind in Sachsen mehrere Flüsse über die Ufer getreten. "
    "Die Behörden riefen am Montag in drei Landkreisen den Katastrophenfall aus. "
    "Rund 2.000 Menschen mussten ihre Häuser verlassen.\n\n"
    "Besonders betroffen ist die Stadt Grimma an der Mulde. "
    "Dort stieg der Pegel innerhalb von zwölf Stunden um mehr als zwei Meter. "
    "Dies sei der höchste Stand seit dem Jahr 2013, teilte das Landeshochwasserzentrum mit. "
    "Sind die Deiche stark genug? "
    "Der Bürgermeister sagte: „Wir tun alles, was wir können. Die Lage ist ernst.“\n\n"
    "Das Technische Hilfswerk (eine Bundesanstalt mit vielen ehrenamtlichen Helfern) "
    "schickte 300 Einsatzkräfte. "
    "Die Bundeswehr unterstützt die Helfer mit Hubschraubern und Sandsäcken. "
    "Meteorologen erwarten jedoch erst ab Donnerstag eine Entspannung der Lage."
)

BUDGET = (
    "Der Bundestag hat am Freitag den Haushalt für das kommende Jahr beschlossen. "
    "Er sieht Ausgaben von 480 Milliarden Euro vor. "
    "Finanzminister Weber verteidigte die geplanten Kürzungen bei den Subventionen. "
    "Die Opposition kritisierte den Entwurf als unsozial und kündigte eine Klage an. "
    "Bisher hat das Verfassungsgericht jedoch keinen Haushalt vollständig gestoppt. "
    "Allerdings warnen Ökonomen vor zu geringen Investitionen in Schienen und Schulen. "
    "Der Bundesrat muss dem Gesetz im Dezember noch zustimmen."
)

INTERVIEW = (
    "Die Ministerin hat in einem Interview ihre Pläne für die Rentenreform verteidigt. "
    "Ich habe die Ministerin gefragt, ob sie die Kritik der Gewerkschaften versteht. "
    "Sind Sie bereit, die Reform zu ändern? "
    "„Nein, ich bin nicht bereit, die Grundsätze der Reform aufzugeben. Wir brauchen sie dringend.“ "
    "Die Reform soll das Rentenalter bis zum Jahr 2035 schrittweise auf 68 Jahre anheben. "
    "Die Gewerkschaften haben für den kommenden Monat landesweite Proteste angekündigt."
)

ARTICLES = [FLOOD, BUDGET, INTERVIEW]


def _points(article: str, **kwargs: object) -> tuple[SummaryPoint, ...]:
    """The summary over the real upstream stages (text, entities, quotes)."""
    doc = text.analyse(article)
    title = kwargs.get("title")
    ents = entities.find_entities(doc, title=title if isinstance(title, str) else None)
    found, _ = quotes.find_quotes(doc, ents)
    return summary.summarize(doc, ents, found, **kwargs)  # type: ignore[arg-type]


def _assert_faithful(article: str, points: tuple[SummaryPoint, ...]) -> None:
    assert_faithful(article, [(p.text, p.start, p.end, p.display) for p in points])


@pytest.mark.parametrize("article", ARTICLES)
def test_summary_points_are_verbatim_spans_in_reading_order(article: str) -> None:
    points = _points(article, title="Nachrichten")
    assert points
    _assert_faithful(article, points)
    assert [p.start for p in points] == sorted(p.start for p in points)


@pytest.mark.parametrize("article", ARTICLES)
def test_summary_three_points_within_word_budget(article: str) -> None:
    points = _points(article, words=80)
    assert 3 <= len(points) <= 5
    assert sum(len(WORD.findall(p.display)) for p in points) <= 80


@pytest.mark.parametrize("n", [1, 2, 4])
def test_summary_respects_requested_number_of_points(n: int) -> None:
    assert len(_points(FLOOD, points=n, words=200)) == n


def test_summary_keeps_the_lead() -> None:
    points = _points(FLOOD, title="Hochwasser in Sachsen")
    assert points[0].text.startswith("Nach tagelangen Regenfällen")


@pytest.mark.parametrize(
    "fragment",
    [
        "Sind die Deiche stark genug?",  # a question
        "Ich habe die Ministerin gefragt",  # the interviewer speaking
        "Sind Sie bereit, die Reform zu ändern?",
        "„Nein, ich bin nicht bereit",  # a quote without its speaker
    ],
)
def test_summary_skips_questions_quotes_and_interviewer(fragment: str) -> None:
    for article in ARTICLES:
        for p in _points(article, points=5, words=200):
            assert fragment not in p.text


def test_summary_prints_a_quote_only_with_its_speaker() -> None:
    """An attributed quote ("Der Bürgermeister sagte: „…“") may be a point, never the quote alone."""
    for p in _points(FLOOD, points=5, words=200):
        if "„Wir tun alles" in p.text:
            assert p.text.startswith("Der Bürgermeister sagte:")


def test_summary_avoids_dangling_opener_without_its_antecedent() -> None:
    # "Dies sei ..." leans on the sentence before it; "Dort ..." on the one before that.
    for n in (3, 4, 5):
        points = _points(FLOOD, points=n, words=200)
        starts = {p.start for p in points}
        for p in points:
            if p.text.startswith(("Dies ", "Dort ")):
                doc = text.analyse(FLOOD)
                sent = doc.sentence_at(p.start)
                assert sent is not None
                assert doc.sentences[sent.index - 1].start in starts


def test_summary_pronoun_opener_needs_the_person_named_earlier() -> None:
    # "Er sieht Ausgaben ..." refers to the budget, not a person; without "Der Bundestag ..." before it,
    # it must not appear.
    for p in _points(BUDGET, points=3):
        if p.text.startswith("Er sieht"):
            assert any(q.text.startswith("Der Bundestag") for q in _points(BUDGET, points=3))


@pytest.mark.parametrize(
    ("sentence", "dropped"),
    [
        ("Bisher hat das Verfassungsgericht jedoch keinen Haushalt vollständig gestoppt.", "jedoch"),
        (
            "Das Technische Hilfswerk (eine Bundesanstalt mit vielen Helfern) schickte 300 Einsatzkräfte.",
            "(eine Bundesanstalt",
        ),
    ],
)
def test_summary_display_drops_connective_or_aside_with_mark(sentence: str, dropped: str) -> None:
    doc = text.analyse(sentence)
    shown = summary._display(doc.sentences, sentence, summary._config())
    assert dropped not in shown
    assert " … " in shown
    assert sentence.startswith(shown.split(" … ")[0])


def test_summary_never_cuts_a_leading_connective() -> None:
    sentence = "Allerdings warnen Ökonomen vor zu geringen Investitionen in Schienen und Schulen."
    doc = text.analyse(sentence)
    assert summary._display(doc.sentences, sentence, summary._config()) == sentence


def test_summary_empty_article_has_no_points() -> None:
    assert _points("") == ()
    assert _points("Kurz.") == ()


@pytest.mark.parametrize(
    "title", ["Lukaschenko im Interview", "Lukaschenko: Bereit, an der Seite Russlands zu kämpfen", None]
)
def test_summary_reference_covers_the_key_statements(reference_text: str, title: str | None) -> None:
    reference_briefing = briefing.analyze(reference_text, published=dt.date(2023, 2, 16), title=title)
    points = reference_briefing.summary
    assert 3 <= len(points) <= 5
    joined = " ".join(p.text for p in points)
    assert "Sind Sie bereit" not in joined
    assert "Ich habe Lukaschenko" not in joined
    # no point repeats a quote printed under Zitate (a point may tell the quote with the headline's
    # news: then Zitate leaves it out)
    for q in reference_briefing.printed_quotes:
        assert not any(p.start < q.end and q.start < p.end for p in points)
    # no point opens with a bare "Er": its referent stands in brackets
    assert not any(re.match(r"(Er|Sie) (?!\[)", p.display or p.text) for p in points)
    _assert_faithful(reference_briefing.text, points)
    as_dict = reference_briefing.to_dict()["summary"]
    assert {"text", "start", "end", "score"} <= set(as_dict[0])


def _tokens(spec: str) -> list[Token]:
    """Tokens from "word/TAG/lemma" items."""
    out = []
    for item in spec.split():
        word, tag, lemma = item.split("/")
        out.append(Token(word, 0, len(word), tag, lemma))
    return out


@pytest.mark.parametrize(
    ("spec", "verb", "says"),
    [
        ("Er/PPER/er erklärte/VVFIN/erklären", 1, True),
        ("Sie/PPER/sie teilte/VVFIN/teilen das/ART/der mit/PTKVZ/mit", 1, True),
        ("Sie/PPER/sie teilte/VVFIN/teilen das/ART/der Brot/NN/Brot", 1, False),
        ("Dort/ADV/dort gab/VVFIN/geben es/PPER/es viel/PIS/viel zu/PTKZU/zu feiern/VVINF/feiern", 1, False),
        ("Sie/PPER/sie gab/VVFIN/geben den/ART/der Plan/NN/Plan bekannt/PTKVZ/bekannt", 1, True),
    ],
)
def test_summary_speech_verbs_come_from_the_lexicon_with_separable_particles(
    spec: str, verb: int, says: bool
) -> None:
    assert summary._says(_tokens(spec), verb) is says


def test_summary_point_names_the_person_an_opening_pronoun_stands_for() -> None:
    """A point is read on its own: "Er" gets its referent as an editorial bracket in ``display``;
    ``text`` stays verbatim."""
    article = (
        "Bürgermeisterin Anna Berger hat am Montag den Haushalt der Stadt Lindau vorgestellt. "
        "Die Stadt muss wegen hoher Energiekosten bei den Schwimmbädern sparen. "
        "Sie kündigte an, die Gebühren für Kindergärten im kommenden Jahr nicht zu erhöhen. "
        "Der Stadtrat berät den Entwurf im Dezember in zwei Sitzungen."
    )
    points = _points(article, title="Haushalt")
    pointed = [p for p in points if p.text.startswith("Sie kündigte")]
    assert pointed, [p.text for p in points]
    assert pointed[0].display.startswith("Sie [Anna Berger] kündigte")
    _assert_faithful(article, points)


def test_summary_no_point_opens_with_an_anaphor_or_repeats_a_key_quote() -> None:
    article = (
        "Die Gewerkschaft hat am Dienstag landesweit zu Warnstreiks im Nahverkehr aufgerufen. "
        "Dabei sollen Busse und Bahnen in allen großen Städten für einen ganzen Tag stillstehen. "
        "Die Arbeitgeber nennen die Forderungen der Gewerkschaft überzogen und unbezahlbar. "
        "Gewerkschaftschef Tom Weber sagte: „Wir lassen uns nicht länger hinhalten, die Beschäftigten "
        "brauchen jetzt einen echten Ausgleich für die Inflation der letzten beiden Jahre.“ "
        "Die nächste Verhandlungsrunde ist für Ende März angesetzt."
    )
    analysed = briefing.analyze(article, published=dt.date(2023, 2, 16), title="Warnstreiks")
    assert analysed.key_quotes
    points = analysed.summary
    assert points
    assert not any(p.text.startswith("Dabei") for p in points)
    for q in analysed.key_quotes:
        assert not any(p.start < q.end and q.start < p.end for p in points)


def test_summary_the_news_comes_first_also_after_a_feature_opening() -> None:
    """Point 1 states the central event: the lede when it tells what happened; after an opening
    that only describes, the first sentence with a title word and a full verb."""
    feature = (
        "Kaum ein Ort ist so still wie das Hochtal von Lindau. "
        "Die Wiesen sind grün und die Kühe sind zufrieden. "
        "Am Montag beschloss der Gemeinderat von Lindau den Bau einer neuen Seilbahn auf den Gipfel. "
        "Die Bahn soll im Jahr 2026 fertig sein und zwölf Millionen Euro kosten. "
        "Naturschützer kündigten bereits eine Klage gegen das Vorhaben an."
    )
    points = _points(feature, title="Lindau baut eine Seilbahn")
    assert points[0].text.startswith("Am Montag beschloss der Gemeinderat")
    news = (
        "Der Gemeinderat von Lindau hat am Montag den Bau einer neuen Seilbahn beschlossen. "
        "Die Bahn soll im Jahr 2026 fertig sein und zwölf Millionen Euro kosten. "
        "Naturschützer kündigten bereits eine Klage gegen das Vorhaben an. "
        "Der Bürgermeister zeigte sich zuversichtlich, dass die Bahn pünktlich fährt."
    )
    assert _points(news, title="Lindau baut eine Seilbahn")[0].text.startswith(
        "Der Gemeinderat von Lindau hat"
    )


def test_summary_reference_opens_with_who_gave_the_interview_where_and_when(reference_text: str) -> None:
    analysed = briefing.analyze(
        reference_text,
        published=dt.date(2023, 2, 16),
        title="Lukaschenko: Bereit, an der Seite Russlands zu kämpfen",
    )
    first = analysed.summary[0].text
    assert "Lukaschenko" in first
    assert "Minsk" in first
    assert "heute" in first
    # ... and that he is ready to fight alongside Russia: the headline's news, told once (as a point,
    # so Zitate leaves that quote out)
    ready = [p for p in analysed.summary if "an der Seite der Russen" in p.text]
    assert ready
    assert not any(q.start < ready[0].end and ready[0].start < q.end for q in analysed.printed_quotes)
