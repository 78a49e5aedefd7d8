"""Enquiry handlers choose who handles an enquiry among the staff who can."""

import pytest
from django.urls import reverse

from contacts.models import Enquiry
from tests.contacts.factories import EnquiryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiry(topic):
    return EnquiryFactory(topic=topic)


def assignee_options(response):
    field = response.context["adminform"].form.fields["assignee"]
    return {str(user) for user in field.queryset}


def test_handler_can_choose_an_assignee_among_the_enquiry_handlers(
    client, handler, superuser, enquiry
):
    colleague = UserFactory(username="colleague", groups=["Enquiry handlers"])
    UserFactory(username="editor", groups=["Comms editors"])
    UserFactory(username="gone", groups=["Enquiry handlers"], is_active=False)
    client.force_login(handler)
    url = reverse("admin:contacts_enquiry_change", args=[enquiry.pk])

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{colleague.pk}">colleague</option>' in html
    assert assignee_options(response) == {"handler", "colleague", "boss"}
    response = client.post(
        url, {"status": "in_progress", "assignee": colleague.pk, "internal_notes": ""}
    )
    assert response.status_code == 302
    assert Enquiry.objects.get().assignee == colleague


def test_someone_no_longer_handling_enquiries_stays_shown_as_the_assignee(
    client, handler, enquiry
):
    former = UserFactory(username="former", groups=["Enquiry handlers"])
    Enquiry.objects.filter(pk=enquiry.pk).update(assignee=former)
    former.groups.clear()
    client.force_login(handler)
    url = reverse("admin:contacts_enquiry_change", args=[enquiry.pk])

    response = client.get(url)

    assert "former" in assignee_options(response)
    response = client.post(
        url, {"status": "closed", "assignee": former.pk, "internal_notes": ""}
    )
    assert response.status_code == 302
    assert Enquiry.objects.get().status == "closed"


def test_handler_cannot_pick_staff_who_do_not_handle_enquiries(
    client, handler, enquiry
):
    editor = UserFactory(username="editor", groups=["Comms editors"])
    client.force_login(handler)
    url = reverse("admin:contacts_enquiry_change", args=[enquiry.pk])

    response = client.post(
        url, {"status": "new", "assignee": editor.pk, "internal_notes": ""}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Enquiry.objects.get().assignee is None


def test_handler_still_cannot_browse_users(client, handler):
    client.force_login(handler)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "contacts", "model_name": "enquiry", "field_name": "assignee"},
    )
    assert response.status_code == 403


def test_the_choice_works_with_a_second_authentication_backend(
    client, handler, enquiry, settings
):
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "django.contrib.auth.backends.AllowAllUsersModelBackend",
    ]
    client.force_login(handler, backend=settings.AUTHENTICATION_BACKENDS[0])

    response = client.get(reverse("admin:contacts_enquiry_change", args=[enquiry.pk]))

    assert response.status_code == 200
    assert "handler" in assignee_options(response)
