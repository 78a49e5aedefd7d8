"""
The public press room: home, news list, release and tag pages, staff preview.

Every public page costs a fixed number of queries however many releases exist,
and answers conditional GETs: the validators come from one cheap aggregate over
the public releases (or, for a release page, from the release's own row), so a
matching `If-None-Match` is answered 304 before the page's main queries run.

With a real cache the aggregate and the rendered pages are kept there
(pressroom.caching), and a repeat request runs no query at all.
"""

import hashlib

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import condition
from django.views.generic import TemplateView

from pressroom import caching
from pressroom.filters import ReleaseFilterForm
from pressroom.models import QueryTime, Release, ReleaseMediaContact, Tag
from pressroom.pagination import ReleasePaginator
from pressroom.seo import PageMeta, news_article, release_meta

RELEASES_PER_PAGE = 10
HOME_RELEASES = 7  # the featured release and six more

# Bump when a template change must reach browsers holding a cached page.
PAGE_VERSION = "1"


def _etag(*parts):
    text = "|".join(str(part) for part in (PAGE_VERSION, *parts))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def page_key(request, *args, **kwargs):
    """Where a public page is kept in the cache: under the generation, which
    every write moves, beside its address (which the page cache adds). Nothing
    is kept past the next scheduled publish time, so no lookup of the public
    state is needed to find a page, and a cached page costs none."""
    return caching.key(request, "page", PAGE_VERSION)


def public_page_timeout(request, *args, **kwargs):
    return caching.timeout_until(public_state(request)["next_scheduled"])


def revalidated(
    *,
    etag_func,
    last_modified_func,
    page_key=page_key,
    page_timeout=public_page_timeout,
):
    """Answer conditional GETs, and ask browsers and proxies to always use them.

    Without `no-cache`, a browser may reuse a page for a while on a guess from
    Last-Modified and miss a release published since; with it, every view of
    the page is a conditional GET, which costs one query when nothing changed
    (none once the page is cached).

    The page cache sits between the two: a cached page carries the validators
    it was built with, and ConditionalGetMiddleware answers conditional GETs
    from them, so the queries behind `etag_func` run only when the page is
    built (a release page's validators need the release's row).
    """

    def decorator(view):
        view = condition(etag_func=etag_func, last_modified_func=last_modified_func)(
            view
        )
        view = caching.cache_public_page(key_prefix=page_key, timeout=page_timeout)(
            view
        )
        return cache_control(no_cache=True)(view)

    return decorator


def public_state(request):
    """How many releases are public, when the public set last changed, and when
    it next changes by itself (the next scheduled release, or None).

    One aggregate query, kept in the cache until the generation moves or the
    next scheduled release turns public, and on the request, since the ETag,
    the Last-Modified check and the view all use it. The latest `publish_at` is
    part of it so that a scheduled release changes the validators the moment it
    goes public, though nobody saved anything then.
    """
    if not hasattr(request, "_pressroom_public_state"):
        key = caching.key(request, "state")
        state = cache.get(key)
        if state is None:
            # What `published()` says is public, and what is scheduled, split
            # at one instant (the same for both halves) in one query. Only
            # columns of release_state_idx (migration 0007), so PostgreSQL
            # answers from the index without reading the releases' rows.
            now = timezone.now()
            public = Q(publish_at__lte=now)
            state = Release.objects.filter(status=Release.Status.PUBLISHED).aggregate(
                count=Count("publish_at", filter=public),
                last_changed=Max("updated_at", filter=public),
                last_published=Max("publish_at", filter=public),
                first_published=Min("publish_at", filter=public),
                next_scheduled=Min("publish_at", filter=Q(publish_at__gt=now)),
            )
            cache.set(key, state, caching.timeout_until(state["next_scheduled"]))
        request._pressroom_public_state = state
    return request._pressroom_public_state


def public_etag(request, *args, **kwargs):
    state = public_state(request)
    return _etag(state["count"], state["last_changed"], state["last_published"])


def public_last_modified(request, *args, **kwargs):
    state = public_state(request)
    changes = [state["last_changed"], state["last_published"]]
    return max(filter(None, changes), default=None)


def public_tag(request, slug):
    """The tag of a tag page or tag feed (one query, kept on the request)."""
    if not hasattr(request, "_pressroom_tag"):
        request._pressroom_tag = Tag.objects.filter(slug=slug).first()
    return request._pressroom_tag


