"""The editorial round trip from the command line: analyze → edit → render; bad inputs write nothing."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from pypdf import PdfReader

from briefing import cli

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

from conftest import SAMPLE_MD

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NEW_SPEAKER = "Alexander Grigorjewitsch Lukaschenko"
NEW_POINT = "Lukaschenko bietet sein Land erneut als Aufmarschgebiet an."


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``briefing analyze`` of the sample, once per module."""
    folder = tmp_path_factory.mktemp("analysis")
    target = folder / "analyse.yaml"
    assert cli.main(["analyze", str(SAMPLE_MD), "-o", str(target), "-q"]) == 0
    return target


def render_edited(
    capsys: pytest.CaptureFixture[str],
    analysis: Path,
    tmp_path: Path,
    change: Callable[[dict[str, Any]], None],
) -> tuple[str, str]:
    """The analysis document edited by ``change``, rendered as `briefing render` does (no full
    text): the command's output and the PDF's text."""
    source = copy(analysis, tmp_path)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = run(capsys, "render", str(source), "--no-full-text")
    assert code == 0, err
    return out, pdf_text(source.with_suffix(".pdf"))


def copy(analysis: Path, tmp_path: Path, name: str = "analyse.yaml") -> Path:
    target = tmp_path / name
    shutil.copy(analysis, target)
    return target


def test_roundtrip_analyze_writes_an_editable_yaml(analysis: Path) -> None:
    data = yaml.safe_load(analysis.read_text(encoding="utf-8"))
    assert data["briefing"] == 1
    assert data["meta"]["title"] == "Lukaschenko: Bereit, an der Seite Russlands zu kämpfen"
    assert data["quotes"][0]["id"] == "q1"
    # the first quote states the headline's news and is a summary point: not printed twice
    assert data["quotes"][0]["include"] is False
    quote = next(q for q in data["quotes"] if q["include"])
    assert data["text"][quote["start"] : quote["end"]] == quote["text"]


@pytest.mark.slow
def test_roundtrip_edited_yaml_renders_the_edits(
    capsys: pytest.CaptureFixture[str], analysis: Path, tmp_path: Path
) -> None:
    source = copy(analysis, tmp_path)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    printed = [q for q in data["quotes"] if q["include"]]
    old_speaker = printed[0]["speaker"]
    printed[0]["speaker"] = NEW_SPEAKER  # fix a speaker
    dropped = printed[1]["text"].strip('"„“ ')
    printed[1]["include"] = False  # drop a quote
    data["summary"][0]["text"] = NEW_POINT  # reword a summary point
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    code, out, err = run(capsys, "render", str(source), "--no-full-text")
    assert code == 0, err
    target = tmp_path / "analyse.pdf"
    assert out.strip().startswith(f"wrote {target}")
    assert "edited: s1" in out
    text = pdf_text(target)
    assert NEW_SPEAKER in text
    assert text.count(NEW_SPEAKER) == 1  # only the first quote's caption changed
    assert old_speaker in text  # the other quotes keep theirs
    assert NEW_POINT in text
    assert dropped[:40] not in text
    assert "redaktionell bearbeitet" in text
    assert PdfReader(target).metadata is not None


@pytest.mark.slow
def test_roundtrip_unedited_render_matches_make(
    capsys: pytest.CaptureFixture[str], analysis: Path, tmp_path: Path
) -> None:
    source = copy(analysis, tmp_path)
    code, _, err = run(capsys, "render", str(source), "--format", "html", "-o", str(tmp_path / "r.html"))
    assert code == 0, err
    code, _, err = run(capsys, "make", str(SAMPLE_MD), "--format", "html", "-o", str(tmp_path / "m.html"))
    assert code == 0, err
    rendered = (tmp_path / "r.html").read_text(encoding="utf-8")
    made = (tmp_path / "m.html").read_text(encoding="utf-8")

    def body(html: str) -> str:
        return html.split("<body", 1)[1]

    assert "edited-mark" not in body(rendered)
    assert body(rendered) == body(made)


