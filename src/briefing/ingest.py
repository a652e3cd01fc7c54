"""Reading articles: files, standard input; plain text, Markdown with YAML front matter.

This module and ``render``/``cli`` are the only ones doing I/O. Everything read is decoded
(UTF-8 with or without BOM, else the detected legacy encoding), normalised to Unicode NFC and
returned as an :class:`~briefing.model.Article` whose ``text`` is what offsets refer to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from briefing.errors import InputError, InputFormatError
from briefing.model import Article, Metadata

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HEADLINE_MAX_CHARS = 140
_HEADLINE_MAX_WORDS = 20
_META_FIELDS = ("title", "date", "author", "source", "url")


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
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError(f"{name}: the article is empty")
    return text


def _parse_date(value: Any, name: str, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InputFormatError(f"{name}: {field}: not a date YYYY-MM-DD: {str(value)[:40]!r}")


def _meta_from(fields: dict[str, Any], name: str) -> Metadata:
    def text_field(key: str) -> str | None:
        value = fields.get(key)
        if value is None:
            return None
        if not isinstance(value, (str, int, float)):
            raise InputFormatError(f"{name}: {key}: must be a string")
        return str(value).strip() or None

    return Metadata(
        title=text_field("title"),
        published=_parse_date(fields.get("date"), name, "date"),
        author=text_field("author"),
        source=text_field("source"),
        url=text_field("url"),
    )


def parse_markdown(text: str, name: str) -> Article:
    """Markdown with optional YAML front matter (``title``, ``date``, ``author``, ``source``, ``url``)."""
    match = _FRONT_MATTER.match(text)
    fields: dict[str, Any] = {}
    body = text
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            raise InputFormatError(f"{name}: invalid YAML front matter{where}") from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise InputFormatError(f"{name}: front matter must be a mapping of fields")
        fields = loaded or {}
        body = text[match.end() :]
    body = body.lstrip("\n")
    meta = _meta_from(fields, name)
    if meta.title is None and body.startswith("# "):
        first, _, rest = body.partition("\n")
        meta = dataclasses.replace(meta, title=first[2:].strip() or None)
        body = rest.lstrip("\n")
    if not body.strip():
        raise InputError(f"{name}: the article is empty")
    return Article(text=body, meta=meta, origin=name)


def looks_like_headline(line: str) -> bool:
    """A first line that is short and does not end like a sentence."""
    line = line.strip()
    return (
        0 < len(line) <= _HEADLINE_MAX_CHARS
        and len(line.split()) <= _HEADLINE_MAX_WORDS
        and not line.endswith((".", ",", ";", ":", "!", "?", '"', "“", "”", "«", "»"))
    )


def parse_plain(text: str, name: str) -> Article:
    """Plain text: the first line is the title when it looks like a headline."""
    body = text.strip("\n")
    first, sep, rest = body.partition("\n")
    title = None
    if sep and rest.strip() and looks_like_headline(first):
        title = first.strip()
        body = rest.lstrip("\n")
    return Article(text=body, meta=Metadata(title=title), origin=name)


def read(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read an article from a path or ``-``: ``.md`` with front matter, otherwise plain text."""
    data, name = read_source(source, max_bytes=max_bytes)
    text = decode(data, name)
    suffix = Path(source).suffix.lower() if source != "-" else ""
    if suffix in {".md", ".markdown"} or _FRONT_MATTER.match(text):
        return parse_markdown(text, name)
    return parse_plain(text, name)
