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


def _signer():
    return signing.Signer(salt=SALT)


def make_unsubscribe_token(enquiry_id):
    return _signer().sign_object(enquiry_id)


def read_unsubscribe_token(token):
    """The enquiry id the token was made for, or None when it is not genuine."""
    try:
        enquiry_id = _signer().unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return enquiry_id if isinstance(enquiry_id, int) else None


def unsubscribe_url_builder():
    """
    A function from enquiry id to absolute unsubscribe URL (for emails and
    exports that leave the request cycle), resolving the URL pattern once so
    an export of a million rows does not reverse() a million times.
    """
    placeholder = "--token--"
    path = reverse("contacts:unsubscribe", kwargs={"token": placeholder})
    before, after = (settings.SITE_URL + path).rsplit(placeholder, 1)
    signer = _signer()
    return lambda enquiry_id: before + signer.sign_object(enquiry_id) + after


def unsubscribe_url(enquiry_id):
    return unsubscribe_url_builder()(enquiry_id)
