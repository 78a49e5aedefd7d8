"""
The export of consented contacts, three ways, on the same data in one run.

1. `manage.py export_consented_contacts` in a process of its own; its peak
   memory is the kernel's own account (ru_maxrss).
2. The admin's download button over HTTP, from a fresh gunicorn worker; its
   peak memory is that worker's VmHWM.
3. PostgreSQL's `COPY (the export's own query) TO STDOUT`: the physical
   limit, with the same rows and columns bar the signed unsubscribe URL,
   which only Python can make.
"""

import http.client
import subprocess
import sys
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from psycopg import ClientCursor

from bench.environment import BASE_DIR, WORK_DIR, server_environment
from bench.server import PORT, gunicorn, peak_rss_kib, worker_pids

ADMIN_EXPORT_PATH = "/admin/contacts/enquiry/export/"


def _rate(rows, seconds):
    return round(rows / seconds) if seconds else None


# The command is started by a small Python that only waits for it: a child's
# ru_maxrss counts the memory of the process it was spawned from, and the
# bench's own process is large by the time it exports.
MEASURE_PEAK_RSS = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def export_with_command(target):
    output = WORK_DIR / "export-command.csv"
    started = time.monotonic()
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURE_PEAK_RSS,
            sys.executable,
            "manage.py",
            "export_consented_contacts",
            f"--output={output}",
            # As an operator runs it: with the progress bar (on stderr, here
            # captured), which costs a count of the rows first.
        ],
        cwd=BASE_DIR,
        env=server_environment(target),
        capture_output=True,
        text=True,
    )
    elapsed = time.monotonic() - started
    if completed.returncode != 0:
        raise RuntimeError(f"export command failed: {completed.stderr}")
    peak_kib = int(completed.stdout.split()[-1])
    rows = _count_lines(output) - 1  # the header
    output.unlink()
    return {
        "rows": rows,
        "seconds": round(elapsed, 2),
        "rows_per_second": _rate(rows, elapsed),
        "peak_rss_mb": round(peak_kib / 1024, 1),
    }


def _count_lines(path):
    lines = 0
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def export_with_admin(target, *, port=PORT + 1):
    """The download a Marketing exporter starts from the enquiry list."""
    user, _ = get_user_model().objects.get_or_create(
        username="bench-exporter",
        defaults={"is_staff": True, "is_superuser": True},
    )
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    with gunicorn(target, workers=1, port=port, log_name="gunicorn-export") as master:
        (worker,) = worker_pids(master)
        before_kib = peak_rss_kib(worker)
        started = time.monotonic()
        connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        connection_.request(
            "GET", ADMIN_EXPORT_PATH, headers={"Cookie": f"sessionid={session}"}
        )
        response = connection_.getresponse()
        if response.status != 200:
            raise RuntimeError(f"admin export answered {response.status}")
        lines = 0
        while chunk := response.read(1 << 16):
            lines += chunk.count(b"\n")
        elapsed = time.monotonic() - started
        peak_kib = peak_rss_kib(worker)
    rows = lines - 1
    return {
        "rows": rows,
        "seconds": round(elapsed, 2),
        "rows_per_second": _rate(rows, elapsed),
        "peak_rss_mb": round(peak_kib / 1024, 1),
        "worker_rss_before_mb": round(before_kib / 1024, 1),
    }


def export_with_copy():
    """COPY of the export's own query, to nowhere: what the database alone does."""
    from contacts.export import consented_contacts

    sql, params = consented_contacts().query.sql_with_params()
    connection.ensure_connection()
    raw = connection.connection
    query = ClientCursor(raw).mogrify(sql, params)
    rows = 0
    started = time.monotonic()
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy,
    ):
        for data in copy:
            rows += bytes(data).count(b"\n")
    elapsed = time.monotonic() - started
    return {
        "rows": rows,
        "seconds": round(elapsed, 2),
        "rows_per_second": _rate(rows, elapsed),
    }


def export_all(target):
    copy = export_with_copy()
    results = {
        "copy": copy,
        "command": export_with_command(target),
        "admin_download": export_with_admin(target),
    }
    for name in ("command", "admin_download"):
        results[name]["ratio_to_copy"] = (
            round(results[name]["rows_per_second"] / copy["rows_per_second"], 3)
            if copy["rows_per_second"]
            else None
        )
        results[name]["rows_match_copy"] = results[name]["rows"] == copy["rows"]
    return results
