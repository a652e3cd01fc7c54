"""Batches on the job queue against the local pool: throughput with 1 and 2 workers and the
queue's overhead per input.

Usage (from the project root; needs redis-server and the `queue` extra):
    .venv/bin/python bench/bench_queue.py [-n 10] [--workers 1 2] [--repeat 2]

Starts a throw-away redis-server on a free 127.0.0.1 port. For each worker count W it times the
real CLI on N and on 2N copies of the reference article: `briefing make --each --jobs W` (the
local pool) and `briefing make --each --queue redis://…` with W `briefing worker` processes
started and warmed up beforehand (as a service runs); the two alternate, --repeat times, and the
fastest run counts. The time per input is the slope (t(2N) - t(N)) / N, so start-up costs that do
not grow with the batch (the CLI's imports, the pool's warm-up) cancel out; the queue's overhead
is its slope against the local pool's. On a loaded machine those slopes are noisy; the queue's
own work per job (200 empty jobs through Redis and a worker) is measured apart from rendering.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, run
from bench_batch import cpu_parallelism, make_inputs

sys.path.insert(0, str(ROOT / "tests"))
from serving import free_port  # the tests' free loopback port


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OPENBLAS_NUM_THREADS": "1"}


def cli(*args: str) -> float:
    return run([sys.executable, "-m", "briefing", *args], env=env())[0]


def wait_for_workers(url: str, count: int) -> None:
    """Until ``count`` workers are registered and idle (warm-up done), at most 120 s."""
    import redis
    from rq import Worker

    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        workers = Worker.all(connection=client)
        if len(workers) >= count and all(w.get_state() == "idle" for w in workers):
            return
        time.sleep(0.2)
    sys.exit("bench_queue: the workers did not start")


def timed_pair(inputs: tuple[Path, Path], out: Path, *options: str) -> tuple[float, float]:
    times = []
    for folder in inputs:
        target = out / folder.name
        times.append(cli("make", "--each", str(folder), "--out-dir", str(target), "-q", *options))
        shutil.rmtree(target)
    return times[0], times[1]


def queue_cost(url: str, count: int) -> float:
    """Seconds per job of the queue's own machinery: ``count`` jobs that a worker answers at once
    (a version it refuses) through enqueue, the worker, the result store, polling and deletion."""
    from briefing import api, jobqueue

    options = api.MakeOptions()
    tasks = [
        jobqueue.Task(f"leer-{i}.txt", "leer.txt", b"-", options, jobqueue.NO_KNOWLEDGE, version="bench")
        for i in range(count)
    ]
    run = jobqueue._Run(url, jobqueue.connect(url), jobqueue.Stats())
    started = time.perf_counter()
    done = sum(1 for _ in run.outcomes(tasks))
    return (time.perf_counter() - started) / done


def best(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    """The fastest run of each size (the least disturbed by other load on the machine)."""
    return min(p[0] for p in pairs), min(p[1] for p in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="inputs of the small batch (the large has 2n)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2, help="runs of each batch; the fastest counts")
    args = parser.parse_args()
    server_bin = shutil.which("redis-server")
    if server_bin is None:
        sys.exit("bench_queue: redis-server is not installed (scripts/system-deps.sh)")
    n = args.n
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        folder = Path(tmp)
        small, large, out = folder / f"in-{n}", folder / f"in-{2 * n}", folder / "out"
        for path, count in ((small, n), (large, 2 * n)):
            path.mkdir()
            make_inputs(path, count)
        port = free_port()
        url = f"redis://127.0.0.1:{port}/0"
        server = subprocess.Popen(
            [server_bin, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
        )
        try:
            time.sleep(0.3)
            print(f"this machine: two CPU-bound processes run {cpu_parallelism():.2f}x as fast as one")
            print(f"batches of {n} and {2 * n} copies of the reference article, wall time of the CLI:")
            for count in args.workers:
                workers = [
                    subprocess.Popen(
                        [sys.executable, "-m", "briefing", "worker", "--queue", url, "-q"],
                        env=env(),
                        stdout=subprocess.DEVNULL,
                    )
                    for _ in range(count)
                ]
                try:
                    wait_for_workers(url, count)
                    runs: dict[str, list[tuple[float, float]]] = {"local": [], "queue": []}
                    for _ in range(args.repeat):  # interleaved: both see the same background load
                        runs["local"].append(timed_pair((small, large), out, "--jobs", str(count)))
                        runs["queue"].append(timed_pair((small, large), out, "--queue", url))
                    local, queued = best(runs["local"]), best(runs["queue"])
                    cost = queue_cost(url, 200)
                finally:
                    for worker in workers:
                        worker.terminate()
                        worker.wait()
                for label, (t1, t2) in (("local pool", local), ("queue     ", queued)):
                    print(
                        f"  {count} worker{'s' if count > 1 else ' '} {label}: {n} inputs {t1:5.1f} s, "
                        f"{2 * n} inputs {t2:5.1f} s = {2 * n / t2:.2f} inputs/s; "
                        f"{(t2 - t1) / n:.2f} s per input"
                    )
                slope_local = (local[1] - local[0]) / n
                slope_queue = (queued[1] - queued[0]) / n
                print(
                    f"  {count} worker{'s' if count > 1 else ' '} queue overhead per input: "
                    f"{slope_queue - slope_local:+.3f} s ({(slope_queue / slope_local - 1) * 100:+.1f} %); "
                    f"the queue's own work per job (200 empty jobs): {cost * 1000:.1f} ms "
                    f"= {cost / slope_local * 100:.1f} % of a local input"
                )
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
