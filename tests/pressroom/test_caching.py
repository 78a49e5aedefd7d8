"""Public pages are served from the cache, and no visitor ever sees a stale one:
every write shows at once, and a scheduled release appears at its time."""

import datetime
import io

import pytest
import redis
import time_machine
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from pressroom import caching, services
from pressroom.models import ReleaseImage
from tests.pressroom.factories import (
    ReleaseFactory,
    ReleaseImageFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

LOCMEM_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pressroom-caching-tests",
    }
}

PAGES = [
    "/",
    "/news/",
    "/news/?page=2",
    "/news/tag/innovation/",
    "release",
    "/news/feed/",
    "/news/tag/innovation/feed/atom/",
    "/sitemap.xml",
]


@pytest.fixture(autouse=True)
def cache_backend(settings):
    """A real cache, as in production (the other press-room tests run without)."""
    settings.CACHES = LOCMEM_CACHE
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def release():
    """A public release among a dozen, so the news list has a second page."""
    tag = TagFactory(name="Innovation", slug="innovation")
    for day in range(2, 14):
        ReleaseFactory(
            publish_at=timezone.now() - datetime.timedelta(days=day), tags=[tag]
        )
    return ReleaseFactory(title="Science park opens robotics lab", tags=[tag])


def address(page, release):
    return release.get_absolute_url() if page == "release" else page


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_a_repeat_request_is_served_from_the_cache_without_queries(
    client, django_assert_num_queries, release, page
):
    url = address(page, release)
    first = client.get(url)

    with django_assert_num_queries(0):
        again = client.get(url)

    assert again.status_code == first.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("page", PAGES)
def test_pages_reach_the_server_in_one_piece(client, release, page):
    # What a WSGI server iterates and sends, one system call a piece: a feed is
    # written in thousands of small pieces, which made cached feeds 4 times
    # slower to serve than cached pages.
    url = address(page, release)
    for response in (client.get(url), client.get(url)):
        assert len(list(response)) == 1


@pytest.mark.parametrize("page", PAGES)
def test_browsers_are_still_told_to_revalidate_every_time(client, release, page):
    url = address(page, release)
    for response in (client.get(url), client.get(url)):
        assert response["Cache-Control"] == "no-cache"
        assert "Expires" not in response


@pytest.mark.parametrize("page", PAGES)
def test_a_matching_etag_is_answered_304_without_queries_once_cached(
    client, django_assert_num_queries, release, page
):
    url = address(page, release)
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(0):
        again = client.get(url, headers={"if-none-match": etag})

    assert again.status_code == 304
    assert again["Cache-Control"] == "no-cache"


def test_without_a_cache_every_request_builds_its_page(
    client, django_assert_num_queries, settings, release
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    client.get("/")

    # the public-state aggregate, the latest releases, their tags
    with django_assert_num_queries(3):
        client.get("/")


def test_searches_are_not_stored(client, django_assert_num_queries, release):
    client.get("/news/?q=robotics")

    # The state is cached; the filter's tags, the count, the page and its tags are not.
    with django_assert_num_queries(4):
        assert "robotics lab" in html(client, "/news/?q=robotics")


# Writes show at once --------------------------------------------------------------


def test_a_release_published_through_the_service_shows_at_once(
    client, django_capture_on_commit_callbacks, release
):
    draft = ReleaseFactory(title="Harbour ferry goes electric", draft=True)
    assert draft.title not in html(client, "/")
    assert draft.title not in html(client, "/news/")

    with django_capture_on_commit_callbacks(execute=True):
        services.release_publish(release=draft)

    assert draft.title in html(client, "/")
    assert draft.title in html(client, "/news/")
    assert draft.title in html(client, "/news/feed/")


def test_a_title_edited_in_the_admin_shows_at_once(
    client, admin_client, django_capture_on_commit_callbacks, release
):
    assert "Robotics lab opens" not in html(client, release.get_absolute_url())
    data = {
        "title_en": "Robotics lab opens",
        "slug": release.slug,
        "dateline_en": release.dateline,
        "summary_en": release.summary,
        "body_en": release.body,
        "status": "published",
        "publish_at_0": release.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": release.publish_at.strftime("%H:%M:%S"),
        "tags": [tag.pk for tag in release.tags.all()],
    }
    for prefix in ["releasemediacontact_set", "gallery_images", "attachments"]:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:pressroom_release_change", args=[release.pk]), data
        )
    assert response.status_code == 302

    assert "Robotics lab opens" in html(client, release.get_absolute_url())
    assert "Robotics lab opens" in html(client, "/")


