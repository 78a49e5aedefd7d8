"""What the public may see: one rule, `ReleaseQuerySet`, followed everywhere.

A release is public when its status is Published and its publish time has
come, and scheduled while that time is still ahead. Any other status, today's
Draft or one added later, keeps a release off every page, feed and sitemap.
"""

import datetime

import pytest
import time_machine

from pressroom.models import Release
from tests.pressroom.factories import ReleaseFactory, TagFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
# A status the site does not know yet ("archived", "withdrawn", …): statuses
# must be able to grow without a new one turning public by accident.
NEW_STATUS = "archived"


def hours(number):
    return NOW + datetime.timedelta(hours=number)


@time_machine.travel(NOW, tick=False)
def test_scheduled_releases_are_the_published_ones_still_to_come_soonest_first():
    later = ReleaseFactory(publish_at=hours(48))
    sooner = ReleaseFactory(publish_at=hours(1))
    ReleaseFactory(publish_at=hours(-1))
    ReleaseFactory(draft=True, publish_at=hours(2))

    assert list(Release.objects.scheduled()) == [sooner, later]

    with time_machine.travel(hours(1), tick=False):
        # At its publish time a release is public, and no longer scheduled.
        assert list(Release.objects.scheduled()) == [later]
        assert sooner in Release.objects.published()


@pytest.mark.parametrize("status", [*Release.Status.values, NEW_STATUS])
@pytest.mark.parametrize("offset", [-1, 0, 1])
@time_machine.travel(NOW, tick=False)
def test_a_release_and_the_queries_agree_on_whether_it_is_public(status, offset):
    release = ReleaseFactory(publish_at=hours(offset))
    Release.objects.filter(pk=release.pk).update(status=status)
    release.refresh_from_db()

    assert release.is_public == Release.objects.published().contains(release)
    assert release.is_scheduled == Release.objects.scheduled().contains(release)
    assert not (release.is_public and release.is_scheduled)


def test_a_release_with_a_status_the_site_does_not_know_is_never_shown(client):
    tag = TagFactory(slug="innovation")
    shown = ReleaseFactory(title="Harbour news", tags=[tag])
    etag = client.get("/news/")["ETag"]
    hidden = ReleaseFactory(title="Archived harbour news", tags=[tag])
    Release.objects.filter(pk=hidden.pk).update(status=NEW_STATUS)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    pages = [
        "/",
        "/news/",
        "/news/?q=harbour",
        f"/news/?year={hidden.publish_at.year}",
        "/news/tag/innovation/",
        "/news/feed/",
        "/news/feed/atom/",
        "/news/tag/innovation/feed/",
        "/news/tag/innovation/feed/atom/",
        "/sitemap.xml",
        shown.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert hidden.slug not in response.content.decode(), url
        assert hidden.title not in response.content.decode(), url
    assert "1 release" in client.get("/news/").content.decode()
    # The list's validators count what is public: it has not changed.
    assert client.get("/news/")["ETag"] == etag
