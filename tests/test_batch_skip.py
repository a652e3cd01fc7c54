"""`make --each --skip-existing`: an input whose output is complete and newer is not rendered again."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from briefing import api, batch, cli

if TYPE_CHECKING:
    from pathlib import Path

from test_handout import write_articles

NAMES = ["2023-02-11-weissrussland-ruestet-auf.pdf", "2023-02-12-lukaschenko-im-interview.pdf"]


@pytest.fixture
def rendered(tmp_path: Path) -> tuple[list[str], Path]:
    paths = write_articles(tmp_path, ["Weißrussland rüstet auf", "Lukaschenko im Interview"])
    past = paths[0].stat().st_mtime - 100
    for path in paths:  # the inputs are older than anything written now
        os.utime(path, (past, past))
    out_dir = tmp_path / "out"
    result = batch.run([str(p) for p in paths], out_dir, jobs=1)
    assert sorted(p.name for p in out_dir.iterdir()) == NAMES
    assert not result.failed
    return [str(p) for p in paths], out_dir


def test_batch_skip_existing_skips_complete_newer_outputs(
    rendered: tuple[list[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    sources, out_dir = rendered
    stamps = {p.name: p.stat().st_mtime_ns for p in out_dir.iterdir()}
    code = cli.main(["make", "--each", *sources, "--out-dir", str(out_dir), "--skip-existing", "-v"])
    out = capsys.readouterr().out
    assert code == 0
    assert f"skipped {sources[0]}: {out_dir / NAMES[0]} is up to date" in out
    assert "2 inputs: 0 written, 2 skipped, 0 failed in " in out
    assert {p.name: p.stat().st_mtime_ns for p in out_dir.iterdir()} == stamps


def test_batch_skip_existing_renders_newer_inputs_and_partial_outputs(
    rendered: tuple[list[str], Path],
) -> None:
    sources, out_dir = rendered
    os.utime(sources[0])  # edited after its PDF was written
    partial = out_dir / NAMES[1]
    partial.write_bytes(partial.read_bytes()[:1000])  # cut short: no %%EOF
    os.utime(partial, (partial.stat().st_mtime + 200,) * 2)
    result = batch.run(sources, out_dir, jobs=1, skip_existing=True)
    assert [item.skipped for item in result.items] == [False, False]
    assert [item.path.name if item.path else None for item in result.items] == NAMES
    assert partial.read_bytes().rstrip().endswith(b"%%EOF")
    assert result.summary().startswith("2 inputs: 2 written, 0 failed")


def test_batch_skip_existing_names_follow_format_and_profile(rendered: tuple[list[str], Path]) -> None:
    sources, out_dir = rendered
    assert batch.up_to_date(sources[0], out_dir, api.MakeOptions()) == out_dir / NAMES[0]
    assert batch.up_to_date(sources[0], out_dir, api.MakeOptions(fmt="json")) is None
    assert batch.up_to_date(sources[0], out_dir, api.MakeOptions(profile="email")) is None
    assert batch.up_to_date("-", out_dir, api.MakeOptions()) is None
    assert batch.up_to_date("https://example.invalid/a.html", out_dir, api.MakeOptions()) is None
    assert batch.up_to_date(str(out_dir / "fehlt.md"), out_dir, api.MakeOptions()) is None
