"""Benchmark 2 (issue 11): analysis time per article in a warm process, with a stage breakdown.

    .venv/bin/python bench/bench_analysis.py [CORPUS_DIR]

Default corpus: ../shared/corpora/quotes-dev (German Wikinews articles). Models load once before
timing starts; each article is then analysed once. Prints mean/median/p95 ms per article and
the mean ms per stage.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from _common import QUOTES_DEV, corpus

import briefing
from briefing.timing import Timings


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else QUOTES_DEV
    docs = corpus(folder)
    if not docs:
        raise SystemExit(f"no *.json articles in {folder}")
    start = time.perf_counter()
    briefing.analyze(docs[0]["text"], published=dt.date(2023, 2, 16))  # loads every model once
    startup = time.perf_counter() - start
    per_article: list[float] = []
    stages = Timings()
    chars = 0
    for doc in docs:
        t0 = time.perf_counter()
        briefing.analyze(doc["text"], published=doc["date"], title=doc.get("title"), timings=stages)
        per_article.append((time.perf_counter() - t0) * 1000)
        chars += len(doc["text"])
    per_article.sort()
    n = len(per_article)
    print(f"articles        {n} ({chars / n:.0f} characters on average)")
    print(f"first analysis  {startup * 1000:.0f} ms (loads SoMaJo, HanTa, word lists)")
    mean, median = statistics.mean(per_article), statistics.median(per_article)
    p95 = per_article[int(0.95 * (n - 1))]
    worst = per_article[-1]
    print(f"per article     mean {mean:.1f} ms  median {median:.1f} ms  p95 {p95:.1f} ms  max {worst:.1f} ms")
    print(f"per 1,000 chars {sum(per_article) / chars * 1000:.1f} ms")
    print("mean per stage:")
    for name, seconds in stages.steps.items():
        print(f"  {name:<10} {seconds * 1000 / n:6.1f} ms")


if __name__ == "__main__":
    main()