def test_roundtrip_json_document(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "analyse.json"
    code, _, err = run(capsys, "analyze", str(FIXTURES / "artikel.html"), "-o", str(target))
    assert code == 0, err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["meta"]["author"] == "Anna Schmidt"
    assert data["meta"]["dateline"] == "Frankfurt"
    data["meta"]["title"] = "Bahnstreik: Pendler weichen aus"
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "render", str(target), "--format", "html")
    assert code == 0, err
    html = (tmp_path / "analyse.html").read_text(encoding="utf-8")
    assert "<h1>Bahnstreik: Pendler weichen aus</h1>" in html


def test_roundtrip_analyze_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyze", str(FIXTURES / "artikel.html"), "-o", "-", "--format", "json")
    assert code == 0
    assert json.loads(out)["text"].startswith("Die Lokführergewerkschaft GDL")


def test_roundtrip_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# --------------------------------------------------------------------------- bad input


def assert_clean_failure(code: int, expected: int, err: str, folder: Path, keep: set[str]) -> None:
    assert code == expected, err
    assert err.startswith("briefing: error:"), err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert {p.name for p in folder.iterdir()} == keep  # nothing new, no temporary files


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("setup", "args", "code", "needle"),
    [
        (
            lambda d: (d / "a.pdf").write_bytes(b"%PDF-1.7 ..."),
            ["analyze", "a.pdf"],
            11,
            "unsupported format .pdf",
        ),
        (lambda d: (d / "a.txt").write_text("Text."), ["render", "a.txt"], 11, "unsupported format .txt"),
        (
            lambda d: (d / "a.yaml").write_text("briefing: 1\nmeta: [\n"),
            ["render", "a.yaml"],
            4,
            "invalid YAML",
        ),
        (lambda d: (d / "a.json").write_text('{"briefing": 1,'), ["render", "a.json"], 4, "invalid JSON"),
        (lambda d: (d / "a.yaml").write_text("briefing: 1\n"), ["render", "a.yaml"], 5, "meta: is missing"),
        (lambda _: None, ["analyze", "http://127.0.0.1:{port}/artikel"], 9, "unreachable"),
        (
            lambda d: shutil.copy(FIXTURES / "startseite.html", d / "s.html"),
            ["analyze", "s.html"],
            10,
            "no article found",
        ),
        (lambda _: None, ["render", "fehlt.yaml"], 3, "no such file"),
        (lambda d: (d / "a.txt").write_text("Text. " * 20), ["analyze", "a.txt", "-o", "a.docx"], 2, "yaml"),
    ],
    ids=[
        "unknown-input",
        "render-txt",
        "invalid-yaml",
        "invalid-json",
        "schema",
        "url",
        "no-article",
        "missing",
        "out",
    ],
)
def test_roundtrip_bad_input_one_line_distinct_code_nothing_written(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    setup: Any,
    args: list[str],
    code: int,
    needle: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    setup(tmp_path)
    keep = {p.name for p in tmp_path.iterdir()}
    got, out, err = run(capsys, *(a.format(port=closed_port()) for a in args))
    assert_clean_failure(got, code, err, tmp_path, keep)
    assert needle in err
    assert out == ""


@pytest.mark.slow
def test_roundtrip_schema_violation_keeps_the_previous_pdf(
    capsys: pytest.CaptureFixture[str], analysis: Path, tmp_path: Path
) -> None:
    source = copy(analysis, tmp_path)
    target = tmp_path / "analyse.pdf"
    target.write_bytes(b"%PDF- previous")
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("speaker:"))
    lines[number - 1] = "  speaker: [Alexander, Lukaschenko]"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got, _, err = run(capsys, "render", str(source))
    assert got == 5
    assert f"quotes[0].speaker: must be a string or null (line {number})" in err
    assert target.read_bytes() == b"%PDF- previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["analyse.pdf", "analyse.yaml"]


# --------------------------------------------------------------------------- URL input end to end


