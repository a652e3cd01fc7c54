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
import re
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from conftest import ROOT, SHARED, assert_faithful

FLOORS: dict[str, Any] = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
SCORER = SHARED / "eval" / "score.py"


WORD = re.compile(r"\w+")
TASKS = ("entities", "timex", "quotes")  # longest first: they are scored side by side


def _load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("briefing_dev_scorer", SCORER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(task: str) -> tuple[dict[str, Any], list[tuple[str, list[dict[str, Any]]]]]:
    """The scorer's figures for ``task`` on its floor's corpus, and each article with the summary
    points the analysis gave it (run in a worker process)."""
    scorer = _load_scorer()
    docs = scorer.load(SHARED / "corpora" / FLOORS[task]["corpus"])
    summaries: list[tuple[str, list[dict[str, Any]]]] = []
    analyse = scorer.run_briefing

    def recording(doc: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = analyse(doc)
        summaries.append((doc["text"], out["summary"]))
        return out

    scorer.run_briefing = recording
    with contextlib.redirect_stdout(io.StringIO()):
        scores: dict[str, Any] = {
            "quotes": scorer.score_quotes,
            "timex": scorer.score_timex,
            "entities": scorer.score_entities,
        }[task](docs, "briefing", 0)
    return scores, summaries


@pytest.fixture(scope="module")
def dev_runs() -> dict[str, tuple[dict[str, Any], list[tuple[str, list[dict[str, Any]]]]]]:
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
def test_quality_dev_scores_stay_above_their_floors(dev_runs: dict[str, Any], task: str) -> None:
    floors = FLOORS[task]
    if task not in dev_runs:
        pytest.skip(f"{floors['corpus']} not available")
    scores = dev_runs[task][0]
    for metric, floor in floors.items():
        if metric == "corpus":
            continue
        if metric == "offset_errors":
            assert scores[metric] == floor, scores
        else:
            assert scores[metric] >= floor, f"{task} {metric} {scores[metric]} < floor {floor}"


@pytest.mark.slow
def test_quality_summary_points_are_traceable_on_the_dev_corpus(dev_runs: dict[str, Any]) -> None:
    """Every article of the quote corpus gets summary points that are verbatim spans, within the
    word budget (the analyses the quote score was computed on)."""
    if "quotes" not in dev_runs:
        pytest.skip(f"{FLOORS['quotes']['corpus']} not available")
    summaries = dev_runs["quotes"][1]
    assert len(summaries) >= 100
    for article, points in summaries:
        assert points, article[:60]
        assert_faithful(article, [(p["text"], p["start"], p["end"], p["display"]) for p in points])
        assert sum(len(WORD.findall(p["display"])) for p in points) <= 80 or len(points) == 1
