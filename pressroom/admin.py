"""The press-room admin, for comms staff: releases, tags and media contacts."""

import base64
import functools
import hashlib
import re

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname

from pressroom import services
from pressroom.forms import AttachmentField, PressImageField, PressRoomAdminForm
from pressroom.models import (
    PUBLISH_YEARS,
    MediaContact,
    Release,
    ReleaseAttachment,
    ReleaseImage,
    ReleaseMediaContact,
    Tag,
    language_codes,
)

UPLOAD_FIELDS = {
    models.ImageField: {"form_class": PressImageField},
    models.FileField: {"form_class": AttachmentField},
}


def thumbnail(picture, *, width=80):
    """A small preview from the stored list thumbnail; never reads the file."""
    rendition = picture and picture.renditions.get("thumb")
    if not rendition:
        return "—"
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}px" width="{}" height="{}" alt="" '
        'loading="lazy" class="pressroom-thumb">',
        rendition.src,
        rendition.srcset,
        width,
        width,
        round(width * rendition.height / rendition.width),
    )


def preview_url(release):
    try:
        return reverse("pressroom:preview", kwargs={"pk": release.pk})
    except NoReverseMatch:  # The public site is not wired (e.g. an admin-only test).
        return None


class ReleaseMediaContactInline(admin.TabularInline):
    form = PressRoomAdminForm
    model = ReleaseMediaContact
    fields = ["media_contact", "position"]
    autocomplete_fields = ["media_contact"]
    extra = 0
    verbose_name = _("media contact")
    verbose_name_plural = _("media contacts (in the order shown on the release)")


class ReleaseImageInline(TranslationTabularInline):
    form = PressRoomAdminForm
    model = ReleaseImage
    fields = ["preview", "image", "alt_text", "caption", "credit", "position"]
    readonly_fields = ["preview"]
    formfield_overrides = UPLOAD_FIELDS
    extra = 0

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj.picture, width=160) if obj.pk else "—"


class ReleaseAttachmentInline(TranslationTabularInline):
    form = PressRoomAdminForm
    model = ReleaseAttachment
    fields = ["title", "file", "file_details", "position"]
    readonly_fields = ["file_details"]
    formfield_overrides = UPLOAD_FIELDS
    extra = 0

    @admin.display(description=_("type and size"))
    def file_details(self, obj):
        if not obj.pk:
            return "—"
        return f"{obj.type_label}, {filesizeformat(obj.size)}"


def publish_year(value):
    """The year in a list's query string, if it is one a release can have.

    Anything else (year 0, 99999, "²") would make the date arithmetic behind
    the filter fail with a 500 (year 9999 ends in year 10000; year 1 in Hong
    Kong starts in year 0 in UTC). Refused, it is answered as Django's admin
    answers any lookup it cannot make: with the unfiltered list.
    """
    try:
        year = int(value)
    except ValueError:
        year = None
    if year not in PUBLISH_YEARS:
        raise IncorrectLookupParameters(f"No release can be dated {value!r}.")
    return year


class MissingLanguageFilter(admin.SimpleListFilter):
    """Releases still to be written in a language (no title in it)."""

    title = _("missing language")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(code, name) for code, name in settings.LANGUAGES]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in language_codes():
            # A hand-edited address: the unfiltered list, as for any lookup
            # the admin cannot make.
            raise IncorrectLookupParameters(f"No language {self.value()!r}.")
        return queryset.missing_language(self.value())


# How the release list marks each language: short, the same in every admin
# language, as a Hong Kong newsroom's staff write them; with the language tag
# that picks the right glyphs.
LANGUAGE_BADGES = {
    "en": ("EN", "en"),
    "zh-hant": ("繁", "zh-Hant"),
    "zh-hans": ("简", "zh-Hans"),
}


