"""
/sitemap.xml: the press room's pages for search engines.

Below one file's limit (50,000 URLs) /sitemap.xml is a plain sitemap; beyond it,
a sitemap index pointing at numbered pages of each section, as the protocol
requires. Both are Django's own sitemap views; only the choice is ours.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from pressroom.models import Release, Tag
from pressroom.views import public_etag, public_last_modified, revalidated


class SiteUrlSitemap(Sitemap):
    """Locations on SITE_URL's scheme and host, like every other canonical URL."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PressRoomSitemap(SiteUrlSitemap):
    changefreq = "daily"

    def items(self):
        return ["pressroom:home", "pressroom:list"]

    def location(self, item):
        return reverse(item)


class ReleaseSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return Release.objects.published().only("slug", "updated_at")

    def lastmod(self, release):
        return release.updated_at

    def get_latest_lastmod(self):
        # The default walks every release in Python; the database knows.
        return Release.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class TagSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        # A tag page without public releases is an empty page: leave it out.
        return Tag.objects.filter(
            Exists(Release.objects.published().filter(tags=OuterRef("pk")))
        ).only("slug")


SITEMAPS = {
    "pressroom": PressRoomSitemap,
    "releases": ReleaseSitemap,
    "tags": TagSitemap,
}


def _needs_index(sitemaps):
    return any(sitemap().paginator.num_pages > 1 for sitemap in sitemaps.values())


@revalidated(etag_func=public_etag, last_modified_func=public_last_modified)
def sitemap(request):
    """The sitemap, or the sitemap index once a section needs several files."""
    if _needs_index(SITEMAPS):
        return sitemap_views.index(
            request, SITEMAPS, sitemap_url_name="sitemap-section"
        )
    return sitemap_views.sitemap(request, SITEMAPS)


@revalidated(etag_func=public_etag, last_modified_func=public_last_modified)
def sitemap_section(request, section):
    """One section of the sitemap index (`?p=2` for its second file)."""
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
