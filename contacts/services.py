"""
Writes with rules for Contact Us. Views, the admin and management commands call
these, never the models' save() directly, so every path records the same evidence.
"""

import datetime
import hashlib
import logging
import uuid
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contacts.models import (
    ConsentEvent,
    ConsentSource,
    ConsentState,
    ConsentWording,
    EmailStatus,
    Enquiry,
    EnquiryTopic,
    PrivacyStatement,
    Purpose,
    html_language,
    visitor_language,
)
from contacts.tokens import unsubscribe_url

logger = logging.getLogger(__name__)


def _serialise(*key: str) -> None:
    """
    Make other transactions that serialise on the same key wait for this one
    to end (commit or roll back).

    Locking the latest existing row cannot do this: a transaction about to
    insert the next row finds nothing locked that the other is inserting.
    PostgreSQL's transaction-level advisory lock needs no row at all, and is
    released by the commit itself. SQLite lets one writer in at a time and
    refuses a write from a transaction whose reads are out of date, so a
    race there ends in an error, never in a duplicate: no lock is needed.
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b("\x1f".join(key).encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)",
            [int.from_bytes(digest, "big", signed=True)],
        )


def consent_wording_create(
    *,
    text: str,
    language: str = settings.LANGUAGE_CODE,
    created_by: AbstractBaseUser | None = None,
    purpose: str = Purpose.DIRECT_MARKETING,
) -> ConsentWording:
    """
    Publish a new version of the consent wording in `language`; older
    versions, and the other languages' wordings, stay as they are.
    """
    return _publish_version(
        ConsentWording(
            purpose=purpose,
            language=language,
            text=text,
            sha256=ConsentWording.digest(text),
            created_by=created_by,
        ),
        lock=("consent-wording", purpose, language),
        latest=lambda: ConsentWording.objects.current(language, purpose=purpose),
    )


def privacy_statement_create(
    *,
    text: str,
    language: str = settings.LANGUAGE_CODE,
    created_by: AbstractBaseUser | None = None,
) -> PrivacyStatement:
    """Publish a new version of the privacy statement in `language`."""
    return _publish_version(
        PrivacyStatement(language=language, text=text, created_by=created_by),
        lock=("privacy-statement", language),
        latest=lambda: PrivacyStatement.objects.current(language),
    )


def _publish_version(text, *, lock, latest):
    """
    Save `text` as the next version of its language (and purpose): `latest()`
    reads the newest one, under the advisory lock named by `lock`.
    """
    with transaction.atomic():
        # Two editors saving at once would otherwise both take the same next
        # number (and the unique constraint would refuse the second). The
        # latest version is read once the lock is held.
        _serialise(*lock)
        newest = latest()
        text.version = (newest.version + 1) if newest else 1
        text.full_clean()
        text.save()
    return text


def enquiry_submit(
    *,
    name: str,
    email: str,
    topic: EnquiryTopic,
    subject: str,
    message: str,
    phone: str = "",
    organisation: str = "",
    marketing_consent: bool = False,
    wording: ConsentWording | None = None,
    source: str = ConsentSource.CONTACT_FORM,
    source_url: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    send_emails: bool = True,
    form_nonce: uuid.UUID | None = None,
    language: str = settings.LANGUAGE_CODE,
) -> Enquiry:
    """
    Store an enquiry and, if the visitor opted in, the evidence of their consent.

    Both rows are written in one transaction: there is never an enquiry that
    says "consented" without its evidence, nor evidence without its enquiry.
    The emails go out only once that transaction has committed (imports and
    demo data pass send_emails=False).

    `form_nonce` names the form page it was sent from: the same page sent
    again (a double click, a resent page) stores nothing more and returns the
    enquiry stored the first time, even when both requests arrive at once.

    `language` is the visitor's (the page they used): the acknowledgement and
    unsubscribe pages speak it, and the consent evidence records it beside
    the wording shown.
    """
    if form_nonce is not None:
        stored = Enquiry.objects.filter(form_nonce=form_nonce).first()
        if stored is not None:
            logger.info(
                "Enquiry %s sent again from its form page: kept once", stored.pk
            )
            return stored
    with transaction.atomic():
        enquiry = Enquiry(
            name=name,
            # Lower-cased so a contact's consent events group by one address.
            email=email.strip().lower(),
            phone=phone,
            organisation=organisation,
            topic=topic,
            subject=subject,
            message=message,
            source_url=source_url[:500],
            form_nonce=form_nonce,
            language=visitor_language(language),
        )
        # The database's unique constraint decides a race on the nonce.
        enquiry.full_clean(exclude=["form_nonce"])
        try:
            with transaction.atomic():
                enquiry.save()
        except IntegrityError:
            # The other request from the same page committed first.
            if form_nonce is None:
                raise
            stored = Enquiry.objects.get(form_nonce=form_nonce)
            logger.info(
                "Enquiry %s sent again from its form page: kept once", stored.pk
            )
            return stored
        if marketing_consent:
            if wording is None:
                raise ValueError("A grant of consent needs the wording shown.")
            event = ConsentEvent(
                email=enquiry.email,
                action=ConsentState.GRANTED,
                recorded_at=enquiry.submitted_at,
                wording=wording,
                language=enquiry.language,
                source=source,
                source_url=source_url[:500],
                ip_address=ip_address,
                user_agent=user_agent[:500],
                enquiry=enquiry,
            )
            event.full_clean()
            event.save()
        if send_emails:
            transaction.on_commit(partial(enquiry_send_emails, enquiry_id=enquiry.pk))
    return enquiry


def enquiry_send_emails(
    *, enquiry_id: int, connection: BaseEmailBackend | None = None
) -> bool:
    """
    Send whichever of the visitor's acknowledgement and the staff notification
    has not gone out yet (over `connection`, an open one shared by several
    sends, if given; it is left open).

    Each is sent and recorded on its own: when one fails and the other goes
    out, the enquiry is marked failed and a resend (from the admin) sends only
    the missing one. A failure never loses the enquiry: it is logged by id only
    (an SMTP error can quote the address) and recorded on the enquiry for the
    admin. Returns whether everything due has now gone out.
    """
    enquiry = Enquiry.objects.select_related("topic").get(pk=enquiry_id)
    due = {}
    if enquiry.acknowledged_at is None:
        # In the visitor's language, with the unsubscribe link opening the
        # pages in it too (reverse() adds the language's URL prefix).
        with translation.override(enquiry.language):
            acknowledgement = _email(
                "contacts/email/acknowledgement",
                _email_context(enquiry),
                subject=_("We have received your enquiry: %(subject)s")
                % {"subject": enquiry.subject},
                to=[enquiry.email],
            )
        due["acknowledged_at"] = (_("acknowledgement"), acknowledgement)
    if enquiry.staff_notified_at is None and settings.CONTACT_NOTIFY_EMAILS:
        # Staff read the site's own language, whatever the visitor's.
        with translation.override(settings.LANGUAGE_CODE):
            notification = _email(
                "contacts/email/notification",
                _email_context(enquiry),
                subject=_("New enquiry #%(id)s: %(topic)s")
                % {"id": enquiry.pk, "topic": enquiry.topic},
                to=settings.CONTACT_NOTIFY_EMAILS,
                reply_to=[enquiry.email],
            )
        due["staff_notified_at"] = (_("staff notification"), notification)
    # Stamped before sending: should this send never finish (its worker killed
    # while a mail server stalls), the admin shows it failed once it is
    # overdue (Enquiry.objects.with_email_state()).
    Enquiry.objects.filter(pk=enquiry.pk).update(email_attempted_at=timezone.now())
    email_connection = connection or get_connection()
    sent_at, errors, unreachable = {}, [], None
    if due:
        try:
            # One connection for both emails: a mail server that does not
            # answer costs the visitor one EMAIL_TIMEOUT, not one per email.
            email_connection.open()
        except Exception as error:  # Any transport failure; the enquiry is kept.
            unreachable = error
    try:
        for field, (kind, message) in due.items():
            try:
                if unreachable is not None:
                    raise unreachable
                # A backend that swallows its errors reports 0 messages sent.
                if email_connection.send_messages([message]) != 1:
                    raise EmailNotSent
            except Exception as error:  # Any transport failure; the enquiry is kept.
                logger.warning(
                    "Email %s for enquiry %s failed: %s",
                    field.removesuffix("_at"),
                    enquiry.pk,
                    type(error).__name__,
                )
                errors.append(f"{kind}: {describe_send_failure(error)}")
            else:
                sent_at[field] = timezone.now()
    finally:
        if connection is None:
            email_connection.close()
    if errors:
        status, error_kind = EmailStatus.FAILED, "; ".join(errors)
    else:
        logger.info("Emails for enquiry %s sent", enquiry.pk)
        status, error_kind = EmailStatus.SENT, ""
    Enquiry.objects.filter(pk=enquiry.pk).update(
        email_status=status,
        email_error=error_kind[:200],
        email_attempted_at=timezone.now(),
        **sent_at,
    )
    return status == EmailStatus.SENT


def _email_context(enquiry):
    """The emails' context, its URLs in the active language."""
    return {
        "enquiry": enquiry,
        "html_language": html_language(translation.get_language()),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url(enquiry.pk),
        "admin_url": settings.SITE_URL
        + reverse("admin:contacts_enquiry_change", args=[enquiry.pk]),
    }


