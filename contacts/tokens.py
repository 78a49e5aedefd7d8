"""
Signed unsubscribe tokens for `/contact/unsubscribe/<token>/`.

A token names an enquiry, not an email address, so no personal data travels in
URLs (and so into access logs); the address it withdraws is that enquiry's.
Signed with SECRET_KEY and a salt of their own, tokens cannot be forged, nor
turned into a token for another address or for any other signed purpose.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "contacts.unsubscribe"


def make_unsubscribe_token(enquiry_id):
    return signing.dumps(enquiry_id, salt=SALT)


def read_unsubscribe_token(token):
    """The enquiry id the token was made for, or None when it is not genuine."""
    try:
        enquiry_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return enquiry_id if isinstance(enquiry_id, int) else None


def unsubscribe_url(enquiry_id):
    """Absolute, for emails and exports that leave the request cycle."""
    path = reverse(
        "contacts:unsubscribe", kwargs={"token": make_unsubscribe_token(enquiry_id)}
    )
    return settings.SITE_URL + path
