"""Output profiles: print (bleed, crop marks, greyscale), email (PDF/UA-1), archive (PDF/A-3b)."""

from __future__ import annotations

import io
import json
import logging
import re
from typing import TYPE_CHECKING, Any

import pytest
from pypdf import PdfReader

from briefing import api, cli, extract, profiles
from briefing.errors import InputFormatError, RenderError

if TYPE_CHECKING:
    from pathlib import Path

    import briefing

from conftest import ROOT, SAMPLE_MD

MM = 72 / 25.4


def _pdf(briefing: briefing.Briefing, profile: str, **options: Any) -> tuple[bytes, int]:
    return api.produce(briefing, api.MakeOptions(profile=profile, **options))  # type: ignore[return-value]


@pytest.fixture(scope="session")
def pdfs(reference_briefing: briefing.Briefing) -> dict[str, PdfReader]:
    made = {name: _pdf(reference_briefing, name)[0] for name in profiles.PROFILES}
    made["bleed"] = _pdf(reference_briefing, "print", bleed="3mm", crop_marks=True)[0]
    return {name: PdfReader(io.BytesIO(data)) for name, data in made.items()}


def _xmp(reader: PdfReader) -> str:
    data: bytes = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    return data.decode("utf-8")


def _struct_tags(reader: PdfReader) -> set[str]:
    """Every structure type in the tag tree below StructTreeRoot."""
    found: set[str] = set()
    stack: list[Any] = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if "/S" in node:
                found.add(str(node["/S"]))
            if "/K" in node:
                stack.append(node["/K"])
    return found


def test_profiles_print_bleed_adds_trim_and_bleed_boxes(pdfs: dict[str, PdfReader]) -> None:
    page = pdfs["bleed"].pages[0]
    media, trim, bleed = page.mediabox, page.trimbox, page.bleedbox
    assert round(float(trim.width) / MM) == 210
    assert round(float(trim.height) / MM) == 297
    assert float(media.width) - float(trim.width) == pytest.approx(6 * MM, abs=0.05)
    assert float(trim.left) - float(media.left) == pytest.approx(3 * MM, abs=0.05)
    assert float(bleed.left) <= float(trim.left)
    assert float(bleed.right) >= float(trim.right)


def test_profiles_print_without_bleed_trim_is_the_page(pdfs: dict[str, PdfReader]) -> None:
    page = pdfs["print"].pages[0]
    assert list(page.trimbox) == list(page.mediabox)


@pytest.mark.parametrize("stylesheet", ["briefing.css", "handout.css"])
def test_profiles_print_colours_are_greys(stylesheet: str) -> None:
    """Print colours survive greyscale printing: every colour is a neutral grey (r = g = b)."""
    css = (ROOT / "templates" / stylesheet).read_text(encoding="utf-8")
    colours = re.findall(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", css)
    assert colours or stylesheet == "handout.css"
    for colour in colours:
        digits = colour if len(colour) == 6 else "".join(c * 2 for c in colour)
        r, g, b = (digits[i : i + 2].lower() for i in (0, 2, 4))
        assert r == g == b, f"#{colour} in {stylesheet} is not a grey"


def test_profiles_email_is_tagged_pdf_ua_1(pdfs: dict[str, PdfReader]) -> None:
    reader = pdfs["email"]
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).startswith("de")
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata is not None
    assert reader.metadata.title == "Briefing: Lukaschenko im Interview"
    xmp = _xmp(reader)
    assert 'pdfuaid:part="1"' in xmp
    assert "Briefing: Lukaschenko im Interview" in xmp
    tags = _struct_tags(reader)
    assert {"/H1", "/H2", "/L", "/LI", "/P", "/BlockQuote", "/Sect"} <= tags
    assert all(page.get("/Tabs") == "/S" for page in reader.pages)


def test_profiles_email_renders_without_errors(
    reference_briefing: briefing.Briefing, caplog: pytest.LogCaptureFixture
) -> None:
    """No WeasyPrint errors (e.g. a figure without alt text) and within the size budget."""
    with caplog.at_level(logging.WARNING):
        data, pages = _pdf(reference_briefing, "email")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert len(data) <= profiles.size_budget(profiles.get("email"), pages)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("size_kb", "pages", "warns"),
    [(140, 2, False), (151, 2, True), (151, 1, True), (220, 3, False), (230, 3, True), (300, 4, False)],
)
def test_profiles_email_size_budget_warns_above_150_kb_per_2_pages(
    caplog: pytest.LogCaptureFixture, size_kb: int, pages: int, warns: bool
) -> None:
    with caplog.at_level(logging.WARNING, logger="briefing.profiles"):
        within = profiles.check_size(profiles.get("email"), size_kb * 1024, pages, "x.pdf")
    assert within is not warns
    assert bool(caplog.records) is warns
    if warns:
        assert "budget" in caplog.records[0].getMessage()


