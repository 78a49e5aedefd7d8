"""
Contact Us: enquiries from visitors and the evidence of their marketing consent.

Consent is proven by `ConsentEvent` rows, never by a flag on the enquiry: each grant
or withdrawal is appended with the exact `ConsentWording` shown, where it came from
and when. A contact's current state is whatever their latest event says.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from pressroom.models import TranslatedModel
from pressroom.sanitiser import body_sanitiser


def visitor_language(language=None):
    """
    One of settings.LANGUAGES for `language` (by default the active one):
    what a visitor's enquiry, consent and emails are recorded in. "zh-hk" or
    "en-gb" from a browser become "zh-hant" or "en"; anything else English.
    """
    try:
        return translation.get_supported_language_variant(
            language or translation.get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        return settings.LANGUAGE_CODE


def html_language(language):
    """The BCP 47 tag for a `lang` attribute: "zh-hant" -> "zh-Hant"."""
    return translation.to_locale(language).replace("_", "-")


def language_field(**kwargs):
    """
    A language of settings.LANGUAGES. English in the database too (db_default),
    since everything stored before the site spoke Chinese was English and raw
    inserts (the benchmark's seeding) name no language.
    """
    return models.CharField(
        _("language"),
        max_length=7,
        choices=settings.LANGUAGES,
        **{"default": settings.LANGUAGE_CODE, "db_default": settings.LANGUAGE_CODE}
        | kwargs,
    )


class Purpose(models.TextChoices):
    DIRECT_MARKETING = "direct_marketing", _("Direct marketing")


class EnquiryTopicQuerySet(models.QuerySet):
    def offered(self):
        """Topics a visitor can still choose on the form."""
        return self.filter(is_retired=False)


class EnquiryTopic(TranslatedModel):
    """A subject visitors choose on the form, named in each language."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used by the export's --topic option."),
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first on the form.")
    )
    is_retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_(
            "Retired topics disappear from the form; enquiries about them are kept."
        ),
    )

    objects = EnquiryTopicQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("enquiry topic")
        verbose_name_plural = _("enquiry topics")

    def __str__(self):
        return self.name


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates would rewrite evidence behind the model's back."""

    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} rows are append-only.")

    update.queryset_only = True


