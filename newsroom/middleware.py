"""Project-wide request checks that no single view should have to repeat."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNullCharactersMiddleware:
    """
    Answer 400 to a request whose address or query string holds a NUL character.

    PostgreSQL cannot store or compare text holding NUL, so one reaching a
    filter, a search or the export log is a server error, whichever page (or
    admin list, or filter) it arrives at; refusing it here covers every page
    at once. Other bad bytes need nothing: Django decodes query strings with
    replacement characters, which PostgreSQL takes, so invalid UTF-8 (lone
    surrogates, overlong forms) never reaches the database as such.

    Form fields are left to the forms: every CharField refuses NUL with a
    message beside the field (ProhibitNullCharactersValidator), so a visitor
    keeps what they typed instead of meeting a bare error page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                _(
                    "The address holds a null character (%00), which no page "
                    "accepts. Please remove it and try again."
                ),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
