"""Article formats beyond plain text and Markdown: HTML, JSON exports, datelines and bylines.

Pure functions from decoded text to :class:`~briefing.model.Article`; reading files and URLs is
``ingest``'s job. HTML goes through trafilatura (imported lazily: it is heavy) for the main text,
title, author, date and site name; no JavaScript is run. Metadata lines at the top of a text
("Von Steve Rosenberg", "Stand: 16.02.2023 14:05 Uhr", "Minsk (dpa) –") are recognised with the
patterns in ``data/ingest/metadata.yaml`` and moved from the text into the metadata.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from briefing import markdown
from briefing.errors import InputError, InputFormatError, NoArticleError
from briefing.language import marks
from briefing.model import Article, Metadata
from briefing.resources import load_data

_WORD = re.compile(r"\w+")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)


@dataclass(frozen=True, slots=True)
class _Patterns:
    bylines: tuple[re.Pattern[str], ...]
    byline_max_chars: int
    stands: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    dateline: re.Pattern[str]
    header_max_lines: int
    headline_max_chars: int
    headline_max_words: int
    headline_not_ending: tuple[str, ...]
    title_before_blank_line: _TitleBeforeBlankLine


@dataclass(frozen=True, slots=True)
class _TitleBeforeBlankLine:
    max_words: int
    not_ending: tuple[str, ...]


@functools.cache
def _patterns() -> _Patterns:
    cfg: dict[str, Any] = load_data("ingest/metadata.yaml")
    agency = "(?i:" + "|".join(re.escape(a) for a in sorted(cfg["agencies"], key=len, reverse=True)) + ")"
    dateline = cfg["dateline"].replace("{agency}", agency)
    return _Patterns(
        bylines=tuple(re.compile(p) for p in cfg["byline"]),
        byline_max_chars=int(cfg["byline_max_chars"]),
        stands=tuple(re.compile(p) for p in cfg["stand"]),
        months={str(k).lower(): int(v) for k, v in cfg["months"].items()},
        dateline=re.compile(dateline),
        header_max_lines=int(cfg["header_max_lines"]),
        headline_max_chars=int(cfg["headline"]["max_chars"]),
        headline_max_words=int(cfg["headline"]["max_words"]),
        headline_not_ending=marks.endings(cfg["headline"]["not_ending"]),
        title_before_blank_line=_TitleBeforeBlankLine(
            max_words=int(cfg["headline"]["before_blank_line"]["max_words"]),
            not_ending=marks.endings(cfg["headline"]["before_blank_line"]["not_ending"]),
        ),
    )


def web_settings() -> dict[str, Any]:
    """Timeouts, limits and file suffixes for HTML and URL input (``data/ingest/web.yaml``)."""
    settings: dict[str, Any] = load_data("ingest/web.yaml")
    return settings


def normalise(text: str) -> str:
    """Unix line ends and Unicode NFC: the form every offset refers to."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def looks_like_html(text: str) -> bool:
    """A document that starts like HTML (doctype or ``<html>``)."""
    return bool(_HTML_START.match(text[:4096]))


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in a ``<meta>`` tag, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def parse_byline(line: str) -> str | None:
    """The author named in a byline ("Von Steve Rosenberg" gives "Steve Rosenberg")."""
    p = _patterns()
    line = line.strip()
    if len(line) > p.byline_max_chars:
        return None
    for pattern in p.bylines:
        m = pattern.match(line)
        if m:
            return m.group("author")
    return None


def parse_stand(line: str) -> dt.date | None:
    """The date of a "Stand: 16.02.2023 14:05 Uhr" line (time of day is dropped)."""
    p = _patterns()
    for pattern in p.stands:
        m = pattern.match(line.strip())
        if not m:
            continue
        month = (
            int(m.group("month"))
            if m.group("month")
            else p.months.get((m.group("month_name") or "").lower().rstrip("."))
        )
        year = int(m.group("year"))
        year = year + 2000 if year < 100 else year
        if month is None:
            return None
        try:
            return dt.date(year, month, int(m.group("day")))
        except ValueError:
            return None
    return None


def parse_dateline(text: str) -> tuple[str, str, int] | None:
    """``(place, agency, length)`` of a dateline at the start of ``text`` ("Minsk (dpa) – ")."""
    m = _patterns().dateline.match(text)
    if not m:
        return None
    agency = re.sub(r"\s*/\s*", "/", m.group("agency"))
    return m.group("place"), agency, m.end()


def strip_header(body: str, meta: Metadata, *, find_title: bool) -> tuple[str, Metadata]:
    """Move the title line, bylines, "Stand:" lines and a dateline from the top of ``body`` to ``meta``.

    Metadata already known (front matter, JSON fields, HTML meta tags) wins; the recognised lines
    are removed either way. With ``find_title`` a first line that looks like a headline is the title.
    """

    p = _patterns()
    title, author, published = meta.title, meta.author, meta.published
    pos = 0
    first = True
    for _ in range(p.header_max_lines):
        while pos < len(body) and body[pos] in "\n \t":
            pos += 1
        end = body.find("\n", pos)
        end = len(body) if end < 0 else end
        line = body[pos:end].strip()
        rest = body[end:].strip()
        if not line or not rest:
            break
        byline = parse_byline(line)
        stand = None if byline else parse_stand(line)
        if byline:
            author = author or byline
        elif stand:
            published = published or stand
        elif (
            find_title and first and title is None and looks_like_headline(line, before_blank_line(body, end))
        ):
            title = line
        else:
            break
        first = False
        pos = end
    body = body[pos:].lstrip("\n")
    dateline = parse_dateline(body)
    source, place = meta.source, meta.dateline
    if dateline is not None and body[dateline[2] :].strip():
        place, agency, length = dateline
        source = source or agency
        body = body[length:]
    meta = dataclasses.replace(
        meta, title=title, author=author, published=published, source=source, dateline=place
    )
    return body, meta


