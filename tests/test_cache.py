"""The cache backend CACHE_URL=redis://… selects (django-redis), and the site
with its cache down: pages are built uncached and editors' saves go through."""

import os
import runpy

import pytest
import redis
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse

from newsroom import settings as project_settings
from pressroom.models import Release
from tests.pressroom.factories import ReleaseFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
# Nothing listens on port 1: connections are refused at once.
UNREACHABLE = "redis://127.0.0.1:1/0"


def caches_for(cache_url, monkeypatch):
    """CACHES as the project's settings make them from this CACHE_URL."""
    monkeypatch.setenv("CACHE_URL", cache_url)
    return runpy.run_path(project_settings.__file__)["CACHES"]  # read afresh


def test_a_redis_cache_url_selects_django_redis_ignoring_outages(monkeypatch):
    caches = caches_for(REDIS_URL, monkeypatch)

    assert caches["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert caches["default"]["LOCATION"] == REDIS_URL
    assert caches["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True


@pytest.fixture
def redis_cache(settings, monkeypatch):
    settings.CACHES = caches_for(REDIS_URL, monkeypatch)
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not answering at {REDIS_URL} (CI is set).")
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    cache.clear()
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
    with pytest.raises(ValueError):
        redis_cache.incr("never-set")  # what pressroom/caching.py relies on


# The cache down ----------------------------------------------------------------


@pytest.fixture(
    params=["django-redis", "django"],
    ids=["django-redis (the default)", "Django's RedisCache, which raises"],
)
def cache_down(request, settings, monkeypatch):
    """The cache pointing at a port where nothing answers."""
    if request.param == "django-redis":
        settings.CACHES = caches_for(UNREACHABLE, monkeypatch)
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": UNREACHABLE,
            }
        }
    return request.param


def release_form(release, **changes):
    data = {
        "title_en": release.title,
        "slug": release.slug,
        "dateline_en": release.dateline,
        "summary_en": release.summary,
        "body_en": release.body,
        "status": release.status,
        "publish_at_0": release.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": release.publish_at.strftime("%H:%M:%S"),
        "tags": [],
        **changes,
    }
    for prefix in ["releasemediacontact_set", "gallery_images", "attachments"]:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


@pytest.mark.django_db
def test_an_editor_saves_a_release_while_the_cache_is_down(
    admin_client, django_capture_on_commit_callbacks, cache_down, caplog
):
    release = ReleaseFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:pressroom_release_change", args=[release.pk]),
            release_form(release, title_en="Robotics lab opens"),
        )

    assert response.status_code == 302
    assert Release.objects.get(pk=release.pk).title == "Robotics lab opens"


@pytest.mark.django_db
def test_an_editor_adds_a_release_while_the_cache_is_down(
    admin_client, django_capture_on_commit_callbacks, cache_down
):
    template = ReleaseFactory.build(slug="robotics-lab-opens")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:pressroom_release_add"),
            release_form(template, title_en="Robotics lab opens"),
        )

    assert response.status_code == 302
    assert Release.objects.filter(title="Robotics lab opens").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address", ["/", "/news/", "release", "/news/feed/", "/sitemap.xml"]
)
def test_public_pages_are_built_uncached_while_the_cache_is_down(
    client, settings, monkeypatch, address
):
    settings.CACHES = caches_for(UNREACHABLE, monkeypatch)
    release = ReleaseFactory(title="Science park opens robotics lab")
    address = release.get_absolute_url() if address == "release" else address

    for _ in range(2):
        response = client.get(address)

        assert response.status_code == 200
        assert release.slug in response.content.decode()


def test_a_cached_view_answers_with_either_backend_down(cache_down, rf):
    from pressroom import caching

    @caching.cache_public_page(
        key_prefix=lambda request: caching.key(request, "test"),
        timeout=lambda request: 60,
    )
    def view(request):
        return HttpResponse("built uncached")

    response = view(rf.get("/about/"))

    assert response.status_code == 200
    assert response.content == b"built uncached"
