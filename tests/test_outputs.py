"""Output targets and standard streams: only regular files or new names are written (never a
device, FIFO or the file behind a symbolic link), ``-o -`` prints any format, stale temporary
files are cleaned, and closed or odd standard streams give the documented exit codes."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import cli, render
from test_signals import child_env

ARTICLE = (
    "Bundestag beschließt Haushalt\n"
    "Der Bundestag hat am Donnerstag den Haushalt für das kommende Jahr beschlossen. "
    "Finanzminister Christian Lindner sprach von einem „soliden Fundament“.\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "artikel.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(code: int, err: str, needle: str) -> None:
    assert code == 7, err
    assert err.startswith("briefing: error:"), err
    assert len(err.strip().splitlines()) == 1, err
    assert needle in err


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_outputs_fifo_is_refused_and_stays_a_fifo(
    capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "make", str(article), "-o", str(fifo), "--format", "html")
    assert_refused(code, err, "FIFO")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert temp_files(tmp_path) == []


def test_outputs_character_device_is_refused_and_stays_a_device(
    capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path
) -> None:
    device = tmp_path / "full"  # a /dev/full of our own: the real one must not be at stake
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("mknod needs CAP_MKNOD")
    code, _, err = run(capsys, "make", str(article), "-o", str(device), "--format", "html")
    assert_refused(code, err, "character device")
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert temp_files(tmp_path) == []


def test_outputs_symlink_is_refused_and_its_file_untouched(
    capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text("nicht überschreiben", encoding="utf-8")
    link = tmp_path / "out.html"
    link.symlink_to(secret)
    code, _, err = run(capsys, "make", str(article), "-o", str(link), "--format", "html")
    assert_refused(code, err, "symbolic link")
    assert link.is_symlink()
    assert secret.read_text(encoding="utf-8") == "nicht überschreiben"


def test_outputs_folder_is_refused(capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path) -> None:
    (tmp_path / "ordner").mkdir()
    code, _, err = run(capsys, "make", str(article), "-o", str(tmp_path / "ordner"), "--format", "json")
    assert_refused(code, err, "is a folder, not a regular file")


def test_outputs_dash_prints_the_pdf_and_writes_no_file(
    capsysbinary: pytest.CaptureFixture[bytes],
    article: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    work = tmp_path / "arbeit"
    work.mkdir()
    monkeypatch.chdir(work)
    code = cli.main(["make", str(article), "-o", "-", "--date", "2024-05-02"])
    out, err = capsysbinary.readouterr()
    assert code == 0, err
    assert out.startswith(b"%PDF-")
    assert out.rstrip().endswith(b"%%EOF")
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("command", ["handout", "render"])
def test_outputs_dash_prints_handouts_and_rendered_documents(
    capsys: pytest.CaptureFixture[str],
    article: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    work = tmp_path / "arbeit"
    work.mkdir()
    if command == "render":
        from briefing import api

        api.analyze_document(str(article), tmp_path / "analyse.yaml")
        args = ["render", str(tmp_path / "analyse.yaml")]
    else:
        args = ["make", str(article), str(article), "--title", "Mappe"]
    monkeypatch.chdir(work)
    code, out, err = run(capsys, *args, "-o", "-", "--format", "html")
    assert code == 0, err
    assert out.startswith("<!DOCTYPE html>")
    assert "Haushalt" in out
    assert list(work.iterdir()) == []


def test_outputs_stale_temp_file_of_a_killed_process_is_removed_by_the_next_run(
    capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # a real process killed with SIGKILL at the rename leaves its temporary file behind
    script = (
        "import os, signal, sys, pathlib\n"
        "from briefing import render\n"
        "pathlib.Path.replace = lambda self, target: os.kill(os.getpid(), signal.SIGKILL)\n"
        "render.save(b'%PDF-half', pathlib.Path(sys.argv[1]))\n"
    )
    with subprocess.Popen([sys.executable, "-c", script, str(out / "a.html")], env=child_env()) as killed:
        assert killed.wait(timeout=300) == -signal.SIGKILL
    (stale,) = temp_files(out)
    assert stale.startswith(f".a.html.briefing-{killed.pid}-")
    # a temporary file whose process still runs is someone's write in progress: it stays
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as alive:
        busy = out / f".b.html.briefing-{alive.pid}-abcd1234.tmp"
        busy.write_bytes(b"in progress")
        try:
            code, _, err = run(capsys, "make", str(article), "-o", str(out / "b.html"), "--format", "html")
        finally:
            alive.kill()
    assert code == 0, err
    assert temp_files(out) == [busy.name]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["b.html"]


def test_outputs_temp_file_names_carry_the_pid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = Path.replace

    def spy(self: Path, target: Path) -> Path:
        seen.append(self.name)
        return real(self, target)

    monkeypatch.setattr(Path, "replace", spy)
    render.save(b"x", tmp_path / "a.pdf")
    (name,) = seen
    assert name.startswith(f".a.pdf.briefing-{os.getpid()}-")
    assert name.endswith(".tmp")


def cli_run(
    args: list[str | bytes], shell_redirect: str = "", **env: str
) -> subprocess.CompletedProcess[bytes]:
    """The real command, with ``shell_redirect`` (``<&-``, ``>&-``) applied by a shell."""
    command: list[str | bytes] = [sys.executable, "-m", "briefing", *args]
    if shell_redirect:
        command = ["sh", "-c", f'exec "$@" {shell_redirect}', "sh", *command]
    return subprocess.run(command, env={**child_env(), **env}, capture_output=True, check=False, timeout=300)


def assert_one_line(done: subprocess.CompletedProcess[bytes], code: int, needle: str) -> None:
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == code, err
    assert err.startswith("briefing: error:"), err
    assert len(err.strip().splitlines()) == 1, err
    assert needle in err


def test_outputs_closed_stdin_is_an_input_error(tmp_path: Path) -> None:
    done = cli_run(["make", "-", "-o", str(tmp_path / "out.json"), "--format", "json"], "<&-")
    assert_one_line(done, 3, "standard input is closed")


def test_outputs_closed_stdout_is_an_output_error(article: Path) -> None:
    done = cli_run(["make", str(article), "--format", "json", "--date", "2024-05-02"], ">&-")
    assert_one_line(done, 7, "standard output")


def test_outputs_broken_pipe_is_an_output_error(article: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: writing gives EPIPE (Python ignores SIGPIPE)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "briefing", "schema"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=child_env(),
            check=False,
            timeout=300,
        )
    finally:
        os.close(write_end)
    assert_one_line(done, 7, "standard output")
    assert b"Exception ignored" not in done.stderr


def test_outputs_json_under_a_latin1_terminal_is_utf8(article: Path) -> None:
    done = cli_run(
        ["make", str(article), "--format", "json", "--date", "2024-05-02"], PYTHONIOENCODING="latin-1"
    )
    assert done.returncode == 0, done.stderr
    assert "„soliden Fundament“" in done.stdout.decode("utf-8")


@pytest.mark.parametrize("args", [["make", "--help"], ["make", "STRANGE", "--format", "html", "-o", "OUT"]])
def test_outputs_latin1_terminal_shows_what_it_cannot_encode_escaped(tmp_path: Path, args: list[str]) -> None:
    strange = tmp_path / "Bericht „Haushalt“ – 2024.txt"  # „“ and – are not in Latin-1
    strange.write_text(ARTICLE, encoding="utf-8")
    names = {"STRANGE": str(strange), "OUT": str(strange.with_suffix(".html"))}
    done = cli_run([names.get(a, a) for a in args], PYTHONIOENCODING="latin-1")
    assert done.returncode == 0, done.stderr
    assert b"\\u201e" in done.stdout or b"\\u2013" in done.stdout  # escaped, not an internal error


def test_outputs_title_that_is_not_utf8_is_a_usage_error(article: Path, tmp_path: Path) -> None:
    done = cli_run(["make", str(article), "-o", str(tmp_path / "o.pdf"), "--title", b"Stra\xdfe"])
    assert_one_line(done, 2, "--title")
    assert not (tmp_path / "o.pdf").exists()
