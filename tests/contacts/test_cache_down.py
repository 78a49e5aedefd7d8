"""
The Contact Us form with the cache (Redis) unreachable: enquiries are still
taken. The rate limit fails open, with a warning that names no visitor.
"""

import logging

import pytest

from contacts import antispam
from contacts.models import ConsentWording, Enquiry

pytestmark = pytest.mark.django_db

UNREACHABLE = "redis://127.0.0.1:1/0"  # Nothing listens on port 1.


@pytest.fixture(
    params=[
        # Django's own backend raises on every call.
        {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
        # django-redis told to ignore errors answers None or False instead.
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        },
    ],
    ids=["raising", "silent"],
)
def cache_down(request, settings):
    settings.CACHES = {"default": {**request.param, "LOCATION": UNREACHABLE}}


def fresh_page(form_data):
    return {
        **form_data,
        "form_token": antispam.sign_form_token(
            wording_id=ConsentWording.objects.current().pk
        ),
    }


def test_contact_form_takes_enquiries_with_the_cache_down(
    client, form_data, settings, cache_down, caplog
):
    settings.CONTACT_RATE_LIMIT = "1/h"

    assert client.get("/contact/").status_code == 200
    with caplog.at_level(logging.WARNING, logger="contacts.antispam"):
        first = client.post("/contact/", fresh_page(form_data))
        second = client.post("/contact/", fresh_page(form_data))

    assert first.status_code == second.status_code == 302
    assert Enquiry.objects.count() == 2
    warnings = [r.getMessage() for r in caplog.records if r.name == "contacts.antispam"]
    assert warnings and all("rate limit" in warning for warning in warnings)
    assert not any("127.0.0.1" in warning for warning in warnings)
    assert not any(form_data["email"] in warning for warning in warnings)


def test_a_double_click_still_stores_one_enquiry_with_the_cache_down(
    client, form_data, cache_down
):
    assert client.post("/contact/", form_data).status_code == 302
    assert client.post("/contact/", form_data).status_code == 302

    assert Enquiry.objects.count() == 1


def test_mistakes_are_still_explained_with_the_cache_down(
    client, form_data, cache_down
):
    form_data["email"] = "not-an-email"

    response = client.post("/contact/", form_data)

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not Enquiry.objects.exists()
