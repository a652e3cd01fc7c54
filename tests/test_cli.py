"""The command line: success, bad input, usage errors, exit codes, one-line messages."""

from __future__ import annotations

import json
import logging
import re
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


def test_cli_make_html_in_english_prints_english_chronologie_dates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from conftest import SAMPLE_MD

    target = tmp_path / "briefing.html"
    code, _, err = run(
        capsys, "make", str(SAMPLE_MD), "-o", str(target), "--format", "html", "--locale", "en_US"
    )
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    chronologie = html[html.index('class="timeline"') : html.index('class="context"')]
    assert "February 16, 2023" in chronologie
    assert "Woche ab February 20, 2023" in chronologie
    assert "February 2022" in chronologie
    assert not re.search(r"\bFebruar\b", chronologie)  # no German month name left


@pytest.mark.parametrize(("locale", "shown"), [("de_DE", "3,2\xa0Mio.\xa0€"), ("en_US", "3.2M\xa0€")])
def test_cli_make_html_formats_figures_for_the_locale(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, locale: str, shown: str
) -> None:
    article = tmp_path / "haushalt.txt"
    article.write_text(  # the figures come after the sentences the summary prints (not repeated)
        "Die Stadt Lindau baut ihr altes Rathaus wieder auf. Das Gebäude war im Sommer bei einem Brand "
        "schwer beschädigt worden. Der Stadtrat hat den Plan am Abend einstimmig beschlossen. Die Arbeiten "
        "sollen im Frühjahr beginnen und zwei Jahre dauern. Die Bürger können die Pläne im Foyer der "
        "Stadtbibliothek ansehen. Die Stadt stellt 3,2 Millionen Euro für den Wiederaufbau bereit. "
        "Die Inflation lag zuletzt bei 8 Prozent, die Arbeitslosigkeit bei 5,5 Prozent.\n",
        encoding="utf-8",
    )
    target = tmp_path / "briefing.html"
    options = ["-o", str(target), "--format", "html", "--locale", locale]
    code, _, err = run(capsys, "make", str(article), *options)
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    boxes = html[html.index('class="context"') :]
    assert shown in boxes.replace("&nbsp;", "\xa0")


def test_cli_make_with_knowledge_base_marks_archive_notes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from conftest import ROOT, SAMPLE_MD

    target = tmp_path / "kb.pdf"
    code, _, err = run(
        capsys,
        "make",
        str(SAMPLE_MD),
        "-o",
        str(target),
        "--context",
        str(ROOT / "samples" / "knowledge-base.yaml"),
    )
    assert code == 0, err
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages)
    assert "Archiv" in text
    assert "Stand" in text


def test_cli_knowledge_base_from_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text(
        "- title: Christian Lindner\n  type: PER\n"
        "  text: FDP-Vorsitzender seit 2013.\n  updated: 2024-01-02\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BRIEFING_CONTEXT", str(kb))
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "make", str(source), "--format", "json", "--date", "2024-11-21")
    assert code == 0
    facts = [f for box in json.loads(out)["context"] for f in box["facts"]]
    assert {"text": "FDP-Vorsitzender seit 2013.", "source": "knowledge-base", "updated": "2024-01-02"} in [
        {k: f.get(k) for k in ("text", "source", "updated")} for f in facts
    ]


@pytest.mark.parametrize(
    ("kb", "needles"),
    [
        (
            "- title: Belarus\n  text: Staat.\n  updated: gestern\n",
            ["kb.yaml", "entry 1", "Belarus", "updated"],
        ),
        ("- text: Ohne Titel.\n", ["kb.yaml", "entry 1", "title"]),
        ("- title: A\n  text: B\n  colour: rot\n", ["kb.yaml", "entry 1", "colour"]),
        ("a: &x [1]\nb: *x\n", ["kb.yaml", "aliases"]),
    ],
)
def test_cli_bad_knowledge_base_names_file_entry_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, article: Path, kb: str, needles: list[str]
) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(kb, encoding="utf-8")
    code, _, err = run(capsys, "make", str(article), "--context", str(path), "-o", str(tmp_path / "x.pdf"))
    assert code == 5
    assert len(err.strip().splitlines()) == 1
    for needle in needles:
        assert needle in err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_missing_knowledge_base_is_an_input_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, article: Path
) -> None:
    code, _, err = run(
        capsys, "make", str(article), "--context", str(tmp_path / "none.yaml"), "--format", "json"
    )
    assert code == 3
    assert "knowledge base" in err


