import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from pressroom import services
from pressroom.models import Release
from tests.pressroom.factories import ReleaseFactory, make_image_file

pytestmark = pytest.mark.django_db

HONG_KONG = zoneinfo.ZoneInfo("Asia/Hong_Kong")


def test_scheduled_release_appears_at_its_publish_time_without_a_cron_job():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 15, 0, tzinfo=HONG_KONG)):
        release = ReleaseFactory(
            publish_at=datetime.datetime(2026, 3, 3, 9, 0, tzinfo=HONG_KONG)
        )
        assert release not in Release.objects.published()
        assert release.is_scheduled

    with time_machine.travel(datetime.datetime(2026, 3, 3, 8, 59, tzinfo=HONG_KONG)):
        assert release not in Release.objects.published()

    with time_machine.travel(datetime.datetime(2026, 3, 3, 9, 0, 1, tzinfo=HONG_KONG)):
        assert list(Release.objects.published()) == [release]
        release.refresh_from_db()
        assert release.is_public


def test_draft_is_never_public_even_when_its_time_has_passed():
    ReleaseFactory(draft=True)
    assert not Release.objects.published().exists()


def test_slug_is_filled_from_the_title_and_made_unique():
    first = ReleaseFactory(title="Science Park opens new lab")
    second = ReleaseFactory(title="Science Park opens new lab")
    third = ReleaseFactory(title="Science Park opens new lab")
    assert first.slug == "science-park-opens-new-lab"
    assert second.slug == "science-park-opens-new-lab-2"
    assert third.slug == "science-park-opens-new-lab-3"


def test_title_edit_does_not_move_a_published_slug_but_an_editor_may():
    release = ReleaseFactory(title="Old title")
    release.title = "A completely new title"
    release.save()
    release.refresh_from_db()
    assert release.slug == "old-title"
    assert release.get_absolute_url() == "/news/old-title/"

    release.slug = "chosen-on-purpose"
    release.save()
    release.refresh_from_db()
    assert release.slug == "chosen-on-purpose"


def test_body_is_sanitised_on_save_keeping_allowed_markup():
    release = ReleaseFactory(
        body=(
            "<h2>Quote</h2><p onclick='steal()'>Hello <strong>world</strong> "
            '<a href="javascript:alert(1)">bad</a> '
            '<a href="https://example.com/">good</a></p>'
            "<script>alert('x')</script><style>p{color:red}</style>"
            "<blockquote><p>“We are proud”</p></blockquote>"
            "<ul><li>one</li></ul>"
            "<table><tbody><tr><td>1</td></tr></tbody></table>"
        )
    )
    release.refresh_from_db()
    body = release.body
    assert "<script" not in body and "alert('x')" not in body
    assert "<style" not in body
    assert "onclick" not in body
    assert "javascript:" not in body
    assert '<a href="https://example.com/"' in body
    for kept in ("<h2>", "<strong>", "<blockquote>", "<ul>", "<li>", "<table>", "<td>"):
        assert kept in body


def test_hero_image_requires_alt_text():
    release = ReleaseFactory.build(
        title="With photo", hero_image=make_image_file(), hero_alt=" "
    )
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert "hero_alt_en" in error.value.message_dict


def test_publish_now_makes_a_draft_public_with_todays_time():
    release = ReleaseFactory(
        draft=True, publish_at=datetime.datetime(2020, 1, 1, tzinfo=HONG_KONG)
    )
    now = datetime.datetime(2026, 3, 3, 9, 30, tzinfo=HONG_KONG)
    with time_machine.travel(now, tick=False):
        assert services.release_publish(release=release) is True
    release.refresh_from_db()
    assert release.is_public
    assert release.publish_at == now
    # Publishing it again later changes nothing, not even its date.
    with time_machine.travel(now + datetime.timedelta(days=1), tick=False):
        assert services.release_publish(release=release) is False
    release.refresh_from_db()
    assert release.publish_at == now


def test_publish_now_brings_a_scheduled_release_forward():
    release = ReleaseFactory(scheduled=True)
    services.release_publish(release=release)
    assert release in Release.objects.published()


def test_unpublish_takes_a_release_off_the_site_and_keeps_its_address():
    release = ReleaseFactory()
    slug = release.slug
    assert services.release_unpublish(release=release) is True
    release.refresh_from_db()
    assert release not in Release.objects.published()
    assert release.slug == slug
    assert services.release_unpublish(release=release) is False


# Search ------------------------------------------------------------------


def test_search_finds_words_in_title_summary_and_body():
    solar = ReleaseFactory(title="Solar rooftops for the campus")
    wind = ReleaseFactory(title="Annual report", summary="Wind turbines at the pier")
    body = ReleaseFactory(title="Results", body="<p>Our <em>hydrogen</em> buses</p>")
    ReleaseFactory(title="Unrelated news")

    assert list(Release.objects.search("solar")) == [solar]
    assert list(Release.objects.search("turbines")) == [wind]
    assert list(Release.objects.search("hydrogen")) == [body]
    assert Release.objects.search("").count() == 4


def test_search_composes_with_published_and_tag_filters():
    public = ReleaseFactory(title="Robotics challenge winners")
    ReleaseFactory(title="Robotics challenge draft", draft=True)
    results = Release.objects.published().search("robotics")
    assert list(results) == [public]
    assert not results.filter(tags__slug="missing").exists()


