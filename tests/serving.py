"""Starts the real ``briefing serve`` in a subprocess on a free loopback port (for the server tests,
``bench/bench_serve.py`` and ``scripts/serve_screenshot.py``), and how Chromium is started for it."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
import pypdf

if TYPE_CHECKING:
    from collections.abc import Iterator

STARTUP_SECONDS = 180  # spawning and warming the workers on a busy 2-core machine
CHROMIUM = "/usr/bin/chromium"  # Debian's package (scripts/system-deps.sh); never `playwright install`
# headless as root, with no background connections (the machines' network is closed)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: io.BufferedRandom

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")


@contextlib.contextmanager
def serve(*args: str, host: str = "127.0.0.1", env: dict[str, str] | None = None) -> Iterator[Server]:
    """``briefing serve --host HOST --port FREE ARGS…``, until /healthz says the workers are warm;
    stopped with SIGINT (as Ctrl-C) afterwards."""
    port = free_port(host)
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", "--host", host, "--port", str(port), *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        server = Server(f"http://{host}:{port}", process, log)  # type: ignore[arg-type]
        try:
            _wait_ready(server)
            yield server
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"briefing serve ended with {server.process.returncode}:\n{server.output()}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{server.url}/healthz", timeout=2).json().get("status") == "ok":
                return
        time.sleep(0.3)
    raise RuntimeError(f"briefing serve did not get ready in {STARTUP_SECONDS} s:\n{server.output()}")


def pdf_text(data: bytes) -> str:
    """The text of a PDF as pypdf reads it, whitespace collapsed."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
