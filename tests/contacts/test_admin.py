import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from contacts.models import ConsentEvent, ConsentWording, Enquiry, ExportLog
from tests.contacts.factories import EnquiryFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:contacts_enquiry_changelist")
EXPORT_URL = reverse("admin:contacts_enquiry_export")


@pytest.fixture
def enquiries(topic):
    return [
        EnquiryFactory(topic=topic, name="Consenting Visitor", marketing_consent=True),
        EnquiryFactory(topic=topic, name="Quiet Visitor"),
    ]


def test_groups_exist_with_their_permissions():
    handlers = set(
        Group.objects.get(name="Enquiry handlers").permissions.values_list(
            "codename", flat=True
        )
    )
    exporters = set(
        Group.objects.get(name="Marketing exporters").permissions.values_list(
            "codename", flat=True
        )
    )

    assert {"view_enquiry", "change_enquiry", "add_consentevent"} <= handlers
    assert "export_consented_contacts" not in handlers
    assert "delete_enquiry" not in handlers
    assert {"view_enquiry", "export_consented_contacts", "view_exportlog"} <= exporters
    assert "change_enquiry" not in exporters


def test_handler_sees_the_list_with_consent_state_in_few_queries(
    client, handler, enquiries, topic, django_assert_max_num_queries
):
    for _ in range(10):
        EnquiryFactory(topic=topic, marketing_consent=True)
    client.force_login(handler)

    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    # Each row's consent column ("Granted" is also in the filter beside the list).
    consent = dict(re.findall(r'field-name">([^<]+)<.*?field-consent">([^<]+)<', html))
    assert consent["Consenting Visitor"] == "Granted"
    assert consent["Quiet Visitor"] == "—"
    assert "Export consented contacts" not in html  # No export permission.


def test_consent_filter_shows_each_state(client, handler, enquiries, topic):
    from contacts import services

    gone = EnquiryFactory(topic=topic, name="Gone Visitor", marketing_consent=True)
    services.consent_withdraw(email=gone.email, source="letter")
    client.force_login(handler)

    def names(state):
        response = client.get(LIST_URL, {"consent": state})
        return {e.name for e in response.context["cl"].result_list}

    assert names("granted") == {"Consenting Visitor"}
    assert names("withdrawn") == {"Gone Visitor"}
    assert names("none") == {"Quiet Visitor"}


def test_handler_edits_status_assignee_notes_but_not_submitted_data(
    client, handler, enquiries
):
    enquiry = enquiries[0]
    client.force_login(handler)
    url = reverse("admin:contacts_enquiry_change", args=[enquiry.pk])

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "status": "in_progress",
            "assignee": handler.pk,
            "internal_notes": "Called back",
            "name": "Changed Name",
            "email": "changed@example.com",
        },
    )

    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "in_progress"
    assert enquiry.assignee == handler
    assert enquiry.internal_notes == "Called back"
    assert enquiry.name == "Consenting Visitor"
    assert enquiry.email != "changed@example.com"
    assert "Granted" in page  # The evidence table.


def test_handler_cannot_export(client, handler, enquiries):
    client.force_login(handler)

    assert client.get(EXPORT_URL).status_code == 403
    assert not ExportLog.objects.exists()


def test_exporter_sees_the_button_and_downloads_an_audited_export(
    client, exporter, enquiries
):
    client.force_login(exporter)

    page = client.get(LIST_URL).content.decode()
    response = client.get(EXPORT_URL)
    body = b"".join(response.streaming_content).decode("utf-8")

    assert "Export consented contacts (CSV)" in page
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    assert body.startswith("\ufeff")
    assert "Consenting Visitor" in body and "Quiet Visitor" not in body
    log = ExportLog.objects.get()
    assert (log.exported_by, log.via, log.row_count) == (exporter, "admin_button", 1)


def test_exporter_cannot_change_enquiries(client, exporter, enquiries):
    client.force_login(exporter)
    url = reverse("admin:contacts_enquiry_change", args=[enquiries[0].pk])

    client.post(url, {"status": "closed"})

    enquiries[0].refresh_from_db()
    assert enquiries[0].status == "new"


def test_export_action_exports_only_the_selection(client, exporter, topic):
    chosen = EnquiryFactory(topic=topic, name="Chosen One", marketing_consent=True)
    EnquiryFactory(topic=topic, name="Not Chosen", marketing_consent=True)
    client.force_login(exporter)

    response = client.post(
        LIST_URL,
        {"action": "export_selected", "_selected_action": [chosen.pk]},
    )
    body = b"".join(response.streaming_content).decode("utf-8")

    assert "Chosen One" in body and "Not Chosen" not in body
    assert ExportLog.objects.get().filters == {"selected_enquiries": 1}


def test_staff_without_a_group_see_no_enquiries(client, enquiries):
    client.force_login(UserFactory(username="comms"))

    assert client.get(LIST_URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403


def test_superuser_sees_everything_including_the_export(client, superuser, enquiries):
    client.force_login(superuser)

    assert client.get(LIST_URL).status_code == 200
    assert client.get(reverse("admin:contacts_exportlog_changelist")).status_code == 200
    assert client.get(EXPORT_URL).status_code == 200


def test_evidence_is_read_only_even_for_superusers(client, superuser, enquiries):
    event = ConsentEvent.objects.get()
    client.force_login(superuser)
    change_url = reverse("admin:contacts_consentevent_change", args=[event.pk])

    page = client.get(change_url).content.decode()
    client.post(change_url, {"email": "x@example.com", "action": "withdrawn"})
    deleted = client.post(
        reverse("admin:contacts_consentevent_delete", args=[event.pk]), {"post": "yes"}
    )

    event.refresh_from_db()
    assert event.email != "x@example.com" and event.action == "granted"
    assert deleted.status_code == 403
    assert event.wording.text in page
    assert 'name="_save"' not in page


def test_handler_records_a_withdrawal_received_by_phone(client, handler, enquiries):
    client.force_login(handler)
    email = enquiries[0].email

    response = client.post(
        reverse("admin:contacts_consentevent_add"),
        {"email": email, "source": "phone", "note": "Phoned on 3 June"},
    )

    assert response.status_code == 302
    event = ConsentEvent.objects.order_by("-pk").first()
    assert (event.action, event.source, event.recorded_by) == (
        "withdrawn",
        "phone",
        handler,
    )
    assert ConsentEvent.objects.current_state(email) == "withdrawn"


def test_editing_wording_in_the_admin_publishes_a_new_version(client, superuser):
    client.force_login(superuser)
    add_url = reverse("admin:contacts_consentwording_add")

    assert "events, programmes and newsletters" in client.get(add_url).content.decode()
    client.post(
        add_url,
        {"purpose": "direct_marketing", "language": "en", "text": "Wording v2."},
    )

    assert list(
        ConsentWording.objects.filter(language="en").values_list("version", flat=True)
    ) == [2, 1]
    assert ConsentWording.objects.current().text == "Wording v2."


def test_resend_action_sends_the_emails_again(client, handler, enquiries, mailoutbox):
    client.force_login(handler)

    response = client.post(
        LIST_URL,
        {"action": "resend_emails", "_selected_action": [enquiries[1].pk]},
        follow=True,
    )

    assert "Emails sent for 1 enquiry." in response.content.decode()
    assert len(mailoutbox) == 2
    assert Enquiry.objects.get(pk=enquiries[1].pk).email_status == "sent"
