"""`briefing serve` on a warm server: latency of POST /api/make and throughput under load.

Usage (from the project root):
    .venv/bin/python bench/bench_serve.py [-n 40] [--clients 20] [--requests 60] [--workers 1 2]

For each worker count it starts the real server (`python -m briefing serve`) on a free
127.0.0.1 port, waits until its workers are warm (/healthz), sends one request to warm the
process, then measures
- latency: ``-n`` sequential POST /api/make of the reference article (PDF): p50, p95, max, and
  the CPU seconds the server and its workers spent per request (user + system, from /proc: on a
  machine shared with other work this is what one request costs when it has a core to itself);
- throughput: ``--requests`` POST /api/make from ``--clients`` concurrent clients (threads with
  their own connections): requests per second, p50/p95 latency, errors (any non-200 answer).
Only loopback traffic; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import statistics
import sys
import time
from pathlib import Path

import httpx
from _common import ROOT, sample_body

sys.path.insert(0, str(ROOT / "tests"))
import serving  # the tests' server starter: free port, warm workers, SIGINT at the end

TIMEOUT = 300.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its children (Linux /proc); 0 elsewhere."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _cpu_seconds(int(child))
    except (OSError, IndexError, ValueError):
        return total
    return total


def _make(client: httpx.Client, payload: dict[str, str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    response = client.post("/api/make", json=payload)
    return time.perf_counter() - t0, response.status_code


def measure(workers: int, *, n: int, clients: int, requests: int) -> None:
    payload = {"text": sample_body(), "date": "2023-02-16", "title": "Lukaschenko im Interview"}
    with (
        serving.serve("--workers", str(workers), "--queue-size", str(max(32, clients)), "-q") as server,
        httpx.Client(base_url=server.url, timeout=TIMEOUT) as http,
    ):
        for _ in range(2 * workers):  # warm: every worker has rendered once
            _make(http, payload)
        cpu_before = _cpu_seconds(server.process.pid)
        latencies = []
        for _ in range(n):
            seconds, status = _make(http, payload)
            if status != 200:
                raise SystemExit(f"POST /api/make answered {status}")
            latencies.append(seconds)
        cpu = (_cpu_seconds(server.process.pid) - cpu_before) / n
        print(
            f"workers={workers} sequential n={n}: p50 {statistics.median(latencies):.3f} s, "
            f"p95 {_percentile(latencies, 0.95):.3f} s, max {max(latencies):.3f} s; "
            f"CPU {cpu:.3f} s per request"
        )

        def one(_: int) -> tuple[float, int]:
            with httpx.Client(base_url=server.url, timeout=TIMEOUT) as own:
                return _make(own, payload)

        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(one, range(requests)))
        wall = time.perf_counter() - t0
        loaded = [seconds for seconds, _ in results]
        errors = sum(1 for _, status in results if status != 200)
        print(
            f"workers={workers} {clients} clients, {requests} requests: {requests / wall:.2f} req/s "
            f"in {wall:.1f} s, p50 {statistics.median(loaded):.2f} s, p95 {_percentile(loaded, 0.95):.2f} s, "
            f"errors {errors}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=40, help="sequential requests for the latency")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=60, help="requests of the throughput run")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    for workers in args.workers:
        measure(workers, n=args.n, clients=args.clients, requests=args.requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
