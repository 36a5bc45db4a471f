"""HTTP load helpers for S0/S1: start gunicorn on a free 127.0.0.1 port, drive it with wrk (a Lua
script picks a random path from a file and prints p50/p95/p99) or, without wrk, a bounded Python
keep-alive loop (32 threads; it tops out far below wrk, so its figures only compare with each other).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2
CONNECTIONS = 32
WARMUP_SECONDS = 3
LUA = """
local paths = {}
init = function(args)
  math.randomseed(os.time())
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("BENCH p%d %d\\n", p, latency:percentile(p)))
  end
  local e = summary.errors
  io.write(string.format("BENCH requests %d duration %d non2xx %d errors %d\\n", summary.requests,
    summary.duration, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Load:
    """One load run: requests/s and latency percentiles in seconds."""

    rps: float
    p50: float
    p95: float
    p99: float
    requests: int
    errors: int  # non-2xx/3xx answers plus socket errors
    tool: str


@dataclass(frozen=True)
class Summary:
    runs: list[Load]

    @property
    def rps(self) -> float:
        return statistics.median(r.rps for r in self.runs)

    def median_of(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.runs)

    @property
    def tool(self) -> str:
        return self.runs[0].tool if self.runs else "-"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def gunicorn_command(port: int, *, workers: int = WORKERS) -> list[str]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return [
        str(gunicorn) if gunicorn.exists() else "gunicorn",
        "config.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=60",
        "--log-level=warning",
    ]


@contextmanager
def server(*, settings: str = "bench.settings", workers: int = WORKERS, ready_path: str = "/bench/trivial/"):
    """A gunicorn (sync workers) on a free local port; yields the base URL; always stopped."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            gunicorn_command(port, workers=workers), cwd=ROOT, env=env, stdout=log, stderr=log
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        f"gunicorn did not start: {log.read()[-2000:].decode(errors='replace')}"
                    )
                try:
                    conn = http.client.HTTPConnection(HOST, port, timeout=2)
                    conn.request("GET", ready_path)
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            yield f"http://{HOST}:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def parse_wrk(output: str) -> Load:
    values = {m[0]: int(m[1]) for m in re.findall(r"BENCH (p\d+) (\d+)", output)}
    m = re.search(r"BENCH requests (\d+) duration (\d+) non2xx (\d+) errors (\d+)", output)
    if m is None or len(values) != 3:
        raise RuntimeError(f"unexpected wrk output: {output[-500:]}")
    requests, duration_us, non2xx, errors = (int(g) for g in m.groups())
    return Load(
        rps=requests / (duration_us / 1e6),
        p50=values["p50"] / 1e6,
        p95=values["p95"] / 1e6,
        p99=values["p99"] / 1e6,
        requests=requests,
        errors=non2xx + errors,
        tool="wrk",
    )


def run_wrk(base_url: str, paths: Sequence[str], *, seconds: int, connections: int = CONNECTIONS) -> Load:
    with tempfile.TemporaryDirectory() as tmp:
        script, listing = Path(tmp, "paths.lua"), Path(tmp, "paths.txt")
        script.write_text(LUA)
        listing.write_text("\n".join(paths) + "\n")
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "-s",
                str(script),
                base_url,
                "--",
                str(listing),
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=True,
        ).stdout
    return parse_wrk(out)


def run_python(
    base_url: str, paths: Sequence[str], *, seconds: float, connections: int = CONNECTIONS
) -> Load:
    """Bounded fallback: `connections` threads with keep-alive connections for `seconds`."""
    host, port = base_url.removeprefix("http://").split(":")
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        mine: list[float] = []
        bad = 0
        i = index
        while time.monotonic() < stop and len(mine) < 1_000_000:
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", paths[i % len(paths)])
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 30)
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    return Load(len(latencies) / elapsed, pct(50), pct(95), pct(99), len(latencies), errors[0], "python")


def measure(
    base_url: str, paths: Sequence[str], *, seconds: int, runs: int, connections: int = CONNECTIONS
) -> Summary:
    """Warm up for WARMUP_SECONDS (capped at `seconds`), then `runs` measured runs."""
    tool = run_wrk if shutil.which("wrk") else run_python
    tool(base_url, paths, seconds=min(WARMUP_SECONDS, seconds), connections=connections)
    return Summary([tool(base_url, paths, seconds=seconds, connections=connections) for _ in range(runs)])


def runs_of(rounds: int) -> int:
    """BENCHMARKS.md: 3 wrk runs, median reported (the runner's --rounds ≥ 5 is capped to 3)."""
    return min(3, rounds)


def iter_lines(summary: Summary) -> Iterator[str]:
    for r in summary.runs:
        yield f"{r.rps:,.0f} rps p50 {r.p50 * 1e3:.2f} ms p99 {r.p99 * 1e3:.2f} ms errors {r.errors}"
