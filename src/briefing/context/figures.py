"""The figures box ("Zahlen & Fakten"): sentences with notable figures.

A notable figure is an amount with a currency ("3,2 Millionen Euro", "€ 5"), a percentage ("12,5
Prozent") or a count of a noun ("5.000 Soldaten", "Zehntausende Menschen"), with its qualifier
("rund", "mehr als"). Years, dates, clock times and durations are the timeline's business and
small number words ("zwei Häuser") are no figures. ``Fact.text`` stays a verbatim span; the
figures go in ``Fact.figures`` as values (:class:`~briefing.model.Figure`), which the presentation
layer formats for the locale. Currencies, scales and number words: ``data/context/figures.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.context.config import CONFIG, FIGURES
from briefing.context.facts import article_fact, fact_span
from briefing.model import ContextBox, Figure

if TYPE_CHECKING:
    from collections.abc import Iterator

    from briefing.context.facts import Workspace
    from briefing.model import Fact, Sentence, Token

_DIGITS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    figure: Figure


def _number(text: str) -> tuple[float, bool] | None:
    """(value, written in digits) of a token, or None."""
    if _DIGITS.fullmatch(text):
        return float(text.replace(".", "").replace(",", ".")), True
    value = FIGURES().number_words.get(text.lower())
    return (value, False) if value is not None else None


def _words(tokens: tuple[Token, ...], i: int, j: int) -> str:
    """The words of ``tokens[i:j]`` as written ("zehntausende", "drei Millionen")."""
    return " ".join(t.text for t in tokens[i:j])


def figures_in(sent: Sentence) -> Iterator[_Found]:
    """The notable figures of ``sent`` in text order, with the span each covers."""
    cfg = FIGURES()
    tokens = sent.tokens
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        parsed = _number(tok.text) if tok.text[:1].isdigit() or tok.text[:1].isalpha() else None
        if parsed is None:
            i += 1
            continue
        value, digits = parsed
        j = i + 1
        scaled = False
        if j < len(tokens) and tokens[j].text.lower() in cfg.scales:
            value *= cfg.scales[tokens[j].text.lower()]
            scaled = True
            j += 1
        prefix = tokens[i - 1].text.lower() if i > 0 else ""
        number_end = j
        k = j
        while k < len(tokens) and tokens[k].pos == "ADJA" and k - j < 2:
            k += 1  # "zehn Millionen schwedische Kronen", "5.000 ukrainische Soldaten"
        if k < len(tokens) and k > j and (tokens[k].text.lower() in cfg.currencies or tokens[k].pos == "NN"):
            j = k
        nxt = tokens[j] if j < len(tokens) else None
        nxt_word = nxt.text.lower() if nxt is not None else ""
        start, end, figure = tok.start, tokens[j - 1].end, None
        if prefix in cfg.currencies and not prefix.isalpha():
            start, figure = tokens[i - 1].start, Figure("currency", value, cfg.currencies[prefix])
        elif nxt is not None and nxt_word in cfg.currencies:
            end, figure = nxt.end, Figure("currency", value, cfg.currencies[nxt_word])
        elif nxt is not None and nxt_word in cfg.percent:
            end, figure = nxt.end, Figure("percent", value, "%")
        elif (
            nxt is not None
            and nxt.pos == "NN"
            and nxt.text[:1].isupper()
            and nxt_word not in cfg.excluded_units
            and (digits or scaled or value >= cfg.min_word_value)
            and value >= 2
            and not (digits and not scaled and 1900 <= value <= 2100 and "," not in tok.text)
        ):
            written = None
            if not digits:
                q = i
                while q > 0 and tokens[q - 1].text.lower() in cfg.qualifiers:
                    q -= 1
                written = _words(tokens, q, j + 1)  # "mehrere hundert Zivilisten", as written
            figure = Figure("count", value, _words(tokens, number_end, j + 1), written)
            end = nxt.end
        if figure is not None:
            k = i - 1 if start == tok.start else i - 2
            while k >= 0 and tokens[k].text.lower() in cfg.qualifiers:
                start = tokens[k].start
                k -= 1
            yield _Found(start, end, figure)
            i = max(j, i + 1)
        else:
            i += 1


def build_figures_box(ws: Workspace) -> ContextBox | None:
    """ "Zahlen & Fakten": sentences with notable figures, if there are at least ``min_figures``."""
    cfg = CONFIG()
    facts: list[Fact] = []
    figures = 0
    for sent in ws.doc.sentences:
        if len(facts) >= cfg.max_figures:
            break
        found = list(figures_in(sent))
        if not found:
            continue
        start, end = fact_span(sent, found[-1].end)
        if ws.is_used(start, end) or ws.blocked.overlapping(start, end):
            continue  # another box or a summary point or key quote prints it
        shown = tuple(f.figure for f in found if f.end <= end)
        facts.append(article_fact(ws.doc, start, end, shown))
        figures += len(shown)
        ws.used.append((start, end))
    if figures < cfg.min_figures:
        return None
    return ContextBox("figures", cfg.figures_title, None, tuple(facts))
