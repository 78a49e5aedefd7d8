"""
Response headers Django's SecurityMiddleware does not set (Django 5.2 has
settings for Cross-Origin-Opener-Policy and Referrer-Policy, not for these).

* `Permissions-Policy`: no page of the newsroom needs a camera, a microphone,
  the visitor's location, payments or USB devices, so none may ask for them,
  whatever script found its way onto a page (PERMISSIONS_POLICY).
* `Cross-Origin-Resource-Policy: same-origin`: other sites cannot embed this
  server's responses (images, attachments, feeds) into their pages. Media served
  from object storage later come from another host, with headers of their own.

Placed before WhiteNoise in MIDDLEWARE, so that static files get them too.
"""

from django.conf import settings


def permissions_policy(features):
    """The header's value: `{"camera": []}` becomes `camera=()`."""
    return ", ".join(
        f"{feature}=({' '.join(allowlist)})" for feature, allowlist in features.items()
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy(settings.PERMISSIONS_POLICY)
        self.resource_policy = settings.CROSS_ORIGIN_RESOURCE_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        # A view that needs another policy sets its own header.
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if self.resource_policy:
            response.headers.setdefault(
                "Cross-Origin-Resource-Policy", self.resource_policy
            )
        return response
