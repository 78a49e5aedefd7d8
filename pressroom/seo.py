"""
What search engines and social networks read about a page.

Views put a `PageMeta` in the template context as `page_meta`; `base.html` turns
it into the title, meta description, canonical URL, Open Graph and Twitter card
tags. Every URL written there is absolute, built from `settings.SITE_URL`, so the
canonical address does not depend on which host name a request came in by.

Each page exists in the site's languages (English at today's address, Chinese
under /zh-hant/ and /zh-hans/), and says so: its canonical URL is its own
language's, and `hreflang` alternates name every language the page exists in,
plus `x-default` (English). A release exists only in the languages it was
written in (`Release.languages`): under another language's address it shows its
English text, and then its canonical URL is the English page, the one search
engines should index.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.text import Truncator

from newsroom.languages import language_tag, translated_path

# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160


def absolute_url(path_or_url):
    """`path_or_url` made absolute against SITE_URL (absolute URLs are kept)."""
    if not path_or_url or "://" in path_or_url:
        return path_or_url
    return f"{settings.SITE_URL}{path_or_url}"


@dataclass(frozen=True)
class PageImage:
    url: str
    width: int
    height: int
    alt: str
    mime_type: str = ""


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    canonical_url: str
    type: str = "website"
    image: PageImage | None = None
    noindex: bool = False
    # (hreflang, absolute URL) pairs, x-default last.
    alternates: tuple = field(default_factory=tuple)
    og_locale: str = ""
    og_locale_alternates: tuple = field(default_factory=tuple)

    @classmethod
    def for_page(cls, *, title, description, path, languages=None, **kwargs):
        """Meta of the page at `path` (in the active language), which exists in
        `languages` (Django codes; every language of the site by default)."""
        current = translation.get_language()
        codes = [code for code, _name in settings.LANGUAGES]
        if languages is not None:
            codes = [code for code in codes if code in languages]
        own = current if current in codes else settings.LANGUAGE_CODE
        alternates = [
            (language_tag(code), absolute_url(translated_path(path, code)))
            for code in codes
        ]
        if alternates:
            alternates.append(
                (
                    "x-default",
                    absolute_url(translated_path(path, settings.LANGUAGE_CODE)),
                )
            )
        return cls(
            title=title,
            description=Truncator(description).chars(DESCRIPTION_LENGTH),
            canonical_url=absolute_url(translated_path(path, own)),
            alternates=tuple(alternates),
            og_locale=og_locale(own),
            og_locale_alternates=tuple(
                og_locale(code) for code in codes if code != own
            ),
            **kwargs,
        )


# Open Graph names locales language_TERRITORY; the newsroom writes for Hong Kong
# (Traditional Chinese) and the mainland (Simplified).
OG_LOCALES = {"en": "en_GB", "zh-hant": "zh_HK", "zh-hans": "zh_CN"}


def og_locale(code):
    return OG_LOCALES.get(code, translation.to_locale(code))


def release_image(release):
    """The release's social card as a `PageImage`, or None without a hero image."""
    card = release.social_image
    if card is None:
        return None
    return PageImage(
        url=absolute_url(card.url),
        width=card.width,
        height=card.height,
        alt=card.alt,
        mime_type=card.mime_type,
    )


def release_meta(release, *, noindex=False):
    """A release page exists in the languages the release was written in:
    under another language's address it shows the English text, so its
    canonical URL is the English page (not noindex: search engines follow the
    canonical, and noindex beside it would muddle the signal)."""
    return PageMeta.for_page(
        title=release.title,
        description=release.summary,
        path=release.get_absolute_url(),
        type="article",
        image=release_image(release),
        noindex=noindex,
        languages=release.languages,
    )


def text_language(release):
    """The language a page in the active language shows `release` in: that
    one, or English when the release was not written in it."""
    current = translation.get_language()
    return current if current in release.languages else settings.LANGUAGE_CODE


def news_article(release):
    """schema.org `NewsArticle` data for a release page's JSON-LD.

    https://developers.google.com/search/docs/appearance/structured-data/article
    """
    url = absolute_url(release.get_absolute_url())
    publisher = {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": f"{settings.SITE_URL}/",
    }
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": Truncator(release.title).chars(110),
        "description": release.summary,
        "datePublished": release.publish_at.isoformat(),
        "dateModified": release.updated_at.isoformat(),
        "author": publisher,
        "publisher": publisher,
        "keywords": [tag.name for tag in release.tags.all()],
        "inLanguage": language_tag(text_language(release)),
    }
    if release.dateline:
        data["dateline"] = release.dateline
    image = release_image(release)
    if image:
        data["image"] = [image.url]
    return data
