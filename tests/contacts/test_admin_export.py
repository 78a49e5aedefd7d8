"""The enquiry list's export button exports what the list shows."""

import csv
import datetime
import html
import io
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from contacts import services
from contacts.models import ConsentEvent, ConsentSource, ExportLog
from tests.contacts.factories import EnquiryFactory, EnquiryTopicFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:contacts_enquiry_changelist")
EXPORT_URL = reverse("admin:contacts_enquiry_export")


@pytest.fixture
def events_topic(db):
    return EnquiryTopicFactory(name="Events", slug="events")


@pytest.fixture
def contacts(topic, events_topic):
    with time_machine.travel("2025-01-15 12:00+08:00", tick=False):
        media = EnquiryFactory(
            topic=topic, name="Media Person", email="media@example.com",
            marketing_consent=True,
        )  # fmt: skip
    with time_machine.travel("2025-03-15 12:00+08:00", tick=False):
        events = EnquiryFactory(
            topic=events_topic, name="Events Person", email="events@example.com",
            marketing_consent=True,
        )  # fmt: skip
        EnquiryFactory(topic=topic, name="Quiet Person", email="quiet@example.com")
    return media, events


def read_back(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def export_button_href(page):
    match = re.search(r'<a href="([^"]+)" class="exportlink"', page)
    assert match, "no export button"
    return html.unescape(match.group(1))


def test_button_carries_the_topic_filter_into_the_download_and_the_log(
    client, exporter, contacts, topic
):
    client.force_login(exporter)

    page = client.get(LIST_URL, {"topic__id__exact": topic.pk}).content.decode()
    href = export_button_href(page)
    rows = read_back(client.get(href))

    assert href == f"{EXPORT_URL}?topic__id__exact={topic.pk}"
    assert "<strong>Topic</strong>: Media enquiry" in page
    assert [row["Email"] for row in rows] == ["media@example.com"]
    log = ExportLog.objects.get()
    assert log.filters == {
        "enquiry_list": {"topic": "Media enquiry"},
        "enquiry_list_query": f"?topic__id__exact={topic.pk}",
    }
    assert (log.via, log.exported_by, log.row_count) == ("admin_button", exporter, 1)


def test_date_drill_down_status_and_search_are_carried_too(client, exporter, contacts):
    client.force_login(exporter)

    march = read_back(
        client.get(EXPORT_URL, {"submitted_at__year": 2025, "submitted_at__month": 3})
    )
    searched = read_back(client.get(EXPORT_URL, {"q": "Media Person"}))
    closed = read_back(client.get(EXPORT_URL, {"status__exact": "closed"}))

    assert [row["Email"] for row in march] == ["events@example.com"]
    assert [row["Email"] for row in searched] == ["media@example.com"]
    assert closed == []
    assert [
        log.filters["enquiry_list"] for log in ExportLog.objects.order_by("pk")
    ] == [
        {"submitted at": "2025-3"},
        {"search": "Media Person"},
        {"status": "Closed"},
    ]


def test_unfiltered_list_exports_everyone_and_says_so(client, exporter, contacts):
    client.force_login(exporter)

    page = client.get(LIST_URL).content.decode()
    rows = read_back(client.get(export_button_href(page)))

    assert export_button_href(page) == EXPORT_URL
    assert "The export holds every contact whose marketing consent stands" in page
    assert {row["Email"] for row in rows} == {"media@example.com", "events@example.com"}
    assert ExportLog.objects.get().filters == {}


def test_a_list_of_withdrawn_contacts_offers_no_export(client, exporter, contacts):
    media, _events = contacts
    services.consent_withdraw(email=media.email, source=ConsentSource.LETTER)
    client.force_login(exporter)

    page = client.get(LIST_URL, {"consent": "withdrawn"}).content.decode()
    rows = read_back(client.get(EXPORT_URL, {"consent": "withdrawn"}))

    assert 'class="exportlink"' not in page
    assert "there is nobody to export" in page
    assert rows == []


def test_a_filter_the_list_cannot_apply_sends_back_to_the_list(client, exporter):
    client.force_login(exporter)

    response = client.get(EXPORT_URL, {"submitted_at__year": "soon"})

    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?e=1"
    assert not ExportLog.objects.exists()


def test_without_the_export_permission_a_filtered_list_has_no_button_and_no_download(
    client, handler, contacts, topic
):
    client.force_login(handler)

    page = client.get(LIST_URL, {"topic__id__exact": topic.pk}).content.decode()
    response = client.get(EXPORT_URL, {"topic__id__exact": topic.pk})

    assert "Export consented contacts" not in page
    assert "export-filters" not in page
    assert response.status_code == 403
    assert not ExportLog.objects.exists()


def test_consented_at_is_iso_8601_with_the_utc_offset(client, exporter, contacts):
    client.force_login(exporter)

    rows = read_back(client.get(EXPORT_URL, {"q": "media@example.com"}))

    (row,) = rows
    consented_at = datetime.datetime.fromisoformat(row["Consented at"])
    assert row["Consented at"] == "2025-01-15T12:00:00+08:00"
    assert consented_at.utcoffset() == datetime.timedelta(hours=8)
    assert (
        consented_at == ConsentEvent.objects.get(email="media@example.com").recorded_at
    )


def test_an_exported_unsubscribe_url_withdraws_that_contact(client, exporter, contacts):
    client.force_login(exporter)
    (row,) = [
        row
        for row in read_back(client.get(EXPORT_URL))
        if row["Email"] == "events@example.com"
    ]
    path = urlsplit(row["Unsubscribe URL"]).path
    client.logout()  # The contact, not staff, follows the link.

    confirmation = client.get(path)
    client.post(path)

    assert "e…@example.com" in confirmation.content.decode()
    client.force_login(exporter)
    emails = [row["Email"] for row in read_back(client.get(EXPORT_URL))]
    assert emails == ["media@example.com"]
    withdrawal = ConsentEvent.objects.filter(email="events@example.com").first()
    assert (withdrawal.action, withdrawal.source) == ("withdrawn", "unsubscribe_link")


def test_filtered_export_runs_a_fixed_number_of_queries(
    client, exporter, topic, django_assert_max_num_queries
):
    for index in range(20):
        EnquiryFactory(topic=topic, marketing_consent=index % 2 == 0)
    client.force_login(exporter)

    # Session and permissions, the list's filters and counts, the audit log
    # entry and its row count, and one query for the rows: none per row. On
    # PostgreSQL also the cursor's planner setting and its reset.
    expected = 12 if connection.vendor == "postgresql" else 10
    with django_assert_max_num_queries(expected):
        rows = read_back(client.get(EXPORT_URL, {"topic__id__exact": topic.pk}))

    assert len(rows) == 10