class AppendOnlyModel(models.Model):
    """A row that is written once and never changed afterwards."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(
                f"{type(self).__name__} rows are append-only: record a new one instead."
            )
        super().save(*args, **kwargs)


class VersionedTextQuerySet(AppendOnlyQuerySet):
    """
    Reads of texts published in versions per language (consent wording,
    privacy statement): each language has its own run of versions, and the
    newest version of a language is what readers of that language see.
    """

    def _newest(self):
        newer = self.model.objects.filter(
            **{key: OuterRef(key) for key in self.model.VERSIONED_BY},
            version__gt=OuterRef("version"),
        )
        return self.filter(~Exists(newer))

    def current(self, language=None, **scope):
        """The newest version in `language` (default: English), or None."""
        return (
            self.filter(language=language or settings.LANGUAGE_CODE, **scope)
            .order_by("-version")
            .first()
        )

    def for_reader(self, language=None, **scope):
        """
        The newest version in the reader's language (default: the active
        one), or else the newest English one: one query. The caller compares
        its `language` with the reader's to say it is not in theirs.
        """
        language = visitor_language(language)
        return (
            self.filter(
                language__in={language, settings.LANGUAGE_CODE},
                **scope,
            )
            .order_by(
                Case(When(language=language, then=Value(0)), default=Value(1)),
                "-version",
            )
            .first()
        )

    def current_set(self, **scope):
        """{language: newest version} for the languages published so far."""
        return {text.language: text for text in self._newest().filter(**scope)}


def languages_behind(current_set):
    """
    Of a current_set(), the languages of settings.LANGUAGES whose newest
    version is missing or was published before the newest English one, as
    {language code: its newest version or None}: translations staff still
    have to publish.
    """
    english = current_set.get(settings.LANGUAGE_CODE)
    behind = {}
    for code, _name in settings.LANGUAGES:
        text = current_set.get(code)
        if code == settings.LANGUAGE_CODE:
            continue
        if text is None or (english and text.created_at < english.created_at):
            behind[code] = text
    return behind


class VersionedText(AppendOnlyModel):
    """A text published in versions, each language with its own versions."""

    # The fields one run of versions shares (a unique constraint with version).
    VERSIONED_BY = ("language",)

    language = language_field()
    version = models.PositiveIntegerField(_("version"), editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = VersionedTextQuerySet.as_manager()

    class Meta:
        abstract = True

    @staticmethod
    def digest(text):
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def html_language(self):
        return html_language(self.language)


class ConsentWordingQuerySet(VersionedTextQuerySet):
    """Versioned texts of one purpose (direct marketing unless named)."""

    def current(self, language=None, purpose=Purpose.DIRECT_MARKETING):
        return super().current(language, purpose=purpose)

    def for_reader(self, language=None, purpose=Purpose.DIRECT_MARKETING):
        return super().for_reader(language, purpose=purpose)

    def current_set(self, purpose=Purpose.DIRECT_MARKETING):
        return super().current_set(purpose=purpose)


class ConsentWording(VersionedText):
    """
    One version of the consent text shown beside the checkbox (PDPO s35C), in
    one language. Versions are numbered per purpose and language.
    """

    VERSIONED_BY = ("purpose", "language")

    purpose = models.CharField(
        _("purpose"),
        max_length=32,
        choices=Purpose.choices,
        default=Purpose.DIRECT_MARKETING,
    )
    text = models.TextField(
        _("wording"),
        max_length=4000,
        help_text=_(
            "Name the personal data used (name, email, phone, organisation), the "
            "kinds of marketing (events, programmes, newsletters) and how to opt out "
            "free of charge. Saving makes a new version; evidence already recorded "
            "keeps the wording it was given under."
        ),
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)

    objects = ConsentWordingQuerySet.as_manager()

    class Meta:
        ordering = ["purpose", "language", "-version"]
        verbose_name = _("consent wording")
        verbose_name_plural = _("consent wordings")
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "language", "version"],
                name="consent_wording_unique_version",
            ),
        ]

    def __str__(self):
        return _("%(purpose)s, %(language)s, version %(version)s") % {
            "purpose": self.get_purpose_display(),
            "language": self.get_language_display(),
            "version": self.version,
        }


# What the privacy statement's editor offers, and so all its sanitiser keeps.
PRIVACY_STATEMENT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "History": True,
}


class PrivacyStatement(VersionedText):
    """
    One version of the Personal Information Collection Statement (the
    /privacy/ page) in one language. Kept like consent wording: a visitor's
    evidence is dated, and the statement they could read then stays on record.
    """

    text = ProseEditorField(
        _("statement"),
        extensions=PRIVACY_STATEMENT_EXTENSIONS,
        sanitize=body_sanitiser(PRIVACY_STATEMENT_EXTENSIONS),
        help_text=_(
            "Say what personal data is collected and why, who may receive it, how "
            "long it is kept and how to ask for access or correction (PDPO, Data "
            "Protection Principle 1). Saving publishes a new version."
        ),
    )

    class Meta:
        ordering = ["language", "-version"]
        verbose_name = _("privacy statement")
        verbose_name_plural = _("privacy statements")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "version"],
                name="privacy_statement_unique_version",
            ),
        ]

    def __str__(self):
        return _("Privacy statement, %(language)s, version %(version)s") % {
            "language": self.get_language_display(),
            "version": self.version,
        }

    def save(self, *args, **kwargs):
        # Whatever path saved it (admin, migration, shell), what is stored is
        # the sanitised text, so what is stored is what is shown.
        self.text = self._meta.get_field("text").sanitize(self.text or "")
        super().save(*args, **kwargs)


class EnquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class ConsentState(models.TextChoices):
    GRANTED = "granted", _("Granted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def email_send_allowance():
    """
    How long a send of an enquiry's emails may take before it counts as failed.

    Each step of a send gives up after EMAIL_TIMEOUT; a send still unfinished
    five timeouts after it started was cut short (its worker killed, say), and
    will never record its outcome.
    """
    return datetime.timedelta(seconds=5 * settings.EMAIL_TIMEOUT)


class EnquiryQuerySet(models.QuerySet):
    def with_email_state(self):
        """
        Annotate `email_state`: the email status, with a send that started
        and never finished (still pending past email_send_allowance()) as
        failed. Worked out when the query runs, so no job has to mark them.
        """
        stuck = models.Q(
            email_status=EmailStatus.PENDING,
            email_attempted_at__lt=timezone.now() - email_send_allowance(),
        )
        return self.annotate(
            email_state=models.Case(
                models.When(stuck, then=models.Value(EmailStatus.FAILED)),
                default=models.F("email_status"),
                output_field=models.CharField(),
            )
        )

    def with_consent_state(self):
        """Annotate each enquiry with its email's current marketing consent."""
        latest = ConsentEvent.objects.filter(
            purpose=Purpose.DIRECT_MARKETING, email=OuterRef("email")
        ).order_by("-recorded_at", "-pk")
        return self.annotate(consent_state=models.Subquery(latest.values("action")[:1]))


