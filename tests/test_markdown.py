"""Markdown read as CommonMark (issue 21): plain text for the analysis, the structure for print."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from briefing import api, document, ingest, markdown

if TYPE_CHECKING:
    from pathlib import Path

    from briefing.model import Briefing

ARTICLE = """---
date: 2014-06-22
source: Testzeitung
---
# WM: Deutschland spielt unentschieden

Erst flog **Klose** vom Platz, dann kam der Regen. Der Bundestrainer Joachim Löw sagte am Sonntag
in Porto Alegre: „Wir haben heute nicht gut gespielt.“ Mehr dazu auf
[der Seite des DFB](https://www.dfb.de/wm).

## England - Algerien: 0:0

Die Engländer kamen gegen Algerien am Sonntag nicht über ein *torloses Remis* hinaus, das ihnen
nach Ansicht vieler Beobachter im Turnier
kaum weiterhilft. Trainer Roy Hodgson zeigte sich enttäuscht: „Das war zu wenig.“ Die Fans pfiffen.

- Algerien steht im Achtelfinale.
- England muss am Dienstag gegen **Costa Rica** gewinnen.

> Fußball ist ein einfaches Spiel.
"""


def test_markdown_text_has_the_words_without_the_markup() -> None:
    converted = markdown.convert(ARTICLE.split("---\n", 2)[2])
    text = converted.text
    assert "**" not in text
    assert "#" not in text
    assert "](" not in text
    assert "[der Seite" not in text
    assert text.startswith("WM: Deutschland spielt unentschieden\n\nErst flog Klose vom Platz")
    assert "Mehr dazu auf der Seite des DFB.\n\nEngland - Algerien: 0:0\n\nDie Engländer" in text
    # soft line breaks join the lines of a paragraph
    assert "das ihnen nach Ansicht vieler Beobachter im Turnier kaum weiterhilft." in text
    assert "Algerien steht im Achtelfinale.\n\nEngland muss" in text


def test_markdown_structure_spans_point_into_the_text() -> None:
    converted = markdown.convert(ARTICLE.split("---\n", 2)[2])
    text, shape = converted.text, converted.structure
    blocks = [(b.kind, b.level, text[b.start : b.end]) for b in shape.blocks]
    assert blocks == [
        ("heading", 1, "WM: Deutschland spielt unentschieden"),
        ("heading", 2, "England - Algerien: 0:0"),
        ("item", 1, "Algerien steht im Achtelfinale."),
        ("item", 1, "England muss am Dienstag gegen Costa Rica gewinnen."),
        ("quote", 1, "Fußball ist ein einfaches Spiel."),
    ]
    inlines = [(i.kind, text[i.start : i.end], i.href) for i in shape.inlines]
    assert inlines == [
        ("strong", "Klose", None),
        ("link", "der Seite des DFB", "https://www.dfb.de/wm"),
        ("emphasis", "torloses Remis", None),
        ("strong", "Costa Rica", None),
    ]


def test_markdown_offsets_map_back_to_the_source() -> None:
    source = ARTICLE.split("---\n", 2)[2] + "\nZweite &amp; letzte Zeile mit `code`.\n"
    converted = markdown.convert(source)
    mapped = 0
    for offset, char in enumerate(converted.text):
        at = converted.source_map.source_offset(offset)
        if at is not None:
            assert source[at] == char, (offset, char)
            mapped += 1
    assert mapped > 0.9 * len(converted.text)
    klose = converted.text.index("Klose")
    assert source[converted.source_map.source_offset(klose) or 0 :].startswith("Klose**")


@pytest.mark.parametrize(
    ("source", "text"),
    [
        # a text written one paragraph per line (as the reference sample) keeps its lines
        (
            (
                "Der erste Absatz steht auf einer einzigen Zeile, wie es viele Redaktionssysteme liefern, "
                "ohne Umbruch.\nDer zweite Absatz auch.\n"
            ),
            (
                "Der erste Absatz steht auf einer einzigen Zeile, wie es viele Redaktionssysteme liefern, "
                "ohne Umbruch.\nDer zweite Absatz auch."
            ),
        ),
        # hard-wrapped lines are joined, also where a line ends in a full stop
        ("Am 3.\nOktober feiern wir.\n", "Am 3. Oktober feiern wir."),
        # the numbers of a numbered list are words of the article ("16. Februar")
        ("16. Februar 2023: Der Präsident spricht.\n", "16. Februar 2023: Der Präsident spricht."),
        # HTML tags and images are markup, their words are kept
        ("Ein <b>fetter</b> Satz ![Bild](x.png) hier.\n", "Ein fetter Satz  hier."),
    ],
)
def test_markdown_line_breaks_and_numbers(source: str, text: str) -> None:
    assert markdown.convert(source).text == text + "\n"


def test_ingest_markdown_title_from_the_first_heading_and_structure_after_it(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    article = ingest.read(str(path))
    assert article.meta.title == "WM: Deutschland spielt unentschieden"
    assert article.meta.source == "Testzeitung"
    assert article.text.startswith("Erst flog Klose vom Platz")
    assert article.structure.within(len(article.text))
    assert (
        article.text[article.structure.blocks[0].start : article.structure.blocks[0].end]
        == "England - Algerien: 0:0"
    )
    assert article.text[article.structure.inlines[0].start : article.structure.inlines[0].end] == "Klose"


def test_ingest_markdown_front_matter_title_wins_over_the_heading(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Aus dem Kopf\n---\n# Überschrift\n\nDer Text.\n", encoding="utf-8")
    article = ingest.read(str(path))
    assert article.meta.title == "Aus dem Kopf"
    assert article.text == "Überschrift\n\nDer Text.\n"
    assert article.structure.blocks[0].kind == "heading"


def test_ingest_markdown_sample_reads_as_before(tmp_path: Path) -> None:
    from conftest import SAMPLE_MD

    source = SAMPLE_MD.read_text(encoding="utf-8")
    article = ingest.read(str(SAMPLE_MD))
    assert article.text == source.split("---\n", 2)[2]
    assert not article.structure


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Briefing, str]:
    folder = tmp_path_factory.mktemp("md")
    (folder / "wm.md").write_text(ARTICLE, encoding="utf-8")
    result = api.make(str(folder / "wm.md"), folder / "wm.pdf")
    reader = PdfReader(io.BytesIO(result.data))
    return result.briefing, "\n".join(page.extract_text() for page in reader.pages)


def test_markdown_pdf_prints_headings_lists_and_links_without_markup(made: tuple[Briefing, str]) -> None:
    b, text = made
    assert "WM: Deutschland spielt unentschieden" in text
    assert "England - Algerien: 0:0" in text
    assert "Algerien steht im Achtelfinale." in text
    assert "Mehr dazu auf der Seite des DFB." in text
    assert "#" not in text
    assert "**" not in text
    assert not re.search(r"\[[^\]]*\]\(", text)
    assert "](" not in text
    assert b.summary
    for point in b.summary:
        assert b.text[point.start : point.end] == point.text
        assert "**" not in point.text
    # no point starts mid-sentence at a line break of the source
    assert all(point.text[0].isupper() or point.text[0] in '„"' for point in b.summary)
    assert not [s.text for s in b.document.sentences if s.text[0].islower()]
    assert "das ihnen nach Ansicht vieler Beobachter im Turnier kaum weiterhilft." in text.replace("\n", " ")


def test_markdown_html_marks_subheads_italics_and_lists(tmp_path: Path) -> None:
    (tmp_path / "wm.md").write_text(ARTICLE, encoding="utf-8")
    result = api.make(str(tmp_path / "wm.md"), tmp_path / "wm.html", api.MakeOptions(fmt="html"))
    page = result.data.decode("utf-8")
    fulltext = page[page.index('class="fulltext"') :]
    assert '<h3 class="subhead subhead-2">England - Algerien: 0:0</h3>' in fulltext
    assert "<strong>Klose</strong>" in fulltext
    assert "<em>torloses Remis</em>" in fulltext
    assert '<a class="article-link" href="https://www.dfb.de/wm">der Seite des DFB</a>' in fulltext
    assert re.search(
        r'<ul class="article-list">\s*<li class="level-1">Algerien steht im Achtelfinale.</li>', fulltext
    )
    assert (
        '<blockquote class="article-quote"><p>Fußball ist ein einfaches Spiel.</p></blockquote>' in fulltext
    )


def test_markdown_structure_survives_the_editable_document(
    made: tuple[Briefing, str], tmp_path: Path
) -> None:
    b, _ = made
    data = document.build(b)
    assert data["structure"]["blocks"][0] == {
        "kind": "heading",
        "start": 0 + b.text.index("England - Algerien"),
        "end": b.text.index("England - Algerien") + len("England - Algerien: 0:0"),
        "level": 2,
        "ordered": False,
    }
    edited = document.load(document.dump(data, "yaml", name="wm.yaml"), "wm.yaml", "yaml")
    assert edited.briefing.structure == b.structure
    data["structure"]["inlines"][0]["end"] = len(b.text) + 5
    with pytest.raises(Exception, match=r"structure\.inlines\[0\]\.end|beyond the end"):
        document.load(document.dump(data, "yaml", name="wm.yaml"), "wm.yaml", "yaml")


def test_html_keeps_headings_lists_and_emphasis_like_markdown() -> None:
    from conftest import ROOT

    article = ingest.read(str(ROOT / "tests" / "fixtures" / "struktur.html"))
    assert article.meta.title == "WM: Remis gegen Algerien"
    assert article.text.startswith("Erst flog Klose vom Platz")  # dateline moved to the metadata
    assert "**" not in article.text
    assert "](" not in article.text
    shape = article.structure
    assert [(b.kind, article.text[b.start : b.end]) for b in shape.blocks] == [
        ("heading", "England - Algerien: 0:0"),
        ("item", "Algerien steht im Achtelfinale."),
        ("item", "England muss am Dienstag gegen Costa Rica gewinnen."),
    ]
    assert [(i.kind, article.text[i.start : i.end]) for i in shape.inlines] == [
        ("strong", "Klose"),
        ("emphasis", "torloses Remis"),
        ("link", "der Seite des DFB"),
    ]


def test_markdown_links_print_only_web_and_mail_addresses_and_images_are_left_out(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "Ein [Klick](javascript:alert(1)) und ein [Brief](mailto:redaktion@example.org) und "
        '![Bild](http://example.org/x.png) und <img src="http://example.org/y.png"> hier. '
        "Der Bundestag hat am Donnerstag beschlossen.\n",
        encoding="utf-8",
    )
    result = api.make(str(tmp_path / "a.md"), tmp_path / "a.html", api.MakeOptions(fmt="html"))
    page = result.data.decode("utf-8")
    fulltext = page[page.index('class="fulltext"') :]
    assert 'href="javascript' not in page  # markdown-it refuses the link: its text is printed as text
    assert '<a class="article-link" href="mailto:redaktion@example.org">Brief</a>' in fulltext
    assert "x.png" not in page
    assert "<img" not in page


def test_markdown_gender_star_is_a_letter_not_emphasis() -> None:
    source = "Die **Lehrer*innen** und Schüler*innen streiken, jede Bürger*in ist *betroffen*.\n"
    converted = markdown.convert(source)
    assert converted.text == "Die Lehrer*innen und Schüler*innen streiken, jede Bürger*in ist betroffen.\n"
    spans = [(i.kind, converted.text[i.start : i.end]) for i in converted.structure.inlines]
    assert spans == [("strong", "Lehrer*innen"), ("emphasis", "betroffen")]
    for offset, char in enumerate(converted.text):
        at = converted.source_map.source_offset(offset)
        assert at is None or source[at] == char, (offset, char)
