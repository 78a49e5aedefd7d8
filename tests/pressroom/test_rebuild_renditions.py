import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from pressroom.models import Release, ReleaseImage
from tests.pressroom.factories import ReleaseFactory, ReleaseImageFactory

pytestmark = pytest.mark.django_db


def rendition_files(record):
    return [
        variant[key]
        for name, entry in record.items()
        if name != "original"
        for variant in entry["variants"]
        for key in ("webp", "fallback")
    ]


def read(name):
    with default_storage.open(name) as file:
        return file.read()


def rebuild(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_renditions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_lost_rendition_files_come_back_and_the_page_shows_them(client, capsys):
    release = ReleaseFactory(with_hero=True)
    photo = ReleaseImageFactory(release=release)
    lost = rendition_files(release.hero_renditions) + rendition_files(photo.renditions)
    for name in lost:
        default_storage.delete(name)

    out, _err = rebuild()

    release.refresh_from_db()
    photo.refresh_from_db()
    restored = rendition_files(release.hero_renditions) + rendition_files(
        photo.renditions
    )
    assert sorted(release.hero_renditions) == ["detail", "original", "social", "thumb"]
    assert sorted(photo.renditions) == ["detail", "original", "thumb"]
    assert all(default_storage.exists(name) for name in restored)
    assert "Hero images: 1 rebuilt, 0 already complete, 0 failed." in out
    assert "Gallery images: 1 rebuilt" in out
    assert "1/1" in capsys.readouterr().err  # the progress bar
    page = client.get(release.get_absolute_url())
    assert release.picture.renditions["detail"].src in page.content.decode()


def test_missing_only_rebuilds_just_the_incomplete_images():
    complete = ReleaseFactory(with_hero=True)
    broken = ReleaseFactory(with_hero=True)
    default_storage.delete(broken.hero_renditions["social"]["variants"][0]["webp"])
    untouched = {
        name: default_storage.get_modified_time(name)
        for name in rendition_files(complete.hero_renditions)
    }

    out, _err = rebuild("--missing-only")

    assert "Hero images: 1 rebuilt, 1 already complete, 0 failed." in out
    broken.refresh_from_db()
    assert all(
        default_storage.exists(name) for name in rendition_files(broken.hero_renditions)
    )
    assert {
        name: default_storage.get_modified_time(name) for name in untouched
    } == untouched


def test_a_release_whose_original_is_gone_is_reported_and_the_rest_rebuilt():
    ReleaseFactory(with_hero=True)
    gone = ReleaseFactory(with_hero=True)
    default_storage.delete(gone.hero_image.name)

    out, err = rebuild()

    assert "Hero images: 1 rebuilt, 0 already complete, 1 failed." in out
    assert gone.hero_image.name in err


def test_rebuild_walks_releases_in_chunks_with_a_fixed_number_of_reads(
    django_assert_max_num_queries,
):
    for _ in range(3):
        ReleaseFactory(with_hero=True)
    assert Release.objects.count() == 3 and not ReleaseImage.objects.exists()

    # Two counts, two streamed reads, and no writes: nothing changed.
    with django_assert_max_num_queries(4):
        out, _err = rebuild("--missing-only")
    assert "Hero images: 0 rebuilt, 3 already complete, 0 failed." in out


def test_rebuilt_renditions_replace_the_old_files_after_commit(
    django_capture_on_commit_callbacks,
):
    release = ReleaseFactory(with_hero=True)
    old = rendition_files(release.hero_renditions)
    default_storage.delete(old[0])
    served = {name: read(name) for name in old[1:]}

    with django_capture_on_commit_callbacks(execute=True):
        rebuild()
        # Until the new record is committed, pages still name the old files,
        # and each address still serves the picture it served (browsers cache
        # renditions for good).
        assert {name: read(name) for name in served} == served

    release.refresh_from_db()
    new = rendition_files(release.hero_renditions)
    assert all(default_storage.exists(name) for name in new)
    assert not any(default_storage.exists(name) for name in set(old) - set(new))
