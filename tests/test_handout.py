"""Handouts: several articles in one PDF with cover, table of contents, bookmarks, new pages."""

from __future__ import annotations

import io
import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from pypdf import PdfReader

from briefing import api, cli, handout

if TYPE_CHECKING:
    from pathlib import Path

    import briefing

from conftest import SAMPLE_MD

TITLES = ["Weißrussland rüstet auf", "Lukaschenko im Interview", "Übung an der Grenze"]


def write_articles(folder: Path, titles: list[str] = TITLES) -> list[Path]:
    body = SAMPLE_MD.read_text(encoding="utf-8").split("---\n", 2)[2]
    paths = []
    for number, title in enumerate(titles, start=1):
        path = folder / f"artikel-{number}.md"
        path.write_text(
            f'---\ntitle: "{title}"\ndate: 2023-02-{10 + number}\nsource: BBC\n---\n{body}', encoding="utf-8"
        )
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_articles(tmp_path_factory.mktemp("handout"))


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) for every bookmark."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


@pytest.fixture(scope="module")
def made(articles: list[Path], tmp_path_factory: pytest.TempPathFactory) -> api.MakeResult:
    target = tmp_path_factory.mktemp("out") / "mappe.pdf"
    return handout.make([str(p) for p in articles], target, api.MakeOptions(title="Morgenkonferenz"))


@pytest.fixture(scope="module")
def reader(made: api.MakeResult) -> PdfReader:
    assert made.path is not None
    return PdfReader(made.path)


def test_handout_cover_lists_articles_with_date(reader: PdfReader) -> None:
    cover = reader.pages[0].extract_text()
    assert "Morgenkonferenz" in cover
    assert "3 Artikel" in cover
    assert re.search(
        r"(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d+\. \w+ 20\d\d", cover
    )
    for title in TITLES:
        assert title in cover
    assert "Inhalt" in cover or "INHALT" in cover


def test_handout_bookmarks_point_at_each_article_start(reader: PdfReader) -> None:
    marks = outline(reader)
    top = [(title, page) for depth, title, page in marks if depth == 0]
    assert [title for title, _ in top] == ["Inhalt", *TITLES]
    assert top[0][1] == 1
    starts = [page for _, page in top[1:]]
    assert starts == sorted(starts)
    assert starts[0] == 2  # the cover is one page
    for title, start in zip(TITLES, starts, strict=True):  # each briefing starts a new page
        text = reader.pages[start - 1].extract_text()
        assert title in text
        assert "BRIEFING · BBC" in text or "Briefing · BBC" in text
        assert "Seite" in reader.pages[start - 2].extract_text()  # the page before is a full page
    sections = {title for depth, title, _ in marks if depth == 1}
    assert {"Das Wichtigste in Kürze", "Zitate", "Der Artikel im Wortlaut"} <= sections


def test_handout_toc_page_numbers_match_bookmarks(reader: PdfReader) -> None:
    cover = reader.pages[0].extract_text()
    starts = {title: page for depth, title, page in outline(reader) if depth == 0}
    for title in TITLES:
        match = re.search(re.escape(title) + r"[ .…]*?(\d+)\s*$", cover, re.MULTILINE)
        assert match, f"no TOC entry for {title}"
        assert int(match.group(1)) == starts[title]


def test_handout_page_count_is_cover_plus_briefings(
    made: api.MakeResult, reader: PdfReader, articles: list[Path]
) -> None:
    singles = [
        api.produce(api.briefing_of(str(p), api.MakeOptions()), api.MakeOptions())[1] for p in articles
    ]
    assert made.pages == len(reader.pages) == 1 + sum(n or 0 for n in singles)
    assert f"Seite 1 von {len(reader.pages)}" in reader.pages[0].extract_text()


def test_handout_metadata_and_ids_unique(made: api.MakeResult, articles: list[Path]) -> None:
    meta = PdfReader(io.BytesIO(made.data)).metadata
    assert meta is not None
    assert meta.title == "Morgenkonferenz"
    briefings = [api.briefing_of(str(p), api.MakeOptions()) for p in articles]
    document = handout.html(briefings)
    ids = re.findall(r'\bid="([^"]+)"', document)
    assert len(ids) == len(set(ids))
    for target in re.findall(r'href="#([^"]+)"', document):
        assert target in ids


def test_handout_duplex_starts_briefings_on_right_hand_pages(articles: list[Path], tmp_path: Path) -> None:
    result = handout.make([str(p) for p in articles], tmp_path / "duplex.pdf", api.MakeOptions(duplex=True))
    reader = PdfReader(io.BytesIO(result.data))
    starts = [page for depth, _, page in outline(reader) if depth == 0][1:]
    assert starts
    assert all(page % 2 == 1 for page in starts), starts
    assert len(reader.pages) >= 1 + len(articles)


@pytest.mark.parametrize("paper", ["A5", "letter"])
def test_handout_paper_sizes(reference_briefing: briefing.Briefing, paper: str) -> None:
    from briefing import render, view

    data, _ = render.pdf(
        handout.html([reference_briefing, reference_briefing], view.RenderOptions(paper=paper))
    )
    width_mm = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm) == {"A5": 148, "letter": 216}[paper]


def test_handout_cli_several_inputs_make_one_pdf(
    capsys: pytest.CaptureFixture[str], articles: list[Path], tmp_path: Path
) -> None:
    target = tmp_path / "mappe.pdf"
    code = cli.main(["make", *map(str, articles[:2]), "-o", str(target)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith(f"wrote {target}")
    reader = PdfReader(target)
    assert [t for d, t, _ in outline(reader) if d == 0] == ["Inhalt", *TITLES[:2]]
    assert reader.metadata is not None
    assert reader.metadata.title is not None
    assert reader.metadata.title.startswith("Briefing-Mappe vom ")


def test_handout_cli_default_name_and_archive_json(
    capsys: pytest.CaptureFixture[str], articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code = cli.main(["make", *map(str, articles), "--date", "2023-02-20", "--profile", "archive"])
    assert code == 0, capsys.readouterr().err
    reader = PdfReader(tmp_path / "2023-02-20-briefing-mappe.pdf")
    (data,) = reader.attachments["briefing.json"]
    analyses = json.loads(data)["handout"]
    assert [a["meta"]["title"] for a in analyses] == TITLES
    assert {a["meta"]["published"] for a in analyses} == {"2023-02-20"}


def test_handout_cli_json_lists_every_analysis(
    capsys: pytest.CaptureFixture[str], articles: list[Path]
) -> None:
    code = cli.main(["make", *map(str, articles), "--format", "json"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert [a["meta"]["title"] for a in json.loads(out)["handout"]] == TITLES


def test_handout_cli_bad_input_writes_nothing(
    capsys: pytest.CaptureFixture[str], articles: list[Path], tmp_path: Path
) -> None:
    target = tmp_path / "mappe.pdf"
    code = cli.main(["make", str(articles[0]), str(tmp_path / "fehlt.md"), "-o", str(target)])
    _, err = capsys.readouterr()
    assert code == 3
    assert "fehlt.md: no such file" in err
    assert len(err.strip().splitlines()) == 1
    assert not target.exists()
