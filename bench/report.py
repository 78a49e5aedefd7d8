"""bench/results/<profile>.json and a Markdown table of the same figures."""

import json

from bench.environment import RESULTS_DIR

PAGE_QUERY_LIMIT = 6
UNCACHED_RATIO = 0.25
CACHED_RATIO = 0.80
LAST_PAGE_FACTOR = 2.0
SEARCH_P99_MS = 100
EXPORT_RSS_MB = 150
EXPORT_COPY_RATIO = 0.5
SUBMISSIONS_PER_SECOND = 150


def targets(results):
    """Each target of issue #5 and the bench's own checks: what it asks, the
    figure, the errors met on the way, met or not.

    A target is met only if nothing behind its figure failed: a page that
    answered 500, a wrk run with answers other than 200 or socket errors (a
    timed-out request has no latency, so it would flatter the percentiles),
    a refused or unanswered submission, an email that never arrived.
    """
    scales = results["scales"]
    top = scales[-1]["pages"]
    rows = []

    def add(target, figure, met, errors=0):
        rows.append(
            {
                "target": target,
                "figure": figure,
                "errors": errors,
                "met": bool(met) and errors == 0,
            }
        )

    # The query counts come from the test client: any page not answering 200
    # counts against them (an error page can be cheap).
    page_errors = sum(
        page["status"] != 200 for scale in scales for page in scale["pages"].values()
    )
    varying = [
        name
        for name in top
        if len({scale["pages"][name]["queries_cold"] for scale in scales}) > 1
    ]
    add(
        "Query counts per page equal at every scale",
        "all equal" if not varying else "differ: " + ", ".join(varying),
        not varying,
        page_errors,
    )
    worst = max(top.values(), key=lambda page: page["queries_cold"])
    add(
        f"≤ {PAGE_QUERY_LIMIT} queries on every public page",
        f"at most {worst['queries_cold']} ({worst['path']})",
        worst["queries_cold"] <= PAGE_QUERY_LIMIT,
        page_errors,
    )
    not_304 = [
        name
        for name, page in top.items()
        if page["conditional_status"] != 304
        or page["queries_conditional"] >= page["queries_cold"]
    ]
    add(
        "A matching conditional GET answers 304 without the view's queries",
        "every page" if not not_304 else "not on: " + ", ".join(not_304),
        not not_304,
        page_errors,
    )
    for cache, ratio in (("none", UNCACHED_RATIO), ("redis", CACHED_RATIO)):
        load, mix = results["load"][cache], results["load_mix"][cache]
        slowest = min(load.values(), key=lambda page: page["ratio_to_healthz"])
        figure = (
            f"mix of {mix['urls']} URLs {mix['ratio_to_healthz']:.0%}; "
            f"one URL repeated: lowest {slowest['ratio_to_healthz']:.0%} "
            f"({slowest['path']})"
        )
        if cache == "redis":
            # Searches and filtered lists are built afresh (pressroom.caching).
            cached = [
                load[name]["ratio_to_healthz"]
                for name, page in top.items()
                if page["queries_repeat"] == 0
            ]
            if cached:
                figure += f", cached pages {min(cached):.0%} to {max(cached):.0%} "
                figure += "(best case)"
        add(
            f"Throughput ≥ {ratio:.0%} of /healthz, cache: {cache}",
            figure,
            min(slowest["ratio_to_healthz"], mix["ratio_to_healthz"]) >= ratio,
            load_errors(results, cache),
        )
    uncached = results["load"]["none"]
    factor = uncached["news_last_page"]["p50_ms"] / uncached["news"]["p50_ms"]
    add(
        f"Last page of /news/ ≤ {LAST_PAGE_FACTOR:g} times page 1 (p50, no cache)",
        f"{factor:.2f} times",
        factor <= LAST_PAGE_FACTOR,
        sum(_run_errors(uncached[name]) for name in ("news", "news_last_page")),
    )
    # The news list searched in each language (search, search_zh_hant…).
    searches = {
        name: run for name, run in uncached.items() if name.startswith("search")
    }
    slowest = max(run["p99_ms"] for run in searches.values())
    add(
        f"Search p99 ≤ {SEARCH_P99_MS} ms under load (no cache)",
        ", ".join(f"{name} {run['p99_ms']} ms" for name, run in searches.items()),
        slowest <= SEARCH_P99_MS,
        sum(_run_errors(run) for run in searches.values()),
    )
    if "search" in scales[-1]:
        alone = scales[-1]["search"]
        worst = max(alone.values(), key=lambda figures: figures["p99_ms"])
        add(
            f"Search p99 ≤ {SEARCH_P99_MS} ms in every language and kind of "
            "query (database, in process)",
            f"at most {worst['p99_ms']} ms ({worst['language']}, “{worst['query']}”)",
            worst["p99_ms"] <= SEARCH_P99_MS,
        )
    export = results["export"]
    for name in ("command", "admin_download"):
        figures = export[name]
        # Fewer or more rows than COPY of the same query: not the same export.
        errors = 0 if figures["rows_match_copy"] else 1
        add(
            f"Export ({name.replace('_', ' ')}): peak RSS ≤ {EXPORT_RSS_MB} MB",
            f"{figures['peak_rss_mb']} MB for {figures['rows']:,} rows",
            figures["peak_rss_mb"] <= EXPORT_RSS_MB,
            errors,
        )
        add(
            f"Export ({name.replace('_', ' ')}): ≥ {EXPORT_COPY_RATIO:.0%} of COPY",
            f"{figures['ratio_to_copy']:.0%} ({figures['rows_per_second']:,} rows/s)",
            figures["ratio_to_copy"] >= EXPORT_COPY_RATIO,
            errors,
        )
    sent = results["submissions"]
    add(
        f"Enquiries ≥ {SUBMISSIONS_PER_SECOND}/s, none lost or doubled",
        f"{sent['submissions_per_second']}/s, {sent['lost']} lost, "
        f"{sent['doubled']} doubled",
        sent["submissions_per_second"] >= SUBMISSIONS_PER_SECOND,
        submission_errors(sent),
    )
    emails = sent["emails"]
    add(
        "Each stored enquiry's acknowledgement and staff notification "
        "received once by the SMTP server",
        f"{emails['received']} received for {sent['rows_stored']} enquiries "
        f"(expected {emails['expected']}), {emails['missing']} missing, "
        f"{emails['duplicated']} twice; enquiries' email status: "
        + _counts(emails["enquiry_email_status"]),
        True,
        email_errors(emails),
    )
    return rows


