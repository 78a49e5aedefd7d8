"""Upload fields for the press-room admin: they explain why a file is refused."""

import os
import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

from pressroom import images
from pressroom.models import ATTACHMENT_TYPES

OFFICE_EXTENSIONS = {".docx", ".xlsx", ".pptx"}


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

    The extension must be allowed and the file's first bytes must match it, so a
    renamed program or web page is refused.
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
