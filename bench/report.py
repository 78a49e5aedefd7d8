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
    """Each target of issue #5: what it asks, the figure, met or not."""
    scales = results["scales"]
    top = scales[-1]["pages"]
    rows = []

    def add(target, figure, met):
        rows.append({"target": target, "figure": figure, "met": bool(met)})

    varying = [
        name
        for name in top
        if len({scale["pages"][name]["queries_cold"] for scale in scales}) > 1
    ]
    add(
        "Query counts per page equal at every scale",
        "all equal" if not varying else "differ: " + ", ".join(varying),
        not varying,
    )
    worst = max(top.values(), key=lambda page: page["queries_cold"])
    add(
        f"≤ {PAGE_QUERY_LIMIT} queries on every public page",
        f"at most {worst['queries_cold']} ({worst['path']})",
        worst["queries_cold"] <= PAGE_QUERY_LIMIT,
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
    )
    for cache, ratio in (("none", UNCACHED_RATIO), ("redis", CACHED_RATIO)):
        load = results["load"][cache]
        slowest = min(load.values(), key=lambda page: page["ratio_to_healthz"])
        figure = f"lowest {slowest['ratio_to_healthz']:.0%} ({slowest['path']})"
        if cache == "redis":
            # Searches and filtered lists are built afresh (pressroom.caching).
            cached = [
                load[name]["ratio_to_healthz"]
                for name, page in top.items()
                if page["queries_repeat"] == 0
            ]
            if cached:
                figure += f"; pages served from the cache {min(cached):.0%} to "
                figure += f"{max(cached):.0%}"
        add(
            f"Throughput ≥ {ratio:.0%} of /healthz, cache: {cache}",
            figure,
            slowest["ratio_to_healthz"] >= ratio,
        )
    uncached = results["load"]["none"]
    factor = uncached["news_last_page"]["p50_ms"] / uncached["news"]["p50_ms"]
    add(
        f"Last page of /news/ ≤ {LAST_PAGE_FACTOR:g} times page 1 (p50, no cache)",
        f"{factor:.2f} times",
        factor <= LAST_PAGE_FACTOR,
    )
    search = uncached["search"]["p99_ms"]
    add(
        f"Search p99 ≤ {SEARCH_P99_MS} ms under load (no cache)",
        f"{search} ms",
        search <= SEARCH_P99_MS,
    )
    export = results["export"]
    for name in ("command", "admin_download"):
        figures = export[name]
        add(
            f"Export ({name.replace('_', ' ')}): peak RSS ≤ {EXPORT_RSS_MB} MB",
            f"{figures['peak_rss_mb']} MB for {figures['rows']:,} rows",
            figures["peak_rss_mb"] <= EXPORT_RSS_MB,
        )
        add(
            f"Export ({name.replace('_', ' ')}): ≥ {EXPORT_COPY_RATIO:.0%} of COPY",
            f"{figures['ratio_to_copy']:.0%} ({figures['rows_per_second']:,} rows/s)",
            figures["ratio_to_copy"] >= EXPORT_COPY_RATIO,
        )
    sent = results["submissions"]
    add(
        f"Enquiries ≥ {SUBMISSIONS_PER_SECOND}/s, none lost or doubled",
        f"{sent['submissions_per_second']}/s, {sent['lost']} lost, "
        f"{sent['doubled']} doubled",
        sent["submissions_per_second"] >= SUBMISSIONS_PER_SECOND
        and sent["lost"] == 0
        and sent["doubled"] == 0,
    )
    return rows


def markdown(results):
    machine = results["machine"]
    pg = machine["postgresql"]
    lines = [
        f"# Newsroom benchmark ({results['profile']})",
        "",
        f"{results['started']}, commit {machine['commit']}, "
        f"{results['seconds']:.0f} s in all.",
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
        "| Target | Figure | Met |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| {row['target']} | {row['figure']} | {'yes' if row['met'] else '**no**'} |"
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
    lines += [
        "",
        f"## Load at {scales[-1]['releases']:,} releases",
        "",
        "| Page | Redis req/s | p50 ms | p99 ms | ratio | No cache req/s | p50 ms "
        "| p99 ms | ratio | errors |",
        "| --- |" + " --- |" * 9,
    ]
    redis, none = results["load"]["redis"], results["load"]["none"]
    for name, cached in redis.items():
        raw = none[name]
        lines.append(
            f"| {name} | {cached['requests_per_second']} | {cached['p50_ms']} | "
            f"{cached['p99_ms']} | {cached['ratio_to_healthz']:.0%} | "
            f"{raw['requests_per_second']} | {raw['p50_ms']} | {raw['p99_ms']} | "
            f"{raw['ratio_to_healthz']:.0%} | {cached['errors'] + raw['errors']} |"
        )
    healthz = sorted(
        page["healthz_requests_per_second"]
        for load in results["load"].values()
        for page in load.values()
    )
    lines += [
        "",
        f"/healthz baseline: {healthz[0]} to {healthz[-1]} req/s across the runs.",
        "",
        "## Contact Us submissions",
        "",
    ]
    sent = results["submissions"]
    lines.append(
        f"{sent['clients']} clients for {sent['seconds']} s: {sent['sent']} sent "
        f"({sent['submissions_per_second']}/s; GET of the form p50 "
        f"{sent['get_p50_ms']} ms, p99 {sent['get_p99_ms']} ms; POST p50 "
        f"{sent['post_p50_ms']} ms, p99 {sent['post_p99_ms']} ms), "
        f"{sent['rows_stored']} rows stored, "
        f"{sent['lost']} lost, {sent['doubled']} doubled, "
        f"{sent['consent_events_stored']} consent events; refused: "
        f"{sent['refused_by_status'] or 'none'}; connection failures: "
        f"{sent['connection_failures']}."
    )
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
