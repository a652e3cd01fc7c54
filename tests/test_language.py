"""Language layer: quotation marks and their pairing, speech verbs, pronouns, name parts."""

from __future__ import annotations

import pytest

from briefing import formatting
from briefing.language import lexicon, marks, names, roles
from briefing.model import Span


def quoted(text: str) -> list[str]:
    """The quotations of a one-paragraph text, marks included."""
    return quoted_in(text, [(0, len(text))])


def quoted_in(text: str, paragraphs: list[tuple[int, int]]) -> list[str]:
    """The quotations of a text with the given paragraphs, marks included."""
    return [text[q.start : q.end] for q in marks.pair_marks(text, paragraphs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sie sagte: „Wir kommen morgen.“", ["„Wir kommen morgen.“"]),
        ("Sie sagte: »Wir kommen morgen.«", ["»Wir kommen morgen.«"]),
        ("Sie sagte: «Wir kommen morgen.»", ["«Wir kommen morgen.»"]),
        ("Sie sagte: ‚Wir kommen.‘", ["‚Wir kommen.‘"]),
        ("Sie sagte: ›Wir kommen.‹", ["›Wir kommen.‹"]),
        ("Sie sagte: ‹Wir kommen.›", ["‹Wir kommen.›"]),
        ('Sie sagte: "Wir kommen morgen."', ['"Wir kommen morgen."']),
        ("She said: “We are coming.”", ["“We are coming.”"]),
        ('Sie sagte: "Wir kommen morgen. "', ['"Wir kommen morgen. "']),
        ("Er nannte es „Wahnsinn“ und „Unsinn“.", ["„Wahnsinn“", "„Unsinn“"]),
    ],
    ids=[
        "german",
        "chevrons-in",
        "chevrons-out",
        "single-german",
        "single-chevrons-in",
        "single-chevrons-out",
        "straight",
        "english",
        "space-before-close",
        "two-in-a-row",
    ],
)
def test_marks_pair_every_quotation_style(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_marks_nested_single_quote_stays_inside_the_outer_quote() -> None:
    text = "Er sagte: „Das Buch ‚Die Welt von gestern‘ hat mich geprägt.“ Dann ging er."
    assert quoted(text) == ["„Das Buch ‚Die Welt von gestern‘ hat mich geprägt.“"]
    (q,) = marks.pair_marks(text, [(0, len(text))])
    assert text[q.inner_start : q.inner_end] == "Das Buch ‚Die Welt von gestern‘ hat mich geprägt."
    assert q.closed


@pytest.mark.parametrize(
    "text",
    [
        "Wie geht's? Das weiß man's nicht.",
        "People’s Liberation Army und Macy’s",
        "Das war in den 90er' Jahren",
    ],
)
def test_marks_apostrophes_are_not_quotations(text: str) -> None:
    assert quoted(text) == []


def test_marks_curly_apostrophe_inside_a_quote_does_not_close_it() -> None:
    text = "Er sagte: ‚Das ist People’s Park.‘"
    assert quoted(text) == ["‚Das ist People’s Park.‘"]


def test_marks_unclosed_quote_runs_to_the_paragraph_end() -> None:
    text = "Sie sagte: „Wir kommen morgen.\n\nDas Wetter war schön."
    paragraphs = [(0, 30), (32, len(text))]
    (q,) = marks.pair_marks(text, paragraphs)
    assert text[q.start : q.end] == "„Wir kommen morgen."
    assert not q.closed
    assert q.inner_end == q.end


def test_marks_quote_goes_on_in_a_paragraph_that_opens_with_a_mark() -> None:
    text = "Sie sagte: „Wir kommen morgen.\n\n„Und wir bleiben.“"
    paragraphs = [(0, 30), (32, len(text))]
    assert quoted_in(text, paragraphs) == [text[11:]]


def test_marks_a_new_opening_mark_ends_an_unclosed_quote() -> None:
    text = "Er rief „Halt und dann „Stopp“."
    assert quoted(text) == ["„Halt und dann", "„Stopp“"]


def test_marks_broken_straight_marks_make_one_quote() -> None:
    text = 'Er antwortete: "Ja, ich bin bereit. "Ich bin bereit, noch einmal zu helfen. "'
    assert quoted(text) == [text[15:]]


def test_marks_german_closing_mark_does_not_open_in_german_text() -> None:
    text = "„Ja“, sagte er. “Nein” ist kein Wort."
    assert quoted(text) == ["„Ja“"]


def test_marks_sets_cover_every_style() -> None:
    assert set('„‚»«›‹“"') <= marks.OPENING
    assert set('“”‘’«»‹›"') <= marks.CLOSING
    assert set("„‚") <= marks.OPENING - marks.CLOSING
    assert set("”‘") <= marks.CLOSING - marks.OPENING
    assert set("»«›‹“\"'’") <= marks.AMBIGUOUS
    assert marks.PAIRED_MARKS | {"'"} == marks.QUOTATION_MARKS
    assert all(marks.is_mark(ch) for ch in "„“”‚‘’»«›‹\"'")
    assert not marks.is_mark("-")
    assert not marks.is_paired_mark("'")


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        (" „Wir kommen.“ ", "Wir kommen."),
        ("»‚Titel‘«", "Titel"),
        ('"Ende"\n', "Ende"),
        ("geht's", "geht's"),
    ],
)
def test_marks_strip_marks_removes_marks_and_spaces_at_the_ends(text: str, stripped: str) -> None:
    assert marks.strip_marks(text) == stripped


