import datetime

import pytest
from django.utils import timezone

from tests.pressroom.factories import (
    MediaContactFactory,
    ReleaseAttachmentFactory,
    ReleaseFactory,
    ReleaseImageFactory,
    TagFactory,
)

DUMMY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def cache_backend(settings):
    """No cache, as with CACHE_URL=dummycache://: every request builds its page,
    so the query counts asserted here are what a page costs when it is built.
    test_caching.py, which tests the cached pages, overrides this fixture."""
    settings.CACHES = DUMMY_CACHE


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://news.example.com"
    return settings.SITE_URL


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def make_releases():
    """Create `count` public releases, one a day going back, newest first."""

    def make(count, **kwargs):
        return [
            ReleaseFactory(publish_at=days_ago(day + 1), **kwargs)
            for day in range(count)
        ]

    return make


@pytest.fixture
def full_release():
    """A public release with everything a release page shows."""
    innovation = TagFactory(name="Innovation", slug="innovation")
    sustainability = TagFactory(name="Sustainability", slug="sustainability")
    release = ReleaseFactory(
        with_hero=True,
        title="Science park continues its commitment to sustainable growth",
        subtitle="New green building standard for all tenants",
        summary="The science park sets a new standard for green buildings.",
        body="<p>The park today announced its plan.</p><blockquote><p>“We are "
        "committed,” said the chair.</p></blockquote>",
        dateline="Hong Kong",
        publish_at=datetime.datetime(2021, 2, 24, 10, 0, tzinfo=datetime.UTC),
        tags=[innovation, sustainability],
        media_contacts=[
            MediaContactFactory(name="Ada Wong", phone="+852 2629 6802"),
            MediaContactFactory(name="Ben Chan"),
        ],
    )
    ReleaseImageFactory(release=release, alt_text="Guests cut the ribbon")
    ReleaseImageFactory(release=release, alt_text="The new green building")
    ReleaseAttachmentFactory(release=release, title="Green building fact sheet")
    return release
