"""The press-room admin's forms: pasted text cleaned, uploads explained."""

import os
import warnings
import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader

from newsroom.forms import PastedTextMixin
from pressroom import images
from pressroom.models import ATTACHMENT_TYPES

OFFICE_EXTENSIONS = {".docx", ".xlsx", ".pptx"}
# What Pillow must find inside an image attachment, by its extension.
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}


class PressRoomAdminForm(PastedTextMixin, forms.ModelForm):
    """The form of every press-room admin page and inline."""


class PressImageField(forms.ImageField):
    """An image upload checked by `pressroom.images.check_image_upload`.

    Django's own ImageField reports a decompression bomb or an oversize photo as
    "not a valid image"; editors get the real reason instead.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        image = images.check_image_upload(upload)
        upload.image = image
        upload.content_type = Image.MIME.get(image.format)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs


class AttachmentField(forms.FileField):
    """A download for journalists: PDF, ZIP photo pack, Office file, JPEG or PNG.

    The extension must be allowed, the file's first bytes must match it, and
    the content must hold together as that type (a PDF's structure read by
    pypdf, an image's by Pillow, a ZIP's directory by zipfile), so a renamed
    program or web page is refused, and so is a file that is two things at once
    (a PDF header or JPEG marker followed by a web page).
    """

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        extension = os.path.splitext(upload.name)[1].lower()
        if extension not in ATTACHMENT_TYPES:
            raise ValidationError(
                _(
                    "“%(extension)s” files cannot be attached. Allowed: PDF, ZIP, "
                    "DOCX, XLSX, PPTX, JPEG and PNG."
                ),
                code="file_type",
                params={"extension": extension or upload.name},
            )
        limit = settings.PRESSROOM_MAX_ATTACHMENT_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("This file is %(size)s; the limit is %(limit)s."),
                code="too_large",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                },
            )
        _content_type, magic = ATTACHMENT_TYPES[extension]
        upload.seek(0)
        head = upload.read(len(magic))
        upload.seek(0)
        looks_right = head == magic
        if looks_right and magic.startswith(b"PK"):
            looks_right = self._is_sound_zip(
                upload, office=extension in OFFICE_EXTENSIONS
            )
        elif looks_right and extension == ".pdf":
            looks_right = self._is_sound_pdf(upload)
        elif looks_right and extension in IMAGE_FORMATS:
            looks_right = self._is_sound_image(upload, IMAGE_FORMATS[extension])
        if not looks_right:
            raise ValidationError(
                _(
                    "The content of this file is not a real %(type)s file, although "
                    "its name ends in %(extension)s. Please check the file and "
                    "upload it again."
                ),
                code="content_mismatch",
                params={"type": extension.lstrip(".").upper(), "extension": extension},
            )
        return upload

    @staticmethod
    def _is_sound_zip(upload, *, office):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
        # Word, Excel and PowerPoint files are ZIPs with this manifest inside.
        return not office or "[Content_Types].xml" in names

    @staticmethod
    def _is_sound_pdf(upload):
        """Whether pypdf finds a PDF's structure (cross-references, trailer,
        at least one page) in the file.

        Read leniently, as PDF readers do, so slightly untidy files from real
        software pass; a header followed by anything else does not.
        """
        try:
            reader = PdfReader(upload)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ValidationError(
                    _(
                        "This PDF needs a password to open, so readers could not "
                        "open it. Please upload a copy without a password."
                    ),
                    code="password_protected",
                )
            return len(reader.pages) > 0
        except ValidationError:
            raise
        # A parser of untrusted bytes: whatever it raises, the file is not a
        # sound PDF.
        except Exception:
            return False
        finally:
            upload.seek(0)

    @staticmethod
    def _is_sound_image(upload, expected_format):
        """Whether Pillow reads the file as an image of the expected format.

        `verify()` checks the structure without decoding the pixels, so a
        print-resolution photo costs no memory.
        """
        try:
            with warnings.catch_warnings():
                # Pixels are never decoded here; only the images pressroom.images
                # processes are held to the pixel limit.
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(upload) as image:
                    found_format = image.format
                    image.verify()
        except (Image.DecompressionBombError, OSError, SyntaxError, ValueError):
            return False
        finally:
            upload.seek(0)
        return found_format == expected_format
