"""
Defences of the public Contact Us form that need no CAPTCHA: the client IP the
rate limits count by, the limits themselves, and the signed token that says
when the form was first shown (a person needs a few seconds to fill it in) and
names the form page, so that sending one page twice stores one enquiry.
"""

import ipaddress
import logging
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django_ratelimit.core import get_usage

FORM_SALT = "contacts.contact-form"

logger = logging.getLogger(__name__)


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
    A signed token for a freshly shown form: when it was shown, which consent
    wording stood beside the checkbox (the evidence must name the wording the
    visitor read, even if staff publish a new one meanwhile), and a nonce
    naming this form page (Enquiry.form_nonce).
    """
    return signing.dumps(
        {"shown_at": time.time(), "wording": wording_id, "nonce": uuid.uuid4().hex},
        salt=FORM_SALT,
    )


@dataclass(frozen=True)
class ShownForm:
    """What a genuine form token says about the page it came from."""

    seconds: float  # Since the form was first shown.
    wording_id: int | None
    nonce: uuid.UUID | None  # None in tokens signed before nonces existed.


def read_form_token(token):
    """
    The ShownForm the token describes, or None when the token is missing,
    forged or older than CONTACT_MAX_FILL_SECONDS.
    """
    try:
        payload = signing.loads(
            token or "", salt=FORM_SALT, max_age=settings.CONTACT_MAX_FILL_SECONDS
        )
    except signing.BadSignature:
        return None
    nonce = payload.get("nonce")
    return ShownForm(
        seconds=time.time() - payload["shown_at"],
        wording_id=payload["wording"],
        nonce=uuid.UUID(nonce) if nonce else None,
    )


def _usage(request, *, group, rate, increment):
    """
    django-ratelimit's count for the client, or None when the cache cannot
    count (Redis down).

    A cache outage fails open: the form keeps taking enquiries, still behind
    the honeypot, the minimum fill time, the form token's age limit and one
    enquiry per form page, rather than turning every visitor away. The
    warning names no client (IP addresses are personal data).
    """
    try:
        usage = get_usage(
            request,
            group=group,
            key=ratelimit_key,
            rate=rate,
            method=get_usage.ALL,
            increment=increment,
        )
    except Exception as error:  # Django's RedisCache raises when Redis is down.
        failure = type(error).__name__
    else:
        # A cache that fails silently (django-redis with IGNORE_EXCEPTIONS)
        # is reported by get_usage as a count with no time left.
        if usage is None or usage["time_left"] >= 0:
            return usage
        failure = "no answer"
    logger.warning(
        "Contact Us rate limit %s not counted, the cache failed (%s): let through",
        group,
        failure,
    )
    return None


def attempts_exceeded(request):
    """
    Count this post of the form. Seconds until the client may post again when
    it has posted more than CONTACT_ATTEMPT_LIMIT times (a brake on scripts,
    far above what a person correcting mistakes needs), else 0.
    """
    usage = _usage(
        request,
        group="contacts:contact-attempts",
        rate=settings.CONTACT_ATTEMPT_LIMIT,
        increment=True,
    )
    if usage and usage["should_limit"]:
        return max(usage["time_left"], 1)
    return 0


def sends_exhausted(request):
    """
    Seconds until the client may send another enquiry, or 0 when it may now:
    CONTACT_RATE_LIMIT counts accepted enquiries only (count_send), so a
    visitor's mistakes do not use up their allowance.
    """
    usage = _usage(
        request,
        group="contacts:contact",
        rate=settings.CONTACT_RATE_LIMIT,
        increment=False,
    )
    if usage and usage["count"] >= usage["limit"]:
        return max(usage["time_left"], 1)
    return 0


def count_send(request):
    """Count an accepted enquiry against CONTACT_RATE_LIMIT."""
    _usage(
        request,
        group="contacts:contact",
        rate=settings.CONTACT_RATE_LIMIT,
        increment=True,
    )
