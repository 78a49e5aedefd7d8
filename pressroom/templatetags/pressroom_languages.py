"""The public pages' languages in templates: `<html lang>`, the header's
switcher, `hreflang` alternates, and dates as each language writes them."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.dateformat import format as format_date
from django.utils.http import urlencode
from django.utils.timezone import localtime

from newsroom.languages import SWITCHER_NAMES, language_tag, translated_path
from pressroom import seo

register = template.Library()

# English dates as a Hong Kong newsroom writes them ("15 Apr 2024", "15 April
# 2024"), not as Django's English locale does (US: "April 15, 2024"). Other
# languages take their own locale's formats (Django's zh_Hant and zh_Hans:
# "2024年4月15日", "2024年4月15日 09:30").
ENGLISH_DATE_FORMATS = {"short": "j M Y", "long": "j F Y", "datetime": "j M Y, H:i"}
LOCALE_DATE_FORMATS = {
    "short": "SHORT_DATE_FORMAT",
    "long": "DATE_FORMAT",
    "datetime": "SHORT_DATETIME_FORMAT",
}


@register.filter
def bcp47(code):
    """A Django language code as a BCP 47 tag ("zh-hant" is "zh-Hant")."""
    return language_tag(code or settings.LANGUAGE_CODE)


@register.filter
def public_date(value, style="short"):
    """`value` (an aware datetime) in the reader's time zone and language:
    `short` on lists, `long` in a release's dateline, `datetime` with the time."""
    if not value:
        return ""
    if translation.get_language() == "en":
        pattern = ENGLISH_DATE_FORMATS[style]
    else:
        pattern = formats.get_format(LOCALE_DATE_FORMATS[style])
    return format_date(localtime(value), pattern)


@register.filter
def text_language(release):
    """The language `release`'s text is shown in on this page (see
    `pressroom.seo.text_language`). Pages mark English text shown under
    another language's address `lang="en"`, and label it."""
    return seo.text_language(release)


@register.filter
def english_only_here(release):
    """Whether this page, in another language, shows `release` in English."""
    return text_language(release) != translation.get_language()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The header switcher's links: one per language, to `switch_language`
    with this page's address, so the reader lands on the same page (query
    string kept) and the choice is remembered."""
    request = context.get("request")
    current = translation.get_language()
    here = request.get_full_path() if request else "/"
    return [
        {
            "code": code,
            "tag": language_tag(code),
            "name": SWITCHER_NAMES.get(code, code),
            "url": reverse("switch-language", args=[code])
            + "?"
            + urlencode({"next": here}),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag
def page_in(path, code):
    """The page at `path` in the language `code` (see `translated_path`)."""
    return translated_path(path, code)
