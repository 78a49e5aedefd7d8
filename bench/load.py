"""
Throughput and latency of the pages under wrk, beside /healthz.

The machine is shared and its speed drifts, so each run comes right after a
/healthz run of its own: the ratio of the two is what the targets speak of,
and it holds better than either figure alone.

One URL requested again and again is the cache's best case (one entry, hot
everywhere), so the pages are also loaded as a mix: many releases, tags and
list pages in random order (`mix_paths()`, bench/wrk.lua). Every answer
but 200 and every socket error is kept with the run's figures.
"""

import http.client
import json
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

from bench.environment import BENCH_DIR, WORK_DIR
from bench.server import PORT

CONNECTIONS = 8
THREADS = 2
WRK_SCRIPT = BENCH_DIR / "wrk.lua"


def wrk(path, *, seconds, port=PORT, paths_file=None):
    """One wrk run against `path`, or the paths listed in `paths_file`:
    requests/s, latency percentiles, errors by kind."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: apt-get install wrk")
    completed = subprocess.run(
        [
            "wrk",
            f"--threads={THREADS}",
            f"--connections={CONNECTIONS}",
            f"--duration={seconds}s",
            "--timeout=10s",
            f"--script={WRK_SCRIPT}",
            f"http://127.0.0.1:{port}{path}",
            *(["--", str(paths_file)] if paths_file else []),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return summary(json.loads(completed.stdout.strip().splitlines()[-1]))


def summary(report):
    """The figures of one run from bench/wrk.lua's line of JSON.

    Every answer but 200 is an error (each measured URL answers 200 when
    checked before its run), and so is every socket error.
    """
    seconds_run = report["duration_us"] / 1e6
    socket_errors = {
        kind: report["errors"][kind] for kind in ("connect", "read", "write", "timeout")
    }
    not_200 = sum(n for status, n in report["statuses"].items() if status != "200")
    errors = {"status": not_200, **socket_errors}
    return {
        "requests_per_second": round(report["requests"] / seconds_run, 1),
        "requests": report["requests"],
        "statuses": report["statuses"],
        "errors": errors,
        "errors_total": sum(errors.values()),
        # wrk's own "Non-2xx or 3xx responses" (400 and more), for comparison.
        "wrk_non_2xx_3xx": report["errors"]["status"],
        "p50_ms": round(report["latency_us"]["p50"] / 1000, 2),
        "p99_ms": round(report["latency_us"]["p99"] / 1000, 2),
        "max_ms": round(report["latency_us"]["max"] / 1000, 2),
    }


def fetch(path, *, port=PORT):
    """GET `path` once; its status (0 when the connection failed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        connection.close()


def warm_up(path, *, port=PORT):
    status = fetch(path, port=port)
    if status != 200:
        raise RuntimeError(f"{path} answered {status or 'nothing'}, not 200")


def first_visits(paths, *, port=PORT):
    """Each path once, CONNECTIONS at a time, as wrk's clients would: fills
    the cache for the mix's run, and times a visit of each URL the cache has
    not seen yet. Any answer but 200 is an error."""
    started = time.monotonic()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        statuses = list(pool.map(lambda path: fetch(path, port=port), paths))
    elapsed = time.monotonic() - started
    return {
        "urls": len(paths),
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(paths) / elapsed, 1),
        "errors_total": sum(status != 200 for status in statuses),
        "failed_paths": [
            f"{path} ({status or 'no answer'})"
            for path, status in zip(paths, statuses, strict=True)
            if status != 200
        ][:10],
    }


def _beside_healthz(page, baseline):
    return {
        **page,
        "healthz_requests_per_second": baseline["requests_per_second"],
        "healthz_errors_total": baseline["errors_total"],
        "ratio_to_healthz": round(
            page["requests_per_second"] / baseline["requests_per_second"], 3
        ),
    }


def load_pages(paths, *, seconds, baseline_seconds):
    """Each page alone under load (one URL repeated: the cache's best case),
    each right after its own /healthz baseline."""
    results = {}
    for name, path in paths.items():
        # One request first, so the page's first (cold) render is not counted
        # in a run meant to show the steady state.
        warm_up(path)
        baseline = wrk("/healthz", seconds=baseline_seconds)
        page = wrk(path, seconds=seconds)
        results[name] = {"path": path, **_beside_healthz(page, baseline)}
    return results


def load_mix(paths, *, seconds, baseline_seconds, name="mix"):
    """The `paths` in random order under load, after a visit of each."""
    paths_file = WORK_DIR / f"{name}-paths.txt"
    paths_file.write_text("".join(f"{path}\n" for path in paths))
    first = first_visits(paths)
    baseline = wrk("/healthz", seconds=baseline_seconds)
    mix = wrk(paths[0], seconds=seconds, paths_file=paths_file)
    return {
        "path": f"{len(paths)} URLs in random order",
        "urls": len(paths),
        **_beside_healthz(mix, baseline),
        "first_visits": first,
    }
