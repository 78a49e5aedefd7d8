"""
A mail server that accepts the connection and never answers: the visitor
still gets the thanks page, and the enquiry is failed (resendable), not
pending for ever.
"""

import datetime
import re
import runpy
import socket
import threading
import time

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from contacts import services
from contacts.models import EmailStatus, Enquiry
from newsroom import settings as settings_module
from tests.contacts.factories import EnquiryFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:contacts_enquiry_changelist")


@pytest.fixture
def silent_mail_server():
    """
    A real TCP server on loopback that accepts connections and never says a
    word (no SMTP greeting). It hangs up after 30 seconds, so that code
    without a timeout fails the test instead of hanging it.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stop = threading.Event()

    def serve():
        held, hang_up_at = [], time.monotonic() + 30
        while not stop.is_set() and time.monotonic() < hang_up_at:
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                pass
        for connection in held:
            connection.close()
        listener.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()


def test_a_mail_server_that_never_answers_fails_the_enquiry_and_thanks_the_visitor(
    client, form_data, settings, silent_mail_server, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent_mail_server
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", form_data)

    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:thanks")
    enquiry = Enquiry.objects.get()
    assert enquiry.email_status == EmailStatus.FAILED
    assert enquiry.email_error == (
        "acknowledgement: no answer from the mail server within 1 s; "
        "staff notification: no answer from the mail server within 1 s"
    )


def test_resending_to_a_mail_server_that_never_answers_waits_once_not_per_enquiry(
    client, handler, topic, settings, silent_mail_server
):
    enquiries = [EnquiryFactory(topic=topic) for _ in range(3)]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent_mail_server
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    client.force_login(handler)

    response = client.post(
        LIST_URL,
        {
            "action": "resend_emails",
            "_selected_action": [enquiry.pk for enquiry in enquiries],
        },
        follow=True,
    )

    html = response.content.decode()
    assert "The mail server could not be reached" in html
    assert "no answer from the mail server within 1 s" in html
    assert "nothing was sent" in html
    assert set(Enquiry.objects.values_list("email_attempted_at", flat=True)) == {None}


@pytest.fixture
def stuck_enquiry(topic, settings):
    """Its send started at 10:00 and never finished (the worker was killed)."""
    settings.EMAIL_TIMEOUT = 10
    with time_machine.travel("2026-03-02 10:00:00+08:00", tick=False):
        enquiry = EnquiryFactory(topic=topic, subject="Stuck send")
        Enquiry.objects.filter(pk=enquiry.pk).update(email_attempted_at=timezone.now())
    return enquiry


def email_status_shown(client, **filters):
    """The email status column of the enquiry list, as a handler reads it."""
    html = client.get(LIST_URL, filters).content.decode()
    return re.findall(r'<td class="field-email_state">([^<]*)</td>', html)


def test_a_send_that_never_finished_shows_failed_once_the_timeout_has_passed(
    client, handler, stuck_enquiry
):
    client.force_login(handler)
    started = datetime.datetime.fromisoformat("2026-03-02 10:00:00+08:00")

    with time_machine.travel(started + datetime.timedelta(seconds=49), tick=False):
        assert email_status_shown(client) == ["Pending"]
        assert email_status_shown(client, email_status="failed") == []
    with time_machine.travel(started + datetime.timedelta(seconds=51), tick=False):
        assert email_status_shown(client) == ["Failed"]
        assert email_status_shown(client, email_status="failed") == ["Failed"]
        assert email_status_shown(client, email_status="pending") == []
        change = reverse("admin:contacts_enquiry_change", args=[stuck_enquiry.pk])
        assert "no answer from the mail server" in client.get(change).content.decode()


def test_a_stuck_send_can_be_resent_from_the_admin(client, handler, stuck_enquiry):
    client.force_login(handler)

    with time_machine.travel("2026-03-02 10:05:00+08:00", tick=False):
        response = client.post(
            LIST_URL,
            {"action": "resend_emails", "_selected_action": [stuck_enquiry.pk]},
            follow=True,
        )

    assert "Emails sent for 1 enquiry." in response.content.decode()
    assert len(mail.outbox) == 2
    assert Enquiry.objects.get().email_status == EmailStatus.SENT


def test_a_send_records_when_it_started(topic, monkeypatch):
    enquiry = EnquiryFactory(topic=topic)
    seen = []

    def send_messages(self, messages):
        seen.append(Enquiry.objects.get(pk=enquiry.pk).email_attempted_at)
        return len(messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    with time_machine.travel("2026-03-02 10:00:00+08:00", tick=False):
        services.enquiry_send_emails(enquiry_id=enquiry.pk)

    started = datetime.datetime.fromisoformat("2026-03-02 10:00:00+08:00")
    assert seen == [started, started]


@pytest.mark.parametrize(
    ("environment", "seconds"), [({}, 10), ({"EMAIL_TIMEOUT": "1"}, 1)]
)
def test_the_sending_timeout_comes_from_the_environment(
    monkeypatch, environment, seconds
):
    monkeypatch.delenv("EMAIL_TIMEOUT", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    configured = runpy.run_path(settings_module.__file__)

    assert configured["EMAIL_TIMEOUT"] == seconds