def _run_errors(run):
    """Errors of a wrk run and of the /healthz run its ratio is taken to."""
    return run["errors_total"] + run.get("healthz_errors_total", 0)


def load_errors(results, cache):
    """Every error met while loading the pages with `cache`."""
    mix = results["load_mix"][cache]
    return (
        sum(_run_errors(run) for run in results["load"][cache].values())
        + _run_errors(mix)
        + mix["first_visits"]["errors_total"]
    )


def submission_errors(sent):
    """Forms refused or unanswered, enquiries lost or stored twice."""
    return (
        sum(sent["refused_by_status"].values())
        + sent["connection_failures"]
        + sent["lost"]
        + sent["doubled"]
    )


def email_errors(emails):
    """Emails missing, doubled or unexpected; enquiries not marked sent."""
    not_sent = sum(
        number
        for status, number in emails["enquiry_email_status"].items()
        if status != "sent"
    )
    return emails["missing"] + emails["duplicated"] + emails["unmatched"] + not_sent


def _counts(counts):
    return ", ".join(f"{key} {value}" for key, value in sorted(counts.items())) or (
        "none"
    )


def _errors_text(run):
    """'0', or the total and its kinds: '5 (3 status, 2 timeout)'."""
    kinds = {kind: n for kind, n in run["errors"].items() if n}
    if run.get("healthz_errors_total"):
        kinds["in /healthz baseline"] = run["healthz_errors_total"]
    if not kinds:
        return "0"
    detail = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    return f"**{sum(kinds.values())}** ({detail})"


