"""The bench's report: errors count against targets, a dirty tree is flagged."""

import copy
import subprocess

import pytest

from bench import report
from bench.environment import source_tree


def wrk_run(ratio=1.0, **errors):
    """The figures of one wrk run, beside its /healthz baseline."""
    return {
        "requests_per_second": 1000.0 * ratio,
        "requests": 5000,
        "statuses": {"200": 5000 - errors.get("status", 0)},
        "errors": {"status": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0}
        | errors,
        "errors_total": sum(errors.values()),
        "p50_ms": 5.0,
        "p99_ms": 20.0,
        "max_ms": 30.0,
        "healthz_requests_per_second": 1000.0,
        "healthz_errors_total": 0,
        "ratio_to_healthz": ratio,
    }


PAGES = ("home", "news", "news_last_page", "search", "release")


@pytest.fixture
def results():
    """A run in which every target is met."""
    page = {
        "status": 200,
        "queries_cold": 3,
        "conditional_status": 304,
        "queries_conditional": 0,
        "queries_repeat": 0,
        "cold_ms": 10.0,
        "repeat_ms": 1.0,
    }
    scale = {
        "releases": 100,
        "enquiries": 500,
        "seed_seconds": 1.0,
        "pages": {name: {"path": f"/{name}/", **page} for name in PAGES},
    }
    mix = {
        "path": "300 URLs in random order",
        "urls": 300,
        **wrk_run(),
        "first_visits": {
            "urls": 300,
            "seconds": 3.0,
            "requests_per_second": 100.0,
            "errors_total": 0,
            "failed_paths": [],
        },
    }
    export = {
        "rows": 200,
        "seconds": 1.0,
        "rows_per_second": 200,
        "peak_rss_mb": 80.0,
        "ratio_to_copy": 0.9,
        "rows_match_copy": True,
    }
    return {
        "profile": "smoke",
        "started": "2026-12-04T17:00:00Z",
        "seconds": 60.0,
        "load_average_start": [1.0, 1.0, 1.0],
        "load_average_end": [1.0, 1.0, 1.0],
        "source": {"commit": "a" * 40, "dirty": False, "changes": []},
        "scales": [scale, copy.deepcopy(scale)],
        "load": {
            cache: {name: {"path": f"/{name}/", **wrk_run()} for name in PAGES}
            for cache in ("redis", "none")
        },
        "load_mix": {"redis": mix, "none": copy.deepcopy(mix)},
        "submissions": {
            "clients": 32,
            "seconds": 3.0,
            "sent": 600,
            "submissions_per_second": 200.0,
            "refused_by_status": {},
            "connection_failures": 0,
            "rows_stored": 600,
            "consent_events_stored": 840,
            "lost": 0,
            "stored_unanswered": 0,
            "doubled": 0,
            "emails": {
                "expected": 1200,
                "received": 1200,
                "acknowledgements": 600,
                "notifications": 600,
                "missing": 0,
                "duplicated": 0,
                "unmatched": 0,
                "enquiry_email_status": {"sent": 600},
            },
            "get_p50_ms": 5.0,
            "get_p99_ms": 9.0,
            "post_p50_ms": 20.0,
            "post_p99_ms": 40.0,
        },
        "export": {
            "copy": {"rows": 200, "seconds": 0.5, "rows_per_second": 400},
            "command": export,
            "admin_download": dict(export),
        },
        "step_seconds": {"database": 1.0},
        "machine": {
            "cpu": "test",
            "cores": 2,
            "memory_gib": 1.0,
            "kernel": "6",
            "python": "3.11",
            "django": "5.2",
            "gunicorn": "23",
            "postgresql": 150020,
            "redis": "7",
            "wrk": "wrk 4.1.0",
        },
    }


def met(results, starting):
    (row,) = [r for r in report.targets(results) if r["target"].startswith(starting)]
    return row["met"]


def test_every_target_is_met_by_a_run_without_errors(results):
    assert all(row["met"] for row in report.targets(results))


def test_a_page_answering_500_fails_the_query_count_targets(results):
    # An error page is cheap: its query count would flatter.
    results["scales"][0]["pages"]["release"]["status"] = 500

    assert not met(results, "Query counts per page equal at every scale")
    assert not met(results, "≤ 6 queries on every public page")


