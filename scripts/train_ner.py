"""Train the entity stage's name tagger: ``src/briefing/data/entities/ner.crfsuite``.

    .venv/bin/python scripts/train_ner.py                      # from ../shared/corpora/entities-train
    .venv/bin/python scripts/train_ner.py --corpus DIR --out FILE --jobs 2

Reads every ``*.jsonl`` file of the corpus folder (one sentence per line: ``text`` and ``entities``
with ``start``, ``end`` and ``type`` PER/LOC/ORG, the GermEval 2014 format of
``../shared/corpora/entities-train``), runs the text stage and the entity rules over each sentence
exactly as :func:`briefing.analyze` does, turns the gold spans into B-/I-/O tags and trains a
linear-chain CRF (python-crfsuite, L-BFGS with the ``c1``, ``c2`` and ``max_iterations`` of
``data/entities/tagger.yaml``) on :func:`briefing.entities.tagger.sentence_features`.

The result is deterministic: the same corpus and settings give the same model file, byte for byte
(sentences in file order, one thread of L-BFGS, features in a fixed order). The corpus is read from
outside the repository and never copied into it; only the model ships.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "entities-train"
OUT = ROOT / "src" / "briefing" / "data" / "entities" / "ner.crfsuite"

Analysed = list[tuple[list[list[str]], list[str]]]


def _analysed(line: str) -> Analysed:
    """Each sentence of one corpus document as the model sees it (its features, from the text stage
    and the entity rules exactly as :func:`briefing.analyze` runs them) with its gold tags."""
    from briefing import entities, text  # noqa: PLC0415 - imported in each worker process
    from briefing.entities import tagger  # noqa: PLC0415

    doc_json = json.loads(line)
    doc = text.analyse(doc_json["text"])
    lex = entities.entity_lexicon()
    rules = entities.rule_candidates(doc, lex)
    gold = [(g["start"], g["end"], g["type"]) for g in doc_json["entities"]]
    return [
        (features, tagger.bio_tags(sent.tokens, [g for g in gold if sent.start <= g[0] < sent.end]))
        for sent, features in tagger.document_features(doc, rules, lex)
    ]


def _lines(corpus: Path) -> list[str]:
    files = sorted(corpus.glob("*.jsonl"))
    if not files:
        raise SystemExit(f"train_ner: no *.jsonl file in {corpus}")
    return [line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def train(corpus: Path, out: Path, jobs: int = 1) -> dict[str, Any]:
    """Train on ``corpus`` and write the model to ``out`` (atomically); returns what was done."""
    import pycrfsuite

    from briefing.entities.tagger import TRAINING  # noqa: PLC0415

    started = time.perf_counter()
    cfg = TRAINING()
    lines = _lines(corpus)
    trainer = pycrfsuite.Trainer(verbose=False)
    sentences = 0
    with contextlib.ExitStack() as stack:
        if jobs > 1:  # documents come back in corpus order and go into the trainer one by one
            docs = stack.enter_context(get_context("fork").Pool(jobs)).imap(_analysed, lines, chunksize=100)
        else:
            docs = map(_analysed, lines)
        for doc in docs:
            for features, gold_tags in doc:
                trainer.append(features, gold_tags)
                sentences += 1
    trainer.set_params(
        {
            "c1": cfg.c1,
            "c2": cfg.c2,
            "max_iterations": cfg.max_iterations,
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ner-", suffix=".crfsuite", dir=out.parent)
    os.close(fd)
    try:
        trainer.train(tmp)
        Path(tmp).chmod(0o644)  # mkstemp made it private; the model ships
        Path(tmp).replace(out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return {
        "documents": len(lines),
        "sentences": sentences,
        "bytes": out.stat().st_size,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help=f"folder of *.jsonl files (default {CORPUS})"
    )
    parser.add_argument("--out", type=Path, default=OUT, help="model file to write")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the text stage")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"train_ner: corpus folder {args.corpus} not found", file=sys.stderr)
        return 2
    done = train(args.corpus, args.out, jobs=max(1, args.jobs))
    print(json.dumps({"model": str(args.out), **done}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
