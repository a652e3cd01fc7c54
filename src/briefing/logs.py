"""Logging set-up shared by the command line and the batch workers (kept free of heavy imports)."""

from __future__ import annotations

import logging
import sys


def configure_logging(level: int) -> None:
    """``briefing: LEVEL: message`` on stderr; below DEBUG, WeasyPrint's own chatter is silenced."""
    logging.basicConfig(level=level, format="briefing: %(levelname)s: %(message)s", stream=sys.stderr)
    if level > logging.DEBUG:  # not for editors
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
