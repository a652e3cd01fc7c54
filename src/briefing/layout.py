"""Paragraphs of an article: the layout that rendering needs, without any language analysis."""

from __future__ import annotations

import itertools
import re

from briefing.language import marks
from briefing.model import Document, Paragraph

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE = re.compile(r"[^\n]+")
_PARAGRAPH_END = marks.endings(".!?:)")
_SHORT_LINE = 0.6  # lines shorter than this share of the longest line end a paragraph


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (stripped of surrounding whitespace).

    Blank lines always separate paragraphs. A single line break separates paragraphs too,
    unless the text is hard-wrapped there: the line does not end a sentence (``.!?:`` or a
    closing quotation mark) and is not a short heading-like line.
    """
    blocks: list[tuple[int, int]] = []
    pos = 0
    for m in _BLANK_LINE.finditer(text):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    out: list[tuple[int, int]] = []
    for b_start, b_end in blocks:
        lines = [
            (m.start(), m.end())
            for m in _LINE.finditer(text, b_start, b_end)
            if text[m.start() : m.end()].strip()
        ]
        if not lines:
            continue
        longest = max(len(text[s:e].strip()) for s, e in lines)
        cur_start, cur_end = lines[0]
        for (prev_s, prev_e), (s, e) in itertools.pairwise(lines):
            prev = text[prev_s:prev_e].rstrip()
            if prev.endswith(_PARAGRAPH_END) or len(prev.strip()) < _SHORT_LINE * longest:
                out.append((cur_start, cur_end))
                cur_start = s
            cur_end = e
        out.append((cur_start, cur_end))
    result = []
    for start, end in out:
        chunk = text[start:end]
        stripped = chunk.strip()  # never empty: every span starts on a line that is not blank
        s = start + (len(chunk) - len(chunk.lstrip()))
        result.append((s, s + len(stripped)))
    return result


def layout(text: str) -> Document:
    """Only the paragraphs of ``text`` (no sentences, no tagging): what rendering a text needs."""
    paragraphs = tuple(Paragraph(text[s:e], s, e, i) for i, (s, e) in enumerate(split_paragraphs(text)))
    return Document(text=text, paragraphs=paragraphs, sentences=())
