"""Benchmark the entity stage: milliseconds per 5,000-character article in a warm process.

    .venv/bin/python bench/bench_entities.py

Uses ../shared/samples/lukaschenko-interview.txt and the quotes-dev articles when present; the text
stage runs once per article outside the timing, so only ``find_entities`` is measured. The first
lines are the one-off costs of a process: loading the trained name tagger, then the word lists.
"""

from __future__ import annotations

import statistics
import time

from _common import QUOTES_DEV, SHARED, best_ms_per, corpus

from briefing import entities, text
from briefing.entities import tagger

REPEAT = 5


def _articles() -> list[str]:
    found: list[str] = []
    sample = SHARED / "samples" / "lukaschenko-interview.txt"
    if sample.exists():
        found.append(sample.read_text(encoding="utf-8"))
    if QUOTES_DEV.is_dir():
        found.extend(doc["text"] for doc in corpus(limit=60))
    if not found:
        found.append(
            "US-Präsident Joe Biden traf in Warschau den polnischen Präsidenten Andrzej Duda. "
            "Er sagte, die Vereinigten Staaten stünden an der Seite der Ukraine. " * 20
        )
    return found


def main() -> None:
    docs = [text.analyse(a) for a in _articles()]
    start = time.perf_counter()
    tagger.model()
    loaded = time.perf_counter()
    entities.find_entities(docs[0])
    done = time.perf_counter()
    print(f"name tagger load (import pycrfsuite, open the model): {(loaded - start) * 1000:.1f} ms")
    print(f"first find_entities after it (word lists, gazetteers): {(done - loaded) * 1000:.0f} ms")
    per_5k = [
        best_ms_per(5000, lambda doc=doc: entities.find_entities(doc), len(doc.text), REPEAT) for doc in docs
    ]
    chars = sum(len(d.text) for d in docs)
    print(f"{len(docs)} articles, {chars} characters")
    median, worst = statistics.median(per_5k), max(per_5k)
    print(f"find_entities: median {median:.2f} ms, max {worst:.2f} ms per 5,000 characters")


if __name__ == "__main__":
    main()
