import pytest
import time_machine
from django.urls import reverse

from contacts import antispam
from contacts.models import ConsentEvent, ConsentWording, Enquiry

pytestmark = pytest.mark.django_db

CONTACT_URL = "/contact/"


def post(client, data, **extra):
    return client.post(CONTACT_URL, data, **extra)


def test_form_page_shows_fields_required_note_privacy_link_and_unticked_consent(
    client, topic, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(CONTACT_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Fields marked with an asterisk (*) are required fields." in html
    for label in ["Name", "Email", "Phone", "Organisation", "Enquiry topic"]:
        assert label in html
    assert 'href="/privacy/"' in html
    assert "Media enquiry" in html
    assert "events, programmes and newsletters" in html  # PDPO s35C wording
    consent = html[html.index('name="marketing_consent"') - 200 :]
    assert "checked" not in consent[: consent.index(">", 200)]
    assert 'autocomplete="off"' in html and 'tabindex="-1"' in html
    assert "css/contacts.css" in html
    assert "<script>" not in html and "style=" not in html


def test_retired_topics_are_not_offered(client, topic):
    topic.is_retired = True
    topic.save()

    response = client.get(CONTACT_URL)

    assert "Media enquiry" not in response.content.decode()


def test_valid_enquiry_without_consent_is_stored_and_redirects_to_thanks(
    client, form_data
):
    response = post(client, form_data)

    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:thanks")
    enquiry = Enquiry.objects.get()
    assert enquiry.name == "陳大文"
    assert enquiry.phone == "+852 2123 4567"
    assert enquiry.status == "new"
    assert enquiry.source_url == "http://testserver/contact/"
    assert not ConsentEvent.objects.exists()  # Consent is not required.
    assert "Thank you" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "field",
    ["name", "email", "topic", "subject", "message", "privacy_acknowledged"],
)
def test_each_required_field_is_refused_when_missing_and_typed_values_kept(
    client, form_data, field
):
    form_data.pop(field)

    response = post(client, form_data)

    html = response.content.decode()
    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    assert "Please correct the following:" in html
    assert response.context["form"].errors[field]
    assert "Interview request" in html or field == "subject"
    assert "Harbour Arts Centre" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        ("name", "x" * 101, "at most 100 characters"),
        ("subject", "x" * 201, "at most 200 characters"),
        ("message", "x" * 5001, "at most 5000 characters"),
        ("organisation", "x" * 201, "at most 200 characters"),
        ("phone", "call me maybe", "Enter a phone number"),
        ("phone", "1" * 40, "at most 32 characters"),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_lost(
    client, form_data, field, value, message
):
    form_data[field] = value

    response = post(client, form_data)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert not Enquiry.objects.exists()
    assert "陳大文" in html or field == "name"
    assert "Could your spokesperson speak to us on Friday?" in html or (
        field == "message"
    )


@pytest.mark.parametrize(
    "phone", ["+852 2123 4567", "(020) 7946 0958", "+1-202-555-0173 ext. 12", ""]
)
def test_international_phone_numbers_are_welcome(client, form_data, phone):
    form_data["phone"] = phone

    assert post(client, form_data).status_code == 302


def test_filled_honeypot_is_refused_and_nothing_stored(client, form_data):
    form_data["website"] = "http://spam.example"

    response = post(client, form_data)

    assert response.status_code == 200
    assert "Please leave this field empty." in response.content.decode()
    assert "Interview request" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_too_fast_submission_is_refused_with_a_message_and_values_kept(
    client, form_data, settings
):
    settings.CONTACT_MIN_FILL_SECONDS = 3
    with time_machine.travel("2025-03-01 10:00:00+08:00", tick=False):
        form_data["form_token"] = antispam.sign_form_token(
            wording_id=ConsentWording.objects.current().pk
        )
    with time_machine.travel("2025-03-01 10:00:01+08:00", tick=False):
        response = post(client, form_data)

    html = response.content.decode()
    assert "faster than a person can type" in html
    assert "Interview request" in html and "陳大文" in html
    assert not Enquiry.objects.exists()

    # Three seconds after the form was first shown, sending it again works.
    form_data["form_token"] = response.context["form"]["form_token"].value()
    with time_machine.travel("2025-03-01 10:00:02+08:00", tick=False):
        assert "faster than a person" in post(client, form_data).content.decode()
    with time_machine.travel("2025-03-01 10:00:03+08:00", tick=False):
        assert post(client, form_data).status_code == 302


def test_fixing_a_mistake_does_not_restart_the_minimum_fill_time(
    client, form_data, settings
):
    settings.CONTACT_MIN_FILL_SECONDS = 3
    with time_machine.travel("2025-03-01 10:00:00+08:00", tick=False):
        form_data["form_token"] = antispam.sign_form_token(
            wording_id=ConsentWording.objects.current().pk
        )
    forgotten = form_data.pop("privacy_acknowledged")
    with time_machine.travel("2025-03-01 10:00:20+08:00", tick=False):
        response = post(client, form_data)
    assert "Please confirm that you have read" in response.content.decode()

    # The visitor ticks the box and sends again at once.
    form_data["privacy_acknowledged"] = forgotten
    form_data["form_token"] = response.context["form"]["form_token"].value()
    with time_machine.travel("2025-03-01 10:00:21+08:00", tick=False):
        response = post(client, form_data)

    assert response.status_code == 302
    assert Enquiry.objects.count() == 1


def test_forged_or_missing_form_token_is_refused(client, form_data):
    form_data["form_token"] = "forged"

    response = post(client, form_data)

    assert "This form has expired" in response.content.decode()
    assert not Enquiry.objects.exists()


def fresh_page(form_data):
    """The form as sent from a newly loaded page (a token of its own)."""
    return {
        **form_data,
        "form_token": antispam.sign_form_token(
            wording_id=ConsentWording.objects.current().pk
        ),
    }


def test_rate_limit_answers_429_page_keeping_the_typed_values(
    client, form_data, settings
):
    settings.CONTACT_RATE_LIMIT = "2/h"
    assert post(client, fresh_page(form_data)).status_code == 302
    assert post(client, fresh_page(form_data)).status_code == 302

    response = post(client, fresh_page(form_data))

    html = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many requests" in html
    assert "Please try again in" in html
    assert "Interview request" in html and "陳大文" in html
    assert "Skip to main content" in html  # In the site look.
    assert Enquiry.objects.count() == 2


def test_refused_submissions_do_not_use_up_the_hourly_limit(
    client, form_data, settings
):
    settings.CONTACT_RATE_LIMIT = "2/h"
    mistakes = [
        {**fresh_page(form_data), "email": "not-an-email"},
        {**fresh_page(form_data), "privacy_acknowledged": ""},
        {**fresh_page(form_data), "phone": "call me"},
    ]
    for mistake in mistakes:
        assert post(client, mistake).status_code == 200

    assert post(client, fresh_page(form_data)).status_code == 302
    assert post(client, fresh_page(form_data)).status_code == 302
    assert post(client, fresh_page(form_data)).status_code == 429
    assert Enquiry.objects.count() == 2


def test_many_attempts_meet_the_attempt_cap_with_a_429_page_without_old_errors(
    client, form_data, settings
):
    settings.CONTACT_ATTEMPT_LIMIT = "3/h"
    form_data["email"] = "not-an-email"
    for _attempt in range(3):
        response = post(client, form_data)
        assert "Enter a valid email address." in response.content.decode()

    response = post(client, form_data)

    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many requests" in html
    assert "Interview request" in html and "not-an-email" in html
    assert "Enter a valid email address." not in html
    assert "Please correct the following" not in html
    assert not Enquiry.objects.exists()


def test_429_page_repeats_no_error_of_an_earlier_page(client, form_data, settings):
    settings.CONTACT_RATE_LIMIT = "1/h"
    settings.CONTACT_MIN_FILL_SECONDS = 3
    with time_machine.travel("2025-03-01 10:00:00+08:00", tick=False):
        first, second = fresh_page(form_data), fresh_page(form_data)
    with time_machine.travel("2025-03-01 10:00:05+08:00", tick=False):
        assert post(client, first).status_code == 302
    with time_machine.travel("2025-03-01 10:10:00+08:00", tick=False):
        second["form_token"] = fresh_page(form_data)["form_token"]
        second["subject"] = "Follow-up"
    with time_machine.travel("2025-03-01 10:10:01+08:00", tick=False):
        response = post(client, second)
        # The mistake is shown while it can be fixed.
        assert response.status_code == 200
        assert "faster than a person" in response.content.decode()

    second["form_token"] = response.context["form"]["form_token"].value()
    with time_machine.travel("2025-03-01 10:10:05+08:00", tick=False):
        response = post(client, second)

    html = response.content.decode()
    assert response.status_code == 429
    assert "Follow-up" in html
    assert "faster than a person" not in html
    assert "Please correct the following" not in html


def test_a_double_click_stores_one_enquiry_and_thanks_twice(client, form_data):
    first = post(client, form_data)
    second = post(client, form_data)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("contacts:thanks")
    assert Enquiry.objects.count() == 1


def test_a_page_sent_again_after_an_error_page_is_still_one_enquiry(client, form_data):
    response = post(client, {**form_data, "email": "not-an-email"})
    form_data["form_token"] = response.context["form"]["form_token"].value()

    assert post(client, form_data).status_code == 302
    assert post(client, form_data).status_code == 302  # The page resent.
    assert Enquiry.objects.count() == 1


def test_each_newly_loaded_form_page_sends_its_own_enquiry(client, form_data):
    assert post(client, fresh_page(form_data)).status_code == 302
    assert post(client, fresh_page(form_data)).status_code == 302

    assert Enquiry.objects.count() == 2


def test_rate_limit_counts_per_client_ip(client, form_data, settings):
    settings.CONTACT_RATE_LIMIT = "1/h"
    ip = {"REMOTE_ADDR": "198.51.100.1"}
    assert post(client, fresh_page(form_data), **ip).status_code == 302

    assert post(client, fresh_page(form_data), **ip).status_code == 429
    other = {"REMOTE_ADDR": "198.51.100.2"}
    assert post(client, fresh_page(form_data), **other).status_code == 302


def test_forwarded_header_is_ignored_unless_a_proxy_is_trusted(
    client, form_data, settings
):
    settings.CONTACT_RATE_LIMIT = "1/h"
    spoofed = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.1.1.1"}
    assert post(client, fresh_page(form_data), **spoofed).status_code == 302

    # A new X-Forwarded-For value does not buy a visitor a new allowance.
    spoofed["HTTP_X_FORWARDED_FOR"] = "2.2.2.2"
    assert post(client, fresh_page(form_data), **spoofed).status_code == 429


def test_trusted_proxy_header_gives_the_client_ip(client, form_data, settings):
    settings.CONTACT_RATE_LIMIT = "1/h"
    settings.CONTACT_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.CONTACT_TRUSTED_PROXY_COUNT = 1
    form_data["marketing_consent"] = "on"
    via_proxy = {"REMOTE_ADDR": "10.0.0.1"}

    # The visitor's own (forged) entry sits left of what the proxy appended.
    response = post(
        client,
        fresh_page(form_data),
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
        **via_proxy,
    )
    assert response.status_code == 302
    assert ConsentEvent.objects.get().ip_address == "203.0.113.9"
    response = post(
        client,
        fresh_page(form_data),
        HTTP_X_FORWARDED_FOR="7.7.7.7, 203.0.113.10",
        **via_proxy,
    )
    assert response.status_code == 302
    response = post(
        client,
        fresh_page(form_data),
        HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.9",
        **via_proxy,
    )
    assert response.status_code == 429


def test_form_requires_csrf_token(form_data):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(CONTACT_URL, form_data)

    assert response.status_code == 403
    assert not Enquiry.objects.exists()


def test_control_characters_pasted_into_the_form_are_removed_not_refused(
    client, form_data
):
    form_data["name"] = "陳\x00大文\x07"
    form_data["subject"] = "Interview\x0brequest\x1b"
    form_data["message"] = "Line one\r\nLine\x0ctwo\x7f"

    response = post(client, form_data)

    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.name == "陳大文"
    assert enquiry.subject == "Interview request"
    assert enquiry.message == "Line one\r\nLine two"
