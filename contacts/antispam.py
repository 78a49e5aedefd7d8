"""
Defences of the public Contact Us form that need no CAPTCHA: the client IP the
rate limit counts by, and the signed "form shown at" timestamp that proves a
person spent a few seconds filling the form in.
"""

import ipaddress
import time

from django.conf import settings
from django.core import signing

FORM_SALT = "contacts.contact-form"


def client_ip(request):
    """
    The visitor's IP address.

    REMOTE_ADDR unless CONTACT_CLIENT_IP_HEADER names the header a trusted proxy
    writes: a visitor can put anything in such a header, so it is only read when
    the operator says a proxy of theirs sets it, and then only the entry that
    proxy appended (counted from the right), never the visitor's own entries.
    """
    header = settings.CONTACT_CLIENT_IP_HEADER
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        entries = [
            entry.strip()
            for entry in request.META.get(meta_key, "").split(",")
            if entry.strip()
        ]
        proxies = max(settings.CONTACT_TRUSTED_PROXY_COUNT, 1)
        if len(entries) >= proxies:
            candidate = entries[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def ratelimit_key(group, request):
    """django-ratelimit's key function: count by client IP."""
    return client_ip(request)


def sign_form_token(*, wording_id):
    """
    A signed token for a freshly shown form: when it was shown, and which
    consent wording stood beside the checkbox (the evidence must name the
    wording the visitor read, even if staff publish a new one meanwhile).
    """
    return signing.dumps(
        {"shown_at": time.time(), "wording": wording_id}, salt=FORM_SALT
    )


def read_form_token(token):
    """
    (seconds since the form was shown, wording id), or None when the token is
    missing, forged or older than CONTACT_MAX_FILL_SECONDS.
    """
    try:
        payload = signing.loads(
            token or "", salt=FORM_SALT, max_age=settings.CONTACT_MAX_FILL_SECONDS
        )
    except signing.BadSignature:
        return None
    return time.time() - payload["shown_at"], payload["wording"]
