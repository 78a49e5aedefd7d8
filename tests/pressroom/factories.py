"""factory_boy factories for the press room.

`ReleaseFactory()` is a public release (published, publish time in the past).
Traits: `ReleaseFactory(draft=True)`, `ReleaseFactory(scheduled=True)` (publishes
in a day), `ReleaseFactory(with_hero=True)` (a small Pillow-made hero image with
its renditions). `make_image_file()` builds real image files for upload tests.
"""

import datetime
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from pressroom.models import (
    MediaContact,
    Release,
    ReleaseAttachment,
    ReleaseImage,
    ReleaseMediaContact,
    Tag,
)


def make_image_bytes(
    width=800,
    height=450,
    *,
    fmt="JPEG",
    color=(30, 110, 160),
    mode=None,
    **save_options,
):
    """A real image made by Pillow, as bytes (any format Pillow writes)."""
    image = Image.new("RGBA" if len(color) == 4 else "RGB", (width, height), color)
    # A contrasting block, so orientation and cropping are visible in tests.
    image.paste((240, 200, 40), (0, 0, width // 4, height // 4))
    if mode:
        image = image.convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save_options)
    return buffer.getvalue()


def make_image_file(name="photo.jpg", width=800, height=450, **kwargs):
    """A real image as a Django `ContentFile`, ready to assign to an ImageField."""
    fmt = {"png": "PNG", "webp": "WEBP"}.get(name.rsplit(".", 1)[-1].lower(), "JPEG")
    kwargs.setdefault("fmt", fmt)
    return ContentFile(make_image_bytes(width, height, **kwargs), name=name)


def make_pdf_bytes(text="Fact sheet"):
    """A tiny but valid one-page PDF."""
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(buffer, "PDF", title=text)
    return buffer.getvalue()


class TagFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Tag
        django_get_or_create = ("slug",)


class MediaContactFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name")
    role = "Senior Manager, Corporate Communications"
    organisation = "Harbour Science Park"
    email = factory.Sequence(lambda n: f"media{n}@example.com")
    phone = "+852 2629 0000"

    class Meta:
        model = MediaContact


class ReleaseFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Science park welcomes partner number {n}")
    summary = "A short summary of the news, shown in lists and feeds."
    body = "<p>Harbour Science Park today announced a new partnership.</p>"
    dateline = "Hong Kong"
    status = Release.Status.PUBLISHED
    publish_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )

    class Meta:
        model = Release
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Release.Status.DRAFT)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(
                lambda: timezone.now() + datetime.timedelta(days=1)
            )
        )
        with_hero = factory.Trait(
            hero_image=factory.LazyFunction(lambda: make_image_file("hero.jpg")),
            hero_alt="Researchers in a laboratory at the science park",
            hero_caption="The new laboratory",
            hero_credit="Harbour Science Park",
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)

    @factory.post_generation
    def media_contacts(self, create, extracted, **kwargs):
        if create and extracted:
            for position, contact in enumerate(extracted):
                ReleaseMediaContact.objects.create(
                    release=self, media_contact=contact, position=position
                )


class ReleaseImageFactory(factory.django.DjangoModelFactory):
    release = factory.SubFactory(ReleaseFactory)
    image = factory.LazyFunction(lambda: make_image_file("gallery.jpg", 640, 480))
    alt_text = factory.Sequence(lambda n: f"Gallery photo {n} of the event")
    caption = "Guests at the opening"
    position = factory.Sequence(int)

    class Meta:
        model = ReleaseImage


class ReleaseAttachmentFactory(factory.django.DjangoModelFactory):
    release = factory.SubFactory(ReleaseFactory)
    file = factory.LazyFunction(
        lambda: ContentFile(make_pdf_bytes(), name="fact-sheet.pdf")
    )
    title = "Fact sheet"
    position = factory.Sequence(int)

    class Meta:
        model = ReleaseAttachment
