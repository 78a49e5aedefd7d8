"""gunicorn serving Newsroom on loopback, as production would (DEBUG off)."""

import contextlib
import http.client
import signal
import subprocess
import sys
import time

from bench.environment import BASE_DIR, WORK_DIR, server_environment

PORT = 8765


@contextlib.contextmanager
def gunicorn(
    target,
    *,
    cache_url=None,
    email_url=None,
    workers=2,
    port=PORT,
    log_name="gunicorn",
):
    """Run `workers` sync gunicorn workers; yields the master's Popen.

    The process manager's stdout (where the console email backend writes)
    goes to a log file under bench/tmp/, not to the bench's own output.
    """
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    log = open(WORK_DIR / f"{log_name}.log", "ab")  # closed when gunicorn stops
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--worker-class=sync",
            "--timeout=120",
            "--graceful-timeout=5",
        ],
        cwd=BASE_DIR,
        env=server_environment(
            target, cache_url=cache_url, email_url=email_url, port=port
        ),
        stdout=log,
        stderr=log,
    )
    try:
        wait_until_up(port, process)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_until_up(port, process, *, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited with {process.returncode}; see bench/tmp/*.log"
            )
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within a minute")


def worker_pids(process):
    """The worker processes of a gunicorn master."""
    children = f"/proc/{process.pid}/task/{process.pid}/children"
    with open(children) as file:
        return [int(pid) for pid in file.read().split()]


def peak_rss_kib(pid):
    """VmHWM: the most resident memory the process has ever had, in KiB."""
    with open(f"/proc/{pid}/status") as file:
        for line in file:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")
