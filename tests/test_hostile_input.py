"""
Whatever a visitor types into an address bar or a form, the answer is a page,
never a server error: odd numbers, NUL bytes, markup, very long or non-Latin text.
"""

import pytest

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
    client, parameter, value
):
    response = client.get(f"/news/?{parameter}={value}")

    # 400: a NUL character (newsroom/middleware.py).
    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize(
    "path",
    [
        "/news/{value}/",
        "/news/tag/{value}/",
        "/news/tag/{value}/feed/",
        "/contact/unsubscribe/{value}/",
        "/news/tag/innovation/?page={value}",
        "/sitemap.xml?p={value}",
    ],
)
def test_public_urls_answer_hostile_path_values_without_a_server_error(
    client, path, value
):
    response = client.get(path.format(value=value))

    assert response.status_code in (200, 301, 400, 404)


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_IF_NONE_MATCH": '"%00garbage"'},
        {"HTTP_IF_MODIFIED_SINCE": "not a date"},
        {"HTTP_IF_MODIFIED_SINCE": "Wed, 31 Dec 9999 23:59:59 GMT"},
        {"HTTP_USER_AGENT": "x" * 5000},
        {"HTTP_ACCEPT_LANGUAGE": "zh-Hant-HK;q=abc"},
    ],
)
@pytest.mark.parametrize("path", ["/", "/news/", "/news/feed/", "/contact/"])
def test_odd_request_headers_never_cause_a_server_error(client, path, header):
    response = client.get(path, **header)

    assert response.status_code in (200, 304)


@pytest.mark.parametrize("value", ["abc\x00def", "<b>x</b>" * 500, "科學園 " * 2000])
def test_contact_form_answers_hostile_field_values_with_a_page(client, value):
    fields = ["name", "email", "phone", "organisation", "topic", "subject", "message"]

    response = client.post("/contact/", dict.fromkeys(fields, value))

    assert response.status_code == 200
    assert "error" in response.content.decode().lower()
