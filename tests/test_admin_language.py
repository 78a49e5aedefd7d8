"""The admin follows its user's language (newsroom/admin_language.py)."""

from importlib import import_module

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db


def in_language(language, message):
    """A string of Django's admin as its catalogue has it in `language`."""
    with translation.override(language):
        return translation.gettext(message)


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [("zh-Hant,zh;q=0.8,en;q=0.5", "zh-hant"), ("zh-CN,zh;q=0.9", "zh-hans")],
)
def test_the_admin_speaks_the_language_of_the_staff_members_browser(
    admin_client, accept_language, language
):
    response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 200
    html = response.content.decode()
    log_out = in_language(language, "Log out")
    assert log_out != "Log out"
    assert log_out in html
    assert in_language(language, "Site administration") in html
    assert response["Content-Language"] == language


def test_the_language_cookie_wins_over_the_browser(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    response = admin_client.get(
        "/admin/pressroom/release/", HTTP_ACCEPT_LANGUAGE="zh-Hant"
    )

    assert in_language("zh-hans", "Log out") in response.content.decode()
    assert in_language("zh-hant", "Log out") not in response.content.decode()


def test_the_admin_stays_english_for_an_english_browser(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert "Log out" in response.content.decode()
    assert response["Content-Language"] == "en"


def test_the_sign_in_page_is_in_the_browsers_language_too(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="zh-Hant")

    assert in_language("zh-hant", "Log in") in response.content.decode()


def test_the_public_site_is_not_switched_by_an_admin_visit(admin_client):
    admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-Hant")

    # The next request on this thread starts from the site's language again.
    assert translation.get_language() == settings.LANGUAGE_CODE


# The public site's set-up: its pages under i18n_patterns, English unprefixed
# (newsroom/urls.py).
urlpatterns = import_module("newsroom.urls").urlpatterns


@pytest.mark.urls(__name__)
def test_the_admin_wins_over_the_public_sites_english_default(admin_client, settings):
    # LocaleMiddleware makes every unprefixed address English, /admin/ too;
    # wherever it stands, the admin's language is the staff member's.
    locale = "django.middleware.locale.LocaleMiddleware"
    site_middleware = [name for name in settings.MIDDLEWARE if name != locale]
    sessions = site_middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    for position in (sessions + 1, len(site_middleware)):
        middleware = list(site_middleware)
        middleware.insert(position, locale)
        settings.MIDDLEWARE = middleware

        response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-Hant")

        assert in_language("zh-hant", "Log out") in response.content.decode()
        assert response["Content-Language"] == "zh-hant"