# ---------------------------------------------------------------------------------------------- lexicon
@pytest.mark.parametrize("word", ["sagte", "Erklärte", "äußerte", "mitgeteilt", "hinzufügen", "gesagt"])
def test_lexicon_speech_forms(word: str) -> None:
    assert lexicon.speech_verbs().is_speech_form(word)


@pytest.mark.parametrize("word", ["teilte", "fügte", "Haus", "ging", "wies"])
def test_lexicon_separable_stems_and_other_words_are_no_speech_form_alone(word: str) -> None:
    assert not lexicon.speech_verbs().is_speech_form(word)


def test_lexicon_separable_stems_need_their_particle() -> None:
    verbs = lexicon.speech_verbs()
    assert verbs.particles_of("teilte") == ("mit",)
    assert set(verbs.particles_of("gab")) >= {"an", "bekannt", "zu"}
    assert verbs.particles_of("sagte") == ()
    assert verbs.lemma_of("teilte", "mit") == "mitteilen"
    assert verbs.lemma_of("wies", "zurück") == "zurückweisen"
    assert verbs.lemma_of("wies", "hin") == "hinweisen"
    assert verbs.lemma_of("teilte", "an") is None


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("sagte", "sagen"), ("Sprach", "sprechen"), ("hieß", "heißen"), ("angekündigt", "ankündigen")],
)
def test_lexicon_lemma_of_a_form(form: str, lemma: str) -> None:
    verbs = lexicon.speech_verbs()
    assert verbs.lemma_of(form) == lemma
    assert verbs.is_speech_lemma(lemma)


def test_lexicon_lemma_of_an_unknown_word_is_none() -> None:
    assert lexicon.speech_verbs().lemma_of("Haus") is None
    assert not lexicon.speech_verbs().is_speech_lemma("gehen")


def test_lexicon_pronouns() -> None:
    words = lexicon.pronouns()
    assert words.refers_to_person("Er")
    assert words.refers_to_person("sie")
    assert not words.refers_to_person("ich")
    assert words.third_person == {"er": "m", "sie": "f"}
    assert {"ich", "wir"} <= words.first_person
    assert {"ihn", "ihm", "sich"} <= words.objects


