"""
The project's admin site: Django's, with two differences.

* Its header is looked up per request, so it is translated into the language of
  the request and follows SITE_NAME (formatted once at import, it was neither).
* Its "view on site" shortcut (/admin/r/<content type>/<id>/) answers only staff
  who may view that kind of object. Django's shortcut redirects any staff member
  to the object's address, so an enquiry handler could learn the slug, and so
  the title, of an unpublished release by counting ids.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _


class NewsroomAdminSite(admin.AdminSite):
    site_url = "/"

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