class Enquiry(models.Model):
    name = models.CharField(
        translation.pgettext_lazy("a person's name", "name"), max_length=100
    )
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    topic = models.ForeignKey(
        EnquiryTopic,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="enquiries",
    )
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    source_url = models.CharField(_("source page"), max_length=500, blank=True)
    # The visitor's language: their acknowledgement and unsubscribe pages.
    language = language_field(editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # From the form's signed token: the page sent twice (a double click, a
    # reloaded "thank you" page) stores one enquiry, whichever request wins.
    form_nonce = models.UUIDField(
        _("form page"), null=True, blank=True, unique=True, editable=False
    )

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EnquiryStatus.choices,
        default=EnquiryStatus.NEW,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_enquiries",
    )
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("Seen by staff only; never sent to the visitor."),
    )

    email_status = models.CharField(
        _("email status"),
        max_length=20,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
        help_text=_("The staff notification and the visitor's acknowledgement."),
    )
    email_error = models.CharField(
        _("email error"),
        max_length=200,
        blank=True,
        help_text=_("The kind of failure of the last attempt, if it failed."),
    )
    # Stamped when a send starts and again when it ends: a pending enquiry
    # whose send started long ago was cut short (with_email_state()).
    email_attempted_at = models.DateTimeField(
        _("last email attempt"), null=True, blank=True
    )
    # One time per email, so a resend after a partial failure sends only the
    # one that did not go out (staff are not notified twice, nor the visitor).
    acknowledged_at = models.DateTimeField(
        _("acknowledgement sent at"), null=True, blank=True
    )
    staff_notified_at = models.DateTimeField(
        _("staff notification sent at"), null=True, blank=True
    )

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        permissions = [
            ("export_consented_contacts", _("Can export consented contacts")),
        ]
        indexes = [
            models.Index(fields=["email", "submitted_at"], name="enquiry_email_time"),
            models.Index(fields=["submitted_at"], name="enquiry_submitted_at"),
        ]

    def __str__(self):
        return self.subject


