"""
The project's admin site: Django's, with three differences.

* Its header is looked up per request, so it is translated into the language of
  the request and follows SITE_NAME (formatted once at import, it was neither).
* Its "view on site" shortcut (/admin/r/<content type>/<id>/) answers only staff
  who may view that kind of object. Django's shortcut redirects any staff member
  to the object's address, so an enquiry handler could learn the slug, and so
  the title, of an unpublished release by counting ids.
* Every list, third-party admins' included, answers hand-made input with a
  page, not a 500: an action posted with ids that are not ids gets a message,
  and a date drill-down (`date_hierarchy`) to a year no record can have gets
  the unfiltered list, as Django answers any lookup it cannot make. (Django
  computes the end of year 9999 as a date in year 10000, and year 1 in Hong
  Kong as a time in year 0 UTC; both fail.)
"""

import functools

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _

from pressroom.models import PUBLISH_YEARS

# Years a date drill-down may ask for: the years a release may be published in
# (held there by a constraint), which hold every other date the newsroom
# records too (enquiries, consent evidence and sign-in attempts are stamped
# with the server's clock).
DRILL_DOWN_PARTS = {
    "year": PUBLISH_YEARS,
    "month": range(1, 13),
    "day": range(1, 32),
}


def check_date_drill_down(changelist, query):
    """Refuse a date drill-down no calendar date can answer."""
    if not changelist.date_hierarchy:
        return
    for part, allowed in DRILL_DOWN_PARTS.items():
        for value in query.getlist(f"{changelist.date_hierarchy}__{part}"):
            try:
                number = int(value)
            except ValueError:
                number = None
            if number not in allowed:
                raise IncorrectLookupParameters(f"No date has the {part} {value!r}.")


class DateSafeChangeList(ChangeList):
    def get_filters(self, request):
        # Before Django computes the drill-down's bounds from it.
        check_date_drill_down(self, request.GET)
        return super().get_filters(request)


@functools.cache
def date_safe(changelist_class):
    """`changelist_class` with the drill-down checked first."""
    if issubclass(changelist_class, DateSafeChangeList):
        return changelist_class
    return type(changelist_class.__name__, (DateSafeChangeList, changelist_class), {})


class HostileInputMixin:
    """What every list of the site does with input no form offers."""

    def get_changelist(self, request, **kwargs):
        return date_safe(super().get_changelist(request, **kwargs))

    def response_action(self, request, queryset):
        # Django filters by the posted ids as they are: one that is not an id
        # ("abc" for a numeric key) is a 500 there. Refused here, the list is
        # shown again with a message, as for an action run on no selection.
        pk_field = self.opts.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                pk_field.clean(value, None)
        except ValidationError:
            self.message_user(
                request,
                _("The selection was not understood; no action was run."),
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)


class NewsroomAdminSite(admin.AdminSite):
    site_url = "/"

    def register(self, model_or_iterable, admin_class=None, **options):
        """Register as Django does, every admin with HostileInputMixin (the
        third-party ones too, hence here rather than in each ModelAdmin)."""
        admin_class = admin_class or admin.ModelAdmin

        class GuardedAdmin(HostileInputMixin, admin_class):
            pass

        GuardedAdmin.__name__ = GuardedAdmin.__qualname__ = admin_class.__name__
        GuardedAdmin.__module__ = admin_class.__module__
        super().register(model_or_iterable, GuardedAdmin, **options)

    @property
    def site_header(self):
        return _("%(site)s administration") % {"site": settings.SITE_NAME}

    @property
    def site_title(self):
        return settings.SITE_NAME

    def get_urls(self):
        urls = [
            url
            for url in super().get_urls()
            if getattr(url, "name", None) != "view_on_site"
        ]
        return [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *urls,
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut, for those who may view the object's model here.

        Anyone else gets the same 404 as for an id that does not exist, so the
        answer tells them nothing either.
        """
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except (ContentType.DoesNotExist, ValueError):
            model = None
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(
            request
        ):
            raise Http404(_("There is no page to show for this object."))
        return shortcut(request, content_type_id, object_id)
