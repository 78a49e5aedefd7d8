"""
`python -m bench [--quick | --smoke]`, run by `make bench`.

Drops and recreates the bench database (BENCH_DATABASE_URL, default
newsroom_bench on 127.0.0.1) and flushes the bench's Redis database
(BENCH_CACHE_URL, default DB 15), then runs every step and writes
bench/results/<profile>.json and .md.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager

import psycopg

from bench import report
from bench.environment import (
    NO_CACHE_URL,
    WORK_DIR,
    setup_django,
    source_tree,
    target_from_environment,
)

PROFILES = {
    "full": {
        "releases": [1_000, 10_000, 100_000],
        "enquiries": [10_000, 100_000, 1_000_000],
        "page_seconds": 5,
        "baseline_seconds": 3,
        "submit_seconds": 20,
        "mix": {"releases": 500, "tags": 100, "list_pages": 50},
    },
    "quick": {
        "releases": [1_000, 10_000],
        "enquiries": [10_000, 100_000],
        "page_seconds": 3,
        "baseline_seconds": 2,
        "submit_seconds": 10,
        "mix": {"releases": 300, "tags": 60, "list_pages": 30},
    },
    # Checks the harness itself in a minute or two; its figures mean little.
    "smoke": {
        "releases": [100, 300],
        "enquiries": [500, 2_000],
        "page_seconds": 1,
        "baseline_seconds": 1,
        "submit_seconds": 3,
        "mix": {"releases": 100, "tags": 30, "list_pages": 10},
    },
}


def log(message):
    # UTC: once Django is set up, local time is the site's TIME_ZONE.
    print(
        f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True
    )


@contextmanager
def step(results, name):
    log(f"{name}…")
    started = time.monotonic()
    yield
    seconds = round(time.monotonic() - started, 1)
    results.setdefault("step_seconds", {})[name] = seconds
    log(f"{name}: {seconds} s")


def recreate_database(target):
    admin_url = target.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        name = psycopg.sql.Identifier(target.database_name)
        connection.execute(
            psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name)
        )
        connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(name))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument("--quick", action="store_true", help="1k and 10k releases")
    scale.add_argument("--smoke", action="store_true", help="a tiny run")
    args = parser.parse_args(argv)
    profile = "quick" if args.quick else "smoke" if args.smoke else "full"
    settings = PROFILES[profile]
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it).")

    target = target_from_environment()
    results = {
        "profile": profile,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_average_start": os.getloadavg(),
        # The code measured: read before anything runs (the server imports
        # the tree as it is now), and again at the end in case it changed.
        "source": source_tree(),
    }
    if results["source"]["dirty"]:
        log(
            "the tree has uncommitted changes: the results will say so "
            f"({len(results['source']['changes'])} paths)"
        )
    run_started = time.monotonic()
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    WORK_DIR.mkdir(parents=True)

    with step(results, "database"):
        recreate_database(target)
        setup_django(target)
        from django.core.cache import cache
        from django.core.management import call_command

        cache.clear()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)

    from bench import exports, load, mailserver, pages, seed, submissions
    from bench.server import gunicorn

    now = seed.seeded_now()
    with step(results, "photo library"):
        seed.seed_library(now=now)

    results["scales"] = []
    for releases, enquiries in zip(
        settings["releases"], settings["enquiries"], strict=True
    ):
        label = f"{releases} releases, {enquiries} enquiries"
        scale = {"releases": releases, "enquiries": enquiries}
        started = time.monotonic()
        with step(results, f"seed {label}"):
            seed.seed_releases(upto=releases, now=now)
            seed.seed_enquiries(upto=enquiries, now=now)
            seed.analyse()
        scale["seed_seconds"] = round(time.monotonic() - started, 1)
        scale["tables"] = seed.table_sizes()
        with step(results, f"queries at {label}"):
            paths = pages.page_paths()
            scale["pages"] = pages.count_queries(paths)
        with step(results, f"search at {label}"):
            scale["search"] = pages.search_timings()
        results["scales"].append(scale)
    mix = pages.mix_paths(**settings["mix"])

    results["load"], results["load_mix"] = {}, {}
    for cache_name, cache_url in (("redis", target.cache_url), ("none", NO_CACHE_URL)):
        with (
            step(results, f"load with cache: {cache_name}"),
            gunicorn(target, cache_url=cache_url, log_name=f"gunicorn-{cache_name}"),
        ):
            cache.clear()
            results["load"][cache_name] = load.load_pages(
                paths,
                seconds=settings["page_seconds"],
                baseline_seconds=settings["baseline_seconds"],
            )
            results["load_mix"][cache_name] = load.load_mix(
                mix,
                seconds=settings["page_seconds"],
                baseline_seconds=settings["baseline_seconds"],
            )

    with step(results, "Contact Us submissions"):
        # The SMTP server outlives gunicorn, so every email a request started
        # has arrived (or failed) before the count.
        with mailserver.smtp_server(WORK_DIR / "mail.jsonl") as mailbox:
            with gunicorn(target, email_url=mailbox.url):
                run = submissions.submit_enquiries(seconds=settings["submit_seconds"])
        results["submissions"] = submissions.account(run, messages=mailbox.messages())

    with step(results, "export"):
        results["export"] = exports.export_all(target)

    results["seconds"] = round(time.monotonic() - run_started, 1)
    results["load_average_end"] = os.getloadavg()
    if source_tree() != results["source"]:
        results["source"]["changed_during_run"] = True
        results["source"]["dirty"] = True
        log("the tree changed during the run: the results will say so")
    results["machine"] = machine(target)
    json_path, markdown_path = report.write(results)
    log(f"done in {results['seconds']} s: {json_path} and {markdown_path}")
    print(markdown_path.read_text())


def machine(target):
    """What the figures were measured on."""
    import django
    import gunicorn
    from django.db import connection

    cpu = "unknown"
    with open("/proc/cpuinfo") as file:
        for line in file:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as file:
        memory_kib = int(file.readline().split()[1])
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    redis_version = subprocess.run(
        ["redis-cli", "-u", target.cache_url, "INFO", "server"],
        capture_output=True,
        text=True,
    ).stdout
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "postgresql": connection.cursor().connection.info.server_version,
        "redis": next(
            (
                line.split(":", 1)[1].strip()
                for line in redis_version.splitlines()
                if line.startswith("redis_version:")
            ),
            "unknown",
        ),
        "wrk": (wrk_version.stdout or wrk_version.stderr).split("[")[0].strip(),
    }


if __name__ == "__main__":
    main()
