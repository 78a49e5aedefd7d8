"""The admin in the staff member's language."""

from django.contrib import admin
from django.utils import translation
from django.utils.cache import patch_vary_headers


class AdminLanguageMiddleware:
    """Show the admin in the language its user asked for.

    The public site's addresses carry their language (/zh-hant/news/), and an
    unprefixed one is English: LocaleMiddleware with `i18n_patterns(...,
    prefix_default_language=False)` activates English for /admin/ too. Staff
    get instead the language of the site's language cookie (chosen with the
    public site's switcher) or of their browser (Accept-Language), in which
    Django's admin ships its own translations.

    It acts in `process_view`, which runs after every middleware's request
    phase, so wherever it stands in MIDDLEWARE LocaleMiddleware cannot undo
    it; and for the admin's views only (its namespace), wherever the admin
    is mounted. The previous language comes back after the response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        previous = translation.get_language()
        response = self.get_response(request)
        language = getattr(request, "admin_language", None)
        if language:
            response.headers["Content-Language"] = language
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
            translation.activate(previous)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if admin.site.name not in request.resolver_match.namespaces:
            return None
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = request.admin_language = translation.get_language()
        return None
