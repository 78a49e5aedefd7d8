import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from PIL import Image

from pressroom import images
from tests.pressroom.factories import (
    ReleaseFactory,
    ReleaseImageFactory,
    make_image_bytes,
    make_image_file,
)

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


def test_replacing_the_hero_removes_the_old_renditions():
    release = ReleaseFactory(with_hero=True)
    old = release.hero_renditions["thumb"]["variants"][0]["webp"]
    release.hero_image = make_image_file("second.jpg")
    release.save()
    assert not default_storage.exists(old)
    assert default_storage.exists(
        release.hero_renditions["thumb"]["variants"][0]["webp"]
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


def test_a_real_photo_passes_the_upload_check():
    assert check(make_image_bytes(100, 80)).size == (100, 80)


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


def test_clearing_the_hero_removes_its_renditions():
    release = ReleaseFactory(with_hero=True)
    webp = release.hero_renditions["thumb"]["variants"][0]["webp"]
    release.hero_image = None
    release.hero_alt = ""
    release.save()
    assert release.hero_renditions == {}
    assert not default_storage.exists(webp)
    assert release.social_image is None
