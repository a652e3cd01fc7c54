"""Markdown (CommonMark, read with markdown-it-py) to the plain text the analysis reads, and the
article's structure beside it.

The text keeps the words and drops the markup: ``**Klose**`` is ``Klose``, ``[Regen](https://…)``
is ``Regen``, ``## England - Algerien: 0:0`` is the paragraph ``England - Algerien: 0:0``; the lines
of a paragraph are joined with a space (CommonMark's soft line breaks), blocks are separated by a
blank line, so the paragraphs of :mod:`briefing.layout` are the Markdown blocks. A text written one
paragraph per line keeps its lines as paragraphs (``data/ingest/markdown.yaml``). The items of a
numbered list keep their numbers in the text ("16. Februar 2023 …" is a date, not an item 16).

What the markup meant is the :class:`~briefing.model.Structure`: headings, list items and block
quotes as :class:`~briefing.model.Block` spans and emphasis, strong emphasis, code and links as
:class:`~briefing.model.Inline` spans, all by offsets into the plain text, for "Der Artikel im
Wortlaut". :class:`SourceMap` maps an offset of the plain text back to the Markdown source.
Pure functions; no I/O.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing import settings
from briefing.language import marks
from briefing.model import Block, Inline, Structure

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from briefing.model import InlineKind


@dataclass(frozen=True, slots=True)
class MarkdownSettings:
    """``data/ingest/markdown.yaml``."""

    line_ends: str
    wrap_width: int
    block_separator: str
    gender_star_endings: tuple[str, ...]


SETTINGS = settings.register(MarkdownSettings, "ingest/markdown.yaml")

_INLINE_KINDS: dict[str, InlineKind] = {"em": "emphasis", "strong": "strong", "link": "link"}


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Pieces of the plain text copied from the Markdown source: ``(text_start, source_start,
    length)`` in text order. :meth:`source_offset` maps a text offset into the source."""

    pieces: tuple[tuple[int, int, int], ...] = ()

    def source_offset(self, offset: int) -> int | None:
        """Where the character at ``offset`` of the plain text stands in the source (None for
        characters the conversion added: spaces for line breaks, paragraph breaks)."""
        i = bisect.bisect_right([p[0] for p in self.pieces], offset) - 1
        if i < 0:
            return None
        text_start, source_start, length = self.pieces[i]
        return source_start + offset - text_start if offset < text_start + length else None


@dataclass(frozen=True, slots=True)
class Converted:
    """A Markdown body as the analysis reads it."""

    text: str
    structure: Structure
    source_map: SourceMap


@functools.cache
def _gender_star(endings: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(map(re.escape, endings), key=len, reverse=True))
    return re.compile(rf"(?<=[^\W\d_])\*(?=(?:{alternatives})(?![^\W\d_]))")


def _escape_gender_stars(source: str, cfg: MarkdownSettings) -> tuple[str, list[int]]:
    """``source`` with a backslash before each gender star, and where those backslashes stand in
    the returned text (ascending)."""
    stars = [m.start() for m in _gender_star(cfg.gender_star_endings).finditer(source)]
    if not stars:
        return source, []
    parts, inserted, last = [], [], 0
    for k, at in enumerate(stars):
        parts += [source[last:at], "\\"]
        inserted.append(at + k)
        last = at
    parts.append(source[last:])
    return "".join(parts), inserted


def _unescaped(pieces: list[tuple[int, int, int]], inserted: list[int]) -> tuple[tuple[int, int, int], ...]:
    """Source offsets of ``pieces`` in the text before :func:`_escape_gender_stars` (a piece never
    contains an inserted backslash: backslashes are markup)."""
    return tuple((t, s - bisect.bisect_left(inserted, s), n) for t, s, n in pieces)


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # noqa: PLC0415 - loaded for Markdown input only

    return MarkdownIt("commonmark")


