"""Quality floors on the development corpora: the scores of ../shared/eval/score.py may not drop.

The floors live in ``quality_floors.json`` and only go up. Skipped when ``../shared`` is absent.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from conftest import ROOT, SHARED

FLOORS: dict[str, Any] = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
SCORER = SHARED / "eval" / "score.py"


TASKS = ("entities", "timex", "quotes")  # longest first: they are scored side by side


def _load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("briefing_dev_scorer", SCORER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(task: str) -> dict[str, Any]:
    """The scorer's figures for ``task`` on its floor's corpus (run in a worker process)."""
    scorer = _load_scorer()
    docs = scorer.load(SHARED / "corpora" / FLOORS[task]["corpus"])
    with contextlib.redirect_stdout(io.StringIO()):
        scores: dict[str, Any] = {
            "quotes": scorer.score_quotes,
            "timex": scorer.score_timex,
            "entities": scorer.score_entities,
        }[task](docs, "briefing", 0)
    return scores


@pytest.fixture(scope="module")
def dev_scores() -> dict[str, dict[str, Any]]:
    """Every task's scores, computed side by side in worker processes (one per core, at most 2)."""
    if not SCORER.exists():
        pytest.skip("../shared/eval/score.py is not beside the checkout")
    tasks = [t for t in TASKS if (SHARED / "corpora" / FLOORS[t]["corpus"]).is_dir()]
    workers = max(1, min(2, os.cpu_count() or 1, len(tasks)))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {task: pool.submit(_score, task) for task in tasks}
        return {task: future.result() for task, future in futures.items()}


@pytest.mark.slow
@pytest.mark.parametrize("task", TASKS)
def test_quality_dev_scores_stay_above_their_floors(dev_scores: dict[str, dict[str, Any]], task: str) -> None:
    floors = FLOORS[task]
    if task not in dev_scores:
        pytest.skip(f"{floors['corpus']} not available")
    scores = dev_scores[task]
    for metric, floor in floors.items():
        if metric == "corpus":
            continue
        if metric == "offset_errors":
            assert scores[metric] == floor, scores
        else:
            assert scores[metric] >= floor, f"{task} {metric} {scores[metric]} < floor {floor}"
