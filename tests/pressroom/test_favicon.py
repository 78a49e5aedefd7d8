from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_favicon_ico_redirects_permanently_to_the_svg_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == static("img/favicon.svg")
    assert finders.find("img/favicon.svg")


def test_favicon_address_follows_the_static_url_of_each_request(client, settings):
    settings.STATIC_URL = "/assets/"

    response = client.get("/favicon.ico")

    assert response["Location"] == "/assets/img/favicon.svg"