def test_cli_timings_prints_each_step(
    capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "make", str(article), "-o", str(tmp_path / "t.pdf"), "--timings")
    assert code == 0
    steps = [line.split()[0] for line in err.splitlines()]
    for name in (
        "read",
        "text",
        "entities",
        "quotes",
        "temporal",
        "summary",
        "context",
        "html",
        "pdf",
        "total",
    ):
        assert name in steps


def test_cli_command_renders_with_weasyprint_started_in_parallel(tmp_path: Path) -> None:
    import subprocess
    import sys

    from pypdf import PdfReader

    from conftest import SAMPLE_MD

    target = tmp_path / "out.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "make", str(SAMPLE_MD), "-o", str(target), "--timings"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "weasyprint started in parallel" in done.stderr
    reader = PdfReader(target)
    assert "Lukaschenko" in reader.pages[0].extract_text()


def test_cli_background_renderer_ends_with_a_failed_input(tmp_path: Path) -> None:
    """A bad input must not leave the forked WeasyPrint child behind (or wait for it)."""
    import subprocess
    import sys

    script = (
        "import multiprocessing, pathlib, sys\n"
        "from briefing import api\n"
        "from briefing.errors import InputError\n"
        "try:\n"
        "    api.make(sys.argv[1], pathlib.Path(sys.argv[2]), prefork=True)\n"
        "except InputError:\n"
        "    pass\n"
        "assert 'weasyprint' not in sys.modules\n"
        "print(len(multiprocessing.active_children()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "fehlt.txt"), str(tmp_path / "out.pdf")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "0"
    assert not (tmp_path / "out.pdf").exists()


UNDATED = "Rücktritt in Berlin\nDer Minister trat gestern zurück. Seine Partei sucht einen Nachfolger.\n"
UNDATED_WARNING = (
    '{name}: no publication date, so 1 time expression ("gestern") could not be dated; '
    "give the date with --date YYYY-MM-DD"
)


@pytest.mark.parametrize(
    "command",
    [
        ["make", "--format", "json", "-o", "out.json"],
        ["make", "--format", "html"],
        ["analyze", "-o", "out.yaml"],
    ],
    ids=["make-json", "make-html", "analyze"],
)
def test_cli_without_a_date_warns_once_that_relative_dates_were_not_placed(
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "ohne-datum.txt"
    source.write_text(UNDATED, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="briefing"):
        code, _, err = run(capsys, command[0], str(source), *command[1:])
    assert code == 0, err
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [UNDATED_WARNING.format(name=source)]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="briefing"):
        code, _, err = run(capsys, command[0], str(source), *command[1:], "--date", "2024-11-21")
    assert code == 0, err
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.parametrize("quiet", [False, True], ids=["default", "quiet"])
def test_cli_undated_warning_is_one_line_on_stderr_and_quiet_silences_it(tmp_path: Path, quiet: bool) -> None:
    """The real command (its own process, so its logging set-up is the one in use)."""
    import subprocess
    import sys

    source = tmp_path / "ohne-datum.txt"
    source.write_text(UNDATED, encoding="utf-8")
    args = [
        "make",
        str(source),
        "--format",
        "json",
        "-o",
        str(tmp_path / "out.json"),
        *(["-q"] if quiet else []),
    ]
    done = subprocess.run(
        [sys.executable, "-m", "briefing", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    expected = "" if quiet else "briefing: WARNING: " + UNDATED_WARNING.format(name=source) + "\n"
    assert done.stderr == expected
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["undated"][0]["text"] == "gestern"
