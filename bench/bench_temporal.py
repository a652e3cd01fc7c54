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

from _common import QUOTES_DEV, SHARED, best_ms_per, corpus

from briefing import temporal, text, timeline

REPEAT = 5
CHUNK = 5000


def _articles() -> list[tuple[str, dt.date | None]]:
    found: list[tuple[str, dt.date | None]] = []
    sample = SHARED / "samples" / "lukaschenko-interview.txt"
    if sample.exists():
        found.append((sample.read_text(encoding="utf-8"), dt.date(2023, 2, 16)))
    if QUOTES_DEV.is_dir():
        found.extend((doc["text"], doc["date"]) for doc in corpus(limit=40))
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
    per_5k = [
        best_ms_per(
            CHUNK,
            lambda doc=doc, published=published: timeline.build(doc, temporal.tag(doc, published), ()),
            len(doc.text),
            REPEAT,
        )
        for doc, published in docs
    ]
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