class EmailNotSent(Exception):
    """The backend accepted the call but reported that nothing was sent."""


def describe_send_failure(error: Exception) -> str:
    """
    The kind of a send's failure, for staff: the exception's name, or that
    the mail server did not answer in time (smtplib reports a timeout while
    waiting for a reply as a disconnection).
    """
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        return _("no answer from the mail server within %(seconds)s s") % {
            "seconds": settings.EMAIL_TIMEOUT
        }
    return type(error).__name__


def _email(template, context, *, subject, to, reply_to=None):
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.splitlines()),
        body=render_to_string(f"{template}.txt", context),
        to=to,
        reply_to=reply_to,
        # Mail clients and screen readers pick fonts and voices by it.
        headers={"Content-Language": context["html_language"]},
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    return message


def consent_withdraw(
    *,
    email: str,
    source: str,
    enquiry: Enquiry | None = None,
    recorded_by: AbstractBaseUser | None = None,
    note: str = "",
    source_url: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    purpose: str = Purpose.DIRECT_MARKETING,
    language: str = "",
) -> ConsentEvent | None:
    """
    Record that `email` withdrew consent, unless it stands withdrawn already.

    Idempotent so a replayed unsubscribe link or a second letter adds no
    confusing duplicate: returns the new event, or None if nothing changed.
    `language` is that of the page the contact used (none when staff record
    a letter or a call).
    """
    email = email.strip().lower()
    with transaction.atomic():
        # Two withdrawals of one address at once (a double click, a letter and
        # a link) would otherwise both find consent standing and both record.
        _serialise("consent-event", purpose, email)
        latest = (
            ConsentEvent.objects.filter(purpose=purpose, email=email)
            .order_by("-recorded_at", "-pk")
            .first()
        )
        if latest is None or latest.action == ConsentState.WITHDRAWN:
            return None
        event = ConsentEvent(
            email=latest.email,
            purpose=purpose,
            action=ConsentState.WITHDRAWN,
            language=language,
            source=source,
            source_url=source_url[:500],
            ip_address=ip_address,
            user_agent=user_agent[:500],
            enquiry=enquiry,
            recorded_by=recorded_by,
            note=note,
        )
        event.full_clean()
        event.save()
    logger.info("Consent withdrawn, event %s", event.pk)
    return event


def enquiries_purge(*, older_than_days: int, dry_run: bool = False) -> int:
    """
    Delete enquiries past the retention period whose sender's consent does not
    stand (never given, or withdrawn). Consent evidence is kept: it only loses
    its link to the enquiry. Returns how many enquiries were (or would be) deleted.
    """
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    doomed = (
        Enquiry.objects.with_consent_state()
        .filter(submitted_at__lt=cutoff)
        .filter(Q(consent_state__isnull=True) | Q(consent_state=ConsentState.WITHDRAWN))
    )
    count = doomed.count()
    if not dry_run and count:
        with transaction.atomic():
            Enquiry.objects.filter(pk__in=doomed.values("pk")).delete()
    logger.info(
        "Purge of enquiries older than %s days: %s %s",
        older_than_days,
        count,
        "would be deleted" if dry_run else "deleted",
    )
    return count
