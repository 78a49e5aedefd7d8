"""
An enquiry whose sender's consent stands carries their unsubscribe link, so the
admin will not delete it; bulk deletion is `purge_enquiries`, not an admin action.
"""

import pytest
from django.urls import reverse

from contacts import services
from contacts.models import ConsentSource, Enquiry
from tests.contacts.factories import EnquiryFactory

pytestmark = pytest.mark.django_db


def delete_url(enquiry):
    return reverse("admin:contacts_enquiry_delete", args=[enquiry.pk])


def test_superuser_cannot_delete_the_enquiry_of_a_consenting_contact(client, superuser):
    enquiry = EnquiryFactory(marketing_consent=True, send_emails=False)
    client.force_login(superuser)

    change_page = client.get(
        reverse("admin:contacts_enquiry_change", args=[enquiry.pk])
    )
    response = client.post(delete_url(enquiry), {"post": "yes"})

    assert delete_url(enquiry) not in change_page.content.decode()
    assert response.status_code == 403
    assert Enquiry.objects.filter(pk=enquiry.pk).exists()


def test_superuser_deletes_the_enquiry_once_consent_is_withdrawn(client, superuser):
    enquiry = EnquiryFactory(marketing_consent=True, send_emails=False)
    services.consent_withdraw(email=enquiry.email, source=ConsentSource.PHONE)
    client.force_login(superuser)

    response = client.post(delete_url(enquiry), {"post": "yes"})

    assert response.status_code == 302
    assert not Enquiry.objects.filter(pk=enquiry.pk).exists()


def test_enquiry_list_offers_no_bulk_delete(client, superuser):
    EnquiryFactory(send_emails=False)
    client.force_login(superuser)

    response = client.get(reverse("admin:contacts_enquiry_changelist"))

    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()
