"""Text stage: paragraphs, sentences, tokens with offsets, STTS tags and lemmas."""

from __future__ import annotations

import pytest

from briefing import text


@pytest.mark.parametrize(
    ("article", "paragraphs"),
    [
        ("Erster Absatz.\nZweiter Absatz.", ["Erster Absatz.", "Zweiter Absatz."]),
        ("Erster Absatz.\n\nZweiter Absatz.", ["Erster Absatz.", "Zweiter Absatz."]),
        (
            (
                "Überschrift ohne Punkt\nDer Bundestag hat am Donnerstag den Haushalt für das kommende Jahr\n"
                "beschlossen, nachdem die Koalition sich geeinigt hatte.\nNeuer Absatz."
            ),
            [
                "Überschrift ohne Punkt",
                (
                    "Der Bundestag hat am Donnerstag den Haushalt für das kommende Jahr\n"
                    "beschlossen, nachdem die Koalition sich geeinigt hatte."
                ),
                "Neuer Absatz.",
            ],
        ),
        ("  \n\n  Nur ein Satz.  \n\n", ["Nur ein Satz."]),
    ],
)
def test_text_paragraphs_follow_line_breaks_unless_hard_wrapped(article: str, paragraphs: list[str]) -> None:
    doc = text.analyse(article)
    assert [p.text for p in doc.paragraphs] == paragraphs
    assert all(article[p.start : p.end] == p.text for p in doc.paragraphs)


@pytest.mark.parametrize(
    "article",
    [
        "Der Präsident sagte am 16. Februar 2023 in Minsk: „Wir sind bereit.“ Dr. Müller widersprach.",
        "Wir 🙂 lachen 😂 viel ❤️ und 👍🏽 auch :-) hier. Familie 👨‍👩‍👧 kommt.",
        "Café\u00ad-Besitzer in Köln – z. B. am Rhein – zahlen 1.234,5 Euro (ca. 40 %).",
    ],
)
def test_text_tokens_and_sentences_point_into_the_text(article: str) -> None:
    doc = text.analyse(article)
    assert doc.sentences
    for sent in doc.sentences:
        assert article[sent.start : sent.end] == sent.text
        for tok in sent.tokens:
            assert article[tok.start : tok.end] == tok.text


def test_text_emoji_are_tokens_of_their_own() -> None:
    doc = text.analyse("Wir lachen😂viel 👍🏽 heute.")
    words = [t.text for t in doc.tokens]
    assert "😂" in words
    assert "👍🏽" in words


@pytest.mark.parametrize(
    ("word", "pos", "lemma"),
    [
        ("antwortete", "VVFIN", "antworten"),
        ("autoritäre", "ADJA", "autoritär"),
        ("Russlands", "NE", "Russland"),
    ],
)
def test_text_tokens_carry_plain_stts_tags_and_lemmas(word: str, pos: str, lemma: str) -> None:
    doc = text.analyse(
        f"Er antwortete, der autoritäre Herrscher Russlands sei bereit. Wort {word} steht hier."
    )
    tok = next(t for t in doc.tokens if t.text == word)
    assert tok.pos == pos
    assert tok.lemma == lemma


def test_text_fast_viterbi_agrees_with_hanta() -> None:
    words = [
        "Alexander",
        "Lukaschenko",
        "wird",
        "weder",
        "vom",
        "Vereinigten",
        "Königreich",
        "noch",
        "von",
        "der",
        "EU",
        "anerkannt",
        ".",
    ]
    tagger = text._hanta()
    expected = [pos.replace("(", "").replace(")", "") for _, _, pos in tagger.tag_sent(words, taglevel=1)]
    assert [pos for pos, _ in text._tag(words)] == expected