def language_badges(languages):
    """A badge per language, filled for those in `languages`, with words for
    screen readers ("Traditional Chinese: missing")."""
    badges = []
    for code, name in settings.LANGUAGES:
        present = code in languages
        badge, tag = LANGUAGE_BADGES.get(code, (code, code))
        badges.append(
            (
                "present" if present else "missing",
                tag,
                badge,
                name,
                _("written") if present else _("missing"),
            )
        )
    return format_html(
        '<span class="pressroom-languages">{}</span>',
        format_html_join(
            "",
            '<span class="pressroom-language pressroom-language--{}" lang="{}" '
            'aria-hidden="true">{}</span>'
            '<span class="visually-hidden">{}: {}. </span>',
            badges,
        ),
    )


class PublishYearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Release.objects.datetimes("publish_at", "year", order="DESC")
        return [(str(year.year), str(year.year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(publish_at__year=publish_year(self.value()))


@functools.cache
def body_editor_script_hash():
    """The CSP source of the body editor's inline import map: 'sha256-…'.

    Hashed from the widget's own rendering, so it follows the static files'
    URLs (fingerprinted in production) and the editor's version.
    """
    media = str(Release._meta.get_field("body").formfield().widget.media)
    importmap = re.search(r'<script type="importmap">(.*?)</script>', media, re.S)
    digest = hashlib.sha256(importmap.group(1).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def in_every_language(*fields):
    """Each translated field's columns (`title_en`, `title_zh_hant`…)."""
    return [
        build_localized_fieldname(field, code)
        for field in fields
        for code in language_codes()
    ]


@admin.register(Release)
class ReleaseAdmin(TranslationAdmin):
    form = PressRoomAdminForm
    list_display = [
        "list_thumbnail",
        "title",
        "language_list",
        "status_label",
        "publish_at",
        "tag_names",
        "preview_link",
    ]
    list_display_links = ["list_thumbnail", "title"]
    list_filter = ["status", MissingLanguageFilter, "tags", PublishYearFilter]
    date_hierarchy = "publish_at"
    # Every language's text, whatever the language of the admin.
    search_fields = [*in_every_language("title", "subtitle", "summary"), "slug"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags"]
    formfield_overrides = UPLOAD_FIELDS
    readonly_fields = [
        "hero_preview",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    # The release's text, a fieldset per language (get_fieldsets).
    text_fields = ["title", "subtitle", "dateline", "summary", "body"]
    fieldsets = [
        (
            _("Publishing"),
            {
                "fields": ["status", "publish_at", "slug"],
                "description": _(
                    "A release is on the site when its status is Published and its "
                    "publish time has come. Set a future time to schedule it."
                ),
            },
        ),
        (
            _("Hero image"),
            {
                "fields": [
                    "hero_preview",
                    "hero_image",
                    *in_every_language("hero_alt", "hero_caption"),
                    "hero_credit",
                ]
            },
        ),
        (_("Tags"), {"fields": ["tags"]}),
        (
            _("History"),
            {
                "fields": ["created_at", "created_by", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [ReleaseMediaContactInline, ReleaseImageInline, ReleaseAttachmentInline]
    actions = ["publish_now", "unpublish"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def get_fieldsets(self, request, obj=None):
        """The text in English, then in each Chinese script, one fieldset per
        language (plain fieldsets: modeltranslation's tabs need jQuery UI from
        a CDN, which the site's Content-Security-Policy refuses). A language
        the release is not written in yet starts folded away."""
        written = obj.languages if obj else [DEFAULT_LANGUAGE]
        by_language = [
            (
                name,
                {
                    "fields": [
                        build_localized_fieldname(field, code)
                        for field in self.text_fields
                    ],
                    "classes": [] if code in written else ["collapse"],
                    "description": None
                    if code == DEFAULT_LANGUAGE
                    else _(
                        "Optional. The release appears in this language once its "
                        "title is written here; a text left empty shows in English."
                    ),
                },
            )
            for code, name in settings.LANGUAGES
        ]
        return [*by_language, *self.fieldsets]

    def view_on_site(self, obj):
        # Only public releases have a page; the Preview button covers the rest.
        return obj.get_absolute_url() if obj.is_public else None

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def changeform_view(self, *args, **kwargs):
        # The rich-text editor declares its modules in an inline import map, which
        # the site's Content-Security-Policy refuses: allow exactly that script.
        # ProseMirror also sets inline styles as it edits (staff-only, low risk).
        allow_editor = csp_update(
            {
                "script-src": [SELF, body_editor_script_hash()],
                "style-src": [SELF, UNSAFE_INLINE],
            }
        )
        return allow_editor(super().changeform_view)(*args, **kwargs)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["preview_url"] = preview_url(obj) if obj and obj.pk else None
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    @admin.display(description=_("languages"))
    def language_list(self, obj):
        return language_badges(obj.languages)

    @admin.display(description=_("image"))
    def list_thumbnail(self, obj):
        return thumbnail(obj.picture) if obj.hero_image else "—"

    @admin.display(description=_("hero image preview"))
    def hero_preview(self, obj):
        return thumbnail(obj.picture, width=240) if obj.hero_image else "—"

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return format_html(
                '<span class="pressroom-status pressroom-status--scheduled">{}</span>',
                _("Scheduled"),
            )
        return format_html(
            '<span class="pressroom-status pressroom-status--{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )

    @admin.display(description=_("tags"))
    def tag_names(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        url = preview_url(obj)
        if not url:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Preview")
        )

    @admin.action(permissions=["change"], description=_("Publish now"))
    def publish_now(self, request, queryset):
        self._run_bulk(
            request,
            queryset,
            services.release_publish,
            log_message=_("Published now."),
            done=lambda n: ngettext(
                "%(count)d release published.", "%(count)d releases published.", n
            ),
        )

    @admin.action(permissions=["change"], description=_("Unpublish"))
    def unpublish(self, request, queryset):
        self._run_bulk(
            request,
            queryset,
            services.release_unpublish,
            log_message=_("Unpublished."),
            done=lambda n: ngettext(
                "%(count)d release unpublished.", "%(count)d releases unpublished.", n
            ),
        )

    def _run_bulk(self, request, queryset, service, *, log_message, done):
        changed, refused = 0, []
        for release in queryset:
            try:
                if not service(release=release, user=request.user):
                    continue
            except ValidationError as error:
                refused.append(f"“{release}”: {' '.join(error.messages)}")
                continue
            # Admin edits are logged by Django; bulk actions must log themselves
            # so the history shows who published or withdrew a release, and when.
            self.log_change(request, release, str(log_message))
            changed += 1
        self.message_user(request, done(changed) % {"count": changed})
        if refused:
            self.message_user(
                request,
                format_html(
                    "{}<ul>{}</ul>",
                    _("These releases were left unchanged:"),
                    format_html_join("", "<li>{}</li>", ((r,) for r in refused)),
                ),
                level=messages.WARNING,
            )


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    form = PressRoomAdminForm
    list_display = ["name", "slug", "release_count"]
    search_fields = [*in_every_language("name"), "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(release_count=Count("releases"))

    # Through the services, so the pages showing the tag are fetched afresh.
    def save_model(self, request, obj, form, change):
        services.tag_save(tag=obj)

    def delete_model(self, request, obj):
        services.tags_delete(tags=[obj])

    def delete_queryset(self, request, queryset):
        services.tags_delete(tags=queryset)

    @admin.display(description=_("releases"), ordering="release_count")
    def release_count(self, obj):
        return obj.release_count


@admin.register(MediaContact)
class MediaContactAdmin(TranslationAdmin):
    form = PressRoomAdminForm
    list_display = ["name", "role", "organisation", "email", "phone", "is_active"]
    list_filter = ["is_active", "organisation_en"]
    search_fields = ["name", "email", *in_every_language("organisation", "role")]

    # Through the services, so the release pages listing the contact are
    # fetched afresh.
    def save_model(self, request, obj, form, change):
        services.media_contact_save(media_contact=obj)

    def delete_model(self, request, obj):
        services.media_contacts_delete(media_contacts=[obj])

    def delete_queryset(self, request, queryset):
        services.media_contacts_delete(media_contacts=queryset)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        # A release's contact picker offers only contacts still in post.
        if request.GET.get("model_name") == "releasemediacontact":
            queryset = queryset.filter(is_active=True)
        return queryset, may_have_duplicates
