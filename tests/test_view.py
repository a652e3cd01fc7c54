"""The presentation model: what the PDF shows, decided before the template."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

import pytest

from briefing import view
from briefing.model import ContextBox, Fact

if TYPE_CHECKING:
    import briefing


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        (
            '"Ja, ich bin bereit. "Ich bin bereit, noch einmal zu helfen. "',
            "Ja, ich bin bereit. Ich bin bereit, noch einmal zu helfen.",
        ),
        ("„Wir werden [das Gebiet] nicht aufgeben.“", "Wir werden [das Gebiet] nicht aufgeben."),
        ('»Er nannte es "Unsinn" und ging.«', "Er nannte es ‚Unsinn‘ und ging."),
        ("„Das ist\n  gut“", "Das ist gut"),
    ],
)
def test_view_quote_display_mends_marks(quote: str, shown: str) -> None:
    assert view.quote_display(quote, 600) == shown


def test_view_quote_display_shortens_long_quotes_at_a_word() -> None:
    shown = view.quote_display("„" + "Wir kämpfen weiter " * 50 + "“", 60)
    assert len(shown) <= 62
    assert shown.endswith(" …")


def test_view_shows_only_key_quotes_with_role(reference_briefing: briefing.Briefing) -> None:
    model = view.build(
        reference_briefing, view.RenderOptions(), dt.datetime(2023, 2, 17, 9, 0, tzinfo=dt.UTC)
    )
    assert 1 <= len(model["quotes"]) <= 5
    assert len(model["quotes"]) == len(reference_briefing.key_quotes)
    assert all(q["speaker"] == "Alexander Lukaschenko" for q in model["quotes"])


def test_view_marks_knowledge_base_facts_with_their_date(reference_briefing: briefing.Briefing) -> None:
    box = ContextBox(
        kind="entity",
        title="Belarus",
        facts=(
            Fact(text="Binnenstaat in Osteuropa.", source="knowledge-base", updated="2023-01-31"),
            Fact(text="3,2 Millionen Euro", start=0, end=18, label="3,2 Mio. €"),
        ),
    )
    model = view.build(
        dataclasses.replace(reference_briefing, context=(box,)),
        view.RenderOptions(),
        dt.datetime(2023, 2, 17, 9, 0, tzinfo=dt.UTC),
    )
    kb, figure = model["boxes"][0]["facts"]
    assert kb["from_kb"] is True
    assert kb["updated"] == "31. Januar 2023"
    assert figure["from_kb"] is False
    assert figure["label"] == "3,2 Mio. €"


def test_view_german_facts_line(reference_briefing: briefing.Briefing) -> None:
    model = view.build(
        reference_briefing, view.RenderOptions(), dt.datetime(2023, 2, 17, 9, 0, tzinfo=dt.UTC)
    )
    line = " · ".join(model["facts_line"])
    assert "Donnerstag, 16. Februar 2023" in line
    assert "Lesezeit:" in line
    assert "Wörter" in line
