"""Pages and feeds are fetched afresh when a tag or media contact they show is
edited in the admin, though the releases themselves were not saved."""

import pytest
from django.urls import reverse

from pressroom import services
from pressroom.models import Release
from tests.pressroom.factories import MediaContactFactory, ReleaseFactory, TagFactory

pytestmark = pytest.mark.django_db

PAGES = ["release", "/news/", "/", "/news/tag/innovation/", "/news/feed/"]


@pytest.fixture
def release():
    return ReleaseFactory(
        tags=[TagFactory(name="Innovation", slug="innovation")],
        media_contacts=[MediaContactFactory(name="Ada Wong", phone="+852 2629 6802")],
    )


def conditional_get(client, url, etag):
    return client.get(url, headers={"if-none-match": etag})


@pytest.mark.parametrize("page", PAGES)
def test_renaming_a_tag_in_the_admin_refreshes_the_pages_showing_it(
    client, admin_client, release, page
):
    url = release.get_absolute_url() if page == "release" else page
    etag = client.get(url)["ETag"]
    assert conditional_get(client, url, etag).status_code == 304

    tag = release.tags.get()
    response = admin_client.post(
        reverse("admin:pressroom_tag_change", args=[tag.pk]),
        {
            "name_en": "Innovation and technology",
            "slug": "innovation",
            "description_en": "",
        },
    )
    assert response.status_code == 302

    again = conditional_get(client, url, etag)
    assert again.status_code == 200
    assert "Innovation and technology" in again.content.decode()


def test_a_contacts_new_phone_number_in_the_admin_refreshes_the_release_page(
    client, admin_client, release
):
    url = release.get_absolute_url()
    etag = client.get(url)["ETag"]
    contact = release.media_contacts.get()

    response = admin_client.post(
        reverse("admin:pressroom_mediacontact_change", args=[contact.pk]),
        {
            "name": "Ada Wong",
            "role_en": contact.role,
            "organisation_en": contact.organisation,
            "email": contact.email,
            "phone": "+852 3000 1234",
            "is_active": "on",
        },
    )
    assert response.status_code == 302

    again = conditional_get(client, url, etag)
    assert again.status_code == 200
    html = again.content.decode()
    assert "+852 3000 1234" in html and "+852 2629 6802" not in html


@pytest.mark.parametrize("how", ["delete view", "bulk action"])
def test_deleting_a_tag_in_the_admin_refreshes_the_pages_that_linked_to_it(
    client, admin_client, release, how
):
    url = release.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    assert "/news/tag/innovation/" in first.content.decode()
    tag = release.tags.get()

    if how == "delete view":
        response = admin_client.post(
            reverse("admin:pressroom_tag_delete", args=[tag.pk]), {"post": "yes"}
        )
    else:
        response = admin_client.post(
            reverse("admin:pressroom_tag_changelist"),
            {"action": "delete_selected", "_selected_action": [tag.pk], "post": "yes"},
        )
    assert response.status_code == 302

    again = conditional_get(client, url, etag)
    assert again.status_code == 200
    assert "/news/tag/innovation/" not in again.content.decode()


def test_touching_releases_is_one_update_and_spares_the_others(
    django_assert_num_queries, release
):
    other = ReleaseFactory(tags=[TagFactory(slug="events")])
    before = {r.pk: r.updated_at for r in Release.objects.all()}
    tags, contacts = list(release.tags.all()), list(release.media_contacts.all())

    with django_assert_num_queries(1):
        touched = services.releases_touch(tags=tags, media_contacts=contacts)

    assert touched == 1
    release.refresh_from_db()
    other.refresh_from_db()
    assert release.updated_at > before[release.pk]
    assert other.updated_at == before[other.pk]
