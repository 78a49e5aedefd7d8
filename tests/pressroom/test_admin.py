import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressroom.models import Release
from tests.pressroom.factories import (
    MediaContactFactory,
    ReleaseFactory,
    TagFactory,
    make_image_bytes,
    make_pdf_bytes,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:pressroom_release_add")
LIST_URL = reverse("admin:pressroom_release_changelist")
INLINES = ["releasemediacontact_set", "gallery_images", "attachments"]
# The translated fields of the release form and its inlines (by prefix): the
# admin has a field per language, `title_en`, `title_zh_hant`…
TRANSLATED_FIELDS = {
    "": {
        *["title", "subtitle", "dateline", "summary", "body"],
        *["hero_alt", "hero_caption"],
    },
    "gallery_images": {"alt_text", "caption"},
    "attachments": {"title"},
}


def in_english(data):
    """Form data with each translated field posted in English."""

    def english(key):
        prefix, _, name = key.rpartition("-")
        inline = prefix.split("-")[0]
        return f"{key}_en" if name in TRANSLATED_FIELDS.get(inline, ()) else key

    return {english(key): value for key, value in data.items()}


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="comms", password="pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Comms editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def release_form(**overrides):
    data = {
        "title": "Science park opens robotics lab",
        "slug": "science-park-opens-robotics-lab",
        "subtitle": "",
        "dateline": "Hong Kong",
        "summary": "A new lab for start-ups.",
        "body": "<p>Today we opened a lab.</p>",
        "status": "published",
        "publish_at_0": "2025-02-24",
        "publish_at_1": "10:00:00",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
    }
    for prefix in INLINES:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return in_english(data | overrides)


def jpeg_upload(name="lab.jpg", **kwargs):
    return SimpleUploadedFile(
        name, make_image_bytes(**kwargs), content_type="image/jpeg"
    )


def test_comms_editor_creates_a_release_with_hero_gallery_tags_and_contacts(
    editor_client, editor
):
    tag = TagFactory(name="Robotics", slug="robotics")
    contact = MediaContactFactory(name="Ada Chan")
    data = release_form(
        hero_image=jpeg_upload(),
        hero_alt="Engineers testing a robot arm",
        tags=[str(tag.pk)],
        **{
            "releasemediacontact_set-TOTAL_FORMS": "1",
            "releasemediacontact_set-0-media_contact": str(contact.pk),
            "releasemediacontact_set-0-position": "0",
            "gallery_images-TOTAL_FORMS": "1",
            "gallery_images-0-image": jpeg_upload("gallery.jpg", width=700),
            "gallery_images-0-alt_text": "Guests at the opening",
            "gallery_images-0-position": "1",
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "Fact sheet",
            "attachments-0-file": SimpleUploadedFile(
                "facts.pdf", make_pdf_bytes(), content_type="application/pdf"
            ),
            "attachments-0-position": "0",
        },
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]

    release = Release.objects.get()
    assert release.is_public
    assert release.created_by == editor
    assert release.updated_by == editor
    assert release.hero_renditions["social"]["variants"][0]["width"] == 1200
    assert list(release.tags.all()) == [tag]
    assert list(release.media_contacts.all()) == [contact]
    thumb = release.gallery_images.get().renditions["thumb"]
    assert [variant["width"] for variant in thumb["variants"]] == [320, 640]
    assert all(default_storage.exists(v["webp"]) for v in thumb["variants"])
    attachment = release.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(make_pdf_bytes())
    assert LogEntry.objects.filter(user=editor, object_id=str(release.pk)).exists()


def test_text_file_named_like_a_photo_is_refused_and_the_form_keeps_the_rest(
    editor_client,
):
    data = release_form(
        hero_image=SimpleUploadedFile("photo.jpg", b"just some text, not a photo"),
        hero_alt="A photo",
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "This file is not an image, or it is damaged" in content
    assert 'value="Science park opens robotics lab"' in content
    assert "A new lab for start-ups." in content
    assert not Release.objects.exists()


def test_decompression_bomb_is_refused_with_a_clear_message(editor_client):
    import io

    from PIL import Image

    bomb = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(bomb, "PNG")
    data = release_form(
        hero_image=SimpleUploadedFile("bomb.png", bomb.getvalue()),
        hero_alt="Bomb",
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "too many pixels to be processed safely" in response.content.decode()
    assert not Release.objects.exists()


def test_hero_image_without_alt_text_is_refused(editor_client):
    response = editor_client.post(ADD_URL, release_form(hero_image=jpeg_upload()))
    assert response.status_code == 200
    assert "Describe the hero image" in response.content.decode()
    assert not Release.objects.exists()


def test_renamed_file_posing_as_a_pdf_is_refused(editor_client):
    data = release_form(
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "Fact sheet",
            "attachments-0-file": SimpleUploadedFile("facts.pdf", b"MZ\x90\x00binary"),
            "attachments-0-position": "0",
        }
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "not a real PDF file" in response.content.decode()
    assert not Release.objects.exists()


def test_executable_attachment_is_refused_by_type(editor_client, settings):
    data = release_form(
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "Tool",
            "attachments-0-file": SimpleUploadedFile("tool.exe", b"MZ\x90\x00"),
            "attachments-0-position": "0",
        }
    )
    response = editor_client.post(ADD_URL, data)
    assert "“.exe” files cannot be attached" in response.content.decode()


def test_oversize_attachment_is_refused_with_the_limit(editor_client, settings):
    settings.PRESSROOM_MAX_ATTACHMENT_BYTES = 1024
    data = release_form(
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "Big",
            "attachments-0-file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 5000),
            "attachments-0-position": "0",
        }
    )
    response = editor_client.post(ADD_URL, data)
    assert "the limit is 1.0\xa0KB" in response.content.decode()


def test_body_editor_assets_come_from_our_own_static_files(editor_client):
    content = editor_client.get(ADD_URL).content.decode()
    assert "/static/django_prose_editor/editor.js" in content
    assert "/static/django_prose_editor/editor.css" in content
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', content)
    assert scripts
    assert not [src for src in scripts if src.startswith(("http:", "https:", "//"))]


def test_release_list_shows_status_thumbnail_tags_and_preview_links(editor_client):
    tag = TagFactory(name="Sustainability")
    public = ReleaseFactory(title="Green campus", with_hero=True, tags=[tag])
    ReleaseFactory(title="Coming soon", scheduled=True)
    ReleaseFactory(title="Still a draft", draft=True)

    response = editor_client.get(LIST_URL)
    content = response.content.decode()
    # Row by row: the tag filter beside the list names every tag anyway.
    rows = re.findall(
        r'field-title"><a [^>]+>([^<]+)</a>.*?field-status_label">'
        r'<span[^>]*>([^<]+)</span>.*?field-tag_names">([^<]+)<',
        content,
    )
    assert {title: (status, tags) for title, status, tags in rows} == {
        "Green campus": ("Published", "Sustainability"),
        "Coming soon": ("Scheduled", "-"),
        "Still a draft": ("Draft", "-"),
    }
    assert 'class="pressroom-thumb"' in content
    assert reverse("pressroom:preview", kwargs={"pk": public.pk}) in content


def test_release_list_filters_by_year_and_searches(editor_client):
    import datetime

    ReleaseFactory(
        title="Solar farm",
        publish_at=datetime.datetime(2021, 2, 24, tzinfo=datetime.UTC),
    )
    ReleaseFactory(title="Wind park")
    content = editor_client.get(LIST_URL, {"year": "2021"}).content.decode()
    assert "Solar farm" in content and "Wind park" not in content
    content = editor_client.get(LIST_URL, {"q": "wind"}).content.decode()
    assert "Wind park" in content and "Solar farm" not in content


def test_change_form_links_to_preview_and_only_public_releases_to_the_site(
    editor_client,
):
    draft = ReleaseFactory(draft=True)
    public = ReleaseFactory()
    draft_page = editor_client.get(
        reverse("admin:pressroom_release_change", args=[draft.pk])
    ).content.decode()
    assert reverse("pressroom:preview", kwargs={"pk": draft.pk}) in draft_page
    assert "View on site" not in draft_page

    public_page = editor_client.get(
        reverse("admin:pressroom_release_change", args=[public.pk])
    ).content.decode()
    assert reverse("pressroom:preview", kwargs={"pk": public.pk}) in public_page
    assert "View on site" in public_page


def test_bulk_publish_and_unpublish_are_applied_and_logged(editor_client, editor):
    draft = ReleaseFactory(draft=True, title="Draft one")
    scheduled = ReleaseFactory(scheduled=True, title="Scheduled one")

    response = editor_client.post(
        LIST_URL,
        {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk]},
        follow=True,
    )
    assert "2 releases published." in response.content.decode()
    assert set(Release.objects.published()) == {draft, scheduled}

    response = editor_client.post(
        LIST_URL,
        {"action": "unpublish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "1 release unpublished." in response.content.decode()
    assert list(Release.objects.published()) == [scheduled]

    history = LogEntry.objects.filter(user=editor, action_flag=CHANGE)
    assert sorted(entry.change_message for entry in history) == [
        "Published now.",
        "Published now.",
        "Unpublished.",
    ]
    history_page = editor_client.get(
        reverse("admin:pressroom_release_history", args=[draft.pk])
    ).content.decode()
    assert "Unpublished." in history_page and "comms" in history_page


def test_title_edit_in_the_admin_keeps_the_published_address(editor_client):
    release = ReleaseFactory(title="First title")
    data = release_form(
        title="Second title",
        slug=release.slug,
        summary=release.summary,
        body=release.body,
    )
    response = editor_client.post(
        reverse("admin:pressroom_release_change", args=[release.pk]), data
    )
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.title == "Second title"
    assert release.slug == "first-title"


def test_media_contact_autocomplete_offers_only_active_contacts(editor_client):
    MediaContactFactory(name="Active Person")
    MediaContactFactory(name="Retired Person", is_active=False)
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "pressroom",
            "model_name": "releasemediacontact",
            "field_name": "media_contact",
            "term": "person",
        },
    )
    names = [result["text"] for result in response.json()["results"]]
    assert any("Active Person" in name for name in names)
    assert not any("Retired Person" in name for name in names)


