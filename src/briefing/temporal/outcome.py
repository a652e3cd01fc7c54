"""What a rule's handler gives back: the expression's type and value, an adjusted span and the
new reference date; ``Handler`` is the handlers' type.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import re
    from collections.abc import Callable

    from briefing.model import TimexType
    from briefing.temporal.anchoring import State


@dataclasses.dataclass(slots=True)
class Out:
    """A handler's result: the expression is ``text[start:end]`` (the match's span unless given)."""

    type: TimexType
    value: str
    mod: str | None = None
    anchor: str | None = None
    start: int | None = None  # adjusted span (None: the match's)
    end: int | None = None
    update: tuple[int, int | None, int | None] | None = None  # new reference date


if TYPE_CHECKING:
    #: A rule's handler: the tagger state and the rule's match in, an :class:`Out` or None (the
    #: match is no time expression; shorter candidates inside it get their chance) back.
    Handler = Callable[[State, re.Match[str]], Out | None]