def test_lexicon_pronoun_groups() -> None:
    words = lexicon.pronouns()
    assert words.is_third_person("Ihm")
    assert all(words.is_third_person(w) for w in ("er", "sie", "ihn", "ihnen", "ihr"))
    assert not words.is_third_person("ich")
    assert all(words.is_first_person(w) for w in ("Ich", "mich", "mir", "meine", "wir"))
    assert not words.is_first_person("uns")  # generic in news: "unseres Sonnensystems"
    assert {"ich", "du", "er", "sie", "es", "wir", "ihr"} == words.personal
    assert words.indefinite == {"man"}


def test_lexicon_role_and_organisation_words() -> None:
    words = lexicon.words()
    assert "Präsident" in words.roles
    assert {"Herr", "Dr."} <= words.person_titles
    assert {"AG", "Partei"} <= words.org_tokens
    assert "ministerium" in words.org_suffixes
    nouns = lexicon.role_nouns()
    assert {"präsident", "sprecher"} <= nouns.heads
    assert "präsident" in nouns.description_heads
    assert "kanzler" in nouns.offices
    assert nouns.lengths == tuple(sorted(nouns.lengths, reverse=True))


@pytest.mark.parametrize(
    ("text", "punctuation", "ends"),
    [
        ("Er kommt.", ".!?", True),
        ("„Er kommt.“", ".!?", True),
        ("»Er kommt«", ".!?", True),
        ("‚Er kommt‘", ".!?", True),
        ("Er kommt", ".!?", False),
        ("Er kommt,", ".!?", False),
    ],
)
def test_marks_endings_are_the_punctuation_and_every_closing_mark(
    text: str, punctuation: str, ends: bool
) -> None:
    assert text.endswith(marks.endings(punctuation)) is ends
    assert set(marks.CLOSING) <= set(marks.endings(""))


def test_lexicon_name_parts() -> None:
    parts = lexicon.name_parts()
    assert {"von", "van", "de"} <= parts.particles
    assert {"der", "la"} <= parts.particle_articles
    assert {"of", "&"} <= parts.connectors


def test_names_full_forms_take_the_longest_run_of_at_most_four_words() -> None:
    runs = [
        Span(text, 0, len(text))
        for text in ("Anna Berger", "Klara Anna Berger", "Hans Berger", "Jan Peter Paul Otto Berger")
    ]
    full = names.full_forms(runs)
    assert full["Berger"] == "Klara Anna Berger"  # the longest; five words are a list of names
    assert full["Anna Berger"] == "Klara Anna Berger"
    assert "Klara" not in full  # only what a run ends with
    assert names.full_forms([Span("Ida Meier", 0, 9), Span("Udo Meier", 20, 29)])["Meier"] == "Ida Meier"
    assert list(names.word_suffixes("Eva Maria Roth")) == ["Maria Roth", "Roth"]


@pytest.mark.parametrize(
    ("text", "pos", "opens"),
    [
        ('Er sagte "Nein".', 9, True),
        ('Er sagte "Nein".', 14, False),
        ('Er sagte:"Nein".', 9, True),  # after a colon
        ('("Ja")', 1, True),
        ('"Ja" und', 0, True),  # at the start
        ('Er rief " , und ging.', 8, False),  # before punctuation
        ('Er sagte\u00a0"Nein".', 9, True),  # after any whitespace
    ],
)
def test_marks_straight_quote_direction(text: str, pos: int, opens: bool) -> None:
    assert text[pos] == '"'
    assert marks.straight_quote_opens(text, pos) is opens


def test_marks_and_printing_agree_on_straight_quotes() -> None:
    text = 'Er sagte:"Nein, nie."'
    assert quoted(text) == ['"Nein, nie."']
    assert formatting.german_quotes(text) == "Er sagte:„Nein, nie.“"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Teamchef", True),
        ("Sprecherin der Stadt", True),
        ("der weißrussische Präsident", True),
        ("Henk", False),
        ("Fazit von Sandra Boser", False),
        ("Handlungsweise", False),
    ],
)
def test_roles_states_role_needs_a_role_noun(phrase: str, expected: bool) -> None:
    assert roles.states_role(phrase) is expected
