"""Temporal stage: German time expressions normalised to TIMEX3 values."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from briefing.model import Document, TimeExpression


def tag(doc: Document, published: dt.date | None) -> tuple[TimeExpression, ...]:
    """Time expressions in text order, anchored on ``published`` or the last mentioned date."""
    del doc, published
    return ()
