"""Benchmark the temporal tagger and timeline: milliseconds per 5,000-character article, warm process.

    .venv/bin/python bench/bench_temporal.py

Uses ../shared/samples/lukaschenko-interview.txt (news mode, published 2023-02-16), the quotes-dev
news articles and 5,000-character slices of the timex-dev war histories (narrative mode) when
present. The text stage runs once per article outside the timing, so only ``temporal.tag`` and
``timeline.build`` are measured. HeidelTime needs about 4 s per article; the target is <= 5 ms per
1,600-character article.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from pathlib import Path

from briefing import temporal, text, timeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REPEAT = 5
CHUNK = 5000


def _articles() -> list[tuple[str, dt.date | None]]:
    found: list[tuple[str, dt.date | None]] = []
    sample = SHARED / "samples" / "lukaschenko-interview.txt"
    if sample.exists():
        found.append((sample.read_text(encoding="utf-8"), dt.date(2023, 2, 16)))
    quotes = SHARED / "corpora" / "quotes-dev"
    if quotes.is_dir():
        for path in sorted(quotes.glob("*.json"))[:40]:
            doc = json.loads(path.read_text(encoding="utf-8"))
            published = dt.date.fromisoformat(doc["published"]) if doc.get("published") else None
            found.append((doc["text"], published))
    timex = SHARED / "corpora" / "timex-dev"
    if timex.is_dir():
        for path in sorted(timex.glob("*.json")):
            body = json.loads(path.read_text(encoding="utf-8"))["text"]
            found.extend((body[i : i + CHUNK], None) for i in range(0, min(len(body), 4 * CHUNK), CHUNK))
    if not found:
        found.append(("Am Donnerstag sagte er, vor einem Jahr habe der Krieg begonnen. " * 70, None))
    return found


def main() -> None:
    articles = _articles()
    docs = [(text.analyse(a), published) for a, published in articles]
    start = time.perf_counter()
    temporal.tag(docs[0][0], docs[0][1])
    print(f"start-up (patterns compiled): {(time.perf_counter() - start) * 1000:.0f} ms")
    per_5k: list[float] = []
    for doc, published in docs:
        best = float("inf")
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            found = temporal.tag(doc, published)
            timeline.build(doc, found, ())
            best = min(best, time.perf_counter() - t0)
        per_5k.append(best * 1000 * CHUNK / max(1, len(doc.text)))
    chars = sum(len(d.text) for d, _ in docs)
    print(f"{len(docs)} articles, {chars} characters")
    median, worst = statistics.median(per_5k), max(per_5k)
    print(f"temporal.tag + timeline.build: median {median:.2f} ms, max {worst:.2f} ms per 5,000 characters")
    article = 1600 / CHUNK
    print(
        f"= median {median * article:.2f} ms, max {worst * article:.2f} ms per 1,600-character news article"
    )


if __name__ == "__main__":
    main()
