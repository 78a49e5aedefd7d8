from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from contacts.views import PrivacyView
from newsroom.views import healthz

admin.site.site_header = _("%(site)s administration") % {"site": settings.SITE_NAME}
admin.site.site_title = settings.SITE_NAME
admin.site.site_url = "/"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("contact/", include("contacts.urls")),
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("", include("pressroom.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
