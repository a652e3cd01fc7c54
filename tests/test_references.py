"""The language layer's roles and reference resolution on German examples."""

from __future__ import annotations

from typing import ClassVar

import pytest

from briefing import text
from briefing.language import references, roles
from briefing.language.references import Person, resolve_references


class _Places:
    """A tiny stand-in for the entity stage's gazetteer."""

    demonyms: ClassVar[dict[str, str]] = {
        "russisch": "Russland",
        "weißrussisch": "Belarus",
        "französisch": "Frankreich",
    }
    names: ClassVar[dict[str, str]] = {
        "US": "Vereinigte Staaten",
        "Weißrussland": "Belarus",
        "Russland": "Russland",
    }

    def country_of_adjective(self, stem: str) -> str | None:
        return self.demonyms.get(stem)

    def country_of_name(self, word: str) -> str | None:
        return self.names.get(word)


_PLACES = _Places()


def _people(sentence: str, names: list[tuple[str, str, str | None]]) -> list[Person]:
    """Persons from (name, gender, country): every occurrence of the name is a mention."""
    out = []
    for name, gender, country in names:
        starts, at = [], sentence.find(name)
        while at >= 0:
            starts.append(at)
            at = sentence.find(name, at + 1)
        out.append(Person(starts, gender, country))
    return out


def _resolve(sentence: str, names: list[tuple[str, str, str | None]]) -> list[tuple[str, str, str]]:
    found = resolve_references(text.analyse(sentence), _people(sentence, names), _PLACES)
    return [(r.text, r.kind, names[r.person][0]) for r in found.references]


@pytest.mark.parametrize(
    ("sentence", "names", "expected"),
    [
        (
            "Gestern traf Olaf Scholz Journalisten. Er antwortete auf alle Fragen.",
            [("Olaf Scholz", "m", None)],
            [("Er", "pronoun", "Olaf Scholz")],
        ),
        (
            "Peter Müller traf Maria Schmidt in Bonn. Sie sagte, das Treffen sei gut gewesen.",
            [("Peter Müller", "m", None), ("Maria Schmidt", "f", None)],
            [("Sie", "pronoun", "Maria Schmidt")],
        ),
        (
            "Maria Schmidt traf Peter Müller in Bonn. Er sagte, das Treffen sei gut gewesen.",
            [("Maria Schmidt", "f", None), ("Peter Müller", "m", None)],
            [("Er", "pronoun", "Peter Müller")],
        ),
    ],
)
def test_references_pronoun_goes_to_last_named_person_of_its_gender(
    sentence: str, names: list[tuple[str, str, str | None]], expected: list[tuple[str, str, str]]
) -> None:
    assert _resolve(sentence, names) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Peter Müller traf die Gäste. Sie sagten, das Treffen sei gut gewesen.",  # plural
        "Peter Müller kam zu spät. Sie wartete schon.",  # no woman named
    ],
)
def test_references_ambiguous_sie_needs_a_singular_verb_and_a_woman(sentence: str) -> None:
    assert _resolve(sentence, [("Peter Müller", "m", None)]) == []


def test_references_pronoun_too_far_back_stays_unresolved() -> None:
    sentence = "Olaf Scholz kam an. Es regnete. Es war kalt. Der Zug war voll. Niemand sprach. Er ging."
    assert _resolve(sentence, [("Olaf Scholz", "m", None)]) == []


@pytest.mark.parametrize(
    ("sentence", "names", "expected"),
    [
        (
            "Emmanuel Macron empfing Gäste. Der Präsident sprach lange.",
            [("Emmanuel Macron", "m", None)],
            ("Der Präsident", "Emmanuel Macron", "Präsident"),
        ),
        (
            "Wladimir Putin und Joe Biden telefonierten. Der russische Präsident lehnte ab.",
            [("Wladimir Putin", "m", "Russland"), ("Joe Biden", "m", "Vereinigte Staaten")],
            ("Der russische Präsident", "Wladimir Putin", "russischer Präsident"),
        ),
        (
            "Alexander Lukaschenko und Joe Biden telefonierten. Der Präsident von Weißrussland lehnte ab.",
            [("Alexander Lukaschenko", "m", None), ("Joe Biden", "m", "Vereinigte Staaten")],
            ("Der Präsident", "Alexander Lukaschenko", "Präsident von Weißrussland"),
        ),
    ],
)
def test_references_description_goes_to_the_person_with_that_role(
    sentence: str, names: list[tuple[str, str, str | None]], expected: tuple[str, str, str]
) -> None:
    found = resolve_references(text.analyse(sentence), _people(sentence, names), _PLACES)
    (ref,) = found.references
    assert (ref.text, names[ref.person][0], ref.role.text if ref.role else None) == expected
    assert ref.kind == "description"


