"""Content in English, Traditional and Simplified Chinese (pressroom/translation.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from pressroom.models import MediaContact, Release, Tag
from tests.pressroom.factories import ReleaseFactory, TagFactory, make_image_file
from tests.pressroom.test_admin import ADD_URL, jpeg_upload, release_form

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)

PASTED = "Bell\x07 ringer\x0bof\x1f the\x7f\x9f year"


def stored(model, pk, column):
    """A column as the database holds it, past modeltranslation's descriptors."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk]
        )
        return cursor.fetchone()[0]


# A release exists in a language when its title there is filled -------------


def test_a_release_exists_in_the_languages_its_title_is_written_in(
    django_assert_num_queries,
):
    english_only = ReleaseFactory(title="Innovation centre opens")
    ReleaseFactory(title="Robotics lab", title_zh_hant="機械人實驗室")
    ReleaseFactory(
        title="AI week", title_zh_hant="人工智能週", title_zh_hans="人工智能周"
    )
    ReleaseFactory(title="Blank Chinese title", title_zh_hant="", title_zh_hans="")

    releases = list(Release.objects.order_by("pk"))
    with django_assert_num_queries(0):
        assert [release.languages for release in releases] == [
            ["en"],
            ["en", "zh-hant"],
            ["en", "zh-hant", "zh-hans"],
            ["en"],
        ]
    assert english_only.languages == ["en"]


def test_in_language_and_missing_language_split_the_releases():
    english_only = ReleaseFactory(title="Innovation centre opens")
    traditional = ReleaseFactory(title="Robotics lab", title_zh_hant="機械人實驗室")
    all_three = ReleaseFactory(
        title="AI week", title_zh_hant="人工智能週", title_zh_hans="人工智能周"
    )
    blank = ReleaseFactory(title="Blank", title_zh_hant="", title_zh_hans="")

    def titles(queryset):
        return {release.title_en for release in queryset}

    releases = Release.objects.all()
    assert titles(releases.in_language("en")) == titles(
        [english_only, traditional, all_three, blank]
    )
    assert titles(releases.in_language("zh-hant")) == titles([traditional, all_three])
    assert titles(releases.in_language("zh-hans")) == titles([all_three])
    assert titles(releases.missing_language("zh-hant")) == titles([english_only, blank])
    assert titles(releases.missing_language("zh-hans")) == titles(
        [english_only, traditional, blank]
    )
    assert not releases.missing_language("en").exists()
    # They compose with the other reads.
    assert titles(releases.published().in_language("zh-hans")) == titles([all_three])


def test_a_language_the_site_does_not_have_is_refused():
    with pytest.raises(ValueError, match="fr"):
        Release.objects.in_language("fr")


def test_a_page_in_chinese_falls_back_to_english_for_a_text_not_translated():
    release = ReleaseFactory(
        title="Robotics lab", title_zh_hant="機械人實驗室", summary="A new lab."
    )
    with translation.override("zh-hant"):
        assert (release.title, release.summary) == ("機械人實驗室", "A new lab.")
    with translation.override("zh-hans"):
        assert release.title == "Robotics lab"


def test_neighbours_are_titled_in_the_active_language_or_english():
    now = timezone.now()
    ReleaseFactory(title="First", title_zh_hant="第一", publish_at=now - DAY * 3)
    middle = ReleaseFactory(title="Middle", publish_at=now - DAY * 2)
    ReleaseFactory(title="Last", publish_at=now - DAY)

    with translation.override("zh-hant"):
        found = Release.objects.with_neighbours().get(pk=middle.pk)
    assert (found.previous_title, found.next_title) == ("第一", "Last")
    # Which of them fell back to English, for the page to mark it.
    assert (found.previous_title_in_english, found.next_title_in_english) == (
        False,
        True,
    )
    english = Release.objects.with_neighbours().get(pk=middle.pk)
    assert not english.previous_title_in_english and not english.next_title_in_english


def test_a_chinese_release_page_marks_an_english_neighbour_title(client):
    now = timezone.now()
    ReleaseFactory(title="First", title_zh_hant="第一", publish_at=now - DAY * 3)
    middle = ReleaseFactory(
        title="Middle", title_zh_hant="中間", publish_at=now - DAY * 2
    )
    ReleaseFactory(title="Last", publish_at=now - DAY)

    html = client.get(f"/zh-hant/news/{middle.slug}/").content.decode()

    assert '<span lang="en">Last</span>' in html
    assert '<span lang="en">第一</span>' not in html and "第一" in html


# Invariants held in every language ------------------------------------------