def test_profiles_print_has_no_size_budget(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert profiles.check_size(profiles.get("print"), 10**8, 2)
    assert caplog.records == []


@pytest.mark.parametrize(
    ("title", "profile", "name"),
    [
        ("Weißrussland: Öl & Gas", "email", "2023-02-16_briefing_weissrussland-oel-gas.pdf"),
        ("Lukaschenko im Interview", "email", "2023-02-16_briefing_lukaschenko-im-interview.pdf"),
        ("Straßenbahn für Köln", "print", "2023-02-16-strassenbahn-fuer-koeln.pdf"),
        ("Straßenbahn für Köln", "archive", "2023-02-16-strassenbahn-fuer-koeln.pdf"),
        ("„Über“ – …", "email", "2023-02-16_briefing_ueber.pdf"),
    ],
)
def test_profiles_file_names_are_ascii(
    reference_briefing: briefing.Briefing, title: str, profile: str, name: str
) -> None:
    import dataclasses

    b = dataclasses.replace(
        reference_briefing, meta=dataclasses.replace(reference_briefing.meta, title=title)
    )
    got = profiles.output_name(b, profile)
    assert got == name
    assert got.isascii()


def test_profiles_archive_identifies_as_pdf_a_3b(pdfs: dict[str, PdfReader]) -> None:
    reader = pdfs["archive"]
    xmp = _xmp(reader)
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="B"' in xmp
    root = reader.trailer["/Root"]
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert reader.trailer["/ID"]


def test_profiles_archive_embeds_the_analysis_as_associated_file(
    pdfs: dict[str, PdfReader], reference_briefing: briefing.Briefing
) -> None:
    reader = pdfs["archive"]
    assert list(reader.attachments) == ["briefing.json"]
    (data,) = reader.attachments["briefing.json"]
    assert json.loads(data) == json.loads(json.dumps(reference_briefing.to_dict()))
    spec = reader.trailer["/Root"]["/AF"][0].get_object()
    assert spec["/Type"] == "/Filespec"
    assert spec["/AFRelationship"] == "/Data"
    assert spec["/EF"]["/F"].get_object()["/Subtype"] == "/application/json"  # pypdf decodes #2f


@pytest.mark.parametrize("profile", ["print", "email"])
def test_profiles_other_profiles_embed_nothing(pdfs: dict[str, PdfReader], profile: str) -> None:
    assert list(pdfs[profile].attachments) == []
    assert "/AF" not in pdfs[profile].trailer["/Root"]


def test_profiles_extract_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf = tmp_path / "archiv.pdf"
    assert cli.main(["make", str(SAMPLE_MD), "--profile", "archive", "-o", str(pdf)]) == 0
    capsys.readouterr()
    assert cli.main(["make", str(SAMPLE_MD), "--format", "json"]) == 0
    expected = capsys.readouterr().out
    assert cli.main(["extract", str(pdf)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == expected
    assert json.loads(out)["meta"]["title"] == "Lukaschenko: Bereit, an der Seite Russlands zu kämpfen"
    target = tmp_path / "briefing.json"
    assert cli.main(["extract", str(pdf), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == expected


def test_profiles_email_default_name_from_cli(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code = cli.main(["make", str(SAMPLE_MD), "--profile", "email", "--title", "Weißrussland: Öl"])
    assert code == 0, capsys.readouterr().err
    reader = PdfReader(tmp_path / "2023-02-16_briefing_weissrussland-oel.pdf")
    assert 'pdfuaid:part="1"' in _xmp(reader)


@pytest.mark.parametrize(
    ("make_file", "code", "needle"),
    [
        (lambda p: p.write_bytes(b"%PDF-1.7\n kaputt"), 4, "cannot read"),
        (lambda p: p.write_text("Kein PDF, sondern Text.", encoding="utf-8"), 4, "not a PDF"),
        (lambda _p: None, 3, "no such file"),
    ],
)
def test_profiles_extract_bad_input_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make_file: Any, code: int, needle: str
) -> None:
    path = tmp_path / "datei.pdf"
    make_file(path)
    assert cli.main(["extract", str(path)]) == code
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("briefing: error:")
    assert needle in err


def test_profiles_extract_without_attachment_says_so(pdfs: dict[str, PdfReader]) -> None:
    buffer = io.BytesIO()
    from pypdf import PdfWriter

    PdfWriter(clone_from=pdfs["print"]).write(buffer)
    with pytest.raises(InputFormatError, match="--profile archive"):
        extract.analysis_json(buffer.getvalue(), "druck.pdf")


@pytest.mark.parametrize(
    ("value", "normal"), [("3mm", "3mm"), ("3 MM", "3mm"), ("0.125in", "0.125in"), ("9pt", "9pt")]
)
def test_profiles_parse_bleed_accepts_lengths(value: str, normal: str) -> None:
    assert profiles.parse_bleed(value) == normal


@pytest.mark.parametrize("value", ["3", "drei mm", "-3mm", "3mm; color: red", "5cm"])
def test_profiles_parse_bleed_rejects_other_text(value: str) -> None:
    with pytest.raises(ValueError, match=r"bleed|length"):
        profiles.parse_bleed(value)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--profile", "fax"], "--profile"),
        (["--bleed", "3"], "--bleed"),
        (["--profile", "email", "--crop-marks"], "--profile print"),
        (["--out-dir", "x"], "--each"),
    ],
)
def test_profiles_cli_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], needle: str
) -> None:
    assert cli.main(["make", str(SAMPLE_MD), "-o", str(tmp_path / "x.pdf"), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing: error:")
    assert needle in err
    assert not (tmp_path / "x.pdf").exists()


def test_profiles_unknown_profile_in_library_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="unknown profile"):
        profiles.get("fax")
