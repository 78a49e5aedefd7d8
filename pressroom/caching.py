"""
Public press-room pages served from the shared cache (Redis in production).

A public page is the same for every visitor, and it changes for two reasons
only: an editor writes something, or the clock reaches a scheduled release's
publish time. Both are noticed without asking the database:

* Every key below starts with the cache *generation*, a number every write
  bumps (`forget_public_pages()`), so that nothing cached before a write is
  found after it. The services call it; receivers connected in
  `PressroomConfig.ready()` catch the saves that bypass them (admin inlines,
  the shell), as `django.contrib.sites` clears its SITE_CACHE.
* Nothing is kept past the next scheduled publish time (`timeout_until()`), so
  a release scheduled for 09:00 appears at 09:00 by itself.

Pages are stored by Django's own CacheMiddleware, the machinery behind
`cache_page`. With the dummy cache every request is built as if none of this
existed, with the same queries.

The cache is a help, never a requirement. With Redis down, pages are built
uncached and saves go through: django-redis (IGNORE_EXCEPTIONS, settings.py)
answers "nothing there", and a backend that raises instead (Django's own
RedisCache) is caught here, with a warning in the log. A generation bump lost
in an outage cannot leave a stale page for long: every page and the public
state are stored for PRESSROOM_CACHE_SECONDS at most (`timeout_until()`), so
once the cache is back a page built before the write is gone by then.
"""

import logging
import time
from functools import wraps

import redis
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.middleware.cache import CacheMiddleware
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "pressroom:generation"

# What a cache backend raises when its server cannot be reached: redis-py's
# errors, and the socket's own (memcached clients).
CACHE_ERRORS = (redis.RedisError, OSError)

# Query parameters of pages worth storing: page numbers (`p` in the sitemap).
# Searches and filters are left out: every new search term would be a new
# entry, and the cache also holds the Contact Us rate-limit counters, which a
# flood must not evict.
CACHED_PARAMETERS = {"page", "p"}


def generation(request):
    """The current cache generation (looked up once per request), or None when
    the cache cannot be reached: then nothing is read from it or stored."""
    if not hasattr(request, "_pressroom_generation"):
        try:
            value = cache.get(GENERATION_KEY)
            if value is None:
                # Counting from the clock rather than from 1: should the number
                # be lost (a cache restart, an eviction), a new count never
                # meets the keys of an old one.
                cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
                value = cache.get(GENERATION_KEY)
        except CACHE_ERRORS:
            logger.warning("Cache unreachable: public pages are built uncached.")
            value = None
        request._pressroom_generation = value
    return request._pressroom_generation


def key(request, *parts):
    """A cache key for `parts` in the current generation."""
    return ":".join(str(part) for part in ("pressroom", generation(request), *parts))


def _bump_generation():
    """Move the generation; a cache that cannot be reached must not fail the
    write that asked (the module's docstring says why no page stays stale)."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet (evicted, a fresh cache)
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except CACHE_ERRORS:
        logger.warning(
            "Cache unreachable: cached public pages were not forgotten; they "
            "expire within PRESSROOM_CACHE_SECONDS."
        )


def forget_public_pages():
    """Have every public page and the public state built afresh.

    The generation moves once the transaction commits: a page built from the
    data before the commit, by a reader who came in between, was stored under
    the generation that the commit leaves behind. Inside a transaction it also
    moves at once, so that reads in the same transaction (the shell, tests,
    which never commit) see the write too.
    """
    if transaction.get_connection().in_atomic_block:
        _bump_generation()
    # Robust: whatever goes wrong, the write is committed already and the
    # other callbacks (emails) must still run.
    transaction.on_commit(_bump_generation, robust=True)


def forget_public_pages_receiver(sender, **kwargs):
    """`forget_public_pages()` as a receiver of model signals."""
    forget_public_pages()


def timeout_until(next_change):
    """Seconds something may be cached: PRESSROOM_CACHE_SECONDS at most (a
    safety net for writes made behind Django's back), and never past
    `next_change`, when a scheduled release turns public.

    Rounded down: an entry expires at that moment at the latest, not after.
    """
    seconds = settings.PRESSROOM_CACHE_SECONDS
    if next_change is not None:
        seconds = min(seconds, int((next_change - timezone.now()).total_seconds()))
    return max(seconds, 0)


def is_shared(request, response):
    """Whether a response may be shown to every visitor: it set no cookie, used
    no session (the signed-in user, messages kept there) or CSRF token, and
    showed no flash message. (Django stores only 200s that do not stream.)

    The middleware around the view sets its cookies (session, CSRF) only after
    the page is stored, hence the checks on the request.
    """
    session = getattr(request, "session", None)
    return (
        not response.cookies
        and not (session is not None and session.accessed)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(get_messages(request), "used", False)
    )


class PublicPageCache(CacheMiddleware):
    """Django's page cache, storing only what every visitor may be shown, for
    as long as `timeout_func(request)` says (asked once the page is built)."""

    def __init__(self, get_response, *, key_prefix, timeout_func):
        super().__init__(get_response, key_prefix=key_prefix)
        self.timeout_func = timeout_func

    def _should_update_cache(self, request, response):
        return super()._should_update_cache(request, response) and is_shared(
            request, response
        )

    def process_response(self, request, response):
        # Called on a cache hit too, with nothing to store.
        if self._should_update_cache(request, response):
            self.page_timeout = self.timeout_func(request)
        return super().process_response(request, response)


def cache_public_page(*, key_prefix, timeout):
    """Serve a view's pages from the cache.

    `key_prefix(request, *args, **kwargs)` must change whenever the page does
    (it starts with the generation); `timeout(request, *args, **kwargs)` is
    asked after the view ran. A cached page is returned as stored, validators
    included, and ConditionalGetMiddleware answers a conditional GET from them:
    no query.

    Browsers are not told the freshness the page has in the cache (Expires,
    max-age): that is for the cache alone, and the views ask browsers to
    revalidate every time.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # Searches are built afresh, and so is the page of a visitor with
            # a message waiting: it is theirs alone. With the cache down, every
            # page is built as without one.
            if (
                request.method not in ("GET", "HEAD")
                or set(request.GET) - CACHED_PARAMETERS
                or get_messages(request)
                or generation(request) is None
            ):
                return view(request, *args, **kwargs)

            def build(request):
                response = view(request, *args, **kwargs)
                # Rendered here, so that the page is stored as it was built,
                # before the decorators outside add their headers.
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                if not response.streaming:
                    # One piece of content, not the thousands of small writes
                    # a feed is made of: the WSGI server sends each piece with
                    # a system call of its own (4 times slower for feeds).
                    response.content = response.content
                return response

            page_cache = PublicPageCache(
                build,
                key_prefix=key_prefix(request, *args, **kwargs),
                timeout_func=lambda request: timeout(request, *args, **kwargs),
            )
            response = page_cache(request)
            del response["Expires"]
            del response["Cache-Control"]
            return response

        return wrapper

    return decorator
