"""The command line: success, bad input, usage errors, exit codes, one-line messages."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from briefing import cli

if TYPE_CHECKING:
    from pathlib import Path

ARTICLE = (
    "Bundestag beschließt Haushalt\n"
    "Der Bundestag hat am Donnerstag den Haushalt für das kommende Jahr beschlossen. "
    "Finanzminister Christian Lindner sprach von einem „soliden Fundament“. "
    "Die Opposition kritisierte die hohen Schulden.\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "artikel.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_cli_make_writes_pdf_to_given_path(
    capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.pdf"
    code, out, err = run(capsys, "make", str(article), "-o", str(target), "--date", "2024-11-21")
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")
    assert str(target) in out
    assert err == ""


def test_cli_make_default_name_is_date_and_ascii_slug(
    capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(
        capsys, "make", str(article), "--date", "2024-11-21", "--title", "Weißrussland: Öl & Gas"
    )
    assert code == 0, err
    assert (tmp_path / "2024-11-21-weissrussland-oel-gas.pdf").is_file()


def test_cli_make_json_prints_the_analysis(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, _ = run(capsys, "make", str(article), "--format", "json", "--date", "2024-11-21")
    assert code == 0
    data = json.loads(out)
    assert data["meta"]["title"] == "Bundestag beschließt Haushalt"
    assert data["meta"]["published"] == "2024-11-21"
    for key in ("quotes", "temporal_expressions", "timeline", "summary", "entities", "context"):
        assert isinstance(data[key], list)
    assert data["text"].startswith("Der Bundestag")


def test_cli_make_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    code, out, _ = run(capsys, "make", "-", "--format", "json")
    assert code == 0
    assert json.loads(out)["meta"]["title"] == "Bundestag beschließt Haushalt"


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["make", "fehlt.txt"], 3, "no such file"),
        (["make", "ARTICLE", "--date", "2023-02-30"], 2, "--date"),
        (["make", "ARTICLE", "--date", "16.02.2023"], 2, "YYYY-MM-DD"),
        (["make", "ARTICLE", "--paper", "A3"], 2, "--paper"),
        (["make", "ARTICLE", "--format", "docx"], 2, "--format"),
        (["make", "ARTICLE", "--locale", "xx_YY"], 2, "--locale"),
        (["make", "ARTICLE", "--bogus"], 2, "--bogus"),
        (["make", "EMPTY"], 3, "empty"),
        (["make", "BLANK"], 3, "empty"),
        (["make", "ARTICLE", "-o", "MISSINGDIR/out.pdf"], 7, "does not exist"),
    ],
)
def test_cli_bad_input_gives_one_line_and_exit_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, article: Path, args: list[str], code: int, needle: str
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n \t\n", encoding="utf-8")
    mapping = {
        "ARTICLE": str(article),
        "EMPTY": str(tmp_path / "empty.txt"),
        "BLANK": str(tmp_path / "blank.txt"),
        "MISSINGDIR/out.pdf": str(tmp_path / "missing" / "out.pdf"),
    }
    got, out, err = run(capsys, *[mapping.get(a, a) for a in args])
    assert got == code
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("briefing: error:")
    assert needle in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf"))
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_version_prints_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("briefing ")


def test_cli_help_lists_make(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "make" in out


def test_cli_refuses_to_overwrite_input(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    before = article.read_bytes()
    code, _, err = run(capsys, "make", str(article), "-o", str(article), "--format", "html")
    assert code == 7
    assert "input" in err
    assert article.read_bytes() == before
