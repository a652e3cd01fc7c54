"""briefing: turn a German news article into a print-ready PDF briefing.

The public API is what this module exports. Names load on first use (PEP 562), so
``briefing --help`` and ``--version`` stay fast and rendering (WeasyPrint) is imported only
when a PDF is made.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

# HanTa's numpy work is tiny matrices: BLAS threads only cost a start-up thread, and a process
# with one thread can fork its batch workers safely (batch.start_method). Set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"  # the single source: pyproject.toml reads it from here

if TYPE_CHECKING:
    from briefing.errors import BriefingError
    from briefing.model import Briefing, Metadata
    from briefing.pipeline import Options, analyze

_EXPORTS = {
    "analyze": "briefing.pipeline",
    "Options": "briefing.pipeline",
    "Briefing": "briefing.model",
    "Metadata": "briefing.model",
    "BriefingError": "briefing.errors",
}

__all__ = ["Briefing", "BriefingError", "Metadata", "Options", "__version__", "analyze"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
