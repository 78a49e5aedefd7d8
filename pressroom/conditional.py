"""
Conditional GETs of the public pages, feeds and sitemap: their validators
(ETag, Last-Modified) and how long each is kept in the page cache.

Validators come from one cheap aggregate over the public releases
(`Release.objects.public_state()`), or, for a release page, from the release's
own row, so a matching `If-None-Match` is answered 304 before a page's main
queries run. Each lookup is kept on the request, since the ETag, the
Last-Modified check, the cache timeout and the view itself all use it; the
aggregate is also kept in the cache (pressroom.caching).

Which releases are public is not decided here: that is `ReleaseQuerySet`'s.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Subquery
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from pressroom import caching
from pressroom.models import Release, Tag

# Bump when a template change must reach browsers holding a cached page.
PAGE_VERSION = "1"


def _etag(*parts):
    """A validator of a page built from `parts`, in the active language: the
    same data makes a different page in each language, and a browser holding
    the English page must not be told it has the Chinese one."""
    text = "|".join(
        str(part) for part in (PAGE_VERSION, translation.get_language(), *parts)
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def page_key(request, *args, **kwargs):
    """Where a public page is kept in the cache: under the generation, which
    every write moves, beside its address and language (which the page cache
    adds: Django's cache keys end with the active language). Nothing
    is kept past the next scheduled publish time, so no lookup of the public
    state is needed to find a page, and a cached page costs none."""
    return caching.key(request, "page", PAGE_VERSION)


def public_page_timeout(request, *args, **kwargs):
    return caching.timeout_until(public_state(request)["next_scheduled"])


def revalidated(
    *,
    etag_func,
    last_modified_func,
    page_key=page_key,
    page_timeout=public_page_timeout,
):
    """Answer conditional GETs, and ask browsers and proxies to always use them.

    Without `no-cache`, a browser may reuse a page for a while on a guess from
    Last-Modified and miss a release published since; with it, every view of
    the page is a conditional GET, which costs one query when nothing changed
    (none once the page is cached).

    The page cache sits between the two: a cached page carries the validators
    it was built with, and ConditionalGetMiddleware answers conditional GETs
    from them, so the queries behind `etag_func` run only when the page is
    built (a release page's validators need the release's row).
    """

    def decorator(view):
        view = condition(etag_func=etag_func, last_modified_func=last_modified_func)(
            view
        )
        view = caching.cache_public_page(key_prefix=page_key, timeout=page_timeout)(
            view
        )
        return cache_control(no_cache=True)(view)

    return decorator


def public_state(request):
    """`Release.objects.public_state()` for this request: kept in the cache
    until the generation moves or the next scheduled release turns public, and
    on the request.

    The latest `publish_at` is part of it so that a scheduled release changes
    the validators the moment it goes public, though nobody saved anything then.
    """
    if not hasattr(request, "_pressroom_public_state"):
        key = caching.key(request, "state")
        state = cache.get(key)
        if state is None:
            state = Release.objects.public_state()
            cache.set(key, state, caching.timeout_until(state["next_scheduled"]))
        request._pressroom_public_state = state
    return request._pressroom_public_state


def public_etag(request, *args, **kwargs):
    state = public_state(request)
    return _etag(state["count"], state["last_changed"], state["last_published"])


def public_last_modified(request, *args, **kwargs):
    state = public_state(request)
    changes = [state["last_changed"], state["last_published"]]
    return max(filter(None, changes), default=None)


def public_tag(request, slug):
    """The tag of a tag page or tag feed (one query, kept on the request)."""
    if not hasattr(request, "_pressroom_tag"):
        request._pressroom_tag = Tag.objects.filter(slug=slug).first()
    return request._pressroom_tag


def tag_etag(request, slug, *args, **kwargs):
    tag = public_tag(request, slug)
    if tag is None:
        return None
    return _etag(public_etag(request), tag.pk, tag.name, tag.description)


def public_release(request, slug):
    """The public release at `slug` with its neighbours, or None (one query).

    With it comes the next scheduled publish time: the page, once cached, must
    not outlive it, as the release turning public then may be a neighbour.
    """
    if not hasattr(request, "_pressroom_release"):
        scheduled = Release.objects.scheduled().values("publish_at")[:1]
        request._pressroom_release = (
            Release.objects.published()
            .with_neighbours()
            .annotate(next_scheduled=Subquery(scheduled))
            .filter(slug=slug)
            .first()
        )
    return request._pressroom_release


def release_etag(request, slug):
    release = public_release(request, slug)
    if release is None:
        return None
    return _etag(
        release.pk,
        release.updated_at,
        release.previous_slug,
        release.previous_title,
        release.next_slug,
        release.next_title,
    )


def release_last_modified(request, slug):
    release = public_release(request, slug)
    return release.updated_at if release else None


def release_page_timeout(request, slug):
    release = public_release(request, slug)
    return caching.timeout_until(release.next_scheduled) if release else 0
