from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, ORDER_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from contacts import services
from contacts.export import export_consented_contacts
from contacts.forms import StaffWithdrawalForm
from contacts.models import (
    ConsentEvent,
    ConsentState,
    ConsentWording,
    EmailStatus,
    Enquiry,
    EnquiryTopic,
    ExportLog,
    ExportVia,
    PrivacyStatement,
    Purpose,
    languages_behind,
)
from pressroom.admin import in_every_language

EXPORT_PERMISSION = "contacts.export_consented_contacts"
SUBMITTED_FIELDS = [
    "submitted_at",
    "name",
    "email",
    "phone",
    "organisation",
    "topic",
    "subject",
    "message",
    "source_url",
    "language",
]
EMAIL_FIELDS = [
    "email_state",
    "email_failure",
    "email_attempted_at",
    "acknowledged_at",
    "staff_notified_at",
]


def csv_download(chunks, *, log):
    stamp = timezone.localtime(log.exported_at).strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="consented-contacts-{stamp}.csv"'
    )
    return response


def list_filters_described(changelist) -> dict[str, str]:
    """
    The change list's active filters, date drill-down and search as
    {title: choice}, e.g. {"topic": "Media enquiry"}: shown beside the export
    button and written to the export's audit log.
    """
    described = {}
    for spec in changelist.filter_specs:
        if not spec.used_parameters:
            continue
        chosen = [
            str(choice["display"])
            for choice in spec.choices(changelist)
            if choice["selected"]
        ]
        # A hand-made URL (say, a date range) matches none of the links.
        described[str(spec.title)] = ", ".join(chosen) or ", ".join(
            f"{key}={value}" for key, value in spec.used_parameters.items()
        )
    if changelist.date_hierarchy:
        field = changelist.date_hierarchy
        drilled = [
            changelist.params[f"{field}__{part}"]
            for part in ("year", "month", "day")
            if f"{field}__{part}" in changelist.params
        ]
        if drilled:
            title = str(changelist.model._meta.get_field(field).verbose_name)
            described[title] = " & ".join(
                filter(None, [described.get(title), "-".join(drilled)])
            )
    if changelist.query:
        described[str(_("search"))] = changelist.query
    return described


class ExactEmailSearchMixin:
    """
    A search term that is an email address finds that address exactly, on
    the model's email index; other words search `search_fields` as usual.

    Addresses are stored lower-cased, so lower-casing the term makes the match
    case-insensitive; a substring match on the address would instead scan
    every row (a million enquiries).
    """

    def get_search_results(self, request, queryset, search_term):
        email = search_term.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            return super().get_search_results(request, queryset, search_term)
        return self.email_search(queryset, email), False

    def email_search(self, queryset, email):
        return queryset.filter(email=email)


