import datetime
import logging

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError

from contacts import antispam, services
from contacts.models import (
    ConsentEvent,
    ConsentSource,
    ConsentWording,
    EmailStatus,
    Enquiry,
)
from tests.contacts.factories import EnquiryFactory

pytestmark = pytest.mark.django_db


def test_ticked_consent_records_evidence_with_time_wording_version_and_source(
    client, form_data
):
    form_data["marketing_consent"] = "on"
    wording = ConsentWording.objects.current()

    with time_machine.travel("2025-06-02 09:30:00+08:00", tick=False):
        form_data["form_token"] = antispam.sign_form_token(wording_id=wording.pk)
        response = client.post(
            "/contact/",
            form_data,
            REMOTE_ADDR="203.0.113.5",
            HTTP_USER_AGENT="Mozilla/5.0 Test",
        )

    assert response.status_code == 302
    event = ConsentEvent.objects.get()
    enquiry = Enquiry.objects.get()
    assert event.action == "granted"
    assert event.purpose == "direct_marketing"
    assert event.email == "chan.taiman@example.com"
    assert event.recorded_at == datetime.datetime(
        2025, 6, 2, 1, 30, tzinfo=datetime.UTC
    )
    assert event.wording == wording
    assert event.wording.version == 1
    assert event.wording.sha256 == ConsentWording.digest(event.wording.text)
    assert event.source == ConsentSource.CONTACT_FORM
    assert event.source_url == "http://testserver/contact/"
    assert event.ip_address == "203.0.113.5"
    assert event.user_agent == "Mozilla/5.0 Test"
    assert event.enquiry == enquiry


def test_evidence_names_the_wording_shown_even_if_a_new_version_is_published(
    client, form_data
):
    shown = ConsentWording.objects.current()
    services.consent_wording_create(text="New wording, version two.")
    form_data["marketing_consent"] = "on"

    client.post("/contact/", form_data)

    assert ConsentEvent.objects.get().wording == shown


def test_new_wording_is_a_new_version_and_old_evidence_keeps_the_old_text(topic):
    old = ConsentWording.objects.current()
    EnquiryFactory(topic=topic, marketing_consent=True)

    new = services.consent_wording_create(text="Updated wording.")

    assert (old.version, new.version) == (1, 2)
    assert new.sha256 == ConsentWording.digest("Updated wording.")
    assert ConsentWording.objects.current() == new
    evidence = ConsentEvent.objects.get()
    assert evidence.wording.text == old.text
    assert evidence.wording.version == 1


def test_evidence_and_wording_cannot_be_updated(topic):
    EnquiryFactory(topic=topic, marketing_consent=True)
    event = ConsentEvent.objects.get()
    event.action = "withdrawn"

    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        ConsentEvent.objects.update(action="withdrawn")
    wording = ConsentWording.objects.current()
    wording.text = "Rewritten history"
    with pytest.raises(TypeError, match="append-only"):
        wording.save()
    assert ConsentEvent.objects.get().action == "granted"


def test_enquiry_and_evidence_are_stored_together_or_not_at_all(topic, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(ConsentEvent, "save", broken_save)

    with pytest.raises(IntegrityError):
        EnquiryFactory(topic=topic, marketing_consent=True)

    assert not Enquiry.objects.exists()


def test_emails_go_out_after_commit_with_unsubscribe_link(
    topic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = EnquiryFactory(topic=topic, name="Chan Tai Man")

    acknowledgement, notification = mail.outbox
    assert acknowledgement.to == [enquiry.email]
    assert "We have received your enquiry" in acknowledgement.subject
    assert "https://news.example.com/contact/unsubscribe/" in acknowledgement.body
    html, mimetype = acknowledgement.alternatives[0]
    assert mimetype == "text/html" and "/contact/unsubscribe/" in html
    assert notification.to == ["enquiries@newsroom.test"]
    assert notification.reply_to == [enquiry.email]
    assert "Chan Tai Man" in notification.body
    enquiry.refresh_from_db()
    assert enquiry.email_status == EmailStatus.SENT


def test_no_email_is_sent_before_the_transaction_commits(
    topic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        EnquiryFactory(topic=topic)

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_failing_email_keeps_the_enquiry_logs_without_personal_data_and_can_resend(
    topic, django_capture_on_commit_callbacks, monkeypatch, caplog, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # Nothing listens.
    caplog.set_level(logging.INFO, logger="contacts")

    with django_capture_on_commit_callbacks(execute=True):
        enquiry = EnquiryFactory(
            topic=topic, name="Secret Name", email="secret@example.com"
        )

    enquiry.refresh_from_db()
    assert enquiry.email_status == EmailStatus.FAILED
    assert enquiry.email_error == (
        "acknowledgement: ConnectionRefusedError; "
        "staff notification: ConnectionRefusedError"
    )
    assert f"enquiry {enquiry.pk}" in caplog.text
    assert "secret@example.com" not in caplog.text
    assert "Secret Name" not in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.enquiry_send_emails(enquiry_id=enquiry.pk) is True
    enquiry.refresh_from_db()
    assert enquiry.email_status == EmailStatus.SENT
    assert len(mail.outbox) == 2


def test_withdrawal_is_recorded_once_and_derives_the_current_state(topic):
    enquiry = EnquiryFactory(topic=topic, marketing_consent=True)
    assert ConsentEvent.objects.current_state(enquiry.email) == "granted"

    first = services.consent_withdraw(
        email=enquiry.email.upper(), source=ConsentSource.PHONE, note="Call 3 June"
    )
    again = services.consent_withdraw(email=enquiry.email, source=ConsentSource.PHONE)

    assert first.action == "withdrawn"
    assert again is None
    assert ConsentEvent.objects.current_state(enquiry.email) == "withdrawn"
    assert ConsentEvent.objects.count() == 2


def test_a_later_grant_after_withdrawal_makes_consent_stand_again(topic):
    enquiry = EnquiryFactory(topic=topic, marketing_consent=True)
    services.consent_withdraw(email=enquiry.email, source=ConsentSource.LETTER)

    EnquiryFactory(topic=topic, email=enquiry.email, marketing_consent=True)

    assert ConsentEvent.objects.current_state(enquiry.email) == "granted"
