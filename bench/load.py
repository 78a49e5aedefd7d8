"""
Throughput and latency of each page under wrk, beside /healthz.

The machine is shared and its speed drifts, so each page's run comes right
after a /healthz run of its own: the ratio of the two is what the targets
speak of, and it holds better than either figure alone.
"""

import http.client
import json
import shutil
import subprocess

from bench.environment import BENCH_DIR
from bench.server import PORT

CONNECTIONS = 8
THREADS = 2


def wrk(path, *, seconds, port=PORT):
    """One wrk run against `path`: requests/s, latency percentiles, errors."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: apt-get install wrk")
    completed = subprocess.run(
        [
            "wrk",
            f"--threads={THREADS}",
            f"--connections={CONNECTIONS}",
            f"--duration={seconds}s",
            "--timeout=10s",
            f"--script={BENCH_DIR / 'wrk_report.lua'}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    seconds_run = report["duration_us"] / 1e6
    errors = sum(report["errors"].values())
    return {
        "requests_per_second": round(report["requests"] / seconds_run, 1),
        "requests": report["requests"],
        "errors": errors,
        "p50_ms": round(report["latency_us"]["p50"] / 1000, 2),
        "p99_ms": round(report["latency_us"]["p99"] / 1000, 2),
        "max_ms": round(report["latency_us"]["max"] / 1000, 2),
    }


def warm_up(path, *, port=PORT):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}, not 200")


def load_pages(paths, *, seconds, baseline_seconds):
    """Each page under load, each right after its own /healthz baseline."""
    results = {}
    for name, path in paths.items():
        # One request first, so the page's first (cold) render is not counted
        # in a run meant to show the steady state.
        warm_up(path)
        baseline = wrk("/healthz", seconds=baseline_seconds)
        page = wrk(path, seconds=seconds)
        results[name] = {
            "path": path,
            **page,
            "healthz_requests_per_second": baseline["requests_per_second"],
            "ratio_to_healthz": round(
                page["requests_per_second"] / baseline["requests_per_second"], 3
            ),
        }
    return results
