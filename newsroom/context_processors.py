from django.conf import settings


def site(request):
    """The site's name and absolute URL, for the header, titles and meta tags."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
