"""
Two real transactions racing on PostgreSQL, in an order fixed by the test.

The first runs its work in a transaction and keeps it open; the second starts
its own and is let run until PostgreSQL reports it waiting on a lock (or it
finishes); only then does the first commit. So the second always meets the
first's uncommitted rows: exactly the interleaving a check-then-insert loses.
"""

import threading
import time

import pytest
from django.db import connection, transaction

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Races need concurrent transactions: PostgreSQL only (SQLite lets "
    "one writer in at a time).",
)


def race(first, second, *, wait_limit=10.0):
    """Run first() and second() in two transactions; return their (result, error)."""
    outcomes = [None, None]
    first_done, release, second_started = (
        threading.Event(),
        threading.Event(),
        threading.Event(),
    )
    backend = {}

    def run(index, work, before_commit):
        try:
            with transaction.atomic():
                if index == 1:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_backend_pid()")
                        backend["pid"] = cursor.fetchone()[0]
                    second_started.set()
                result = work()
                before_commit()
            outcomes[index] = (result, None)
        except Exception as error:  # Reported to the test, not swallowed.
            outcomes[index] = (None, error)
        finally:
            first_done.set()
            second_started.set()
            connection.close()

    def hold_open():
        first_done.set()
        release.wait()

    first_thread = threading.Thread(target=run, args=(0, first, hold_open))
    first_thread.start()
    first_done.wait()
    second_thread = threading.Thread(target=run, args=(1, second, lambda: None))
    second_thread.start()
    second_started.wait()
    # Wait (a bounded poll, no assertion on time) until the second transaction
    # is blocked behind the first, or has finished without needing to wait.
    deadline = time.monotonic() + wait_limit
    while second_thread.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                [backend.get("pid")],
            )
            row = cursor.fetchone()
        if row and row[0] == "Lock":
            break
        time.sleep(0.01)
    release.set()
    first_thread.join()
    second_thread.join()
    return outcomes
