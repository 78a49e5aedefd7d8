from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from contacts.views import PrivacyView
from newsroom import languages, media
from newsroom.views import healthz
from pressroom import sitemaps

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    # The address is looked up per request (lazily): with the manifest storage
    # it names the hashed file, which exists only after collectstatic.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True),
        name="favicon",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap_section,
        name="sitemap-section",
    ),
    path("i18n/<str:language>/", languages.switch_language, name="switch-language"),
    path("admin/", admin.site.urls),
    *media.urlpatterns(),
]

# The public pages in each language: English where it always was, Chinese
# under /zh-hant/ and /zh-hans/ (newsroom/languages.py).
urlpatterns += i18n_patterns(
    path("contact/", include("contacts.urls")),
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("", include("pressroom.urls")),
    prefix_default_language=False,
)
