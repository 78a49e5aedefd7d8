"""Security headers on every response (newsroom/headers.py)."""

import pytest
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns
from tests.pressroom.factories import ReleaseFactory

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken), *site_urlpatterns]


def assert_hardened(response):
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert "browsing-topics=()" in policy
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "address",
    ["/", "release", "/news/feed/", "/news/feed/atom/", "/sitemap.xml", "/healthz"],
)
def test_pages_and_feeds_deny_browser_features_and_cross_origin_use(client, address):
    release = ReleaseFactory()
    address = release.get_absolute_url() if address == "release" else address

    response = client.get(address)

    assert response.status_code == 200
    assert_hardened(response)


def test_static_files_served_by_whitenoise_carry_them(client, settings):
    # As in production, WhiteNoise answers before Django's views do; here it
    # finds the files where collectstatic would.
    settings.WHITENOISE_USE_FINDERS = True

    response = client.get("/static/img/favicon.svg")

    assert response.status_code == 200
    assert_hardened(response)


def test_the_admin_carries_them(admin_client):
    assert_hardened(admin_client.get("/admin/"))


def test_a_not_found_page_carries_them(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert_hardened(response)


@pytest.mark.urls(__name__)
def test_a_server_error_page_carries_them(client):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    assert_hardened(response)
