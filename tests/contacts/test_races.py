"""
The consent ledger under two concurrent transactions (PostgreSQL): one
withdrawal recorded however many arrive at once, and one wording version per
save.
"""

import uuid

import pytest

from contacts import services
from contacts.models import (
    ConsentEvent,
    ConsentSource,
    ConsentState,
    ConsentWording,
    Enquiry,
)
from tests.concurrency import postgresql_only, race
from tests.contacts.factories import EnquiryFactory

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def wording():
    """The wording a grant needs. Made here: transactional tests run last and
    empty the tables after each, so the migration's default wording may be gone.
    """
    return ConsentWording.objects.current() or services.consent_wording_create(
        text="We may send you news of our events."
    )


def withdraw(email):
    return lambda: services.consent_withdraw(email=email, source=ConsentSource.PHONE)


def test_two_withdrawals_at_once_record_one_event():
    enquiry = EnquiryFactory(email="chan@example.com", marketing_consent=True)

    outcomes = race(withdraw(enquiry.email), withdraw("Chan@Example.com "))

    assert [error for _result, error in outcomes] == [None, None]
    assert [result is None for result, _error in outcomes] == [False, True]
    withdrawals = ConsentEvent.objects.filter(action=ConsentState.WITHDRAWN)
    assert withdrawals.count() == 1


def test_withdrawals_of_different_addresses_do_not_wait_for_each_other():
    first = EnquiryFactory(email="chan@example.com", marketing_consent=True)
    second = EnquiryFactory(email="wong@example.com", marketing_consent=True)

    outcomes = race(withdraw(first.email), withdraw(second.email))

    assert all(result is not None for result, _error in outcomes)
    assert ConsentEvent.objects.filter(action=ConsentState.WITHDRAWN).count() == 2


def test_two_editors_publishing_wording_at_once_both_get_a_version(wording):
    current = wording.version

    outcomes = race(
        lambda: services.consent_wording_create(text="First new wording."),
        lambda: services.consent_wording_create(text="Second new wording."),
    )

    assert [error for _result, error in outcomes] == [None, None]
    assert sorted(result.version for result, _error in outcomes) == [
        current + 1,
        current + 2,
    ]
    assert ConsentWording.objects.current().text == "Second new wording."


def test_wordings_of_one_language_published_at_once_take_its_next_two_versions():
    services.consent_wording_create(text="繁體原文。", language="zh-hant")
    current = ConsentWording.objects.current_set()

    outcomes = race(
        lambda: services.consent_wording_create(text="繁體一。", language="zh-hant"),
        lambda: services.consent_wording_create(text="繁體二。", language="zh-hant"),
    )

    assert [error for _result, error in outcomes] == [None, None]
    chinese = current["zh-hant"].version
    assert sorted(result.version for result, _error in outcomes) == [
        chinese + 1,
        chinese + 2,
    ]
    assert ConsentWording.objects.current("zh-hant").text == "繁體二。"
    assert ConsentWording.objects.current_set()["en"] == current["en"]


def test_one_form_page_sent_twice_at_once_stores_one_enquiry(topic):
    nonce = uuid.uuid4()

    def send():
        return services.enquiry_submit(
            name="Chan Tai Man",
            email="chan@example.com",
            topic=topic,
            subject="Double click",
            message="Sent twice at once.",
            form_nonce=nonce,
            send_emails=False,
        )

    outcomes = race(send, send)

    assert [error for _result, error in outcomes] == [None, None]
    first, second = (result for result, _error in outcomes)
    assert first.pk == second.pk
    assert Enquiry.objects.count() == 1
