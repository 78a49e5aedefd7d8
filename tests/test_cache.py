"""The Redis cache backend that CACHE_URL=redis://… selects (newsroom/cache.py)."""

import os
import runpy

import pytest
import redis

from newsroom.cache import RedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_cache():
    cache = RedisCache(REDIS_URL, {})
    try:
        cache.clear()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not answering at {REDIS_URL} (CI is set).")
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    yield cache
    cache.clear()


def test_redis_cache_stores_reads_counts_and_expires_like_djangos(redis_cache):
    redis_cache.set("page", {"body": "精選新聞"}, timeout=60)
    redis_cache.add("generation", 41, timeout=None)

    assert redis_cache.get("page") == {"body": "精選新聞"}
    assert redis_cache.incr("generation") == 42
    assert not redis_cache.add("generation", 1)
    redis_cache.set("gone", 1, timeout=0)
    assert redis_cache.get("gone") is None


def test_redis_cache_keeps_one_client_per_server(redis_cache):
    client = redis_cache._cache.get_client()

    redis_cache.get("anything")

    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server


def test_a_redis_cache_url_selects_it(monkeypatch):
    from newsroom import settings

    monkeypatch.setenv("CACHE_URL", REDIS_URL)
    production = runpy.run_path(settings.__file__)  # settings read afresh

    assert production["CACHES"]["default"]["BACKEND"] == "newsroom.cache.RedisCache"
    assert production["CACHES"]["default"]["LOCATION"] == REDIS_URL
