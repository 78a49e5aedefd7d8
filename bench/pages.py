"""
The public pages the bench measures, and their SQL query counts.

Counts are taken in this process through Django's test client, which runs the
same middleware and views as gunicorn: a cold request (empty cache), a
conditional GET with the ETag just received (should be 304), and a repeat
request (served from the cache when there is one).
"""

import math
import random
import statistics
import time
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from pressroom.models import Release, Tag
from pressroom.views import RELEASES_PER_PAGE

SEARCH_WORDS = "robotics"
# What readers search for in each language: an English word, a two-character
# Chinese word found inside sentences, and a query mixing both.
SEARCHES = {
    "en": {"english": "robotics", "chinese": "中心", "mixed": "AI 創新"},
    "zh-hant": {"english": "robotics", "chinese": "中心", "mixed": "AI 創新"},
    "zh-hans": {"english": "robotics", "chinese": "中心", "mixed": "AI 创新"},
}


def search_path(language, query):
    """The news list searched for `query` in `language` (its own URL prefix)."""
    with translation.override(language):
        return f"{reverse('pressroom:list')}?{urlencode({'q': query})}"


def page_paths():
    """Name and path of each measured page, chosen from the data now seeded:
    the busiest tag, the year and release in the middle of history."""
    public = Release.objects.published()
    count = public.count()
    busiest = (
        Tag.objects.annotate(
            public=Count(
                "releases",
                filter=Q(releases__in=public),
            )
        )
        .order_by("-public")
        .first()
    )
    middle = public.order_by("-publish_at", "-pk")[count // 2]
    last_page = max(1, math.ceil(count / RELEASES_PER_PAGE))
    return {
        "home": "/",
        "news": "/news/",
        "news_last_page": f"/news/?page={last_page}",
        "tag": busiest.get_absolute_url(),
        "year": f"/news/?year={middle.publish_at.year}",
        "search": f"/news/?q={SEARCH_WORDS}",
        "search_zh_hant": search_path("zh-hant", SEARCHES["zh-hant"]["chinese"]),
        "search_zh_hans": search_path("zh-hans", SEARCHES["zh-hans"]["mixed"]),
        "release": middle.get_absolute_url(),
        "feed_rss": "/news/feed/",
        "feed_atom": "/news/feed/atom/",
        "tag_feed_rss": f"{busiest.get_absolute_url()}feed/",
        "tag_feed_atom": f"{busiest.get_absolute_url()}feed/atom/",
        "sitemap": "/sitemap.xml",
        # The first file of the index (a plain sitemap while there is none).
        "sitemap_releases": "/sitemap-releases.xml",
    }


def mix_paths(*, releases=500, tags=100, list_pages=50, tag_feeds=10):
    """Paths of the pages the cache stores, as visitors spread over them:
    many release pages, tag pages and pages of the news list, the home page
    and the feeds. Chosen at random, with a fixed seed so that runs of the
    same data request the same URLs. Searches and year filters are left out:
    they are not cached (pressroom.caching)."""
    chooser = random.Random(5)
    public = Release.objects.published()
    slugs = sorted(public.values_list("slug", flat=True))
    tag_slugs = sorted(
        Tag.objects.filter(releases__in=public)
        .distinct()
        .values_list("slug", flat=True)
    )
    last_page = max(1, math.ceil(len(slugs) / RELEASES_PER_PAGE))
    chosen_tags = chooser.sample(tag_slugs, min(tags, len(tag_slugs)))
    news = reverse("pressroom:list")
    return [
        reverse("pressroom:home"),
        reverse("pressroom:feed"),
        reverse("pressroom:feed-atom"),
        *(
            f"{news}?page={page}" if page > 1 else news
            for page in sorted(
                chooser.sample(range(1, last_page + 1), min(list_pages, last_page))
            )
        ),
        *(reverse("pressroom:tag", args=[slug]) for slug in chosen_tags),
        *(
            reverse("pressroom:tag-feed", args=[slug])
            for slug in chosen_tags[:tag_feeds]
        ),
        *(
            reverse("pressroom:detail", args=[slug])
            for slug in chooser.sample(slugs, min(releases, len(slugs)))
        ),
    ]


def _get(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        if response.streaming:
            b"".join(response.streaming_content)
        elapsed = time.perf_counter() - started
    return response, len(queries), elapsed


def count_queries(paths, *, timings=3):
    """For each page: status, queries cold / on a matching conditional GET /
    repeated, and the median in-process time of a cold request."""
    client = Client()
    results = {}
    for name, path in paths.items():
        cold_times = []
        for _ in range(timings):
            cache.clear()
            response, cold, elapsed = _get(client, path)
            cold_times.append(elapsed)
        etag = response.get("ETag")
        conditional, conditional_queries, _ = _get(
            client, path, if_none_match=etag or '"none"'
        )
        _, repeat, repeat_time = _get(client, path)
        results[name] = {
            "path": path,
            "status": response.status_code,
            "bytes": len(response.content) if not response.streaming else None,
            "queries_cold": cold,
            "conditional_status": conditional.status_code,
            "queries_conditional": conditional_queries,
            "queries_repeat": repeat,
            "cold_ms": round(statistics.median(cold_times) * 1000, 1),
            "repeat_ms": round(repeat_time * 1000, 1),
        }
    cache.clear()
    return results


def search_timings(*, runs=30):
    """Search alone, in process: for each language and kind of query, the
    p50 and p99 of what the news list asks the database (how many public
    releases match, and the first page of them), and how many match."""
    results = {}
    for language, queries in SEARCHES.items():
        for kind, query in queries.items():
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                releases = Release.objects.published().search(query, language=language)
                count = releases.count()
                list(releases[:RELEASES_PER_PAGE])
                times.append(time.perf_counter() - started)
            times.sort()
            results[f"{language} {kind}"] = {
                "language": language,
                "query": query,
                "matches": count,
                "p50_ms": round(statistics.median(times) * 1000, 1),
                "p99_ms": round(times[math.ceil(0.99 * len(times)) - 1] * 1000, 1),
            }
    return results
