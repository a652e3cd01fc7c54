"""German formatting with Babel: dates, numbers, reading time, file-name slugs."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing import formatting


def test_formatting_long_date_is_german() -> None:
    assert formatting.long_date(dt.date(2023, 2, 16)) == "Donnerstag, 16. Februar 2023"


@pytest.mark.parametrize(("value", "expected"), [(1234.5, "1.234,5"), (1000000, "1.000.000"), (3, "3")])
def test_formatting_number_uses_german_separators(value: float, expected: str) -> None:
    assert formatting.number(value) == expected


@pytest.mark.parametrize(("words", "minutes"), [(1, 1), (200, 1), (201, 2), (600, 3)])
def test_formatting_reading_minutes_at_200_words(words: int, minutes: int) -> None:
    assert formatting.reading_minutes(words) == minutes


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Weißrussland", "weissrussland"),
        ("Lukaschenko: „Bereit zu kämpfen“", "lukaschenko-bereit-zu-kaempfen"),
        ("Über Öl & Gas in Köln", "ueber-oel-gas-in-koeln"),
        ("Ça va, Señor?", "ca-va-senor"),
    ],
)
def test_formatting_slugify_is_ascii(title: str, slug: str) -> None:
    assert formatting.slugify(title) == slug


def test_formatting_slugify_cuts_at_word_boundary() -> None:
    slug = formatting.slugify("Sehr " * 40, max_length=20)
    assert len(slug) <= 20
    assert not slug.endswith("-")


def test_formatting_css_string_cannot_escape_its_quotes() -> None:
    quoted = formatting.css_string('BBC "; } </style><script>')
    assert quoted.startswith('"')
    assert quoted.endswith('"')
    assert '"' not in quoted[1:-1]
    assert "<" not in quoted
    assert "}" not in quoted


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ('der "speziellen Militäroperation", wie Putin', "der „speziellen Militäroperation“, wie Putin"),
        ('Er sagte "Nein" und "Ja".', "Er sagte „Nein“ und „Ja“."),
        (
            'Er antwortete: "Ja, ich bin bereit. "Ich bin bereit.',
            "Er antwortete: „Ja, ich bin bereit. Ich bin bereit.“",
        ),
        ("Schon „typografisch“ gesetzt.", "Schon „typografisch“ gesetzt."),
        ("Ohne Anführungszeichen.", "Ohne Anführungszeichen."),
    ],
)
def test_formatting_german_quotes_for_excerpts(text: str, printed: str) -> None:
    assert formatting.german_quotes(text) == printed
