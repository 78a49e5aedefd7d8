"""The acknowledgement and the staff notification succeed or fail on their own."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from contacts import services
from contacts.models import EmailStatus, Enquiry
from tests.contacts.factories import EnquiryFactory

pytestmark = pytest.mark.django_db

VISITOR = "chan.taiman@example.com"
STAFF = "enquiries@newsroom.test"
SUBMITTED = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=datetime.UTC)
RESENT = SUBMITTED + datetime.timedelta(minutes=30)


class RefusingEmailBackend(EmailBackend):
    """locmem, except that the mail server refuses the addresses in `refused`."""

    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            refused = set(message.recipients()) & self.refused
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(refused, (550, b"No such user"))
                )
        return super().send_messages(messages)


@pytest.fixture
def refusing_backend(settings, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"
    monkeypatch.setattr(RefusingEmailBackend, "refused", set())
    return RefusingEmailBackend


def submit(topic, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(SUBMITTED, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        enquiry = EnquiryFactory(topic=topic, email=VISITOR)
    enquiry.refresh_from_db()
    return enquiry


def test_refused_acknowledgement_fails_the_enquiry_though_staff_were_notified(
    topic, refusing_backend, django_capture_on_commit_callbacks
):
    refusing_backend.refused = {VISITOR}

    enquiry = submit(topic, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[STAFF]]
    assert enquiry.email_status == EmailStatus.FAILED
    assert enquiry.email_error == "acknowledgement: SMTPRecipientsRefused"
    assert enquiry.acknowledged_at is None
    assert enquiry.staff_notified_at == SUBMITTED


def test_refused_notification_fails_the_enquiry_though_the_visitor_was_answered(
    topic, refusing_backend, django_capture_on_commit_callbacks
):
    refusing_backend.refused = {STAFF}

    enquiry = submit(topic, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[VISITOR]]
    assert enquiry.email_status == EmailStatus.FAILED
    assert enquiry.email_error == "staff notification: SMTPRecipientsRefused"
    assert enquiry.acknowledged_at == SUBMITTED
    assert enquiry.staff_notified_at is None


def test_resend_from_the_admin_sends_only_the_email_that_failed(
    client, handler, topic, refusing_backend, django_capture_on_commit_callbacks
):
    refusing_backend.refused = {VISITOR}
    enquiry = submit(topic, django_capture_on_commit_callbacks)
    refusing_backend.refused = set()
    mail.outbox.clear()
    client.force_login(handler)

    with time_machine.travel(RESENT, tick=False):
        response = client.post(
            reverse("admin:contacts_enquiry_changelist"),
            {"action": "resend_emails", "_selected_action": [enquiry.pk]},
            follow=True,
        )

    assert "Emails sent for 1 enquiry." in response.content.decode()
    assert [message.to for message in mail.outbox] == [[VISITOR]]  # Staff: once.
    enquiry.refresh_from_db()
    assert enquiry.email_status == EmailStatus.SENT
    assert enquiry.email_error == ""
    assert enquiry.acknowledged_at == RESENT
    assert enquiry.staff_notified_at == SUBMITTED


def test_resend_that_fails_again_keeps_the_enquiry_failed(
    client, handler, topic, refusing_backend, django_capture_on_commit_callbacks
):
    refusing_backend.refused = {STAFF}
    enquiry = submit(topic, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    client.force_login(handler)

    response = client.post(
        reverse("admin:contacts_enquiry_changelist"),
        {"action": "resend_emails", "_selected_action": [enquiry.pk]},
        follow=True,
    )

    assert "Sending failed again for 1 enquiry." in response.content.decode()
    assert mail.outbox == []  # The visitor is not acknowledged twice.
    assert Enquiry.objects.get(pk=enquiry.pk).email_status == EmailStatus.FAILED


def test_a_backend_that_reports_nothing_sent_counts_as_a_failure(
    topic, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # Backends opened with fail_silently (or some providers' APIs) return 0
    # instead of raising; that must not be recorded as sent.
    monkeypatch.setattr(EmailBackend, "send_messages", lambda self, messages: 0)

    enquiry = submit(topic, django_capture_on_commit_callbacks)

    assert enquiry.email_status == EmailStatus.FAILED
    assert enquiry.email_error == (
        "acknowledgement: EmailNotSent; staff notification: EmailNotSent"
    )
    assert services.enquiry_send_emails(enquiry_id=enquiry.pk) is False


def test_staff_notification_links_to_the_enquiry_in_the_admin(
    client, handler, topic, django_capture_on_commit_callbacks
):
    enquiry = submit(topic, django_capture_on_commit_callbacks)
    (notification,) = [m for m in mail.outbox if m.to == [STAFF]]
    change_path = reverse("admin:contacts_enquiry_change", args=[enquiry.pk])

    assert f"https://news.example.com{change_path}" in notification.body
    client.force_login(handler)
    assert client.get(change_path).status_code == 200
