"""
The public press room: home, news list, release and tag pages, staff preview.

Every public page costs a fixed number of queries however many releases exist,
and answers conditional GETs before its main queries run (pressroom.conditional);
with a real cache a repeat request runs no query at all (pressroom.caching).
Which releases are public is `ReleaseQuerySet`'s to say.
"""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from newsroom.languages import preferred_home
from pressroom.conditional import (
    public_etag,
    public_last_modified,
    public_release,
    public_state,
    public_tag,
    release_etag,
    release_last_modified,
    release_page_timeout,
    revalidated,
    tag_etag,
)
from pressroom.filters import ReleaseFilterForm
from pressroom.models import Release, ReleaseMediaContact, Tag
from pressroom.pagination import ReleasePaginator
from pressroom.seo import PageMeta, news_article, release_meta

RELEASES_PER_PAGE = 10
HOME_RELEASES = 7  # the featured release and six more


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

    def list_query(self):
        """The list's query parameters that its links keep (pagination, the
        "remove this filter" chips): all but the page number, and none of the
        empty fields a submitted filter form sends ("?q=&year="), which would
        only lengthen the address and keep the page out of the cache."""
        query = QueryDict(mutable=True)
        for name, values in self.request.GET.lists():
            values = [value for value in values if value]
            if values and name != "page":
                query.setlist(name, values)
        return query

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
            "list_query": self.list_query(),
        }


@method_decorator(preferred_home, name="dispatch")
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
                path=reverse("pressroom:home"),
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
            Release.objects.with_neighbours(), pk=self.kwargs["pk"]
        )
        prefetch_release_page(release)
        return super().get_context_data(
            release=release,
            preview=True,
            page_meta=release_meta(release, noindex=True),
            **kwargs,
        )
