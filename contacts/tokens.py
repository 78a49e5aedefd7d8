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
from django.utils.crypto import salted_hmac

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


def unsubscribe_token_maker():
    """
    `make_unsubscribe_token` for many enquiries at once, giving the very same
    tokens a few times faster.

    Signer derives its HMAC key from the salt and SECRET_KEY on every
    signature (salted_hmac); here the key is derived once and each token's
    HMAC starts from a copy of it. An enquiry id is an int, whose JSON (what
    sign_object() signs) is its digits, so no serializer is needed either.
    """
    signer = _signer()
    prepared = salted_hmac(
        signer.salt + "signer", b"", signer.key, algorithm=signer.algorithm
    )
    sep = signer.sep

    def make(enquiry_id):
        value = signing.b64_encode(b"%d" % enquiry_id)
        mac = prepared.copy()
        mac.update(value)
        return value.decode() + sep + signing.b64_encode(mac.digest()).decode()

    return make


def unsubscribe_url_builder():
    """
    A function from enquiry id to absolute unsubscribe URL (for emails and
    exports that leave the request cycle), resolving the URL pattern once so
    an export of a million rows does not reverse() a million times.
    """
    placeholder = "--token--"
    path = reverse("contacts:unsubscribe", kwargs={"token": placeholder})
    before, after = (settings.SITE_URL + path).rsplit(placeholder, 1)
    make_token = unsubscribe_token_maker()
    return lambda enquiry_id: before + make_token(enquiry_id) + after


def unsubscribe_url(enquiry_id):
    return unsubscribe_url_builder()(enquiry_id)
