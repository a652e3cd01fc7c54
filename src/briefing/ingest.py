"""Reading articles: files, standard input, http(s) URLs; plain text, Markdown, HTML, JSON.

This module and ``render``/``cli`` are the only ones doing I/O. Everything read is decoded
(UTF-8 with or without BOM, else the detected legacy encoding), normalised to Unicode NFC and
returned as an :class:`~briefing.model.Article` whose ``text`` is what offsets refer to.
HTML, JSON and the metadata lines at the top of a text are parsed by :mod:`briefing.formats`;
URLs are downloaded here with urllib (timeout, size limit, http/https only, no JavaScript).
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import http.client
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from briefing import formats, markdown
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
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "<stdin>"
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


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) only, at most ``max_redirections`` of them."""

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if not is_url(newurl):
            raise FetchError(f"{req.full_url}: redirected to a non-http(s) address, not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float | None = None) -> tuple[bytes, str]:
    """Download ``url`` (http/https): the body, at most ``max_bytes``, and its content type.

    No cookies, no JavaScript, no other schemes; every failure is a :class:`FetchError`.
    """
    from briefing import __version__  # noqa: PLC0415

    settings = formats.web_settings()
    wait = float(timeout if timeout is not None else settings["timeout_seconds"])
    redirects = type("Redirects", (_RedirectHandler,), {"max_redirections": int(settings["max_redirects"])})()
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        redirects,
        urllib.request.HTTPErrorProcessor(),
        urllib.request.HTTPDefaultErrorHandler(),
    ):
        opener.add_handler(handler)
    request = urllib.request.Request(  # noqa: S310 - is_url() allows http and https only
        url,
        headers={
            "User-Agent": settings["user_agent"].format(version=__version__),
            "Accept": settings["accept"],
            "Accept-Language": "de",
        },
    )
    try:
        with opener.open(request, timeout=wait) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"{url}: larger than the limit of {max_bytes:,} bytes (see --max-bytes)")
            data: bytes = response.read(max_bytes + 1)
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or exc.reason
        raise FetchError(f"{url}: unreachable: {reason}") from exc
    except TimeoutError as exc:
        raise FetchError(f"{url}: no answer within {wait:g} seconds") from exc
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise FetchError(f"{url}: download failed: {exc}") from exc
    if len(data) > max_bytes:
        raise FetchError(f"{url}: larger than the limit of {max_bytes:,} bytes (see --max-bytes)")
    if not data.strip():
        raise InputError(f"{url}: the page is empty")
    return data, content_type


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


def read(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read an article from a path, ``-`` or an http(s) URL.

    ``.html``/``.htm`` and HTML pages go through trafilatura, ``.json`` is a JSON article,
    ``.md`` Markdown with front matter; anything else is plain text. PDF, Word and other
    binary formats are refused with :class:`UnsupportedFormatError`.
    """
    if is_url(source):
        data, content_type = fetch(source, max_bytes=max_bytes)
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
        kind = "html" if suffix in formats.web_settings()["html_suffixes"] else ""
        text = _decode_html(data, name, None) if kind == "html" else decode(data, name)
        kind = kind or _kind_of(source, text)
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
