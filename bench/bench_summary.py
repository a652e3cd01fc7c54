"""Print the summary next to Lead-3 for articles of a corpus, with ROUGE-free word counts and timing.

Usage (from the project root):
    .venv/bin/python bench/bench_summary.py [CORPUS_DIR] [-n N] [--offset K] [--reference]
    .venv/bin/python bench/bench_summary.py [CORPUS_DIR] --rouge    # ROUGE vs titles, Lead-3, LexRank

Reading the outputs side by side is the dev check for the summary stage: the corpora in ../shared
carry no reference summaries. Nothing from the corpus is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import textwrap
import time
from pathlib import Path

from _common import QUOTES_DEV, SHARED, sample_body
from _common import corpus as corpus_docs

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


def _lexrank(sentences: list[str], k: int = 3, threshold: float = 0.1) -> list[str]:
    """LexRank as sumy computes it (tf-idf cosine graph, threshold 0.1, power iteration), top ``k``
    sentences in reading order: the held-out baseline of issue 20."""
    import numpy as np

    words = [[w.lower() for w in WORD.findall(s)] for s in sentences]
    n = len(sentences)
    if n <= k:
        return sentences
    df: dict[str, int] = {}
    for ws in words:
        for w in set(ws):
            df[w] = df.get(w, 0) + 1
    column = {w: i for i, w in enumerate(df)}
    m = np.zeros((n, len(column)))
    for i, ws in enumerate(words):
        for w in ws:
            m[i, column[w]] += math.log(n / df[w])
    norms = np.linalg.norm(m, axis=1)
    m = m / np.where(norms == 0, 1.0, norms)[:, None]
    graph = (m @ m.T > threshold).astype(float)
    graph /= np.maximum(graph.sum(axis=1), 1.0)[:, None]
    rank = np.full(n, 1.0 / n)
    for _ in range(50):
        rank = graph.T @ rank
    return [sentences[i] for i in sorted(np.argsort(-rank)[:k])]


def rouge(corpus: Path) -> None:
    """ROUGE-1/ROUGE-L F against the article's title (a weak stand-in reference; the title is not
    given to the summary), next to the scorer's Lead-3, Lead-3 on briefing's own sentences and LexRank.

    The scorer's Lead-3 splits at every full stop before a capital, also after ordinals ("am 26.
    Februar"), so its three "sentences" are often shorter than three real ones: against a
    ten-word reference, ROUGE F rewards short outputs, so the word counts are printed too.
    """
    sys.path.insert(0, str(SHARED / "eval"))
    import score  # the scorer's own tokens, ROUGE and Lead-3

    systems = ("briefing", "Lead-3 (scorer)", "Lead-3 (sentences)", "LexRank")
    totals = {s: [0.0, 0.0, 0.0] for s in systems}
    n = 0
    for doc in corpus_docs(corpus):
        if not doc.get("title"):
            continue
        n += 1
        analysed = briefing.analyze(doc["text"], published=doc["date"])  # the title is the reference
        sentences = [doc["text"][s.start : s.end] for s in analysed.document.sentences]
        outputs = {
            "briefing": [p.text for p in analysed.summary],
            "Lead-3 (scorer)": score.lead(doc["text"], 3),
            "Lead-3 (sentences)": sentences[:3],
            "LexRank": _lexrank(sentences),
        }
        ref = score.tokens(doc["title"])
        for name, out in outputs.items():
            hyp = score.tokens(" ".join(out))
            row = totals[name]
            row[0] += score.rouge_n(ref, hyp, 1)
            row[1] += score.rouge_l(ref, hyp)
            row[2] += len(hyp)
    print(f"ROUGE F against the title, {n} articles of {corpus.name}:")
    for name, (r1, rl, words) in totals.items():
        print(f"  {name:20s} ROUGE-1 {r1 / n:.4f}  ROUGE-L {rl / n:.4f}  {words / n:5.1f} words")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", type=Path, default=QUOTES_DEV)
    ap.add_argument("-n", type=int, default=10)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--reference", action="store_true", help="only the reference article")
    ap.add_argument("--proxy", action="store_true", help="title-recall proxy over the whole corpus")
    ap.add_argument("--entities", action="store_true", help="with --proxy: run the entity stage too")
    ap.add_argument("--rouge", action="store_true", help="ROUGE against the titles, with Lead-3 and LexRank")
    a = ap.parse_args()
    if a.rouge:
        rouge(a.corpus)
        return
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
