"""Quality floors on the development corpora: the scores of ../shared/eval/score.py may not drop.

The floors live in ``quality_floors.json`` and only go up. Skipped when ``../shared`` is absent.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from typing import Any

import pytest

from conftest import ROOT, SHARED

FLOORS: dict[str, Any] = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
SCORER = SHARED / "eval" / "score.py"


@pytest.fixture(scope="module")
def scorer() -> Any:
    if not SCORER.exists():
        pytest.skip("../shared/eval/score.py is not beside the checkout")
    spec = importlib.util.spec_from_file_location("briefing_dev_scorer", SCORER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.parametrize("task", ["quotes", "timex", "entities"])
def test_quality_dev_scores_stay_above_their_floors(scorer: Any, task: str) -> None:
    floors = FLOORS[task]
    corpus = SHARED / "corpora" / floors["corpus"]
    if not corpus.is_dir():
        pytest.skip(f"{corpus} not available")
    docs = scorer.load(corpus)
    with contextlib.redirect_stdout(io.StringIO()):
        scores = {
            "quotes": scorer.score_quotes,
            "timex": scorer.score_timex,
            "entities": scorer.score_entities,
        }[task](docs, "briefing", 0)
    for metric, floor in floors.items():
        if metric == "corpus":
            continue
        if metric == "offset_errors":
            assert scores[metric] == floor, scores
        else:
            assert scores[metric] >= floor, f"{task} {metric} {scores[metric]} < floor {floor}"
