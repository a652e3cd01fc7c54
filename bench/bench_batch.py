"""Batch and profile figures: PDF size per profile for the reference article, and the wall time
and peak RSS of `briefing make --each` for N inputs (default 20; issue 11 asks for 50) with
--jobs 1 and --jobs 2.

Usage (from the project root):
    .venv/bin/python bench/bench_batch.py [-n 20] [--jobs 1 2]

The inputs are copies of samples/lukaschenko-interview.md with varied titles and dates, written
to a temporary folder; every batch runs the real CLI (`python -m briefing`) in a fresh process,
so worker start-up (spawn, fonts, hyphenation, text models) is part of the time, as for a user.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

from _common import SAMPLE, run, sample_body

TOPICS = ["Weißrussland", "Minsk", "Grenze", "Manöver", "Sanktionen", "Ölpreis", "Wahlen", "Gipfel"]


def make_inputs(folder: Path, count: int) -> list[Path]:
    body = sample_body()
    start = dt.date(2023, 2, 1)
    paths = []
    for i in range(count):
        title = f"{TOPICS[i % len(TOPICS)]}: Lagebericht Nummer {i + 1}"
        date = start + dt.timedelta(days=i)
        path = folder / f"artikel-{i + 1:02d}.md"
        path.write_text(f'---\ntitle: "{title}"\ndate: {date}\nsource: BBC\n---\n{body}', encoding="utf-8")
        paths.append(path)
    return paths


def _burn(n: int) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - started


def cpu_parallelism(n: int = 5_000_000) -> float:
    """Throughput of two CPU-bound processes relative to one (2.0 = two real cores)."""
    from concurrent.futures import ProcessPoolExecutor

    alone = _burn(n)
    with ProcessPoolExecutor(2) as pool:
        both = list(pool.map(_burn, [n, n]))
    return 2 * alone / max(both)


def cli(*args: str) -> float:
    return cli_rss(*args)[0]


def cli_rss(*args: str) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of the CLI's main process."""
    return run([sys.executable, "-m", "briefing", *args])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="number of inputs (default 20)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        folder = Path(tmp)
        print("PDF size per profile, reference article (samples/lukaschenko-interview.md):")
        for profile in ("print", "email", "archive"):
            target = folder / f"{profile}.pdf"
            cli("make", str(SAMPLE), "--profile", profile, "-o", str(target), "-q")
            from pypdf import PdfReader

            pages = len(PdfReader(target).pages)
            print(f"  {profile:8s} {target.stat().st_size / 1024:6.1f} KB  {pages} pages")
        target = folder / "print-bleed.pdf"
        cli("make", str(SAMPLE), "--bleed", "3mm", "--crop-marks", "-o", str(target), "-q")
        print(f"  {'print + --bleed 3mm --crop-marks':8s} {target.stat().st_size / 1024:6.1f} KB")

        inputs = folder / "inputs"
        inputs.mkdir()
        make_inputs(inputs, args.n)
        print(f"\nthis machine: two CPU-bound processes run {cpu_parallelism():.2f}x as fast as one")
        print(f"batch of {args.n} inputs (`briefing make --each DIR --out-dir OUT --jobs N`), wall time:")
        base = None
        for jobs in args.jobs:
            out = folder / f"out-{jobs}"
            seconds, rss = cli_rss(
                "make", "--each", str(inputs), "--out-dir", str(out), "--jobs", str(jobs), "-q"
            )
            written = len(list(out.glob("*.pdf")))
            base = base or seconds
            print(
                f"  --jobs {jobs}: {seconds:6.1f} s  ({seconds / args.n:.2f} s per input, "
                f"{written} PDFs, speed-up {base / seconds:.2f}x, main process peak RSS {rss / 1024:.0f} MiB)"
            )
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"largest single process of all runs (main or worker): peak RSS {workers / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