class ReadOnlyAdminMixin:
    """Evidence and audit rows: shown, never changed or deleted in the admin."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def possible_assignees(*, current=None):
    """
    Active staff who may handle enquiries, and whoever is assigned now.

    A plain choice rather than an autocomplete: the user autocomplete needs
    permission to view every user account, which handlers should not have
    just to pick a colleague. The current assignee stays a choice after they
    stop handling enquiries, so the enquiry can still be saved as it is.
    """
    handlers = (
        get_user_model()
        # Named, as with_perm() requires once a second backend (django-axes's
        # sign-in throttling) is configured; group permissions live here.
        .objects.with_perm(
            "contacts.change_enquiry",
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(is_active=True, is_staff=True)
    )
    return (
        get_user_model()
        .objects.filter(Q(pk__in=handlers.values("pk")) | Q(pk=current))
        .order_by("username")
    )


@admin.register(EnquiryTopic)
class EnquiryTopicAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position", "is_retired"]
    list_editable = ["position", "is_retired"]
    list_filter = ["is_retired"]
    search_fields = [*in_every_language("name"), "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ConsentStateFilter(admin.SimpleListFilter):
    title = _("marketing consent")
    parameter_name = "consent"
    NEVER_GIVEN = "none"

    def lookups(self, request, model_admin):
        return [
            (ConsentState.GRANTED, _("Granted")),
            (ConsentState.WITHDRAWN, _("Withdrawn")),
            (self.NEVER_GIVEN, _("Never given")),
        ]

    def queryset(self, request, queryset):
        # Semi- and anti-joins on the email rather than filtering on the
        # per-row annotation: the database works out each email's latest
        # event once instead of once per enquiry (seconds, not minutes, at 1M).
        latest = ConsentEvent.objects.latest_per_email()
        if self.value() == self.NEVER_GIVEN:
            return queryset.filter(
                ~Exists(ConsentEvent.objects.filter(email=OuterRef("email")))
            )
        if self.value() in ConsentState.values:
            return queryset.filter(
                email__in=latest.filter(action=self.value()).values("email")
            )
        return queryset


class EmailStateFilter(admin.SimpleListFilter):
    """Email status, counting a send that never finished as failed."""

    title = _("email status")
    parameter_name = "email_status"

    def lookups(self, request, model_admin):
        return EmailStatus.choices

    def queryset(self, request, queryset):
        if self.value() in EmailStatus.values:
            return queryset.filter(email_state=self.value())
        return queryset


@admin.register(Enquiry)
class EnquiryAdmin(ExactEmailSearchMixin, admin.ModelAdmin):
    list_display = [
        "submitted_at",
        "name",
        "email",
        "topic",
        "status",
        "consent",
        "email_state",
    ]
    list_filter = [
        "status",
        "topic",
        ConsentStateFilter,
        "language",
        "submitted_at",
        EmailStateFilter,
    ]
    list_select_related = ["topic"]
    # Email has its own exact search (get_search_results): a substring match
    # on it would scan every enquiry.
    search_fields = ["name", "organisation", "subject"]
    search_help_text = _(
        "An email address finds that address exactly; other words search the "
        "name, organisation and subject."
    )
    date_hierarchy = "submitted_at"
    actions = ["export_selected", "resend_emails"]
    fieldsets = [
        (_("Handling"), {"fields": ["status", "assignee", "internal_notes"]}),
        (_("Submitted"), {"fields": SUBMITTED_FIELDS}),
        (_("Marketing consent"), {"fields": ["consent_history"]}),
        (_("Emails"), {"fields": EMAIL_FIELDS}),
    ]
    # Staff handle an enquiry; what the visitor sent and what was sent back stay
    # as they were.
    readonly_fields = [*SUBMITTED_FIELDS, "consent_history", *EMAIL_FIELDS]

    def get_queryset(self, request):
        return super().get_queryset(request).with_consent_state().with_email_state()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "assignee" in form.base_fields:
            form.base_fields["assignee"].queryset = possible_assignees(
                current=obj.assignee_id if obj else None
            )
        return form

    def has_add_permission(self, request):
        return False  # Enquiries come from visitors, through the form.

    def has_delete_permission(self, request, obj=None):
        # A consenting contact's enquiry carries their unsubscribe link (in
        # emails and exports): deleting it would leave them no way to opt out.
        if obj is not None and obj.consent_state == ConsentState.GRANTED:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Bulk deletion of personal data is `purge_enquiries`, which keeps the
        # enquiries of contacts whose consent stands.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="contacts_enquiry_export",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        can_export = request.user.has_perm(EXPORT_PERMISSION)
        response = super().changelist_view(
            request, {**(extra_context or {}), "can_export": can_export}
        )
        changelist = getattr(response, "context_data", {}).get("cl")
        if can_export and changelist is not None:
            # The button exports what the list shows: same filters, same search.
            described = list_filters_described(changelist)
            response.context_data.update(
                export_query=(
                    changelist.get_query_string(remove=[ORDER_VAR]) if described else ""
                ),
                export_filters=described,
                # Only contacts whose consent stands are exported; a list
                # filtered to the others has nobody to export.
                nothing_to_export=request.GET.get(ConsentStateFilter.parameter_name)
                in (ConsentState.WITHDRAWN, ConsentStateFilter.NEVER_GIVEN),
            )
        return response

    @admin.display(description=_("email status"), ordering="email_state")
    def email_state(self, enquiry):
        return EmailStatus(enquiry.email_state).label

    @admin.display(description=_("email error"))
    def email_failure(self, enquiry):
        if enquiry.email_state != enquiry.email_status:
            return _(
                "The send started at %(started)s never finished: no answer from "
                "the mail server. Use “Send the emails again”."
            ) % {
                "started": timezone.localtime(enquiry.email_attempted_at).strftime(
                    "%Y-%m-%d %H:%M:%S"
                )
            }
        return enquiry.email_error or "—"

    @admin.display(description=_("consent"), ordering="consent_state")
    def consent(self, enquiry):
        if enquiry.consent_state is None:
            return "—"
        return ConsentState(enquiry.consent_state).label

    @admin.display(description=_("evidence for this email"))
    def consent_history(self, enquiry):
        events = ConsentEvent.objects.filter(
            purpose=Purpose.DIRECT_MARKETING, email=enquiry.email
        ).select_related("wording", "recorded_by")
        if not events:
            return _("No consent given or withdrawn.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td></tr>",
            (
                (
                    timezone.localtime(event.recorded_at).strftime("%Y-%m-%d %H:%M:%S"),
                    event.get_action_display(),
                    event.wording or "—",
                    event.get_language_display() or "—",
                    event.get_source_display(),
                    event.recorded_by or "",
                )
                for event in events
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
            "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("When"),
            _("Action"),
            _("Wording shown"),
            _("Visitor's language"),
            _("Source"),
            _("Recorded by"),
            rows,
        )

    def export_view(self, request):
        """The download behind the list's button, with the list's filters."""
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            # As the list itself does with a filter it cannot apply.
            return redirect(
                reverse("admin:contacts_enquiry_changelist") + f"?{ERROR_FLAG}=1"
            )
        described = list_filters_described(changelist)
        if described:
            log, chunks = export_consented_contacts(
                via=ExportVia.ADMIN_BUTTON,
                exported_by=request.user,
                enquiries=changelist.queryset,
                enquiries_chosen_by={
                    "enquiry_list": described,
                    "enquiry_list_query": changelist.get_query_string(
                        remove=[ORDER_VAR]
                    ),
                },
            )
        else:
            # The whole list: no subquery, and contacts whose enquiry is gone
            # but whose consent stands are exported too.
            log, chunks = export_consented_contacts(
                via=ExportVia.ADMIN_BUTTON, exported_by=request.user
            )
        return csv_download(chunks, log=log)

    @admin.action(
        description=_("Export consented contacts among the selected"),
        permissions=["export"],
    )
    def export_selected(self, request, queryset):
        log, chunks = export_consented_contacts(
            via=ExportVia.ADMIN_ACTION,
            exported_by=request.user,
            enquiries=queryset,
            enquiries_chosen_by={"selected_enquiries": queryset.count()},
        )
        return csv_download(chunks, log=log)

    def has_export_permission(self, request):
        return request.user.has_perm(EXPORT_PERMISSION)

    @admin.action(description=_("Send the emails again"), permissions=["change"])
    def resend_emails(self, request, queryset):
        # One connection for the whole selection: a mail server that does not
        # answer costs one EMAIL_TIMEOUT, not one per enquiry.
        connection = get_connection()
        try:
            connection.open()
        except Exception as error:  # Any transport failure; nothing is lost.
            self.message_user(
                request,
                _(
                    "The mail server could not be reached (%(failure)s), so "
                    "nothing was sent. Please try again later."
                )
                % {"failure": services.describe_send_failure(error)},
                messages.ERROR,
            )
            return None
        try:
            sent = sum(
                services.enquiry_send_emails(enquiry_id=pk, connection=connection)
                for pk in queryset.values_list("pk", flat=True)
            )
        finally:
            connection.close()
        failed = queryset.count() - sent
        if sent:
            self.message_user(
                request,
                ngettext(
                    "Emails sent for %(count)d enquiry.",
                    "Emails sent for %(count)d enquiries.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if failed:
            self.message_user(
                request,
                ngettext(
                    "Sending failed again for %(count)d enquiry.",
                    "Sending failed again for %(count)d enquiries.",
                    failed,
                )
                % {"count": failed},
                messages.ERROR,
            )


@admin.register(ConsentEvent)
class ConsentEventAdmin(ExactEmailSearchMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """
    Evidence is append-only: nothing here changes or deletes it. The add form
    records a withdrawal received by phone or letter, with who recorded it.
    """

    list_display = [
        "recorded_at",
        "email",
        "action",
        "purpose",
        "wording_version",
        "language",
        "source",
        "recorded_by",
    ]
    list_filter = ["action", "source", "purpose", "language", "recorded_at"]
    list_select_related = ["wording", "recorded_by"]
    # A whole address is matched exactly on the index (ExactEmailSearchMixin);
    # part of one still scans the evidence, which staff rarely need.
    search_fields = ["email"]
    search_help_text = _(
        "A whole email address finds its evidence at once; part of one "
        "searches every event."
    )
    date_hierarchy = "recorded_at"
    form = StaffWithdrawalForm

    def email_search(self, queryset, email):
        # Purpose leads the (purpose, email, recorded_at) index.
        return queryset.filter(purpose__in=Purpose.values, email=email)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "source", "note"]
        return [
            "email",
            "purpose",
            "action",
            "recorded_at",
            "language",
            "wording",
            "wording_language",
            "wording_text",
            "wording_sha256",
            "source",
            "source_url",
            "ip_address",
            "user_agent",
            "enquiry",
            "recorded_by",
            "note",
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else []

    @admin.display(description=_("wording version"), ordering="wording__version")
    def wording_version(self, event):
        if event.wording is None:
            return "—"
        return f"{event.wording.version} ({event.wording.get_language_display()})"

    @admin.display(description=_("language of the wording shown"))
    def wording_language(self, event):
        return event.wording.get_language_display() if event.wording else "—"

    @admin.display(description=_("exact wording shown"))
    def wording_text(self, event):
        if event.wording is None:
            return "—"
        return format_html(
            '<span lang="{}">{}</span>', event.wording.html_language, event.wording.text
        )

    @admin.display(description=_("wording SHA-256"))
    def wording_sha256(self, event):
        return event.wording.sha256 if event.wording else "—"

    def save_model(self, request, obj, form, change):
        event = services.consent_withdraw(
            email=form.cleaned_data["email"],
            source=form.cleaned_data["source"],
            note=form.cleaned_data["note"],
            recorded_by=request.user,
        )
        if event is None:
            self.message_user(
                request,
                _("No consent stands for that address; nothing was recorded."),
                messages.WARNING,
            )
        else:
            obj.pk, obj.action, obj.recorded_at = (
                event.pk,
                event.action,
                event.recorded_at,
            )

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)


class VersionedTextAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """
    Texts published in versions per language (consent wording, privacy
    statement). Published versions are never edited: "Add" starts from the
    current text of the language asked for (?language=zh-hant), and saving
    publishes that language's next version. The list says which languages of
    the current set are missing or older than the English version, so a new
    English text does not silently leave the Chinese ones behind.
    """

    list_display = ["language", "version", "standing", "created_at", "created_by"]
    list_filter = ["language"]
    list_select_related = ["created_by"]
    add_fields = ["language", "text"]
    detail_fields = ["language", "version", "text", "created_at", "created_by"]

    def get_queryset(self, request):
        model = self.model
        scope = [key for key in model.VERSIONED_BY if key != "language"]
        newer = model.objects.filter(
            **{key: OuterRef(key) for key in model.VERSIONED_BY},
            version__gt=OuterRef("version"),
        )
        english = model.objects.filter(
            **{key: OuterRef(key) for key in scope}, language=settings.LANGUAGE_CODE
        ).order_by("-version")
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_current=~Exists(newer),
                english_published_at=Subquery(english.values("created_at")[:1]),
            )
        )

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.detail_fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else []

    def get_changeform_initial_data(self, request):
        language = request.GET.get("language")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        # A language with no version yet starts from the English text, to
        # translate.
        current = self.model.objects.current(language) or self.model.objects.current(
            settings.LANGUAGE_CODE
        )
        return {"language": language, "text": current.text if current else ""}

    @admin.display(description=_("standing"))
    def standing(self, text):
        if not text.is_current:
            return _("Superseded")
        if (
            text.language != settings.LANGUAGE_CODE
            and text.english_published_at
            and text.created_at < text.english_published_at
        ):
            return _("Current, older than the English version")
        return _("Current")

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            self.warn_of_languages_behind(request)
        return super().changelist_view(request, extra_context)

    def warn_of_languages_behind(self, request):
        """One message per language missing or older than the English text."""
        languages = dict(settings.LANGUAGES)
        for code, text in languages_behind(self.model.objects.current_set()).items():
            add_url = (
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_add")
                + f"?language={code}"
            )
            if text is None:
                message = _(
                    "There is no %(language)s version yet: visitors reading "
                    "%(language)s are shown the English one."
                )
            else:
                message = _(
                    "The %(language)s version (version %(version)s) is older "
                    "than the current English version: publish a translation "
                    "of the English text."
                )
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    message
                    % {"language": languages[code], "version": text and text.version},
                    add_url,
                    _("Add it"),
                ),
                messages.WARNING,
            )


@admin.register(ConsentWording)
class ConsentWordingAdmin(VersionedTextAdmin):
    list_display = [
        "language",
        "version",
        "purpose",
        "standing",
        "created_at",
        "created_by",
        "short_sha256",
    ]
    list_filter = ["purpose", "language"]
    add_fields = ["purpose", "language", "text"]
    detail_fields = [
        "purpose",
        "language",
        "version",
        "text",
        "sha256",
        "created_at",
        "created_by",
    ]

    @admin.display(description=_("SHA-256"))
    def short_sha256(self, wording):
        return wording.sha256[:12] + "…"

    def save_model(self, request, obj, form, change):
        wording = services.consent_wording_create(
            text=form.cleaned_data["text"],
            language=form.cleaned_data["language"],
            purpose=form.cleaned_data["purpose"],
            created_by=request.user,
        )
        obj.pk, obj.version = wording.pk, wording.version


@admin.register(PrivacyStatement)
class PrivacyStatementAdmin(VersionedTextAdmin):
    detail_fields = ["language", "version", "statement", "created_at", "created_by"]

    @admin.display(description=_("statement as shown"))
    def statement(self, statement):
        # Sanitised when saved (PrivacyStatement.save), as the page shows it.
        return mark_safe(statement.text)

    def save_model(self, request, obj, form, change):
        statement = services.privacy_statement_create(
            text=form.cleaned_data["text"],
            language=form.cleaned_data["language"],
            created_by=request.user,
        )
        obj.pk, obj.version = statement.pk, statement.version


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["exported_at", "exported_by", "via", "filters", "row_count"]
    list_filter = ["via", "exported_at"]
    list_select_related = ["exported_by"]
    readonly_fields = ["exported_at", "exported_by", "via", "filters", "row_count"]

    def has_add_permission(self, request):
        return False
