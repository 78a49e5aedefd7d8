import pytest

from tests.contacts.factories import EnquiryTopicFactory, UserFactory


@pytest.fixture(autouse=True)
def contact_settings(settings):
    """No waiting for the minimum fill time; a known staff address to notify."""
    settings.CONTACT_MIN_FILL_SECONDS = 0
    settings.CONTACT_NOTIFY_EMAILS = ["enquiries@newsroom.test"]
    settings.CONTACT_RATE_LIMIT = "5/h"
    settings.CONTACT_CLIENT_IP_HEADER = ""
    settings.SITE_URL = "https://news.example.com"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture
def topic(db):
    return EnquiryTopicFactory(name="Media enquiry", slug="media")


@pytest.fixture
def handler(db):
    return UserFactory(username="handler", groups=["Enquiry handlers"])


@pytest.fixture
def exporter(db):
    return UserFactory(username="exporter", groups=["Marketing exporters"])


@pytest.fixture
def superuser(db):
    return UserFactory(username="boss", is_superuser=True)


@pytest.fixture
def form_data(topic):
    """A complete, valid Contact Us submission, as the browser would post it."""
    from contacts import antispam
    from contacts.models import ConsentWording

    return {
        "name": "陳大文",
        "email": "chan.taiman@example.com",
        "phone": "+852 2123 4567",
        "organisation": "Harbour Arts Centre",
        "topic": str(topic.pk),
        "subject": "Interview request",
        "message": "Could your spokesperson speak to us on Friday?",
        "privacy_acknowledged": "on",
        "website": "",
        "form_token": antispam.sign_form_token(
            wording_id=ConsentWording.objects.current().pk
        ),
    }


@pytest.fixture
def language_urls(settings):
    """
    Pages chosen by their language prefix, as on the site: LocaleMiddleware,
    and the site's URLconf with i18n_patterns (tests.contacts.language_urls
    until newsroom.urls has them).
    """
    from django.conf.urls.i18n import is_language_prefix_patterns_used
    from django.utils import translation

    locale = "django.middleware.locale.LocaleMiddleware"
    if locale not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        sessions = "django.contrib.sessions.middleware.SessionMiddleware"
        middleware.insert(middleware.index(sessions) + 1, locale)
        settings.MIDDLEWARE = middleware
    if not is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]:
        settings.ROOT_URLCONF = "tests.contacts.language_urls"
    # LocaleMiddleware leaves the last request's language active in the
    # thread: the next test would reverse() and gettext() in it.
    translation.deactivate()
    yield settings
    translation.deactivate()


def localised(name, language, **kwargs):
    """The path of URL `name` in `language` (/zh-hant/… for Chinese)."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse(name, **kwargs)
