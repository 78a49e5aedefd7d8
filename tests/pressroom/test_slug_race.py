"""Two releases with the same title saved at once both get a slug of their own."""

import pytest

from pressroom.models import Release
from tests.concurrency import postgresql_only, race
from tests.pressroom.factories import ReleaseFactory

pytestmark = [
    postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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