def test_references_role_before_a_name_is_no_reference() -> None:
    sentence = "Joe Biden reiste ab. Der französische Präsident Emmanuel Macron blieb."
    names: list[tuple[str, str, str | None]] = [("Joe Biden", "m", None), ("Emmanuel Macron", "m", None)]
    assert _resolve(sentence, names) == []


def test_references_referent_before_follows_names_and_references() -> None:
    sentence = "Olaf Scholz traf Maria Schmidt. Er lobte sie."
    names: list[tuple[str, str, str | None]] = [("Olaf Scholz", "m", None), ("Maria Schmidt", "f", None)]
    found = resolve_references(text.analyse(sentence), _people(sentence, names), _PLACES)
    assert found.referent_before(sentence.index("Maria")) == 0
    assert found.referent_before(sentence.index("lobte")) == 0  # "Er" is Scholz
    assert found.referent_before(sentence.index("Er")) == 1
    assert found.referent_before(0) is None
    assert found.person_at(sentence.index("Er")) == 0


@pytest.mark.parametrize(
    ("word", "head"),
    [
        ("Präsident", "präsident"),
        ("US-Präsidentin", "präsident"),
        ("Präsidenten", "präsident"),  # genitive/dative
        ("Außenministerinnen", "minister"),
        ("Pressesprecher", "sprecher"),  # a compound ending in a role noun
        ("Regierungssprecher", "regierungssprecher"),
        ("Ministeriums", None),  # genitive of an institution, not a role
        ("Ministerium", None),
        ("Haus", None),
    ],
)
def test_roles_head_of_a_word(word: str, head: str | None) -> None:
    assert roles.role_head(word) == head


@pytest.mark.parametrize(
    ("sentence", "name", "role", "country", "gender"),
    [
        (
            "Der weißrussische Präsident Alexander Lukaschenko sprach.",
            "Alexander",
            "weißrussischer Präsident",
            "Belarus",
            "m",
        ),
        (
            "Die russische Außenministerin Maria Sacharowa sprach.",
            "Maria",
            "russische Außenministerin",
            "Russland",
            "f",
        ),
        ("Der autoritäre Herrscher Alexander Lukaschenko sprach.", "Alexander", "Herrscher", None, "m"),
        (
            "Da US-Präsident Joe Biden nach Polen reist, wird es eng.",
            "Joe",
            "US-Präsident",
            "Vereinigte Staaten",
            "m",
        ),
        ("Der Sprecher des Ministeriums Peter Müller schwieg.", "Peter", None, None, None),
        ("Gestern traf Olaf Scholz Journalisten.", "Olaf", None, None, None),
    ],
)
def test_roles_role_before_a_name(
    sentence: str, name: str, role: str | None, country: str | None, gender: str | None
) -> None:
    toks = text.analyse(sentence).sentences[0].tokens
    index = next(k for k, t in enumerate(toks) if t.text == name)
    found = roles.role_before(toks, index, _PLACES)
    got = (found.text, found.country, found.gender) if found else (None, None, None)
    assert got == (role, country, gender)


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("Der autoritäre Herrscher Alexander Lukaschenko sprach.", "Alexander", "autoritärer Herrscher"),
        (
            "Der ehemalige weißrussische Präsident Alexander Lukaschenko sprach.",
            "Alexander",
            "ehemaliger weißrussischer Präsident",
        ),
        ("Die russische Außenministerin Maria Sacharowa sprach.", "Maria", "russische Außenministerin"),
        ("Er traf den autoritären Herrscher Alexander Lukaschenko.", "Alexander", None),
    ],
)
def test_roles_describe_keeps_every_adjective_in_the_nominative(
    sentence: str, name: str, role: str | None
) -> None:
    toks = text.analyse(sentence).sentences[0].tokens
    index = next(k for k, t in enumerate(toks) if t.text == name)
    found = roles.role_before(toks, index, _PLACES, describe=True)
    assert (found.text if found else None) == role


