"""
Bytes PostgreSQL cannot store or compare (NUL) in any query string, on any
page, public or admin, get a plain 400 answer instead of a server error; form
fields holding one are refused by the form, keeping what was typed.
"""

import pytest
from django.urls import reverse

from contacts.models import ExportLog
from tests.contacts.factories import EnquiryFactory, UserFactory

pytestmark = pytest.mark.django_db

NUL_QUERIES = [
    "q=%00",
    "q=abc%00def",
    "topic__id__exact=%00",
    "status__exact=new%00",
    "submitted_at__year=2026%00",
    "email_status=%00",
    "%00=1",
    "q=a\x00b",
]


@pytest.fixture
def superuser(db):
    return UserFactory(username="boss", is_superuser=True)


@pytest.mark.parametrize("query", NUL_QUERIES)
@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:contacts_enquiry_changelist"),
        reverse("admin:contacts_enquiry_export"),
        reverse("admin:contacts_consentevent_changelist"),
        reverse("admin:contacts_exportlog_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:autocomplete"),
    ],
)
def test_nul_in_an_admin_query_string_is_a_plain_400(client, superuser, url, query):
    EnquiryFactory(marketing_consent=True)
    client.force_login(superuser)

    response = client.get(f"{url}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "null character" in response.content.decode()
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("query", NUL_QUERIES)
@pytest.mark.parametrize("url", ["/", "/news/", "/contact/", "/sitemap.xml"])
def test_nul_in_a_public_query_string_is_a_plain_400(client, url, query):
    response = client.get(f"{url}?{query}")

    assert response.status_code == 400
    assert "null character" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "q=%ED%A0%80",  # a lone surrogate, UTF-8 encoded: not valid UTF-8
        "q=%FF%FE",
        "q=%C0%80",  # an overlong NUL
        "q=%ZZ",
    ],
)
def test_invalid_utf8_in_a_query_string_is_answered_without_a_server_error(
    client, superuser, query
):
    assert client.get(f"/news/?{query}").status_code == 200
    client.force_login(superuser)
    url = reverse("admin:contacts_enquiry_changelist")
    assert client.get(f"{url}?{query}").status_code == 200


def test_nul_in_an_admin_form_field_is_refused_with_a_message(client, superuser):
    enquiry = EnquiryFactory()
    client.force_login(superuser)
    url = reverse("admin:contacts_enquiry_change", args=[enquiry.pk])

    response = client.post(
        url, {"status": "new", "assignee": "", "internal_notes": "call\x00back"}
    )

    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