def test_search_puts_title_matches_before_body_matches(db):
    in_body = ReleaseFactory(
        title="Quarterly update",
        body="<p>A note about biotech.</p>",
        publish_at=datetime.datetime(2025, 5, 1, tzinfo=HONG_KONG),
    )
    in_title = ReleaseFactory(
        title="Biotech incubator opens",
        publish_at=datetime.datetime(2024, 5, 1, tzinfo=HONG_KONG),
    )
    from django.db import connection

    results = list(Release.objects.search("biotech"))
    if connection.vendor == "postgresql":
        assert results == [in_title, in_body]
    else:  # SQLite's fallback orders by date only.
        assert results == [in_body, in_title]


def test_search_ranks_headline_matches_first_then_body_matches_newest_first(db):
    def release(title, summary, body, year):
        return ReleaseFactory(
            title=title,
            summary=summary,
            body=f"<p>{body}</p>",
            publish_at=datetime.datetime(year, 5, 1, tzinfo=HONG_KONG),
        )

    old_body = release("Annual results", "Figures.", "Drones drones drones.", 2023)
    new_body = release("Campus news", "Updates.", "One drone flew.", 2025)
    in_summary = release("Open day", "Drone shows all day.", "Come along.", 2021)
    from django.db import connection

    results = list(Release.objects.search("drone"))
    if connection.vendor == "postgresql":
        assert results == [in_summary, new_body, old_body]
    else:  # SQLite's fallback orders by date only.
        assert results == [new_body, old_body, in_summary]


def test_search_finds_words_written_by_any_path_not_only_save():
    release = ReleaseFactory(title="Annual report")
    # An UPDATE behind the model's back (bulk edits, the bench's COPY) still
    # changes what search finds: the database keeps the document current.
    Release.objects.filter(pk=release.pk).update(title="Hydroponics farm opens")
    assert list(Release.objects.search("hydroponics")) == [release]
    assert not Release.objects.search("annual").exists()


def test_search_with_punctuation_does_not_fail():
    open_day = ReleaseFactory(title="Open day")
    ReleaseFactory(title="Open day closed early")
    from django.db import connection

    results = list(Release.objects.search('"open day" -closed & | ! ('))
    if connection.vendor == "postgresql":
        # websearch syntax: the phrase without "closed"; stray operators ignored.
        assert results == [open_day]
    else:  # SQLite's fallback: no title holds every one of those words.
        assert results == []


# Attachments --------------------------------------------------------------


def office_file(*, with_manifest=True):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if with_manifest:
            archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photos.zip", office_file(with_manifest=False)),
        ("figures.xlsx", office_file()),
        ("speech.docx", office_file()),
        ("logo.png", make_image_file("logo.png").read()),
    ],
)
def test_allowed_attachments_pass_and_record_type_and_size(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pressroom.forms import AttachmentField
    from tests.pressroom.factories import ReleaseAttachmentFactory

    upload = AttachmentField().clean(SimpleUploadedFile(name, content))
    attachment = ReleaseAttachmentFactory(file=upload)
    assert attachment.size == len(content)
    assert attachment.content_type != "application/octet-stream"
    assert attachment.type_label == name.rsplit(".", 1)[1].upper()


def test_zip_renamed_to_docx_without_a_word_manifest_is_refused():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pressroom.forms import AttachmentField

    with pytest.raises(ValidationError) as error:
        AttachmentField().clean(
            SimpleUploadedFile("speech.docx", office_file(with_manifest=False))
        )
    assert error.value.code == "content_mismatch"


# Reserved slugs ---------------------------------------------------------------


def fixed_news_segments():
    """The first path segment of every /news/ address that is not a release."""
    from pressroom.urls import urlpatterns

    segments = set()
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        parts = route.split("/")
        if parts[0] == "news" and len(parts) > 2 and not parts[1].startswith("<"):
            segments.add(parts[1])
    return segments


def test_every_fixed_news_address_is_a_reserved_release_slug():
    from pressroom.models import RESERVED_RELEASE_SLUGS

    assert fixed_news_segments() == {"feed", "preview", "tag"}
    assert fixed_news_segments() <= RESERVED_RELEASE_SLUGS


@pytest.mark.parametrize("slug", ["feed", "tag", "preview"])
def test_a_slug_taken_by_a_news_address_is_refused_with_a_code(slug):
    release = ReleaseFactory.build(slug=slug)

    with pytest.raises(ValidationError) as caught:
        release.full_clean()

    errors = caught.value.error_dict["slug"]
    assert [error.code for error in errors] == ["reserved_slug"]
    assert f"“{slug}” is taken by the news section" in errors[0].messages[0]


@pytest.mark.parametrize("title", ["Feed", "Tag", "Preview"])
def test_a_title_like_a_news_address_gets_a_numbered_slug(client, title):
    release = ReleaseFactory(title=title)

    assert release.slug == f"{title.lower()}-2"
    response = client.get(f"/news/{release.slug}/")
    assert response.status_code == 200
    assert title in response.content.decode()


def test_a_slug_containing_a_reserved_word_is_allowed():
    ReleaseFactory.build(slug="feed-the-city").full_clean()