def test_every_languages_body_is_sanitised_on_save():
    hostile = '<p onclick="steal()">{}</p><script>alert(1)</script>'
    release = ReleaseFactory(
        body=hostile.format("Hello"),
        body_zh_hant=hostile.format("你好"),
        body_zh_hans=hostile.format("你好"),
    )

    for column, word in [
        ("body_en", "Hello"),
        ("body_zh_hant", "你好"),
        ("body_zh_hans", "你好"),
        ("body", "Hello"),
    ]:
        assert stored(Release, release.pk, column) == f"<p>{word}</p>", column


def test_a_release_saved_in_a_chinese_admin_keeps_english_in_its_original_columns():
    with translation.override("zh-hant"):
        release = Release(
            title_en="Innovation centre opens",
            title_zh_hant="創新中心開幕",
            summary_en="A centre for start-ups.",
            summary_zh_hant="為初創企業而設的中心。",
            body_en="<p>Opened today.</p>",
        )
        release.save()
        tag = Tag(name_en="Innovation", name_zh_hant="創新", slug="innovation")
        tag.save()

    # One slug, from the English title; search and constraints read English.
    assert release.slug == "innovation-centre-opens"
    assert stored(Release, release.pk, "title") == "Innovation centre opens"
    assert stored(Release, release.pk, "summary") == "A centre for start-ups."
    assert stored(Tag, tag.pk, "name") == "Innovation"


def test_hero_image_needs_english_alt_text_even_when_chinese_is_written():
    release = ReleaseFactory.build(
        hero_image=make_image_file(), hero_alt_en="", hero_alt_zh_hant="實驗室"
    )
    # In a Chinese admin the alt text reads as the Chinese one: still refused.
    with translation.override("zh-hant"), pytest.raises(ValidationError) as error:
        release.full_clean()
    assert error.value.error_dict["hero_alt_en"][0].code == "alt_required"


def test_tag_names_are_unique_in_each_language_and_chinese_may_be_left_empty():
    TagFactory(name="Innovation", slug="innovation")
    TagFactory(name="Robotics", slug="robotics")  # no Chinese name either
    tag = Tag(name_en="Space", name_zh_hant="創新", slug="space")
    tag.full_clean()  # not taken

    TagFactory(name="Technology", name_zh_hant="創新", slug="technology")
    with pytest.raises(ValidationError) as error:
        tag.full_clean()
    assert "name_zh_hant" in error.value.error_dict


# The admin, per language ------------------------------------------------------


