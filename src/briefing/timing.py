"""Per-stage wall times for ``--timings``: a recorder the pipeline and the renderer report to."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@dataclass
class Timings:
    """Seconds per named step, in the order the steps first ran."""

    steps: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - start

    def report(self) -> str:
        """One line per step and a total, in milliseconds."""
        width = max((len(name) for name in self.steps), default=5)
        lines = [f"{name:<{width}}  {seconds * 1000:8.1f} ms" for name, seconds in self.steps.items()]
        lines.append(f"{'total':<{width}}  {sum(self.steps.values()) * 1000:8.1f} ms")
        return "\n".join(lines)


@contextlib.contextmanager
def step(timings: Timings | None, name: str) -> Iterator[None]:
    """``timings.step(name)`` when recording, otherwise nothing."""
    if timings is None:
        yield
    else:
        with timings.step(name):
            yield
