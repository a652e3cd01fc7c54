"""Shared fixtures: the reference article and its analysis (computed once per session)."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

import briefing
from briefing import render

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")

# Caches (hyphenation patterns) go to a throw-away folder, not the user's ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="briefing-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_MD = ROOT / "samples" / "lukaschenko-interview.md"
SHARED = ROOT.parent / "shared"
REFERENCE_TXT = SHARED / "samples" / "lukaschenko-interview.txt"
PUBLISHED = dt.date(2023, 2, 16)


QUOTES_TRAIN = SHARED / "corpora" / "quotes-train"


def analyse_article(path: Path) -> tuple[dict[str, Any], briefing.Briefing]:
    """A corpus article (JSON with ``text``, ``published``, ``title``) and its real analysis."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    value = data.get("published")
    try:
        published = dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        published = None
    return data, briefing.analyze(data["text"], published=published, title=data.get("title"))


def map_quotes_train(check: Callable[[Path], T]) -> list[T]:
    """``check`` over the 700 quotes-train articles in (at most) two worker processes, in file order;
    skips the test when ``../shared`` is not beside the checkout."""
    files = sorted(QUOTES_TRAIN.glob("*.json")) if QUOTES_TRAIN.is_dir() else []
    if not files:
        pytest.skip("../shared/corpora/quotes-train is not beside the checkout")
    workers = max(1, min(2, os.cpu_count() or 1))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(check, files, chunksize=10))


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
