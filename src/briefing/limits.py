"""Bounds on the work per token, sentence and document, and the wall-clock budget of one analysis.

The numbers live in ``data/limits.yaml`` (:class:`Limits`); each lies beyond the sizes real
articles reach, so it changes nothing on them and keeps hostile input (issue 22:
100 KB of quotation marks, digits, one sentence without punctuation) linear in its length.

The budget: :func:`budget` sets an absolute deadline (``time.monotonic()`` seconds) for the code it
encloses, and :func:`check` raises :class:`~briefing.errors.DeadlineError` once it has passed.
The pipeline calls :func:`check` between stages; long loops call it every so often. The deadline
is held in a context variable, so the stages need no extra parameter and a thread or a
``contextvars.copy_context()`` of its own sees only its own budget.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing import settings
from briefing.errors import DeadlineError

if TYPE_CHECKING:
    from collections.abc import Iterator


@dataclass(frozen=True, slots=True)
class Limits:
    """``data/limits.yaml``: see the comments there."""

    token_chars: int  # morph: longer tokens get no morphology
    run_chars: int  # text: longer runs without whitespace reach SoMaJo in pieces
    many_paragraphs: int  # text: beyond, paragraphs reach SoMaJo in batches
    batch_chars: int
    sentence_tokens: int  # text: longer sentences are split before tagging
    sentence_chars: int
    split_window: int  # tokens before the bound searched for a comma, colon, … to split at
    quote_context_tokens: int  # quotes: context before the opening and after the closing mark
    summary_sentences: int  # summary: beyond, sparse vectors and centrality in blocks
    document_seconds: float  # the CLI batch workers' budget per document


LIMITS = settings.register(Limits, "limits.yaml")

#: The clock budgets are measured on (seconds, monotonic); a test may replace it.
clock = time.monotonic

_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "briefing_deadline", default=None
)


@contextlib.contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Run the enclosed code with ``seconds`` of wall-clock time (None: no budget; an enclosing,
    earlier deadline still holds)."""
    if seconds is None:
        yield
        return
    if seconds <= 0:
        raise ValueError(f"deadline must be a positive number of seconds, not {seconds!r}")
    deadline = clock() + seconds
    outer = _DEADLINE.get()
    if outer is not None and outer[0] < deadline:
        deadline, seconds = outer
    token = _DEADLINE.set((deadline, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check(stage: str) -> None:
    """Raise :class:`DeadlineError` if the current budget has run out (cheap when there is none);
    ``stage`` names the step that was running for the message."""
    current = _DEADLINE.get()
    if current is not None and clock() > current[0]:
        raise DeadlineError(
            f"the analysis took longer than its budget of {current[1]:g} s (stopped in the {stage} stage)"
        )
