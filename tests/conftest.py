"""Shared fixtures: the reference article and its analysis (computed once per session)."""

from __future__ import annotations

import datetime as dt
import os
import re
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


def assert_faithful(article: str, points: list[tuple[str, int, int, str]]) -> None:
    """Summary points ``(text, start, end, display)`` are verbatim spans of ``article`` and each
    display is verbatim pieces of its span, in order, joined by " … "; an editorial bracket naming
    a pronoun's referent ("Er [Alexander Lukaschenko] …") is the only other thing a display adds."""
    for text, start, end, display in points:
        assert article[start:end] == text
        pos = 0
        for piece in re.sub(r" \[[^\]]+\]", " … ", display).split(" … "):
            if not piece.strip():
                continue
            found = text.find(piece.strip(), pos)
            assert found >= 0, (piece, text)
            pos = found + len(piece.strip())


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first (stable otherwise): with ``-n auto`` the longest file starts at once instead
    of running alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
