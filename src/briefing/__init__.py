"""briefing: turn a German news article into a print-ready PDF briefing.

The public API is what this module exports; rendering (WeasyPrint) is imported only when used.
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version

# HanTa's numpy work is tiny matrices: BLAS threads only cost a start-up thread, and a process
# with one thread can fork its batch workers safely (batch.start_method). Set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from briefing.errors import BriefingError
from briefing.model import Briefing, Metadata
from briefing.pipeline import Options, analyze

try:
    __version__ = version("briefing")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["Briefing", "BriefingError", "Metadata", "Options", "__version__", "analyze"]