def load_json(text: str, name: str) -> Any:
    """Parse untrusted JSON; syntax errors and absurd nesting become one-line format errors."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFormatError(f"{name}: invalid JSON: {exc.msg} (line {exc.lineno})") from exc
    except RecursionError:
        raise InputFormatError(f"{name}: invalid JSON: nested too deeply") from None


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
    shown = repr(value[:40]) if isinstance(value, str) else f"a {type(value).__name__}"
    raise InputFormatError(f"{name}: {field}: not a date YYYY-MM-DD: {shown}")


def meta_from(fields: dict[str, Any], name: str) -> Metadata:
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


def looks_like_headline(line: str, blank_after: bool = False) -> bool:
    """A first line that is short and does not end like a sentence ("." or ","; "?" and "!" end
    headlines too), or, before a blank line, a very short line that does not end in "," ";" ":"
    (``headline`` in ``data/ingest/metadata.yaml``)."""
    p = _patterns()
    line = line.strip()
    words = len(line.split())
    if not 0 < len(line) <= p.headline_max_chars or words > p.headline_max_words:
        return False
    if not line.endswith(p.headline_not_ending):
        return True
    blank = p.title_before_blank_line
    return blank_after and words <= blank.max_words and not line.endswith(blank.not_ending)


def before_blank_line(text: str, end: int) -> bool:
    """Whether the line ending at ``end`` is followed by a blank line (and more text)."""
    return re.match(r"\n[ \t]*\n\s*\S", text[end : end + 200]) is not None


def parse_json(text: str, name: str) -> Article:
    """A JSON article export: ``{"title", "text", "date", "author", "source", "url"}``; ``text`` required."""

    data = load_json(text, name)
    if not isinstance(data, dict):
        raise InputFormatError(f"{name}: a JSON article must be an object with a 'text' field")
    if "briefing" in data and "summary" in data:
        raise InputFormatError(f"{name}: this is a briefing document; render it with `briefing render`")
    body = data.get("text")
    if not isinstance(body, str):
        raise InputFormatError(f"{name}: text: missing or not a string (a JSON article needs 'text')")
    body = normalise(body).strip("\n")
    if not body.strip():
        raise InputError(f"{name}: the article is empty")
    meta = meta_from({k: data.get(k) for k in ("title", "date", "author", "source", "url")}, name)
    body, meta = strip_header(body, meta, find_title=False)
    return Article(text=body, meta=meta, origin=name)


def parse_html(html: str, name: str, *, url: str | None = None) -> Article:
    """The main text and metadata of an HTML page, extracted with trafilatura (no JavaScript).

    The main text is read as trafilatura's Markdown (:mod:`briefing.markdown`), so headings, lists,
    emphasis and links keep their meaning in print as for a Markdown article; paragraphs become
    blank-line separated; a first line repeating the title is dropped.
    Raises :class:`NoArticleError` when the page holds no article (too little main text).
    """
    import trafilatura

    min_words = int(web_settings()["min_article_words"])
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup lxml cannot take
        raise NoArticleError(f"{name}: no article found in the HTML ({exc})") from exc
    fields: dict[str, Any] = {}
    if isinstance(result, dict):
        fields = result
    elif result is not None:
        fields = result.as_dict()
    lines = [" ".join(line.split()) for line in normalise(fields.get("text") or "").split("\n")]
    lines = [line for line in lines if line]
    title = (fields.get("title") or "").strip() or None
    if lines and title and lines[0] == title:
        lines = lines[1:]
    words = sum(len(_WORD.findall(line)) for line in lines)
    if words < min_words:
        raise NoArticleError(
            f"{name}: no article found in the HTML ({words} word{'' if words == 1 else 's'} of main text, "
            f"at least {min_words} needed)"
        )
    date = fields.get("date")
    meta = meta_from(
        {
            "title": title,
            "date": date if isinstance(date, str) and re.match(r"\d{4}-\d{2}-\d{2}", date) else None,
            "author": fields.get("author"),
            "source": fields.get("sitename") or fields.get("hostname"),
            "url": url or fields.get("url"),
        },
        name,
    )
    marked = _html_as_markdown(html, url, title)
    if marked is None:
        body, meta = strip_header("\n\n".join(lines) + "\n", meta, find_title=False)
        return Article(text=body, meta=meta, origin=name)
    body, meta = strip_header(marked, meta, find_title=False)
    converted = markdown.convert(body)
    return Article(text=converted.text, meta=meta, origin=name, structure=converted.structure)


def _html_as_markdown(html: str, url: str | None, title: str | None) -> str | None:
    """The page's main text as trafilatura writes it in Markdown (headings, lists, emphasis, links),
    blocks a blank line apart, without a first heading repeating the title; None when trafilatura
    gives no text this way."""
    import trafilatura

    try:
        marked = trafilatura.extract(
            html,
            url=url,
            output_format="markdown",
            include_formatting=True,
            include_links=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError):
        return None
    if not marked or not marked.strip():
        return None
    blocks = [block.strip() for block in re.split(r"\n[ \t]*\n", normalise(marked)) if block.strip()]
    if blocks and title and " ".join(markdown.convert(blocks[0]).text.split()) == " ".join(title.split()):
        blocks = blocks[1:]
    return "\n\n".join(blocks) + "\n" if blocks else None
