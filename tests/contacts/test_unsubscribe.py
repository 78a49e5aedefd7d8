import io

import pytest
import time_machine
from django.core import signing
from django.core.management import call_command

from contacts import services
from contacts.models import ConsentEvent, ConsentSource, Enquiry
from contacts.tokens import (
    make_unsubscribe_token,
    read_unsubscribe_token,
    unsubscribe_token_maker,
    unsubscribe_url,
)
from tests.contacts.factories import EnquiryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consented(topic):
    return EnquiryFactory(
        topic=topic, email="chan.taiman@example.com", marketing_consent=True
    )


def path_for(enquiry):
    return unsubscribe_url(enquiry.pk).removeprefix("https://news.example.com")


def test_link_shows_a_confirmation_and_withdraws_nothing_until_posted(
    client, consented
):
    response = client.get(path_for(consented))

    html = response.content.decode()
    assert response.status_code == 200
    assert "c…@example.com" in html
    assert "chan.taiman@example.com" not in html
    assert 'type="submit"' in html
    assert ConsentEvent.objects.current_state(consented.email) == "granted"


def test_posting_the_confirmation_records_a_withdrawal_event(client, consented):
    response = client.post(path_for(consented), REMOTE_ADDR="198.51.100.4", follow=True)

    assert "You are unsubscribed" in response.content.decode()
    event = ConsentEvent.objects.order_by("-pk").first()
    assert event.action == "withdrawn"
    assert event.source == "unsubscribe_link"
    assert event.enquiry == consented
    assert event.ip_address == "198.51.100.4"
    assert ConsentEvent.objects.current_state(consented.email) == "withdrawn"


def test_replayed_token_says_already_unsubscribed_without_a_duplicate(
    client, consented
):
    client.post(path_for(consented))

    again = client.post(path_for(consented), follow=True)
    page = client.get(path_for(consented))

    assert "You are already unsubscribed." in again.content.decode()
    assert "already unsubscribed" in page.content.decode()
    assert ConsentEvent.objects.filter(action="withdrawn").count() == 1


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "MQ:1tXyZ:abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
        signing.dumps(1, salt="some.other.purpose"),
        signing.Signer(salt="some.other.purpose").sign_object(1),
    ],
)
def test_forged_or_tampered_token_is_a_friendly_404(client, consented, token):
    response = client.get(f"/contact/unsubscribe/{token}/")
    posted = client.post(f"/contact/unsubscribe/{token}/")

    assert response.status_code == 404
    assert posted.status_code == 404
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert ConsentEvent.objects.filter(action="withdrawn").count() == 0


def test_a_token_cannot_be_edited_into_another_contacts_token(client, consented):
    other = EnquiryFactory(
        topic=consented.topic, email="other@example.com", marketing_consent=True
    )
    token = make_unsubscribe_token(consented.pk)
    _value, rest = token.split(":", 1)
    forged = signing.b64_encode(str(other.pk).encode()).decode() + ":" + rest

    response = client.post(f"/contact/unsubscribe/{forged}/")

    assert response.status_code == 404
    assert ConsentEvent.objects.current_state(other.email) == "granted"


def test_token_carries_no_email_address(consented):
    token = make_unsubscribe_token(consented.pk)

    assert "chan" not in signing.b64_decode(token.split(":")[0].encode()).decode()


def test_genuine_link_of_a_purged_enquiry_says_there_is_nothing_to_unsubscribe(
    client, topic
):
    with time_machine.travel("2024-01-01 12:00+08:00", tick=False):
        old = EnquiryFactory(topic=topic, marketing_consent=True)
        services.consent_withdraw(email=old.email, source=ConsentSource.PHONE)
    path = path_for(old)
    call_command("purge_enquiries", "--older-than", "365", stdout=io.StringIO())
    assert not Enquiry.objects.filter(pk=old.pk).exists()

    page = client.get(path)
    posted = client.post(path)

    for response in (page, posted):
        html = response.content.decode()
        assert response.status_code == 200
        assert "nothing to unsubscribe from" in html
        assert "not valid" not in html
        assert 'type="submit"' not in html
    assert ConsentEvent.objects.filter(email=old.email).count() == 2  # Unchanged.


def test_forged_link_for_a_purged_enquiry_id_is_still_a_404(client, topic):
    gone = EnquiryFactory(topic=topic)
    forged = signing.Signer(salt="some.other.purpose").sign_object(gone.pk)
    gone.delete()

    response = client.get(f"/contact/unsubscribe/{forged}/")

    assert response.status_code == 404
    assert "This unsubscribe link is not valid" in response.content.decode()


def test_export_tokens_are_the_ones_make_unsubscribe_token_gives(settings):
    settings.SECRET_KEY = "a-secret-key-used-only-by-this-test-" * 2
    make_token = unsubscribe_token_maker()

    for enquiry_id in [1, 9, 10, 99, 12_345, 999_999, 2**31 - 1, 2**40]:
        token = make_token(enquiry_id)
        assert token == make_unsubscribe_token(enquiry_id)
        assert read_unsubscribe_token(token) == enquiry_id
