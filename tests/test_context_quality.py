"""Issue 19 on the quotes-train corpus: the Hintergrund boxes are worth their space.

Counted over every article (a process pool of two) and printed (``pytest -s`` shows them):

* term boxes without an attributed source or a knowledge-base entry;
* box titles ending in a genitive -s of a name the article also writes without it;
* boxes whose only article facts are printed elsewhere (a summary point, a key quote, another box);
* articles whose most salient person or organisation has no box although boxes fit.

All must be 0. Skipped when ``../shared`` is not beside the checkout.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from briefing.resources import load_data

if TYPE_CHECKING:
    from pathlib import Path

from conftest import QUOTES_TRAIN, analyse_article, map_quotes_train

COUNTS = ("term_unattributed", "genitive_title", "only_repeated", "top_actor_without_box")


def _check(path: Path) -> dict[str, list[str]]:
    """The issue-19 problems of one article, each as the titles (or names) concerned."""
    data, b = analyse_article(path)
    shown = int(load_data("render.yaml")["render"]["max_context_boxes"])
    boxes = b.context[:shown]
    printed = [(p.start, p.end) for p in b.summary] + [(q.start, q.end) for q in b.key_quotes]
    words = set(re.findall(r"\w[\w-]*", data["text"]))
    out: dict[str, list[str]] = {k: [] for k in COUNTS}
    for box in boxes:
        from_kb = any(f.source != "article" for f in box.facts)
        if box.kind == "term" and not from_kb and box.subtitle in (None, "Begriff"):
            out["term_unattributed"].append(box.title)
        last = box.title.split()[-1]
        if box.kind == "entity" and last.endswith("s") and not last.endswith("ss") and last[:-1] in words:
            out["genitive_title"].append(box.title)
        spans = [(f.start, f.end) for f in box.facts if f.start is not None and f.end is not None]
        if spans and not from_kb and all(any(s < e2 and s2 < e for s2, e2 in printed) for s, e in spans):
            out["only_repeated"].append(box.title)
        printed += spans
        for f in box.facts:
            assert f.source != "article" or f.text == b.text[f.start : f.end], (path.name, f.text)
    actors = [e for e in b.entities if e.type in ("PER", "ORG")]
    if actors and len(boxes) < shown:
        top = max(actors, key=lambda e: e.salience)
        if not any(box.entity == top.id for box in boxes):
            out["top_actor_without_box"].append(top.name)
    return out


@pytest.mark.slow
def test_context_quality_boxes_on_quotes_train_are_worth_their_space() -> None:
    results = map_quotes_train(_check)
    files = sorted(QUOTES_TRAIN.glob("*.json"))
    totals = {k: sum(len(r[k]) for r in results) for k in COUNTS}
    print(f"\ncontext quality on {len(files)} quotes-train articles:", totals)
    examples = {k: [(f.stem, r[k]) for f, r in zip(files, results, strict=True) if r[k]][:5] for k in COUNTS}
    assert totals == dict.fromkeys(COUNTS, 0), examples
