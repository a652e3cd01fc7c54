"""Reading articles: files, standard input, http(s) URLs; plain text, Markdown, HTML, JSON.

This module and ``render``/``cli`` are the only ones doing I/O. Everything read is decoded
(UTF-8 with or without BOM, else the detected legacy encoding), normalised to Unicode NFC and
returned as an :class:`~briefing.model.Article` whose ``text`` is what offsets refer to.
HTML, JSON and the metadata lines at the top of a text are parsed by :mod:`briefing.formats`;
URLs are downloaded here with urllib (timeout, size limit, http/https only, no JavaScript).
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import functools
import http.client
import ipaddress
import os
import re
import socket
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from briefing import formats, markdown, settings
from briefing.errors import FetchError, InputError, InputFormatError, UnsupportedFormatError, ValidationError
from briefing.knowledge_base import DEFAULT_KNOWLEDGE_BASE_LOCATIONS, parse_knowledge_base
from briefing.model import Article, Metadata

if TYPE_CHECKING:
    from briefing.knowledge_base import KnowledgeBase

DEFAULT_MAX_BYTES = 1024 * 1024  # 1 MiB: about 150,000 words, far above any article
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def read_source(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, str]:
    """The raw bytes of a file path or ``-`` (standard input), and a display name."""
    if source == "-":
        name = "<stdin>"
        if sys.stdin is None:  # started with standard input closed (<&-)
            raise InputError(f"{name}: standard input is closed")
        try:
            data = getattr(sys.stdin, "buffer", sys.stdin).read(max_bytes + 1)
        except (OSError, ValueError) as exc:  # ValueError: the stream was closed
            raise InputError(f"{name}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
        if isinstance(data, str):  # a text stream without a buffer (embedding applications)
            data = data.encode("utf-8")
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{source}: no such file")
        if path.is_dir():
            raise InputError(f"{source}: is a directory, not an article file")
        try:
            with path.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{source}: cannot read: {exc.strerror or exc}") from exc
        name = source
    if len(data) > max_bytes:
        raise InputError(f"{name}: larger than the limit of {max_bytes:,} bytes (see --max-bytes)")
    return data, name


def decode(data: bytes, name: str) -> str:
    """Bytes to NFC text: UTF-8 (BOM allowed) first, then the detected encoding."""
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes  # noqa: PLC0415 - only for non-UTF-8 input

        best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "utf_16"]).best()
        if best is None:
            raise InputError(f"{name}: cannot detect the text encoding") from None
        text = str(best)
    text = formats.normalise(text)
    if not text.strip():
        raise InputError(f"{name}: the article is empty")
    return text


class NoAliasLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses anchors and aliases (no "billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in briefing files", event.start_mark
            )
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """Parse untrusted YAML: safe types only, no aliases, bounded nesting. Raises ``yaml.YAMLError``."""
    try:
        return yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise yaml.YAMLError("nested too deeply") from None


def parse_markdown(text: str, name: str) -> Article:
    """Markdown with optional YAML front matter (``title``, ``date``, ``author``, ``source``, ``url``).

    Without a title in the front matter a first line ``# …`` is the title; bylines, "Stand:" lines
    and a dateline at the top become metadata, as in a plain text. The rest is read as CommonMark
    (:mod:`briefing.markdown`): the article text is its plain text, the markup's meaning its
    ``structure``.
    """
    match = _FRONT_MATTER.match(text)
    fields: dict[str, Any] = {}
    body = text
    if match:
        try:
            loaded = load_yaml(match.group(1))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            problem = f": {getattr(exc, 'problem', '')}" if getattr(exc, "problem", None) else ""
            raise InputFormatError(f"{name}: invalid YAML front matter{where}{problem}") from exc
        except ValueError as exc:  # YAML dates that do not exist: "date: 2023-02-30"
            raise InputFormatError(f"{name}: front matter: date: not a valid date ({exc})") from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise InputFormatError(f"{name}: front matter must be a mapping of fields")
        fields = loaded or {}
        body = text[match.end() :]
    body = body.lstrip("\n")
    meta = formats.meta_from(fields, name)
    if meta.title is None and body.startswith("# "):
        first, _, rest = body.partition("\n")
        meta = dataclasses.replace(meta, title=markdown.convert(first).text.strip() or None)
        body = rest.lstrip("\n")
    body, meta = formats.strip_header(body, meta, find_title=False)
    converted = markdown.convert(body)
    if not converted.text.strip():
        raise InputError(f"{name}: the article is empty")
    return Article(text=converted.text, meta=meta, origin=name, structure=converted.structure)


def parse_plain(text: str, name: str) -> Article:
    """Plain text: the first line is the title when it looks like a headline.

    Bylines, "Stand:" lines and a dateline at the top become metadata (:func:`formats.strip_header`).
    """
    body, meta = formats.strip_header(text.strip("\n"), Metadata(), find_title=True)
    return Article(text=body, meta=meta, origin=name)


def is_url(source: str) -> bool:
    """An ``http://`` or ``https://`` address (other schemes are not fetched)."""
    return source[:8].lower().startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class DownloadSettings:
    read_timeout_seconds: float  # connecting, and the longest wait for the next piece of the answer
    total_seconds: float  # the whole download, redirects included (``--timeout``)
    max_redirects: int
    user_agent: str
    accept: str