class _Article(http.server.BaseHTTPRequestHandler):
    body = (FIXTURES / "artikel.html").read_bytes()

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def article_url() -> Iterator[str]:
    """One article on a local server at 127.0.0.1; the server stops when the test ends."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Article)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/2024/03/07/bahnstreik.html"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_roundtrip_url_to_document_to_html(
    capsys: pytest.CaptureFixture[str], article_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "bahn.yaml"
    code, out, err = run(capsys, "analyze", article_url, "-o", str(target))
    assert code == 0, err
    assert out.startswith(f"wrote {target}")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["meta"]["url"] == article_url
    assert data["meta"]["source"] == "Tagesblatt"
    code, _, err = run(capsys, "render", str(target), "--format", "html", "--no-full-text")
    assert code == 0, err
    html = (tmp_path / "bahn.html").read_text(encoding="utf-8")
    assert "Streik bei der Bahn" in html


@pytest.mark.slow
def test_roundtrip_a_quote_without_speaker_prints_sprecher_unklar(
    capsys: pytest.CaptureFixture[str], analysis: Path, tmp_path: Path
) -> None:
    def unsure(data: dict[str, Any]) -> None:
        next(q for q in data["quotes"] if q["include"])["speaker"] = None  # the editor is not sure

    _, text = render_edited(capsys, analysis, tmp_path, unsure)
    assert text.count("Sprecher unklar") == 1


UNDATED = (
    "Rücktritt in Berlin\n"
    "Der Minister trat gestern überraschend zurück. Seine Partei sucht nun einen Nachfolger. "
    "Die Opposition verlangt eine Erklärung im Parlament.\n"
)
UNDATED_NOTE = "Ohne Erscheinungsdatum: Die Zeitangabe „gestern“ konnte nicht datiert werden."


@pytest.mark.slow
def test_roundtrip_without_a_date_the_chronologie_says_what_it_could_not_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The Chronologie would be empty: it still appears, with the line instead of vanishing; the
    analysis document carries it to `render`; with --date the entry is there and the line is not."""
    source = tmp_path / "ruecktritt.txt"
    source.write_text(UNDATED, encoding="utf-8")
    code, _, err = run(capsys, "make", str(source), "-o", str(tmp_path / "make.pdf"), "--no-full-text")
    assert code == 0, err
    made = pdf_text(tmp_path / "make.pdf")
    assert "CHRONOLOGIE" in made.upper()
    assert UNDATED_NOTE in made

    code, _, err = run(capsys, "analyze", str(source), "-o", str(tmp_path / "analyse.yaml"), "-q")
    assert code == 0, err
    code, _, err = run(capsys, "render", str(tmp_path / "analyse.yaml"), "--no-full-text")
    assert code == 0, err
    assert UNDATED_NOTE in pdf_text(tmp_path / "analyse.pdf")

    dated = tmp_path / "dated.pdf"
    code, _, err = run(
        capsys, "make", str(source), "-o", str(dated), "--no-full-text", "--date", "2024-11-21"
    )
    assert code == 0, err
    text = pdf_text(dated)
    assert "Ohne Erscheinungsdatum" not in text
    assert "20. November 2024 Der Minister trat gestern überraschend zurück" in text


@pytest.mark.slow
def test_roundtrip_edited_timeline_prints_in_date_order(
    capsys: pytest.CaptureFixture[str], analysis: Path, tmp_path: Path
) -> None:
    moved: dict[str, Any] = {}

    def redate(data: dict[str, Any]) -> None:
        moved.update(data["timeline"][0])
        assert moved["date"] == "2020"
        data["timeline"][0].update(date="2024", label="2024")  # the editor moves an event
        data["timeline"].append(
            {
                "id": "t9",
                "include": True,
                "date": "2019-05-01",
                "label": "1. Mai 2019",
                "text": "Neuer Eintrag.",
            }
        )

    out, text = render_edited(capsys, analysis, tmp_path, redate)
    assert "edited: t9" in out
    first = moved
    chronologie = text[text.upper().index("CHRONOLOGIE") :]
    order = [
        chronologie.index(needle)
        for needle in (
            "1. Mai 2019 Neuer Eintrag.",
            "Februar 2022",
            "Woche ab 20. Februar 2023",
            first["text"][:30],
        )
    ]
    assert order == sorted(order)
