"""Writes to releases that carry rules, shared by the admin, commands and demo."""

from django.db import transaction
from django.utils import timezone

from pressroom.models import Release


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
    release.save()
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
    release.save()
    return True
