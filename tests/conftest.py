import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a throwaway folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache (rate-limit counters, renditions)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english_between_tests():
    """Each test starts in English, and leaves the language as it found it.

    LocaleMiddleware activates the language of each page it serves and leaves
    it active in the thread: after a request to /zh-hant/…, a factory would
    otherwise write `title` into the Chinese column (modeltranslation writes
    the active language's).
    """
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