class _Writer:
    """Builds the plain text, the structure and the source map from markdown-it's tokens."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.splitlines(keepends=True)
        self.line_starts = [0]
        for line in self.lines:
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []
        self.inlines: list[Inline] = []
        self.pieces: list[tuple[int, int, int]] = []
        self.cursor = 0  # where the next text is looked for in the source …
        self.limit = len(source)  # … up to the end of the current block
        self.cfg = SETTINGS()

    def write(self, text: str, *, copied: bool = True) -> None:
        if not text:
            return
        if copied:
            found = self.source.find(text, self.cursor, self.limit)
            if found >= 0:
                self.pieces.append((self.length, found, len(text)))
                self.cursor = found + len(text)
        self.parts.append(text)
        self.length += len(text)

    def separate(self) -> None:
        """A paragraph break before the next block (none at the start)."""
        if self.length:
            self.write(self.cfg.block_separator, copied=False)

    def seek_lines(self, lines: list[int]) -> None:
        """Look for the next texts in these source lines (a block's ``map``)."""
        self.cursor = max(self.cursor, self.line_starts[min(lines[0], len(self.lines))])
        self.limit = self.line_starts[min(lines[1], len(self.lines))]


def convert(source: str) -> Converted:
    """The plain text of the Markdown ``source``, its structure and the map back to ``source``."""
    escaped, inserted = _escape_gender_stars(source, SETTINGS())
    tokens = _parser().parse(escaped)
    w = _Writer(escaped)
    lists: list[tuple[bool, int]] = []  # open lists: (ordered, next number)
    quote_depth = 0
    heading = 0
    item_marker: str | None = None  # an ordered item's "3. ", written before its first paragraph
    for tok in tokens:
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append((kind == "ordered_list_open", int(tok.attrs.get("start", 1) or 1)))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            item_marker = f"{tok.info or number}{tok.markup} " if ordered else ""
            lists[-1] = (ordered, (int(tok.info) if tok.info.isdigit() else number) + 1)
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "heading_open":
            heading = int(tok.tag[1:])
        elif kind == "heading_close":
            heading = 0
        elif kind == "inline" and tok.map is not None:
            w.separate()
            w.seek_lines(tok.map)
            start = w.length
            if item_marker:
                w.write(item_marker)
            _inline(w, tok.children or [], _one_per_line(tok.content, w.cfg))
            _block(w, start, heading=heading, item=item_marker, depth=len(lists), quote=quote_depth > 0)
            item_marker = None
        elif kind in ("code_block", "fence", "html_block") and tok.map is not None:
            w.separate()
            w.seek_lines(tok.map)
            start = w.length
            for line in tok.content.rstrip("\n").split("\n"):
                if w.length > start:
                    w.write("\n", copied=False)
                w.write(line)
            if w.length > start:
                w.blocks.append(Block("code", start, w.length))
    if source.endswith("\n") and w.length:
        w.write("\n", copied=False)  # a final line end stays, as in a plain text
    text = "".join(w.parts)
    source_map = SourceMap(_unescaped(w.pieces, inserted))
    return Converted(text, Structure(tuple(w.blocks), tuple(w.inlines)), source_map)


def _one_per_line(content: str, cfg: MarkdownSettings) -> bool:
    """A paragraph written one paragraph per line: every line ends a sentence and one is longer
    than a hard-wrapped line."""
    lines = [line.strip() for line in content.split("\n")]
    ends = marks.endings(cfg.line_ends)
    return (
        len(lines) > 1
        and all(line.endswith(ends) for line in lines)
        and max(map(len, lines)) > cfg.wrap_width
    )


def _block(w: _Writer, start: int, *, heading: int, item: str | None, depth: int, quote: bool) -> None:
    """Record the block just written, unless it is a plain paragraph."""
    if w.length <= start:
        return
    if heading:
        w.blocks.append(Block("heading", start, w.length, level=heading))
    elif item is not None:
        w.blocks.append(Block("item", start, w.length, level=depth, ordered=bool(item)))
    elif quote:
        w.blocks.append(Block("quote", start, w.length))


def _inline(w: _Writer, children: list[Token], lines_apart: bool) -> None:
    """The text of one paragraph's inline tokens; emphasis, strong, code and links as spans."""
    open_spans: list[tuple[InlineKind, int, str | None]] = []
    for child in children:
        kind = child.type
        if kind == "text":
            w.write(child.content)
        elif kind == "code_inline":
            start = w.length
            w.write(child.content)
            w.inlines.append(Inline("code", start, w.length))
        elif kind == "softbreak":
            w.write("\n" if lines_apart else " ", copied=False)
        elif kind == "hardbreak":
            w.write("\n", copied=False)
        elif kind.endswith("_open") and kind[:-5] in _INLINE_KINDS:
            href = child.attrs.get("href") if kind == "link_open" else None
            open_spans.append((_INLINE_KINDS[kind[:-5]], w.length, str(href) if href is not None else None))
        elif kind.endswith("_close") and kind[:-6] in _INLINE_KINDS and open_spans:
            span_kind, start, href = open_spans.pop()
            if w.length > start:
                w.inlines.append(Inline(span_kind, start, w.length, href))
        # images, inline HTML tags: markup without words of the article
