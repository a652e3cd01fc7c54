"""Print the summary next to Lead-3 for articles of a corpus, with ROUGE-free word counts and timing.

Usage (from the project root):
    .venv/bin/python bench/bench_summary.py [CORPUS_DIR] [-n N] [--offset K] [--reference]

Reading the outputs side by side is the dev check for the summary stage: the corpora in ../shared
carry no reference summaries. Nothing from the corpus is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
import time
from pathlib import Path

from _common import QUOTES_DEV, sample_body

import briefing
from briefing import summary, text

SENT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")  # Lead-3 as the scorer computes it
WORD = re.compile(r"\w+")


def lead3(article: str) -> list[str]:
    return [s for s in SENT.split(article.strip()) if s][:3]


def show(title: str, article: str) -> float:
    """Print one article's summary (from the full pipeline) and Lead-3; return the stage's warm time (ms)."""
    analysed = briefing.analyze(article, title=title)
    doc = analysed.document
    t0 = time.perf_counter()
    points = summary.summarize(doc, analysed.entities, analysed.quotes, title=title)
    ms = (time.perf_counter() - t0) * 1000
    if any(article[p.start : p.end] != p.text for p in points):
        print("!! a point's text is not article[start:end]")
    n_sum = sum(len(WORD.findall(p.text)) for p in points)
    n_lead = sum(len(WORD.findall(s)) for s in lead3(article))
    print(f"## {title}  ({len(points)} points, {n_sum} words vs Lead-3 {n_lead}; {ms:.1f} ms)")
    for p in points:
        idx = doc.sentence_at(p.start)
        where = idx.index if idx else "?"
        print(textwrap.fill(f"[{where}] {p.display}", 110, initial_indent="  * ", subsequent_indent="    "))
    print("  Lead-3:")
    for s in lead3(article):
        print(textwrap.fill(s, 110, initial_indent="  - ", subsequent_indent="    "))
    print()
    return ms


def proxy(corpus: Path, use_entities: bool) -> None:
    """Title as a stand-in reference: how many title words does the summary recover (without the title)?

    A summary that finds the article's core should recall the headline's words about as well as the
    lead does, at a similar length. Prints mean recall and length for the summary and for Lead-3.
    """
    from briefing import entities as entity_stage

    rec_s = rec_l = len_s = len_l = 0.0
    files = sorted(corpus.glob("*.json"))
    for f in files:
        doc = json.loads(f.read_text(encoding="utf-8"))
        title = {w.lower() for w in WORD.findall(doc.get("title") or "") if len(w) > 3}
        if not title:
            continue
        analysed = text.analyse(doc["text"])
        ents = entity_stage.find_entities(analysed) if use_entities else ()
        points = summary.summarize(analysed, ents, (), title=None)
        hyp = {w.lower() for p in points for w in WORD.findall(p.text)}
        lead_sentences = lead3(doc["text"])
        lead = {w.lower() for s in lead_sentences for w in WORD.findall(s)}
        rec_s += len(title & hyp) / len(title)
        rec_l += len(title & lead) / len(title)
        len_s += sum(len(WORD.findall(p.text)) for p in points)
        len_l += sum(len(WORD.findall(s)) for s in lead_sentences)
    n = len(files)
    print(
        f"title recall: summary {rec_s / n:.4f} ({len_s / n:.1f} words)  "
        f"Lead-3 {rec_l / n:.4f} ({len_l / n:.1f} words)"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", type=Path, default=QUOTES_DEV)
    ap.add_argument("-n", type=int, default=10)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--reference", action="store_true", help="only the reference article")
    ap.add_argument("--proxy", action="store_true", help="title-recall proxy over the whole corpus")
    ap.add_argument("--entities", action="store_true", help="with --proxy: run the entity stage too")
    a = ap.parse_args()
    if a.proxy:
        proxy(a.corpus, a.entities)
        return
    times = []
    ref = sample_body().lstrip("\n")
    times.append(show("Lukaschenko im Interview", ref))
    if not a.reference:
        files = sorted(a.corpus.glob("*.json"))[a.offset : a.offset + a.n]
        for f in files:
            doc = json.loads(f.read_text(encoding="utf-8"))
            times.append(show(doc.get("title") or "", doc["text"]))
    print(
        f"summary stage: mean {sum(times) / len(times):.2f} ms, max {max(times):.2f} ms "
        f"over {len(times)} articles",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