DOWNLOAD = settings.register(DownloadSettings, "ingest/download.yaml")


def address_kind(address: str) -> str | None:
    """``loopback``, ``link-local``, ``private`` or ``reserved`` for an IP address that is not
    on the public internet; None for a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved:  # 0.0.0.0 reaches this host
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "reserved"
    return None


class _Download:
    """One download: its deadline, the sockets it opened (shut at the deadline by a timer, which
    ends a read that trickles) and the kind of address the original URL led to."""

    def __init__(self, url: str, total: float) -> None:
        self.url = url
        self.total = total
        self.expired = False
        self.redirected = False
        self.origin: str | None = None  # address_kind of the original host
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(total, self.expire)
        self._timer.daemon = True

    def __enter__(self) -> _Download:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def expire(self) -> None:
        """The deadline: every socket of the download is shut, so no read can go on."""
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def allowed(self, host: str, port: int) -> None:
        """Before connecting after a redirect: every address of ``host`` must be public, or of
        the same kind as the original URL's (a loopback URL may redirect to loopback)."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            return  # connecting fails with the usual message
        for info in infos:
            self.check(str(info[4][0]), host)

    def check(self, address: str, host: str) -> None:
        kind = address_kind(address)
        if self.redirected and kind is not None and kind != self.origin:
            raise FetchError(f"{self.url}: redirected to {host} ({address}), a {kind} address; not followed")

    def opened(self, sock: socket.socket, host: str) -> None:
        """A connection was made: checked (again: the name may resolve differently now) and
        watched by the deadline from here on, TLS handshake included (through a duplicate of
        the socket: TLS takes the original over, and shutting either ends the connection)."""
        address = str(sock.getpeername()[0])
        if not self.redirected:
            self.origin = address_kind(address)
        self.check(address, host)
        with self._lock:
            watched = sock.dup()
            self._sockets.append(watched)
            if self.expired:
                watched.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


