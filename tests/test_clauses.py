"""Clauses and tense of German sentences, computed once per sentence (briefing.language.clauses)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from briefing import temporal, text, timeline
from briefing.language import clauses

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.model import Sentence, Token


def sentence(words: str) -> Sentence:
    (sent,) = text.analyse(words).sentences
    return sent


def clause_text(sent: Sentence, word: str) -> str:
    clause = clauses.clause_at(sent, sent.start + sent.text.index(word))
    return sent.text[clause.start - sent.start : clause.end - sent.start]


@pytest.mark.parametrize(
    ("words", "tense"),
    [
        ("Der Minister trat am Montag zurück.", "past"),  # Präteritum
        ("Die Regierung war am Montag in Berlin.", "past"),  # Präteritum of an auxiliary
        ("Der Minister ist am Montag zurückgetreten.", "past"),  # Perfekt with "sein"
        ("Die Regierung hat das Gesetz beschlossen.", "past"),  # Perfekt with "haben"
        ("Er hatte den Besuch lange angekündigt.", "past"),  # Plusquamperfekt
        ("Der Präsident wird am Freitag nach Warschau reisen.", "future"),  # Futur I
        ("Die Bahn streikt seit Montag.", "present"),  # Präsens
        ("Die Zahl der Arbeitslosen wird größer.", "present"),  # "werden" without an infinitive
        ("Das weiß man erst am Freitag.", "present"),  # irregular present ("wissen")
        ("Das Land übernimmt ab Juli die Kosten.", "present"),  # irregular present inside a word
    ],
)
def test_clauses_tense_of_german_sentences(words: str, tense: str) -> None:
    sent = sentence(words)
    assert clauses.tense_of(sent.tokens) == tense
    assert clauses.sentence_clause(sent).tense == tense


def test_clauses_are_delimited_by_commas_and_subordinate_clauses_have_their_own_tense() -> None:
    sent = sentence("Er sagte am Montag, dass die Regierung zurücktreten werde.")
    assert clause_text(sent, "sagte") == "Er sagte am Montag"
    assert clause_text(sent, "Regierung") == "dass die Regierung zurücktreten werde."
    main, sub = clauses.clauses_of(sent)
    assert (main.tense, sub.tense) == ("past", "future")
    assert main.finite is not None
    assert main.finite.text == "sagte"
    assert sub.finite is not None
    assert sub.finite.text == "werde"
    assert sent.tokens[main.first : main.last] == main.tokens
    assert main.has_verb


def test_clauses_semicolons_dashes_and_brackets_end_a_clause_but_quotation_marks_do_not() -> None:
    sent = sentence(
        "Auf der A 52 ist ein Flugzeug vom Typ „Piper“ abgestürzt; der Pilot (ein Arzt) überlebte – knapp."
    )
    assert clause_text(sent, "Flugzeug") == "Auf der A 52 ist ein Flugzeug vom Typ „Piper“ abgestürzt"
    assert clause_text(sent, "Pilot") == "der Pilot"
    assert clause_text(sent, "Arzt") == "ein Arzt"
    assert clause_text(sent, "überlebte") == "überlebte"
    assert [c.tense for c in clauses.clauses_of(sent)][:2] == ["past", "present"]


def test_clauses_tense_at_a_clause_without_finite_verb_is_the_sentences() -> None:
    sent = sentence("Der Mann verschwand im Mai, am Freitag tot aufgefunden.")
    offset = sent.start + sent.text.index("Freitag")
    assert clauses.clause_at(sent, offset).tense == "present"
    assert clauses.clause_at(sent, offset).finite is None
    assert clauses.tense_at(sent, offset) == "past"


def test_clauses_an_offset_between_two_boundaries_gives_the_whole_sentence() -> None:
    sent = sentence("Er kam, (wie erwartet) am Montag.")
    bracket = next(t for t in sent.tokens if t.text == "(")
    assert clauses.clause_at(sent, bracket.start) == clauses.sentence_clause(sent)


@pytest.mark.parametrize(
    ("words", "verb", "past"),
    [
        ("Er sagte es.", "sagte", True),
        ("Er sagt es.", "sagt", False),
        ("Sie ging nach Hause.", "ging", True),
        ("Sie war zu Hause.", "war", True),
        ("Sie ist zu Hause.", "ist", False),
        ("Sie konnten nicht kommen.", "konnten", True),
    ],
)
def test_clauses_past_finite_verbs(words: str, verb: str, past: bool) -> None:
    token = next(t for t in sentence(words).tokens if t.text == verb)
    assert clauses.is_past_finite(token) is past


def test_clauses_of_a_long_one_line_sentence_are_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """500 time expressions in one 5,000-token line (cut into sentences of at most
    ``sentence_tokens`` before tagging): one analysis of each sentence, and the tense is read from
    each token a bounded number of times (not once per expression)."""
    long = " ".join(["Er kam am Montag nach Berlin und ging dann weiter"] * 500) + "."
    doc = text.analyse(long)
    size = sum(len(s.tokens) for s in doc.sentences)
    assert size >= 5000
    analysed: list[Sentence] = []
    tokens_read = 0
    analyse, tense_of = clauses._analyse, clauses.tense_of

    def counting_analyse(s: Sentence) -> clauses._Clauses:
        analysed.append(s)
        return analyse(s)

    def counting_tense_of(tokens: Sequence[Token]) -> str:
        nonlocal tokens_read
        tokens_read += len(tokens)
        return tense_of(tokens)

    monkeypatch.setattr(clauses, "_analyse", counting_analyse)
    monkeypatch.setattr(clauses, "tense_of", counting_tense_of)
    timexes = temporal.tag(doc, dt.date(2024, 5, 2))
    assert len(timexes) >= 500
    timeline.build(doc, timexes, ())
    assert len(analysed) == len({id(s) for s in analysed}) <= len(doc.sentences)  # each at most once
    assert tokens_read <= 2 * size  # its clauses and the whole sentence, once each


def test_clauses_tense_at_a_subordinate_clause_interrupted_by_a_phrase_is_its_verbs() -> None:
    """ "wenn du im Sommer, nach dem Studium, einsteigen möchtest": the verb-final clause goes on
    past the inserted phrase, so its tense is its own verb's, not the whole sentence's."""
    sent = sentence("Wenn du im Sommer, nach dem Studium, anfangen möchtest, wurde dir das schon gesagt.")
    offset = sent.start + sent.text.index("Sommer")
    assert clauses.clause_at(sent, offset).finite is None
    assert clauses.sentence_clause(sent).tense == "past"
    assert clauses.tense_at(sent, offset) == "present"
