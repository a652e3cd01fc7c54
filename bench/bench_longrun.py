"""Long-run check (issue 10): 1,000 analyses and 200 renders in one process; memory must not grow.

    .venv/bin/python bench/bench_longrun.py [--analyses 1000] [--renders 200] [--bound-mib 60]

Prints the resident set size (VmRSS) after warm-up, after the analyses and after the renders,
and exits non-zero when the growth after warm-up exceeds the bound. Articles: the quotes-dev
corpus in ../shared when present (cycled), else the reference sample.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import time
from pathlib import Path

from _common import QUOTES_DEV, corpus, sample_body

import briefing
from briefing import render


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def articles() -> list[str]:
    return [doc["text"] for doc in corpus()] if QUOTES_DEV.is_dir() else [sample_body()]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--analyses", type=int, default=1000)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--bound-mib", type=float, default=60.0, help="allowed growth after warm-up")
    args = parser.parse_args()
    texts = articles()
    published = dt.date(2023, 2, 16)
    sample = briefing.analyze(sample_body(), published=published)
    # warm-up: every model, word list and the renderer loaded once; one pass over the corpus
    for text in texts:
        briefing.analyze(text, published=published)
    render.pdf(render.html(sample))
    gc.collect()
    start_rss = rss_mib()
    t0 = time.perf_counter()
    for text in itertools.islice(itertools.cycle(texts), args.analyses):
        briefing.analyze(text, published=published)
    gc.collect()
    after_analyses = rss_mib()
    t1 = time.perf_counter()
    for _ in range(args.renders):
        render.pdf(render.html(sample))
    gc.collect()
    after_renders = rss_mib()
    t2 = time.perf_counter()
    growth = max(after_analyses, after_renders) - start_rss
    print(f"articles cycled      {len(texts)}")
    print(f"RSS after warm-up    {start_rss:7.1f} MiB")
    per_analysis = (t1 - t0) / args.analyses * 1000
    per_render = (t2 - t1) / args.renders * 1000
    print(
        f"RSS after analyses   {after_analyses:7.1f} MiB ({args.analyses} runs, {per_analysis:.1f} ms each)"
    )
    print(f"RSS after renders    {after_renders:7.1f} MiB ({args.renders} runs, {per_render:.0f} ms each)")
    print(f"growth               {growth:+7.1f} MiB (bound {args.bound_mib:.0f} MiB)")
    if growth > args.bound_mib:
        raise SystemExit("memory grew beyond the bound")


if __name__ == "__main__":
    main()
