"""Calibration of the quote speakers' confidence: how often the speaker is right per confidence band.

    .venv/bin/python bench/bench_quote_confidence.py [CORPUS ...]

Defaults to ``../shared/corpora/quotes-train`` and ``quotes-dev``. Each found quote is matched to an
annotated direct quote and its speaker judged exactly as ``../shared/eval/score.py quotes`` does
(its functions are imported from there, so the two cannot disagree); quotes without a match or with
no annotated speaker are left out. Prints, per corpus and confidence band, the number of quotes and
the share with the right speaker, and the same per confidence value (each way of finding a speaker,
``confidence`` in ``data/quotes/thresholds.yaml``, gives its own value).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import defaultdict
from pathlib import Path

from _common import SHARED, corpus

import briefing

BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def _score_module() -> object:
    sys.path.insert(0, str(SHARED / "eval"))
    import score  # type: ignore[import-not-found]

    return score


def _band(confidence: float) -> str:
    for lo, hi in itertools.pairwise(BANDS):
        if lo <= confidence < hi:
            return f"[{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}"
    return "?"


def calibrate(folder: Path) -> None:
    score = _score_module()
    bands: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    values: dict[float, list[int]] = defaultdict(lambda: [0, 0])
    for doc in corpus(folder):
        text = doc["text"]
        gold, seen = [], set()
        for q in doc["quotes"]:
            if q["type"] == "Direct" and q["quote"] and tuple(q["quote"]) not in seen:
                seen.add(tuple(q["quote"]))
                gold.append(q)
        found = briefing.analyze(text, published=doc["date"], title=doc.get("title")).to_dict()["quotes"]
        pairs = score.match(  # type: ignore[attr-defined]
            [score.inner(text, *q["quote"]) for q in gold],  # type: ignore[attr-defined]
            [score.inner(text, p["start"], p["end"]) for p in found],  # type: ignore[attr-defined]
            0.5,
        )
        for i, j in pairs:
            right = score.speaker_right(gold[i], found[j])  # type: ignore[attr-defined]
            if right is None:
                continue
            for tally in (bands[_band(found[j]["confidence"])], values[found[j]["confidence"]]):
                tally[0] += 1
                tally[1] += bool(right)
    print(f"{folder.name}: speaker right per confidence band")
    total = [0, 0]
    for name in sorted(bands):
        n, ok = bands[name]
        total[0] += n
        total[1] += ok
        print(f"  {name:12} {n:5d} quotes  {ok / n:6.1%} right")
    if total[0]:
        print(f"  {'all':12} {total[0]:5d} quotes  {total[1] / total[0]:6.1%} right")
    print("  by confidence value (each way of finding a speaker has its own):")
    for value in sorted(values, reverse=True):
        n, ok = values[value]
        print(f"  {value:12.2f} {n:5d} quotes  {ok / n:6.1%} right")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "corpora",
        nargs="*",
        type=Path,
        default=[SHARED / "corpora" / "quotes-train", SHARED / "corpora" / "quotes-dev"],
    )
    args = parser.parse_args()
    if not (SHARED / "eval" / "score.py").exists():
        sys.exit("bench_quote_confidence: ../shared/eval/score.py is not beside the checkout")
    for folder in args.corpora:
        calibrate(folder)


if __name__ == "__main__":
    main()
