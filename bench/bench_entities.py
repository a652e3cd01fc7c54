"""Benchmark the entity stage: milliseconds per 5,000-character article in a warm process.

    .venv/bin/python bench/bench_entities.py

Uses ../shared/samples/lukaschenko-interview.txt and the quotes-dev articles when present; the text
stage runs once per article outside the timing, so only ``find_entities`` is measured.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from briefing import entities, text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REPEAT = 5


def _articles() -> list[str]:
    found: list[str] = []
    sample = SHARED / "samples" / "lukaschenko-interview.txt"
    if sample.exists():
        found.append(sample.read_text(encoding="utf-8"))
    quotes = SHARED / "corpora" / "quotes-dev"
    if quotes.is_dir():
        found.extend(
            json.loads(path.read_text(encoding="utf-8"))["text"]
            for path in sorted(quotes.glob("*.json"))[:60]
        )
    if not found:
        found.append(
            "US-Präsident Joe Biden traf in Warschau den polnischen Präsidenten Andrzej Duda. "
            "Er sagte, die Vereinigten Staaten stünden an der Seite der Ukraine. " * 20
        )
    return found


def main() -> None:
    docs = [text.analyse(a) for a in _articles()]
    start = time.perf_counter()
    entities.find_entities(docs[0])
    print(f"start-up (lexicon load): {(time.perf_counter() - start) * 1000:.0f} ms")
    per_5k: list[float] = []
    for doc in docs:
        best = float("inf")
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            entities.find_entities(doc)
            best = min(best, time.perf_counter() - t0)
        per_5k.append(best * 1000 * 5000 / max(1, len(doc.text)))
    chars = sum(len(d.text) for d in docs)
    print(f"{len(docs)} articles, {chars} characters")
    median, worst = statistics.median(per_5k), max(per_5k)
    print(f"find_entities: median {median:.2f} ms, max {worst:.2f} ms per 5,000 characters")


if __name__ == "__main__":
    main()