def test_the_admin_saves_each_language_and_strips_pasted_control_characters(
    admin_client,
):
    data = release_form(
        title_zh_hant=f"標題 {PASTED}",
        summary_zh_hant=f"摘要 {PASTED}",
        body_zh_hant=f"<p>內文 {PASTED}</p>",
        title_zh_hans=f"标题 {PASTED}",
        dateline_zh_hans=f"香港 {PASTED}",
        **{
            "gallery_images-TOTAL_FORMS": "1",
            "gallery_images-0-image": jpeg_upload("gallery.jpg"),
            "gallery_images-0-alt_text_en": "Guests",
            "gallery_images-0-alt_text_zh_hant": f"嘉賓 {PASTED}",
            "gallery_images-0-caption_zh_hans": f"嘉宾 {PASTED}",
            "gallery_images-0-position": "0",
        },
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["errors"]
    release = Release.objects.get()
    clean = "Bell ringer of the year"
    assert release.title_zh_hant == f"標題 {clean}"
    assert release.summary_zh_hant == f"摘要 {clean}"
    assert release.body_zh_hant == f"<p>內文 {clean}</p>"
    assert release.title_zh_hans == f"标题 {clean}"
    assert release.dateline_zh_hans == f"香港 {clean}"
    assert release.languages == ["en", "zh-hant", "zh-hans"]
    photo = release.gallery_images.get()
    assert (photo.alt_text_zh_hant, photo.caption_zh_hans) == (
        f"嘉賓 {clean}",
        f"嘉宾 {clean}",
    )


def test_the_admin_requires_an_english_title_and_summary_but_no_chinese(
    admin_client,
):
    response = admin_client.post(
        ADD_URL, release_form(title="", summary="", title_zh_hant="只有中文標題")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"title_en", "summary_en"}
    assert not Release.objects.exists()

    response = admin_client.post(ADD_URL, release_form())
    assert response.status_code == 302
    assert Release.objects.get().languages == ["en"]


def test_tags_and_media_contacts_are_edited_in_each_language(admin_client):
    admin_client.post(
        reverse("admin:pressroom_tag_add"),
        {
            "name_en": "Innovation",
            "name_zh_hant": "創新",
            "name_zh_hans": "创新",
            "slug": "innovation",
        },
    )
    admin_client.post(
        reverse("admin:pressroom_mediacontact_add"),
        {
            "name": "Ada Wong",
            "role_en": "Head of Communications",
            "role_zh_hant": "傳訊主管",
            "organisation_zh_hans": "海港科学园",
            "is_active": "on",
        },
    )

    tag = Tag.objects.get()
    assert [tag.name_en, tag.name_zh_hant, tag.name_zh_hans] == [
        "Innovation",
        "創新",
        "创新",
    ]
    contact = MediaContact.objects.get()
    assert [contact.role_zh_hant, contact.organisation_zh_hans] == [
        "傳訊主管",
        "海港科学园",
    ]


# The migration ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_todays_text_into_english_and_back():
    before = [("pressroom", "0010_release_dates_in_range")]
    after = [("pressroom", "0011_translated_content")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        release = old.get_model("pressroom", "Release").objects.create(
            title="Innovation centre opens",
            slug="innovation-centre-opens",
            summary="A centre for start-ups.",
            body="<p>Opened today.</p>",
            dateline="Hong Kong",
        )
        tag = old.get_model("pressroom", "Tag").objects.create(
            name="Innovation", slug="innovation", description="Ideas at work."
        )
        contact = old.get_model("pressroom", "MediaContact").objects.create(
            name="Ada Wong", role="Spokesperson", organisation="Science Park"
        )

        executor = MigrationExecutor(connection)
        executor.migrate(after)

        assert [
            stored(Release, release.pk, f"{field}_en")
            for field in ("title", "summary", "body", "dateline")
        ] == [
            "Innovation centre opens",
            "A centre for start-ups.",
            "<p>Opened today.</p>",
            "Hong Kong",
        ]
        assert stored(Release, release.pk, "title_zh_hant") is None
        assert stored(Tag, tag.pk, "name_en") == "Innovation"
        assert stored(Tag, tag.pk, "description_en") == "Ideas at work."
        assert stored(MediaContact, contact.pk, "role_en") == "Spokesperson"
        assert stored(MediaContact, contact.pk, "organisation_en") == "Science Park"

        # English edited after the migration survives going back.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE pressroom_release SET title_en = %s WHERE id = %s",
                ["Innovation centre opens its doors", release.pk],
            )
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        edited = stored(Release, release.pk, "title")
        assert edited == "Innovation centre opens its doors"
    finally:
        call_command("migrate", "pressroom", verbosity=0)


def test_a_bulk_update_of_english_text_reaches_the_original_columns():
    release = ReleaseFactory(title="Annual report", title_zh_hant="年報")
    tag = TagFactory(name="Reports", slug="reports")

    Release.objects.filter(title="Annual report").update(title="Interim report")
    Release.objects.filter(pk=release.pk).update(summary_en="Half a year.")
    with translation.override("zh-hant"):
        # In Chinese, `title` is the Chinese title: English stays.
        Release.objects.filter(pk=release.pk).update(title="中期報告")
    Tag.objects.filter(pk=tag.pk).update(name="Results")

    assert stored(Release, release.pk, "title") == "Interim report"
    assert stored(Release, release.pk, "title_en") == "Interim report"
    assert stored(Release, release.pk, "title_zh_hant") == "中期報告"
    assert stored(Release, release.pk, "summary") == "Half a year."
    assert stored(Tag, tag.pk, "name") == "Results"


def test_an_editor_in_the_chinese_admin_edits_chinese_and_english_stays(
    admin_client,
):
    release = ReleaseFactory(
        title="Robotics lab opens",
        slug="robotics-lab-opens",
        summary="A shared lab.",
        title_zh_hant="機械人實驗室開幕",
        title_zh_hans="机械人实验室开幕",
    )
    data = release_form(
        title=release.title_en,
        slug=release.slug,
        summary=release.summary_en,
        title_zh_hant="機械人實驗室今日開幕",
        title_zh_hans="",  # withdrawn from Simplified Chinese
    )

    response = admin_client.post(
        reverse("admin:pressroom_release_change", args=[release.pk]),
        data,
        HTTP_ACCEPT_LANGUAGE="zh-Hant",
    )

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.title_en == "Robotics lab opens"
    assert release.title_zh_hant == "機械人實驗室今日開幕"
    assert release.languages == ["en", "zh-hant"]
    assert stored(Release, release.pk, "title") == "Robotics lab opens"
    assert release.slug == "robotics-lab-opens"
