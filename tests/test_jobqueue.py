"""Batches on a job queue: a real redis-server, real `briefing worker` processes, a real batch.

The integration test kills a worker with SIGKILL in the middle of a job and checks that nothing
is lost: the job is retried on the other worker, every valid input gives a complete PDF, the
broken ones are reported, exit 8. It is skipped only when redis-server is not installed
(`scripts/system-deps.sh` installs it).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from typing import TYPE_CHECKING

import httpx
import pytest
import redis
from pypdf import PdfReader
from rq import Worker

from briefing import api, batch, cli, jobqueue
from conftest import ROOT
from serving import free_port, serve

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

REDIS_SERVER = shutil.which("redis-server")
needs_redis = pytest.mark.skipif(
    REDIS_SERVER is None,
    reason="redis-server is not installed (scripts/system-deps.sh installs the Debian package)",
)
MAKE = [sys.executable, "-m", "briefing", "make"]
VALID = 27
BROKEN = ["---\ntitle: [kaputt\n---\nText.\n", "", "---\ndate: 2023-13-45\n---\nDer Text.\n"]
BODY = (
    "Der Bundestag hat am Donnerstag in Berlin über den Haushalt beraten. Finanzminister "
    'Christian Lindner sagte: "Wir müssen sparen." Die Opposition kritisierte den Entwurf scharf.\n'
)


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OPENBLAS_NUM_THREADS": "1"}


def stop(proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    assert REDIS_SERVER is not None
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if client.ping():
                    break
            time.sleep(0.05)
        yield url
    finally:
        client.close()
        stop(server)


def write_inputs(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for number in range(1, VALID + 1):
        path = folder / f"meldung-{number:02d}.md"
        path.write_text(f'---\ntitle: "Meldung {number}"\ndate: 2023-02-16\n---\n{BODY}', encoding="utf-8")
        paths.append(path)
    for number, text in enumerate(BROKEN, start=1):
        path = folder / f"kaputt-{number}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def start_worker(url: str, name: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", "worker", "--queue", url, "--name", name, "-q"],
        env=env(),
        stdout=subprocess.DEVNULL,
    )


@pytest.mark.slow
@needs_redis
def test_jobqueue_batch_survives_a_killed_worker(redis_url: str, tmp_path: Path) -> None:
    inputs = tmp_path / "eingang"
    write_inputs(inputs)
    out_dir = tmp_path / "out"
    names = [f"test-{uuid.uuid4().hex[:8]}-{n}" for n in (1, 2)]
    workers = [start_worker(redis_url, name) for name in names]
    client = redis.Redis.from_url(redis_url)
    try:
        make = subprocess.Popen(
            [*MAKE, "--each", str(inputs), "--out-dir", str(out_dir), "--queue", redis_url],
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        victim = f"rq:worker:{names[0]}"
        deadline = time.monotonic() + 120  # a bound on the loop, not an assertion on speed
        while time.monotonic() < deadline and make.poll() is None:
            done = len(list(out_dir.glob("*.pdf"))) if out_dir.is_dir() else 0
            if done >= 3 and client.hget(victim, "state") == b"busy":
                workers[0].send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
        assert workers[0].wait(timeout=10) == -signal.SIGKILL, "the batch ended before the kill"
        # the execution entry outlives a worker killed in mid-job (nobody is left to remove it)
        killed_mid_job = bool(client.smembers(f"{victim}:executions"))
        out, err = make.communicate(timeout=240)
    finally:
        for worker in workers:
            stop(worker)
        client.close()
    assert make.returncode == 8, err
    pdfs = sorted(out_dir.glob("*.pdf"))
    assert len(pdfs) == VALID
    assert {p.name for p in pdfs} == {f"2023-02-16-meldung-{n}.pdf" for n in range(1, VALID + 1)}
    for pdf in pdfs:  # complete: a PDF that opens, with its end marker
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
        assert len(PdfReader(pdf).pages) >= 1
    assert not [p.name for p in out_dir.iterdir() if p.suffix != ".pdf"]  # no temporary files
    errors = [line for line in err.splitlines() if line.startswith("briefing: error:")]
    assert len(errors) == len(BROKEN) + 1, err
    assert all(f"kaputt-{n}.md" in err for n in range(1, len(BROKEN) + 1))
    assert errors[-1] == f"briefing: error: {len(BROKEN)} of {VALID + len(BROKEN)} inputs failed"
    assert "Traceback" not in err
    assert "tmp" not in " ".join(errors[:-1]).replace(
        str(tmp_path), ""
    )  # the user's names, not the worker's copies
    summary = out.strip()
    assert summary.startswith(f"{VALID + len(BROKEN)} inputs: {VALID} written, {len(BROKEN)} failed in ")
    if killed_mid_job:
        assert "1 retried" in summary  # the killed worker's job ran again on the other worker


@pytest.mark.slow
@needs_redis
def test_jobqueue_skip_existing_and_render_remote(redis_url: str, tmp_path: Path) -> None:
    inputs = tmp_path / "eingang"
    paths = write_inputs(inputs)[:2]
    out_dir = tmp_path / "out"
    worker = start_worker(redis_url, f"test-{uuid.uuid4().hex[:8]}")
    try:
        first = batch.run([str(p) for p in paths], out_dir, queue=redis_url)
        assert [item.ok for item in first.items] == [True, True]
        assert first.where.startswith("queue, 1 worker")
        stamps = {p: p.stat().st_mtime_ns for p in out_dir.iterdir()}
        again = batch.run([str(p) for p in paths], out_dir, queue=redis_url, skip_existing=True)
        assert [item.skipped for item in again.items] == [True, True]
        assert {p: p.stat().st_mtime_ns for p in out_dir.iterdir()} == stamps
        # for `briefing serve`: one article's bytes in, the PDF's bytes out
        outcome = jobqueue.render_remote(redis_url, paths[0].read_bytes(), "artikel.md", api.MakeOptions())
        assert outcome.error == ""
        assert outcome.data is not None
        assert outcome.data.startswith(b"%PDF")
        assert outcome.name == "2023-02-16-meldung-1.pdf"
    finally:
        stop(worker)


def test_jobqueue_unreachable_redis_is_one_line_exit_9(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (path,) = write_inputs(tmp_path / "in")[:1]
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    code = cli.main(["make", "--each", str(path), "--out-dir", str(tmp_path / "o"), "--queue", url])
    err = capsys.readouterr().err
    assert code == 9
    assert err.startswith(f"briefing: error: {url}: cannot reach the queue: ")
    assert len(err.strip().splitlines()) == 1
    assert cli.main(["worker", "--queue", url]) == 9
    assert capsys.readouterr().err.startswith(f"briefing: error: {url}: cannot reach the queue")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["make", "a.md", "--queue", "redis://localhost/0"], "go with --each"),
        (["make", "a.md", "--skip-existing"], "go with --each"),
        (["make", "--each", "a.md", "--queue", "redis://localhost/0", "-j", "2"], "briefing worker"),
        (["make", "--each", "a.md", "--queue", "http://localhost/"], "use redis://HOST:PORT/DB"),
        (["worker", "--queue", "localhost:6379"], "use redis://HOST:PORT/DB"),
        (["worker"], "--queue"),
    ],
)
def test_jobqueue_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing: error: ")
    assert message in err


def test_jobqueue_url_check_and_redaction() -> None:
    assert jobqueue.check_url("redis://h:6379/0") == "redis://h:6379/0"
    assert jobqueue.check_url("unix:///run/redis.sock") == "unix:///run/redis.sock"
    with pytest.raises(ValueError, match="no host"):
        jobqueue.check_url("redis:///0")
    assert jobqueue.redact("redis://:geheim@h:6379/0") == "redis://:***@h:6379/0"
    assert jobqueue.redact("redis://u:geheim@h/0") == "redis://u:***@h/0"


def test_jobqueue_worker_renders_a_task_like_the_local_pool(tmp_path: Path) -> None:
    """The job function alone: bytes in, the outcome named after the batch's input."""
    (path,) = write_inputs(tmp_path / "in")[:1]
    task = jobqueue.Task(
        "eingang/a.md", "a.md", path.read_bytes(), api.MakeOptions(fmt="json"), jobqueue.NO_KNOWLEDGE
    )
    outcome = jobqueue.run_task(task)
    assert (outcome.source, outcome.error, outcome.name) == ("eingang/a.md", "", "2023-02-16-meldung-1.json")
    local = batch.render_one(str(path), api.MakeOptions(fmt="json"))
    assert outcome.data == local.data
    broken = jobqueue.run_task(
        jobqueue.Task("eingang/k.md", "k.md", BROKEN[0].encode(), api.MakeOptions(), b"[]\n")
    )
    assert broken.error.startswith("eingang/k.md: invalid YAML front matter")
    assert broken.exit_code == 4
    old = jobqueue.run_task(jobqueue.Task("a.md", "a.md", b"x", api.MakeOptions(), b"[]\n", version="0.0.1"))
    assert "run the same version" in old.error


@pytest.mark.slow
@needs_redis
def test_jobqueue_serve_renders_on_the_queue(redis_url: str) -> None:
    worker = start_worker(redis_url, f"test-{uuid.uuid4().hex[:8]}")
    try:
        with (
            serve("--workers", "1", "--queue", redis_url) as server,
            httpx.Client(base_url=server.url, timeout=120) as http,
        ):
            article = {
                "text": BODY,
                "title": "Haushalt beraten",
                "date": "2023-02-16",
                "source": "Testagentur",
            }
            response = http.post("/api/make", json=article)
            assert response.status_code == 200, response.text
            assert response.headers["content-type"] == "application/pdf"
            text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
            assert "Haushalt beraten" in text
            assert "Testagentur" in text  # the request's source reached the queue's worker
            broken = http.post("/api/make", json={"text": "\x00\x01binary"})
            assert broken.status_code == 422, broken.text
            assert broken.json()["exit_code"] == 3
        connection = redis.Redis.from_url(redis_url)
        done = sum(int(connection.hget(w.key, "successful_job_count") or 0) for w in Worker.all(connection))
        assert done == 2  # both requests were jobs of the queue's worker
    finally:
        stop(worker)