def source_lines(source):
    """The commit measured, and a warning first of all when the tree was dirty."""
    if source["dirty"] is None:
        return [
            "> **Warning: figures from an unknown tree.** git could not say which "
            "commit ran, nor whether it had uncommitted changes.",
            "",
        ]
    if not source["dirty"]:
        return [f"Commit {source['commit'][:12]}, no uncommitted changes.", ""]
    changes = source["changes"]
    lines = [
        "> **Warning: figures from a dirty tree.** The tree had uncommitted "
        f"changes on top of commit {source['commit'][:12]} "
        + (
            "(and changed during the run)"
            if source.get("changed_during_run")
            else f"({len(changes)} paths)"
        )
        + ": these figures cannot be reproduced from that commit.",
    ]
    lines.append(">")
    lines += [f"> - `{change.strip()}`" for change in changes[:10]]
    if len(changes) > 10:
        lines.append(f"> - … and {len(changes) - 10} more")
    return [*lines, ""]


def markdown(results):
    machine = results["machine"]
    pg = machine["postgresql"]
    lines = [
        f"# Newsroom benchmark ({results['profile']})",
        "",
        *source_lines(results["source"]),
        f"{results['started']}, {results['seconds']:.0f} s in all.",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, "
        f"{machine['memory_gib']} GiB, Linux {machine['kernel']}; Python "
        f"{machine['python']}, Django {machine['django']}, gunicorn "
        f"{machine['gunicorn']} (2 sync workers), PostgreSQL {pg // 10000}."
        f"{pg % 10000}, Redis {machine['redis']}, {machine['wrk']} "
        "(2 threads, 8 connections).",
        "Load average at start {:.2f}, at end {:.2f}.".format(
            results["load_average_start"][0], results["load_average_end"][0]
        ),
        "",
        "## Targets",
        "",
        "A target with errors is not met. Errors: pages not answering 200 (in "
        "process, on a first visit or under wrk), wrk's socket errors (connect, "
        "read, write, timeout), forms refused or unanswered, enquiries lost or "
        "doubled, emails missing, doubled or not marked sent.",
        "",
        "| Target | Figure | Errors | Met |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {row['target']} | {row['figure']} | "
        f"{row['errors'] and '**{}**'.format(row['errors'])} | "
        f"{'yes' if row['met'] else '**no**'} |"
        for row in results["targets"]
    ]
    scales = results["scales"]
    lines += [
        "",
        "## SQL queries per page (cold / conditional GET / repeat)",
        "",
        "| Page | " + " | ".join(f"{s['releases']:,} releases" for s in scales) + " |",
        "| --- |" + " --- |" * len(scales),
    ]
    for name in scales[-1]["pages"]:
        cells = []
        for scale in scales:
            page = scale["pages"][name]
            cells.append(
                f"{page['queries_cold']} / {page['queries_conditional']} "
                f"({page['conditional_status']}) / {page['queries_repeat']}, "
                f"{page['cold_ms']} ms"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if "search" in scales[-1]:
        lines += [
            "",
            "## Search in three languages (database, in process)",
            "",
            "What the news list asks when a reader searches: how many public "
            "releases match and the first page of them, 30 times each. A "
            "reader of a language searches its text, and the English text of "
            "releases missing it.",
            "",
            "| Language | Query | "
            + " | ".join(f"{s['releases']:,} releases" for s in scales)
            + " |",
            "| --- | --- |" + " --- |" * len(scales),
        ]
        for name, figures in scales[-1]["search"].items():
            cells = [
                "{matches:,} found, p50 {p50_ms} ms, p99 {p99_ms} ms".format(
                    **scale["search"][name]
                )
                for scale in scales
            ]
            lines.append(
                f"| {figures['language']} | {figures['query']} | "
                + " | ".join(cells)
                + " |"
            )
    mixes = results["load_mix"]
    lines += [
        "",
        f"## Load at {scales[-1]['releases']:,} releases: a mix of "
        f"{mixes['redis']['urls']} URLs",
        "",
        "Release pages, tag pages, pages of the news list, the home page and the "
        "feeds, requested in random order by each wrk thread, every URL visited "
        "once first (the first visits' own figures are in the last columns).",
        "",
        "| Cache | req/s | p50 ms | p99 ms | ratio | errors | first visits req/s "
        "| first visits errors |",
        "| --- |" + " --- |" * 7,
    ]
    for cache, mix in mixes.items():
        first = mix["first_visits"]
        lines.append(
            f"| {cache} | {mix['requests_per_second']} | {mix['p50_ms']} | "
            f"{mix['p99_ms']} | {mix['ratio_to_healthz']:.0%} | {_errors_text(mix)} "
            f"| {first['requests_per_second']} | "
            + (
                f"**{first['errors_total']}**: " + ", ".join(first["failed_paths"])
                if first["errors_total"]
                else "0"
            )
            + " |"
        )
    lines += [
        "",
        f"## Load at {scales[-1]['releases']:,} releases: each page alone (best case)",
        "",
        "One URL requested again and again: the cache's best case, not what "
        "visitors spread over many pages get.",
        "",
        "| Page | Redis req/s | p50 ms | p99 ms | ratio | errors | No cache req/s "
        "| p50 ms | p99 ms | ratio | errors |",
        "| --- |" + " --- |" * 10,
    ]
    redis, none = results["load"]["redis"], results["load"]["none"]
    for name, cached in redis.items():
        raw = none[name]
        lines.append(
            f"| {name} | {cached['requests_per_second']} | {cached['p50_ms']} | "
            f"{cached['p99_ms']} | {cached['ratio_to_healthz']:.0%} | "
            f"{_errors_text(cached)} | "
            f"{raw['requests_per_second']} | {raw['p50_ms']} | {raw['p99_ms']} | "
            f"{raw['ratio_to_healthz']:.0%} | {_errors_text(raw)} |"
        )
    healthz = sorted(
        run["healthz_requests_per_second"]
        for runs in (*results["load"].values(), mixes)
        for run in runs.values()
    )
    lines += [
        "",
        f"/healthz baseline: {healthz[0]} to {healthz[-1]} req/s across the runs.",
        "",
        "## Contact Us submissions",
        "",
    ]
    sent = results["submissions"]
    emails = sent["emails"]
    lines += [
        f"{sent['clients']} clients for {sent['seconds']} s "
        f"({sent['submissions_per_second']}/s; GET of the form p50 "
        f"{sent['get_p50_ms']} ms, p99 {sent['get_p99_ms']} ms; POST p50 "
        f"{sent['post_p50_ms']} ms, p99 {sent['post_p99_ms']} ms). Emails went to "
        "a real SMTP server on loopback (aiosmtpd), each enquiry owing an "
        "acknowledgement and a staff notification.",
        "",
        "| Redirects to the thanks page | Refused | Connection failures "
        "| Enquiries stored | Lost | Doubled | Consent events "
        "| Emails expected | Emails received | Missing | Twice | Unmatched "
        "| Enquiries' email status |",
        "| --- |" + " --- |" * 12,
        f"| {sent['sent']} | {_counts(sent['refused_by_status'])} | "
        f"{sent['connection_failures']} | {sent['rows_stored']} | {sent['lost']} | "
        f"{sent['doubled']} | {sent['consent_events_stored']} | "
        f"{emails['expected']} | {emails['received']} | {emails['missing']} | "
        f"{emails['duplicated']} | {emails['unmatched']} | "
        f"{_counts(emails['enquiry_email_status'])} |",
    ]
    export = results["export"]
    lines += [
        "",
        f"## Export of consented contacts at {scales[-1]['enquiries']:,} enquiries",
        "",
        "| Way | Rows | Seconds | Rows/s | Peak RSS MB | Share of COPY |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name in ("copy", "command", "admin_download"):
        figures = export[name]
        lines.append(
            f"| {name.replace('_', ' ')} | {figures['rows']:,} | {figures['seconds']} "
            f"| {figures['rows_per_second']:,} | {figures.get('peak_rss_mb', '—')} | "
            f"{figures.get('ratio_to_copy', 1):.0%} |"
        )
    lines += ["", "## Seeding", ""]
    for scale in scales:
        lines.append(
            f"- {scale['releases']:,} releases and {scale['enquiries']:,} enquiries: "
            f"topped up in {scale['seed_seconds']} s."
        )
    lines += ["", "## Steps", ""]
    lines += [
        f"- {name}: {seconds} s" for name, seconds in results["step_seconds"].items()
    ]
    return "\n".join(lines) + "\n"


def write(results):
    results["targets"] = targets(results)
    RESULTS_DIR.mkdir(exist_ok=True)
    json_path = RESULTS_DIR / f"{results['profile']}.json"
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    markdown_path = RESULTS_DIR / f"{results['profile']}.md"
    markdown_path.write_text(markdown(results))
    return json_path, markdown_path
