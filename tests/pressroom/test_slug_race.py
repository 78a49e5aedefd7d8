"""Two releases with the same title saved at once both get a slug of their own."""

import pytest

from pressroom.models import Release
from tests.concurrency import postgresql_only, race
from tests.pressroom.factories import ReleaseFactory


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_releases_with_one_title_saved_at_once_get_different_slugs():
    outcomes = race(
        lambda: ReleaseFactory(title="Harbour festival opens"),
        lambda: ReleaseFactory(title="Harbour festival opens"),
    )

    assert [error for _result, error in outcomes] == [None, None]
    assert sorted(Release.objects.values_list("slug", flat=True)) == [
        "harbour-festival-opens",
        "harbour-festival-opens-2",
    ]


@pytest.mark.django_db
def test_a_slug_taken_between_the_check_and_the_save_is_retried(monkeypatch):
    """The same path on any database: the check missed a release saved meanwhile."""
    ReleaseFactory(title="Harbour festival opens")
    checks = []
    real_unique_slug = Release._unique_slug

    def unique_slug_that_missed_the_other_release(release):
        checks.append(release.title)
        if len(checks) == 1:
            return "harbour-festival-opens"  # What a concurrent check would see.
        return real_unique_slug(release)

    monkeypatch.setattr(
        Release, "_unique_slug", unique_slug_that_missed_the_other_release
    )

    release = ReleaseFactory(title="Harbour festival opens")

    assert release.slug == "harbour-festival-opens-2"
    assert len(checks) == 2
    assert Release.objects.count() == 2
