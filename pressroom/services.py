"""Writes to releases that carry rules, shared by the admin, commands and demo."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pressroom.caching import forget_public_pages
from pressroom.models import MediaContact, Release, Tag


@transaction.atomic
def release_publish(*, release: Release, user=None) -> bool:
    """Make a release public now. Returns False if it already was.

    A draft or a scheduled release gets today's date and time as its publish
    time, so it heads the news list rather than appearing under the day it was
    first drafted or the day it was scheduled for.
    """
    if release.is_public:
        return False
    release.status = Release.Status.PUBLISHED
    release.publish_at = timezone.now()
    release.updated_by = user
    release.full_clean()
    release.save()  # its post_save receiver forgets the cached pages
    return True


@transaction.atomic
def release_unpublish(*, release: Release, user=None) -> bool:
    """Take a release (public or scheduled) off the site. Returns False if it was a
    draft already. Its publish time and slug are kept, so publishing it again
    restores the same address."""
    if release.status == Release.Status.DRAFT:
        return False
    release.status = Release.Status.DRAFT
    release.updated_by = user
    release.full_clean()
    release.save()  # its post_save receiver forgets the cached pages
    return True


def releases_touch(
    *, tags: Iterable[Tag] = (), media_contacts: Iterable[MediaContact] = ()
) -> int:
    """Mark the releases that show these tags or media contacts as just updated.

    Pages, feeds and the sitemap build their validators (ETag, Last-Modified)
    from the releases' `updated_at` alone, so that a conditional GET costs one
    query. A renamed tag or a contact's new phone number changes what those
    pages show: bumping `updated_at` (one UPDATE) makes browsers and feed
    readers fetch them again. The time is Django's clock, like `auto_now`, so
    the bump is always the newest `updated_at` whatever the database's clock
    says. The pages cached on the server are forgotten too (an UPDATE sends no
    signal). Returns the number of releases touched.
    """
    tag_pks = [tag.pk for tag in tags]
    contact_pks = [contact.pk for contact in media_contacts]
    if not tag_pks and not contact_pks:
        return 0
    showing = Release.objects.filter(
        Q(tags__in=tag_pks) | Q(media_contacts__in=contact_pks)
    )
    forget_public_pages()
    return showing.update(updated_at=timezone.now())


@transaction.atomic
def tag_save(*, tag: Tag) -> Tag:
    """Save a tag, and have the pages showing it fetched afresh."""
    tag.full_clean()
    tag.save()
    releases_touch(tags=[tag])
    return tag


@transaction.atomic
def tags_delete(*, tags: Iterable[Tag]) -> None:
    """Delete tags; the releases that showed them are marked as updated first,
    while they still link to them."""
    tags = list(tags)
    tag_pks = [tag.pk for tag in tags]
    releases_touch(tags=tags)
    Tag.objects.filter(pk__in=tag_pks).delete()


@transaction.atomic
def media_contact_save(*, media_contact: MediaContact) -> MediaContact:
    """Save a media contact, and have the release pages listing it fetched afresh."""
    media_contact.full_clean()
    media_contact.save()
    releases_touch(media_contacts=[media_contact])
    return media_contact


@transaction.atomic
def media_contacts_delete(*, media_contacts: Iterable[MediaContact]) -> None:
    """Delete media contacts (those still listed on a release are protected by
    the database); their releases are marked as updated first."""
    media_contacts = list(media_contacts)
    contact_pks = [contact.pk for contact in media_contacts]
    releases_touch(media_contacts=media_contacts)
    MediaContact.objects.filter(pk__in=contact_pks).delete()
