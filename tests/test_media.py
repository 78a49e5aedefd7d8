"""Uploaded media served by the app (SERVE_MEDIA), with DEBUG off as in production."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.utils.http import http_date

from newsroom import media
from tests.pressroom.factories import (
    ReleaseAttachmentFactory,
    ReleaseFactory,
    make_image_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    assert settings.SERVE_MEDIA


def body(response):
    return b"".join(response.streaming_content)


def test_a_rendition_is_shown_inline_and_cached_for_good(client):
    release = ReleaseFactory(with_hero=True)
    variant = release.hero_renditions["thumb"]["variants"][0]

    response = client.get(f"/media/{variant['webp']}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    with release.hero_image.storage.open(variant["webp"]) as stored:
        assert body(response) == stored.read()


def test_an_attachment_is_a_download_with_its_name_and_type(client):
    attachment = ReleaseAttachmentFactory()
    filename = attachment.file.name.rsplit("/", 1)[-1]

    response = client.get(attachment.file.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "immutable" not in response["Cache-Control"]
    assert body(response).startswith(b"%PDF-")


def test_an_image_attachment_is_a_download_too(client):
    attachment = ReleaseAttachmentFactory(
        file=ContentFile(make_image_bytes(40, 30), name="press-photo.jpg")
    )
    response = client.get(attachment.file.url)
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_missing_file_is_404(client):
    assert client.get("/media/releases/attachments/gone.pdf").status_code == 404


def test_a_name_with_a_nul_character_is_refused(client, rf):
    # The project's middleware answers first; the view holds on its own too.
    assert client.get("/media/releases/%00.pdf").status_code == 400
    with pytest.raises(Http404):
        media.serve_media(rf.get("/media/releases/x.pdf"), "releases/\x00.pdf")


def test_a_folder_is_404_not_a_listing(client):
    ReleaseAttachmentFactory()
    assert client.get("/media/releases/attachments/").status_code == 404
    assert client.get("/media/releases").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../secret.txt",
        "/media/%2e%2e/secret.txt",
        "/media/..%2fsecret.txt",
        "/media/releases/../../secret.txt",
    ],
)
def test_a_path_outside_the_media_folder_is_404(client, media_root, path):
    (media_root / "releases").mkdir(parents=True)
    secret = media_root.parent / "secret.txt"
    secret.write_text("database password")

    response = client.get(path)

    assert response.status_code == 404
    assert b"database password" not in response.content


def test_an_absolute_path_is_404(client, media_root):
    media_root.mkdir(parents=True)
    assert client.get("/media//etc/passwd").status_code == 404


def test_an_unchanged_file_answers_304(client):
    attachment = ReleaseAttachmentFactory()
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=5)
    response = client.get(
        attachment.file.url, headers={"If-Modified-Since": http_date(later.timestamp())}
    )
    assert response.status_code == 304


def test_media_are_only_read(client):
    attachment = ReleaseAttachmentFactory()
    assert client.post(attachment.file.url).status_code == 405


def test_the_route_is_left_out_when_something_else_serves_media(settings):
    assert media.urlpatterns()
    settings.SERVE_MEDIA = False
    assert media.urlpatterns() == []
    settings.SERVE_MEDIA = True
    settings.MEDIA_URL = "https://media.example.com/newsroom/"
    assert media.urlpatterns() == []
