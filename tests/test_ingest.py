"""Reading articles: front matter, plain-text titles, encodings, errors."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from briefing import ingest
from briefing.errors import InputError, InputFormatError

if TYPE_CHECKING:
    from pathlib import Path


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return str(path)


def test_ingest_reads_markdown_front_matter(tmp_path: Path) -> None:
    src = write(
        tmp_path,
        "a.md",
        "---\ntitle: Streik bei der Bahn\ndate: 2024-03-07\nauthor: Anna Schmidt\nsource: dpa\n"
        "url: https://example.org/a\n---\nDie Lokführer streiken.\n",
    )
    article = ingest.read(src)
    assert article.meta.title == "Streik bei der Bahn"
    assert article.meta.published == dt.date(2024, 3, 7)
    assert article.meta.author == "Anna Schmidt"
    assert article.meta.source == "dpa"
    assert article.meta.url == "https://example.org/a"
    assert article.text == "Die Lokführer streiken.\n"


@pytest.mark.parametrize(
    ("first_line", "is_title"),
    [
        ("Streik bei der Bahn", True),
        ("Lukaschenko: Bereit zum Kampf", True),
        ("Die Lokführer streiken ab Donnerstag.", False),
        ("Wer zahlt die Rechnung?", True),  # issue 21: "?" and "!" end headlines too
        ("Streik ab Donnerstag!", True),
    ],
)
def test_ingest_plain_text_title_is_a_headline_first_line(
    tmp_path: Path, first_line: str, is_title: bool
) -> None:
    src = write(tmp_path, "a.txt", f"{first_line}\nDie Gewerkschaft hat zum Streik aufgerufen.\n")
    article = ingest.read(src)
    assert (article.meta.title == first_line) is is_title
    assert article.text.startswith("Die Gewerkschaft" if is_title else first_line)


@pytest.mark.parametrize(
    ("first_line", "is_title"),
    [
        ("Die Lokführer streiken ab Donnerstag.", True),
        ("Lukaschenko im Interview", True),
        (
            (
                "Die Gewerkschaft der Lokführer hat am Mittwochabend in Frankfurt angekündigt, ab Donnerstag "
                "wieder zu streiken."
            ),
            False,
        ),
        ("Vorweg gesagt:", False),
    ],
)
def test_ingest_plain_text_short_first_line_before_a_blank_line_is_the_title(
    tmp_path: Path, first_line: str, is_title: bool
) -> None:
    src = write(tmp_path, "a.txt", f"{first_line}\n\nDie Gewerkschaft hat zum Streik aufgerufen.\n")
    article = ingest.read(src)
    assert (article.meta.title == first_line) is is_title
    assert article.text.startswith("Die Gewerkschaft" if is_title else first_line)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Größere Übung in München".encode("utf-8-sig"), "Größere Übung in München"),
        ("Größere Übung in München – „gut“".encode("cp1252"), "Größere Übung in München – „gut“"),
        ("Größere Übung in München".encode("latin-1"), "Größere Übung in München"),
        ("Cafe\u0301 in Köln".encode(), "Café in Köln"),  # NFC
    ],
)
def test_ingest_decodes_common_encodings(data: bytes, expected: str) -> None:
    assert ingest.decode(data, "x") == expected


def test_ingest_rejects_binary(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="binary"):
        ingest.read(write(tmp_path, "a.txt", b"\x89PNG\r\n\x1a\n\x00\x00"))


def test_ingest_rejects_oversized_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="limit"):
        ingest.read(write(tmp_path, "a.txt", "Wort " * 100), max_bytes=100)


@pytest.mark.parametrize(
    ("front", "needle"),
    [
        ("title: [unclosed\n", "invalid YAML"),
        ("date: gestern\n", "date"),
        ("- a\n- b\n", "mapping"),
        ("title: {a: 1}\n", "title"),
    ],
)
def test_ingest_bad_front_matter_is_a_format_error(tmp_path: Path, front: str, needle: str) -> None:
    with pytest.raises(InputFormatError, match=needle):
        ingest.read(write(tmp_path, "a.md", f"---\n{front}---\nText.\n"))
