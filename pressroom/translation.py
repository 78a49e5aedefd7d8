"""The press room's content in English, Traditional and Simplified Chinese.

django-modeltranslation adds a column per language for each field below
(`title_en`, `title_zh_hant`, `title_zh_hans`) to the model's own table, so a
translated page costs no join and no extra query. The untranslated column
(`title`) stays and holds the English text (see `TranslatedModel`), which the
search documents and check constraints read. English is required where the
field is; the Chinese texts are optional: a release exists in a language when
its title there is filled (`Release.languages`).
"""

from modeltranslation.translator import TranslationOptions, register

from pressroom.models import (
    MediaContact,
    Release,
    ReleaseAttachment,
    ReleaseImage,
    Tag,
)


class EnglishRequired(TranslationOptions):
    # A field an editor must fill is required in English only.
    required_languages = ("en",)


@register(Release)
class ReleaseTranslation(EnglishRequired):
    fields = (
        "title",
        "subtitle",
        "summary",
        "dateline",
        "body",
        "hero_alt",
        "hero_caption",
    )


@register(Tag)
class TagTranslation(EnglishRequired):
    fields = ("name", "description")
    # Tag names are unique in each language; a tag without a Chinese name
    # stores NULL there, which any number of tags may share (not "").
    empty_values = {"name": None}


@register(MediaContact)
class MediaContactTranslation(EnglishRequired):
    fields = ("role", "organisation")


@register(ReleaseImage)
class ReleaseImageTranslation(EnglishRequired):
    fields = ("alt_text", "caption")


@register(ReleaseAttachment)
class ReleaseAttachmentTranslation(EnglishRequired):
    fields = ("title",)
