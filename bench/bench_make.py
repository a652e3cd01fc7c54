"""Benchmarks 1 and 4 (issue 11): whole-process ``briefing make`` against WeasyPrint's CLI.

    .venv/bin/python bench/bench_make.py [--runs 7]

1. ``briefing make samples/lukaschenko-interview.md`` (read, analyse, render, write) against
   ``weasyprint`` rendering the HTML that ``briefing make --format html`` produced, alternating,
   each a fresh process; prints the medians and their ratio.
2. ``briefing --help``: start-up time of the command.
4. Peak RSS of each child process (from ``os.wait4``).

Each process gets a warm user cache (hyphenation patterns, fontconfig), as an editor's second
and later runs do; the first, cold run is reported separately.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import SAMPLE, run

BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    briefing_bin, weasy_bin = BIN / "briefing", BIN / "weasyprint"
    if not weasy_bin.exists():
        raise SystemExit(f"{weasy_bin} not found (pip install weasyprint)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
        html = work / "briefing.html"
        subprocess.run(
            [briefing_bin, "make", SAMPLE, "--format", "html", "-o", html, "-q"], env=env, check=True
        )
        make_cmd = [str(briefing_bin), "make", str(SAMPLE), "-o", str(work / "b.pdf"), "-q"]
        weasy_cmd = [str(weasy_bin), str(html), str(work / "w.pdf")]
        cold, _ = run(make_cmd, {**env, "XDG_CACHE_HOME": str(work / "cold-cache")})
        run(weasy_cmd, env)  # warm the OS file cache for both
        ours: list[tuple[float, int]] = []
        theirs: list[tuple[float, int]] = []
        for _ in range(args.runs):
            ours.append(run(make_cmd, env))
            theirs.append(run(weasy_cmd, env))
        helps = [run([str(briefing_bin), "--help"], env)[0] for _ in range(args.runs)]
        shutil.rmtree(work / "cold-cache", ignore_errors=True)
    ours_med = statistics.median(t for t, _ in ours)
    theirs_med = statistics.median(t for t, _ in theirs)
    print(f"runs (alternating)              {args.runs}")
    print(f"briefing make (whole process)   median {ours_med:.3f} s   first cold run {cold:.3f} s")
    print(f"weasyprint CLI on our HTML      median {theirs_med:.3f} s")
    print(f"ratio briefing / weasyprint     {ours_med / theirs_med:.2f}")
    print(f"briefing --help                 median {statistics.median(helps):.3f} s")
    print(f"peak RSS briefing make          max {max(r for _, r in ours) / 1024:.0f} MiB")
    print(f"peak RSS weasyprint             max {max(r for _, r in theirs) / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
