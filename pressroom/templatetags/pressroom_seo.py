import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the
# <script> element or open a comment, whatever an editor typed into a title.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """`data` as a `<script type="application/ld+json">` element.

    Django's `json_script` filter writes `type="application/json"`, which search
    engines do not read as structured data.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(payload)
    )


def _path_with(path, query):
    # Empty fields of a submitted filter form ("?q=&year=") add nothing.
    for name in [name for name, value in query.items() if not value]:
        query.pop(name)
    encoded = query.urlencode()
    return f"{path}?{encoded}" if encoded else path


@register.simple_tag(takes_context=True)
def query_without(context, *names):
    """This page's address without the parameters `names` (nor the page number).

    Used for the "remove this filter" chips and for pagination links, so that
    taking a filter away keeps the others.
    """
    query = context["request"].GET.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    return _path_with(context["request"].path, query)


@register.simple_tag(takes_context=True)
def query_with_page(context, number):
    """This page's address with `page` set to `number` (page 1 has none)."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if number != 1:
        query["page"] = number
    return _path_with(context["request"].path, query)