def test_a_throughput_target_with_timeouts_in_its_runs_is_not_met(results):
    # Fast enough, but 3 requests timed out: they have no latency to count.
    results["load"]["redis"]["release"] = {"path": "/r/", **wrk_run(timeout=3)}

    assert not met(results, "Throughput ≥ 80% of /healthz, cache: redis")
    assert met(results, "Throughput ≥ 25% of /healthz, cache: none")


def test_non_2xx_answers_in_the_mix_fail_the_throughput_target(results):
    results["load_mix"]["none"].update(wrk_run(status=12))

    assert not met(results, "Throughput ≥ 25% of /healthz, cache: none")


def test_a_slow_mix_fails_the_cached_target_however_fast_one_url_is(results):
    results["load_mix"]["redis"].update(wrk_run(ratio=0.5))

    assert not met(results, "Throughput ≥ 80% of /healthz, cache: redis")


def test_refused_submissions_fail_the_enquiries_target(results):
    results["submissions"]["refused_by_status"] = {"500": 2}

    assert not met(results, "Enquiries ≥")


def test_missing_emails_fail_the_email_target(results):
    emails = results["submissions"]["emails"]
    emails.update(received=1199, missing=1, enquiry_email_status={"sent": 599})
    emails["enquiry_email_status"]["failed"] = 1

    assert not met(results, "Each stored enquiry's acknowledgement")


def test_the_markdown_says_figures_come_from_a_dirty_tree(results):
    clean = report.markdown(results | {"targets": report.targets(results)})
    results["source"].update(dirty=True, changes=[" M pressroom/views.py"])
    dirty = report.markdown(results | {"targets": report.targets(results)})

    assert "dirty tree" not in clean
    # Right under the title, before any figure.
    assert dirty.splitlines()[2].startswith("> **Warning: figures from a dirty tree")
    assert "`M pressroom/views.py`" in dirty


def test_the_markdown_labels_the_single_url_figures_best_case(results):
    text = report.markdown(results | {"targets": report.targets(results)})

    assert "each page alone (best case)" in text
    assert "a mix of 300 URLs" in text


def git(directory, *args):
    subprocess.run(
        ["git", "-C", directory, "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
    )


def test_source_tree_is_dirty_with_uncommitted_code_not_with_bench_output(
    tmp_path,
):
    git(tmp_path, "init", "-q")
    for path in ("manage.py", "bench/results/full.md", "bench/tmp/keep"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("v1\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")

    (tmp_path / "bench/results/full.md").write_text("new figures\n")
    (tmp_path / "bench/results/smoke.json").write_text("{}\n")
    (tmp_path / "bench/tmp/gunicorn.log").write_text("log\n")
    assert source_tree(tmp_path)["dirty"] is False

    (tmp_path / "pressroom.py").write_text("new module\n")
    state = source_tree(tmp_path)
    assert state["dirty"] is True
    assert state["changes"] == ["?? pressroom.py"]
    assert len(state["commit"]) == 40


def test_source_tree_outside_git_is_unknown(tmp_path):
    assert source_tree(tmp_path)["dirty"] is None


def search_figures(p99_ms):
    return {
        f"{language} {kind}": {
            "language": language,
            "query": query,
            "matches": 10,
            "p50_ms": 5.0,
            "p99_ms": p99_ms if language == "zh-hans" and kind == "mixed" else 9.0,
        }
        for language, query in (("en", "robotics"), ("zh-hant", "中心"))
        for kind in ("english", "chinese")
    } | {
        "zh-hans mixed": {
            "language": "zh-hans",
            "query": "AI 创新",
            "matches": 10,
            "p50_ms": 5.0,
            "p99_ms": p99_ms,
        }
    }


def test_slow_search_in_one_language_fails_the_search_target(results):
    for scale in results["scales"]:
        scale["search"] = search_figures(9.0)
    assert met(results, "Search p99 ≤ 100 ms in every language")

    results["scales"][-1]["search"] = search_figures(250.0)

    assert not met(results, "Search p99 ≤ 100 ms in every language")
    assert "| zh-hans | AI 创新 |" in report.markdown(
        results | {"targets": report.targets(results)}
    )


def test_a_slow_chinese_search_page_fails_the_search_under_load_target(results):
    results["load"]["none"]["search_zh_hant"] = {
        "path": "/zh-hant/news/?q=中心",
        **wrk_run(),
        "p99_ms": 400.0,
    }

    assert not met(results, "Search p99 ≤ 100 ms under load")