def test_a_title_saved_in_the_shell_shows_at_once(
    client, django_capture_on_commit_callbacks, release
):
    html(client, "/news/")
    html(client, release.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        release.title = "Robotics lab opens"
        release.save()

    assert "Robotics lab opens" in html(client, "/news/")
    assert "Robotics lab opens" in html(client, release.get_absolute_url())


def test_a_tag_renamed_through_the_service_shows_at_once(
    client, django_capture_on_commit_callbacks, release
):
    pages = ["/news/tag/innovation/", release.get_absolute_url(), "/news/"]
    for url in pages:
        assert "Innovation and technology" not in html(client, url)

    tag = release.tags.get()
    tag.name = "Innovation and technology"
    with django_capture_on_commit_callbacks(execute=True):
        services.tag_save(tag=tag)

    for url in pages:
        assert "Innovation and technology" in html(client, url), url


def test_a_new_gallery_image_shows_at_once(
    client, django_capture_on_commit_callbacks, release
):
    assert "Guests cut the ribbon" not in html(client, release.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        ReleaseImageFactory(release=release, alt_text="Guests cut the ribbon")

    assert "Guests cut the ribbon" in html(client, release.get_absolute_url())


def test_a_deleted_release_is_gone_at_once(
    client, django_capture_on_commit_callbacks, release
):
    url = release.get_absolute_url()
    assert release.title in html(client, "/")
    assert release.title in html(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        release.delete()

    assert release.title not in html(client, "/")
    assert client.get(url).status_code == 404


def test_rebuilt_renditions_show_at_once(client, release):
    photo = ReleaseImageFactory(release=release, alt_text="Guests cut the ribbon")
    # Lost behind Django's back: the page is built (and cached) without them.
    ReleaseImage.objects.filter(pk=photo.pk).update(renditions={})
    assert "Guests cut the ribbon" not in html(client, release.get_absolute_url())

    call_command("rebuild_renditions", stdout=io.StringIO(), stderr=io.StringIO())

    assert "Guests cut the ribbon" in html(client, release.get_absolute_url())


def test_forgetting_waits_for_the_commit_as_well(django_capture_on_commit_callbacks):
    """Readers between the write and the commit cache what they saw under a
    generation that the commit then leaves behind."""
    request = RequestFactory().get("/")
    before = caching.generation(request)

    with django_capture_on_commit_callbacks() as callbacks:
        caching.forget_public_pages()
    during = caching.generation(RequestFactory().get("/"))
    for callback in callbacks:
        callback()

    after = caching.generation(RequestFactory().get("/"))
    assert len(callbacks) == 1
    assert len({before, during, after}) == 3  # moved in the write, then at commit


# Scheduled releases ---------------------------------------------------------------

NINE_AM = datetime.datetime(2026, 3, 3, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize("page", ["/", "/news/", "/news/feed/", "older release"])
def test_a_scheduled_release_appears_at_its_publish_time_though_pages_were_cached(
    client, django_assert_num_queries, settings, page
):
    # Long enough that only the publish time can end the cached pages.
    settings.PRESSROOM_CACHE_SECONDS = 24 * 60 * 60
    with time_machine.travel(NINE_AM - datetime.timedelta(hours=2), tick=False):
        older = ReleaseFactory(title="Yesterday's news")
        scheduled = ReleaseFactory(
            title="Harbour ferry goes electric", publish_at=NINE_AM
        )
    url = older.get_absolute_url() if page == "older release" else page

    with time_machine.travel(NINE_AM - datetime.timedelta(hours=1), tick=False):
        assert scheduled.title not in html(client, url)
    with time_machine.travel(NINE_AM - datetime.timedelta(seconds=1), tick=False):
        with django_assert_num_queries(0):
            assert scheduled.title not in html(client, url)
    with time_machine.travel(NINE_AM, tick=False):
        assert scheduled.title in html(client, url)


# Only pages every visitor may see are stored --------------------------------------


def plain(request):
    return HttpResponse("the same for everyone")


def with_csrf_token(request):
    return HttpResponse(get_token(request))


def with_session(request):
    return HttpResponse(request.session.get("name", "a visitor"))


def with_cookie(request):
    response = HttpResponse("welcome")
    response.set_cookie("seen", "yes")
    return response


def with_new_message(request):
    messages.info(request, "Saved.")
    return HttpResponse(" ".join(map(str, messages.get_messages(request))))


def visit(view, *, message=None):
    request = RequestFactory().get("/about/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    if message:
        messages.info(request, message)
    return view(request)


@pytest.mark.parametrize(
    "view, message, stored",
    [
        (plain, None, True),
        (with_csrf_token, None, False),
        (with_session, None, False),
        (with_cookie, None, False),
        (with_new_message, None, False),
        (plain, "You are unsubscribed.", False),
    ],
)
def test_only_pages_the_same_for_every_visitor_are_stored(view, message, stored):
    calls = []

    def counted(request):
        calls.append(request)
        return view(request)

    cached = caching.cache_public_page(
        key_prefix=lambda request: caching.key(request, "test"),
        timeout=lambda request: 60,
    )(counted)

    visit(cached, message=message)
    visit(cached)

    assert len(calls) == (1 if stored else 2)


# The cache down ----------------------------------------------------------------


def unreachable(*args, **kwargs):
    raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379.")


def test_a_write_during_a_cache_outage_shows_within_the_cache_seconds(
    client, django_capture_on_commit_callbacks, monkeypatch, settings, release
):
    """The generation's bump is lost, and pages stored before the outage are
    still in the cache after it: they expire by PRESSROOM_CACHE_SECONDS."""
    settings.PRESSROOM_CACHE_SECONDS = 300
    url = release.get_absolute_url()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert release.title in html(client, url)  # now in the cache

        with monkeypatch.context() as outage:
            outage.setattr(LocMemCache, "incr", unreachable)
            outage.setattr(LocMemCache, "set", unreachable)
            with django_capture_on_commit_callbacks(execute=True):
                release.title = "Robotics lab opens"
                release.save()

        traveller.shift(299)
        assert "Robotics lab opens" not in html(client, url)
        traveller.shift(1)
        assert "Robotics lab opens" in html(client, url)


def test_a_lost_bump_leaves_the_other_after_commit_work_running(
    django_capture_on_commit_callbacks, monkeypatch, release
):
    monkeypatch.setattr(LocMemCache, "incr", unreachable)
    sent = []

    with django_capture_on_commit_callbacks(execute=True):
        caching.forget_public_pages()
        transaction.on_commit(lambda: sent.append("the staff notification"))

    assert sent == ["the staff notification"]
