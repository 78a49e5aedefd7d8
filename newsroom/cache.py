"""
Django's Redis cache backend, with one redis-py client per connection pool.

Django's client makes a new `redis.Redis` for every cache operation. Since
redis-py 5 each one builds its table of response callbacks (some 170 entries)
first, which here costs as much as the round trip: 400 µs a `get` against
160 µs with a client kept. A page served from the cache does three or four
cache operations, so this is most of what a cached page costs beyond /healthz.
A `redis.Redis` may be shared between threads: it takes a connection from
its pool for each command. CACHE_URL=redis://… selects this backend
(newsroom/settings.py).
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