def test_roles_office_and_description_heads() -> None:
    toks = text.analyse("Der Sohn und der Präsident kamen.").sentences[0].tokens
    son = roles.role_of(roles.noun_phrase_before(toks, 1), _PLACES)
    president = roles.role_of(roles.noun_phrase_before(toks, 4), _PLACES)
    assert son is not None
    assert president is not None
    assert (son.office, son.description) == (False, False)
    assert (president.office, president.description) == (True, True)


@pytest.mark.parametrize(("word", "stem"), [("Russischen", "russisch"), ("weißrussische", "weißrussisch")])
def test_roles_adjective_stem(word: str, stem: str) -> None:
    assert roles.adjective_stem(word) == stem


def test_references_description_needs_der_or_die() -> None:
    toks = text.analyse("Emmanuel Macron kam. Die Rede des Präsidenten war lang.").sentences[1].tokens
    k = next(k for k, t in enumerate(toks) if t.text == "Präsidenten")
    assert references.description_at(toks, k, _PLACES) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # singular verbs whatever their ending: strong past, "wird", Konjunktiv I, "würde"
        ("Peter Müller traf Maria Schmidt. Dabei griff sie ihn an.", [("sie", "pronoun", "Maria Schmidt")]),
        ("Peter Müller traf Maria Schmidt. Sie wird zurücktreten.", [("Sie", "pronoun", "Maria Schmidt")]),
        ("Peter Müller traf Maria Schmidt. Sie sei zufrieden.", [("Sie", "pronoun", "Maria Schmidt")]),
        # plural verbs, and "sie" as the object after a subject pronoun
        ("Peter Müller traf Maria Schmidt. Sie wollen weiter verhandeln.", []),
        ("Peter Müller traf Maria Schmidt. Danach sind sie abgereist.", []),
        ("Maria Schmidt traf Peter Müller. Er will sie unterstützen.", [("Er", "pronoun", "Peter Müller")]),
    ],
)
def test_references_sie_is_singular_by_the_number_of_its_verb(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    names: list[tuple[str, str, str | None]] = [("Peter Müller", "m", None), ("Maria Schmidt", "f", None)]
    assert _resolve(sentence, names) == expected


@pytest.mark.parametrize(
    ("sentence", "word", "plural"),
    [
        ("Die Gewerkschaften trafen sich. Sie sagten, das sei gut.", "Sie", True),
        ("Die Gewerkschaften trafen sich. Dann ändern sie den Plan.", "sie", True),
        ("Maria Schmidt kam. Sie sagte, das sei gut.", "Sie", False),
        ("Maria Schmidt kam. Er lobte sie.", "sie", False),  # no finite verb next to it
    ],
)
def test_references_plural_pronoun(sentence: str, word: str, plural: bool) -> None:
    toks = text.analyse(sentence).sentences[1].tokens
    k = next(k for k, t in enumerate(toks) if t.text == word)
    assert references.is_plural_pronoun(toks, k) is plural


def test_references_description_gives_an_unknown_gender() -> None:
    # "Merkel" alone has no known gender; "die Bundeskanzlerin" tells it, so "sie" can be her
    sentence = "Peter Müller traf Merkel. Die Bundeskanzlerin lobte ihn. Später griff sie die Opposition an."
    names: list[tuple[str, str, str | None]] = [("Peter Müller", "m", None), ("Merkel", "?", None)]
    found = _resolve(sentence, names)
    assert ("sie", "pronoun", "Merkel") in found


def test_references_resolution_of_people_answers_like_the_walk() -> None:
    sentence = "Olaf Scholz traf Maria Schmidt. Er lobte sie."
    names: list[tuple[str, str, str | None]] = [("Olaf Scholz", "m", None), ("Maria Schmidt", "f", None)]
    walked = resolve_references(text.analyse(sentence), _people(sentence, names), _PLACES)
    people = [[*p.names] for p in _people(sentence, names)]
    for ref in walked.references:
        people[ref.person].append(ref.start)
    read_back = references.Resolution.of_people(people)
    for offset in range(len(sentence) + 1):
        assert read_back.referent_before(offset) == walked.referent_before(offset)
    assert read_back.references == ()
