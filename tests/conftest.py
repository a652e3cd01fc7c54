"""Shared fixtures: the reference article and its analysis (computed once per session)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

import briefing
from briefing import render

# Caches (hyphenation patterns) go to a throw-away folder, not the user's ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="briefing-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_MD = ROOT / "samples" / "lukaschenko-interview.md"
SHARED = ROOT.parent / "shared"
REFERENCE_TXT = SHARED / "samples" / "lukaschenko-interview.txt"
PUBLISHED = dt.date(2023, 2, 16)


@pytest.fixture(scope="session", autouse=True)
def _weasyprint_started() -> None:
    """Start WeasyPrint once in the test process, so in-process CLI runs render without forking
    (the background renderer is for one-shot processes; test_cli runs the real command too)."""
    render.start()


@pytest.fixture(scope="session")
def reference_text() -> str:
    """The reference article exactly as received (from samples/, front matter removed)."""
    raw = SAMPLE_MD.read_text(encoding="utf-8")
    _, _, body = raw.split("---\n", 2)
    return body.lstrip("\n")


@pytest.fixture(scope="session")
def reference_briefing(reference_text: str) -> briefing.Briefing:
    return briefing.analyze(reference_text, published=PUBLISHED, title="Lukaschenko im Interview")
