import io
import math

import pytest
from django.utils import translation

from pressroom import demo, demo_translations
from pressroom.demo import load_demo_content
from pressroom.models import (
    MediaContact,
    Release,
    ReleaseAttachment,
    ReleaseImage,
    ReleaseMediaContact,
    Tag,
)

pytestmark = pytest.mark.django_db


CHINESE = ("zh_hant", "zh_hans")
# The fields each language of a release has (django-modeltranslation's suffixes).
RELEASE_TEXTS = (
    "title",
    "subtitle",
    "summary",
    "dateline",
    "body",
    "hero_alt",
    "hero_caption",
)


def snapshot():
    """Every row of the press room, every column an editor or the loader writes:
    translations and times too. (Generated columns, the search documents, follow
    the text: the database writes them.)"""
    # Named: modeltranslation leaves the translated columns out of a bare values().
    return {
        model.__name__: list(
            model.objects.order_by("pk").values(
                *(
                    field.attname
                    for field in model._meta.concrete_fields
                    if not field.generated
                )
            )
        )
        for model in (
            Release,
            Tag,
            MediaContact,
            ReleaseImage,
            ReleaseAttachment,
            ReleaseMediaContact,
        )
    }


@pytest.fixture
def small_pictures(monkeypatch):
    """The demo's pictures drawn a quarter of their size: the tests of its
    texts need pictures with alt texts, not the seconds their renditions take."""
    draw = demo._draw_image

    def draw_small(seed, width, height):
        return draw(seed, width // 4, height // 4)

    monkeypatch.setattr(demo, "_draw_image", draw_small)


def texts(release):
    """(object, field) of every text of a release a reader may see translated."""
    yield from ((release, field) for field in RELEASE_TEXTS)
    for image in release.gallery_images.all():
        yield from ((image, field) for field in ("alt_text", "caption"))
    for attachment in release.attachments.all():
        yield attachment, "title"


def languages(release):
    """The Chinese languages a release is complete in, and those it is half in.

    Complete: every text the release has in English it has in that language.
    """
    complete, partial = set(), set()
    for language in CHINESE:
        written = [
            bool(getattr(obj, f"{field}_{language}"))
            for obj, field in texts(release)
            if getattr(obj, f"{field}_en")
        ]
        if all(written):
            complete.add(language)
        elif any(written):
            partial.add(language)
    return complete, partial


def test_demo_content_shows_every_feature_and_a_second_run_changes_nothing(client):
    out = io.StringIO()
    assert load_demo_content(stdout=out) == 30
    assert "30 demo releases created" in out.getvalue()

    assert Release.objects.count() == 30
    public = Release.objects.published()
    assert public.count() == 28
    assert Release.objects.filter(status=Release.Status.DRAFT).count() == 1
    scheduled = Release.objects.get(slug="robotics-challenge-2026-opens")
    assert scheduled.is_scheduled
    years = {r.publish_at.year for r in public}
    assert len(years) >= 4
    assert 8 <= Tag.objects.count() <= 12
    assert MediaContact.objects.count() == 6
    assert MediaContact.objects.filter(is_active=False).count() == 1
    with_hero = Release.objects.exclude(hero_image="")
    assert with_hero.count() >= 20
    assert all(r.social_image and r.hero_enclosure for r in with_hero)
    assert ReleaseImage.objects.count() >= 6
    assert ReleaseAttachment.objects.filter(content_type="application/pdf").exists()
    for release in public:
        assert release.tags.exists()
        assert release.media_contacts.exists()
    assert Release.objects.published().search("solar").exists()

    # The page prints the dateline ("HONG KONG, 16 September 2025"); the
    # bodies do not repeat it.
    for release in Release.objects.all():
        assert "Hong Kong" not in release.body.split("</p>")[0], release.slug
    featured = public.first()
    detail = client.get(featured.get_absolute_url()).content.decode()
    assert "HONG KONG, 16 September 2025" in detail
    assert "<strong>Hong Kong</strong>" not in detail
    # The home page features the newest release, with its picture.
    assert featured.picture is not None
    assert featured.picture.renditions["detail"].src in client.get("/").content.decode()

    before = snapshot()
    out = io.StringIO()
    assert load_demo_content(stdout=out) == 0
    assert "0 demo releases created, 30 already there" in out.getvalue()
    assert snapshot() == before


def test_a_third_of_the_demo_releases_read_in_all_three_languages(small_pictures):
    load_demo_content()

    releases = Release.objects.prefetch_related("gallery_images", "attachments")
    by_languages = {}
    for release in releases:
        complete, partial = languages(release)
        # A reader of a Chinese page never gets a release half in English.
        assert not partial, (release.slug, partial)
        by_languages.setdefault(frozenset(complete), []).append(release)
    all_three = by_languages[frozenset(CHINESE)]
    assert len(all_three) >= math.ceil(releases.count() / 3)
    # Some exist in Traditional Chinese only, as many Hong Kong releases do...
    assert by_languages[frozenset({"zh_hant"})]
    # ...and one or two in English only.
    assert 1 <= len(by_languages[frozenset()]) <= 2
    # The fully translated ones show every kind of text: gallery, fact sheet.
    assert any(release.gallery_images.all() for release in all_three)
    assert any(release.attachments.all() for release in all_three)

    # A reader in each language sees the release in that language: the one
    # the home page features, for one.
    featured = Release.objects.published().first()
    assert featured in all_three
    for language, field in [("zh-hant", "zh_hant"), ("zh-hans", "zh_hans")]:
        with translation.override(language):
            release = Release.objects.get(pk=featured.pk)
            assert release.title == getattr(featured, f"title_{field}")
            assert release.title != featured.title_en
            assert release.dateline == "香港"


def test_demo_chinese_follows_each_script_s_own_punctuation(small_pictures):
    load_demo_content()

    def chinese_texts(language):
        for release in Release.objects.prefetch_related(
            "gallery_images", "attachments"
        ):
            for obj, field in texts(release):
                yield getattr(obj, f"{field}_{language}") or ""
        for tag in Tag.objects.all():
            yield getattr(tag, f"name_{language}") or ""
            yield getattr(tag, f"description_{language}")

    traditional = "".join(chinese_texts("zh_hant"))
    simplified = "".join(chinese_texts("zh_hans"))
    # Hong Kong quotes 「」 (『』 within); the mainland's double curly quotes
    # (single ones within).
    mainland_quotes = set("\u201c\u201d\u2018\u2019")
    assert "「" in traditional and "『" in traditional
    assert not mainland_quotes & set(traditional)
    assert mainland_quotes <= set(simplified)
    assert not set("「」『』") & set(simplified)
    # Chinese sentences end with the full-width stop, never an ASCII one.
    for text in (traditional, simplified):
        assert "。" in text
        assert ". " not in text


def test_demo_tags_and_media_contacts_are_translated(small_pictures):
    load_demo_content()

    for tag in Tag.objects.all():
        for language in CHINESE:
            for field in ("name", "description"):
                text = getattr(tag, f"{field}_{language}")
                assert text and text != getattr(tag, f"{field}_en"), (tag.slug, field)
    with translation.override("zh-hant"):
        assert {tag.name for tag in Tag.objects.all()} >= {
            "可持續發展",
            "人工智能與機械人",
        }
    with translation.override("zh-hans"):
        assert {tag.name for tag in Tag.objects.all()} >= {
            "可持续发展",
            "人工智能与机器人",
        }
    for contact in MediaContact.objects.all():
        for language in CHINESE:
            for field in ("role", "organisation"):
                text = getattr(contact, f"{field}_{language}")
                assert text and text != getattr(contact, f"{field}_en"), contact.email


def test_every_chinese_body_of_the_demo_is_sanitised(monkeypatch, small_pictures):
    # Text pasted from elsewhere: a script and an event handler among the words.
    for language in CHINESE:
        texts_ = demo_translations.TEXTS[language]
        monkeypatch.setitem(
            texts_,
            "announced",
            '<img src="x" onerror="alert(1)">'
            + texts_["announced"]
            + "<script>alert(2)</script>",
        )
    load_demo_content()

    body = Release._meta.get_field("body")
    translated = 0
    for release in Release.objects.all():
        for language in CHINESE:
            text = getattr(release, f"body_{language}")
            if not text:
                continue
            translated += 1
            assert "onerror" not in text and "<script" not in text, release.slug
            assert text == body.sanitize(text)
            # The words around them are kept.
            assert demo_translations.PARK[language] in text
    assert translated >= 20


def blank(model, field):
    """A field's empty value: NULL where the column is unique, like tag names."""
    return None if model._meta.get_field(field).null else ""


def test_an_older_demo_gets_its_translations_on_the_next_run(small_pictures):
    load_demo_content()
    complete = snapshot()
    # As a demo database loaded before the translations: no Chinese anywhere...
    for model, fields in [
        (Release, RELEASE_TEXTS),
        (ReleaseImage, ("alt_text", "caption")),
        (ReleaseAttachment, ("title",)),
        (Tag, ("name", "description")),
        (MediaContact, ("role", "organisation")),
    ]:
        model.objects.update(
            **{
                f"{field}_{language}": blank(model, f"{field}_{language}")
                for field in fields
                for language in CHINESE
            }
        )
    # ...but for a title an editor has since written themselves.
    edited = Release.objects.get(slug="biomedical-centre-opens")
    edited.title_zh_hant = "生物醫藥中心啟用"
    edited.save()

    out = io.StringIO()
    assert load_demo_content(stdout=out) == 0
    assert (
        "0 demo releases created, 30 already there, 28 given their Chinese texts"
        in out.getvalue()
    )
    edited.refresh_from_db()
    assert edited.title_zh_hant == "生物醫藥中心啟用"
    assert (
        edited.summary_zh_hant == demo_translations.RELEASES[edited.slug]["zh_hant"][1]
    )
    for model, rows in complete.items():
        if model == "ReleaseMediaContact":
            continue
        now = {row["id"]: row for row in snapshot()[model]}
        for row in rows:
            different = {
                key
                for key, value in row.items()
                if now[row["id"]][key] != value and key != "updated_at"
            }
            if model == "Release" and row["slug"] == edited.slug:
                assert different == {"title_zh_hant"}
            else:
                assert not different, (model, row["id"], different)

    # And a third run changes nothing.
    before = snapshot()
    load_demo_content()
    assert snapshot() == before
