"""Real-world inputs: HTML (files, URLs on 127.0.0.1), JSON articles, datelines and bylines, encodings."""

from __future__ import annotations

import datetime as dt
import http.server
import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from briefing import formats, ingest
from briefing.errors import FetchError, InputFormatError, NoArticleError, UnsupportedFormatError
from briefing.model import Metadata

if TYPE_CHECKING:
    from collections.abc import Iterator

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLE_HTML = (FIXTURES / "artikel.html").read_text(encoding="utf-8")
FRONT_PAGE_HTML = (FIXTURES / "startseite.html").read_text(encoding="utf-8")
FIRST_SENTENCE = "Die Lokführergewerkschaft GDL hat am Donnerstag bundesweit den Zugverkehr lahmgelegt."


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


# --------------------------------------------------------------------------- HTML files


def test_formats_html_file_gives_main_text_and_metadata() -> None:
    article = ingest.read(str(FIXTURES / "artikel.html"))
    assert article.meta.title == "Streik bei der Bahn: Lokführer legen Arbeit nieder"
    assert article.meta.author == "Anna Schmidt"
    assert article.meta.published == dt.date(2024, 3, 7)
    assert article.meta.source == "Tagesblatt"
    assert article.meta.dateline == "Frankfurt"
    assert article.text.startswith(FIRST_SENTENCE)  # dateline "Frankfurt (dpa) –" moved to metadata
    for junk in ("Startseite", "Impressum", "Werbung", "window.tracking", "Von Anna Schmidt"):
        assert junk not in article.text
    assert article.text.count("\n\n") == 3  # four <p> become four paragraphs


def test_formats_front_page_html_is_no_article(tmp_path: Path) -> None:
    with pytest.raises(NoArticleError, match="no article found") as info:
        ingest.read(str(FIXTURES / "startseite.html"))
    assert info.value.exit_code == 10


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [("windows-1252", "cp1252"), ("iso-8859-1", "latin-1"), ("utf-8", "utf-8")],
)
def test_formats_html_meta_charset_is_honoured(tmp_path: Path, charset: str, encoding: str) -> None:
    html = ARTICLE_HTML.replace('<meta charset="utf-8">', f'<meta charset="{charset}">')
    html = html.replace("„", '"').replace("“", '"').replace("–", "-")  # Latin-1 has no „“–
    article = ingest.read(write(tmp_path, "a.htm", html.encode(encoding)))
    assert "Lokführergewerkschaft" in article.text
    assert "unverhältnismäßig" in article.text


def test_formats_html_sniffed_without_suffix(tmp_path: Path) -> None:
    article = ingest.read(write(tmp_path, "seite", ARTICLE_HTML))
    assert article.text.startswith(FIRST_SENTENCE)


# --------------------------------------------------------------------------- JSON articles


def test_formats_json_article_fields(tmp_path: Path) -> None:
    src = write(
        tmp_path,
        "a.json",
        '{"title": "Haushalt beschlossen", "text": "Berlin (AFP) - Der Bundestag hat den Haushalt '
        'beschlossen.\\n\\nDie Opposition kritisierte ihn.", "date": "2024-11-21T10:00:00+01:00", '
        '"author": "Jan Berg", "source": "Tagesblatt", "url": "https://example.org/h"}',
    )
    article = ingest.read(src)
    assert article.meta == Metadata(
        title="Haushalt beschlossen",
        published=dt.date(2024, 11, 21),
        author="Jan Berg",
        source="Tagesblatt",  # explicit source wins over the dateline's agency
        url="https://example.org/h",
        dateline="Berlin",
    )
    assert article.text == "Der Bundestag hat den Haushalt beschlossen.\n\nDie Opposition kritisierte ihn."