def test_comms_editors_group_has_exactly_the_press_room_permissions():
    group = Group.objects.get(name="Comms editors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    models = [
        "release",
        "tag",
        "mediacontact",
        "releaseimage",
        "releaseattachment",
        "releasemediacontact",
    ]
    expected = {
        f"{action}_{model}"
        for model in models
        for action in ("add", "change", "delete", "view")
    }
    assert codenames == expected
    assert set(group.permissions.values_list("content_type__app_label", flat=True)) == {
        "pressroom"
    }
    assert Permission.objects.filter(codename__in=expected).count() == len(expected)


def test_comms_editor_cannot_open_enquiries_or_users(editor_client):
    from django.apps import apps

    for model in apps.get_app_config("contacts").get_models():
        url = reverse(f"admin:contacts_{model._meta.model_name}_changelist")
        assert editor_client.get(url).status_code == 403, url
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_gallery_image_without_alt_text_is_refused(editor_client):
    data = release_form(
        **{
            "gallery_images-TOTAL_FORMS": "1",
            "gallery_images-0-image": jpeg_upload("gallery.jpg"),
            "gallery_images-0-alt_text": "",
            "gallery_images-0-position": "0",
        }
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Release.objects.exists()


def test_release_list_costs_the_same_queries_for_many_releases(
    editor_client, django_assert_num_queries
):
    tags = [TagFactory() for _ in range(3)]
    ReleaseFactory(tags=tags, with_hero=True)
    editor_client.get(LIST_URL)  # Warm the session and content-type caches.
    with CaptureQueriesContext(connection) as few:
        editor_client.get(LIST_URL)
    for number in range(10):
        # Some in Chinese too: the languages column reads the row itself.
        ReleaseFactory(tags=tags, with_hero=True, title_zh_hant=f"新聞 {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = editor_client.get(LIST_URL)
    assert response.status_code == 200
    assert response.content.decode().count('<td class="field-title">') == 11


def test_slug_taken_by_a_news_address_is_refused_and_the_form_keeps_the_rest(
    editor_client,
):
    response = editor_client.post(
        ADD_URL, release_form(title="Our new feed for journalists", slug="feed")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["slug"]] == ["reserved_slug"]
    html = response.content.decode()
    assert "is taken by the news section" in html
    assert 'value="Our new feed for journalists"' in html
    assert not Release.objects.exists()


def test_release_titled_like_a_news_address_without_a_slug_gets_a_free_one(
    editor_client,
):
    response = editor_client.post(ADD_URL, release_form(title="Tag", slug=""))

    assert response.status_code == 302
    assert Release.objects.get().slug == "tag-2"


def test_release_list_shows_which_languages_each_release_has(editor_client):
    ReleaseFactory(title="English only")
    ReleaseFactory(
        title="All three", title_zh_hant="三種語言", title_zh_hans="三种语言"
    )
    ReleaseFactory(title="Traditional too", title_zh_hant="也有繁體")

    html = editor_client.get(LIST_URL).content.decode()

    rows = {
        re.search(r'field-title"><a [^>]*>([^<]+)<', row).group(1): row
        for row in re.findall(r"<tr>.*?</tr>", html, re.S)
        if "field-title" in row
    }

    def languages(row):
        return re.findall(r"pressroom-language--(\w+)\" lang=\"([^\"]+)\"", row)

    assert languages(rows["English only"]) == [
        ("present", "en"),
        ("missing", "zh-Hant"),
        ("missing", "zh-Hans"),
    ]
    assert languages(rows["All three"]) == [
        ("present", "en"),
        ("present", "zh-Hant"),
        ("present", "zh-Hans"),
    ]
    # Screen readers hear words, not the badges.
    assert "Traditional Chinese: written." in rows["Traditional too"]
    assert "Simplified Chinese: missing." in rows["Traditional too"]


@pytest.mark.parametrize(
    ("missing", "listed"),
    [
        ("zh-hant", {"English only"}),
        ("zh-hans", {"English only", "Traditional too"}),
        ("en", set()),
    ],
)
def test_release_list_filters_by_a_missing_language(editor_client, missing, listed):
    ReleaseFactory(title="English only")
    ReleaseFactory(
        title="All three", title_zh_hant="三種語言", title_zh_hans="三种语言"
    )
    ReleaseFactory(title="Traditional too", title_zh_hant="也有繁體")

    response = editor_client.get(LIST_URL, {"missing": missing})

    assert response.status_code == 200
    titles = re.findall(r'field-title"><a [^>]*>([^<]+)<', response.content.decode())
    assert set(titles) == listed


def test_a_language_the_site_does_not_have_shows_the_whole_list(editor_client):
    ReleaseFactory(title="English only")

    response = editor_client.get(LIST_URL, {"missing": "fr"})

    # As for any filter the admin cannot apply: the unfiltered list.
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_change_form_groups_the_text_by_language_and_folds_missing_ones(
    editor_client,
):
    release = ReleaseFactory(title="Traditional too", title_zh_hant="也有繁體")

    html = editor_client.get(
        reverse("admin:pressroom_release_change", args=[release.pk])
    ).content.decode()

    headings = re.findall(
        r'<fieldset class="module aligned ?([^"]*)".*?fieldset-heading">([^<]+)<',
        html,
        re.S,
    )
    assert headings[:3] == [
        ("", "English"),
        ("", "Traditional Chinese"),
        ("collapse", "Simplified Chinese"),
    ]
    assert 'value="也有繁體"' in html
    for field in ["title_zh_hans", "summary_zh_hans", "body_zh_hans"]:
        assert f'name="{field}"' in html


def test_release_list_search_finds_any_languages_text_in_any_admin_language(
    editor_client,
):
    ReleaseFactory(title="Robotics lab opens", title_zh_hant="機械人實驗室開幕")
    ReleaseFactory(title="Annual report", summary_zh_hans="年度报告摘要")

    def found(query, accept_language):
        response = editor_client.get(
            LIST_URL, {"q": query}, HTTP_ACCEPT_LANGUAGE=accept_language
        )
        return re.findall(r'field-title"><a [^>]*>([^<]+)<', response.content.decode())

    assert found("實驗室", "en") == ["Robotics lab opens"]
    # The list shows each title in the admin's language, English where none.
    assert found("Robotics", "zh-Hant") == ["機械人實驗室開幕"]
    assert found("年度报告", "zh-Hant") == ["Annual report"]
