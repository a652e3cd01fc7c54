"""Growth of each analysis stage on one long line: is any stage quadratic in the line's length?

    .venv/bin/python bench/bench_long_line.py [--sizes 25 50 100] [--input article sentence] [--repeat 3]

Two corpus-free inputs, each cut to 25, 50 and 100 KB (``--sizes``, in thousands of characters):
``article`` is the reference article's body (samples/lukaschenko-interview.md) repeated and joined
into one line (one paragraph, many sentences); ``sentence`` is the clause of the hostile-input
test repeated without a full stop (one sentence of the whole length). Each size is analysed
``--repeat`` times in a warm process (a first, small analysis loads the models and fills the word
caches), stage by stage as ``briefing.analyze`` runs them; the table gives each stage's least CPU
seconds and, from the second size on, the growth factor against the previous size: 2 per doubling
is linear, 4 is quadratic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from _common import sample_body

import briefing
from briefing import pipeline, text
from briefing.model import Metadata

CLAUSE = "Der Präsident sagte am Montag in Berlin, dass alles gut werde, und "  # the hostile-input test's
PUBLISHED = dt.date(2024, 5, 2)


def one_line(kind: str, chars: int) -> str:
    """``chars`` characters of the ``kind`` input, without a line break."""
    unit = " ".join(sample_body().split()) + " " if kind == "article" else CLAUSE
    return (unit * (chars // len(unit) + 1))[:chars]


def stage_seconds(article: str, repeat: int) -> dict[str, float]:
    """Each stage's least CPU seconds over ``repeat`` analyses of ``article`` (CPU time, not wall
    time: the figures hold on a machine other processes share)."""
    best: dict[str, float] = {}

    def record(name: str, start: float) -> None:
        seconds = time.process_time() - start
        best[name] = min(seconds, best.get(name, seconds))

    for _ in range(repeat):
        start = time.process_time()
        document = text.analyse(article)
        record("text", start)
        doc = pipeline.Annotated(document, Metadata(published=PUBLISHED), pipeline.Options())
        for stage in pipeline.STAGES:
            start = time.process_time()
            doc = pipeline.run(doc, [stage])
            record(stage.name, start)
    return best


def table(kind: str, sizes: list[int], repeat: int) -> None:
    briefing.analyze(one_line(kind, 5000), published=PUBLISHED)  # models, word caches
    rows = {size: stage_seconds(one_line(kind, size * 1000), repeat) for size in sizes}
    stages = list(rows[sizes[0]])
    print(f"\n{kind}: CPU seconds per stage, the best of {repeat} (growth against the previous size)")
    print(f"{'stage':<10}" + "".join(f"{f'{size} KB':>18}" for size in sizes))
    for name in [*stages, "total"]:
        cells = []
        for i, size in enumerate(sizes):
            now = sum(rows[size].values()) if name == "total" else rows[size][name]
            cell = f"{now:8.3f}"
            if i:
                before = sum(rows[sizes[i - 1]].values()) if name == "total" else rows[sizes[i - 1]][name]
                cell += f" (×{now / before:4.1f})" if before > 0 else "        "
            else:
                cell += " " * 8
            cells.append(f"{cell:>18}")
        print(f"{name:<10}" + "".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100], help="thousands of chars")
    kinds = ["article", "sentence"]
    parser.add_argument("--input", nargs="+", default=kinds, choices=kinds)
    parser.add_argument("--repeat", type=int, default=3, help="analyses per size; the best counts")
    args = parser.parse_args()
    for kind in args.input:
        table(kind, sorted(args.sizes), args.repeat)


if __name__ == "__main__":
    main()
