"""
The public site's languages: English at today's addresses, Chinese under
/zh-hant/ and /zh-hans/ (i18n_patterns in newsroom/urls.py), and the reader's
choice between them.

The header's switcher is a set of plain links to `switch_language`: public
pages are cached and carry no CSRF token, so a form posting to Django's
`set_language` is not an option. Following one stores the choice in the
language cookie and leads to the same page in that language. Addresses decide
the language of every page; the cookie (or, before any choice, the browser's
Accept-Language) is only asked when a reader opens the bare home page `/`.
"""

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# How the switcher names each language: in that language, never translated, so
# a reader who cannot read the page still finds their own.
SWITCHER_NAMES = {"en": "English", "zh-hant": "繁體", "zh-hans": "简体"}


def language_tag(code):
    """The BCP 47 tag of a Django language code, as `lang` attributes, RSS and
    Atom want it: "zh-hant" is "zh-Hant", "en-gb" "en-GB"."""
    return translation.to_locale(code).replace("_", "-")


def translated_path(path, language):
    """`path` (query string kept) as the same page in `language`.

    The path is resolved in its own language (its prefix says which): Django's
    `translate_url` resolves in the active one, and so would not recognise
    /zh-hant/news/ from an English request. An address that is no page of the
    site's, or has no other language (/admin/), comes back unchanged.
    """
    own = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(own):
        return translate_url(path, language)


@never_cache
@require_safe
def switch_language(request, language):
    """Remember `language` as the reader's choice, and show them the page they
    were reading (`?next=`) in it.

    A GET, so that the switcher can be links in cached pages; what it changes
    is a preference cookie, nothing stored on the server.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(translated_path(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def preferred_home(view):
    """The home page view, sending a reader who opens the English home page `/`
    and prefers another language to the home page in it: by the switcher's
    cookie, or, before any choice, by their browser's Accept-Language.

    That answer depends on the request's headers, not its address, so neither
    the redirect nor the English page may be kept by a shared cache for
    everyone: the redirect is never cached (nor stored in the page cache: this
    runs before it), and both say what they vary on. Other pages keep the
    language of their address, so that a link shared is the page its sender saw.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if translation.get_language_from_path(request.path_info):
            return view(request, *args, **kwargs)
        preferred = translation.get_language_from_request(request)
        if preferred == settings.LANGUAGE_CODE:
            response = view(request, *args, **kwargs)
        else:
            response = HttpResponseRedirect(
                translated_path(request.get_full_path(), preferred)
            )
            add_never_cache_headers(response)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return wrapper
