"""
Press images: checked on upload, cleaned once, and cut into renditions once.

An uploaded photo is checked by its content (never its file name), turned upright
by its EXIF orientation and re-encoded without its metadata (camera serials, GPS
position) before it is stored. The renditions pages need (list thumbnail, detail
widths, social card) are made from it in the same step, in WebP plus a JPEG (or
PNG, for transparent images) fallback, and stored through Django's storage API.
Their names and pixel sizes are kept on the model, so a page can write
`srcset`, `width` and `height` without opening a file or running a query.

A rendition's name carries a hash of its content, so an address never names two
different pictures and browsers may cache renditions for good. Files follow the
row they belong to: a save that fails removes the files it wrote, and the files
a save or delete makes obsolete are removed only once the transaction commits,
so a rollback leaves the page and its pictures as they were.
"""

import contextlib
import functools
import hashlib
import io
import posixpath
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# The formats a newsroom photo arrives in; anything else is refused with a message.
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}

# List thumbnails and social cards are crops (3:2, 1.9:1): of an image more than
# this many times as long as it is wide they would show a sliver. Panoramas (about
# 10:1) and long infographics pass.
MAX_ASPECT_RATIO = 20

# Where renditions are stored; their names are unique (see _cut_renditions).
RENDITIONS_FOLDER = "releases/renditions"

# WebP stores at most this many pixels a side; longer renditions are scaled down.
MAX_RENDITION_SIDE = 16383


@dataclass(frozen=True)
class RenditionSpec:
    """How to cut one rendition: its widths, and an aspect ratio to crop to."""

    widths: tuple[int, ...]
    crop: tuple[int, int] | None = None  # (width, height) ratio; None keeps the shape
    upscale: bool = False


# The list thumbnail is cropped to 3:2 so news lists line up; the detail image
# keeps the photographer's framing; the social card is the 1200x630 that Open
# Graph and Twitter cards expect, whatever the original size.
RENDITIONS = {
    "thumb": RenditionSpec(widths=(320, 640), crop=(3, 2)),
    "detail": RenditionSpec(widths=(640, 960, 1280, 1600)),
    "social": RenditionSpec(widths=(1200,), crop=(1200, 630), upscale=True),
}
GALLERY_RENDITIONS = ("thumb", "detail")
HERO_RENDITIONS = ("thumb", "detail", "social")

WEBP_QUALITY = 80
# Renditions are cut while the editor's save request waits: WebP's method 2 encodes
# about twice as fast as its default (4) for files some 8 per cent larger.
WEBP_METHOD = 2
JPEG_QUALITY = 85


INVALID_IMAGE = _(
    "This file is not an image, or it is damaged. Please upload a JPEG, PNG or WebP "
    "photo."
)


def check_image_upload(file):
    """Refuse an upload that is not a usable photo; return the opened image.

    Raises `ValidationError` with a code (`too_large`, `decompression_bomb`,
    `invalid_image`, `unsupported_format`, `aspect_ratio`, `too_many_pixels`) and
    a message an editor can act on.
    """
    max_bytes = settings.PRESSROOM_MAX_IMAGE_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _(
                "This image is %(size)s; the limit is %(limit)s. Please upload a "
                "smaller file."
            ),
            code="too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(max_bytes),
            },
        )
    file.seek(0)
    try:
        # Pillow only warns between its limit and twice its limit; a warning
        # must refuse the upload too.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _(
                "This image has too many pixels to be processed safely (it may be a "
                "“decompression bomb”). Please upload an image of at most %(limit)s "
                "megapixels."
            ),
            code="decompression_bomb",
            params={"limit": settings.PRESSROOM_MAX_IMAGE_PIXELS // 1_000_000},
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(INVALID_IMAGE, code="invalid_image") from exc
    finally:
        file.seek(0)
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _(
                "%(format)s images are not accepted. Please upload a JPEG, PNG or "
                "WebP photo."
            ),
            code="unsupported_format",
            params={"format": image.format},
        )
    width, height = image.size
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ValidationError(
            _(
                "This image is %(width)s by %(height)s pixels: one side is more than "
                "%(limit)s times the other, too narrow to show as a photo or a "
                "thumbnail. Please crop it, or attach it as a file instead."
            ),
            code="aspect_ratio",
            params={"width": width, "height": height, "limit": MAX_ASPECT_RATIO},
        )
    if width * height > settings.PRESSROOM_MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "This image is %(width)s by %(height)s pixels; the limit is %(limit)s "
                "megapixels. Please upload a smaller image."
            ),
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "limit": settings.PRESSROOM_MAX_IMAGE_PIXELS // 1_000_000,
            },
        )
    _check_decodes(file)
    return image


