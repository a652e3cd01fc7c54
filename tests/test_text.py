"""Text stage: paragraphs, sentences, tokens with offsets, STTS tags and lemmas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefing import text
from briefing.morph import Morphology, reachability

ROOT = Path(__file__).resolve().parent.parent


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


@pytest.fixture(scope="module")
def plain_hanta() -> Any:
    """A HanTa tagger with its own per-word methods (text._hanta() replaces them)."""
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


def _sample_words() -> list[str]:
    article = (ROOT / "samples" / "lukaschenko-interview.md").read_text(encoding="utf-8")
    return sorted({t.text.lower() for t in text.analyse(article).tokens})


@pytest.mark.parametrize(
    "word",
    [
        "militärstrafverfolgungsbehörde",  # long compound, mostly guessed morphemes
        "eishockey-nationalmannschaft",  # hyphenated compound
        "vorstandsvergütungs-offenlegungsgesetz",
        "weißrussland",
        "lukaschenkos",
        "abzuschrecken",
        "ging",  # short, in HanTa's word lists
        "öl",  # shorter than HanTa's guessing bound
        "x",
        "2023",
        "16.02.2023",
        "covid-19-pandemie",
        "",
    ],
)
def test_text_morphology_equals_hanta_for_german_words(plain_hanta: Any, word: str) -> None:
    fast = Morphology(plain_hanta)
    expected = plain_hanta.analyze_forward(word)
    assert fast.forward(word) == expected
    for tag, _ in expected[:3]:
        assert fast.viterbi(word, -tag) == plain_hanta.analyze_viterbi(word, -tag)


def test_text_morphology_equals_hanta_on_the_sample_article(plain_hanta: Any) -> None:
    fast = Morphology(plain_hanta)
    words = _sample_words()
    assert len(words) > 200
    for word in words:
        expected = plain_hanta.analyze_forward(word)
        assert fast.forward(word) == expected, word
        tag = expected[0][0]
        assert fast.viterbi(word, -tag) == plain_hanta.analyze_viterbi(word, -tag), word


@pytest.mark.parametrize(
    "paragraph",
    [
        "Der Präsident sagte am Donnerstag: „Wir sind bereit.“",
        "Cafe\u0301 und Ba\u0308r sind nicht NFC-normalisiert.",  # combining accents
        "Ein wei\u00adches Trenn\u00adzeichen und ein Null\u200bbreiten-Leerzeichen.",
        "Ge\u00adschützt\u00a0durch geschützte Leerzeichen,\tTabulatoren und\u2009schmale Abstände.",
        "Abkürzungen wie z. B. und u. a. sowie Zahlen wie 1.234,5 Euro.",
        "Emoji 👍🏽 und Hashtags #Minsk @Nutzer https://example.org/pfad?x=1",
    ],
)
def test_text_token_offsets_equal_somajo_alignment(paragraph: str) -> None:
    from somajo import alignment

    tokenizer = text._somajo()  # installs the fast path
    fast = [tok.character_offset for sent in tokenizer.tokenize_text([paragraph]) for tok in sent]
    original = alignment.token_offsets.__wrapped__  # type: ignore[attr-defined]
    patched = alignment.token_offsets
    try:
        alignment.token_offsets = original
        expected = [tok.character_offset for sent in tokenizer.tokenize_text([paragraph]) for tok in sent]
    finally:
        alignment.token_offsets = patched
    assert fast == expected


@pytest.mark.parametrize("word", ["regierungssprecherin", "abzuschrecken", "öl", "2023"])
def test_text_morphology_lemma_paths_equal_hanta_for_every_target_tag(plain_hanta: Any, word: str) -> None:
    fast = Morphology(plain_hanta)
    for target in sorted(plain_hanta.reachability):
        assert fast.viterbi(word, target) == plain_hanta.analyze_viterbi(word, target), target


def test_text_morphology_equals_hanta_without_guessing(plain_hanta: Any) -> None:
    plain_hanta.strict = True  # HanTa's mode without guesses for unknown morphemes
    try:
        fast = Morphology(plain_hanta)
        for word in ["regierungssprecherin", "lukaschenko", "öl", "x", ""]:
            assert fast.forward(word) == plain_hanta.analyze_forward(word), word
    finally:
        plain_hanta.strict = False


def test_text_reachability_table_equals_hanta(plain_hanta: Any) -> None:
    assert reachability(plain_hanta) == plain_hanta.reachability
    assert text._hanta().reachability == plain_hanta.reachability
    assert text._hanta().atomic_class == plain_hanta.atomic_class


@pytest.mark.parametrize(
    ("article", "sentences"),
    [
        (
            "Eins.\n\n\u00ad\n\nZwei Sätze hier. Und noch einer.\n\nDrei.",
            ["Eins.", "Zwei Sätze hier.", "Und noch einer.", "Drei."],
        ),
        (
            "Vorweg.\n\n\u200b\n\nDer Rat tagt. Er beschließt nichts.",
            ["Vorweg.", "Der Rat tagt.", "Er beschließt nichts."],
        ),
    ],
)
def test_text_paragraphs_after_an_untokenisable_one_keep_every_sentence(
    article: str, sentences: list[str]
) -> None:
    doc = text.analyse(article)
    found = [s.text for s in doc.sentences]
    for sentence in sentences:
        assert sentence in found
    assert all(doc.text[t.start : t.end] == t.text for t in doc.tokens)


def test_text_fallback_sentences_point_into_the_text() -> None:
    article = "Vorspann.\n\nEins hier. Zwei dort. Drei."
    start = article.index("Eins")
    spans = list(text._fallback_sentences(article, start, len(article)))
    assert [article[s[0][0] : s[-1][1]] for s in spans] == ["Eins hier.", "Zwei dort.", "Drei."]


@pytest.mark.parametrize(
    ("article", "sentences"),
    [
        (  # issue 21: a first sentence cut inside two apostrophes used as quotation marks
            "Die Polizei bat auf der Facebook Seite ''HRS.freie.Wähler'' um Hinweise. Der Täter floh.",
            ["Die Polizei bat auf der Facebook Seite ''HRS.freie.Wähler'' um Hinweise.", "Der Täter floh."],
        ),
        (
            "Die Polizei bat auf der Facebook Seite ,,HRS.freie. Wähler'' um Hinweise. Der Täter floh.",
            ["Die Polizei bat auf der Facebook Seite ,,HRS.freie. Wähler'' um Hinweise.", "Der Täter floh."],
        ),
        (  # a quote that ends its sentence ends it, as with „…“
            "Er sagte ''Wir kommen.'' Dann ging er.",
            ["Er sagte ''Wir kommen.''", "Dann ging er."],
        ),
        ("Er sagte ,,Wir kommen.`` Dann ging er.", ["Er sagte ,,Wir kommen.``", "Dann ging er."]),
        ("Er sagte „Wir kommen.“ Dann ging er.", ["Er sagte „Wir kommen.“", "Dann ging er."]),
    ],
)
def test_text_sentences_survive_two_character_quotation_marks(article: str, sentences: list[str]) -> None:
    doc = text.analyse(article)
    assert [s.text for s in doc.sentences] == sentences
    assert all(article[t.start : t.end] == t.text for t in doc.tokens)
    assert all(article[s.start : s.end] == s.text for s in doc.sentences)


def test_text_two_character_marks_are_one_token() -> None:
    doc = text.analyse("Er sagte ,,Wir kommen.'' und ging.")
    assert [t.text for t in doc.tokens][2:4] == [",,", "Wir"]
    assert "''" in [t.text for t in doc.tokens]