def tag_etag(request, slug, *args, **kwargs):
    tag = public_tag(request, slug)
    if tag is None:
        return None
    return _etag(public_etag(request), tag.pk, tag.name, tag.description)


def list_releases():
    """Public releases as lists show them: with their tags, in two queries.

    The body is left out: a list never shows it, and it is the largest column.
    """
    return (
        Release.objects.published()
        .defer("body")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name", "slug")))
    )


def release_years(state):
    """Years that have public releases, newest first (for the year filter)."""
    if not state["count"]:
        return []
    newest = timezone.localtime(state["last_published"]).year
    oldest = timezone.localtime(state["first_published"]).year
    return list(range(newest, oldest - 1, -1))


class PublicPageMixin:
    """Conditional GET for pages built from the public releases."""

    @method_decorator(
        revalidated(etag_func=public_etag, last_modified_func=public_last_modified)
    )
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class ReleaseListMixin:
    """Pagination shared by the news list and the tag pages."""

    paginate_by = RELEASES_PER_PAGE

    def paginate(self, releases, *, count):
        paginator = ReleasePaginator(releases, self.paginate_by, count=count)
        # A page number that is not a number shows the first page, one past
        # the end the last page: a mistyped link never ends in an error.
        page = paginator.get_page(self.request.GET.get("page"))
        return {
            "paginator": paginator,
            "page_obj": page,
            "releases": page.object_list,
            "page_range": paginator.get_elided_page_range(page.number),
        }


class HomeView(PublicPageMixin, TemplateView):
    template_name = "pressroom/home.html"

    def get_context_data(self, **kwargs):
        releases = list(list_releases()[:HOME_RELEASES])
        return super().get_context_data(
            featured=releases[0] if releases else None,
            latest=releases[1:],
            page_meta=PageMeta.for_page(
                title=_("Corporate news"),
                description=_("News releases, photos and media contacts from %(site)s.")
                % {"site": settings.SITE_NAME},
                path="/",
            ),
            **kwargs,
        )


class ReleaseListView(PublicPageMixin, ReleaseListMixin, TemplateView):
    template_name = "pressroom/release_list.html"

    def get_context_data(self, **kwargs):
        state = public_state(self.request)
        tags = Tag.objects.filter(
            Exists(Release.objects.published().filter(tags=OuterRef("pk")))
        ).only("name", "slug")
        form = ReleaseFilterForm(
            self.request.GET or None, tags=list(tags), years=release_years(state)
        )
        filters = form.filters()
        releases = list_releases()
        if "tag" in filters:
            releases = releases.filter(tags=filters["tag"])
        if "year" in filters:
            releases = releases.filter(publish_at__year=filters["year"])
        if "q" in filters:
            releases = releases.search(filters["q"])
        # Without filters the aggregate has already counted the releases.
        count = None if filters else state["count"]
        context = self.paginate(releases, count=count)
        page = context["page_obj"]
        title = _("News releases")
        if page.number > 1:
            title = _("%(title)s, page %(number)s") % {
                "title": title,
                "number": page.number,
            }
        path = self.request.path
        if page.number > 1 and not filters:
            path = f"{path}?page={page.number}"
        return super().get_context_data(
            form=form,
            filters=filters,
            page_meta=PageMeta.for_page(
                title=title,
                description=_(
                    "All news releases from %(site)s, newest first: search them, "
                    "or find them by tag or year."
                )
                % {"site": settings.SITE_NAME},
                path=path,
                # Search and filter results are not pages of their own.
                noindex=bool(filters),
            ),
            **context,
            **kwargs,
        )


class TagView(ReleaseListMixin, TemplateView):
    template_name = "pressroom/tag_detail.html"

    @method_decorator(
        revalidated(etag_func=tag_etag, last_modified_func=public_last_modified)
    )
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        tag = public_tag(self.request, self.kwargs["slug"])
        if tag is None:
            raise Http404(_("No such tag."))
        releases = list_releases().filter(tags=tag)
        context = self.paginate(releases, count=releases.count())
        page = context["page_obj"]
        path = tag.get_absolute_url()
        if page.number > 1:
            path = f"{path}?page={page.number}"
        return super().get_context_data(
            tag=tag,
            page_meta=PageMeta.for_page(
                title=_("News tagged “%(tag)s”") % {"tag": tag.name},
                description=tag.description
                or _("News releases from %(site)s tagged “%(tag)s”.")
                % {"site": settings.SITE_NAME, "tag": tag.name},
                path=path,
            ),
            **context,
            **kwargs,
        )


