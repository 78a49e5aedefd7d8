"""
RSS 2.0 and Atom feeds of the public releases, site-wide and per tag.

Links are absolute from SITE_URL (the canonical addresses), whatever host the
feed reader used. Each feed answers conditional GETs from the same cheap
validators as the pages, so a reader polling every few minutes costs one query
until something changes.

Everything in the press room but the body is plain text, and is written as text
in each element as readers take it: RSS `<description>` and Atom `<summary
type="html">` are rendered as HTML, so the text goes there escaped as HTML;
titles, categories and the Atom subtitle are text (RFC 4287 3.1.1; the RSS
Advisory Board's profile: no HTML in titles), so they go as they are. XML
escaping alone would let a `<script>` typed in a summary run in every reader.
"""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from newsroom.languages import language_tag
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

# What XML 1.0 cannot carry (https://www.w3.org/TR/xml/#charsets): control
# characters but tab, newline and carriage return, lone surrogates, U+FFFE/F.
NOT_XML_CHARACTERS = re.compile(
    r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def xml_characters(value):
    """`value` (a string, or a list of them) without what XML cannot carry."""
    if isinstance(value, str):
        return NOT_XML_CHARACTERS.sub("", value)
    if isinstance(value, (list, tuple)):
        return [xml_characters(item) for item in value]
    return value


class XMLCharactersMixin:
    """A feed generator that leaves out the characters XML 1.0 forbids.

    The admin strips them from what editors paste, but a value written another
    way (a shell, raw SQL, an import) would otherwise make Django's generator
    refuse the whole feed with a 500, or write XML that readers reject.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(
            *map(xml_characters, args),
            **{name: xml_characters(value) for name, value in kwargs.items()},
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *map(xml_characters, args),
            **{name: xml_characters(value) for name, value in kwargs.items()},
        )


class RssFeedGenerator(XMLCharactersMixin, Rss201rev2Feed):
    pass


class AtomFeedGenerator(XMLCharactersMixin, Atom1Feed):
    pass


class LatestReleasesFeed(Feed):
    """The newest public releases (RSS 2.0)."""

    feed_type = RssFeedGenerator
    etag_func = staticmethod(public_etag)

    @property
    def language(self):
        """The feed's language, its address's (RSS <language>, Atom xml:lang),
        as a BCP 47 tag: "zh-Hant", not Django's "zh-hant"."""
        return language_tag(translation.get_language())

    @classmethod
    def view(cls):
        """The feed as a view that answers conditional GETs."""
        return revalidated(
            etag_func=cls.etag_func, last_modified_func=public_last_modified
        )(cls())

    def title(self):
        return _("%(site)s: news releases") % {"site": settings.SITE_NAME}

    def description(self):
        # RSS readers render a channel's description as HTML, like an item's.
        return escape(self.subtitle())

    def subtitle(self):
        return _("The latest news releases from %(site)s.") % {
            "site": settings.SITE_NAME
        }

    def link(self):
        return absolute_url(reverse("pressroom:list"))

    def feed_url(self):
        return absolute_url(reverse("pressroom:feed"))

    def items(self):
        # A feed in one language: releases not written in it are left out
        # (the English feed has them all), since neither RSS nor most readers
        # can mark one item as being in another language.
        return list_releases().in_language(translation.get_language())[:FEED_LENGTH]

    def item_title(self, release):
        return release.title

    def item_description(self, release):
        # Both RSS <description> and Atom <summary type="html"> are HTML.
        return escape(release.summary)

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

    feed_type = AtomFeedGenerator

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
        return escape(self.subtitle(tag))

    def subtitle(self, tag):
        return tag.description or _("News releases from %(site)s tagged “%(tag)s”.") % {
            "site": settings.SITE_NAME,
            "tag": tag.name,
        }

    def link(self, tag):
        return absolute_url(tag.get_absolute_url())

    def feed_url(self, tag):
        return absolute_url(reverse("pressroom:tag-feed", kwargs={"slug": tag.slug}))

    def items(self, tag):
        return (
            list_releases()
            .in_language(translation.get_language())
            .filter(tags=tag)[:FEED_LENGTH]
        )


class TagAtomFeed(TagFeed):
    feed_type = AtomFeedGenerator

    def feed_url(self, tag):
        return absolute_url(
            reverse("pressroom:tag-feed-atom", kwargs={"slug": tag.slug})
        )
