"""
Uploaded media served by the app itself, for a site on a single server.

Until media move to object storage, `SERVE_MEDIA` (on by default) answers
`MEDIA_URL` from `MEDIA_ROOT` here, through Django's `FileResponse`, which hands
the file to the WSGI server's file wrapper (sendfile under gunicorn). Larger
sites let nginx serve the folder instead (README, "Deploying") with the same
headers. What the headers guarantee:

- the photos the press room cleaned and cut (hero and gallery originals, their
  renditions) open in the browser; every other file, attachments included, is
  a download with its own name (`Content-Disposition: attachment`);
- the type comes from the file's extension, which the upload checks matched to
  its content, and browsers may not guess another (`nosniff`); a file opened
  anyway runs nothing and loads nothing (`Content-Security-Policy: sandbox`);
- renditions, whose names carry a hash of their content, are cached for a
  year; other files are revalidated (`Last-Modified`, 304), so a replaced or
  withdrawn attachment is not served from a cache;
- only files inside `MEDIA_ROOT`: no folder listings, no way out with `../`.
"""

import mimetypes
import os
import posixpath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import path
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from pressroom import images
from pressroom.models import ATTACHMENT_TYPES, Release, ReleaseImage

CONTENT_TYPES = {
    extension: content_type for extension, (content_type, _) in ATTACHMENT_TYPES.items()
} | {".webp": "image/webp"}
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp"}
MEDIA_POLICY = "default-src 'none'; sandbox"
RENDITION_CACHE = "public, max-age=31536000, immutable"


def _folder(field):
    """The fixed part of an upload field's folder: "releases/hero/"."""
    return field.upload_to.split("%", 1)[0]


def inline_folders():
    return (
        _folder(Release._meta.get_field("hero_image")),
        _folder(ReleaseImage._meta.get_field("image")),
        f"{images.RENDITIONS_FOLDER}/",
    )


@require_safe
def serve_media(request, name):
    """A file under MEDIA_ROOT, with the headers the module docstring lists."""
    try:
        # FileSystemStorage.path() refuses any name that resolves outside
        # MEDIA_ROOT (`../`, an absolute path). Opening a folder fails (no
        # listing), and so does a NUL byte in the name (ValueError). A storage
        # without local files cannot be served from here (NotImplementedError).
        file = open(default_storage.path(name), "rb")  # FileResponse closes it
    except (SuspiciousFileOperation, OSError, ValueError, NotImplementedError) as error:
        raise Http404 from error
    modified = os.fstat(file.fileno()).st_mtime
    name = posixpath.normpath(name)
    extension = posixpath.splitext(name)[1].lower()
    content_type = (
        CONTENT_TYPES.get(extension)
        or mimetypes.guess_type(name)[0]
        or "application/octet-stream"
    )
    inline = content_type in INLINE_TYPES and name.startswith(inline_folders())
    response = FileResponse(
        file,
        as_attachment=not inline,
        filename=posixpath.basename(name),
        content_type=content_type,
    )
    response["Last-Modified"] = http_date(modified)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_POLICY
    if name.startswith(f"{images.RENDITIONS_FOLDER}/"):
        response["Cache-Control"] = RENDITION_CACHE
    else:
        response["Cache-Control"] = "no-cache"
    return response


def urlpatterns():
    """The media route, or none when something else serves MEDIA_URL (nginx,
    object storage on another host)."""
    prefix = settings.MEDIA_URL
    if not settings.SERVE_MEDIA or urlsplit(prefix).netloc or not prefix.strip("/"):
        return []
    return [path(f"{prefix.lstrip('/')}<path:name>", serve_media, name="media")]
