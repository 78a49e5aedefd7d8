"""Emails of the Contact Us run: a real SMTP server, and what it received."""

import pytest
from django.core import mail

from bench.mailserver import smtp_server
from bench.submissions import email_accounting

PRESS_OFFICE = ["press-office@example.com"]


def test_the_loopback_server_records_what_django_sends_over_smtp(tmp_path, settings):
    with smtp_server(tmp_path / "mail.jsonl") as mailbox:
        connection = mail.get_connection(
            "django.core.mail.backends.smtp.EmailBackend",
            host="127.0.0.1",
            port=mailbox.port,
            timeout=10,
        )
        sent = connection.send_messages(
            [
                mail.EmailMessage(
                    "New enquiry #7: Media",
                    "Body",
                    to=PRESS_OFFICE,
                    reply_to=["Visitor@Example.org"],
                )
            ]
        )

    assert sent == 1
    assert mailbox.messages() == [
        {
            "from": settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">"),
            "to": PRESS_OFFICE,
            "reply_to": "visitor@example.org",
            "subject": "New enquiry #7: Media",
        }
    ]


def message(to, reply_to=""):
    return {"from": "newsroom@localhost", "to": to, "reply_to": reply_to, "subject": ""}


def test_every_enquiry_owes_an_acknowledgement_and_a_notification():
    enquiries = [("a@example.org", "sent"), ("b@example.org", "sent")]
    messages = [
        message(["a@example.org"]),
        message(PRESS_OFFICE, "a@example.org"),
        message(["b@example.org"]),
        message(PRESS_OFFICE, "b@example.org"),
    ]

    emails = email_accounting(
        enquiries=enquiries, messages=messages, notify=PRESS_OFFICE
    )

    assert emails["expected"] == emails["received"] == 4
    assert (emails["missing"], emails["duplicated"], emails["unmatched"]) == (0, 0, 0)


def test_missing_doubled_and_stray_emails_are_counted():
    enquiries = [("a@example.org", "sent"), ("b@example.org", "failed")]
    messages = [
        message(["a@example.org"]),
        message(["a@example.org"]),  # twice
        message(PRESS_OFFICE, "a@example.org"),
        message(PRESS_OFFICE, "b@example.org"),  # b's acknowledgement missing
        message(["someone@example.org"]),  # no such enquiry
    ]

    emails = email_accounting(
        enquiries=enquiries, messages=messages, notify=PRESS_OFFICE
    )

    assert emails["received"] == 5
    assert (emails["missing"], emails["duplicated"], emails["unmatched"]) == (1, 1, 1)
    assert emails["enquiry_email_status"] == {"sent": 1, "failed": 1}


@pytest.mark.parametrize("notify", [[], PRESS_OFFICE])
def test_no_staff_notification_is_owed_without_a_press_office(notify):
    emails = email_accounting(
        enquiries=[("a@example.org", "sent")],
        messages=[message(["a@example.org"])],
        notify=notify,
    )

    assert emails["missing"] == (1 if notify else 0)
