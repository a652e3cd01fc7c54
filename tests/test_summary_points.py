"""Das Wichtigste in Kürze on the 700 articles of quotes-train (issue 20): every point reads on its
own, none repeats a key quote, and the news lede is there.

Runs the real :func:`briefing.analyze` over ``../shared/corpora/quotes-train`` in two worker
processes; skipped when ``../shared`` is absent. Counted and asserted:

- points that open with an anaphor whose referent is outside the point: a bare pronoun or
  demonstrative without its referent in brackets ("Er beschuldigte …"), or a word of the summary's
  ``dangling_openers`` ("Dabei …", "Damit …");
- points that overlap a quote printed right below, under Zitate (a point may tell the key quote
  with the headline's news; Zitate then leaves it out);
- articles whose first sentence is a news lede (a finite verb; no question, no quotation) that is
  missing from the summary: at most 5 %.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from briefing import summary
from briefing.language import marks
from briefing.language.references import is_bare_pronoun
from briefing.model import FINITE_VERB_TAGS
from conftest import analyse_article, map_quotes_train

if TYPE_CHECKING:
    from pathlib import Path


def _check(path: Path) -> tuple[int, list[str], list[str], bool | None]:
    """(points, anaphor openings, key-quote repeats, lede missing: None when the article opens
    with no news lede)."""
    doc, b = analyse_article(path)
    dangling = summary._config().dangling_openers
    anaphors, repeats = [], []
    key = [(q.start, q.end) for q in b.printed_quotes]
    for i, p in enumerate(b.summary):
        assert doc["text"][p.start : p.end] == p.text
        shown = p.display or p.text
        sent = b.document.sentence_at(p.start)
        words = (
            [t for t in sent.tokens if t.start >= p.start and any(c.isalnum() for c in t.text)]
            if sent
            else []
        )
        opening = words[0] if words else None
        first_sentence = sent is not None and sent.index == 0
        if opening is not None and not first_sentence:
            bracketed = shown.startswith(f"{opening.text} [")
            if (is_bare_pronoun(opening) and not bracketed) or (
                opening.text.lower() in dangling and not opening.pos.startswith("ART")
            ):
                anaphors.append(f"{i}: {shown[:80]}")
        if any(p.start < e and s < p.end for s, e in key):
            repeats.append(f"{i}: {shown[:80]}")
    lede = next(
        (s for s in b.document.sentences if s.text.strip() and s.text.strip() != (doc.get("title") or "")),
        None,
    )
    missing: bool | None = None
    if lede is not None:
        stripped = lede.text.strip()
        news = any(t.pos in FINITE_VERB_TAGS for t in lede.tokens) and not stripped.endswith("?")
        if news and stripped[:1] not in marks.OPENING:
            missing = not any(p.start < lede.end and lede.start < p.end for p in b.summary)
    return len(b.summary), anaphors, repeats, missing


@pytest.mark.slow
def test_summary_points_on_the_train_corpus_read_on_their_own() -> None:
    results = map_quotes_train(_check)
    points = sum(r[0] for r in results)
    anaphors = [a for r in results for a in r[1]]
    repeats = [a for r in results for a in r[2]]
    ledes = [r[3] for r in results if r[3] is not None]
    missing = sum(ledes)
    print(  # the figures for the closing note (-s)
        f"\n{len(results)} articles, {points} points: {len(anaphors)} open with an anaphor, "
        f"{len(repeats)} repeat a quote printed under Zitate, news lede missing in {missing} of {len(ledes)}"
    )
    assert not anaphors, "\n".join(anaphors[:30])
    assert not repeats, "\n".join(repeats[:30])
    assert missing <= 0.05 * len(ledes)
