"""
/sitemap.xml: the press room's pages for search engines.

Below one file's limit (5,000 releases) /sitemap.xml is a plain sitemap; beyond
it, a sitemap index pointing at numbered pages of each section. Both are
Django's own sitemap views; only the choice is ours.

The protocol allows 50,000 URLs a file, but Django renders a sitemap URL by URL
in a template, about 0.2 ms each on our machines: a 50,000-URL file would take
ten seconds to build, a 5,000-URL file one. The sitemaps are made for each
request, so that the releases section takes its size and latest change from the
public state the page's validators already hold, not from queries of its own.

Every page is listed in each language it exists in (English at its address,
Chinese under /zh-hant/ and /zh-hans/), each entry naming the others as
`hreflang` alternates plus `x-default` (English), as pressroom.seo does in the
pages' heads. Django's own `i18n` sitemaps would load every release at once to
pair it with each language; here a file still holds a slice of the releases,
one third of the 5,000, so that with their languages it stays within 5,000 URLs.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from modeltranslation.utils import build_localized_fieldname

from newsroom.languages import language_tag
from pressroom.conditional import (
    public_etag,
    public_last_modified,
    public_state,
    revalidated,
)
from pressroom.models import Release, Tag


class SiteUrlSitemap(Sitemap):
    """Locations on SITE_URL's scheme and host, like every other canonical URL,
    each listed in every language the page exists in, with its alternates."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    @cached_property
    def paginator(self):
        # Django makes a new paginator, and so counts the items again, each
        # time it is asked for one; once per sitemap is enough.
        return super().paginator

    def item_languages(self, item):
        """The languages `item`'s page exists in (Django codes)."""
        return [code for code, _name in settings.LANGUAGES]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = []
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in super().get_urls(page=page, site=site, protocol=protocol):
            item = url["item"]
            locations = {}
            for code in self.item_languages(item):
                with translation.override(code):
                    locations[code] = f"{prefix}{self.location(item)}"
            alternates = [
                {"location": location, "lang_code": language_tag(code)}
                for code, location in locations.items()
            ]
            if settings.LANGUAGE_CODE in locations:
                alternates.append(
                    {
                        "location": locations[settings.LANGUAGE_CODE],
                        "lang_code": "x-default",
                    }
                )
            urls.extend(
                {**url, "location": location, "alternates": alternates}
                for location in locations.values()
            )
        return urls


class PressRoomSitemap(SiteUrlSitemap):
    changefreq = "daily"

    def items(self):
        return ["pressroom:home", "pressroom:list"]

    def location(self, item):
        return reverse(item)


class ReleaseSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    # Releases a file: each is listed once per language.
    limit = 5_000 // len(settings.LANGUAGES)

    def __init__(self, *, state):
        self.state = state  # pressroom.conditional.public_state()

    def items(self):
        # With each language's title: what `Release.languages` reads.
        titles = [
            build_localized_fieldname("title", code) for code, _ in settings.LANGUAGES
        ]
        return Release.objects.published().only("slug", "updated_at", *titles)

    def item_languages(self, release):
        # Only the languages it was written in: its page in another language
        # shows the English text, and names the English page canonical.
        return release.languages

    @cached_property
    def paginator(self):
        paginator = super().paginator
        paginator.count = self.state["count"]
        return paginator

    @cached_property
    def _detail_urls(self):
        return {}

    def location(self, release):
        # reverse() once a language, not once per release: slugs need no escaping.
        language = translation.get_language()
        if language not in self._detail_urls:
            self._detail_urls[language] = reverse(
                "pressroom:detail", kwargs={"slug": "slug"}
            ).removesuffix("slug/")
        return f"{self._detail_urls[language]}{release.slug}/"

    def lastmod(self, release):
        return release.updated_at

    def get_latest_lastmod(self):
        return self.state["last_changed"]


class TagSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        # A tag page without public releases is an empty page: leave it out.
        return Tag.objects.filter(
            Exists(Release.objects.published().filter(tags=OuterRef("pk")))
        ).only("slug")


def sitemaps_for(request):
    return {
        "pressroom": PressRoomSitemap(),
        "releases": ReleaseSitemap(state=public_state(request)),
        "tags": TagSitemap(),
    }


@revalidated(etag_func=public_etag, last_modified_func=public_last_modified)
def sitemap(request):
    """The sitemap, or the sitemap index once a section needs several files."""
    sitemaps = sitemaps_for(request)
    if any(sitemap.paginator.num_pages > 1 for sitemap in sitemaps.values()):
        return sitemap_views.index(
            request, sitemaps, sitemap_url_name="sitemap-section"
        )
    return sitemap_views.sitemap(request, sitemaps)


@revalidated(etag_func=public_etag, last_modified_func=public_last_modified)
def sitemap_section(request, section):
    """One section of the sitemap index (`?p=2` for its second file)."""
    return sitemap_views.sitemap(request, sitemaps_for(request), section=section)
