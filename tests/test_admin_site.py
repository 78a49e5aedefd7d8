"""The project's admin site (newsroom/admin.py)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from contacts.models import ExportLog
from pressroom.models import Release
from tests.pressroom.factories import ReleaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_in(client, django_user_model):
    """Sign in as a staff member of one of the demo's groups."""

    def sign_in(group_name):
        user = django_user_model.objects.create_user(
            "staff", "staff@example.com", "pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return client

    return sign_in


def view_on_site(release):
    content_type = ContentType.objects.get_for_model(Release)
    return f"/admin/r/{content_type.pk}/{release.pk}/"


@pytest.mark.parametrize("group_name", ["Enquiry handlers", "Marketing exporters"])
def test_staff_without_permission_on_releases_cannot_learn_a_drafts_slug(
    sign_in, group_name
):
    draft = ReleaseFactory(title="Merger with Harbour Holdings", draft=True)
    public = ReleaseFactory()

    client = sign_in(group_name)
    for release in (draft, public):
        response = client.get(view_on_site(release))

        assert response.status_code == 404
        assert "Location" not in response
        assert draft.slug not in response.content.decode()


def test_editors_are_sent_where_the_admin_sends_them(sign_in):
    draft = ReleaseFactory(title="Merger with Harbour Holdings", draft=True)

    response = sign_in("Comms editors").get(view_on_site(draft))

    assert response.status_code == 302
    assert response["Location"].endswith(draft.get_absolute_url())


@pytest.mark.parametrize("address", ["/admin/r/999999/1/", "/admin/r/nothing/1/"])
def test_an_unknown_content_type_is_a_404(admin_client, address):
    assert admin_client.get(address).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(view_on_site(ReleaseFactory(draft=True)))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_header_is_made_when_a_page_is_shown(admin_client, settings):
    # Made once at import, it could be neither translated nor follow SITE_NAME.
    settings.SITE_NAME = "Harbour Authority Newsroom"

    page = admin_client.get("/admin/").content.decode()

    assert "Harbour Authority Newsroom administration</a>" in page
    assert "<title>Site administration | Harbour Authority Newsroom</title>" in page


IMPOSSIBLE_DATES = [
    "__year=9999",
    "__year=9999&{field}__month=12",
    "__year=1",
    "__year=0",
    "__year=-5",
    "__year=2026&{field}__month=13",
    "__year=2026&{field}__month=2&{field}__day=99",
    "__year=%C2%B2",  # a superscript two, which int() refuses
]


@pytest.mark.parametrize("query", IMPOSSIBLE_DATES)
@pytest.mark.parametrize(
    ("list_url", "field"),
    [
        ("/admin/contacts/enquiry/", "submitted_at"),
        ("/admin/contacts/consentevent/", "recorded_at"),
        ("/admin/axes/accessattempt/", "attempt_time"),
        ("/admin/pressroom/release/", "publish_at"),
    ],
)
def test_every_lists_date_drill_down_answers_an_impossible_date_with_the_list(
    admin_client, list_url, field, query
):
    response = admin_client.get(f"{list_url}?{field}{query.format(field=field)}")

    # As Django answers any lookup it cannot make: the unfiltered list.
    assert response.status_code == 302
    assert response["Location"] == f"{list_url}?e=1"
    assert admin_client.get(response["Location"]).status_code == 200


def test_the_export_of_an_impossible_date_exports_nothing_and_says_so(admin_client):
    response = admin_client.get(
        "/admin/contacts/enquiry/export/?submitted_at__year=9999"
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/contacts/enquiry/?e=1"
    assert not ExportLog.objects.exists()


def test_a_possible_date_still_drills_down(admin_client):
    ReleaseFactory(publish_at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC))
    ReleaseFactory(publish_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC))

    response = admin_client.get("/admin/pressroom/release/?publish_at__year=2024")

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("selected", ["abc", "1.5", "", "9" * 30])
def test_an_action_posted_with_ids_that_are_not_ids_shows_the_list_again(
    admin_client, selected
):
    release = ReleaseFactory(draft=True)

    response = admin_client.post(
        "/admin/pressroom/release/",
        {"action": "publish_now", "_selected_action": [str(release.pk), selected]},
        follow=True,
    )

    assert response.status_code == 200
    assert "The selection was not understood; no action was run." in (
        response.content.decode()
    )
    release.refresh_from_db()
    assert release.status == Release.Status.DRAFT
