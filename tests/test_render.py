"""The rendered PDF of the reference sample, opened with pypdf and poppler."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from typing import TYPE_CHECKING, Any

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from briefing import api, render, view

if TYPE_CHECKING:
    from pathlib import Path

    import briefing

from conftest import ROOT, SAMPLE_MD

FONTS_DIR = ROOT / "fonts"


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    api.make(str(SAMPLE_MD), target)
    return target


@pytest.fixture(scope="session")
def reader(sample_pdf: Path) -> PdfReader:
    return PdfReader(sample_pdf)


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def embedded_fonts(reader: PdfReader) -> list[tuple[str, bytes]]:
    """(BaseFont, font program bytes) of every embedded font."""
    found: dict[str, bytes] = {}
    for page in reader.pages:
        fonts: Any = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            desc_font = descendants[0].get_object() if descendants else font
            descriptor = desc_font["/FontDescriptor"].get_object()
            for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                if key in descriptor:
                    found[str(font["/BaseFont"])] = descriptor[key].get_object().get_data()
    return sorted(found.items())


def test_render_sample_has_one_to_three_pages(reader: PdfReader) -> None:
    assert 1 <= len(reader.pages) <= 3


def test_render_sample_shows_title_and_german_date(reader: PdfReader) -> None:
    text = pdf_text(reader)
    assert "Lukaschenko: Bereit, an der Seite Russlands" in text
    assert "Donnerstag, 16. Februar 2023" in text
    assert "Lesezeit:" in text


def test_render_sample_keeps_umlauts_and_german_quotes(reader: PdfReader) -> None:
    text = pdf_text(reader)
    assert "Weißrussland" in text
    assert "Befürworter" in text
    assert "„" in text
    assert "“" in text


def test_render_sample_has_page_numbers_in_german(reader: PdfReader) -> None:
    pages = len(reader.pages)
    assert f"Seite 1 von {pages}" in reader.pages[0].extract_text()


def test_render_sample_metadata(reader: PdfReader) -> None:
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Briefing: Lukaschenko: Bereit, an der Seite Russlands zu kämpfen"
    assert meta.author == "BBC"
    assert str(meta.get("/Creator", "")).startswith("briefing ")
    assert meta.creation_date is not None
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"


def test_render_sample_embeds_subsetted_fonts_from_fonts_folder(reader: PdfReader) -> None:
    shipped = {TTFont(path)["name"].getDebugName(4) for path in FONTS_DIR.glob("*.ttf")}
    fonts = embedded_fonts(reader)
    assert fonts, "no embedded fonts"
    families = set()
    for base_font, program in fonts:
        assert base_font[7] == "+", f"{base_font} is not subsetted"
        assert base_font[1:7].isupper(), f"{base_font} is not subsetted"
        full_name = TTFont(io.BytesIO(program))["name"].getDebugName(4)
        assert full_name in shipped, f"{base_font} ({full_name}) is not from fonts/"
        families.add(full_name.split()[1])
    assert families == {"Serif", "Sans"}


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_render_sample_pdffonts_lists_only_embedded_subsets(sample_pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert "DejaVu" not in row
        assert " yes yes " in row, row  # embedded, subset


def test_render_logs_no_weasyprint_warnings(
    reference_briefing: briefing.Briefing, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        render.pdf(render.html(reference_briefing))
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.parametrize("paper", ["A4", "A5", "letter"])
def test_render_paper_sizes(reference_briefing: briefing.Briefing, paper: str) -> None:
    data, pages = render.pdf(render.html(reference_briefing, view.RenderOptions(paper=paper)))
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    width_mm = float(box.width) / 72 * 25.4
    assert round(width_mm) == {"A4": 210, "A5": 148, "letter": 216}[paper]
    assert pages >= 1


def test_render_html_escapes_article_content(reference_briefing: briefing.Briefing) -> None:
    import dataclasses

    from briefing.model import Metadata

    hostile = dataclasses.replace(
        reference_briefing, meta=Metadata(title="<script>alert(1)</script>{{ 7*7 }}", source='BBC"; } x')
    )
    out = render.html(hostile)
    assert "<script>alert(1)" not in out
    assert "&lt;script&gt;" in out
    assert "{{ 7*7 }}" in out


def test_render_without_full_text_omits_the_article(reference_briefing: briefing.Briefing) -> None:
    with_text = render.html(reference_briefing)
    without = render.html(reference_briefing, view.RenderOptions(full_text=False))
    assert "Der Artikel im Wortlaut" in with_text
    assert "Der Artikel im Wortlaut" not in without


def test_render_sample_markdown_keeps_the_reference_text_exactly(reference_text: str) -> None:
    reference = ROOT.parent / "shared" / "samples" / "lukaschenko-interview.txt"
    if not reference.exists():
        pytest.skip("../shared is not beside the checkout")
    assert reference_text == reference.read_text(encoding="utf-8")


@pytest.mark.slow
def test_render_wheel_ships_templates_fonts_and_data(tmp_path: Path) -> None:
    import sys
    import zipfile

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("briefing-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "briefing/templates/briefing.html.j2" in names
    assert "briefing/templates/briefing.css" in names
    assert {f"briefing/fonts/{p.name}" for p in FONTS_DIR.glob("*.ttf")} <= names
    assert "briefing/data/render.yaml" in names


def test_render_warns_with_the_fix_when_harfbuzz_subsetting_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint.text import ffi

    assert render.subsetting_problem() is None  # installed by `make system-deps`
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    message = render.subsetting_problem()
    assert message is not None
    assert "apt-get install libharfbuzz-subset0" in message


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_render_with_knowledge_base_logs_no_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, paper: str
) -> None:
    """Every glyph the layout uses (list markers, quotes, dashes) exists in the packaged fonts."""
    options = api.MakeOptions(paper=paper, context=ROOT / "samples" / "knowledge-base.yaml")
    with caplog.at_level(logging.WARNING):
        result = api.make(str(SAMPLE_MD), tmp_path / "kb.pdf", options)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert result.pages is not None


LONG_URL = "https://www.beispiel-verband.de/veroeffentlichungen/jahresbericht-sicherheitslage-2023.html"
MAIL = "pressestelle@beispiel-verband-nord.de"


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    pdf = tmp_path / "links.pdf"
    pdf.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_render_box_keeps_a_long_url_and_an_email_address_unbroken(
    reference_briefing: briefing.Briefing, tmp_path: Path
) -> None:
    import dataclasses

    from briefing.model import ContextBox, Fact

    facts = (
        Fact(text=f"Der Verband veröffentlicht seinen Jahresbericht unter {LONG_URL} im Netz.", source="kb"),
        Fact(
            text=f"Anfragen von Redaktionen beantwortet die Pressestelle unter {MAIL} binnen eines Tages.",
            source="kb",
        ),
    )
    boxes = (*reference_briefing.context[:2], ContextBox("entity", "Beispielverband", "Organisation", facts))
    data, _ = render.pdf(render.html(dataclasses.replace(reference_briefing, context=boxes)))
    text = _pdftotext(data, tmp_path)
    assert LONG_URL in text
    assert MAIL in text
