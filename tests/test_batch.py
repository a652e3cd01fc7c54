"""Batches: one PDF per input, in parallel, per-file errors that do not stop the batch."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from briefing import api, batch, cli

if TYPE_CHECKING:
    from pathlib import Path

from test_handout import TITLES, write_articles

BROKEN = "---\ntitle: [kaputt\n---\nDer Text.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "eingang"
    src.mkdir()
    write_articles(src)
    (src / "kaputt.md").write_text(BROKEN, encoding="utf-8")
    (src / "notizen.pdf").write_bytes(b"%PDF-1.7\n")  # not an article suffix: skipped
    (src / "unterordner").mkdir()
    return src


def test_batch_expand_takes_article_files_sorted_and_once(folder: Path) -> None:
    first = str(folder / "artikel-2.md")
    found = batch.expand([first, str(folder), "fehlt.txt"])
    names = [p.rsplit("/", 1)[-1] for p in found]
    assert names == ["artikel-2.md", "artikel-1.md", "artikel-3.md", "kaputt.md", "fehlt.txt"]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_batch_cli_parallel_with_one_broken_input(
    capsys: pytest.CaptureFixture[str],
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
) -> None:
    import multiprocessing

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} on this platform")
    monkeypatch.setattr(batch, "start_method", lambda: method)
    out_dir = tmp_path / "out" / "pdf"
    code = cli.main(["make", "--each", str(folder), "--out-dir", str(out_dir), "--jobs", "2"])
    out, err = capsys.readouterr()
    assert code == 8
    written = sorted(p.name for p in out_dir.iterdir())
    assert written == [
        "2023-02-11-weissrussland-ruestet-auf.pdf",
        "2023-02-12-lukaschenko-im-interview.pdf",
        "2023-02-13-uebung-an-der-grenze.pdf",
    ]
    for name, title in zip(written, TITLES, strict=True):
        reader = PdfReader(out_dir / name)
        assert title in reader.pages[0].extract_text()
    assert out.strip() == out.strip().splitlines()[0]  # one summary line
    assert out.startswith("4 inputs: 3 written, 1 failed in ")
    assert out.rstrip().endswith("(2 jobs)")
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"briefing: error: {folder / 'kaputt.md'}: invalid YAML front matter")
    assert lines[1] == "briefing: error: 1 of 4 inputs failed"
    assert "Traceback" not in err
    assert not list(out_dir.glob(".*.tmp"))


def test_batch_all_good_exits_0_and_quiet_prints_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    paths = write_articles(tmp_path, TITLES[:2])
    code = cli.main(["make", "--each", *map(str, paths), "--out-dir", str(tmp_path / "o"), "-j", "1", "-q"])
    out, err = capsys.readouterr()
    assert code == 0
    assert (out, err) == ("", "")
    assert len(list((tmp_path / "o").glob("*.pdf"))) == 2


def test_batch_in_process_same_names_get_numbered(tmp_path: Path) -> None:
    paths = write_articles(tmp_path, ["Gleich", "Gleich"])
    paths[1].write_text(paths[1].read_text(encoding="utf-8").replace("2023-02-12", "2023-02-11"), "utf-8")
    seen: list[batch.ItemResult] = []
    result = batch.run([str(p) for p in paths], tmp_path / "o", jobs=1, on_result=seen.append)
    assert [item.ok for item in result.items] == [True, True]
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "2023-02-11-gleich-2.pdf",
        "2023-02-11-gleich.pdf",
    ]
    assert len(seen) == 2
    assert result.jobs == 1
    assert all(item.pages and item.size > 0 for item in result.items)


def test_batch_email_profile_names_and_tags(tmp_path: Path) -> None:
    (path,) = write_articles(tmp_path, ["Öl für Weißrussland"])
    result = batch.run([str(path)], tmp_path / "o", api.MakeOptions(profile="email"), jobs=1)
    (item,) = result.items
    assert item.path is not None
    assert item.path.name == "2023-02-11_briefing_oel-fuer-weissrussland.pdf"
    assert "/StructTreeRoot" in PdfReader(item.path).trailer["/Root"]


def test_batch_progress_bar_runs_and_leaves_no_output_on_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    paths = write_articles(tmp_path, TITLES[:1])
    result = batch.run([str(p) for p in paths], tmp_path / "o", jobs=1, progress=True)
    assert not result.failed
    assert capsys.readouterr().out == ""


def test_batch_no_article_files_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "leer").mkdir()
    code = cli.main(["make", "--each", str(tmp_path / "leer"), "--out-dir", str(tmp_path / "o")])
    _, err = capsys.readouterr()
    assert code == 1
    assert "no article files found" in err


def test_batch_each_with_output_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    assert cli.main(["make", "--each", str(folder), "-o", "x.pdf"]) == 2
    assert "--out-dir" in capsys.readouterr().err


def test_batch_start_method_forks_only_a_single_threaded_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_os_threads", lambda: 3)
    assert batch.start_method() == "spawn"
    monkeypatch.setattr(batch, "_os_threads", lambda: 1)
    assert batch.start_method() in {"fork", "spawn"}


def test_batch_summary_line_wording() -> None:
    result = batch.BatchResult(
        items=[batch.ItemResult("a.md"), batch.ItemResult("b.md", error="kaputt", exit_code=4)],
        seconds=1.25,
        jobs=2,
    )
    assert result.summary() == "2 inputs: 1 written, 1 failed in 1.2 s (2 jobs)"
    assert [item.source for item in result.failed] == ["b.md"]
