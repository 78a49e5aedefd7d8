"""
RSS 2.0 and Atom feeds of the public releases, site-wide and per tag.

Links are absolute from SITE_URL (the canonical addresses), whatever host the
feed reader used. Each feed answers conditional GETs from the same cheap
validators as the pages, so a reader polling every few minutes costs one query
until something changes.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _

from pressroom.conditional import (
    public_etag,
    public_last_modified,
    public_tag,
    revalidated,
    tag_etag,
)
from pressroom.seo import absolute_url
from pressroom.views import list_releases

FEED_LENGTH = 20


class LatestReleasesFeed(Feed):
    """The newest public releases (RSS 2.0)."""

    etag_func = staticmethod(public_etag)

    @classmethod
    def view(cls):
        """The feed as a view that answers conditional GETs."""
        return revalidated(
            etag_func=cls.etag_func, last_modified_func=public_last_modified
        )(cls())

    def title(self):
        return _("%(site)s: news releases") % {"site": settings.SITE_NAME}

    def description(self):
        return _("The latest news releases from %(site)s.") % {
            "site": settings.SITE_NAME
        }

    def link(self):
        return absolute_url(reverse("pressroom:list"))

    def feed_url(self):
        return absolute_url(reverse("pressroom:feed"))

    def items(self):
        return list_releases()[:FEED_LENGTH]

    def item_title(self, release):
        return release.title

    def item_description(self, release):
        return release.summary

    def item_link(self, release):
        return absolute_url(release.get_absolute_url())

    def item_pubdate(self, release):
        return release.publish_at

    def item_updateddate(self, release):
        return release.updated_at

    def item_categories(self, release):
        return [tag.name for tag in release.tags.all()]

    def item_enclosures(self, release):
        hero = release.hero_enclosure
        if hero is None:
            return []
        return [
            Enclosure(
                url=absolute_url(hero.url),
                length=str(hero.length),
                mime_type=hero.mime_type,
            )
        ]


class LatestReleasesAtomFeed(LatestReleasesFeed):
    """The same releases as an Atom feed."""

    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()

    def feed_url(self):
        return absolute_url(reverse("pressroom:feed-atom"))


class TagFeed(LatestReleasesFeed):
    """The newest public releases with one tag (RSS 2.0)."""

    etag_func = staticmethod(tag_etag)

    def get_object(self, request, slug):
        tag = public_tag(request, slug)
        if tag is None:
            raise Http404(_("No such tag."))
        return tag

    def title(self, tag):
        return _("%(site)s: news tagged “%(tag)s”") % {
            "site": settings.SITE_NAME,
            "tag": tag.name,
        }

    def description(self, tag):
        return tag.description or _("News releases from %(site)s tagged “%(tag)s”.") % {
            "site": settings.SITE_NAME,
            "tag": tag.name,
        }

    def link(self, tag):
        return absolute_url(tag.get_absolute_url())

    def feed_url(self, tag):
        return absolute_url(reverse("pressroom:tag-feed", kwargs={"slug": tag.slug}))

    def items(self, tag):
        return list_releases().filter(tags=tag)[:FEED_LENGTH]


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed

    def subtitle(self, tag):
        return self.description(tag)

    def feed_url(self, tag):
        return absolute_url(
            reverse("pressroom:tag-feed-atom", kwargs={"slug": tag.slug})
        )
