"""
The settings a benchmark run gives Newsroom, all through the environment.

Production differs from a laptop only by environment variables, so the bench
sets the same variables a deployment would: DEBUG off, a real SECRET_KEY, the
bench database, the Redis cache. Only what loopback needs differs (no HTTPS
redirect, no secure-only cookies), and the Contact Us limits a person would
meet (5 enquiries an hour, 3 seconds to fill the form) are lifted so that 32
clients can submit as fast as the server takes them.
"""

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
WORK_DIR = BENCH_DIR / "tmp"  # git-ignored: media, static files, CSV, logs
RESULTS_DIR = BENCH_DIR / "results"

# What a run writes inside the tree; anything else uncommitted changes the code
# the figures were measured on.
OWN_OUTPUT = ("bench/results", "bench/tmp")

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/15"
NO_CACHE_URL = "dummycache://"


@dataclass(frozen=True)
class Target:
    database_url: str
    cache_url: str

    @property
    def database_name(self):
        return urlsplit(self.database_url).path.lstrip("/")


def target_from_environment():
    """The database and cache the bench may wipe, from BENCH_* variables.

    The bench drops and recreates its database and flushes its Redis database,
    so it refuses a database whose name does not say it is a bench.
    """
    target = Target(
        database_url=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        cache_url=os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL),
    )
    if not target.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("BENCH_DATABASE_URL must be a postgres:// URL.")
    if "bench" not in target.database_name:
        sys.exit(
            f"Refusing to wipe {target.database_name!r}: BENCH_DATABASE_URL must "
            "name a database whose name contains 'bench'."
        )
    return target


def source_tree(directory=BASE_DIR):
    """The commit measured, and whether the tree differed from it.

    Figures from uncommitted code cannot be reproduced from the commit they
    name, so the report says so. The bench's own output (results, tmp) does
    not count; untracked files do (a new module changes what runs). `dirty`
    is None when there is no git to ask (a tarball).
    """

    def git(*args):
        return subprocess.run(
            ["git", "-C", str(directory), *args],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    try:
        commit = git("rev-parse", "HEAD").strip()
        changes = git(
            "status",
            "--porcelain",
            "--",
            ".",
            *(f":(exclude){path}" for path in OWN_OUTPUT),
        ).splitlines()
    except (OSError, subprocess.CalledProcessError):
        return {"commit": "unknown", "dirty": None, "changes": []}
    return {"commit": commit, "dirty": bool(changes), "changes": changes}


def server_environment(target, *, cache_url=None, email_url=None, port=8765):
    """Environment variables for Newsroom as the bench runs it.

    Emails go to the console unless `email_url` names an SMTP server (the
    Contact Us run gives it the loopback one of bench/mailbox.py).
    """
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or _secret_key(),
        "DATABASE_URL": target.database_url,
        "CONN_MAX_AGE": "60",
        "CACHE_URL": cache_url or target.cache_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(WORK_DIR / "media"),
        "STATIC_ROOT": str(WORK_DIR / "static"),
        "EMAIL_URL": email_url or "consolemail://",
        "CONTACT_NOTIFY_EMAILS": "press-office@example.com",
        "CONTACT_RATE_LIMIT": "1000000/m",
        "CONTACT_MIN_FILL_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE_DIR),
    }


_KEY = secrets.token_urlsafe(50)


def _secret_key():
    # One key for the whole run: the in-process steps and every gunicorn must
    # agree, or the form tokens and sessions they sign would not verify.
    return _KEY


def setup_django(target, *, cache_url=None):
    """Configure this process like the server, then django.setup()."""
    os.environ.update(server_environment(target, cache_url=cache_url))
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
