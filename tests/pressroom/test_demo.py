import io

import pytest

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


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (
            Release,
            Tag,
            MediaContact,
            ReleaseImage,
            ReleaseAttachment,
            ReleaseMediaContact,
        )
    } | {"updated": sorted(Release.objects.values_list("updated_at", flat=True))}


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
