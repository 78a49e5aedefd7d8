"""
Whatever a visitor types into an address bar or a form, the answer is a page,
never a server error: odd numbers, NUL bytes, markup, very long or non-Latin text.
"""

from html.parser import HTMLParser

import pytest

from contacts.models import Enquiry
from tests.pressroom.factories import ReleaseFactory, TagFactory

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "",
    "%00",
    "abc%00def",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "1e10",
    "-1",
    "99999999999999999999999",
    "%F0%9F%93%B0",  # 📰
    "%E7%A7%91%E5%AD%B8%E5%9C%92",  # 科學園
    "%ZZ",
    "a" * 3000,
    "%25",
    "&&&&",
    "[]",
]


@pytest.fixture(autouse=True)
def releases():
    tag = TagFactory(slug="innovation")
    return [ReleaseFactory(tags=[tag]) for _ in range(3)]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("parameter", ["q", "tag", "year", "page"])
def test_news_list_answers_any_query_parameter_without_a_server_error(
    client, releases, parameter, value
):
    response = client.get(f"/news/?{parameter}={value}")

    if "%00" in value:
        # Refused before any view reads it (newsroom/middleware.py).
        assert response.status_code == 400
        return
    assert response.status_code == 200
    if parameter != "q":
        # A filter or page number that makes no sense is set aside, not obeyed.
        html = response.content.decode()
        assert all(release.title in html for release in releases)


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/news/{value}/", 404),
        ("/news/tag/{value}/", 404),
        ("/news/tag/{value}/feed/", 404),
        ("/contact/unsubscribe/{value}/", 404),
        ("/news/tag/innovation/?page={value}", 200),
        ("/sitemap.xml?p={value}", 404),
    ],
)
def test_public_urls_answer_hostile_path_values_without_a_server_error(
    client, path, status, value
):
    response = client.get(path.format(value=value))

    # A NUL character is refused before any view reads it (newsroom/middleware.py).
    assert response.status_code == (400 if "%00" in value else status)


@pytest.mark.parametrize(
    ("header", "statuses"),
    [
        # A validator that matches nothing must not pass for "not modified".
        ({"HTTP_IF_NONE_MATCH": '"%00garbage"'}, {200}),
        ({"HTTP_IF_MODIFIED_SINCE": "not a date"}, {200}),
        # Nothing changed since 9999, so 304 is true; ignoring the date is too.
        ({"HTTP_IF_MODIFIED_SINCE": "Wed, 31 Dec 9999 23:59:59 GMT"}, {200, 304}),
        ({"HTTP_USER_AGENT": "x" * 5000}, {200}),
        ({"HTTP_ACCEPT_LANGUAGE": "zh-Hant-HK;q=abc"}, {200}),
    ],
)
@pytest.mark.parametrize("path", ["/", "/news/", "/news/feed/", "/contact/"])
def test_odd_request_headers_never_cause_a_server_error(client, path, header, statuses):
    response = client.get(path, **header)

    assert response.status_code in statuses


class ShownForm(HTMLParser):
    """A form shown again, as a visitor sees it: each field's value and errors."""

    def __init__(self):
        super().__init__()
        self.values, self.errors = {}, {}
        self._textarea = self._errors_of = None
        self._in_error = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        element_id = attrs.get("id") or ""
        if tag == "input" and attrs.get("name"):
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.values[self._textarea] = ""
        elif tag == "div" and element_id.startswith("id_"):
            if element_id.endswith("_error"):
                self._errors_of = element_id.removeprefix("id_").removesuffix("_error")
                self.errors[self._errors_of] = []
        elif tag == "strong" and self._errors_of:
            self._in_error = True
            self.errors[self._errors_of].append("")

    def handle_endtag(self, tag):
        if tag == "textarea":
            # HTML ignores the newline that opens a textarea's content.
            value = self.values[self._textarea]
            self.values[self._textarea] = value.removeprefix("\n")
            self._textarea = None
        elif tag == "strong":
            self._in_error = False
        elif tag == "div":
            self._errors_of = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data
        elif self._in_error:
            self.errors[self._errors_of][-1] += data


TEXT_FIELDS = ["name", "email", "phone", "organisation", "subject", "message"]
LIMITS = {"name": 100, "email": 254, "phone": 32, "organisation": 200, "subject": 200}
NUL = "abc\x00def"
INVALID_TOPIC = (
    "Select a valid choice. That choice is not one of the available choices."
)
PHONE_ERROR = (
    "Enter a phone number with digits, spaces or dashes, and the country code "
    "if outside Hong Kong, e.g. +852 2123 4567."
)
MARKUP = "<b>x</b>" * 500  # 4,000 characters: a message may be that long.
LONG_CHINESE = "科學園 " * 2000  # 8,000 characters: too long even for a message.


def expected_errors(value):
    """What the form tells a visitor about each field for `value` typed in all."""
    if value == NUL:
        # Control characters are removed (newsroom/forms.py): what is left,
        # "abcdef", is a fine name, organisation, subject and message.
        return {
            "email": ["Enter a valid email address."],
            "phone": [PHONE_ERROR],
            "topic": [INVALID_TOPIC],
        }
    length = len(value.strip())  # counted as it would be stored
    too_long = {
        field: [f"Ensure this value has at most {limit} characters (it has {length})."]
        for field, limit in LIMITS.items()
    }
    if length > 5000:
        too_long["message"] = [
            f"Ensure this value has at most 5000 characters (it has {length})."
        ]
    too_long["email"].insert(0, "Enter a valid email address.")
    too_long["topic"] = [INVALID_TOPIC]
    return too_long


@pytest.mark.parametrize("value", [NUL, MARKUP, LONG_CHINESE])
def test_contact_form_explains_hostile_values_beside_each_field_and_keeps_them(
    client, value
):
    fields = ["name", "email", "phone", "organisation", "topic", "subject", "message"]

    response = client.post("/contact/", dict.fromkeys(fields, value))

    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    shown = ShownForm()
    shown.feed(response.content.decode())
    field_errors = {
        field: shown.errors[field] for field in fields if shown.errors.get(field)
    }
    assert field_errors == expected_errors(value)
    # Nothing the visitor typed is lost, not even what was refused; only
    # invisible control characters are gone.
    assert {field: shown.values[field] for field in TEXT_FIELDS} == dict.fromkeys(
        TEXT_FIELDS, value.replace("\x00", "")
    )
