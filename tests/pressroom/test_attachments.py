"""Attachments: a file is what its name says, and is served as a download."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from pressroom.forms import AttachmentField
from pressroom.models import Release
from tests.pressroom.factories import (
    ReleaseAttachmentFactory,
    make_image_bytes,
    make_pdf_bytes,
)
from tests.pressroom.test_admin import release_form

HTML = b"<html><body><script>alert(document.domain)</script></body></html>"


def clean(name, content):
    return AttachmentField().clean(SimpleUploadedFile(name, content))


def refusal(name, content):
    with pytest.raises(ValidationError) as error:
        clean(name, content)
    return error.value


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def encrypted_pdf_bytes(user_password):
    writer = PdfWriter()
    writer.add_blank_page(200, 100)
    writer.encrypt(user_password=user_password, owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("facts.pdf", b"%PDF-1.7\n" + HTML),
        ("facts.pdf", make_pdf_bytes()[:200]),  # cut off half-way
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + HTML),
        ("photo.jpeg", b"\xff\xd8\xff" + HTML),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + HTML),
        ("photo.jpg", make_image_bytes(40, 30, fmt="PNG")),  # a PNG named .jpg
    ],
)
def test_a_file_that_is_two_things_at_once_is_refused(name, content):
    error = refusal(name, content)
    assert error.code == "content_mismatch"
    assert "is not a real" in error.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("facts.pdf", make_pdf_bytes()),
        ("facts.pdf", encrypted_pdf_bytes(user_password="")),  # opens without one
        ("photo.jpg", make_image_bytes(40, 30)),
        ("photo.jpeg", make_image_bytes(40, 30)),
        ("logo.png", make_image_bytes(40, 30, fmt="PNG")),
        ("brief.docx", docx_bytes()),
    ],
)
def test_real_files_are_accepted(name, content):
    assert clean(name, content).name == name


def test_a_pdf_that_needs_a_password_is_refused_with_the_reason():
    error = refusal("facts.pdf", encrypted_pdf_bytes(user_password="secret"))
    assert error.code == "password_protected"
    assert "needs a password" in error.messages[0]


@pytest.mark.django_db
def test_the_admin_refuses_a_polyglot_and_keeps_the_rest_of_the_form(admin_client):
    data = release_form(
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "Fact sheet",
            "attachments-0-file": SimpleUploadedFile(
                "facts.pdf", b"%PDF-1.4\n" + HTML, content_type="application/pdf"
            ),
            "attachments-0-position": "0",
        }
    )
    response = admin_client.post(reverse("admin:pressroom_release_add"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "The content of this file is not a real PDF file" in content
    assert 'value="Fact sheet"' in content
    assert not Release.objects.exists()


@pytest.mark.django_db
def test_a_replaced_or_deleted_attachment_file_is_removed_after_commit(
    django_capture_on_commit_callbacks,
):
    attachment = ReleaseAttachmentFactory()
    first = attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        attachment.file = ContentFile(make_pdf_bytes("v2"), name="fact-sheet.pdf")
        attachment.save()
        assert default_storage.exists(first)  # until the commit
    second = attachment.file.name
    assert not default_storage.exists(first)
    assert default_storage.exists(second)

    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()
    assert not default_storage.exists(second)
