"""
Publish times at the edges of the calendar: refused in the admin with a message,
refused by the database however the row is written, and never a 500 on a public
page, a feed, the sitemap or the release's admin pages.
"""

import datetime
import importlib
import xml.etree.ElementTree as ET

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from pressroom.models import EARLIEST_PUBLISH_AT, LATEST_PUBLISH_AT, Release
from tests.pressroom.factories import ReleaseFactory, TagFactory
from tests.pressroom.test_admin import ADD_URL, LIST_URL, release_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "date", ["0001-01-01", "1899-12-30", "2101-01-02", "9999-12-31"]
)
def test_admin_refuses_a_publish_time_outside_the_years_1900_to_2100(
    admin_client, date
):
    response = admin_client.post(
        ADD_URL, release_form(publish_at_0=date, publish_at_1="12:00:00")
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["publish_at"] == [
        "Choose a publish time between the years 1900 and 2100. Please check the year."
    ]
    assert form.errors.as_data()["publish_at"][0].code == "publish_at_out_of_range"
    # What the editor typed is still there to correct.
    assert form["title_en"].value() == "Science park opens robotics lab"
    assert not Release.objects.exists()


@pytest.mark.parametrize("date", ["1900-01-02", "2100-12-31"])
def test_admin_accepts_publish_times_in_the_first_and_last_year(admin_client, date):
    response = admin_client.post(
        ADD_URL, release_form(publish_at_0=date, publish_at_1="12:00:00")
    )

    assert response.status_code == 302
    assert Release.objects.get().publish_at.year == int(date[:4])


@pytest.mark.parametrize("field", ["publish_at", "created_at", "updated_at"])
@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
        EARLIEST_PUBLISH_AT - datetime.timedelta(microseconds=1),
        LATEST_PUBLISH_AT,
        datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC),
    ],
)
def test_database_refuses_a_date_out_of_range_written_behind_the_forms(field, value):
    release = ReleaseFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.filter(pk=release.pk).update(**{field: value})


@pytest.mark.parametrize("field", ["publish_at", "created_at", "updated_at"])
def test_database_refuses_year_one_written_in_raw_sql(field):
    release = ReleaseFactory()
    # On PostgreSQL, year 1 in Hong Kong is stored as year 0 (1 BC) in UTC,
    # which no Python datetime can read: every page showing it was a 500.
    value = (
        "0001-01-01 00:00:00+08"
        if connection.vendor == "postgresql"
        else "0001-01-01 00:00:00"
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE pressroom_release SET {field} = %s WHERE id = %s",
                [value, release.pk],
            )


@pytest.fixture
def edge_releases():
    tag = TagFactory(slug="edges")
    first = ReleaseFactory(title="First", publish_at=EARLIEST_PUBLISH_AT, tags=[tag])
    last = ReleaseFactory(
        title="Last",
        publish_at=LATEST_PUBLISH_AT - datetime.timedelta(seconds=1),
        tags=[tag],
    )
    return first, last


def test_public_pages_feeds_and_sitemap_work_with_releases_at_both_edges(
    client, edge_releases
):
    first, _last = edge_releases

    for url in [
        "/",
        "/news/",
        "/news/?year=1900",
        "/news/tag/edges/",
        first.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url
    assert "First" in client.get("/news/?year=1900").content.decode()
    for url in ["/news/feed/", "/news/feed/atom/", "/news/tag/edges/feed/"]:
        ET.fromstring(client.get(url).content)
    ET.fromstring(client.get("/sitemap.xml").content)


def test_admin_list_and_change_pages_work_with_releases_at_both_edges(
    admin_client, edge_releases
):
    for release in edge_releases:
        change_url = reverse("admin:pressroom_release_change", args=[release.pk])
        assert admin_client.get(change_url).status_code == 200
    for query in ["", "?year=1900", "?year=2100", "?publish_at__year=2100"]:
        response = admin_client.get(f"{LIST_URL}{query}")
        assert response.status_code == 200, query
    response = admin_client.get(f"{LIST_URL}?publish_at__year=1900")
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize(
    "query",
    [
        "year=1",
        "year=0",
        "year=99999",
        "year=%C2%B2",  # a superscript two, which str.isdigit() accepts
        "publish_at__year=1",
        "publish_at__year=9999",
        "publish_at__year=9999&publish_at__month=12",
        "publish_at__year=-5",
        "publish_at__year=99999999999999999999",
    ],
)
def test_admin_list_answers_an_impossible_year_with_the_unfiltered_list(
    admin_client, query
):
    ReleaseFactory()

    response = admin_client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?e=1"
    assert admin_client.get(response["Location"]).context["cl"].result_count == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL stores year 0; SQLite cannot drop a constraint in a test",
)
def test_migration_turns_releases_stored_out_of_range_into_drafts_at_the_bound():
    from django.apps import apps

    repair = importlib.import_module(
        "pressroom.migrations.0010_release_dates_in_range"
    ).repair_out_of_range_publish_times
    early, late, fine = ReleaseFactory(), ReleaseFactory(), ReleaseFactory()
    constraints = [c for c in Release._meta.constraints if c.name.endswith("_in_range")]
    with connection.cursor() as cursor:
        # The test's inserts leave deferred foreign-key checks pending, which
        # PostgreSQL will not alter a table with.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        for constraint in constraints:
            editor.remove_constraint(Release, constraint)
        with connection.cursor() as cursor:
            # As the admin stored "1 January 0001, 00:00" in Hong Kong time.
            cursor.execute(
                "UPDATE pressroom_release SET publish_at = %s WHERE id = %s",
                ["0001-01-01 00:00:00+08", early.pk],
            )
            cursor.execute(
                "UPDATE pressroom_release SET publish_at = %s, updated_at = %s "
                "WHERE id = %s",
                ["9999-12-31 23:59:00+00", "0001-01-01 00:00:00+08", late.pk],
            )
        repair(apps, editor)
        for constraint in constraints:
            editor.add_constraint(Release, constraint)

    early.refresh_from_db()
    late.refresh_from_db()
    fine.refresh_from_db()
    assert (early.status, early.publish_at) == ("draft", EARLIEST_PUBLISH_AT)
    assert late.status == "draft"
    assert late.publish_at == LATEST_PUBLISH_AT - datetime.timedelta(seconds=1)
    assert late.updated_at == EARLIEST_PUBLISH_AT
    assert fine.status == "published"