def test_formats_json_text_is_nfc(tmp_path: Path) -> None:
    article = ingest.read(write(tmp_path, "a.json", '{"text": "Cafe\\u0301 in Ko\\u0308ln."}'))
    assert article.text == "Café in Köln."


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ('{"title": "x"', "invalid JSON"),
        ("[1, 2]", "object"),
        ('{"title": "x"}', "text"),
        ('{"text": 42}', "text"),
        ('{"text": "Ja.", "date": "gestern"}', "date"),
    ],
)
def test_formats_bad_json_article_is_a_format_error(tmp_path: Path, data: str, needle: str) -> None:
    with pytest.raises(InputFormatError, match=needle):
        ingest.read(write(tmp_path, "a.json", data))


# --------------------------------------------------------------------------- datelines, bylines


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Von Steve Rosenberg", "Steve Rosenberg"),
        ("Von Anna Schmidt und Jan Müller, ARD-Studio Moskau", "Anna Schmidt und Jan Müller"),
        ("Autorin: Jana Berg", "Jana Berg"),
        ("Ein Kommentar von Ursula Weidenfeld", "Ursula Weidenfeld"),
        ("Von der Leyen reist nach Kiew", None),
        ("Von Montag an wird gestreikt.", None),
    ],
)
def test_formats_byline(line: str, author: str | None) -> None:
    assert formats.parse_byline(line) == author


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Stand: 16.02.2023 14:05 Uhr", dt.date(2023, 2, 16)),
        ("Stand: 16.02.2023", dt.date(2023, 2, 16)),
        ("Aktualisiert am 16. Februar 2023, 14:05 Uhr", dt.date(2023, 2, 16)),
        ("Veröffentlicht: Do, 16.02.23", dt.date(2023, 2, 16)),
        ("Stand: 30.02.2023 14:05 Uhr", None),
        ("Stand der Dinge: unklar", None),
    ],
)
def test_formats_stand_line(line: str, date: dt.date | None) -> None:
    assert formats.parse_stand(line) == date


@pytest.mark.parametrize(
    ("text", "place", "agency"),
    [
        ("Minsk (dpa) – Der Machthaber sprach.", "Minsk", "dpa"),
        ("Berlin/Kiew (dpa/AFP) - Die Regierung tagt.", "Berlin/Kiew", "dpa/AFP"),
        ("Frankfurt am Main (Reuters) — Die Börse schloss.", "Frankfurt am Main", "Reuters"),
        ("Die Regierung (CDU) – sie tagt.", None, None),
        ("Minsk ist die Hauptstadt.", None, None),
    ],
)
def test_formats_dateline(text: str, place: str | None, agency: str | None) -> None:
    found = formats.parse_dateline(text)
    assert (found[0], found[1]) == (place, agency) if found else (place, agency) == (None, None)


def test_formats_plain_text_header_lines_become_metadata(tmp_path: Path) -> None:
    src = write(
        tmp_path,
        "a.txt",
        "Lukaschenko bereit zum Kampf\nVon Steve Rosenberg\nStand: 16.02.2023 14:05 Uhr\n\n"
        "Minsk (dpa) – Der weißrussische Machthaber hat sich bereit erklärt.\nEr sprach mit der BBC.\n",
    )
    article = ingest.read(src)
    assert article.meta.title == "Lukaschenko bereit zum Kampf"
    assert article.meta.author == "Steve Rosenberg"
    assert article.meta.published == dt.date(2023, 2, 16)
    assert article.meta.source == "dpa"
    assert article.meta.dateline == "Minsk"
    assert article.text == "Der weißrussische Machthaber hat sich bereit erklärt.\nEr sprach mit der BBC."


