"""The pipeline: stages declare the layers they require and assign, and the pipeline checks both."""

from __future__ import annotations

import dataclasses

import pytest

from briefing import pipeline, text
from briefing.model import Briefing, Metadata
from briefing.pipeline import LAYERS, STAGES, Annotated, Options, PipelineError, Stage


def test_pipeline_every_layer_is_assigned_once_and_required_only_after() -> None:
    pipeline.check(STAGES)
    assigned = [layer for stage in STAGES for layer in stage.assigns]
    assert sorted(["document", *assigned]) == sorted(LAYERS)


@pytest.mark.parametrize("index", range(1, len(STAGES)))
def test_pipeline_refuses_a_stage_before_the_stage_it_needs(index: int) -> None:
    stages = list(STAGES)
    moved = stages.pop(index)
    needs = [i for i, s in enumerate(stages) if set(s.assigns) & set(moved.requires)]
    if not needs:
        pytest.skip(f"{moved.name} needs only the text layer")
    stages.insert(0, moved)
    with pytest.raises(PipelineError, match=f"stage {moved.name!r} requires"):
        pipeline.check(stages)


def test_pipeline_refuses_a_layer_assigned_twice() -> None:
    with pytest.raises(PipelineError, match="already assigned"):
        pipeline.check([*STAGES, dataclasses.replace(STAGES[0], name="again")])


def _annotated(article: str) -> Annotated:
    return Annotated(Briefing(text=article, meta=Metadata(), document=text.analyse(article)), Options())


def test_pipeline_refuses_a_stage_that_returns_undeclared_layers() -> None:
    rogue = Stage("rogue", ("document",), ("entities",), lambda _a: {"entities": (), "quotes": ()})
    with pytest.raises(PipelineError, match="declares"):
        pipeline.run(_annotated("Der Bundestag tagt."), [rogue])


def test_pipeline_refuses_to_run_a_stage_whose_input_is_missing() -> None:
    with pytest.raises(PipelineError, match="not assigned"):
        pipeline.run(_annotated("Der Bundestag tagt."), [STAGES[1]])


def test_pipeline_run_assigns_every_layer_in_order() -> None:
    article = "Angela Merkel sagte am Montag in Berlin: „Wir schaffen das.“ Sie lächelte."
    done = pipeline.run(_annotated(article))
    assert done.assigned == frozenset(LAYERS)
    assert [q.speaker for q in done.briefing.quotes] == ["Angela Merkel"]
    assert any(e.name == "Berlin" for e in done.briefing.entities)