class ConsentEventQuerySet(AppendOnlyQuerySet):
    def latest_per_email(self, purpose=Purpose.DIRECT_MARKETING):
        """
        Each email's latest event for `purpose`, found in the database.

        An anti-join ("no later event for the same email") rather than a
        correlated ORDER BY ... LIMIT 1, so PostgreSQL can answer it for a
        million rows from the (purpose, email, recorded_at) index.
        """
        later = ConsentEvent.objects.filter(
            purpose=OuterRef("purpose"), email=OuterRef("email")
        ).filter(
            Q(recorded_at__gt=OuterRef("recorded_at"))
            | Q(recorded_at=OuterRef("recorded_at"), pk__gt=OuterRef("pk"))
        )
        return self.filter(purpose=purpose).filter(~Exists(later))

    def granted(self, purpose=Purpose.DIRECT_MARKETING):
        """The latest grant of each email whose consent stands now."""
        return self.latest_per_email(purpose).filter(action=ConsentState.GRANTED)

    def current_state(self, email, purpose=Purpose.DIRECT_MARKETING):
        latest = (
            self.filter(purpose=purpose, email=email)
            .order_by("-recorded_at", "-pk")
            .values_list("action", flat=True)
            .first()
        )
        return latest


class ConsentSource(models.TextChoices):
    CONTACT_FORM = "contact_form", _("Contact Us form")
    UNSUBSCRIBE_LINK = "unsubscribe_link", _("Unsubscribe link")
    PHONE = "phone", _("By phone, recorded by staff")
    LETTER = "letter", _("By letter, recorded by staff")
    STAFF_EMAIL = "staff_email", _("By email to staff, recorded by staff")


class ConsentEvent(AppendOnlyModel):
    """
    One grant or withdrawal of consent, kept as evidence and never edited.

    The email is copied here rather than read through the enquiry so evidence
    survives the enquiry's deletion under the retention policy.
    """

    email = models.EmailField(_("email"), max_length=254)
    purpose = models.CharField(
        _("purpose"),
        max_length=32,
        choices=Purpose.choices,
        default=Purpose.DIRECT_MARKETING,
    )
    action = models.CharField(_("action"), max_length=16, choices=ConsentState.choices)
    recorded_at = models.DateTimeField(
        _("recorded at"), default=timezone.now, help_text=_("Server clock.")
    )
    wording = models.ForeignKey(
        ConsentWording,
        verbose_name=_("wording shown"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    # The language of the page the visitor acted on (the wording's own is on
    # the wording: English when none was published in theirs). Empty for
    # withdrawals staff record (consent_withdraw); English for rows inserted
    # without one, as everything recorded before the site spoke Chinese.
    language = language_field(
        blank=True, help_text=_("The language of the page the visitor used.")
    )
    source = models.CharField(_("source"), max_length=32, choices=ConsentSource.choices)
    source_url = models.CharField(_("source URL"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    enquiry = models.ForeignKey(
        Enquiry,
        verbose_name=_("enquiry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consent_events",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The staff member who recorded it, for phone or letter."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = ConsentEventQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("consent event")
        verbose_name_plural = _("consent evidence")
        indexes = [
            models.Index(
                fields=["purpose", "email", "recorded_at"],
                name="consent_email_time",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action=ConsentState.GRANTED) | Q(wording__isnull=False),
                name="consent_grant_has_wording",
            ),
            models.CheckConstraint(
                condition=~Q(action=ConsentState.GRANTED) | ~Q(language=""),
                name="consent_grant_has_language",
            ),
        ]

    def __str__(self):
        return _("%(action)s on %(date)s") % {
            "action": self.get_action_display(),
            "date": timezone.localtime(self.recorded_at).strftime("%Y-%m-%d %H:%M"),
        }


class ExportVia(models.TextChoices):
    ADMIN_BUTTON = "admin_button", _("Admin download button")
    ADMIN_ACTION = "admin_action", _("Admin action on a selection")
    COMMAND = "command", _("Management command")


class ExportLog(models.Model):
    """Who exported consented contacts, when, how and how many rows."""

    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    exported_at = models.DateTimeField(_("exported at"), default=timezone.now)
    via = models.CharField(_("via"), max_length=20, choices=ExportVia.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(
        _("rows"),
        null=True,
        blank=True,
        help_text=_("Empty while the download is still running or if it broke off."),
    )

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")

    def __str__(self):
        return _("Export on %(date)s") % {
            "date": timezone.localtime(self.exported_at).strftime("%Y-%m-%d %H:%M")
        }
