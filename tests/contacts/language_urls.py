"""
The site's URLs with Chinese under /zh-hant/ and /zh-hans/, for tests run
before the site's own URLconf has its language prefixes (see the
`language_urls` fixture).
"""

from django.conf.urls.i18n import i18n_patterns

from newsroom.urls import urlpatterns as site_urlpatterns

urlpatterns = i18n_patterns(*site_urlpatterns, prefix_default_language=False)
