"""Caches are an optimisation only: a missing, unusable or read-only cache folder means no cache
(one note with ``-v``), never a failed render."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import jinja2
import pytest

from briefing import api, render
from conftest import SAMPLE_MD
from test_signals import child_env

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def fresh_cache_lookup() -> Iterator[None]:
    """The cache folder is looked up again in the test, and again after it."""
    render.cache_dir.cache_clear()
    yield
    render.cache_dir.cache_clear()


@pytest.fixture
def blocked(tmp_path: Path) -> dict[str, str]:
    """``XDG_CACHE_HOME`` and ``HOME`` below a regular file: no folder can be made there (as root too)."""
    (tmp_path / "datei").write_text("kein Ordner", encoding="utf-8")
    return {"XDG_CACHE_HOME": str(tmp_path / "datei" / "cache"), "HOME": str(tmp_path / "datei" / "home")}


@pytest.mark.parametrize(
    "command",
    [
        ["make", "A", "-o", "OUT/einzeln.pdf", "-v"],
        ["make", "A", "B", "-o", "OUT/mappe.pdf"],
        ["render", "DOC", "-o", "OUT/redigiert.pdf"],
        ["make", "--each", "A", "--out-dir", "OUT", "-j", "1"],
    ],
    ids=["make", "handout", "render", "each"],
)
def test_cache_folder_that_cannot_be_made_still_renders(
    tmp_path: Path, blocked: dict[str, str], command: list[str]
) -> None:
    second = tmp_path / "zwei.md"
    second.write_text(SAMPLE_MD.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    if "DOC" in command:
        api.analyze_document(str(SAMPLE_MD), tmp_path / "analyse.yaml")
    names = {"A": str(SAMPLE_MD), "B": str(second), "DOC": str(tmp_path / "analyse.yaml"), "OUT": str(out)}
    args = [names.get(a, a.replace("OUT", str(out))) for a in command]
    done = subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        env={**child_env(), **blocked},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    written = [p for p in out.iterdir() if p.suffix == ".pdf"]
    assert len(written) == 1
    assert written[0].read_bytes().startswith(b"%PDF-")
    notes = [line for line in done.stderr.splitlines() if "no cache folder" in line]
    if "-v" in command:
        assert len(notes) == 1, done.stderr  # said once, not once per process
        assert "Not a directory" in notes[0]
    else:
        assert done.stderr == ""


def test_cache_read_only_folder_means_no_cache(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    fresh_cache_lookup: None,
) -> None:
    """The permission check forced: root may write anywhere, so a read-only folder is simulated
    by the check itself (the next test does it for real when not run as root)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(render, "_writable", lambda _folder: False)
    with caplog.at_level(logging.INFO, logger="briefing"):
        assert render.cache_dir() is None
        assert render.cache_dir() is None
        assert render._bytecode_cache() is None
    assert [r.getMessage() for r in caplog.records if "no cache" in r.getMessage()] == [
        f"no cache folder ({tmp_path / 'briefing'}: not writable); running without caches"
    ]
    # hyphenation patterns still load, parsed afresh, and nothing is written
    import pyphen

    render.preload_hyphenation.cache_clear()
    pyphen.hdcache.clear()
    assert render.preload_hyphenation("de_DE")
    assert [p.name for p in (tmp_path / "briefing").iterdir()] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_cache_read_only_folder_as_a_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cache_lookup: None
) -> None:
    (tmp_path / "briefing").mkdir(mode=0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert render.cache_dir() is None


def test_cache_template_cache_that_vanishes_is_only_a_miss(tmp_path: Path) -> None:
    folder = tmp_path / "jinja"
    folder.mkdir()
    cache = render._QuietBytecodeCache(str(folder))
    folder.rmdir()  # removed (or made read-only) while briefing runs
    env = jinja2.Environment(
        loader=jinja2.DictLoader({"t": "Hallo {{ name }}"}), bytecode_cache=cache, autoescape=True
    )
    assert env.get_template("t").render(name="Welt") == "Hallo Welt"
