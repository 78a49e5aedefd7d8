"""Password guessing at the admin's sign-in is throttled (newsroom/signin.py)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-42"
OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


@pytest.fixture
def staff(django_user_model):
    def make(username):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name="Comms editors"))
        return user

    return make


def sign_in(client, username, password, *, address=OFFICE):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def guess(client, username, times, *, address=OFFICE):
    for attempt in range(times):
        sign_in(client, username, f"guess-{attempt}", address=address)


def test_ten_wrong_passwords_then_the_right_one_is_refused_with_a_message(
    client, staff
):
    staff("editor")
    guess(client, "editor", 10)

    response = sign_in(client, "editor", PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins. Wait 15 minutes" in page
    assert client.get("/admin/").status_code == 302  # not signed in


def test_four_wrong_passwords_then_the_right_one_signs_in(client, staff):
    staff("editor")
    guess(client, "editor", 4)

    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_a_locked_out_account_signs_in_from_another_address(client, staff):
    staff("editor")
    guess(client, "editor", 10)

    assert signed_in(sign_in(client, "editor", PASSWORD, address=ELSEWHERE))


def test_a_colleague_at_the_same_address_signs_in(client, staff):
    staff("editor")
    staff("colleague")
    guess(client, "editor", 10)

    assert signed_in(sign_in(client, "colleague", PASSWORD))


def test_one_address_guessing_many_accounts_is_locked_out(client, staff):
    staff("editor")
    for username in ("admin", "root", "press", "comms", "web"):
        guess(client, username, 4)  # under the limit of each account

    assert sign_in(client, "editor", PASSWORD).status_code == 429
    assert signed_in(sign_in(client, "editor", PASSWORD, address=ELSEWHERE))


def test_the_account_signs_in_again_after_the_cool_off(client, staff):
    staff("editor")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        guess(client, "editor", 10)
        traveller.shift(datetime.timedelta(minutes=14))
        assert sign_in(client, "editor", PASSWORD).status_code == 429

        # Each refused attempt started the cool-off again.
        traveller.shift(datetime.timedelta(minutes=15, seconds=1))
        assert signed_in(sign_in(client, "editor", PASSWORD))


def test_behind_a_proxy_the_address_it_appended_is_counted(client, settings, staff):
    settings.CONTACT_CLIENT_IP_HEADER = "X-Forwarded-For"
    staff("editor")

    def through_proxy(password, forwarded_for):
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": "editor", "password": password},
            HTTP_X_FORWARDED_FOR=forwarded_for,
            REMOTE_ADDR="10.0.0.1",  # the proxy
        )

    for attempt in range(10):
        # A new forged entry each time; the proxy appends the real address.
        through_proxy(f"guess-{attempt}", f"192.0.2.{attempt}, {OFFICE}")

    assert through_proxy(PASSWORD, OFFICE).status_code == 429
    assert signed_in(through_proxy(PASSWORD, ELSEWHERE))


def test_superusers_see_the_sign_in_failures_and_editors_do_not(
    admin_client, client, staff
):
    guess(client, "editor", 2)

    page = admin_client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    assert "editor" in page.content.decode()

    client.force_login(staff("editor"))
    assert client.get("/admin/axes/accessattempt/").status_code == 403
