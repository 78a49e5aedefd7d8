import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image

from pressroom import images
from pressroom.models import Release
from tests.pressroom.factories import (
    ReleaseAttachmentFactory,
    ReleaseFactory,
    ReleaseImageFactory,
    make_image_bytes,
    make_image_file,
)
from tests.pressroom.test_admin import release_form

pytestmark = pytest.mark.django_db

EXIF_ORIENTATION = 0x0112
EXIF_GPS_IFD = 0x8825


def photo_from_phone(width=600, height=400):
    """A JPEG stored landscape but tagged "rotate 90°", with a GPS position."""
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 6  # Rotate 90° clockwise to display.
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(EXIF_GPS_IFD)
    gps[1] = "N"
    gps[2] = (22.0, 25.0, 30.0)
    gps[3] = "E"
    gps[4] = (114.0, 12.0, 40.0)
    return ContentFile(
        make_image_bytes(width, height, exif=exif.tobytes()), name="phone.jpg"
    )


def stored_files():
    """Every file under MEDIA_ROOT, as storage names."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(
        path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()
    )


def rendition_files(record):
    return [
        variant[key]
        for name, entry in record.items()
        if name != "original"
        for variant in entry["variants"]
        for key in ("webp", "fallback")
    ]


def open_stored(name):
    with default_storage.open(name) as f:
        image = Image.open(io.BytesIO(f.read()))
        image.load()
        return image


def test_uploaded_photo_is_turned_upright_and_loses_gps_and_camera_data():
    original = Image.open(io.BytesIO(photo_from_phone().read()))
    assert original.getexif().get_ifd(EXIF_GPS_IFD), "the test photo carries GPS"

    release = ReleaseFactory(hero_image=photo_from_phone(), hero_alt="A lab")

    stored = open_stored(release.hero_image.name)
    assert stored.size == (400, 600)
    exif = stored.getexif()
    assert not exif.get_ifd(EXIF_GPS_IFD)
    assert EXIF_ORIENTATION not in exif
    assert 0x010F not in exif
    assert release.hero_renditions["original"] == {"width": 400, "height": 600}


def test_renditions_are_made_once_with_sizes_for_width_and_height():
    release = ReleaseFactory(
        hero_image=make_image_file("hero.jpg", 2000, 1000), hero_alt="A lab"
    )
    record = release.hero_renditions
    thumbs = record["thumb"]["variants"]
    assert [(v["width"], v["height"]) for v in thumbs] == [(320, 213), (640, 427)]
    details = record["detail"]["variants"]
    assert [v["width"] for v in details] == [640, 960, 1280, 1600]
    social = record["social"]["variants"]
    assert [(v["width"], v["height"]) for v in social] == [(1200, 630)]
    for variant in thumbs + details + social:
        webp = open_stored(variant["webp"])
        fallback = open_stored(variant["fallback"])
        assert webp.format == "WEBP"
        assert fallback.format == "JPEG"
        assert webp.size == fallback.size == (variant["width"], variant["height"])

    # Saving again without a new upload does not cut new renditions.
    release.title = "New title"
    release.save()
    release.refresh_from_db()
    assert release.hero_renditions == record


def test_narrow_image_is_not_blown_up_for_the_detail_view():
    gallery_image = ReleaseImageFactory(image=make_image_file("small.jpg", 700, 500))
    widths = [v["width"] for v in gallery_image.renditions["detail"]["variants"]]
    assert widths == [640, 700]
    assert "social" not in gallery_image.renditions


def test_transparent_png_falls_back_to_png_not_jpeg():
    release = ReleaseFactory(
        hero_image=make_image_file("logo.png", 800, 400, color=(0, 0, 0, 0)),
        hero_alt="Logo",
    )
    assert release.hero_renditions["thumb"]["fallback_type"] == "image/png"
    assert release.hero_image.name.endswith(".png")


def test_replacing_the_hero_removes_the_old_original_and_renditions_after_commit(
    django_capture_on_commit_callbacks,
):
    release = ReleaseFactory(with_hero=True)
    old = [release.hero_image.name, *rendition_files(release.hero_renditions)]

    with django_capture_on_commit_callbacks(execute=True):
        release.hero_image = make_image_file("second.jpg")
        release.save()
        # Until the new row is committed, pages may still show the old files.
        assert all(default_storage.exists(name) for name in old)

    assert not any(default_storage.exists(name) for name in old)
    assert stored_files() == sorted(
        [release.hero_image.name, *rendition_files(release.hero_renditions)]
    )


def test_picture_include_renders_webp_source_and_sized_fallback():
    release = ReleaseFactory(with_hero=True)
    html = render_to_string(
        "pressroom/includes/picture.html",
        {
            "image": release,
            "rendition": "thumb",
            "sizes": "(min-width: 768px) 300px, 100vw",
        },
    )
    assert '<source type="image/webp" srcset="/media/releases/renditions/' in html
    assert "320w" in html and "640w" in html
    assert 'width="640" height="427"' in html
    assert 'alt="Researchers in a laboratory at the science park"' in html
    assert 'sizes="(min-width: 768px) 300px, 100vw"' in html
    assert 'loading="lazy"' in html


def test_picture_include_renders_nothing_without_an_image():
    html = render_to_string(
        "pressroom/includes/picture.html",
        {"image": ReleaseFactory(), "rendition": "thumb"},
    )
    assert html.strip() == ""


def test_social_image_and_feed_enclosure_come_from_stored_renditions(
    django_assert_num_queries,
):
    ReleaseFactory(with_hero=True)
    from pressroom.models import Release

    release = Release.objects.get()
    with django_assert_num_queries(0):
        social = release.social_image
        enclosure = release.hero_enclosure
    assert (social.width, social.height, social.mime_type) == (1200, 630, "image/jpeg")
    assert social.url.endswith(".jpg")
    assert enclosure.mime_type == "image/jpeg"
    assert enclosure.length == default_storage.size(
        enclosure.url.removeprefix("/media/")
    )


def test_release_without_hero_has_no_social_image_or_enclosure():
    release = ReleaseFactory()
    assert release.social_image is None
    assert release.hero_enclosure is None


# Upload checks ------------------------------------------------------------


def check(content, name="upload.jpg"):
    return images.check_image_upload(ContentFile(content, name=name))


@pytest.mark.parametrize(
    ("size", "options"),
    [((100, 80), {}), ((1, 1), {}), ((7, 5), {}), ((40, 30), {"mode": "CMYK"})],
)
def test_a_real_photo_passes_the_upload_check(size, options):
    assert check(make_image_bytes(*size, **options)).size == size


def test_text_named_like_a_photo_is_refused():
    with pytest.raises(ValidationError) as error:
        check(b"<html>I am not a photo</html>", name="photo.jpg")
    assert error.value.code == "invalid_image"


def test_oversize_file_is_refused_with_the_limit(settings):
    settings.PRESSROOM_MAX_IMAGE_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        check(make_image_bytes(400, 400, quality=100))
    assert error.value.code == "too_large"
    assert "1000" in str(error.value.messages) or "KB" in str(error.value.messages)


def test_too_many_pixels_is_refused(settings):
    settings.PRESSROOM_MAX_IMAGE_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as error:
        check(make_image_bytes(200, 200))
    assert error.value.code == "too_many_pixels"


def test_decompression_bomb_is_refused_with_a_clear_message():
    # 10,000 x 10,000 one-bit pixels: a few KB on disk, 100 megapixels decoded,
    # above Pillow's bomb threshold.
    bomb = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(bomb, "PNG")
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(ValidationError) as error:
        check(bomb.getvalue(), name="bomb.png")
    assert error.value.code == "decompression_bomb"
    assert "too many pixels" in error.value.messages[0]


def test_gif_is_refused_as_unsupported():
    with pytest.raises(ValidationError) as error:
        check(make_image_bytes(50, 50, fmt="GIF"), name="anim.gif")
    assert error.value.code == "unsupported_format"


def test_cmyk_jpeg_from_print_studio_is_stored_as_rgb():
    release = ReleaseFactory(
        hero_image=make_image_file("print.jpg", 400, 300, mode="CMYK"),
        hero_alt="Poster",
    )
    assert open_stored(release.hero_image.name).mode == "RGB"
    thumb = release.hero_renditions["thumb"]["variants"][0]
    for key, fmt in [("webp", "WEBP"), ("fallback", "JPEG")]:
        rendition = open_stored(thumb[key])
        assert (rendition.format, rendition.mode) == (fmt, "RGB")
        assert rendition.size == (thumb["width"], thumb["height"]) == (320, 213)
        # The poster's colours survive: its blue ground and its yellow corner.
        for (x, y), colour in [((315, 208), (30, 110, 160)), ((2, 2), (240, 200, 40))]:
            shown = rendition.getpixel((x, y))
            assert all(abs(a - b) <= 6 for a, b in zip(shown, colour, strict=True))


def test_clearing_the_hero_removes_its_original_and_renditions_after_commit(
    django_capture_on_commit_callbacks,
):
    release = ReleaseFactory(with_hero=True)
    webp = release.hero_renditions["thumb"]["variants"][0]["webp"]
    original = release.hero_image.name
    assert default_storage.exists(webp) and default_storage.exists(original)
    with django_capture_on_commit_callbacks(execute=True):
        release.hero_image = None
        release.hero_alt = ""
        release.save()
    assert release.hero_renditions == {}
    assert not default_storage.exists(webp)
    assert not default_storage.exists(original)
    assert release.social_image is None
    assert stored_files() == []


# Extreme shapes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height"),
    [(20_000, 1), (1, 20_000), (5_000, 3), (3, 5_000), (1, 1)],
)
def test_an_image_of_any_shape_within_the_limits_saves_with_usable_renditions(
    width, height
):
    release = ReleaseFactory(
        hero_image=make_image_file("line.png", width, height), hero_alt="A line"
    )
    photo = ReleaseImageFactory(
        release=release, image=make_image_file("line.png", width, height)
    )

    for record in (release.hero_renditions, photo.renditions):
        assert record["original"] == {"width": width, "height": height}
        for name, entry in record.items():
            if name == "original":
                continue
            for variant in entry["variants"]:
                size = (variant["width"], variant["height"])
                assert min(size) >= 1
                assert open_stored(variant["webp"]).size == size
                assert open_stored(variant["fallback"]).size == size
    # A thumbnail is a crop of what is there, never a sliver blown up.
    thumb = release.hero_renditions["thumb"]["variants"][-1]
    assert thumb["width"] <= width and thumb["height"] <= height
    # The social card has its fixed size whatever the shape.
    social = release.hero_renditions["social"]["variants"]
    assert [(v["width"], v["height"]) for v in social] == [(1200, 630)]


def test_a_very_tall_image_gets_detail_renditions_a_browser_can_decode():
    release = ReleaseFactory(
        hero_image=make_image_file("scroll.png", 1000, 20_000), hero_alt="A scroll"
    )
    details = release.hero_renditions["detail"]["variants"]
    # WebP stores at most 16383 pixels a side.
    assert max(v["height"] for v in details) <= 16383
    assert all(open_stored(v["webp"]).format == "WEBP" for v in details)
    widths = [v["width"] for v in details]
    assert widths == sorted(set(widths))


def test_an_image_far_longer_than_wide_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        check(make_image_bytes(20_000, 1, fmt="PNG"), name="line.png")
    assert error.value.code == "aspect_ratio"
    assert "20000 by 1 pixels" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        check(make_image_bytes(1, 20_000, fmt="PNG"), name="line.png")
    assert error.value.code == "aspect_ratio"


def test_a_panorama_within_the_aspect_ratio_limit_is_accepted():
    assert check(make_image_bytes(4000, 200, fmt="PNG"), name="pano.png").size == (
        4000,
        200,
    )


def test_a_release_that_fails_to_save_leaves_no_files_behind():
    # The database refuses a hero without alt text after the files are written.
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseFactory(hero_image=make_image_file("hero.jpg"), hero_alt="")
    assert stored_files() == []


def test_an_image_whose_renditions_fail_leaves_no_files_behind(monkeypatch):
    encode = images._encode
    calls = []

    def encode_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) > 4:
            raise OSError("disk full")
        return encode(*args, **kwargs)

    monkeypatch.setattr(images, "_encode", encode_then_fail)
    with pytest.raises(OSError):
        ReleaseFactory(hero_image=make_image_file("hero.jpg"), hero_alt="A lab")
    assert stored_files() == []


# Files follow the row, after commit ----------------------------------------


def test_a_replacement_that_rolls_back_keeps_the_old_files(
    django_capture_on_commit_callbacks,
):
    release = ReleaseFactory(with_hero=True)
    photo = ReleaseImageFactory(release=release)
    old = [
        release.hero_image.name,
        *rendition_files(release.hero_renditions),
        photo.image.name,
        *rendition_files(photo.renditions),
    ]

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        release.hero_image = make_image_file("second.jpg")
        release.save()
        photo.image = make_image_file("second.jpg")
        photo.save()
        raise RuntimeError("the rest of the form failed")

    assert all(default_storage.exists(name) for name in old)
    release.refresh_from_db()
    assert release.picture.renditions["thumb"].src.endswith(
        release.hero_renditions["thumb"]["variants"][-1]["fallback"]
    )


def test_replacing_a_gallery_image_removes_its_old_files_after_commit(
    django_capture_on_commit_callbacks,
):
    photo = ReleaseImageFactory()
    old = [photo.image.name, *rendition_files(photo.renditions)]
    assert all(default_storage.exists(name) for name in old)

    with django_capture_on_commit_callbacks(execute=True):
        photo.image = make_image_file("second.jpg")
        photo.save()

    assert not any(default_storage.exists(name) for name in old)
    assert default_storage.exists(photo.image.name)
    assert all(default_storage.exists(n) for n in rendition_files(photo.renditions))


def test_deleting_a_gallery_image_removes_its_files_after_commit(
    django_capture_on_commit_callbacks,
):
    release = ReleaseFactory(with_hero=True)
    photo = ReleaseImageFactory(release=release)
    kept = stored_files()
    photo_files = [photo.image.name, *rendition_files(photo.renditions)]

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
        assert all(default_storage.exists(name) for name in photo_files)

    assert stored_files() == sorted(set(kept) - set(photo_files))


def test_deleting_a_release_removes_every_file_it_had_after_commit(
    django_capture_on_commit_callbacks,
):
    other = ReleaseFactory(with_hero=True)
    others_files = stored_files()
    release = ReleaseFactory(with_hero=True)
    ReleaseImageFactory(release=release)
    ReleaseAttachmentFactory(release=release)
    assert len(stored_files()) > len(others_files)

    with django_capture_on_commit_callbacks(execute=True):
        Release.objects.filter(pk=release.pk).delete()

    assert stored_files() == others_files
    assert other.picture.renditions["detail"]


# Through the admin ---------------------------------------------------------


def test_an_extreme_image_posted_in_the_admin_is_refused_and_leaves_no_files(
    admin_client,
):
    release = ReleaseFactory(with_hero=True, slug="science-park-opens-robotics-lab")
    files_before = stored_files()
    data = release_form(
        hero_image=SimpleUploadedFile(
            "line.png", make_image_bytes(20_000, 1, fmt="PNG"), content_type="image/png"
        ),
        hero_alt="A line",
        **{
            "gallery_images-TOTAL_FORMS": "1",
            "gallery_images-0-image": SimpleUploadedFile(
                "tall.png",
                make_image_bytes(1, 20_000, fmt="PNG"),
                content_type="image/png",
            ),
            "gallery_images-0-alt_text": "Another line",
            "gallery_images-0-position": "0",
        },
    )

    response = admin_client.post(
        reverse("admin:pressroom_release_change", args=[release.pk]), data
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "This image is 20000 by 1 pixels" in content
    assert "This image is 1 by 20000 pixels" in content
    assert "A new lab for start-ups." in content  # what the editor typed is kept
    assert stored_files() == files_before


def test_a_panorama_at_the_limit_saves_through_the_admin(admin_client):
    release = ReleaseFactory(slug="science-park-opens-robotics-lab")
    data = release_form(
        hero_image=SimpleUploadedFile(
            "pano.jpg", make_image_bytes(4000, 200), content_type="image/jpeg"
        ),
        hero_alt="The harbour at dawn",
    )

    response = admin_client.post(
        reverse("admin:pressroom_release_change", args=[release.pk]), data
    )

    assert response.status_code == 302
    release.refresh_from_db()
    thumbs = release.hero_renditions["thumb"]["variants"]
    assert [(v["width"], v["height"]) for v in thumbs] == [(300, 200)]
    details = release.hero_renditions["detail"]["variants"]
    assert [(v["width"], v["height"]) for v in details] == [
        (640, 32),
        (960, 48),
        (1280, 64),
        (1600, 80),
    ]


def test_a_photo_cut_short_is_refused_at_the_form_not_at_the_save(admin_client):
    whole = make_image_bytes(400, 300)
    cut_short = whole[: len(whole) * 2 // 3]
    with pytest.raises(ValidationError) as error:
        check(cut_short, name="photo.jpg")
    assert error.value.code == "invalid_image"

    response = admin_client.post(
        reverse("admin:pressroom_release_add"),
        release_form(
            hero_image=SimpleUploadedFile("photo.jpg", cut_short), hero_alt="A lab"
        ),
    )
    assert response.status_code == 200
    assert "This file is not an image, or it is damaged" in response.content.decode()
    assert stored_files() == []