def _check_decodes(file):
    """Refuse an image whose pixels cannot all be read.

    `verify()` does not decode a JPEG, so a photo cut short passed it and then
    failed when its renditions were cut, as a server error. A JPEG is decoded
    at an eighth of its size (its draft mode still reads every byte), so the
    check costs little.
    """
    try:
        with Image.open(file) as image:
            eighth = (max(1, image.width // 8), max(1, image.height // 8))
            image.draft(image.mode, eighth)
            image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(INVALID_IMAGE, code="invalid_image") from exc
    finally:
        file.seek(0)


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _fallback_format(image):
    return (
        ("PNG", "image/png", "png")
        if _has_alpha(image)
        else (
            "JPEG",
            "image/jpeg",
            "jpg",
        )
    )


def _rendition_size(spec, width, image):
    """The (width, height) of a rendition `width` pixels wide, at least 1x1."""
    if spec.crop:
        ratio_w, ratio_h = spec.crop
        height = width * ratio_h / ratio_w
    else:
        height = image.height * width / image.width
    return width, min(max(1, round(height)), MAX_RENDITION_SIDE)


def _largest_width(spec, image):
    """The widest rendition the original gives without being blown up.

    A crop is at most as wide as the largest box of its ratio inside the image
    (for a 20000x1 line, a 1-pixel thumbnail, not a sliver stretched to 320
    pixels); a rendition is at most MAX_RENDITION_SIDE pixels long either way.
    """
    width = image.width
    if spec.crop:
        ratio_w, ratio_h = spec.crop
        width = min(width, image.height * ratio_w // ratio_h)
        longest = max(ratio_w, ratio_h)
        width = min(width, MAX_RENDITION_SIDE * ratio_w // longest)
    elif image.height > MAX_RENDITION_SIDE:
        width = min(width, MAX_RENDITION_SIDE * image.width // image.height)
    return max(1, width)


def _resize(image, spec, size):
    if spec.crop:
        return ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _sizes_for(spec, image):
    """The (width, height) of each rendition a spec makes of an image."""
    if spec.upscale:
        widths = list(spec.widths)
    else:
        largest = _largest_width(spec, image)
        widths = [w for w in spec.widths if w < largest]
        # An image narrower than the largest width is served at its own width
        # rather than blown up.
        if len(widths) < len(spec.widths):
            widths.append(largest)
    return [_rendition_size(spec, width, image) for width in widths]


def process_upload(fieldfile, *, renditions):
    """Store a cleaned original and its renditions; return the rendition record.

    `fieldfile` is a model's uncommitted image (just assigned from an upload or a
    `File`). The original is replaced in storage by an upright, metadata-free copy;
    the returned dict goes into the model's JSON field. If anything fails, the
    files written so far are removed before the error goes on.
    """
    storage = fieldfile.storage
    upload = fieldfile.file
    upload.seek(0)
    with Image.open(upload) as source:
        source_format = source.format
        icc_profile = source.info.get("icc_profile")
        source.load()
        image = ImageOps.exif_transpose(source)

    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        # A CMYK profile would mislabel the converted RGB pixels.
        icc_profile = None if image.mode == "CMYK" else icc_profile
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    # Re-encoding without `exif=` drops EXIF (GPS, camera serial) and XMP; the
    # colour profile is kept because it is not personal and photos need it.
    keep = {"icc_profile": icc_profile} if icc_profile else {}
    if source_format == "JPEG":
        data = _encode(image.convert("RGB"), "JPEG", quality=92, optimize=True, **keep)
    elif source_format == "WEBP":
        data = _encode(image, "WEBP", quality=92, **keep)
    else:
        data = _encode(image, "PNG", optimize=True, **keep)
        source_format = "PNG"
    stem, _ext = posixpath.splitext(posixpath.basename(fieldfile.name))
    extension = {"JPEG": ".jpg", "WEBP": ".webp", "PNG": ".png"}[source_format]
    fieldfile.save(f"{stem}{extension}", ContentFile(data), save=False)
    try:
        return _cut_renditions(storage, image, stem=stem, renditions=renditions)
    except BaseException:
        storage.delete(fieldfile.name)
        raise


def rebuild_renditions(fieldfile, *, renditions):
    """Cut the renditions again from a stored original; return the new record.

    For `manage.py rebuild_renditions`: after rendition files were lost, or
    when the rendition sizes change. The original was cleaned when it was
    uploaded (upright, no metadata), so it is only read here, never rewritten.
    The caller removes the old record's files (`delete_stale_renditions`) once
    the new record is stored.
    """
    storage = fieldfile.storage
    with fieldfile.open("rb"), Image.open(fieldfile) as source:
        source.load()
        image = source.copy()
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    stem, _ext = posixpath.splitext(posixpath.basename(fieldfile.name))
    return _cut_renditions(storage, image, stem=stem, renditions=renditions)


@contextlib.contextmanager
def renditions_saved_with(instance, *, field, record, renditions):
    """Keep an image's files in step with the row being saved in the block.

    A new upload in `field` is cleaned and cut into `renditions` (stored in the
    JSON field `record`); a cleared image loses its record. If the block (the
    row's save) fails, the files just written are removed. The renditions the
    save replaced are removed once the transaction commits, so a rollback keeps
    them for the row it keeps; the replaced original is django-cleanup's.
    """
    fieldfile = getattr(instance, field)
    old = getattr(instance, record) or {}
    written = []
    if fieldfile and not fieldfile._committed:
        new = process_upload(fieldfile, renditions=renditions)
        written = [fieldfile.name, *rendition_files(new)]
        setattr(instance, record, new)
    elif not fieldfile and old:
        setattr(instance, record, {})
    try:
        yield
    except BaseException:
        delete_files(fieldfile.storage, written)
        raise
    delete_stale_renditions(
        fieldfile.storage, old, getattr(instance, record), using=instance._state.db
    )


def renditions_complete(storage, record, *, renditions):
    """Whether `record` has every rendition named and all their files exist."""
    for name in renditions:
        variants = (record or {}).get(name, {}).get("variants")
        if not variants:
            return False
        for variant in variants:
            if not all(storage.exists(variant[key]) for key in ("webp", "fallback")):
                return False
    return True


def _cut_renditions(storage, image, *, stem, renditions):
    """Store the renditions of an upright, cleaned image; return their record.

    If one fails, those already stored are removed before the error goes on.
    """
    record = {
        "original": {"width": image.width, "height": image.height},
    }
    base = posixpath.join(RENDITIONS_FOLDER, stem)
    written = []

    def store(label, extension, data):
        # The content's hash in the name: an address never serves two pictures.
        digest = hashlib.sha256(data).hexdigest()[:12]
        name = storage.save(f"{label}.{digest}.{extension}", ContentFile(data))
        written.append(name)
        return name

    try:
        for name in renditions:
            record[name] = _cut_rendition(
                image, RENDITIONS[name], label=f"{base}-{name}", store=store
            )
    except BaseException:
        delete_files(storage, written)
        raise
    return record


def _cut_rendition(image, spec, *, label, store):
    fallback_format, fallback_type, fallback_ext = _fallback_format(image)
    variants = []
    for size in _sizes_for(spec, image):
        resized = _resize(image, spec, size)
        webp = _encode(resized, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
        if fallback_format == "JPEG":
            fallback = _encode(
                resized.convert("RGB"),
                "JPEG",
                quality=JPEG_QUALITY,
                optimize=True,
                progressive=True,
            )
        else:
            fallback = _encode(resized, "PNG", optimize=True)
        variant_label = f"{label}-{resized.width}"
        variants.append(
            {
                "width": resized.width,
                "height": resized.height,
                "webp": store(variant_label, "webp", webp),
                "fallback": store(variant_label, fallback_ext, fallback),
                "fallback_bytes": len(fallback),
            }
        )
    return {"fallback_type": fallback_type, "variants": variants}


def rendition_files(record):
    """The storage names of every file in a rendition record."""
    return [
        variant[key]
        for name, entry in (record or {}).items()
        if name != "original"
        for variant in entry.get("variants", [])
        for key in ("webp", "fallback")
        if variant.get(key)
    ]


def delete_files(storage, names):
    for name in names:
        storage.delete(name)


def delete_stale_renditions(storage, old, new=None, *, using=None):
    """Remove the files of rendition record `old` that `new` no longer uses,
    once the current transaction commits (at once outside a transaction).

    Before the commit, other requests still read the old record and show its
    files; after a rollback, the row keeps the old record and needs them.
    """
    stale = sorted(set(rendition_files(old)) - set(rendition_files(new)))
    if stale:
        # robust: a file that cannot be removed is logged, never an error
        # for a request whose change is already committed.
        transaction.on_commit(
            functools.partial(delete_files, storage, stale), using=using, robust=True
        )


@dataclass(frozen=True)
class Rendition:
    """One rendition of an image, ready for a `<picture>` element.

    `src`, `width` and `height` describe the largest variant, so `width`/`height`
    give the browser the aspect ratio before the file arrives.
    """

    src: str
    width: int
    height: int
    srcset: str
    webp_srcset: str
    fallback_type: str
    largest_bytes: int


@dataclass(frozen=True)
class Picture:
    """What the `picture.html` include needs: alt text and the renditions by name."""

    alt: str
    caption: str
    credit: str
    renditions: dict


@dataclass(frozen=True)
class SocialImage:
    url: str
    width: int
    height: int
    mime_type: str
    alt: str


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    mime_type: str


def build_picture(storage, record, *, alt, caption="", credit=""):
    """Turn a stored rendition record into a `Picture`; None without renditions."""
    renditions = {}
    for name, entry in (record or {}).items():
        if name == "original" or not entry.get("variants"):
            continue
        variants = entry["variants"]
        largest = variants[-1]
        renditions[name] = Rendition(
            src=storage.url(largest["fallback"]),
            width=largest["width"],
            height=largest["height"],
            srcset=", ".join(
                f"{storage.url(v['fallback'])} {v['width']}w" for v in variants
            ),
            webp_srcset=", ".join(
                f"{storage.url(v['webp'])} {v['width']}w" for v in variants
            ),
            fallback_type=entry["fallback_type"],
            largest_bytes=largest.get("fallback_bytes", 0),
        )
    if not renditions:
        return None
    return Picture(alt=alt, caption=caption, credit=credit, renditions=renditions)