def release_with_neighbours(releases):
    """`releases` annotated with the slug and title of the public release before
    and after each, in the same query.

    The comparisons start with `publish_at <=`/`>=` so the database can walk the
    (status, publish_at) index; the primary key breaks ties between releases
    published in the same second.
    """
    public = Release.objects.published()
    earlier = (
        public.filter(publish_at__lte=OuterRef("publish_at"))
        .exclude(publish_at=OuterRef("publish_at"), pk__gte=OuterRef("pk"))
        .order_by("-publish_at", "-pk")
    )
    later = (
        public.filter(publish_at__gte=OuterRef("publish_at"))
        .exclude(publish_at=OuterRef("publish_at"), pk__lte=OuterRef("pk"))
        .order_by("publish_at", "pk")
    )
    return releases.annotate(
        previous_slug=Subquery(earlier.values("slug")[:1]),
        previous_title=Subquery(earlier.values("title")[:1]),
        next_slug=Subquery(later.values("slug")[:1]),
        next_title=Subquery(later.values("title")[:1]),
    )


def public_release(request, slug):
    """The public release at `slug` with its neighbours, or None (one query).

    With it comes the next scheduled publish time: the page, once cached, must
    not outlive it, as the release turning public then may be a neighbour.
    """
    if not hasattr(request, "_pressroom_release"):
        scheduled = Release.objects.filter(
            status=Release.Status.PUBLISHED, publish_at__gt=QueryTime()
        ).order_by("publish_at")
        request._pressroom_release = (
            release_with_neighbours(Release.objects.published())
            .annotate(next_scheduled=Subquery(scheduled.values("publish_at")[:1]))
            .filter(slug=slug)
            .first()
        )
    return request._pressroom_release


def release_etag(request, slug):
    release = public_release(request, slug)
    if release is None:
        return None
    return _etag(
        release.pk,
        release.updated_at,
        release.previous_slug,
        release.previous_title,
        release.next_slug,
        release.next_title,
    )


def release_last_modified(request, slug):
    release = public_release(request, slug)
    return release.updated_at if release else None


def release_page_timeout(request, slug):
    release = public_release(request, slug)
    return caching.timeout_until(release.next_scheduled) if release else 0


def prefetch_release_page(release):
    """Fetch what a release page shows besides the release row: four queries."""
    prefetch_related_objects(
        [release],
        Prefetch("tags", queryset=Tag.objects.only("name", "slug")),
        "gallery_images",
        "attachments",
        Prefetch(
            "releasemediacontact_set",
            queryset=ReleaseMediaContact.objects.select_related("media_contact"),
            to_attr="contact_entries",
        ),
    )
    release.contacts = [entry.media_contact for entry in release.contact_entries]
    return release


class ReleaseDetailView(TemplateView):
    template_name = "pressroom/release_detail.html"

    @method_decorator(
        revalidated(
            etag_func=release_etag,
            last_modified_func=release_last_modified,
            page_timeout=release_page_timeout,
        )
    )
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        release = public_release(self.request, self.kwargs["slug"])
        if release is None:
            raise Http404(_("No such release."))
        prefetch_release_page(release)
        return super().get_context_data(
            release=release,
            page_meta=release_meta(release),
            news_article=news_article(release),
            **kwargs,
        )


# Outermost first: anonymous visitors are sent to the staff login; signed-in
# staff without permission on releases are refused.
@method_decorator(never_cache, name="dispatch")
@method_decorator(staff_member_required, name="dispatch")
@method_decorator(
    permission_required("pressroom.view_release", raise_exception=True),
    name="dispatch",
)
class ReleasePreviewView(TemplateView):
    """A release as the public will see it, for staff, whatever its status.

    Drafts and scheduled releases are shown under a banner and kept out of
    search engines (`noindex`, also as an HTTP header).
    """

    template_name = "pressroom/release_detail.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_context_data(self, **kwargs):
        release = get_object_or_404(
            release_with_neighbours(Release.objects.all()), pk=self.kwargs["pk"]
        )
        prefetch_release_page(release)
        return super().get_context_data(
            release=release,
            preview=True,
            page_meta=release_meta(release, noindex=True),
            **kwargs,
        )
