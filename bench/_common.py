"""Helpers the benchmark scripts share (they run with ``bench/`` on ``sys.path``)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "samples" / "lukaschenko-interview.md"
QUOTES_DEV = SHARED / "corpora" / "quotes-dev"


def sample_body() -> str:
    """The reference article without its YAML front matter."""
    return SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2]


def corpus(folder: Path = QUOTES_DEV, limit: int | None = None) -> list[dict[str, Any]]:
    """The ``*.json`` articles of a corpus folder in name order; ``date`` is ``published`` parsed."""
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))[:limit]]
    for doc in docs:
        doc["date"] = dt.date.fromisoformat(doc["published"]) if doc.get("published") else None
    return docs


def run(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB, from ``os.wait4``) of one child process; exits on failure."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed: {err.read().decode(errors='replace')}")
    return elapsed, usage.ru_maxrss


def best_ms_per(chars: int, work: Callable[[], object], length: int, repeat: int) -> float:
    """The best of ``repeat`` runs of ``work`` on a ``length``-character text, in ms per ``chars``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - t0)
    return best * 1000 * chars / max(1, length)