def test_formats_front_matter_wins_over_header_lines(tmp_path: Path) -> None:
    src = write(
        tmp_path,
        "a.md",
        "---\nauthor: Redaktion\ndate: 2023-02-17\n---\nVon Steve Rosenberg\nStand: 16.02.2023\n\nText.\n",
    )
    article = ingest.read(src)
    assert (article.meta.author, article.meta.published) == ("Redaktion", dt.date(2023, 2, 17))
    assert article.text == "Text.\n"


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"], ids=["utf8", "utf8-bom", "cp1252", "latin1"]
)
def test_formats_plain_text_encodings_give_identical_articles(tmp_path: Path, encoding: str) -> None:
    text = (
        "Größere Übung in München\nDie Bundeswehr übt am Starnberger See. Anwohner äußern Ärger über Lärm.\n"
    )
    article = ingest.read(write(tmp_path, "a.txt", text.encode(encoding)))
    assert article.meta.title == "Größere Übung in München"
    assert article.text == "Die Bundeswehr übt am Starnberger See. Anwohner äußern Ärger über Lärm."


def test_formats_decomposed_umlauts_become_nfc(tmp_path: Path) -> None:
    article = ingest.read(write(tmp_path, "a.txt", "Mu\u0308nchen und Ko\u0308ln streiten.\n"))
    assert article.text == "München und Köln streiten."


@pytest.mark.parametrize("name", ["a.pdf", "a.docx", "a.odt", "a.yaml"])
def test_formats_unsupported_files_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsupportedFormatError, match="unsupported format") as info:
        ingest.read(write(tmp_path, name, "Text."))
    assert info.value.exit_code == 11


# --------------------------------------------------------------------------- URLs


class _Handler(http.server.BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[int, str, bytes]]] = {
        "/artikel": (200, "text/html; charset=utf-8", ARTICLE_HTML.encode("utf-8")),
        "/cp1252": (
            200,
            "text/html; charset=windows-1252",
            ARTICLE_HTML.replace('<meta charset="utf-8">', "").encode("cp1252"),
        ),
        "/startseite": (200, "text/html; charset=utf-8", FRONT_PAGE_HTML.encode("utf-8")),
        "/text": (200, "text/plain; charset=utf-8", "Streik\nDie Lokführer streiken heute.\n".encode()),
        "/bild": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
        "/umleitung": (302, "text/plain", b""),
    }

    def do_GET(self) -> None:
        status, ctype, body = self.pages.get(self.path, (404, "text/plain", b"nicht gefunden"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if status == 302:
            self.send_header("Location", "file:///etc/passwd")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 (random port); stopped when the module's tests end."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.timeout = 5
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_formats_url_article(server: str) -> None:
    article = ingest.read(f"{server}/artikel")
    assert article.meta.url == f"{server}/artikel"
    assert article.meta.author == "Anna Schmidt"
    assert article.text.startswith(FIRST_SENTENCE)


def test_formats_url_charset_from_http_header(server: str) -> None:
    article = ingest.read(f"{server}/cp1252")
    assert "unverhältnismäßig" in article.text
    assert "„nicht bezahlbar“" in article.text


def test_formats_url_plain_text(server: str) -> None:
    article = ingest.read(f"{server}/text")
    assert (article.meta.title, article.text) == ("Streik", "Die Lokführer streiken heute.")
    assert article.meta.url == f"{server}/text"


@pytest.mark.parametrize(
    ("path", "error", "needle"),
    [
        ("/startseite", NoArticleError, "no article found"),
        ("/fehlt", FetchError, "HTTP 404"),
        ("/bild", UnsupportedFormatError, "image/png"),
        ("/umleitung", FetchError, "file:///etc/passwd"),
    ],
)
def test_formats_url_errors(server: str, path: str, error: type[Exception], needle: str) -> None:
    with pytest.raises(error, match=needle):
        ingest.read(f"{server}{path}")


def test_formats_url_size_limit(server: str) -> None:
    with pytest.raises(FetchError, match="limit"):
        ingest.read(f"{server}/artikel", max_bytes=500)


def test_formats_unreachable_url_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="unreachable") as info:
        ingest.read(f"http://127.0.0.1:{closed_port()}/artikel")
    assert info.value.exit_code == 9
