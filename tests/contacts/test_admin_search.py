import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.contacts.factories import EnquiryFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:contacts_enquiry_changelist")


@pytest.fixture
def enquiries(topic):
    return {
        "chan": EnquiryFactory(
            topic=topic, name="Chan Tai Man", email="chan@example.com"
        ),
        "tchan": EnquiryFactory(
            topic=topic, name="Tommy Chan", email="tchan@example.com"
        ),
        "longer": EnquiryFactory(
            topic=topic, name="Chan Siu Ming", email="chan@example.com.hk"
        ),
        "harbour": EnquiryFactory(
            topic=topic,
            name="Lee Wing Sze",
            email="lee@harbour.example",
            organisation="Harbour Arts Centre",
            subject="Interview request",
        ),
    }


def search(client, term):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"q": term})
    assert response.status_code == 200
    names = {enquiry.name for enquiry in response.context["cl"].result_list}
    return names, [query["sql"].upper() for query in queries]


def test_an_email_address_finds_exactly_that_address_in_any_case(
    client, handler, enquiries
):
    client.force_login(handler)

    names, queries = search(client, "  Chan@Example.COM ")

    assert names == {"Chan Tai Man"}  # Not tchan@…, not chan@example.com.hk.
    # An equality on the indexed column, no substring scan of a million rows.
    assert not any("LIKE" in sql for sql in queries)


def test_other_words_search_name_organisation_and_subject(client, handler, enquiries):
    client.force_login(handler)

    assert search(client, "chan")[0] == {"Chan Tai Man", "Tommy Chan", "Chan Siu Ming"}
    assert search(client, "harbour arts")[0] == {"Lee Wing Sze"}
    assert search(client, "interview")[0] == {"Lee Wing Sze"}


def test_part_of_an_address_is_not_an_email_search(client, handler, enquiries):
    client.force_login(handler)

    names, _queries = search(client, "example.com")

    assert names == set()


def test_the_search_box_explains_how_to_find_an_address(client, handler, enquiries):
    client.force_login(handler)

    html = client.get(LIST_URL).content.decode()

    assert "An email address finds that address exactly" in html


def test_consent_evidence_is_found_by_exact_address(client, handler, enquiries):
    from contacts import services
    from contacts.models import ConsentSource

    EnquiryFactory(
        topic=enquiries["chan"].topic,
        email="tchan@example.com",
        marketing_consent=True,
    )
    services.consent_withdraw(email="tchan@example.com", source=ConsentSource.PHONE)
    EnquiryFactory(
        topic=enquiries["chan"].topic, email="chan@example.com", marketing_consent=True
    )
    client.force_login(handler)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("admin:contacts_consentevent_changelist"),
            {"q": "CHAN@example.com"},
        )
    partial = client.get(
        reverse("admin:contacts_consentevent_changelist"), {"q": "chan@"}
    )

    events = response.context["cl"].result_list
    assert [(event.email, event.action) for event in events] == [
        ("chan@example.com", "granted")
    ]
    assert not any("LIKE" in query["sql"].upper() for query in queries)
    assert len(partial.context["cl"].result_list) == 3  # Both addresses, all events.
