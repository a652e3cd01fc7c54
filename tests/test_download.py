"""URL downloads against a real HTTP server on 127.0.0.1 (in a thread): a total deadline that a
trickling server cannot stretch, and redirects only where the original URL could already go.

Kept apart from test_hostile_input.py, whose fixture refuses every socket.
"""

from __future__ import annotations

import http.server
import threading
import time
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from briefing import cli, ingest
from briefing.errors import FetchError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

ARTICLE = (
    "Bundestag beschließt Haushalt\n"
    "Der Bundestag hat am Donnerstag den Haushalt für das kommende Jahr beschlossen. "
    "Finanzminister Christian Lindner sprach von einem soliden Fundament.\n"
).encode()
HANG_GUARD = 30.0  # seconds: a generous bound that only a hang exceeds


class Handler(http.server.BaseHTTPRequestHandler):
    """``/artikel``; ``/trickle`` (a body byte every 0.3 s); ``/slow-head`` (the header line by
    line, as slowly); ``/to/...`` redirects to ``...`` with ``{other}`` the second server."""

    other_port: ClassVar[int] = 0
    connections: ClassVar[list[str]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.connections.append(f"{self.server.server_address[1]}{self.path}")
        if self.path == "/artikel":
            self._send(200, {"Content-Type": "text/plain; charset=utf-8"}, ARTICLE)
        elif self.path == "/trickle":
            self._send(200, {"Content-Type": "text/plain", "Content-Length": str(len(ARTICLE))}, b"")
            self._drip(ARTICLE)
        elif self.path == "/slow-head":
            self._drip(b"HTTP/1.1 200 OK\r\n" + b"X-Filler: x\r\n" * 100 + b"\r\n" + ARTICLE)
        elif self.path.startswith("/to/"):
            target = self.path.removeprefix("/to/").replace("{other}", str(self.other_port))
            self._send(302, {"Location": target, "Content-Length": "0"}, b"")
        else:
            self._send(404, {"Content-Length": "0"}, b"")

    def _send(self, code: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _drip(self, data: bytes) -> None:
        """One byte every 0.3 s: no single read waits long, the whole never ends in time."""
        stop = time.monotonic() + HANG_GUARD
        for byte in data:
            if time.monotonic() > stop:
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:  # the client gave up
                return
            time.sleep(0.3)


def _serve() -> tuple[http.server.ThreadingHTTPServer, threading.Thread]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    first, first_thread = _serve()
    second, second_thread = _serve()
    Handler.other_port = second.server_address[1]
    yield f"http://127.0.0.1:{first.server_address[1]}"
    for server, thread in ((first, first_thread), (second, second_thread)):
        server.shutdown()
        server.server_close()
        thread.join()


def test_download_trickling_body_is_cut_off_at_the_deadline(
    capsys: pytest.CaptureFixture[str], base_url: str, tmp_path: Path
) -> None:
    started = time.monotonic()
    code = cli.main(["make", f"{base_url}/trickle", "--timeout", "2", "-o", str(tmp_path / "o.pdf")])
    _, err = capsys.readouterr()
    assert time.monotonic() - started < HANG_GUARD
    assert code == 9, err
    assert (
        err.strip() == f"briefing: error: {base_url}/trickle: not downloaded within 2 seconds (see --timeout)"
    )
    assert list(tmp_path.iterdir()) == []


def test_download_trickling_header_is_cut_off_at_the_deadline(base_url: str) -> None:
    with pytest.raises(FetchError, match=r"not downloaded within 1\.5 seconds"):
        ingest.fetch(f"{base_url}/slow-head", timeout=1.5)


def test_download_default_deadline_is_30_seconds() -> None:
    assert ingest.DOWNLOAD().total_seconds == 30
    assert ingest.DOWNLOAD().read_timeout_seconds < ingest.DOWNLOAD().total_seconds


def test_download_redirect_to_loopback_from_loopback_is_followed(
    capsys: pytest.CaptureFixture[str], base_url: str
) -> None:
    code = cli.main(["make", f"{base_url}/to/http://127.0.0.1:{{other}}/artikel", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Lindner" in out


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.1.2.3/intern", "private"),
        ("http://[fd00::1]/intern", "private"),
        ("http://0.0.0.0:{other}/artikel", "reserved"),
    ],
)
def test_download_redirect_from_loopback_elsewhere_inside_is_refused(
    capsys: pytest.CaptureFixture[str], base_url: str, target: str, kind: str
) -> None:
    Handler.connections.clear()
    code = cli.main(["make", f"{base_url}/to/{target}", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 9, err
    assert out == ""
    assert f"a {kind} address; not followed" in err
    assert len(err.strip().splitlines()) == 1
    assert len(Handler.connections) == 1  # only the redirect itself was asked for


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("10.0.0.1", "private"),
        ("192.168.1.10", "private"),
        ("172.16.5.4", "private"),
        ("0.0.0.0", "reserved"),  # noqa: S104 - an address to classify, nothing binds to it
        ("100.64.0.1", "reserved"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_download_address_kinds(address: str, kind: str | None) -> None:
    assert ingest.address_kind(address) == kind


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "::1"])
def test_download_public_url_may_not_redirect_inside(address: str) -> None:
    """The original URL led to a public address (``origin`` None): no redirect to any other kind."""
    download = ingest._Download("https://example.org/artikel", 30)
    download.redirected = True
    with pytest.raises(FetchError, match="not followed"):
        download.check(address, "intern.example")
    download.check("93.184.216.34", "example.net")  # public to public is fine
