"""Contact Us in Chromium: form mistakes explained, fixed, sent; a filtered export."""

import csv
import io
from pathlib import Path

import pytest

from contacts.models import (
    ConsentEvent,
    ConsentWording,
    Enquiry,
    EnquiryTopic,
    ExportLog,
)
from contacts.services import consent_wording_create
from tests.contacts.factories import EnquiryFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def contact_form_ready(settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Transactional tests start from an empty database: put back what the
    # migrations give every site.
    if not ConsentWording.objects.exists():
        consent_wording_create(
            text="I agree to receive direct marketing about events, programmes "
            "and newsletters. I can opt out free of charge at any time."
        )
    EnquiryTopic.objects.get_or_create(
        slug="media", defaults={"name": "Media enquiry", "position": 1}
    )


def fill_required(page, *, email):
    page.get_by_role("textbox", name="Name").fill("陳大文")
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("combobox", name="Enquiry topic").select_option(
        label="Media enquiry"
    )
    page.get_by_role("textbox", name="Subject").fill("Interview request")
    page.get_by_role("textbox", name="Message").fill(
        "Could your spokesperson speak to us?"
    )


def test_wrong_input_is_explained_then_fixed_and_sent(page):
    page.goto("/contact/")
    fill_required(page, email="not-an-email")
    page.get_by_role("button", name="Send enquiry").click()

    summary = page.get_by_role("alert")
    summary.wait_for()
    assert "Please correct the following:" in summary.inner_text()
    assert "Enter a valid email address." in page.content()
    assert (
        page.get_by_role("textbox", name="Subject").input_value() == "Interview request"
    )
    assert page.get_by_role("textbox", name="Name").input_value() == "陳大文"

    page.get_by_role("textbox", name="Email").fill("chan@example.com")
    page.get_by_label("I have read the").check()
    page.get_by_role("button", name="Send enquiry").click()

    page.wait_for_url("**/contact/thanks/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Thank you for your enquiry"
    )
    assert Enquiry.objects.get().name == "陳大文"
    assert not ConsentEvent.objects.exists()
    assert page.console_errors == []


def test_consent_starts_unticked_and_can_be_ticked_and_unticked(page):
    page.goto("/contact/")
    consent = page.get_by_label("direct marketing", exact=False)
    assert not consent.is_checked()

    consent.check()
    assert consent.is_checked()
    consent.uncheck()
    assert not consent.is_checked()
    consent.check()

    fill_required(page, email="fan@example.com")
    page.get_by_label("I have read the").check()
    page.get_by_role("button", name="Send enquiry").click()

    page.wait_for_url("**/contact/thanks/")
    event = ConsentEvent.objects.get()
    assert (event.email, event.action, event.wording.version) == (
        "fan@example.com",
        "granted",
        1,
    )


def test_honeypot_is_invisible_and_out_of_the_tab_order(page):
    page.goto("/contact/")

    honeypot = page.locator("input[name=website]")
    assert not honeypot.is_visible() or honeypot.bounding_box()["x"] < 0
    assert honeypot.get_attribute("tabindex") == "-1"
    assert page.console_errors == []


def test_form_fits_a_phone_screen_without_sideways_scrolling(phone_page):
    phone_page.goto("/contact/")

    assert phone_page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
    )
    assert phone_page.get_by_role("button", name="Send enquiry").is_visible()
    assert phone_page.console_errors == []


def test_staff_filter_the_enquiry_list_by_topic_and_export_only_that_topic(page):
    media = EnquiryTopic.objects.get(slug="media")
    events, _created = EnquiryTopic.objects.get_or_create(
        slug="events", defaults={"name": "Events", "position": 2}
    )
    EnquiryFactory(topic=media, email="media@example.com", marketing_consent=True)
    EnquiryFactory(topic=events, email="events@example.com", marketing_consent=True)
    # Transactional tests lose the migrations' groups; a superuser may export.
    UserFactory(username="boss", is_superuser=True)

    page.goto("/admin/login/?next=/admin/contacts/enquiry/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("correct-horse")
    page.get_by_role("button", name="Log in").click()
    page.locator("#changelist-filter").get_by_role("link", name="Media enquiry").click()

    assert "Topic: Media enquiry" in page.locator("#export-filters").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export consented contacts (CSV)").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")

    emails = [row["Email"] for row in csv.DictReader(io.StringIO(text))]
    assert emails == ["media@example.com"]
    assert ExportLog.objects.get().filters["enquiry_list"] == {"topic": "Media enquiry"}
