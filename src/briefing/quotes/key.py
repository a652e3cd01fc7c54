"""The key quotes for the PDF: 3–5 full statements of a fitting length whose speaker is certain
enough, spread over speakers, without near-duplicates (numbers in ``data/quotes/thresholds.yaml``:
``key``)."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from briefing.quotes.config import THRESHOLDS

if TYPE_CHECKING:
    from briefing.model import Quote


def speaker_sure(quote: Quote) -> bool:
    """The quote's speaker is certain enough to print as its speaker (``key.min_confidence``);
    else the briefing prints "Sprecher unklar"."""
    return quote.speaker is not None and quote.confidence >= THRESHOLDS().key.min_confidence


def choose_key(quotes: list[Quote], statements: set[int]) -> tuple[Quote, ...]:
    """Flag the 3–5 most informative quotes: full statements (their start offsets in ``statements``)
    of a fitting length, with a speaker, no near-duplicates, spread over speakers."""
    key = THRESHOLDS().key
    scored: list[tuple[float, int]] = []
    for i, q in enumerate(quotes):
        length = len(q.text)
        if q.start not in statements or not (key.min_chars <= length <= key.max_chars):
            continue
        if not speaker_sure(q):  # never print a doubtful speaker as a key quote
            continue
        fit = 1.0 - min(1.0, abs(length - key.ideal_chars) / key.max_chars)
        score = (
            fit
            + q.confidence
            + (key.speaker_bonus if q.speaker else 0.0)
            + (key.entity_bonus if q.entity else 0.0)
        )
        first_letter = next((ch for ch in q.text if ch.isalpha()), "")
        if first_letter.islower():  # "werdet ihr …": part of the reporter's sentence, not a statement
            score -= key.fragment_penalty
        scored.append((score, i))
    scored.sort(key=lambda s: (-s[0], s[1]))
    chosen: list[int] = []
    per_speaker: dict[str | None, int] = {}
    # first spread over speakers; then fill up to the minimum from the same speakers
    for spread in (True, False):
        for _, i in scored:
            if len(chosen) >= (key.max if spread else key.min):
                break
            q = quotes[i]
            if i in chosen or (spread and per_speaker.get(q.speaker, 0) >= key.max_per_speaker):
                continue
            words = _word_set(q.text)
            if any(_overlap(words, _word_set(quotes[j].text)) > key.duplicate_overlap for j in chosen):
                continue
            chosen.append(i)
            per_speaker[q.speaker] = per_speaker.get(q.speaker, 0) + 1
    keep = set(chosen)
    return tuple(dataclasses.replace(q, key=True) if i in keep else q for i, q in enumerate(quotes))


def _word_set(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"\w+", text) if len(w) > 2)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0