class _HTTPConnection(http.client.HTTPConnection):
    """A connection whose sockets the download checks and watches (HTTP and, below, HTTPS)."""

    def __init__(self, *args: Any, download: _Download, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.download = download
        self._create_connection = self._connect_watched

    def _connect_watched(
        self, address: tuple[str, int], timeout: Any = None, source_address: Any = None
    ) -> socket.socket:
        host, port = address
        if self.download.redirected:
            self.download.allowed(host, port)
        sock = socket.create_connection(address, timeout, source_address)
        try:
            self.download.opened(sock, host)
        except BaseException:
            sock.close()
            raise
        return sock


class _HTTPSConnection(_HTTPConnection, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, download: _Download) -> None:
        super().__init__()
        self.download = download

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPConnection, download=self.download), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, download: _Download) -> None:
        super().__init__()
        self.download = download

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPSConnection, download=self.download), req)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows at most ``max_redirects`` redirects, to http(s) only; where they may lead is
    checked when connecting (:meth:`_Download.allowed`)."""

    def __init__(self, download: _Download) -> None:
        super().__init__()
        self.download = download

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if not is_url(newurl):
            raise FetchError(f"{req.full_url}: redirected to a non-http(s) address, not followed")
        self.download.redirected = True
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float | None = None) -> tuple[bytes, str]:
    """Download ``url`` (http/https): the body, at most ``max_bytes``, and its content type.

    ``timeout`` bounds the whole download, redirects included (default ``total_seconds`` in
    ``data/ingest/download.yaml``); a server that sends nothing for ``read_timeout_seconds`` is
    given up earlier. Redirects go to http(s) only, and not to a loopback, private, link-local
    or reserved address unless the original URL led to one of the same kind. No cookies, no
    JavaScript, no proxies; every failure is a :class:`FetchError`.
    """
    from briefing import __version__  # noqa: PLC0415

    cfg = DOWNLOAD()
    total = float(timeout if timeout is not None else cfg.total_seconds)
    with _Download(url, total) as download:
        opener = urllib.request.OpenerDirector()
        for handler in (
            _HTTPHandler(download),
            _HTTPSHandler(download),
            type("Redirects", (_RedirectHandler,), {"max_redirections": cfg.max_redirects})(download),
            urllib.request.HTTPErrorProcessor(),
            urllib.request.HTTPDefaultErrorHandler(),
        ):
            opener.add_handler(handler)
        request = urllib.request.Request(  # noqa: S310 - is_url() allows http and https only
            url,
            headers={
                "User-Agent": cfg.user_agent.format(version=__version__),
                "Accept": cfg.accept,
                "Accept-Language": "de",
            },
        )
        try:
            with opener.open(request, timeout=min(cfg.read_timeout_seconds, total)) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise FetchError(f"{url}: larger than the limit of {max_bytes:,} bytes (see --max-bytes)")
                data: bytes = response.read(max_bytes + 1)
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            raise FetchError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from exc
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise _download_error(url, exc, download, cfg.read_timeout_seconds) from exc
        if download.expired:  # the read ended because the deadline shut the connection
            raise _download_error(url, TimeoutError(), download, cfg.read_timeout_seconds)
    if len(data) > max_bytes:
        raise FetchError(f"{url}: larger than the limit of {max_bytes:,} bytes (see --max-bytes)")
    if not data.strip():
        raise InputError(f"{url}: the page is empty")
    return data, content_type


def _download_error(url: str, exc: BaseException, download: _Download, read_timeout: float) -> FetchError:
    """The one-line message for a failed download."""
    if download.expired:
        return FetchError(f"{url}: not downloaded within {download.total:g} seconds (see --timeout)")
    if isinstance(exc, TimeoutError) or (
        isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, TimeoutError)
    ):
        return FetchError(f"{url}: no answer within {min(read_timeout, download.total):g} seconds")
    if isinstance(exc, urllib.error.URLError):
        reason = getattr(exc.reason, "strerror", None) or exc.reason
        return FetchError(f"{url}: unreachable: {reason}")
    return FetchError(f"{url}: download failed: {exc}")


def _decode_html(data: bytes, name: str, charset: str | None) -> str:
    """HTML bytes to NFC text: the HTTP charset, else the ``<meta>`` charset, else :func:`decode`."""
    for label in (charset, formats.declared_charset(data)):
        if not label:
            continue
        try:
            codec = codecs.lookup(label).name
        except LookupError:
            continue
        codec = "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec  # as browsers do
        try:
            text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
        except UnicodeDecodeError:
            continue
        return formats.normalise(text)
    return decode(data, name)


def _kind_of(source: str, text: str, content_type: str = "") -> str:
    """``html``, ``json``, ``markdown`` or ``plain``, from the content type, suffix and content."""
    settings = formats.web_settings()
    mime = content_type.split(";", maxsplit=1)[0].strip().lower()
    suffix = Path(source.split("?", maxsplit=1)[0]).suffix.lower() if source != "-" else ""
    if mime in {"text/html", "application/xhtml+xml"} or suffix in settings["html_suffixes"]:
        return "html"
    if mime == "application/json" or mime.endswith("+json") or suffix in settings["json_suffixes"]:
        return "json"
    if mime == "text/markdown" or suffix in settings["markdown_suffixes"] or _FRONT_MATTER.match(text):
        return "markdown"
    if formats.looks_like_html(text):
        return "html"
    if mime and not mime.startswith("text/"):
        raise UnsupportedFormatError(f"{source}: unsupported content type {mime!r} (not an article page)")
    return "plain"


def read(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float | None = None) -> Article:
    """Read an article from a path, ``-`` or an http(s) URL.

    ``.html``/``.htm`` and HTML pages go through trafilatura, ``.json`` is a JSON article,
    ``.md`` Markdown with front matter; anything else is plain text. PDF, Word and other
    binary formats are refused with :class:`UnsupportedFormatError`. ``timeout`` bounds a URL's
    download (seconds, see :func:`fetch`).
    """
    if is_url(source):
        data, content_type = fetch(source, max_bytes=max_bytes, timeout=timeout)
        charset = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
        if "html" in content_type.lower() or formats.looks_like_html(data[:4096].decode("latin-1")):
            text = _decode_html(data, source, charset.group(1) if charset else None)
        else:
            text = decode(data, source)
        kind = _kind_of(source, text, content_type)
        name = source
    else:
        suffix = Path(source).suffix.lower() if source != "-" else ""
        unsupported: dict[str, str] = formats.web_settings()["unsupported_suffixes"]
        if suffix in unsupported and Path(source).is_file():
            raise UnsupportedFormatError(f"{source}: unsupported format {suffix}: {unsupported[suffix]}")
        data, name = read_source(source, max_bytes=max_bytes)
        return read_bytes(data, name)
    if kind == "html":
        return formats.parse_html(text, name, url=source if is_url(source) else None)
    if kind == "json":
        return formats.parse_json(text, name)
    if kind == "markdown":
        return parse_markdown(text, name)
    article = parse_plain(text, name)
    if is_url(source) and article.meta.url is None:
        article = dataclasses.replace(article, meta=dataclasses.replace(article.meta, url=source))
    return article


def read_bytes(data: bytes, name: str) -> Article:
    """An article already in memory (a file, standard input, an upload), read as a file called
    ``name`` would be: its suffix (``.html``, ``.json``, ``.md``) or its content decides the format."""
    suffix = Path(name).suffix.lower()
    unsupported: dict[str, str] = formats.web_settings()["unsupported_suffixes"]
    if suffix in unsupported:
        raise UnsupportedFormatError(f"{name}: unsupported format {suffix}: {unsupported[suffix]}")
    kind = "html" if suffix in formats.web_settings()["html_suffixes"] else ""
    text = _decode_html(data, name, None) if kind == "html" else decode(data, name)
    kind = kind or _kind_of(name, text)
    if kind == "html":
        return formats.parse_html(text, name)
    if kind == "json":
        return formats.parse_json(text, name)
    if kind == "markdown":
        return parse_markdown(text, name)
    return parse_plain(text, name)


def knowledge_base_path(explicit: Path | None) -> Path | None:
    """The knowledge base to use: ``--context FILE``, else the first existing default location.

    Defaults (``context.DEFAULT_KNOWLEDGE_BASE_LOCATIONS``): ``$BRIEFING_CONTEXT``, then
    ``~/.config/briefing/knowledge-base.yaml``. An explicit file must exist.
    """

    if explicit is not None:
        if not explicit.is_file():
            raise InputError(f"{explicit}: no such knowledge base file")
        return explicit
    for location in DEFAULT_KNOWLEDGE_BASE_LOCATIONS:
        expanded = os.path.expandvars(location)
        if expanded and "$" not in expanded and (candidate := Path(expanded).expanduser()).is_file():
            return candidate
    return None


def read_knowledge_base(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> KnowledgeBase:
    """Read and check a knowledge base YAML file (see ``knowledge_base.parse_knowledge_base``)."""
    stat = path.stat()
    return _read_knowledge_base(str(path.resolve()), stat.st_mtime_ns, stat.st_size, max_bytes)


@functools.cache
def _read_knowledge_base(path: str, mtime_ns: int, size: int, max_bytes: int) -> KnowledgeBase:
    """Cached per file version: batch workers and handouts read it once."""

    del mtime_ns, size  # part of the cache key only
    data, name = read_source(path, max_bytes=max_bytes)
    text = decode(data, name)
    try:
        parsed = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ValidationError(f"{name}: invalid YAML{where}: {getattr(exc, 'problem', '') or exc}") from exc
    except ValueError as exc:
        raise ValidationError(f"{name}: invalid YAML: {exc}") from exc
    return parse_knowledge_base(parsed, name)
